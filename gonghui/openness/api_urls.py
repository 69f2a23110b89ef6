"""Routes of this module under /api/v1/orgs/<org_code>/openness/ (names start with api-openness-).

The URLs are contracts: each maps its HTTP methods to an action of a resource in api.py.
"""

from gonghui.api.routes import routes_named

from .api import NoticeFileViewSet, NoticeViewSet, QuestionViewSet, UnitViewSet
from .views_finance import FinanceViewSet

route = routes_named("api-openness-")
notice, report = "notices/<int:notice_id>/", "report/<int:year>/"
attachment = f"{notice}files/<int:notice_file_id>/"
ONE = {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}

urlpatterns = [
    route("notices/", NoticeViewSet, "notices", get="list", post="create"),
    route(notice, NoticeViewSet, "notice", **ONE),
    route(f"{notice}approve/", NoticeViewSet, "approve", post="approve"),
    route(f"{notice}publish/", NoticeViewSet, "publish", post="publish"),
    route(f"{notice}withdraw/", NoticeViewSet, "withdraw", post="withdraw"),
    route(f"{notice}files/", NoticeFileViewSet, "files", get="list", post="create"),
    route(attachment, NoticeFileViewSet, "file", get="retrieve", delete="destroy"),
    route(f"{notice}questions/", QuestionViewSet, "notice-questions", get="of_notice", post="ask"),
    route("questions/", QuestionViewSet, "questions", get="list"),
    route("questions/<int:question_id>/answer/", QuestionViewSet, "answer", post="answer"),
    route("due/", UnitViewSet, "due", get="due"),
    route("items/", UnitViewSet, "items", get="items", post="item_add"),
    route("items/toggle/", UnitViewSet, "item-toggle", post="item_toggle"),
    route("settings/", UnitViewSet, "settings", get="settings_read", patch="settings_update"),
    route(report, UnitViewSet, "report", get="report"),
    route(f"{report}export/<str:fmt>/", UnitViewSet, "report-export", get="report_export"),
    route("finance/", FinanceViewSet, "finance", get="list"),
    route("finance/publish/", FinanceViewSet, "finance-publish", post="publish"),
    route(
        "finance/<int:year>/<str:period>/report/", FinanceViewSet, "finance-report", get="report"
    ),
]
