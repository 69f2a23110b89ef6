"""The department's link in the API, outside any organisation and without a login (to be
mounted by gonghui/api/urls.py: path("ideas/", include("gonghui.ideas.urls_link")),
giving /api/v1/ideas/answer/<token>/)."""

from django.urls import path

from .api import DepartmentAnswerAPI

urlpatterns = [
    path("answer/<str:token>/", DepartmentAnswerAPI.as_view(), name="api-ideas-answer"),
]
