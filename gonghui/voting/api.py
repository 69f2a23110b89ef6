"""API endpoints of ballots and evaluations: the pages in views.py, for scripts and apps.

Same rules as the pages: cadre endpoints go through the scoped managers (another
organisation's ids are a 404), voter endpoints reach ballots at, above or below the
organisation in the URL and check the caller's entitlement, and every workflow runs through
services.py. Casting a vote has the same secrecy: the choices go to the service and nowhere
else, the receipt code is in the response only, and no audit entry or log line is written.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from gonghui.api.base import OrgAPIView

from . import rules, selectors, services
from .models import (
    CHOICES,
    Ballot,
    EvaluationForm,
    ItemKind,
    Mode,
    Scale,
    State,
)
from .views import BALLOT_ACTIONS, EVALUATION_ACTIONS, results_visible

TAG = "voting"


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


REFUSED = OpenApiResponse(DetailSerializer, description="Refused by a voting rule")


def _refused(exc: services.VotingError) -> exceptions.ValidationError:
    return exceptions.ValidationError({"detail": str(exc)})


# -- serializers -----------------------------------------------------------------------------


class ItemInSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=300)
    # Plain strings (validated by the service): "kind"/"state" enums of other modules
    # would otherwise collide in the schema's component names.
    kind = serializers.CharField(default=ItemKind.MOTION, help_text="motion | candidate")


class BallotCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    items = ItemInSerializer(many=True)
    electorate_user_ids = serializers.ListField(child=serializers.IntegerField(), default=list)
    total_electorate = serializers.IntegerField(min_value=1)
    secret = serializers.BooleanField(default=True)
    rule = serializers.CharField(default="congress", help_text=" | ".join(rules.RULES))
    mode = serializers.CharField(default=Mode.ONLINE, help_text=" | ".join(Mode.values))
    seats = serializers.IntegerField(min_value=0, default=0)


class BallotItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    position = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField()


class BallotSerializer(serializers.ModelSerializer):
    org = serializers.CharField(source="org.code")
    rule = serializers.CharField()
    mode = serializers.CharField()
    state = serializers.CharField(help_text=" | ".join(State.values))
    items = BallotItemSerializer(many=True, read_only=True)

    class Meta:
        model = Ballot
        fields = [
            "id",
            "org",
            "title",
            "description",
            "rule",
            "secret",
            "mode",
            "state",
            "total_electorate",
            "seats",
            "source_kind",
            "source_id",
            "created_at",
            "opened_at",
            "closed_at",
            "published_at",
            "items",
        ]


class VoterBallotSerializer(BallotSerializer):
    """A ballot as its voter sees it: the voter's organisation (the scope of the request)
    may sit below the ballot's, so the items are read past the scope, as on the page."""

    items = serializers.SerializerMethodField()

    @extend_schema_field(BallotItemSerializer(many=True))
    def get_items(self, ballot) -> list:
        return BallotItemSerializer(selectors.ballot_items(ballot), many=True).data


class ItemResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField(source="item.text")
    kind = serializers.CharField(source="item.kind")
    yes = serializers.IntegerField()
    no = serializers.IntegerField()
    abstain = serializers.IntegerField()
    passed = serializers.BooleanField()
    elected = serializers.BooleanField(allow_null=True)
    tie = serializers.BooleanField()


class ResultSerializer(serializers.Serializer):
    rule = serializers.CharField(source="rule.code")
    rule_summary = serializers.CharField(source="rule.summary")
    source = serializers.CharField()
    present = serializers.IntegerField()
    total = serializers.IntegerField()
    quorum_needed = serializers.IntegerField()
    quorum_met = serializers.BooleanField()
    votes_needed = serializers.IntegerField()
    voted = serializers.IntegerField()
    papers = serializers.IntegerField()
    invalid = serializers.IntegerField()
    issued = serializers.IntegerField(allow_null=True)
    consistent = serializers.BooleanField()
    items = ItemResultSerializer(many=True)


