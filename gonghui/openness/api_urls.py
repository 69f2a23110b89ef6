"""Routes of this module under /api/v1/orgs/<org_code>/openness/ (names start with api-openness-)."""

from django.urls import path

from . import api

urlpatterns = [
    path("notices/", api.NoticeListAPI.as_view(), name="api-openness-notices"),
    path("notices/<int:notice_id>/", api.NoticeAPI.as_view(), name="api-openness-notice"),
    path("notices/<int:notice_id>/approve/", api.ApproveAPI.as_view(), name="api-openness-approve"),
    path("notices/<int:notice_id>/publish/", api.PublishAPI.as_view(), name="api-openness-publish"),
    path(
        "notices/<int:notice_id>/withdraw/",
        api.WithdrawAPI.as_view(),
        name="api-openness-withdraw",
    ),
    path("notices/<int:notice_id>/files/", api.FileListAPI.as_view(), name="api-openness-files"),
    path(
        "notices/<int:notice_id>/files/<int:notice_file_id>/",
        api.FileAPI.as_view(),
        name="api-openness-file",
    ),
    path(
        "notices/<int:notice_id>/questions/",
        api.NoticeQuestionsAPI.as_view(),
        name="api-openness-notice-questions",
    ),
    path("questions/", api.QuestionListAPI.as_view(), name="api-openness-questions"),
    path(
        "questions/<int:question_id>/answer/",
        api.AnswerAPI.as_view(),
        name="api-openness-answer",
    ),
    path("due/", api.DueAPI.as_view(), name="api-openness-due"),
    path("items/", api.ItemListAPI.as_view(), name="api-openness-items"),
    path("items/toggle/", api.ItemToggleAPI.as_view(), name="api-openness-item-toggle"),
    path("settings/", api.SettingsAPI.as_view(), name="api-openness-settings"),
    path("report/<int:year>/", api.ReportAPI.as_view(), name="api-openness-report"),
    path(
        "report/<int:year>/export/<str:fmt>/",
        api.ReportExportAPI.as_view(),
        name="api-openness-report-export",
    ),
]
