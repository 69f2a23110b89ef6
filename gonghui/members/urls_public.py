from django.urls import path

from . import views_public

app_name = "members_public"

urlpatterns = [path("", views_public.activate, name="activate")]
