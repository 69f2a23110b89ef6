from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.roster_view, name="roster"),
    path("new/", views.member_create, name="create"),
    path("move/", views.move_group, name="move_group"),
    path("applications/", views.applications, name="applications"),
    path("transfers/", views.transfers, name="transfers"),
    path(
        "transfers/<int:transfer_id>/<str:decision>/", views.transfer_decide, name="transfer_decide"
    ),
    path("statistics/", views.statistics, name="statistics"),
    path("export.xlsx", views.export, name="export"),
    path("me/", views.me, name="me"),
    path("invitations/", views.invitations, name="invitations"),
    path("lapse/", views.lapse, name="lapse"),
    path("requests/", views.change_requests, name="change_requests"),
    path(
        "requests/<int:request_id>/<str:decision>/",
        views.change_request_decide,
        name="change_request_decide",
    ),
    path("<int:member_id>/", views.member_detail, name="detail"),
    path("<int:member_id>/edit/", views.member_edit, name="edit"),
    path("<int:member_id>/transfer/", views.member_transfer, name="transfer"),
    path("<int:member_id>/certificate.pdf", views.certificate, name="certificate"),
    path("<int:member_id>/<str:action>/", views.member_lifecycle, name="lifecycle"),
]
