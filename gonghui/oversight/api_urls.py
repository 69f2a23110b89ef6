"""Routes of the audit committee under /api/v1/orgs/<org_code>/oversight/ (names start
with api-oversight-). The URLs are contracts: each maps its methods to an action in api.py."""

from gonghui.api.routes import routes_named

from .api import FindingViewSet, ReviewViewSet, WorkspaceViewSet

route = routes_named("api-oversight-")
review, finding = "reviews/<int:review_id>/", "findings/<int:finding_id>/"
R, F, W = ReviewViewSet, FindingViewSet, WorkspaceViewSet

urlpatterns = [
    route("reviews/", R, "reviews", get="list", post="create"),
    route(review, R, "review", get="retrieve", patch="partial_update"),
    route(f"{review}opinion/", R, "opinion", post="opinion"),
    route(f"{review}sign/", R, "sign", post="sign"),
    route(f"{review}pdf/", R, "pdf", get="pdf"),
    route(f"{review}findings/", R, "review-findings", post="finding_add"),
    route("findings/", F, "findings", get="list"),
    route(finding, F, "finding", get="retrieve"),
    route(f"{finding}rectify/", F, "rectify", post="rectify"),
    route(f"{finding}recheck/", F, "recheck", post="recheck"),
    route("waiting/", W, "waiting", get="waiting"),
    route("overrides/<int:year>/", W, "overrides", get="overrides"),
    route("report/<int:year>/", W, "report", get="report"),
    route("report/<int:year>/text/", W, "report-text", get="report_text", put="report_text_save"),
    route("settings/", W, "settings", get="settings_read", put="settings_update"),
]
