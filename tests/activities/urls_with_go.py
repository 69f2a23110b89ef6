"""The project's routes plus the QR landing routes, for tests run before gonghui/urls.py
mounts them (path("go/activities/", include("gonghui.activities.urls_public")))."""

from django.urls import include, path

from gonghui.urls import urlpatterns as project

urlpatterns = [
    path("go/activities/", include("gonghui.activities.urls_public")),
    *project,
]
