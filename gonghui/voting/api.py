"""API resources of ballots and evaluations: the pages in views.py, for scripts and apps.

Same rules as the pages: cadre resources go through the scoped selectors (another
organisation's ids are a 404), voter actions reach ballots at, above or below the
organisation in the URL and check the caller's entitlement (selectors.voter_ballot), and
every workflow runs through services.py (refusals answer 400 through the project's
exception handler). Casting a vote has the same secrecy: the choices go to the service and
nowhere else, the receipt code is in the response only, and no audit entry or log line is
written.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.response import Response

from gonghui.api.viewsets import OrgViewSet

from . import selectors, services
from .models import PHONE_MODES, State
from .serializers import (
    AnswersSerializer,
    AnswerStatusSerializer,
    BallotCreateSerializer,
    BallotDetailSerializer,
    BallotPapersSerializer,
    BallotSerializer,
    ChoicesSerializer,
    EvaluationCreateSerializer,
    EvaluationDetailSerializer,
    EvaluationSerializer,
    HandedSerializer,
    HandPaperSerializer,
    PaperCountSerializer,
    ReceiptCheckSerializer,
    ReceiptSerializer,
    ResultSerializer,
    VoteStatusSerializer,
    VotingMineSerializer,
    evaluation_result_data,
)
from .views import BALLOT_ACTIONS, EVALUATION_ACTIONS

READ, WRITE, CAST = "voting.ballot:read", "voting.ballot:write", "voting.vote:cast"


def no_store(response: Response) -> Response:
    response["Cache-Control"] = "no-store"
    return response


class RunViewSet(OrgViewSet):
    """Ballots or evaluations as their cadres run them: the list (the latest 200), create,
    read with the turnout and the result when visible, and open / close / publish / delete
    (`act`: the verb is in the URL)."""

    permissions = {"list": READ, "create": WRITE, "retrieve": READ, "act": WRITE}
    verbs: dict = {}

    def filter_queryset(self, queryset):
        return queryset[:200]

    def run_verb(self, verb: str, **target):
        if verb not in self.verbs:
            raise exceptions.NotFound()
        obj = self.verbs[verb](actor=self.request.user, **target)
        if verb == "delete":
            return Response(status=status.HTTP_204_NO_CONTENT)
        return self.respond(obj)


@extend_schema_view(
    create=extend_schema(
        summary="Create a ballot (a draft) with its items and electorate",
        request=BallotCreateSerializer,
    ),
    retrieve=extend_schema(
        summary="A ballot, its turnout and, once published, its result",
        responses=BallotDetailSerializer,
    ),
)
class BallotViewSet(RunViewSet):
    operation_prefix = "voting_ballot"
    operation_ids = {
        "list": "voting_ballots_list",
        "create": "voting_ballots_create",
        "retrieve": "voting_ballot",
        "act": "voting_ballot_action",
    }
    permissions = {
        **RunViewSet.permissions,
        "paper_count": WRITE,
        "papers": READ,
        "hand_paper": WRITE,
    }
    serializer_class = BallotSerializer
    lookup_url_kwarg = "ballot_id"
    verbs = BALLOT_ACTIONS

    def get_queryset(self):
        return selectors.ballots().prefetch_related("items")

    def create(self, request, *args, **kwargs):
        data = self.validated(BallotCreateSerializer)
        session = data.pop("session_id", None)
        if session is not None:
            data["source"] = ("democracy.session", str(session))
        ballot = services.ballot_create(actor=request.user, org=self.org, **data)
        return self.respond(ballot, status_code=status.HTTP_201_CREATED)

    def retrieve(self, request, *args, **kwargs):
        ballot = self.get_object()
        show = selectors.results_visible(ballot, request.access)
        result = services.ballot_result(ballot) if show else None
        data = {"ballot": ballot, "electorate": ballot.electorate, "voted": ballot.voted}
        return self.respond({**data, "result": result}, serializer_class=BallotDetailSerializer)

    @extend_schema(
        summary="open / close / publish / delete a ballot",
        request=None,
        responses={200: BallotSerializer, 204: None},
    )
    def act(self, request, *args, **kwargs):
        return self.run_verb(kwargs["ballot_action"], ballot=self.get_object())

    @extend_schema(
        summary="Enter the counts of a closed paper ballot ({item id: {yes, no, abstain}})",
        request=PaperCountSerializer,
        responses=ResultSerializer,
    )
    def paper_count(self, request, *args, **kwargs):
        ballot = self.get_object()
        data = self.validated(PaperCountSerializer)
        ballot = services.paper_ballots_count(actor=request.user, ballot=ballot, **data)
        return self.respond(services.ballot_result(ballot), serializer_class=ResultSerializer)

    @extend_schema(
        summary="Hand paper ballots to people of a mixed ballot's electorate (their phones "
        "are then refused)",
        request=HandPaperSerializer,
        responses=HandedSerializer,
    )
    def hand_paper(self, request, *args, **kwargs):
        ballot = self.get_object()
        data = self.validated(HandPaperSerializer)
        n = services.ballot_hand_paper(actor=request.user, ballot=ballot, **data)
        return self.respond({"handed": n}, serializer_class=HandedSerializer)

    @extend_schema(
        summary="Every counted paper (receipt hash, choices) of a published online ballot, "
        "to recount",
        responses=BallotPapersSerializer,
    )
    def papers(self, request, *args, **kwargs):
        ballot = self.get_object()
        if not selectors.results_visible(ballot, request.access) or ballot.mode not in PHONE_MODES:
            raise exceptions.NotFound()
        data = {
            "result": services.ballot_result(ballot),
            "papers": services.published_papers(ballot),
        }
        return self.respond(data, serializer_class=BallotPapersSerializer)


@extend_schema_view(
    create=extend_schema(request=EvaluationCreateSerializer),
    retrieve=extend_schema(responses=EvaluationDetailSerializer),
)
class EvaluationViewSet(RunViewSet):
    operation_prefix = "voting_evaluation"
    operation_ids = {
        "list": "voting_evaluations_list",
        "create": "voting_evaluations_create",
        "retrieve": "voting_evaluation",
        "act": "voting_evaluation_action",
    }
    serializer_class = EvaluationSerializer
    lookup_url_kwarg = "evaluation_id"
    verbs = EVALUATION_ACTIONS

    def get_queryset(self):
        return selectors.evaluations().prefetch_related("subjects", "items")

    def create(self, request, *args, **kwargs):
        data = self.validated(EvaluationCreateSerializer)
        form = services.evaluation_create(actor=request.user, org=self.org, **data)
        return self.respond(form, status_code=status.HTTP_201_CREATED)

    def retrieve(self, request, *args, **kwargs):
        form = self.get_object()
        show = selectors.results_visible(form, request.access)
        result = evaluation_result_data(services.evaluation_result(form)) if show else None
        data = {"evaluation": form, "electorate": form.electorate, "answered": form.voted}
        return self.respond({**data, "result": result}, serializer_class=EvaluationDetailSerializer)

    @extend_schema(
        summary="open / close / publish / delete an evaluation",
        request=None,
        responses={200: EvaluationSerializer, 204: None},
    )
    def act(self, request, *args, **kwargs):
        return self.run_verb(kwargs["evaluation_action"], form=self.get_object())


class VoterViewSet(OrgViewSet):
    """What a voter does: ballots and evaluations reached at, above or below the
    organisation in the URL, by the people in their electorate."""

    operation_prefix = "voting"
    permissions = dict.fromkeys(
        ["mine", "vote_status", "vote_cast", "receipt_verify", "answer_status", "answer"], CAST
    )

    @extend_schema(
        summary="Ballots and evaluations the caller may vote in or answer",
        responses=VotingMineSerializer,
    )
    def mine(self, request, *args, **kwargs):
        ballots = selectors.my_ballots(request.user, self.org)
        forms = selectors.my_evaluations(request.user, self.org)
        data = {
            "ballots": [
                {"id": b.pk, "title": b.title, "state": b.state, "voted": v} for b, v in ballots
            ],
            "evaluations": [
                {"id": f.pk, "title": f.title, "state": f.state, "answered": v} for f, v in forms
            ],
        }
        return self.respond(data, serializer_class=VotingMineSerializer)

    @extend_schema(
        summary="The ballot as a voter sees it: items, whether one has voted, the published result",
        responses=VoteStatusSerializer,
    )
    def vote_status(self, request, *args, **kwargs):
        ballot, voted = selectors.voter_ballot(self.org, request.user, kwargs["ballot_id"])
        published = ballot.state == State.PUBLISHED
        result = services.ballot_result(ballot) if published else None
        data = {"ballot": ballot, "voted": voted, "result": result}
        return self.respond(data, serializer_class=VoteStatusSerializer)

    @extend_schema(
        summary='Cast one\'s vote: {"choices": {item id: yes|no|abstain}}; '
        "returns the receipt code once",
        request=ChoicesSerializer,
        responses={201: ReceiptSerializer},
    )
    def vote_cast(self, request, *args, **kwargs):
        ballot, _voted = selectors.voter_ballot(self.org, request.user, kwargs["ballot_id"])
        choices = self.validated(ChoicesSerializer)["choices"]
        receipt = services.vote_cast(voter_user=request.user, ballot=ballot, choices=choices)
        return no_store(Response({"receipt": receipt}, status=status.HTTP_201_CREATED))

    @extend_schema(
        summary="Check a receipt code once the results are published",
        request=ReceiptSerializer,
        responses=ReceiptCheckSerializer,
    )
    def receipt_verify(self, request, *args, **kwargs):
        ballot = selectors.reachable_ballot(self.org, kwargs["ballot_id"])
        code = self.validated(ReceiptSerializer)["receipt"]
        paper = services.receipt_verify(ballot=ballot, code=code)
        data = {
            "counted": paper is not None,
            "fingerprint": paper.fingerprint if paper else None,
            "choices": paper.choices if paper else None,
        }
        return no_store(Response(data))

    @extend_schema(responses=AnswerStatusSerializer)
    def answer_status(self, request, *args, **kwargs):
        form, done = selectors.voter_evaluation(self.org, request.user, kwargs["evaluation_id"])
        published = form.state == State.PUBLISHED
        result = evaluation_result_data(services.evaluation_result(form)) if published else None
        data = {"evaluation": form, "answered": done, "result": result}
        return self.respond(data, serializer_class=AnswerStatusSerializer)

    @extend_schema(
        summary='Answer an evaluation: {"answers": {subject id: {item id: grade or score}}}',
        request=AnswersSerializer,
        responses={201: None},
    )
    def answer(self, request, *args, **kwargs):
        form, _done = selectors.voter_evaluation(self.org, request.user, kwargs["evaluation_id"])
        # The service checks the answers (a refusal names no choice).
        answers = request.data.get("answers") if hasattr(request.data, "get") else None
        services.evaluation_respond(voter_user=request.user, form=form, answers=answers)
        return Response(status=status.HTTP_201_CREATED)
