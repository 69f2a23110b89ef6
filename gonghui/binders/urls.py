from django.urls import path

from . import views

app_name = "binders"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:binder_job_id>/", views.detail, name="detail"),
    path("<int:binder_job_id>/download/", views.download, name="download"),
]
