from django.urls import path

from . import public_views

app_name = "members_public"

urlpatterns = [path("", public_views.activate, name="activate")]