class ChoicesSerializer(serializers.Serializer):
    choices = serializers.DictField(
        child=serializers.CharField(), help_text="{item id: " + " | ".join(CHOICES) + "}"
    )


class ReceiptSerializer(serializers.Serializer):
    receipt = serializers.CharField()


class PaperCountSerializer(serializers.Serializer):
    tallies = serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()))
    ballots_issued = serializers.IntegerField(min_value=0)
    ballots_returned = serializers.IntegerField(min_value=0)
    invalid = serializers.IntegerField(min_value=0, default=0)


class SubjectInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    title = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class EvaluationCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    scale = serializers.CharField(default=Scale.GRADES, help_text=" | ".join(Scale.values))
    subjects = SubjectInSerializer(many=True)
    items = serializers.ListField(child=serializers.CharField(max_length=100), default=list)
    electorate_user_ids = serializers.ListField(child=serializers.IntegerField())


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    position = serializers.IntegerField()
    name = serializers.CharField(required=False)
    title = serializers.CharField(required=False)
    text = serializers.CharField(required=False)


class EvaluationSerializer(serializers.ModelSerializer):
    org = serializers.CharField(source="org.code")
    scale = serializers.CharField()
    state = serializers.CharField(help_text=" | ".join(State.values))
    subjects = NamedSerializer(many=True, read_only=True)
    items = NamedSerializer(many=True, read_only=True)

    class Meta:
        model = EvaluationForm
        fields = [
            "id",
            "org",
            "title",
            "description",
            "scale",
            "state",
            "source_kind",
            "source_id",
            "created_at",
            "opened_at",
            "closed_at",
            "published_at",
            "subjects",
            "items",
        ]


class VoterEvaluationSerializer(EvaluationSerializer):
    """An evaluation as its voter sees it (subjects and items read past the scope)."""

    subjects = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()

    @extend_schema_field(NamedSerializer(many=True))
    def get_subjects(self, form) -> list:
        return NamedSerializer(selectors.evaluation_subjects(form), many=True).data

    @extend_schema_field(NamedSerializer(many=True))
    def get_items(self, form) -> list:
        return NamedSerializer(selectors.evaluation_items(form), many=True).data


def evaluation_result_data(result) -> dict:
    return {
        "entitled": result.entitled,
        "responded": result.responded,
        "responses": result.responses,
        "subjects": [
            {
                "id": s.subject.pk,
                "name": s.subject.name,
                "title": s.subject.title,
                "approval": s.approval,
                "mean": s.mean,
                "overall": [vars(g) for g in s.overall],
                "items": [
                    {
                        "id": ir.item.pk,
                        "text": ir.item.text,
                        "mean": ir.mean,
                        "grades": [vars(g) for g in ir.grades],
                    }
                    for ir in s.items
                ],
            }
            for s in result.subjects
        ],
    }


ANSWERS = serializers.DictField(child=serializers.DictField())

# -- ballots ---------------------------------------------------------------------------------


def _ballot(ballot_id) -> Ballot:
    return get_object_or_404(Ballot.objects.select_related("org"), pk=ballot_id)


