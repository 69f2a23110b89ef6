"""Routes of the audit log under /api/v1/orgs/<org_code>/audit/ (contracts: unchanged)."""

from django.urls import path

from .api import AuditViewSet

urlpatterns = [
    path("", AuditViewSet.as_view({"get": "list"}), name="api-audit"),
    path("<int:entry_id>/", AuditViewSet.as_view({"get": "retrieve"}), name="api-audit-entry"),
]
