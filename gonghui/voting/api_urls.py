"""Routes of this module under /api/v1/orgs/<org_code>/voting/ (names start with api-voting-).

The URLs are contracts: each maps its HTTP methods to an action of a resource in api.py.
"""

from django.urls import path

from .api import BallotViewSet, EvaluationViewSet, VoterViewSet

ballot, evaluation = "ballots/<int:ballot_id>/", "evaluations/<int:evaluation_id>/"
listed, one = {"get": "list", "post": "create"}, {"get": "retrieve"}

urlpatterns = [
    path("mine/", VoterViewSet.as_view({"get": "mine"}), name="api-voting-mine"),
    path("ballots/", BallotViewSet.as_view(listed), name="api-voting-ballots"),
    path(ballot, BallotViewSet.as_view(one), name="api-voting-ballot"),
    path(
        f"{ballot}paper/", BallotViewSet.as_view({"post": "paper_count"}), name="api-voting-paper"
    ),
    path(f"{ballot}papers/", BallotViewSet.as_view({"get": "papers"}), name="api-voting-papers"),
    path(
        f"{ballot}vote/",
        VoterViewSet.as_view({"get": "vote_status", "post": "vote_cast"}),
        name="api-voting-vote",
    ),
    path(
        f"{ballot}verify/",
        VoterViewSet.as_view({"post": "receipt_verify"}),
        name="api-voting-verify",
    ),
    path(
        f"{ballot}<str:ballot_action>/",
        BallotViewSet.as_view({"post": "act"}),
        name="api-voting-ballot-action",
    ),
    path("evaluations/", EvaluationViewSet.as_view(listed), name="api-voting-evaluations"),
    path(evaluation, EvaluationViewSet.as_view(one), name="api-voting-evaluation"),
    path(
        f"{evaluation}answer/",
        VoterViewSet.as_view({"get": "answer_status", "post": "answer"}),
        name="api-voting-answer",
    ),
    path(
        f"{evaluation}<str:evaluation_action>/",
        EvaluationViewSet.as_view({"post": "act"}),
        name="api-voting-evaluation-action",
    ),
]
