from django.urls import path

from . import views

app_name = "welfare"

urlpatterns = [
    path("", views.index, name="index"),
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/export.xlsx", views.case_export, name="case_export"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("cases/<int:case_id>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:case_id>/step/<str:case_step>/", views.case_step, name="case_step"),
    path("cases/<int:case_id>/household/", views.household_add, name="household_add"),
    path(
        "cases/<int:case_id>/household/<int:case_person_id>/leave/",
        views.household_leave,
        name="household_leave",
    ),
    path("cases/<int:case_id>/measures/", views.measure_add, name="measure_add"),
    path(
        "cases/<int:case_id>/measures/<int:case_measure_id>/done/",
        views.measure_done,
        name="measure_done",
    ),
    path("cases/<int:case_id>/reviews/", views.review_add, name="review_add"),
    path("cases/<int:case_id>/documents/", views.document_add, name="document_add"),
    path(
        "cases/<int:case_id>/documents/<int:case_document_id>/",
        views.document_download,
        name="document",
    ),
    path("visits/", views.visit_list, name="visits"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:visit_id>/", views.visit_detail, name="visit"),
    path("visits/<int:visit_id>/reverse/", views.visit_reverse, name="visit_reverse"),
    path("visits/<int:visit_id>/sign/", views.visit_sign, name="visit_sign"),
    path("people/<int:member_id>/", views.person, name="person"),
    path("batches/", views.batch_list, name="batches"),
    path("batches/new/", views.batch_create, name="batch_create"),
    path("batches/groups/", views.batch_groups, name="batch_groups"),
    path("batches/<int:visit_batch_id>/", views.batch_detail, name="batch"),
    path("batches/<int:visit_batch_id>/lines/", views.batch_line_add, name="batch_line_add"),
    path(
        "batches/<int:visit_batch_id>/lines/<int:batch_line_id>/",
        views.batch_line_edit,
        name="batch_line",
    ),
    path("batches/<int:visit_batch_id>/sheet.pdf", views.batch_sheet, name="batch_sheet"),
    path("batches/<int:visit_batch_id>/pay/", views.batch_pay, name="batch_pay"),
    path("reminders/", views.reminders, name="reminders"),
    path("sick-leave/", views.sick_leave_add, name="sick_leave_add"),
    path("sick-leave/<int:sick_leave_id>/end/", views.sick_leave_end, name="sick_leave_end"),
    path("reports/", views.report, name="report"),
    path("reports/export.xlsx", views.report_export, name="report_export"),
    path("rules/", views.rules_page, name="rules"),
    path("rules/lines/", views.region_line_add, name="region_line_add"),
    path("rules/settings/", views.settings_save, name="settings_save"),
]
