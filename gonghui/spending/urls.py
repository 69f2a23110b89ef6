from django.urls import path

from . import views

app_name = "spending"

urlpatterns = [
    path("", views.index, name="index"),
    path("history/", views.history, name="history"),
    path("manage/", views.manage, name="manage"),
    path("manage/rules/", views.rule_add, name="rule-add"),
    path("manage/adopt/", views.preset_adopt, name="adopt"),
    path("manage/rules/<int:rule_id>/end/", views.rule_end, name="rule-end"),
    path("overrides/", views.overrides, name="overrides"),
]
