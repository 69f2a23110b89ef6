"""Routes of this module under /api/v1/orgs/<org_code>/awards/ (names start with
api-awards-). The URLs are contracts: each maps its HTTP methods to an action."""

from gonghui.api.routes import routes_named

from .api import (
    CallViewSet,
    MemberFileViewSet,
    MyNominationViewSet,
    MyObjectionViewSet,
    MyTitleViewSet,
    NominationViewSet,
    ObjectionViewSet,
    RoundViewSet,
    TitleViewSet,
)

route = routes_named("api-awards-")
one = "rounds/<int:award_round_id>/"
nom = f"{one}nominations/<int:nomination_id>/"
call = "calls/<int:award_round_id>/"

urlpatterns = [
    route("rounds/", RoundViewSet, "rounds", get="list", post="create"),
    route(one, RoundViewSet, "round", get="retrieve", patch="partial_update", delete="destroy"),
    route(f"{one}open/", RoundViewSet, "open", post="open_"),
    route(f"{one}close-nominations/", RoundViewSet, "close-nominations", post="close_nominations"),
    route(f"{one}publicise/", RoundViewSet, "publicise", post="publicise"),
    route(f"{one}decide/", RoundViewSet, "decide", post="decide"),
    route(f"{one}close/", RoundViewSet, "close", post="close"),
    route(f"{one}export/", RoundViewSet, "export", get="export"),
    route(f"{one}decision/", RoundViewSet, "decision", get="decision"),
    route(f"{one}certificates/", RoundViewSet, "certificates", get="certificates"),
    route(f"{one}nominations/", NominationViewSet, "nominations", get="list"),
    route(nom, NominationViewSet, "nomination", get="retrieve"),
    route(f"{nom}review/", NominationViewSet, "review", post="review"),
    route(f"{nom}withdraw/", NominationViewSet, "withdraw", post="withdraw"),
    route(f"{nom}files/", NominationViewSet, "attach", post="attach"),
    route(f"{nom}files/<int:nomination_file_id>/", NominationViewSet, "file", get="file"),
    route(f"{one}objections/", ObjectionViewSet, "objections", get="list"),
    route(f"{one}objections/<int:objection_id>/answer/", ObjectionViewSet, "answer", post="answer"),
    route("titles/", TitleViewSet, "titles", get="list", post="create"),
    route("titles/<int:title_held_id>/", TitleViewSet, "title", delete="destroy"),
    route("calls/", CallViewSet, "calls", get="list"),
    route(call, CallViewSet, "call", get="retrieve"),
    route(f"{call}nominate/", CallViewSet, "nominate", post="nominate"),
    route(f"{call}names/", CallViewSet, "names", get="names"),
    route(f"{call}names/<int:nomination_id>/object/", CallViewSet, "object", post="object"),
    route("mine/nominations/", MyNominationViewSet, "my-nominations", get="list"),
    route(
        "mine/nominations/<int:nomination_id>/withdraw/",
        MyNominationViewSet,
        "my-withdraw",
        post="withdraw",
    ),
    route("mine/objections/", MyObjectionViewSet, "my-objections", get="list"),
    route("mine/titles/", MyTitleViewSet, "my-titles", get="list"),
    route("files/<int:nomination_file_id>/", MemberFileViewSet, "member-file", get="retrieve"),
]
