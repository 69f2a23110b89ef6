"""Routes of the work plan under /api/v1/orgs/<org_code>/plans/ (names start with api-plans-)."""

from django.urls import path

from . import api, summary_api

urlpatterns = [
    path("", api.PlanListAPI.as_view(), name="api-plans"),
    path("calendar/", api.CalendarAPI.as_view(), name="api-plans-calendar"),
    path("due/", api.DueAPI.as_view(), name="api-plans-due"),
    path("evidence-kinds/", api.EvidenceKindsAPI.as_view(), name="api-plans-evidence-kinds"),
    path("<int:plan_id>/", api.PlanAPI.as_view(), name="api-plans-plan"),
    path("<int:plan_id>/accept/", api.PlanAcceptAPI.as_view(), name="api-plans-accept"),
    path("<int:plan_id>/archive/", api.PlanArchiveAPI.as_view(), name="api-plans-archive"),
    path("<int:plan_id>/sections/", api.SectionListAPI.as_view(), name="api-plans-sections"),
    path("<int:plan_id>/tasks/", api.TaskListAPI.as_view(), name="api-plans-tasks"),
    path("sections/<int:section_id>/", api.SectionAPI.as_view(), name="api-plans-section"),
    path("tasks/merge/", api.TaskMergeAPI.as_view(), name="api-plans-tasks-merge"),
    path("tasks/<int:task_id>/", api.TaskAPI.as_view(), name="api-plans-task"),
    path("tasks/<int:task_id>/split/", api.TaskSplitAPI.as_view(), name="api-plans-task-split"),
    path("tasks/<int:task_id>/move/", api.TaskMoveAPI.as_view(), name="api-plans-task-move"),
    path("tasks/<int:task_id>/status/", api.TaskStatusAPI.as_view(), name="api-plans-task-status"),
    path("tasks/<int:task_id>/evidence/", api.TaskEvidenceAPI.as_view(), name="api-plans-evidence"),
    path("tasks/<int:task_id>/records/", api.RecordListAPI.as_view(), name="api-plans-records"),
    path("evidence/<int:evidence_id>/", api.EvidenceAPI.as_view(), name="api-plans-evidence-item"),
    path("records/<int:record_id>/", api.RecordAPI.as_view(), name="api-plans-record"),
    path("summary/<int:year>/", summary_api.SummaryAPI.as_view(), name="api-plans-summary"),
    path(
        "summary/<int:year>/generate/",
        summary_api.SummaryGenerateAPI.as_view(),
        name="api-plans-summary-generate",
    ),
    path(
        "summary/<int:year>/export/",
        summary_api.SummaryExportAPI.as_view(),
        name="api-plans-summary-export",
    ),
    path(
        "attachments/<int:attachment_id>/",
        api.AttachmentAPI.as_view(),
        name="api-plans-attachment",
    ),
]
