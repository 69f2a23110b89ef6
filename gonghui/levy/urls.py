from django.urls import path

from . import views

app_name = "levy"

urlpatterns = [
    path("", views.index, name="index"),
    path("arrivals/new/", views.arrival_new, name="arrival_new"),
    path("arrivals/<int:arrival_id>/transfer/", views.arrival_transfer, name="arrival_transfer"),
    path("remit/", views.remit, name="remit"),
    path("receivables/new/", views.receivable_new, name="receivable_new"),
    path(
        "receivables/<int:receivable_id>/collect/",
        views.receivable_collect,
        name="receivable_collect",
    ),
    path("unions/", views.unions, name="unions"),
    path("reminders/send/", views.reminder_send, name="reminder_send"),
    path("split/", views.split, name="split"),
]
