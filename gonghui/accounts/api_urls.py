"""Routes of accounts: the caller under /api/v1/ (`caller_patterns`), the roles under
/api/v1/orgs/<org_code>/ (`urlpatterns`). The URLs are contracts: unchanged."""

from django.urls import path

from .api import MeAPI, RoleAPI, RoleListAPI

caller_patterns = [path("me/", MeAPI.as_view(), name="api-me")]

urlpatterns = [
    path("roles/", RoleListAPI.as_view(), name="api-roles"),
    path("roles/<int:assignment_id>/", RoleAPI.as_view(), name="api-role"),
]
