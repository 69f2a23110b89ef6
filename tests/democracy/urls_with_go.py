"""The project's routes plus the sign-in QR code's landing route, for tests run before
gonghui/urls.py mounts it (path("go/democracy/", include("gonghui.democracy.urls_public")))."""

from django.urls import include, path

from gonghui.urls import urlpatterns as project

urlpatterns = [
    path("go/democracy/", include("gonghui.democracy.urls_public")),
    *[p for p in project if str(p.pattern) != "go/democracy/"],
]
