"""Serializers of the voting API (ballots, evaluations, votes and answers)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import rules, selectors
from .models import CHOICES, Ballot, EvaluationForm, ItemKind, Mode, Scale, State


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
    total_electorate = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text="Required unless session_id is given (then the congress's).",
    )
    secret = serializers.BooleanField(default=True)
    rule = serializers.CharField(default="congress", help_text=" | ".join(rules.RULES))
    mode = serializers.CharField(default=Mode.ONLINE, help_text=" | ".join(Mode.values))
    seats = serializers.IntegerField(min_value=0, default=0)
    present = serializers.IntegerField(
        min_value=0,
        required=False,
        allow_null=True,
        default=None,
        help_text="People present (needed for mode mixed without a session).",
    )
    session_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Held at this congress session: the electorate, the people present and "
        "all representatives are taken from its sign-in (when created and when opened).",
    )


class HandPaperSerializer(serializers.Serializer):
    user_ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)


class HandedSerializer(serializers.Serializer):
    handed = serializers.IntegerField()


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
        fields = (  # noqa: SIM905 - field names as words
            "id org title description rule secret mode state total_electorate present seats "
            "source_kind source_id created_at opened_at closed_at published_at items"
        ).split()


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
        fields = (  # noqa: SIM905 - field names as words
            "id org title description scale state source_kind source_id created_at "
            "opened_at closed_at published_at subjects items"
        ).split()


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


class BallotPaperSerializer(serializers.Serializer):
    receipt_hash = serializers.CharField()
    choices = serializers.DictField()


class BallotDetailSerializer(serializers.Serializer):
    ballot = BallotSerializer()
    electorate = serializers.IntegerField()
    voted = serializers.IntegerField()
    result = ResultSerializer(allow_null=True)


class BallotPapersSerializer(serializers.Serializer):
    result = ResultSerializer()
    papers = BallotPaperSerializer(many=True)


class MyBallotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    state = serializers.CharField()
    voted = serializers.BooleanField()


class MyEvaluationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    state = serializers.CharField()
    answered = serializers.BooleanField()


class VotingMineSerializer(serializers.Serializer):
    ballots = MyBallotSerializer(many=True)
    evaluations = MyEvaluationSerializer(many=True)


class VoteStatusSerializer(serializers.Serializer):
    ballot = VoterBallotSerializer()
    voted = serializers.BooleanField(allow_null=True)
    result = ResultSerializer(allow_null=True)


class ReceiptCheckSerializer(serializers.Serializer):
    counted = serializers.BooleanField()
    fingerprint = serializers.CharField(allow_null=True)
    choices = serializers.DictField(allow_null=True)


class EvaluationDetailSerializer(serializers.Serializer):
    evaluation = EvaluationSerializer()
    electorate = serializers.IntegerField()
    answered = serializers.IntegerField()
    result = serializers.DictField(allow_null=True)


class AnswerStatusSerializer(serializers.Serializer):
    evaluation = VoterEvaluationSerializer()
    answered = serializers.BooleanField(allow_null=True)
    result = serializers.DictField(allow_null=True)


class AnswersSerializer(serializers.Serializer):
    answers = serializers.DictField()
