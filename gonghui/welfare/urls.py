from django.urls import path

from . import views

app_name = "welfare"

urlpatterns = [
    path("", views.index, name="index"),
]
