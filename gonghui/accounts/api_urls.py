"""Routes of accounts: the caller under /api/v1/ (`caller_patterns`), the roles under
/api/v1/orgs/<org_code>/ (`urlpatterns`). The URLs are contracts: unchanged."""

from django.urls import path

from .api import MeAPI, RoleViewSet

caller_patterns = [path("me/", MeAPI.as_view(), name="api-me")]

urlpatterns = [
    path("roles/", RoleViewSet.as_view({"get": "list", "post": "create"}), name="api-roles"),
    path(
        "roles/<int:assignment_id>/",
        RoleViewSet.as_view({"delete": "destroy"}),
        name="api-role",
    ),
]
