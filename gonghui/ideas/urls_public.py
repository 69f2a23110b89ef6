"""The department's link, outside any organisation and without a login (to be mounted at
/go/ideas/ by gonghui/urls.py: path("go/ideas/", include("gonghui.ideas.urls_public")))."""

from django.urls import path

from . import views_public

app_name = "ideas_public"

urlpatterns = [
    path("answer/<str:token>/", views_public.answer, name="answer"),
    path("answer/<str:token>/files/<int:idea_file_id>/", views_public.answer_file, name="file"),
]
