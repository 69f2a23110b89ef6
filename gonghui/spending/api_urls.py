"""Routes of the spending rules under /api/v1/orgs/<org_code>/spending/ (names start with
api-spending-)."""

from gonghui.api.routes import routes_named

from .api import SpendingOverrideViewSet, SpendingPresetViewSet, SpendingRuleViewSet

route = routes_named("api-spending-")
R = SpendingRuleViewSet

urlpatterns = [
    route("rules/", R, "rules", get="list", post="create"),
    route("rules/history/", R, "history", get="history"),
    route("rules/<int:rule_id>/", R, "rule", get="retrieve"),
    route("rules/<int:rule_id>/end/", R, "end", post="end"),
    route("presets/", SpendingPresetViewSet, "presets", get="list"),
    route("presets/adopt/", SpendingPresetViewSet, "adopt", post="adopt"),
    route("overrides/", SpendingOverrideViewSet, "overrides", get="list"),
]
