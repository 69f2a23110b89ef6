from django.urls import path

from . import views_org

app_name = "accounts_org"

urlpatterns = [
    path("", views_org.role_list, name="roles"),
    path("grant/", views_org.role_grant, name="grant"),
    path("<int:assignment_id>/revoke/", views_org.role_revoke, name="revoke"),
]
