"""Serializers of the democracy API (congress terms, sessions, proposals, contracts, the
representative's own). Choice fields are plain text with their values listed in the help:
the enum names of the schema ("kind", "status") are already taken by other modules."""

from __future__ import annotations

from dataclasses import asdict

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gonghui.api.fields import ScopedPrimaryKeyRelatedField
from gonghui.core.validators import SMALLINT_MAX

from . import selectors
from .models import (
    AgendaItem,
    Attendance,
    Congress,
    CongressKind,
    Contract,
    ContractKind,
    Delegation,
    HonouringCheck,
    ManagerLevel,
    Negotiation,
    Proposal,
    ProposalCategory,
    ProposalStatus,
    Representative,
    Resolution,
    Satisfaction,
    Session,
    SessionDocument,
    SessionStatus,
    SigninMethod,
)


def words(text: str) -> list[str]:
    return text.split()


def choice_text(choices, **kwargs) -> serializers.CharField:
    values = [v for v, _label in choices]

    def valid(value):
        if value not in values:
            raise serializers.ValidationError(
                f"one of: {', '.join(v or '(empty)' for v in values)}"
            )

    kwargs.setdefault("help_text", ", ".join(v or "(empty)" for v in values))
    if not kwargs.get("read_only"):
        kwargs["validators"] = [valid]
    return serializers.CharField(**kwargs)


class DemocracyCheckSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    passed = serializers.BooleanField(allow_null=True, help_text="null: not applicable")
    actual = serializers.CharField()
    rule = serializers.CharField()
    source = serializers.CharField()


class DemocracyWorkforceSerializer(serializers.Serializer):
    staff = serializers.IntegerField()
    women = serializers.IntegerField()
    from_roll = serializers.BooleanField(help_text="the members on the roll stand in for the staff")
    region = serializers.CharField()
    rule = serializers.CharField()


class DemocracyCongressSerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="org.code", read_only=True)
    kind = choice_text(CongressKind.choices)
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Congress
        fields = words(
            "id union name kind term_number start_date end_date staff_count women_staff_count "
            "front_line_required min_cosigners note"
        )
        read_only_fields = ["id"]


class DemocracyCongressDetailSerializer(DemocracyCongressSerializer):
    workforce = serializers.SerializerMethodField()
    checks = serializers.SerializerMethodField()
    all_pass = serializers.SerializerMethodField()

    class Meta(DemocracyCongressSerializer.Meta):
        fields = [*DemocracyCongressSerializer.Meta.fields, "workforce", "checks", "all_pass"]

    def _checks(self, obj):
        if not hasattr(obj, "_checks_cache"):
            obj._checks_cache = selectors.congress_checks(obj)
        return obj._checks_cache

    @extend_schema_field(DemocracyWorkforceSerializer)
    def get_workforce(self, obj):
        c = self._checks(obj)
        return {**asdict(c.workforce), "region": c.region, "rule": str(c.rule.name)}

    @extend_schema_field(DemocracyCheckSerializer(many=True))
    def get_checks(self, obj):
        return DemocracyCheckSerializer(self._checks(obj).checks, many=True).data

    def get_all_pass(self, obj) -> bool:
        return self._checks(obj).all_pass


class DemocracyDelegationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Delegation
        fields = ["id", "name", "leader"]
        read_only_fields = ["id"]


class DemocracyRepresentativeSerializer(serializers.ModelSerializer):
    member_id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="member.name", read_only=True)
    sex = serializers.CharField(source="member.sex", read_only=True)
    department = serializers.CharField(source="member.department", read_only=True)
    delegation = ScopedPrimaryKeyRelatedField(Delegation, allow_null=True, required=False)
    manager_level = choice_text(ManagerLevel.choices, required=False, allow_blank=True)

    class Meta:
        model = Representative
        fields = words(
            "id member_id name sex department delegation manager_level front_line teacher "
            "elected_on left_on left_reason"
        )
        read_only_fields = ["id", "left_on", "left_reason"]


