"""Routes of this module under /api/v1/orgs/<org_code>/welfare/ (names start with api-welfare-).

The URLs are contracts: each maps its HTTP methods to an action of a resource in api.py
(a bare action name is a POST, "get:" a GET).
"""

from django.urls import path

from .api import BatchViewSet, CaseDocumentViewSet, CaseViewSet, UnionViewSet, VisitViewSet

C, B, V = "cases/<int:case_id>/", "batches/<int:visit_batch_id>/", "visits/<int:visit_id>/"
PERSON, LINE = C + "household/<int:case_person_id>/", B + "lines/<int:batch_line_id>/"
LISTED = {"get": "index", "post": "create"}  # the lists come whole (not in pages)

ROUTES = [
    ("cases/", CaseViewSet, LISTED, "cases"),
    ("cases/export.xlsx", CaseViewSet, "get:export", "case-export"),
    (C, CaseViewSet, {"get": "retrieve", "patch": "partial_update"}, "case"),
    (C + "step/<str:case_step>/", CaseViewSet, "step", "case-step"),
    (C + "household/", CaseViewSet, "household_add", "household"),
    (PERSON + "leave/", CaseViewSet, "household_leave", "household-leave"),
    (C + "measures/", CaseViewSet, "measure_add", "measures"),
    (C + "measures/<int:case_measure_id>/done/", CaseViewSet, "measure_done", "measure-done"),
    (C + "reviews/", CaseViewSet, "review_add", "reviews"),
    (C + "documents/", CaseDocumentViewSet, "document_add", "documents"),
    (C + "documents/<int:case_document_id>/", CaseViewSet, "get:document", "document"),
    ("visits/", VisitViewSet, LISTED, "visits"),
    (V, VisitViewSet, "get:retrieve", "visit"),
    (V + "reverse/", VisitViewSet, "reverse", "visit-reverse"),
    (V + "correct/", VisitViewSet, "correct", "visit-correct"),
    (V + "sign/", VisitViewSet, "sign", "visit-sign"),
    ("people/<int:member_id>/", VisitViewSet, "get:person", "person"),
    ("batches/", BatchViewSet, LISTED, "batches"),
    (B, BatchViewSet, "get:retrieve", "batch"),
    (B + "lines/", BatchViewSet, "line_add", "batch-lines"),
    (LINE, BatchViewSet, {"patch": "line_change", "delete": "line_remove"}, "batch-line"),
    (B + "sheet.pdf", BatchViewSet, "get:sheet", "batch-sheet"),
    (B + "pay/", BatchViewSet, "pay", "batch-pay"),
    ("reminders/", UnionViewSet, "get:reminders", "reminders"),
    ("sick-leave/", UnionViewSet, "sick_leave_add", "sick-leave"),
    ("sick-leave/<int:sick_leave_id>/end/", UnionViewSet, "sick_leave_end", "sick-leave-end"),
    ("reports/", UnionViewSet, "get:report", "report"),
    ("reports/export.xlsx", UnionViewSet, "get:report_export", "report-export"),
    ("rules/", UnionViewSet, "get:rules", "rules"),
    ("rules/lines/", UnionViewSet, "region_line", "region-lines"),
    ("rules/settings/", UnionViewSet, {"put": "settings_save"}, "settings"),
]


def _actions(spec) -> dict:
    if isinstance(spec, dict):
        return spec
    method, _, action = spec.rpartition(":")
    return {method or "post": action}


urlpatterns = [
    path(route, viewset.as_view(_actions(spec)), name=f"api-welfare-{name}")
    for route, viewset, spec, name in ROUTES
]
