"""Routes of this module under /api/v1/orgs/<org_code>/welfare/ (names start with api-welfare-)."""

from django.urls import path

from . import api

C = "cases/<int:case_id>/"
B = "batches/<int:visit_batch_id>/"
V = "visits/<int:visit_id>/"

urlpatterns = [
    path("cases/", api.CaseListAPI.as_view(), name="api-welfare-cases"),
    path("cases/export.xlsx", api.CaseExportAPI.as_view(), name="api-welfare-case-export"),
    path(C, api.CaseAPI.as_view(), name="api-welfare-case"),
    path(C + "step/<str:case_step>/", api.CaseStepAPI.as_view(), name="api-welfare-case-step"),
    path(C + "household/", api.HouseholdAPI.as_view(), name="api-welfare-household"),
    path(
        C + "household/<int:case_person_id>/leave/",
        api.HouseholdLeaveAPI.as_view(),
        name="api-welfare-household-leave",
    ),
    path(C + "measures/", api.MeasureAPI.as_view(), name="api-welfare-measures"),
    path(
        C + "measures/<int:case_measure_id>/done/",
        api.MeasureDoneAPI.as_view(),
        name="api-welfare-measure-done",
    ),
    path(C + "reviews/", api.ReviewAPI.as_view(), name="api-welfare-reviews"),
    path(C + "documents/", api.DocumentListAPI.as_view(), name="api-welfare-documents"),
    path(
        C + "documents/<int:case_document_id>/",
        api.DocumentAPI.as_view(),
        name="api-welfare-document",
    ),
    path("visits/", api.VisitListAPI.as_view(), name="api-welfare-visits"),
    path(V, api.VisitAPI.as_view(), name="api-welfare-visit"),
    path(V + "reverse/", api.VisitReverseAPI.as_view(), name="api-welfare-visit-reverse"),
    path(V + "correct/", api.VisitCorrectAPI.as_view(), name="api-welfare-visit-correct"),
    path(V + "sign/", api.VisitSignAPI.as_view(), name="api-welfare-visit-sign"),
    path("people/<int:member_id>/", api.PersonAPI.as_view(), name="api-welfare-person"),
    path("batches/", api.BatchListAPI.as_view(), name="api-welfare-batches"),
    path(B, api.BatchAPI.as_view(), name="api-welfare-batch"),
    path(B + "lines/", api.BatchLineListAPI.as_view(), name="api-welfare-batch-lines"),
    path(
        B + "lines/<int:batch_line_id>/", api.BatchLineAPI.as_view(), name="api-welfare-batch-line"
    ),
    path(B + "sheet.pdf", api.BatchSheetAPI.as_view(), name="api-welfare-batch-sheet"),
    path(B + "pay/", api.BatchPayAPI.as_view(), name="api-welfare-batch-pay"),
    path("reminders/", api.ReminderAPI.as_view(), name="api-welfare-reminders"),
    path("sick-leave/", api.SickLeaveAPI.as_view(), name="api-welfare-sick-leave"),
    path(
        "sick-leave/<int:sick_leave_id>/end/",
        api.SickLeaveEndAPI.as_view(),
        name="api-welfare-sick-leave-end",
    ),
    path("reports/", api.ReportAPI.as_view(), name="api-welfare-report"),
    path("reports/export.xlsx", api.ReportExportAPI.as_view(), name="api-welfare-report-export"),
    path("rules/", api.RulesAPI.as_view(), name="api-welfare-rules"),
    path("rules/lines/", api.RegionLineAPI.as_view(), name="api-welfare-region-lines"),
    path("rules/settings/", api.SettingsAPI.as_view(), name="api-welfare-settings"),
]
