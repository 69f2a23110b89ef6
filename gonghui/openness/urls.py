from django.urls import path

from . import views

app_name = "openness"

urlpatterns = [
    path("", views.index, name="index"),
]
