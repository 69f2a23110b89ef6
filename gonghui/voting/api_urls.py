"""Routes of this module under /api/v1/orgs/<org_code>/voting/ (names start with api-voting-)."""

from django.urls import path

from . import api

urlpatterns = [
    path("mine/", api.MineAPI.as_view(), name="api-voting-mine"),
    path("ballots/", api.BallotListAPI.as_view(), name="api-voting-ballots"),
    path("ballots/<int:ballot_id>/", api.BallotAPI.as_view(), name="api-voting-ballot"),
    path("ballots/<int:ballot_id>/paper/", api.PaperCountAPI.as_view(), name="api-voting-paper"),
    path("ballots/<int:ballot_id>/papers/", api.PapersAPI.as_view(), name="api-voting-papers"),
    path("ballots/<int:ballot_id>/vote/", api.VoteAPI.as_view(), name="api-voting-vote"),
    path("ballots/<int:ballot_id>/verify/", api.VerifyAPI.as_view(), name="api-voting-verify"),
    path(
        "ballots/<int:ballot_id>/<str:ballot_action>/",
        api.BallotActionAPI.as_view(),
        name="api-voting-ballot-action",
    ),
    path("evaluations/", api.EvaluationListAPI.as_view(), name="api-voting-evaluations"),
    path(
        "evaluations/<int:evaluation_id>/",
        api.EvaluationAPI.as_view(),
        name="api-voting-evaluation",
    ),
    path(
        "evaluations/<int:evaluation_id>/answer/",
        api.AnswerAPI.as_view(),
        name="api-voting-answer",
    ),
    path(
        "evaluations/<int:evaluation_id>/<str:evaluation_action>/",
        api.EvaluationActionAPI.as_view(),
        name="api-voting-evaluation-action",
    ),
]
