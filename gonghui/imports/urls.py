from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.batch_list, name="list"),
    path("orgs/", views.org_upload, name="org_upload"),
    path("orgs/template.xlsx", views.org_template, name="org_template"),
    path("members/", views.member_upload, name="member_upload"),
    path("members/template.xlsx", views.member_template, name="member_template"),
    path("vouchers/", views.voucher_upload, name="voucher_upload"),
    path("vouchers/template.xlsx", views.voucher_template, name="voucher_template"),
    path("<int:batch_id>/", views.detail, name="detail"),
    path("<int:batch_id>/progress/", views.progress, name="progress"),
    path("<int:batch_id>/commit/", views.commit, name="commit"),
    path("<int:batch_id>/cancel/", views.cancel, name="cancel"),
    path("<int:batch_id>/retry/", views.retry, name="retry"),
    path("<int:batch_id>/errors.xlsx", views.error_report, name="errors"),
]
