"""Pages of the contests, under /o/<org_code>/activities/contests/ (names in the
activities namespace)."""

from django.urls import path

from . import views

contest = "<int:contest_id>/"

urlpatterns = [
    path("for/<int:activity_id>/", views.contest_create, name="contest_create"),
    path(contest, views.contest, name="contest"),
    path(f"{contest}entrants/", views.contest_entrant_add, name="contest_entrant_add"),
    path(
        f"{contest}entrants/<int:entrant_id>/remove/",
        views.contest_entrant_remove,
        name="contest_entrant_remove",
    ),
    path(f"{contest}judges/", views.contest_judge_add, name="contest_judge_add"),
    path(
        f"{contest}judges/<int:contest_judge_id>/remove/",
        views.contest_judge_remove,
        name="contest_judge_remove",
    ),
    path(f"{contest}publish/", views.contest_publish, name="contest_publish"),
    path(f"{contest}score/", views.contest_score, name="contest_score"),
    path(f"{contest}results/", views.contest_results, name="contest_results"),
]
