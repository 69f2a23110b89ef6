"""API endpoints of democratic management: every page action, for scripts and apps.

Same rules as the pages: one permission per method, records fetched through the scoped
managers (another organisation's ids are a 404), the workflows run through services.py
and are audited by the models (source "api"). The representative's own endpoints
(`me/...`) read the caller's seats through their member record like the phone pages do.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gonghui.api.base import OrgAPIView
from gonghui.api.fields import ScopedPrimaryKeyRelatedField
from gonghui.core.params import year_param
from gonghui.core.validators import SMALLINT_MAX
from gonghui.members.models import Member

from . import selectors, services
from .models import (
    AgendaItem,
    Attendance,
    Congress,
    CongressKind,
    Contract,
    ContractKind,
    Cosign,
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
from .services import DemocracyError
from .views import serve_file, signin_url

TAG = "democracy"
TAG_SELF = "democracy (representatives)"


class DemocracyErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


REFUSED = OpenApiResponse(DemocracyErrorSerializer, description="Refused by a congress rule")
DONE = OpenApiResponse(description="Done, nothing to return")
FILE = OpenApiResponse(OpenApiTypes.BINARY, description="The file")


def _refused(exc: DemocracyError) -> exceptions.ValidationError:
    return exceptions.ValidationError({"detail": str(exc)})


def _congress(congress_id: int) -> Congress:
    return get_object_or_404(Congress.objects.select_related("org"), pk=congress_id)


def _session(session_id: int) -> Session:
    return get_object_or_404(
        Session.objects.select_related("congress", "congress__org"), pk=session_id
    )


def _proposal(proposal_id: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related("congress", "congress__org", "proposer__member"),
        pk=proposal_id,
    )


def _contract(contract_id: int) -> Contract:
    return get_object_or_404(Contract.objects.select_related("org"), pk=contract_id)


def _resolution(resolution_id: int) -> Resolution:
    return get_object_or_404(
        Resolution.objects.select_related("session", "session__congress", "session__congress__org"),
        pk=resolution_id,
    )


# -- serializers ------------------------------------------------------------------------
# Choice fields are plain text with their values listed in the help: the enum names of
# the schema ("kind", "status") are already taken by other modules' choices.


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
    name = serializers.SerializerMethodField()

    class Meta:
        model = Congress
        fields = [
            "id", "union", "name", "kind", "term_number", "start_date", "end_date",
            "staff_count", "women_staff_count", "front_line_required", "min_cosigners", "note",
        ]  # fmt: skip
        read_only_fields = ["id"]

    def get_name(self, obj) -> str:
        return str(obj)


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
        return {
            "staff": c.workforce.staff,
            "women": c.workforce.women,
            "from_roll": c.workforce.from_roll,
            "region": c.region,
            "rule": str(c.rule.name),
        }

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
        fields = [
            "id", "member_id", "name", "sex", "department", "delegation", "manager_level",
            "front_line", "teacher", "elected_on", "left_on", "left_reason",
        ]  # fmt: skip
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
        fields = [
            "id", "title", "text", "ballot_id", "votes_for", "votes_against", "abstentions",
            "present", "total", "adopted",
        ]  # fmt: skip
        read_only_fields = [
            "id", "ballot_id", "votes_for", "votes_against", "abstentions", "present", "total",
            "adopted",
        ]  # fmt: skip


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
    name = serializers.SerializerMethodField()
    number = serializers.IntegerField(required=False, min_value=1, max_value=SMALLINT_MAX)
    status = choice_text(SessionStatus.choices, read_only=True)

    class Meta:
        model = Session
        fields = ["id", "congress_id", "name", "number", "date", "place", "status", "note"]
        read_only_fields = ["id", "congress_id", "status"]

    def get_name(self, obj) -> str:
        return str(obj)


class DemocracySessionDetailSerializer(DemocracySessionSerializer):
    quorum = serializers.SerializerMethodField()
    agenda = DemocracyAgendaItemSerializer(many=True, read_only=True)
    documents = DemocracyDocumentSerializer(many=True, read_only=True)
    resolutions = DemocracyResolutionSerializer(many=True, read_only=True)

    class Meta(DemocracySessionSerializer.Meta):
        fields = [
            *DemocracySessionSerializer.Meta.fields,
            "quorum",
            "agenda",
            "documents",
            "resolutions",
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
    overdue = serializers.SerializerMethodField()
    category = choice_text(ProposalCategory.choices, read_only=True)
    status = choice_text(ProposalStatus.choices, read_only=True)
    satisfaction = choice_text(Satisfaction.choices, read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id", "congress_id", "session_id", "number", "proposer", "cosigners", "title",
            "body", "category", "status", "submitted_at", "reviewed_at", "review_reason",
            "department", "deadline", "answer", "answered_at", "implementation",
            "implemented_at", "satisfaction", "satisfaction_note", "rated_at", "overdue",
        ]  # fmt: skip
        read_only_fields = fields

    def get_cosigners(self, obj) -> list[str]:
        return list(
            Cosign._base_manager.filter(proposal=obj)
            .order_by("signed_at", "id")
            .values_list("representative__member__name", flat=True)
        )

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()


class DemocracyProposalInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField()
    category = choice_text(ProposalCategory.choices, default="other")


class DemocracyProposalPatchSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    body = serializers.CharField(required=False)
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
    expiring = serializers.SerializerMethodField()

    class Meta:
        model = Contract
        fields = [
            "id", "union", "kind", "title", "terms", "employer", "start_date", "end_date",
            "approved_by", "signed_on", "filed_on", "filed_with", "expiring",
        ]  # fmt: skip
        read_only_fields = ["id"]

    def get_expiring(self, obj) -> bool:
        return obj.expiring()


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
    congress = serializers.SerializerMethodField()
    union = serializers.CharField(source="congress.org.name", read_only=True)

    class Meta:
        model = Representative
        fields = ["id", "congress_id", "congress", "union"]
        read_only_fields = fields

    def get_congress(self, obj) -> str:
        return str(obj.congress)


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


# -- congress terms -------------------------------------------------------------------------


class CongressListAPI(OrgAPIView):
    permissions = {"GET": "democracy.congress:read", "POST": "democracy.congress:write"}

    @extend_schema(tags=[TAG], responses=DemocracyCongressSerializer(many=True))
    def get(self, request, org_code):
        qs = Congress.objects.filter(org__path__startswith=self.org.path).select_related("org")
        return Response(
            DemocracyCongressSerializer(qs.order_by("org__path", "-term_number"), many=True).data
        )

    @extend_schema(
        tags=[TAG],
        request=DemocracyCongressSerializer,
        responses={201: DemocracyCongressDetailSerializer, 400: REFUSED},
    )
    def post(self, request, org_code):
        ser = DemocracyCongressSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            congress = services.congress_create(
                actor=request.user, org=self.org, data=ser.validated_data
            )
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(
            DemocracyCongressDetailSerializer(congress).data, status=status.HTTP_201_CREATED
        )


class CongressAPI(OrgAPIView):
    permissions = {"GET": "democracy.congress:read", "PATCH": "democracy.congress:write"}

    @extend_schema(tags=[TAG], responses=DemocracyCongressDetailSerializer)
    def get(self, request, org_code, congress_id):
        return Response(DemocracyCongressDetailSerializer(_congress(congress_id)).data)

    @extend_schema(
        tags=[TAG],
        request=DemocracyCongressSerializer,
        responses={200: DemocracyCongressDetailSerializer, 400: REFUSED},
    )
    def patch(self, request, org_code, congress_id):
        congress = _congress(congress_id)
        ser = DemocracyCongressSerializer(congress, data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        try:
            services.congress_update(actor=request.user, congress=congress, data=ser.validated_data)
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(DemocracyCongressDetailSerializer(congress).data)


class DelegationListAPI(OrgAPIView):
    permissions = {"GET": "democracy.congress:read", "POST": "democracy.congress:write"}

    @extend_schema(tags=[TAG], responses=DemocracyDelegationSerializer(many=True))
    def get(self, request, org_code, congress_id):
        congress = _congress(congress_id)
        return Response(DemocracyDelegationSerializer(congress.delegations.all(), many=True).data)

    @extend_schema(
        tags=[TAG],
        request=DemocracyDelegationSerializer,
        responses={201: DemocracyDelegationSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, congress_id):
        congress = _congress(congress_id)
        ser = DemocracyDelegationSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            d = services.delegation_create(
                actor=request.user, congress=congress, **ser.validated_data
            )
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(DemocracyDelegationSerializer(d).data, status=status.HTTP_201_CREATED)


class RepresentativeListAPI(OrgAPIView):
    permissions = {"GET": "democracy.congress:read", "POST": "democracy.congress:write"}

    @extend_schema(tags=[TAG], responses=DemocracyRepresentativeSerializer(many=True))
    def get(self, request, org_code, congress_id):
        congress = _congress(congress_id)
        qs = Representative.objects.filter(congress=congress).select_related("member")
        return Response(DemocracyRepresentativeSerializer(qs, many=True).data)

    @extend_schema(
        tags=[TAG],
        request=DemocracyRepresentativesAddSerializer,
        responses={201: DemocracyRepresentativeSerializer(many=True), 400: REFUSED},
    )
    def post(self, request, org_code, congress_id):
        congress = _congress(congress_id)
        ser = DemocracyRepresentativesAddSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        members = list(
            Member.objects.filter(
                pk__in=data["member_ids"], org__path__startswith=congress.org.path
            ).select_related("org")
        )
        if len(members) != len(set(data["member_ids"])):
            raise exceptions.ValidationError({"member_ids": ["Unknown member of this union."]})
        delegation = None
        if data.get("delegation"):
            delegation = Delegation.objects.filter(congress=congress, pk=data["delegation"]).first()
            if delegation is None:
                raise exceptions.ValidationError({"delegation": ["Unknown delegation."]})
        try:
            added = services.representatives_add(
                actor=request.user,
                congress=congress,
                members=members,
                delegation=delegation,
                elected_on=data.get("elected_on"),
                manager_level=data.get("manager_level", ""),
                front_line=data.get("front_line", False),
                teacher=data.get("teacher", False),
            )
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(
            DemocracyRepresentativeSerializer(added, many=True).data, status=status.HTTP_201_CREATED
        )


class RepresentativeAPI(OrgAPIView):
    permissions = {
        "GET": "democracy.congress:read",
        "PATCH": "democracy.congress:write",
        "DELETE": "democracy.congress:write",
    }

    def _rep(self, representative_id):
        return get_object_or_404(
            Representative.objects.select_related("congress", "congress__org", "member"),
            pk=representative_id,
        )

    @extend_schema(tags=[TAG], responses=DemocracyRepresentativeSerializer)
    def get(self, request, org_code, representative_id):
        return Response(DemocracyRepresentativeSerializer(self._rep(representative_id)).data)

    @extend_schema(
        tags=[TAG],
        request=DemocracyRepresentativeSerializer,
        responses={200: DemocracyRepresentativeSerializer, 400: REFUSED},
    )
    def patch(self, request, org_code, representative_id):
        rep = self._rep(representative_id)
        ser = DemocracyRepresentativeSerializer(rep, data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        try:
            services.representative_update(
                actor=request.user, representative=rep, data=ser.validated_data
            )
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(DemocracyRepresentativeSerializer(rep).data)

    @extend_schema(
        tags=[TAG],
        request=DemocracyRemoveSerializer,
        responses={200: DemocracyRepresentativeSerializer, 204: DONE, 400: REFUSED},
        description="Deletes a representative entered by mistake; one with a record "
        "(attendance, proposals) leaves the congress with today's date and the reason.",
    )
    def delete(self, request, org_code, representative_id):
        rep = self._rep(representative_id)
        ser = DemocracyRemoveSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            left = services.representative_remove(
                actor=request.user, representative=rep, reason=ser.validated_data["reason"]
            )
        except DemocracyError as exc:
            raise _refused(exc) from None
        if left is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(DemocracyRepresentativeSerializer(left).data)


# -- sessions -------------------------------------------------------------------------------


class SessionListAPI(OrgAPIView):
    permissions = {"GET": "democracy.congress:read", "POST": "democracy.congress:write"}

    @extend_schema(tags=[TAG], responses=DemocracySessionSerializer(many=True))
    def get(self, request, org_code, congress_id):
        congress = _congress(congress_id)
        return Response(
            DemocracySessionSerializer(congress.sessions.order_by("number"), many=True).data
        )

    @extend_schema(
        tags=[TAG],
        request=DemocracySessionSerializer,
        responses={201: DemocracySessionDetailSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, congress_id):
        congress = _congress(congress_id)
        ser = DemocracySessionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            session = services.session_create(
                actor=request.user, congress=congress, data=ser.validated_data
            )
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(
            DemocracySessionDetailSerializer(session).data, status=status.HTTP_201_CREATED
        )


class SessionAPI(OrgAPIView):
    permissions = {"GET": "democracy.congress:read", "PATCH": "democracy.congress:write"}

    @extend_schema(tags=[TAG], responses=DemocracySessionDetailSerializer)
    def get(self, request, org_code, session_id):
        return Response(DemocracySessionDetailSerializer(_session(session_id)).data)

    @extend_schema(
        tags=[TAG],
        request=DemocracySessionSerializer,
        responses={200: DemocracySessionDetailSerializer, 400: REFUSED},
    )
    def patch(self, request, org_code, session_id):
        session = _session(session_id)
        ser = DemocracySessionSerializer(session, data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        try:
            services.session_update(actor=request.user, session=session, data=ser.validated_data)
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(DemocracySessionDetailSerializer(session).data)


SESSION_ACTIONS = {
    "open": services.session_open,
    "close": services.session_close,
    "new_code": services.session_new_code,
}


class SessionActionAPI(OrgAPIView):
    permissions = {"POST": "democracy.congress:write"}

    @extend_schema(
        tags=[TAG],
        request=None,
        responses={200: DemocracySessionDetailSerializer, 400: REFUSED},
        parameters=[
            OpenApiParameter(
                "session_action",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                enum=list(SESSION_ACTIONS),
            )
        ],
    )
    def post(self, request, org_code, session_id, session_action):
        session = _session(session_id)
        func = SESSION_ACTIONS.get(session_action)
        if func is None:
            raise exceptions.NotFound()
        try:
            func(actor=request.user, session=session)
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(DemocracySessionDetailSerializer(session).data)


class SigninCodeAPI(OrgAPIView):
    permissions = {"GET": "democracy.congress:write"}

    @extend_schema(tags=[TAG], responses=DemocracySigninCodeSerializer)
    def get(self, request, org_code, session_id):
        session = _session(session_id)
        return Response(
            {"url": signin_url(request._request, session), "token": services.signin_token(session)}
        )


class AttendanceAPI(OrgAPIView):
    permissions = {"GET": "democracy.congress:read", "PUT": "democracy.congress:write"}

    @extend_schema(tags=[TAG], responses=DemocracyAttendanceSerializer(many=True))
    def get(self, request, org_code, session_id):
        session = _session(session_id)
        qs = session.attendance.select_related("representative__member")
        return Response(DemocracyAttendanceSerializer(qs, many=True).data)

    @extend_schema(
        tags=[TAG],
        request=DemocracyAttendanceSetSerializer,
        responses={200: DemocracyAttendanceSerializer(many=True), 400: REFUSED},
        description="The sign-in list: exactly these representatives are marked present.",
    )
    def put(self, request, org_code, session_id):
        session = _session(session_id)
        ser = DemocracyAttendanceSetSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        ids = set(ser.validated_data["present"])
        reps = list(
            Representative.objects.filter(congress=session.congress, pk__in=ids).select_related(
                "member"
            )
        )
        if len(reps) != len(ids):
            raise exceptions.ValidationError({"present": ["Unknown representative."]})
        try:
            services.attendance_set(actor=request.user, session=session, present=reps)
        except DemocracyError as exc:
            raise _refused(exc) from None
        qs = session.attendance.select_related("representative__member")
        return Response(DemocracyAttendanceSerializer(qs, many=True).data)


class AgendaAPI(OrgAPIView):
    permissions = {"POST": "democracy.congress:write"}

    @extend_schema(
        tags=[TAG],
        request=DemocracyAgendaItemSerializer,
        responses={201: DemocracyAgendaItemSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, session_id):
        session = _session(session_id)
        ser = DemocracyAgendaItemSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            item = services.agenda_add(actor=request.user, session=session, **ser.validated_data)
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(DemocracyAgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)


class AgendaItemAPI(OrgAPIView):
    permissions = {"DELETE": "democracy.congress:write"}

    @extend_schema(tags=[TAG], request=None, responses={204: DONE, 400: REFUSED})
    def delete(self, request, org_code, session_id, agenda_item_id):
        session = _session(session_id)
        item = get_object_or_404(AgendaItem.objects.filter(session=session), pk=agenda_item_id)
        item.session = session
        try:
            services.agenda_remove(actor=request.user, item=item)
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class DocumentListAPI(OrgAPIView):
    permissions = {"GET": "democracy.congress:read", "POST": "democracy.congress:write"}
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(tags=[TAG], responses=DemocracyDocumentSerializer(many=True))
    def get(self, request, org_code, session_id):
        return Response(
            DemocracyDocumentSerializer(_session(session_id).documents.all(), many=True).data
        )

    @extend_schema(
        tags=[TAG],
        request={"multipart/form-data": DemocracyUploadSerializer},
        responses={201: DemocracyDocumentSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, session_id):
        session = _session(session_id)
        ser = DemocracyUploadSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            doc = services.document_add(
                actor=request.user, session=session, upload=ser.validated_data["file"]
            )
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(DemocracyDocumentSerializer(doc).data, status=status.HTTP_201_CREATED)


class DocumentAPI(OrgAPIView):
    permissions = {"GET": "democracy.congress:read", "DELETE": "democracy.congress:write"}

    def _doc(self, session_id, session_document_id):
        session = _session(session_id)
        doc = get_object_or_404(
            SessionDocument.objects.filter(session=session), pk=session_document_id
        )
        doc.session = session
        return doc

    @extend_schema(tags=[TAG], responses={200: FILE})
    def get(self, request, org_code, session_id, session_document_id):
        doc = self._doc(session_id, session_document_id)
        return serve_file(doc.file, doc.name, doc.content_type)

    @extend_schema(tags=[TAG], request=None, responses={204: DONE, 400: REFUSED})
    def delete(self, request, org_code, session_id, session_document_id):
        doc = self._doc(session_id, session_document_id)
        try:
            services.document_remove(actor=request.user, document=doc)
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class ResolutionListAPI(OrgAPIView):
    permissions = {"GET": "democracy.congress:read", "POST": "democracy.congress:write"}

    @extend_schema(tags=[TAG], responses=DemocracyResolutionSerializer(many=True))
    def get(self, request, org_code, session_id):
        return Response(
            DemocracyResolutionSerializer(_session(session_id).resolutions.all(), many=True).data
        )

    @extend_schema(
        tags=[TAG],
        request=DemocracyResolutionSerializer,
        responses={201: DemocracyResolutionSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, session_id):
        session = _session(session_id)
        ser = DemocracyResolutionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            r = services.resolution_create(
                actor=request.user, session=session, **ser.validated_data
            )
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(DemocracyResolutionSerializer(r).data, status=status.HTTP_201_CREATED)


class ResolutionVotesAPI(OrgAPIView):
    permissions = {"POST": "democracy.congress:write"}

    @extend_schema(
        tags=[TAG],
        request=DemocracyVotesSerializer,
        responses={200: DemocracyResolutionSerializer, 400: REFUSED},
        description="Counts of a show of hands or a paper count. Refused without a quorum "
        "(two thirds of all representatives present); adopted only with more than half of "
        "ALL representatives voting for.",
    )
    def post(self, request, org_code, resolution_id):
        resolution = _resolution(resolution_id)
        ser = DemocracyVotesSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            services.resolution_record_votes(
                actor=request.user, resolution=resolution, **ser.validated_data
            )
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(DemocracyResolutionSerializer(resolution).data)


class ResolutionBallotAPI(OrgAPIView):
    permissions = {"POST": "democracy.congress:write"}

    @extend_schema(
        tags=[TAG],
        request=DemocracyBallotOpenSerializer,
        responses={200: DemocracyResolutionSerializer, 400: REFUSED},
        description="Opens a ballot in the voting app: the electorate is the representatives "
        "present, the threshold counts all of them.",
    )
    def post(self, request, org_code, resolution_id):
        resolution = _resolution(resolution_id)
        ser = DemocracyBallotOpenSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            services.resolution_open_ballot(
                actor=request.user, resolution=resolution, secret=ser.validated_data["secret"]
            )
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(DemocracyResolutionSerializer(resolution).data)


class ResolutionResultAPI(OrgAPIView):
    permissions = {"POST": "democracy.congress:write"}

    @extend_schema(
        tags=[TAG],
        request=None,
        responses={200: DemocracyResolutionSerializer, 400: REFUSED},
        description="Takes the counted result of the resolution's ballot (once closed).",
    )
    def post(self, request, org_code, resolution_id):
        resolution = _resolution(resolution_id)
        try:
            services.resolution_take_ballot_result(actor=request.user, resolution=resolution)
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(DemocracyResolutionSerializer(resolution).data)


# -- proposals (cadres) ---------------------------------------------------------------------


class ProposalListAPI(OrgAPIView):
    permissions = {"GET": "democracy.congress:read"}

    @extend_schema(
        tags=[TAG],
        responses=DemocracyProposalSerializer(many=True),
        parameters=[
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=["overdue", *ProposalStatus.values[1:]]
            )
        ],
    )
    def get(self, request, org_code):
        qs = (
            Proposal.objects.filter(congress__org__path__startswith=self.org.path)
            .exclude(status=ProposalStatus.DRAFT)
            .select_related("proposer__member")
            .order_by("-submitted_at", "-id")
        )
        flt = request.query_params.get("status", "")
        if flt == "overdue":
            qs = qs.filter(pk__in=selectors.overdue_proposals(self.org).values("pk"))
        elif flt in ProposalStatus.values:
            qs = qs.filter(status=flt)
        return Response(DemocracyProposalSerializer(qs[:500], many=True).data)


class ProposalAPI(OrgAPIView):
    permissions = {"GET": "democracy.congress:read"}

    @extend_schema(tags=[TAG], responses=DemocracyProposalSerializer)
    def get(self, request, org_code, proposal_id):
        proposal = _proposal(proposal_id)
        if proposal.status == ProposalStatus.DRAFT:
            raise exceptions.NotFound()  # a draft is the proposer's until submitted
        return Response(DemocracyProposalSerializer(proposal).data)


PROPOSAL_ACTIONS = ["review", "assign", "answer", "implement"]


class ProposalActionAPI(OrgAPIView):
    permissions = {"POST": "democracy.proposal:handle"}

    @extend_schema(
        tags=[TAG],
        request=DemocracyProposalHandleSerializer,
        responses={200: DemocracyProposalSerializer, 400: REFUSED},
        parameters=[
            OpenApiParameter(
                "proposal_action", OpenApiTypes.STR, OpenApiParameter.PATH, enum=PROPOSAL_ACTIONS
            )
        ],
        description="review {accept, reason} · assign {department, deadline} · "
        "answer {answer} · implement {implementation}",
    )
    def post(self, request, org_code, proposal_id, proposal_action):
        proposal = _proposal(proposal_id)
        ser = DemocracyProposalHandleSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        a = request.user
        try:
            if proposal_action == "review":
                if "accept" not in d:
                    raise exceptions.ValidationError({"accept": ["This field is required."]})
                services.proposal_review(
                    actor=a, proposal=proposal, accept=d["accept"], reason=d.get("reason", "")
                )
            elif proposal_action == "assign":
                services.proposal_assign(
                    actor=a,
                    proposal=proposal,
                    department=d.get("department", ""),
                    deadline=d.get("deadline"),
                )
            elif proposal_action == "answer":
                services.proposal_answer(actor=a, proposal=proposal, answer=d.get("answer", ""))
            elif proposal_action == "implement":
                services.proposal_implement(
                    actor=a, proposal=proposal, implementation=d.get("implementation", "")
                )
            else:
                raise exceptions.NotFound()
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(DemocracyProposalSerializer(proposal).data)


class ProposalReportAPI(OrgAPIView):
    permissions = {"GET": "democracy.congress:read"}

    @extend_schema(
        tags=[TAG],
        responses=DemocracyReportSerializer,
        parameters=[OpenApiParameter("year", OpenApiTypes.INT)],
    )
    def get(self, request, org_code):
        year = year_param(request)
        report = selectors.proposal_report(self.org, year)
        report = {k: v for k, v in report.items() if k != "today"}
        report["year"] = year
        return Response(DemocracyReportSerializer(report).data)


# -- collective contracts -------------------------------------------------------------------


class ContractListAPI(OrgAPIView):
    permissions = {"GET": "democracy.contract:read", "POST": "democracy.contract:write"}

    @extend_schema(tags=[TAG], responses=DemocracyContractSerializer(many=True))
    def get(self, request, org_code):
        qs = Contract.objects.filter(org__path__startswith=self.org.path).select_related("org")
        return Response(DemocracyContractSerializer(qs.order_by("-end_date", "id"), many=True).data)

    @extend_schema(
        tags=[TAG],
        request=DemocracyContractSerializer,
        responses={201: DemocracyContractDetailSerializer, 400: REFUSED},
    )
    def post(self, request, org_code):
        ser = DemocracyContractSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            contract = services.contract_create(
                actor=request.user, org=self.org, data=ser.validated_data
            )
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(
            DemocracyContractDetailSerializer(contract).data, status=status.HTTP_201_CREATED
        )


class ContractAPI(OrgAPIView):
    permissions = {"GET": "democracy.contract:read", "PATCH": "democracy.contract:write"}

    @extend_schema(tags=[TAG], responses=DemocracyContractDetailSerializer)
    def get(self, request, org_code, contract_id):
        return Response(DemocracyContractDetailSerializer(_contract(contract_id)).data)

    @extend_schema(
        tags=[TAG],
        request=DemocracyContractSerializer,
        responses={200: DemocracyContractDetailSerializer, 400: REFUSED},
    )
    def patch(self, request, org_code, contract_id):
        contract = _contract(contract_id)
        ser = DemocracyContractSerializer(contract, data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        try:
            services.contract_update(actor=request.user, contract=contract, data=ser.validated_data)
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(DemocracyContractDetailSerializer(contract).data)


class NegotiationListAPI(OrgAPIView):
    permissions = {"POST": "democracy.contract:write"}
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        tags=[TAG],
        request={
            "multipart/form-data": DemocracyNegotiationSerializer,
            "application/json": DemocracyNegotiationSerializer,
        },
        responses={201: DemocracyNegotiationSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, contract_id):
        contract = _contract(contract_id)
        ser = DemocracyNegotiationSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        upload = data.pop("file", None)
        try:
            item = services.negotiation_add(
                actor=request.user, contract=contract, data=data, upload=upload
            )
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(DemocracyNegotiationSerializer(item).data, status=status.HTTP_201_CREATED)


class NegotiationFileAPI(OrgAPIView):
    permissions = {"GET": "democracy.contract:read"}

    @extend_schema(tags=[TAG], responses={200: FILE})
    def get(self, request, org_code, negotiation_id):
        item = get_object_or_404(Negotiation.objects.exclude(file=""), pk=negotiation_id)
        return serve_file(item.file, item.file_name or "minutes", item.content_type)


class HonouringCheckAPI(OrgAPIView):
    permissions = {"POST": "democracy.contract:write"}

    @extend_schema(
        tags=[TAG],
        request=DemocracyHonouringCheckSerializer,
        responses={200: DemocracyHonouringCheckSerializer, 400: REFUSED},
        description="Records (or replaces) the check of one year.",
    )
    def post(self, request, org_code, contract_id):
        contract = _contract(contract_id)
        ser = DemocracyHonouringCheckSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            check = services.honouring_check_record(
                actor=request.user, contract=contract, **ser.validated_data
            )
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(DemocracyHonouringCheckSerializer(check).data)


# -- the representative's own ---------------------------------------------------------------


def _seats(request, org):
    member = selectors.member_of(request.user, org)
    return member, selectors.representative_terms(member)


class MeAPI(OrgAPIView):
    permissions = {"GET": "democracy.proposal:submit"}

    @extend_schema(tags=[TAG_SELF], responses=DemocracyMeSerializer)
    def get(self, request, org_code):
        _member, seats = _seats(request, self.org)
        rep_ids = [r.pk for r in seats]
        congress_ids = [r.congress_id for r in seats]
        sessions = Session._base_manager.filter(congress_id__in=congress_ids).order_by("date")
        mine = Proposal._base_manager.filter(proposer_id__in=rep_ids).select_related(
            "proposer__member"
        )
        drafts = (
            Proposal._base_manager.filter(congress_id__in=congress_ids, status=ProposalStatus.DRAFT)
            .exclude(proposer_id__in=rep_ids)
            .select_related("proposer__member")
        )
        return Response(
            DemocracyMeSerializer(
                {"seats": seats, "sessions": sessions, "proposals": mine, "to_cosign": drafts}
            ).data
        )


class SigninAPI(OrgAPIView):
    permissions = {"POST": "democracy.proposal:submit"}

    @extend_schema(
        tags=[TAG_SELF],
        request=DemocracySigninSerializer,
        responses={200: DemocracySignedInSerializer, 400: REFUSED},
        description="Sign in to a session with the token of its QR code.",
    )
    def post(self, request, org_code):
        ser = DemocracySigninSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        _member, seats = _seats(request, self.org)
        try:
            session_id, key = services.signin_session(ser.validated_data["token"])
            session = Session._base_manager.select_related("congress").filter(pk=session_id).first()
            rep = next((r for r in seats if session and r.congress_id == session.congress_id), None)
            if rep is None:
                raise DemocracyError(_not_rep())
            att = services.signin_self(
                actor=request.user, session=session, representative=rep, key=key
            )
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(
            {"session_id": session.pk, "signed_at": att.signed_at, "method": att.method}
        )


def _not_rep() -> str:
    return _("You are not a representative of this congress.")


class MyProposalListAPI(OrgAPIView):
    permissions = {"GET": "democracy.proposal:submit", "POST": "democracy.proposal:submit"}

    @extend_schema(tags=[TAG_SELF], responses=DemocracyProposalSerializer(many=True))
    def get(self, request, org_code):
        _member, seats = _seats(request, self.org)
        qs = Proposal._base_manager.filter(proposer_id__in=[r.pk for r in seats]).order_by("-id")
        return Response(
            DemocracyProposalSerializer(qs.select_related("proposer__member"), many=True).data
        )

    @extend_schema(
        tags=[TAG_SELF],
        request=DemocracyProposalInputSerializer,
        responses={201: DemocracyProposalSerializer, 400: REFUSED},
        description="A draft; co-signers sign it, then the proposer submits it.",
    )
    def post(self, request, org_code):
        _member, seats = _seats(request, self.org)
        ser = DemocracyProposalInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        if not seats:
            raise exceptions.ValidationError({"detail": _not_rep()})
        try:
            p = services.proposal_create(
                actor=request.user, representative=seats[0], data=ser.validated_data
            )
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(DemocracyProposalSerializer(p).data, status=status.HTTP_201_CREATED)


class _Own:
    def _own(self, request, proposal_id):
        _member, seats = _seats(request, self.org)
        p = selectors.own_proposal([r.pk for r in seats], proposal_id)
        if p is None:
            raise exceptions.NotFound()
        rep = next(r for r in seats if r.congress_id == p.congress_id)
        return p, rep


class MyProposalAPI(_Own, OrgAPIView):
    permissions = {"GET": "democracy.proposal:submit", "PATCH": "democracy.proposal:submit"}

    @extend_schema(tags=[TAG_SELF], responses=DemocracyProposalSerializer)
    def get(self, request, org_code, proposal_id):
        p, _rep = self._own(request, proposal_id)
        return Response(DemocracyProposalSerializer(p).data)

    @extend_schema(
        tags=[TAG_SELF],
        request=DemocracyProposalPatchSerializer,
        responses={200: DemocracyProposalSerializer, 400: REFUSED},
    )
    def patch(self, request, org_code, proposal_id):
        p, rep = self._own(request, proposal_id)
        if p.proposer_id != rep.pk:
            raise exceptions.NotFound()
        ser = DemocracyProposalPatchSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            services.proposal_update(actor=request.user, proposal=p, data=ser.validated_data)
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(DemocracyProposalSerializer(p).data)


REP_ACTIONS = ["submit", "cosign", "uncosign", "rate"]


class MyProposalActionAPI(_Own, OrgAPIView):
    permissions = {"POST": "democracy.proposal:submit"}

    @extend_schema(
        operation_id="orgs_democracy_me_proposals_action",
        tags=[TAG_SELF],
        request=DemocracyRateSerializer,
        responses={200: DemocracyProposalSerializer, 400: REFUSED},
        parameters=[
            OpenApiParameter(
                "rep_action", OpenApiTypes.STR, OpenApiParameter.PATH, enum=REP_ACTIONS
            )
        ],
        description="submit (the proposer, with enough co-signers) · cosign / uncosign "
        "(another representative of the congress) · rate {satisfaction, note} (the proposer, "
        "once answered)",
    )
    def post(self, request, org_code, proposal_id, rep_action):
        p, rep = self._own(request, proposal_id)
        try:
            if rep_action == "submit":
                services.proposal_submit(actor=request.user, proposal=p)
            elif rep_action == "cosign":
                services.proposal_cosign(actor=request.user, proposal=p, representative=rep)
            elif rep_action == "uncosign":
                services.proposal_withdraw_cosign(
                    actor=request.user, proposal=p, representative=rep
                )
            elif rep_action == "rate":
                ser = DemocracyRateSerializer(data=request.data)
                ser.is_valid(raise_exception=True)
                services.proposal_rate(
                    actor=request.user,
                    proposal=p,
                    satisfaction=ser.validated_data.get("satisfaction", ""),
                    note=ser.validated_data["note"],
                )
            else:
                raise exceptions.NotFound()
        except DemocracyError as exc:
            raise _refused(exc) from None
        return Response(DemocracyProposalSerializer(p).data)
