from django.urls import path

from . import views, views_summary

app_name = "plans"

urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.plan_import, name="import"),
    path("calendar/", views.calendar_view, name="calendar"),
    path("<int:plan_id>/", views.plan_detail, name="plan"),
    path("<int:plan_id>/source/", views.plan_source, name="source"),
    path("<int:plan_id>/sections/", views.section_add, name="section_add"),
    path("<int:plan_id>/tasks/", views.task_add, name="task_add"),
    path("<int:plan_id>/tasks/bulk/", views.tasks_bulk, name="tasks_bulk"),
    path("<int:plan_id>/draft-next-year/", views.plan_draft_next_year, name="plan_draft_next_year"),
    path("<int:plan_id>/<str:action>/", views.plan_action, name="plan_action"),
    path("sections/<int:section_id>/", views.section_edit, name="section_edit"),
    path("tasks/<int:task_id>/", views.task_detail, name="task"),
    path("tasks/<int:task_id>/split/", views.task_split, name="task_split"),
    path("tasks/<int:task_id>/status/", views.task_status, name="task_status"),
    path("tasks/<int:task_id>/records/", views.record_add, name="record_add"),
    path("tasks/<int:task_id>/move/<str:direction>/", views.task_move, name="task_move"),
    path("evidence/link/", views.evidence_link, name="evidence_link"),
    path("evidence/<int:evidence_id>/unlink/", views.evidence_unlink, name="evidence_unlink"),
    path("records/<int:record_id>/", views.record_detail, name="record"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("summary/<int:year>/", views_summary.summary, name="summary"),
    path("summary/<int:year>/generate/", views_summary.summary_generate, name="summary_generate"),
    path(
        "summary/<int:year>/summary.<str:fmt>", views_summary.summary_export, name="summary_export"
    ),
]
