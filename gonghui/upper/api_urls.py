"""Routes of the roll-ups under /api/v1/orgs/<org_code>/upper/ (names start with
api-upper-). The URLs are contracts: each maps its methods to an action in api.py."""

from gonghui.api.routes import routes_named

from . import api

route = routes_named("api-upper-")
F = api.FinanceRollupViewSet

urlpatterns = [
    route("finance/<int:year>/statements/", F, "finance-statements", get="statements"),
    route("finance/<int:year>/unions/", F, "finance-unions", get="unions"),
]
