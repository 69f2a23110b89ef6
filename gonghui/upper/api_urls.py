"""Routes under /api/v1/orgs/<org_code>/upper/ (names api-upper-…), spelled out: contracts."""

from gonghui.api.routes import routes_named

from . import api

route, F = routes_named("api-upper-"), api.FinanceRollupViewSet
urlpatterns = [
    route("finance/<int:year>/statements/", F, "finance-statements", get="statements"),
    route("finance/<int:year>/unions/", F, "finance-unions", get="unions"),
    route("unions/<int:year>/", api.UnionsRollupViewSet, "unions", get="figures"),
    route("unions/<int:year>/refresh/", api.UnionsRollupViewSet, "unions-refresh", post="refresh"),
]
