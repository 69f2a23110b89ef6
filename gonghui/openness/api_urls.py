"""Routes of this module under /api/v1/orgs/<org_code>/openness/ (names start with api-openness-).

The URLs are contracts: each maps its HTTP methods to an action of a resource in api.py.
"""

from django.urls import path

from .api import NoticeFileViewSet, NoticeViewSet, QuestionViewSet, UnitViewSet

notice = "notices/<int:notice_id>/"

urlpatterns = [
    path(
        "notices/",
        NoticeViewSet.as_view({"get": "list", "post": "create"}),
        name="api-openness-notices",
    ),
    path(
        notice,
        NoticeViewSet.as_view({"get": "retrieve", "patch": "partial_update", "delete": "destroy"}),
        name="api-openness-notice",
    ),
    path(
        f"{notice}approve/", NoticeViewSet.as_view({"post": "approve"}), name="api-openness-approve"
    ),
    path(
        f"{notice}publish/", NoticeViewSet.as_view({"post": "publish"}), name="api-openness-publish"
    ),
    path(
        f"{notice}withdraw/",
        NoticeViewSet.as_view({"post": "withdraw"}),
        name="api-openness-withdraw",
    ),
    path(
        f"{notice}files/",
        NoticeFileViewSet.as_view({"get": "list", "post": "create"}),
        name="api-openness-files",
    ),
    path(
        f"{notice}files/<int:notice_file_id>/",
        NoticeFileViewSet.as_view({"get": "retrieve", "delete": "destroy"}),
        name="api-openness-file",
    ),
    path(
        f"{notice}questions/",
        QuestionViewSet.as_view({"get": "of_notice", "post": "ask"}),
        name="api-openness-notice-questions",
    ),
    path("questions/", QuestionViewSet.as_view({"get": "list"}), name="api-openness-questions"),
    path(
        "questions/<int:question_id>/answer/",
        QuestionViewSet.as_view({"post": "answer"}),
        name="api-openness-answer",
    ),
    path("due/", UnitViewSet.as_view({"get": "due"}), name="api-openness-due"),
    path(
        "items/",
        UnitViewSet.as_view({"get": "items", "post": "item_add"}),
        name="api-openness-items",
    ),
    path(
        "items/toggle/",
        UnitViewSet.as_view({"post": "item_toggle"}),
        name="api-openness-item-toggle",
    ),
    path(
        "settings/",
        UnitViewSet.as_view({"get": "settings_read", "patch": "settings_update"}),
        name="api-openness-settings",
    ),
    path("report/<int:year>/", UnitViewSet.as_view({"get": "report"}), name="api-openness-report"),
    path(
        "report/<int:year>/export/<str:fmt>/",
        UnitViewSet.as_view({"get": "report_export"}),
        name="api-openness-report-export",
    ),
]
