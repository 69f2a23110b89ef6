"""The project's routes plus the department's link (page and API), for tests run before
gonghui/urls.py mounts path("go/ideas/", include("gonghui.ideas.urls_public")) and
gonghui/api/urls.py mounts path("ideas/", include("gonghui.ideas.urls_link"))."""

from django.urls import include, path

from gonghui.urls import urlpatterns as project

urlpatterns = [
    path("go/ideas/", include("gonghui.ideas.urls_public")),
    path("api/v1/ideas/", include("gonghui.ideas.urls_link")),
    *[p for p in project if str(p.pattern) != "go/ideas/"],
]
