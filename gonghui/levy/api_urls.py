"""Routes of the levy funds under /api/v1/orgs/<org_code>/levy/ (names start with api-levy-)."""

from gonghui.api.routes import routes_named

from . import api

route = routes_named("api-levy-")
arrival, receivable = "arrivals/<int:arrival_id>/", "receivables/<int:receivable_id>/"

urlpatterns = [
    route("", api.LevyViewSet, "summary", get="summary"),
    route("unions/", api.LevyViewSet, "unions", get="unions"),
    route("arrivals/", api.ArrivalViewSet, "arrivals", get="list", post="create"),
    route(arrival, api.ArrivalViewSet, "arrival", get="retrieve"),
    route(f"{arrival}transfer/", api.ArrivalViewSet, "transfer", post="transfer"),
    route("remittances/", api.RemittanceViewSet, "remittances", get="list", post="create"),
    route("receivables/", api.ReceivableViewSet, "receivables", get="list", post="create"),
    route(f"{receivable}collect/", api.ReceivableViewSet, "collect", post="collect"),
    route("reminders/", api.ReminderViewSet, "reminders", get="list", post="create"),
    route("split-rules/", api.SplitRuleViewSet, "split-rules", get="list", post="create"),
]
