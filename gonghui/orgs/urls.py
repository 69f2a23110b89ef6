from django.urls import path

from . import views

app_name = "orgs"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("info/", views.detail, name="detail"),
    path("new/", views.create, name="create"),
    path("settings/", views.edit, name="edit"),
    path("committee/", views.terms, name="terms"),
    path("committee/new/", views.term_create, name="term_create"),
    path("committee/<int:term_id>/", views.term_detail, name="term_detail"),
    path("committee/<int:term_id>/edit/", views.term_edit, name="term_edit"),
    path("committee/<int:term_id>/seats/new/", views.seat_add, name="seat_add"),
    path(
        "committee/<int:term_id>/seats/<int:seat_id>/delete/", views.seat_delete, name="seat_delete"
    ),
]
