from django.urls import path

from . import org_views

app_name = "accounts_org"

urlpatterns = [
    path("", org_views.role_list, name="roles"),
    path("grant/", org_views.role_grant, name="grant"),
    path("<int:assignment_id>/revoke/", org_views.role_revoke, name="revoke"),
]
