"""Routes of budgets under /api/v1/orgs/<org_code>/budgets/ (names start with
api-budgets-). The URLs are contracts: each maps its methods to an action in api.py."""

from gonghui.api.routes import routes_named

from . import api

route = routes_named("api-budgets-")
one, B, INBOX = "documents/<int:budget_id>/", api.BudgetViewSet, api.InboxViewSet

urlpatterns = [
    route("documents/", B, "documents", get="list", post="create"),
    route(one, B, "document", get="retrieve", delete="destroy"),
    route(f"{one}lines/", B, "lines", put="lines"),
    *(
        route(f"{one}{verb.replace('_', '-')}/", B, verb.replace("_", "-"), post=verb)
        for verb in ("refresh", "approve", "review", "review_return", "submit")
    ),
    route("inbox/", INBOX, "inbox", get="list"),
    route("inbox/<int:budget_id>/", INBOX, "inbox-document", get="retrieve"),
    route("inbox/<int:budget_id>/ratify/", INBOX, "ratify", post="ratify"),
    route("inbox/<int:budget_id>/return/", INBOX, "return", post="send_back"),
    route("execution/<int:year>/", api.ExecutionViewSet, "execution", get="retrieve"),
]