class BallotListAPI(OrgAPIView):
    permissions = {"GET": "voting.ballot:read", "POST": "voting.ballot:write"}

    @extend_schema(
        tags=[TAG], operation_id="voting_ballots_list", responses=BallotSerializer(many=True)
    )
    def get(self, request, org_code):
        qs = Ballot.objects.select_related("org").prefetch_related("items")[:200]
        return Response(BallotSerializer(qs, many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="voting_ballots_create",
        summary="Create a ballot (a draft) with its items and electorate",
        request=BallotCreateSerializer,
        responses={201: BallotSerializer, 400: REFUSED},
    )
    def post(self, request, org_code):
        s = BallotCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            ballot = services.ballot_create(actor=request.user, org=self.org, **s.validated_data)
        except services.VotingError as exc:
            raise _refused(exc) from exc
        return Response(BallotSerializer(ballot).data, status=status.HTTP_201_CREATED)


class BallotAPI(OrgAPIView):
    permissions = {"GET": "voting.ballot:read"}

    @extend_schema(
        tags=[TAG],
        operation_id="voting_ballot",
        summary="A ballot, its turnout and, once published, its result",
        responses=inline_serializer(
            "BallotDetail",
            {
                "ballot": BallotSerializer(),
                "electorate": serializers.IntegerField(),
                "voted": serializers.IntegerField(),
                "result": ResultSerializer(allow_null=True),
            },
        ),
    )
    def get(self, request, org_code, ballot_id):
        ballot = _ballot(ballot_id)
        show = results_visible(ballot, request.access)
        return Response(
            {
                "ballot": BallotSerializer(ballot).data,
                "electorate": ballot.participations.count(),
                "voted": ballot.participations.filter(voted_on__isnull=False).count(),
                "result": ResultSerializer(services.ballot_result(ballot)).data if show else None,
            }
        )


class BallotActionAPI(OrgAPIView):
    permissions = {"POST": "voting.ballot:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="voting_ballot_action",
        summary="open / close / publish / delete a ballot",
        request=None,
        responses={200: BallotSerializer, 204: None, 400: REFUSED},
    )
    def post(self, request, org_code, ballot_id, ballot_action):
        ballot = _ballot(ballot_id)
        action = BALLOT_ACTIONS.get(ballot_action)
        if action is None:
            raise exceptions.NotFound()
        try:
            ballot = action(actor=request.user, ballot=ballot)
        except services.VotingError as exc:
            raise _refused(exc) from exc
        if ballot_action == "delete":
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(BallotSerializer(ballot).data)


class PaperCountAPI(OrgAPIView):
    permissions = {"POST": "voting.ballot:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="voting_ballot_paper_count",
        summary="Enter the counts of a closed paper ballot ({item id: {yes, no, abstain}})",
        request=PaperCountSerializer,
        responses={200: ResultSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, ballot_id):
        ballot = _ballot(ballot_id)
        s = PaperCountSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            ballot = services.paper_ballots_count(
                actor=request.user, ballot=ballot, **s.validated_data
            )
        except services.VotingError as exc:
            raise _refused(exc) from exc
        return Response(ResultSerializer(services.ballot_result(ballot)).data)


class PapersAPI(OrgAPIView):
    permissions = {"GET": "voting.ballot:read"}

    @extend_schema(
        tags=[TAG],
        operation_id="voting_ballot_papers",
        summary="Every counted paper (receipt hash, choices) of a published online ballot, to recount",
        responses=inline_serializer(
            "BallotPapers",
            {
                "result": ResultSerializer(),
                "papers": inline_serializer(
                    "BallotPaper",
                    {"receipt_hash": serializers.CharField(), "choices": serializers.DictField()},
                    many=True,
                ),
            },
        ),
    )
    def get(self, request, org_code, ballot_id):
        ballot = _ballot(ballot_id)
        if not results_visible(ballot, request.access) or ballot.mode != Mode.ONLINE:
            raise exceptions.NotFound()
        papers = services.published_papers(ballot)
        return Response(
            {
                "result": ResultSerializer(services.ballot_result(ballot)).data,
                "papers": [{"receipt_hash": p.receipt_hash, "choices": p.choices} for p in papers],
            }
        )


# -- voter endpoints -------------------------------------------------------------------------


class MineAPI(OrgAPIView):
    permissions = {"GET": "voting.vote:cast"}

    @extend_schema(
        tags=[TAG],
        operation_id="voting_mine",
        summary="Ballots and evaluations the caller may vote in or answer",
        responses=inline_serializer(
            "VotingMine",
            {
                "ballots": inline_serializer(
                    "MyBallot",
                    {
                        "id": serializers.IntegerField(),
                        "title": serializers.CharField(),
                        "state": serializers.CharField(),
                        "voted": serializers.BooleanField(),
                    },
                    many=True,
                ),
                "evaluations": inline_serializer(
                    "MyEvaluation",
                    {
                        "id": serializers.IntegerField(),
                        "title": serializers.CharField(),
                        "state": serializers.CharField(),
                        "answered": serializers.BooleanField(),
                    },
                    many=True,
                ),
            },
        ),
    )
    def get(self, request, org_code):
        return Response(
            {
                "ballots": [
                    {"id": b.pk, "title": b.title, "state": b.state, "voted": v}
                    for b, v in selectors.my_ballots(request.user, self.org)
                ],
                "evaluations": [
                    {"id": f.pk, "title": f.title, "state": f.state, "answered": v}
                    for f, v in selectors.my_evaluations(request.user, self.org)
                ],
            }
        )


def _entitled_ballot(request, ballot_id) -> tuple[Ballot, bool | None]:
    ballot = selectors.reachable_ballot(request.org, ballot_id)
    voted = services.has_voted(ballot, request.user)
    if voted is None and ballot.state != State.PUBLISHED:
        raise PermissionDenied
    return ballot, voted


class VoteAPI(OrgAPIView):
    permissions = {"GET": "voting.vote:cast", "POST": "voting.vote:cast"}

    @extend_schema(
        tags=[TAG],
        operation_id="voting_vote_status",
        summary="The ballot as a voter sees it: items, whether one has voted, the published result",
        responses=inline_serializer(
            "VoteStatus",
            {
                "ballot": VoterBallotSerializer(),
                "voted": serializers.BooleanField(allow_null=True),
                "result": ResultSerializer(allow_null=True),
            },
        ),
    )
    def get(self, request, org_code, ballot_id):
        ballot, voted = _entitled_ballot(request, ballot_id)
        published = ballot.state == State.PUBLISHED
        return Response(
            {
                "ballot": VoterBallotSerializer(ballot).data,
                "voted": voted,
                "result": ResultSerializer(services.ballot_result(ballot)).data
                if published
                else None,
            }
        )

    @extend_schema(
        tags=[TAG],
        operation_id="voting_vote_cast",
        summary='Cast one\'s vote: {"choices": {item id: yes|no|abstain}}; returns the receipt code once',
        request=ChoicesSerializer,
        responses={201: ReceiptSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, ballot_id):
        ballot, _voted = _entitled_ballot(request, ballot_id)
        s = ChoicesSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            receipt = services.vote_cast(
                voter_user=request.user, ballot=ballot, choices=s.validated_data["choices"]
            )
        except services.VotingError as exc:
            raise _refused(exc) from exc
        response = Response({"receipt": receipt}, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"
        return response


class VerifyAPI(OrgAPIView):
    permissions = {"POST": "voting.vote:cast"}

    @extend_schema(
        tags=[TAG],
        operation_id="voting_receipt_verify",
        summary="Check a receipt code once the results are published",
        request=ReceiptSerializer,
        responses={
            200: inline_serializer(
                "ReceiptCheck",
                {
                    "counted": serializers.BooleanField(),
                    "fingerprint": serializers.CharField(allow_null=True),
                    "choices": serializers.DictField(allow_null=True),
                },
            ),
            400: REFUSED,
        },
    )
    def post(self, request, org_code, ballot_id):
        ballot = selectors.reachable_ballot(request.org, ballot_id)
        s = ReceiptSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            paper = services.receipt_verify(ballot=ballot, code=s.validated_data["receipt"])
        except services.VotingError as exc:
            raise _refused(exc) from exc
        response = Response(
            {
                "counted": paper is not None,
                "fingerprint": paper.fingerprint if paper else None,
                "choices": paper.choices if paper else None,
            }
        )
        response["Cache-Control"] = "no-store"
        return response


# -- evaluations -----------------------------------------------------------------------------


def _evaluation(evaluation_id) -> EvaluationForm:
    return get_object_or_404(EvaluationForm.objects.select_related("org"), pk=evaluation_id)


class EvaluationListAPI(OrgAPIView):
    permissions = {"GET": "voting.ballot:read", "POST": "voting.ballot:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="voting_evaluations_list",
        responses=EvaluationSerializer(many=True),
    )
    def get(self, request, org_code):
        qs = EvaluationForm.objects.select_related("org").prefetch_related("subjects", "items")[
            :200
        ]
        return Response(EvaluationSerializer(qs, many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="voting_evaluations_create",
        request=EvaluationCreateSerializer,
        responses={201: EvaluationSerializer, 400: REFUSED},
    )
    def post(self, request, org_code):
        s = EvaluationCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            form = services.evaluation_create(actor=request.user, org=self.org, **s.validated_data)
        except services.VotingError as exc:
            raise _refused(exc) from exc
        return Response(EvaluationSerializer(form).data, status=status.HTTP_201_CREATED)


class EvaluationAPI(OrgAPIView):
    permissions = {"GET": "voting.ballot:read"}

    @extend_schema(
        tags=[TAG],
        operation_id="voting_evaluation",
        responses=inline_serializer(
            "EvaluationDetail",
            {
                "evaluation": EvaluationSerializer(),
                "electorate": serializers.IntegerField(),
                "answered": serializers.IntegerField(),
                "result": serializers.DictField(allow_null=True),
            },
        ),
    )
    def get(self, request, org_code, evaluation_id):
        form = _evaluation(evaluation_id)
        show = results_visible(form, request.access)
        return Response(
            {
                "evaluation": EvaluationSerializer(form).data,
                "electorate": form.participations.count(),
                "answered": form.participations.filter(responded_on__isnull=False).count(),
                "result": evaluation_result_data(services.evaluation_result(form))
                if show
                else None,
            }
        )


class EvaluationActionAPI(OrgAPIView):
    permissions = {"POST": "voting.ballot:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="voting_evaluation_action",
        summary="open / close / publish / delete an evaluation",
        request=None,
        responses={200: EvaluationSerializer, 204: None, 400: REFUSED},
    )
    def post(self, request, org_code, evaluation_id, evaluation_action):
        form = _evaluation(evaluation_id)
        action = EVALUATION_ACTIONS.get(evaluation_action)
        if action is None:
            raise exceptions.NotFound()
        try:
            form = action(actor=request.user, form=form)
        except services.VotingError as exc:
            raise _refused(exc) from exc
        if evaluation_action == "delete":
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(EvaluationSerializer(form).data)


class AnswerAPI(OrgAPIView):
    permissions = {"GET": "voting.vote:cast", "POST": "voting.vote:cast"}

    def _form(self, request, evaluation_id) -> tuple[EvaluationForm, bool | None]:
        form = selectors.reachable_evaluation(request.org, evaluation_id)
        done = services.has_responded(form, request.user)
        if done is None and form.state != State.PUBLISHED:
            raise PermissionDenied
        return form, done

    @extend_schema(
        tags=[TAG],
        operation_id="voting_answer_status",
        responses=inline_serializer(
            "AnswerStatus",
            {
                "evaluation": VoterEvaluationSerializer(),
                "answered": serializers.BooleanField(allow_null=True),
                "result": serializers.DictField(allow_null=True),
            },
        ),
    )
    def get(self, request, org_code, evaluation_id):
        form, done = self._form(request, evaluation_id)
        published = form.state == State.PUBLISHED
        return Response(
            {
                "evaluation": VoterEvaluationSerializer(form).data,
                "answered": done,
                "result": evaluation_result_data(services.evaluation_result(form))
                if published
                else None,
            }
        )

    @extend_schema(
        tags=[TAG],
        operation_id="voting_answer",
        summary='Answer an evaluation: {"answers": {subject id: {item id: grade or score}}}',
        request=inline_serializer("Answers", {"answers": serializers.DictField()}),
        responses={201: None, 400: REFUSED},
    )
    def post(self, request, org_code, evaluation_id):
        form, _done = self._form(request, evaluation_id)
        answers = request.data.get("answers") if hasattr(request.data, "get") else None
        try:
            services.evaluation_respond(voter_user=request.user, form=form, answers=answers)
        except services.VotingError as exc:
            raise _refused(exc) from exc
        return Response(status=status.HTTP_201_CREATED)
