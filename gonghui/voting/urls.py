from django.urls import path

from . import views

app_name = "voting"

urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("ballots/new/", views.ballot_create, name="ballot_create"),
    path("ballots/<int:ballot_id>/", views.ballot_detail, name="ballot"),
    path("ballots/<int:ballot_id>/paper/", views.paper_count, name="paper_count"),
    path("ballots/<int:ballot_id>/papers/", views.ballot_papers, name="papers"),
    path("ballots/<int:ballot_id>/vote/", views.vote, name="vote"),
    path("ballots/<int:ballot_id>/verify/", views.verify, name="verify"),
    path("ballots/<int:ballot_id>/vote/papers/", views.voter_papers, name="voter_papers"),
    path("ballots/<int:ballot_id>/hand-paper/", views.hand_paper, name="hand_paper"),
    path("ballots/<int:ballot_id>/<str:ballot_action>/", views.ballot_action, name="ballot_action"),
    path("evaluations/new/", views.evaluation_create, name="evaluation_create"),
    path("evaluations/<int:evaluation_id>/", views.evaluation_detail, name="evaluation"),
    path(
        "evaluations/<int:evaluation_id>/report.pdf",
        views.evaluation_report,
        name="evaluation_report",
    ),
    path("evaluations/<int:evaluation_id>/answer/", views.answer, name="answer"),
    path(
        "evaluations/<int:evaluation_id>/<str:evaluation_action>/",
        views.evaluation_action,
        name="evaluation_action",
    ),
]
