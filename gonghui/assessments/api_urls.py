"""Routes of this module under /api/v1/orgs/<org_code>/assessments/ (names start with
api-assessments-). The URLs are contracts: each maps its HTTP methods to an action."""

from gonghui.api.routes import routes_named

from .api import EvidenceViewSet, MineViewSet, ReviewViewSet, SchemeViewSet

route = routes_named("api-assessments-")
one = "schemes/<int:assessment_scheme_id>/"
union = f"{one}unions/<int:assessment_id>/"
mine = "mine/<int:assessment_id>/"

urlpatterns = [
    route("schemes/", SchemeViewSet, "schemes", get="list", post="create"),
    route(one, SchemeViewSet, "scheme", get="retrieve", patch="partial_update", delete="destroy"),
    route(f"{one}publish/", SchemeViewSet, "publish", post="publish"),
    route(f"{one}close/", SchemeViewSet, "close", post="close"),
    route(f"{one}unions/", SchemeViewSet, "board", get="board"),
    route(f"{one}results/", SchemeViewSet, "results", get="results"),
    route(f"{one}export/", SchemeViewSet, "export", get="export"),
    route("years/<int:year>/results/", SchemeViewSet, "year-results", get="year_results"),
    route(union, ReviewViewSet, "review", get="retrieve"),
    route(f"{union}return/", ReviewViewSet, "return", post="return_"),
    route(f"{union}score/", ReviewViewSet, "score", post="score"),
    route("mine/", MineViewSet, "mine", get="list"),
    route(mine, MineViewSet, "mine-one", get="retrieve"),
    route(f"{mine}self-score/", MineViewSet, "self-score", post="self_score"),
    route(f"{mine}submit/", MineViewSet, "submit", post="submit"),
    route(f"{mine}evidence/", EvidenceViewSet, "evidence", post="create"),
    route(
        f"{mine}evidence/<int:assessment_evidence_id>/",
        EvidenceViewSet,
        "evidence-one",
        get="retrieve",
        delete="destroy",
    ),
]
