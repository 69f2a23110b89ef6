"""Routes of this module under /api/v1/orgs/<org_code>/voting/ (names start with api-voting-).

The URLs are contracts: each maps its HTTP methods to an action of a resource in api.py.
"""

from gonghui.api.routes import routes_named

from .api import BallotViewSet, EvaluationViewSet, VoterViewSet

route = routes_named("api-voting-")
ballot, evaluation = "ballots/<int:ballot_id>/", "evaluations/<int:evaluation_id>/"
LIST = {"get": "list", "post": "create"}

urlpatterns = [
    route("mine/", VoterViewSet, "mine", get="mine"),
    route("ballots/", BallotViewSet, "ballots", **LIST),
    route(ballot, BallotViewSet, "ballot", get="retrieve"),
    route(f"{ballot}paper/", BallotViewSet, "paper", post="paper_count"),
    route(f"{ballot}papers/", BallotViewSet, "papers", get="papers"),
    route(f"{ballot}hand-paper/", BallotViewSet, "hand-paper", post="hand_paper"),
    route(f"{ballot}vote/", VoterViewSet, "vote", get="vote_status", post="vote_cast"),
    route(f"{ballot}verify/", VoterViewSet, "verify", post="receipt_verify"),
    route(f"{ballot}<str:ballot_action>/", BallotViewSet, "ballot-action", post="act"),
    route("evaluations/", EvaluationViewSet, "evaluations", **LIST),
    route(evaluation, EvaluationViewSet, "evaluation", get="retrieve"),
    route(f"{evaluation}answer/", VoterViewSet, "answer", get="answer_status", post="answer"),
    route(
        f"{evaluation}<str:evaluation_action>/", EvaluationViewSet, "evaluation-action", post="act"
    ),
]