class DemocracyRepresentativesAddSerializer(serializers.Serializer):
    member_ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    delegation = serializers.IntegerField(required=False, allow_null=True)
    manager_level = choice_text(ManagerLevel.choices, required=False, default="", allow_blank=True)
    front_line = serializers.BooleanField(required=False, default=False)
    teacher = serializers.BooleanField(required=False, default=False)
    elected_on = serializers.DateField(required=False, allow_null=True)


class DemocracyRemoveSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class DemocracyAgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "position", "title", "presenter"]
        read_only_fields = ["id", "position"]


class DemocracyDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = SessionDocument
        fields = ["id", "name", "size", "content_type", "uploaded_at"]
        read_only_fields = fields


class DemocracyUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class DemocracyAttendanceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="representative.member.name", read_only=True)
    method = choice_text(SigninMethod.choices, read_only=True)

    class Meta:
        model = Attendance
        fields = ["representative_id", "name", "signed_at", "method"]
        read_only_fields = fields


class DemocracyAttendanceSetSerializer(serializers.Serializer):
    present = serializers.ListField(
        child=serializers.IntegerField(), help_text="ids of the representatives present"
    )


class DemocracyResolutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Resolution
        fields = words(
            "id title text ballot_id votes_for votes_against abstentions present total adopted"
        )
        read_only_fields = words(
            "id ballot_id votes_for votes_against abstentions present total adopted"
        )


class DemocracyVotesSerializer(serializers.Serializer):
    votes_for = serializers.IntegerField(min_value=0)
    votes_against = serializers.IntegerField(min_value=0)
    abstentions = serializers.IntegerField(min_value=0)


class DemocracyBallotOpenSerializer(serializers.Serializer):
    secret = serializers.BooleanField(required=False, default=True)


class DemocracyQuorumSerializer(serializers.Serializer):
    present = serializers.IntegerField()
    total = serializers.IntegerField()
    needed = serializers.IntegerField()
    met = serializers.BooleanField()


class DemocracySessionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    number = serializers.IntegerField(required=False, min_value=1, max_value=SMALLINT_MAX)
    status = choice_text(SessionStatus.choices, read_only=True)

    class Meta:
        model = Session
        fields = ["id", "congress_id", "name", "number", "date", "place", "status", "note"]
        read_only_fields = ["id", "congress_id", "status"]


class DemocracySessionDetailSerializer(DemocracySessionSerializer):
    quorum = serializers.SerializerMethodField()
    agenda = DemocracyAgendaItemSerializer(many=True, read_only=True)
    documents = DemocracyDocumentSerializer(many=True, read_only=True)
    resolutions = DemocracyResolutionSerializer(many=True, read_only=True)

    class Meta(DemocracySessionSerializer.Meta):
        fields = [
            *DemocracySessionSerializer.Meta.fields,
            *words("quorum agenda documents resolutions"),
        ]

    @extend_schema_field(DemocracyQuorumSerializer)
    def get_quorum(self, obj):
        q = selectors.quorum(obj)
        return {"present": q.present, "total": q.total, "needed": q.needed, "met": q.met}


class DemocracySigninCodeSerializer(serializers.Serializer):
    url = serializers.CharField()
    token = serializers.CharField()


class DemocracyProposalSerializer(serializers.ModelSerializer):
    proposer = serializers.CharField(source="proposer.member.name", read_only=True)
    cosigners = serializers.SerializerMethodField()
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    category = choice_text(ProposalCategory.choices, read_only=True)
    status = choice_text(ProposalStatus.choices, read_only=True)
    satisfaction = choice_text(Satisfaction.choices, read_only=True)
    on_paper = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = words(
            "id congress_id session_id number proposer cosigners title body category status "
            "submitted_at reviewed_at review_reason department deadline answer answered_at "
            "implementation implemented_at satisfaction satisfaction_note rated_at overdue "
            "help_requested on_paper"
        )
        read_only_fields = fields

    def get_cosigners(self, obj) -> list[str]:
        return selectors.cosigner_names(obj)

    def get_on_paper(self, obj) -> bool:
        """Handed in on paper and entered by the committee."""
        return obj.entered_by_id is not None


class DemocracyProposalInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField()
    category = choice_text(ProposalCategory.choices, default="other")


class DemocracyPaperProposalSerializer(DemocracyProposalInputSerializer):
    """A proposal handed in on paper: its proposer and the co-signers on the paper, by
    their representative ids (GET …/congresses/{id}/representatives/)."""

    proposer_id = serializers.IntegerField()
    cosigner_ids = serializers.ListField(child=serializers.IntegerField(), default=list)


class DemocracyProposalPatchSerializer(DemocracyProposalInputSerializer):
    """Any of the fields (a PATCH): the category keeps its value unless given."""

    category = choice_text(ProposalCategory.choices, required=False)


class DemocracyProposalHandleSerializer(serializers.Serializer):
    accept = serializers.BooleanField(required=False, help_text="review: register or not")
    reason = serializers.CharField(required=False, allow_blank=True, help_text="review")
    department = serializers.CharField(required=False, help_text="assign")
    deadline = serializers.DateField(required=False, help_text="assign")
    answer = serializers.CharField(required=False, help_text="answer")
    implementation = serializers.CharField(required=False, help_text="implement")


class DemocracyRateSerializer(serializers.Serializer):
    satisfaction = choice_text(Satisfaction.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DemocracyReportSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    total = serializers.IntegerField()
    registered = serializers.IntegerField()
    opinions = serializers.IntegerField()
    answered = serializers.IntegerField()
    implemented = serializers.IntegerField()
    overdue = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    rated = serializers.IntegerField()
    items = DemocracyProposalSerializer(many=True)


class DemocracyContractSerializer(serializers.ModelSerializer):
    union = serializers.CharField(source="org.code", read_only=True)
    kind = choice_text(ContractKind.choices)
    approved_by = ScopedPrimaryKeyRelatedField(Resolution, allow_null=True, required=False)
    expiring = serializers.BooleanField(read_only=True)

    class Meta:
        model = Contract
        fields = words(
            "id union kind title terms employer start_date end_date approved_by signed_on "
            "filed_on filed_with expiring"
        )
        read_only_fields = ["id"]


class DemocracyNegotiationSerializer(serializers.ModelSerializer):
    file = serializers.FileField(required=False, write_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Negotiation
        fields = ["id", "date", "parties", "notes", "file", "file_name", "has_file"]
        read_only_fields = ["id", "file_name", "has_file"]

    def get_has_file(self, obj) -> bool:
        return bool(obj.file)


class DemocracyHonouringCheckSerializer(serializers.ModelSerializer):
    reported_to = ScopedPrimaryKeyRelatedField(Session, allow_null=True, required=False)

    class Meta:
        model = HonouringCheck
        fields = ["id", "year", "checked_on", "findings", "reported_to"]
        read_only_fields = ["id"]


class DemocracyContractDetailSerializer(DemocracyContractSerializer):
    negotiations = DemocracyNegotiationSerializer(many=True, read_only=True)
    checks = DemocracyHonouringCheckSerializer(many=True, read_only=True)

    class Meta(DemocracyContractSerializer.Meta):
        fields = [*DemocracyContractSerializer.Meta.fields, "negotiations", "checks"]


class DemocracySeatSerializer(serializers.ModelSerializer):
    congress = serializers.CharField(source="congress.__str__", read_only=True)
    union = serializers.CharField(source="congress.org.name", read_only=True)

    class Meta:
        model = Representative
        fields = ["id", "congress_id", "congress", "union"]
        read_only_fields = fields


class DemocracyMeSerializer(serializers.Serializer):
    seats = DemocracySeatSerializer(many=True)
    sessions = DemocracySessionSerializer(many=True)
    proposals = DemocracyProposalSerializer(many=True)
    to_cosign = DemocracyProposalSerializer(many=True)


class DemocracySigninSerializer(serializers.Serializer):
    token = serializers.CharField()


class DemocracySignedInSerializer(serializers.Serializer):
    session_id = serializers.IntegerField()
    signed_at = serializers.DateTimeField()
    method = serializers.CharField(help_text="qr or list")
