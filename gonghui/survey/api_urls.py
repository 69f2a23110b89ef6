"""Routes of this module under /api/v1/orgs/<org_code>/survey/ (names start with
api-survey-). The URLs are contracts: each maps its HTTP methods to an action."""

from gonghui.api.routes import routes_named

from .api import PeriodViewSet, ReportViewSet, ReviewViewSet

route = routes_named("api-survey-")
period = "periods/<int:period_id>/"
review = f"{period}reports/<int:report_id>/"
report = "reports/<int:report_id>/"

urlpatterns = [
    route("periods/", PeriodViewSet, "periods", get="list", post="create"),
    route(period, PeriodViewSet, "period", get="retrieve"),
    route(f"{period}compute/", PeriodViewSet, "period-compute", post="compute"),
    route(f"{period}board/", PeriodViewSet, "board", get="board"),
    route(f"{period}aggregate/", PeriodViewSet, "aggregate", get="aggregate"),
    route(f"{period}export/", PeriodViewSet, "export", get="export"),
    route(review, ReviewViewSet, "review", get="retrieve"),
    route(f"{review}return/", ReviewViewSet, "return", post="return_"),
    route(f"{review}accept/", ReviewViewSet, "accept", post="accept"),
    route("reports/", ReportViewSet, "reports", get="list"),
    route(report, ReportViewSet, "report", get="retrieve"),
    route(f"{report}compute/", ReportViewSet, "compute", post="compute"),
    route(f"{report}save/", ReportViewSet, "save", post="save"),
    route(f"{report}submit/", ReportViewSet, "submit", post="submit"),
    route(f"{report}export/", ReportViewSet, "report-export", get="export"),
]
