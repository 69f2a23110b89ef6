"""API endpoints of the member roster (会员管理): the pages in views.py, for scripts.

Same rules as the pages: one permission per method, members and transfers fetched
through the scoped managers (another organisation's ids are a 404), the workflows run
through the service functions, and every change is audited by the models and services
(the base view sets the actor, the address and the source "api"). ID and mobile numbers
are masked unless the caller holds members.sensitive:read and asks for them (logged).

ActivateAPI is the one public endpoint: a member creates their login with a printed code,
as on the page public_views.activate, sharing its throttle.
"""

from __future__ import annotations

import io
from urllib.parse import quote

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from gonghui.api.base import OrgAPIView
from gonghui.audit import models as audit
from gonghui.audit.context import client_ip
from gonghui.orgs.models import Organisation, OrgKind
from gonghui.orgs.serializers import apply_and_clean

from . import public_views, services, vocab
from .certificate import certificate_filename, render_certificate
from .exports import XLSX_CONTENT_TYPE, export_roster, roster_filename
from .forms import SelfContactForm
from .invitations import ActivationError, invitation_accept, invitations_create
from .models import ChangeRequest, Invitation, LapseTalk, Member, Status, Transfer
from .rules import LAPSE
from .selectors import AGE_BANDS, SORTS, RosterFilter, incoming_transfers, lapse_candidates, roster
from .serializers import (
    ActivatedSerializer,
    ActivationSerializer,
    ChangeRequestItemSerializer,
    ChangeRequestSubmitSerializer,
    InvitationCreateSerializer,
    InvitationIssuedSerializer,
    InvitationOverviewSerializer,
    LapseOverviewSerializer,
    LapseTalkRecordSerializer,
    LapseTalkSerializer,
    MemberErrorSerializer,
    MemberLifecycleSerializer,
    MemberListSerializer,
    MemberMovedSerializer,
    MemberMoveSerializer,
    MemberSerializer,
    MembershipEventSerializer,
    SelfMemberSerializer,
    StatisticsSerializer,
    TransferAcceptSerializer,
    TransferRefuseSerializer,
    TransferRequestSerializer,
    TransferSerializer,
    union_names,
)
from .views import LIFECYCLE

TAG = "members"
TAG_TRANSFERS = "member transfers"
TRUE = ("1", "true")

ROSTER_PARAMETERS = [
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        description="Name, pinyin in full or initials (zhangsan / zs), or the last digits "
        "of the ID or mobile number",
    ),
    OpenApiParameter("group", OpenApiTypes.STR, description="Code of a group (or union)"),
    OpenApiParameter(
        "status",
        OpenApiTypes.STR,
        enum=["on_roll", "all", *Status.values],
        description="Default: on_roll (active, retained and transferring)",
    ),
    OpenApiParameter("sex", OpenApiTypes.STR, enum=[v for v, _label in vocab.SEXES]),
    OpenApiParameter("age", OpenApiTypes.STR, enum=list(AGE_BANDS)),
    OpenApiParameter("political", OpenApiTypes.STR, enum=vocab.POLITICAL),
    OpenApiParameter("education", OpenApiTypes.STR, enum=vocab.EDUCATION),
    OpenApiParameter("member_type", OpenApiTypes.STR, enum=[v for v, _label in vocab.MEMBER_TYPES]),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=list(SORTS)),
]

# A 400 is {"detail": "..."} when a membership rule refuses, {field: [messages]} otherwise.
REFUSED = OpenApiResponse(
    MemberErrorSerializer,
    description='Refused by a membership rule ({"detail": ...}), or invalid fields '
    "({field: [messages]})",
)


def _flag(value) -> bool:
    return (value or "").lower() in TRUE


def _member(member_id: int) -> Member:
    # Through the scoped manager: a member of another organisation is a 404.
    return get_object_or_404(Member.objects.select_related("org", "user"), pk=member_id)


def _refused(exc: services.MemberError) -> exceptions.ValidationError:
    return exceptions.ValidationError({"detail": str(exc)})


def _field_errors(exc: DjangoValidationError) -> exceptions.ValidationError:
    detail = serializers.as_serializer_error(exc)
    if "__all__" in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop("__all__")
    return exceptions.ValidationError(detail)


def _org_choices(org: Organisation):
    """Where a member may be placed: inside the caller's union, as the page form offers."""
    union = org
    if org.kind != OrgKind.UPPER:
        try:
            union = services.union_of(org)
        except services.MemberError:
            union = org
    return Organisation.objects.filter(path__startswith=union.path).exclude(kind=OrgKind.UPPER)


def _member_response(member: Member, *, status_code=status.HTTP_200_OK) -> Response:
    return Response(MemberSerializer(member).data, status=status_code)


# -- the roster -------------------------------------------------------------


class MemberListAPI(OrgAPIView):
    permissions = {"GET": "members.roster:read", "POST": "members.roster:write"}
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=[TAG],
        operation_id="members_list",
        summary="The roster, filtered like the page; ID and mobile numbers masked",
        parameters=ROSTER_PARAMETERS,
        responses=MemberListSerializer(many=True),
    )
    def get(self, request, org_code):
        qs = roster(RosterFilter.from_params(request.query_params))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        data = MemberListSerializer(
            page, many=True, context={"union_names": union_names(page)}
        ).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        tags=[TAG],
        operation_id="members_create",
        summary="Register a member (a former member joins again on their old record)",
        request=MemberSerializer,
        responses={201: MemberSerializer, 400: REFUSED},
    )
    def post(self, request, org_code):
        serializer = MemberSerializer(data=request.data, org_choices=_org_choices(self.org))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        org = data.pop("org", None) or self.org
        # Field-keyed errors first (check digit, birth date and sex against the ID), as
        # the page form gives them; whether the person already holds a membership is the
        # service's call, across the whole platform.
        try:
            Member(org=org, **data).full_clean(
                exclude=["user"], validate_unique=False, validate_constraints=False
            )
        except DjangoValidationError as exc:
            raise _field_errors(exc) from exc
        try:
            member = services.member_create(actor=request.user, org=org, data=data)
        except services.MemberError as exc:
            raise _refused(exc) from exc
        return _member_response(member, status_code=status.HTTP_201_CREATED)


class MemberAPI(OrgAPIView):
    permissions = {"GET": "members.roster:read", "PATCH": "members.roster:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="members_read",
        parameters=[
            OpenApiParameter(
                "reveal",
                OpenApiTypes.BOOL,
                description="Full ID and mobile number (needs members.sensitive:read; logged)",
            )
        ],
        responses=MemberSerializer,
    )
    def get(self, request, org_code, member_id):
        member = _member(member_id)
        reveal = _flag(request.query_params.get("reveal"))
        if reveal:
            if not self.access.has("members.sensitive:read"):
                raise exceptions.PermissionDenied()
            # Every unmasked view of personal data is on the record, as on the page.
            audit.record(
                "members.member.revealed", obj=member, note=_("Full ID and mobile number shown")
            )
        return Response(MemberSerializer(member, context={"reveal": reveal}).data)

    @extend_schema(
        tags=[TAG],
        operation_id="members_update",
        summary="Edit a member (the fields of the page form)",
        description="When the ID number changes and neither birth_date nor sex is sent, "
        "both are taken from the new resident ID number again.",
        request=MemberSerializer,
        responses=MemberSerializer,
    )
    def patch(self, request, org_code, member_id):
        member = _member(member_id)
        serializer = MemberSerializer(
            member, data=request.data, partial=True, org_choices=_org_choices(self.org)
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        resident = data.get("id_type", member.id_type) == "resident"
        if resident and ("id_number" in data or "id_type" in data):
            # Derived from the ID number; Member.clean() still checks values that are sent.
            data.setdefault("birth_date", None)
            data.setdefault("sex", "")
        # Member.clean(): the check digit, birth date and sex against the ID number.
        apply_and_clean(member, data)
        member.save()
        return _member_response(member)


class MemberHistoryAPI(OrgAPIView):
    permissions = {"GET": "members.roster:read"}

    @extend_schema(
        tags=[TAG],
        operation_id="members_history",
        summary="The member's membership changes, including those in unions they came from",
        responses=MembershipEventSerializer(many=True),
    )
    def get(self, request, org_code, member_id):
        member = _member(member_id)
        return Response(MembershipEventSerializer(services.history(member), many=True).data)


class MemberLifecycleAPI(OrgAPIView):
    permissions = {"POST": "members.lifecycle:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="members_lifecycle",
        summary="Approve or reject an application, retire, restore, leave, lapse or expel",
        description="leave, lapse, expel and reject need a reason.",
        parameters=[
            OpenApiParameter(
                "action", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(LIFECYCLE)
            )
        ],
        request=MemberLifecycleSerializer,
        responses={200: MemberSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, member_id, action):
        member = _member(member_id)
        if action not in LIFECYCLE:
            raise Http404
        serializer = MemberLifecycleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            LIFECYCLE[action](request.user, member, serializer.validated_data)
        except services.MemberError as exc:
            raise _refused(exc) from exc
        return _member_response(member)


# -- transfers --------------------------------------------------------------


def _transfer_response(transfer: Transfer, org, *, status_code=status.HTTP_200_OK) -> Response:
    return Response(TransferSerializer(transfer, context={"org": org}).data, status=status_code)


class MemberTransferAPI(OrgAPIView):
    permissions = {"POST": "members.lifecycle:write"}

    @extend_schema(
        tags=[TAG_TRANSFERS],
        operation_id="members_transfer",
        summary="Send the member to another union (it waits for the receiving union)",
        request=TransferRequestSerializer,
        responses={201: TransferSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, member_id):
        member = _member(member_id)
        serializer = TransferRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            transfer = services.member_transfer_request(
                actor=request.user,
                member=member,
                to_org=serializer.validated_data["to_code"],
                reason=serializer.validated_data["reason"],
            )
        except services.MemberError as exc:
            raise _refused(exc) from exc
        return _transfer_response(transfer, self.org, status_code=status.HTTP_201_CREATED)


class TransferListAPI(OrgAPIView):
    permissions = {"GET": "members.roster:read"}
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=[TAG_TRANSFERS],
        operation_id="members_transfers_list",
        summary="Transfers coming in and going out, newest first",
        parameters=[
            OpenApiParameter("direction", OpenApiTypes.STR, enum=["incoming", "outgoing"]),
            OpenApiParameter("state", OpenApiTypes.STR, enum=Transfer.State.values),
        ],
        responses=TransferSerializer(many=True),
    )
    def get(self, request, org_code):
        # Scoped from both sides: a transfer is seen by the sending and the receiving union.
        qs = Transfer.objects.select_related(
            "member", "from_org", "to_org", "requested_by", "decided_by"
        ).order_by("-requested_on", "-id")
        incoming = incoming_transfers(self.org)
        direction = request.query_params.get("direction", "")
        if direction == "incoming":
            qs = qs.filter(incoming)
        elif direction == "outgoing":
            qs = qs.exclude(incoming)
        state = request.query_params.get("state", "")
        if state in Transfer.State.values:
            qs = qs.filter(state=state)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        data = TransferSerializer(page, many=True, context={"org": self.org}).data
        return paginator.get_paginated_response(data)


def _incoming_transfer(org, transfer_id: int) -> Transfer:
    transfer = get_object_or_404(
        Transfer.objects.select_related("member", "from_org", "to_org"), pk=transfer_id
    )
    # Only the receiving side decides; the sending side gets a 404, as on the page.
    if not transfer.to_org.is_descendant_of(org):
        raise Http404
    return transfer


class TransferAcceptAPI(OrgAPIView):
    permissions = {"POST": "members.lifecycle:write"}

    @extend_schema(
        tags=[TAG_TRANSFERS],
        operation_id="members_transfer_accept",
        summary="The receiving union registers the member (optionally in one of its groups)",
        request=TransferAcceptSerializer,
        responses={200: TransferSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, transfer_id):
        transfer = _incoming_transfer(self.org, transfer_id)
        serializer = TransferAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.member_transfer_accept(
                actor=request.user,
                transfer=transfer,
                group=serializer.validated_data.get("group"),
            )
        except services.MemberError as exc:
            raise _refused(exc) from exc
        transfer.refresh_from_db()
        return _transfer_response(transfer, self.org)


class TransferRefuseAPI(OrgAPIView):
    permissions = {"POST": "members.lifecycle:write"}

    @extend_schema(
        tags=[TAG_TRANSFERS],
        operation_id="members_transfer_refuse",
        summary="The receiving union refuses; the member stays with the sending union",
        request=TransferRefuseSerializer,
        responses={200: TransferSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, transfer_id):
        transfer = _incoming_transfer(self.org, transfer_id)
        serializer = TransferRefuseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.member_transfer_refuse(
                actor=request.user, transfer=transfer, reason=serializer.validated_data["reason"]
            )
        except services.MemberError as exc:
            raise _refused(exc) from exc
        transfer.refresh_from_db()
        return _transfer_response(transfer, self.org)


# -- groups, applications, statistics ----------------------------------------


class MoveGroupAPI(OrgAPIView):
    permissions = {"POST": "members.roster:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="members_move",
        summary="Move members in bulk to a group of the same union",
        request=MemberMoveSerializer,
        responses={200: MemberMovedSerializer, 400: REFUSED},
    )
    def post(self, request, org_code):
        serializer = MemberMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            moved = services.members_move_group(
                actor=request.user,
                members=serializer.validated_data["members"],
                group=serializer.validated_data["group"],
            )
        except services.MemberError as exc:
            raise _refused(exc) from exc
        return Response(MemberMovedSerializer({"moved": moved}).data)


class ApplicationListAPI(OrgAPIView):
    permissions = {"GET": "members.lifecycle:write"}
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=[TAG],
        operation_id="members_applications",
        summary="Applications to join waiting for the committee",
        responses=MemberListSerializer(many=True),
    )
    def get(self, request, org_code):
        qs = Member.objects.filter(status=Status.APPLIED).select_related("org")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        data = MemberListSerializer(
            page, many=True, context={"union_names": union_names(page)}
        ).data
        return paginator.get_paginated_response(data)


class StatisticsAPI(OrgAPIView):
    permissions = {"GET": "members.roster:read"}

    @extend_schema(
        tags=[TAG],
        operation_id="members_statistics",
        summary="Members on the roll, counted by sex, type, education and political status",
        responses=StatisticsSerializer,
    )
    def get(self, request, org_code):
        qs = roster(RosterFilter())

        def by(field: str) -> list[dict]:
            rows = qs.order_by().values(field).annotate(n=Count("id")).order_by("-n", field)
            return [{"value": r[field] or "", "count": r["n"]} for r in rows]

        data = {
            "total": qs.count(),
            "by_sex": by("sex"),
            "by_member_type": by("member_type"),
            "by_education": by("education"),
            "by_political_status": by("political_status"),
        }
        return Response(StatisticsSerializer(data).data)


# -- export -----------------------------------------------------------------


class XlsxRenderer(BaseRenderer):
    """Lets a client ask for the spreadsheet by its media type (the body is made by hand)."""

    media_type = XLSX_CONTENT_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class JSONErrorsMixin:
    """For endpoints answering a file: errors (403, 404, ...) are JSON even when the
    client asked for the file's media type."""

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class ExportAPI(JSONErrorsMixin, OrgAPIView):
    permissions = {"GET": "members.export:run"}
    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(
        tags=[TAG],
        operation_id="members_export",
        summary="The (filtered) roster as .xlsx in the column order of the real-name template",
        parameters=[
            *ROSTER_PARAMETERS,
            OpenApiParameter(
                "full",
                OpenApiTypes.BOOL,
                description="Full ID and mobile numbers; honoured only with "
                "members.sensitive:read (the export is logged either way)",
            ),
        ],
        responses={
            (200, XLSX_CONTENT_TYPE): OpenApiResponse(
                OpenApiTypes.BINARY, description="The roster workbook"
            )
        },
    )
    def get(self, request, org_code):
        full = _flag(request.query_params.get("full")) and self.access.has("members.sensitive:read")
        buf = io.BytesIO()
        export_roster(
            buf, user=request.user, org=self.org, options=request.query_params, full_ids=full
        )
        response = HttpResponse(buf.getvalue(), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{quote(roster_filename(self.org))}"
        )
        return response


# -- the caller's own record ------------------------------------------------


def _own_member(request) -> Member:
    # One's own record is read by its account link, wherever the record sits now.
    member = Member._base_manager.filter(user=request.user).select_related("org").first()
    if member is None:
        raise exceptions.NotFound(_("Your account is not linked to a member record yet."))
    return member


class SelfMemberAPI(OrgAPIView):
    """The caller's own member record, wherever it sits now (as the page members/me/)."""

    permissions = {"GET": "self:read", "PATCH": "self:read"}

    def _own(self, request) -> Member:
        return _own_member(request)

    @extend_schema(
        tags=[TAG],
        operation_id="members_me_read",
        summary="My membership: my record (ID number masked), history and pending corrections",
        responses=SelfMemberSerializer,
    )
    def get(self, request, org_code):
        return Response(SelfMemberSerializer(self._own(request)).data)

    @extend_schema(
        tags=[TAG],
        operation_id="members_me_update",
        summary="Change my contact details (mobile, native place, place of household registration)",
        request=SelfMemberSerializer,
        responses=SelfMemberSerializer,
    )
    def patch(self, request, org_code):
        member = self._own(request)
        serializer = SelfMemberSerializer(member, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = SelfContactForm.Meta.fields
        data = {f: serializer.validated_data.get(f, getattr(member, f)) for f in fields}
        # The page's own form: the same fields, the same model validation.
        form = SelfContactForm(data=data, instance=member)
        if not form.is_valid():
            errors = {k: [str(e) for e in v] for k, v in form.errors.items()}
            if "__all__" in errors:
                errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop("__all__")
            raise exceptions.ValidationError(errors)
        form.save()
        return Response(SelfMemberSerializer(member).data)


# -- correction requests ----------------------------------------------------


class SelfChangeRequestAPI(OrgAPIView):
    """A member asks the committee to correct their name or ID number (as on members/me/)."""

    permissions = {"POST": "self:read"}

    @extend_schema(
        tags=[TAG],
        operation_id="members_me_request",
        summary="Ask the union committee to correct my name or ID number",
        request=ChangeRequestSubmitSerializer,
        responses={201: ChangeRequestItemSerializer, 400: REFUSED},
    )
    def post(self, request, org_code):
        member = _own_member(request)
        serializer = ChangeRequestSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            item = services.change_request_submit(member=member, **serializer.validated_data)
        except services.MemberError as exc:
            raise _refused(exc) from exc
        return Response(ChangeRequestItemSerializer(item).data, status=status.HTTP_201_CREATED)


class ChangeRequestListAPI(OrgAPIView):
    permissions = {"GET": "members.roster:write"}
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=[TAG],
        operation_id="members_requests",
        summary="Corrections of name or ID number waiting for the committee",
        responses=ChangeRequestItemSerializer(many=True),
    )
    def get(self, request, org_code):
        qs = ChangeRequest.objects.filter(state=ChangeRequest.State.PENDING).select_related(
            "member", "org", "decided_by"
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        data = ChangeRequestItemSerializer(page, many=True, context={"access": self.access}).data
        return paginator.get_paginated_response(data)


def _decide(request, request_id: int, *, approve: bool) -> Response:
    # Through the scoped manager: another organisation's request is a 404.
    item = get_object_or_404(ChangeRequest.objects.select_related("member", "org"), pk=request_id)
    try:
        services.change_request_decide(actor=request.user, item=item, approve=approve)
    except services.MemberError as exc:
        raise _refused(exc) from exc
    return Response(ChangeRequestItemSerializer(item).data)


class ChangeRequestApproveAPI(OrgAPIView):
    permissions = {"POST": "members.roster:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="members_request_approve",
        summary="Approve a correction: the member's record takes the requested value",
        request=None,
        responses={200: ChangeRequestItemSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, request_id):
        return _decide(request, request_id, approve=True)


class ChangeRequestRejectAPI(OrgAPIView):
    permissions = {"POST": "members.roster:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="members_request_reject",
        summary="Reject a correction: the member's record stays as it is",
        request=None,
        responses={200: ChangeRequestItemSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, request_id):
        return _decide(request, request_id, approve=False)


# -- member logins ----------------------------------------------------------


class InvitationListAPI(OrgAPIView):
    """One-time codes for members who have no login yet (as the page members/invitations/)."""

    permissions = {"GET": "members.account:write", "POST": "members.account:write"}

    @staticmethod
    def _without_login():
        return Member.objects.filter(
            user__isnull=True, status__in=[Status.ACTIVE, Status.RETAINED]
        ).select_related("org")

    @extend_schema(
        tags=[TAG],
        operation_id="members_invitations",
        summary="Members without a login (mobile masked), and the codes waiting to be used",
        parameters=[
            OpenApiParameter(
                "group", OpenApiTypes.STR, description="Code of a group: only its members"
            )
        ],
        responses=InvitationOverviewSerializer,
    )
    def get(self, request, org_code):
        without = self._without_login()
        group = request.query_params.get("group") or ""
        if group:
            without = without.filter(org__code=group)
        data = {
            "count": without.count(),
            "pending": Invitation.objects.filter(used_at__isnull=True, revoked=False).count(),
            "members": without.order_by("org__path", "name_pinyin")[:500],
        }
        return Response(InvitationOverviewSerializer(data).data)

    @extend_schema(
        tags=[TAG],
        operation_id="members_invitations_create",
        summary="Print codes: a new one-time code for each member without a login",
        description="The codes are in this response only (the printed sheet of the page); "
        "only their hashes are stored. A new code cancels the member's earlier unused one. "
        "Members who have a login, or are not active or retained, are left out.",
        request=InvitationCreateSerializer,
        responses={201: InvitationIssuedSerializer(many=True)},
    )
    def post(self, request, org_code):
        serializer = InvitationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        without = self._without_login()
        group = serializer.validated_data.get("group")
        if group is not None:
            without = without.filter(org=group)
        chosen = serializer.validated_data.get("members")
        if chosen is not None:
            chosen = list(without.filter(pk__in=[m.pk for m in chosen]))
        else:
            chosen = list(without[:500])
        issued = invitations_create(actor=request.user, members=chosen, org=self.org)
        activate = request.build_absolute_uri(reverse("members_public:activate"))
        sheet = [
            {
                "member_id": m.pk,
                "name": m.name,
                "code": code,
                "activate_url": f"{activate}?code={code.replace('-', '')}",
            }
            for m, code in issued
        ]
        audit.record(
            "members.invitations.printed", org=self.org, changes={"count": [None, len(sheet)]}
        )
        return Response(
            InvitationIssuedSerializer(sheet, many=True).data, status=status.HTTP_201_CREATED
        )


class ActivateAPI(APIView):
    """A member creates their login with a printed code: no authentication, and the caller
    is not logged in afterwards (a script then gets a token, a person uses the login page).

    Throttled per address together with the activation page: a few attempts a quarter
    of an hour, then 429.
    """

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=[TAG],
        operation_id="members_activate",
        summary="Activate a member login with a printed invitation code",
        auth=[],
        request=ActivationSerializer,
        responses={
            201: ActivatedSerializer,
            400: REFUSED,
            429: OpenApiResponse(MemberErrorSerializer, description="Too many attempts"),
        },
    )
    def post(self, request):
        if public_views.attempts_exhausted(request._request):
            raise exceptions.Throttled(
                detail=_("Too many attempts. Try again in a quarter of an hour.")
            )
        serializer = ActivationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        public_views.count_attempt(request._request)
        data = serializer.validated_data
        try:
            user = invitation_accept(
                code=data["code"],
                mobile=data["mobile"],
                password=data["password"],
                otp_token=data.get("otp_token", ""),
                ip=client_ip(request._request),
                authenticate=public_views.authenticate_for(request._request),
            )
        except ActivationError as exc:
            raise _refused(exc) from exc
        return Response(
            ActivatedSerializer({"username": user.username}).data, status=status.HTTP_201_CREATED
        )


# -- certificate ------------------------------------------------------------


class PdfRenderer(BaseRenderer):
    """Lets a client ask for the certificate by its media type (the body is made by hand)."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class CertificateAPI(JSONErrorsMixin, OrgAPIView):
    permissions = {"GET": "members.export:run"}
    renderer_classes = [JSONRenderer, PdfRenderer]

    @extend_schema(
        tags=[TAG],
        operation_id="members_certificate",
        summary="The membership certificate (会员证) as a PDF to print (logged)",
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The certificate, as the page prints it"
            )
        },
    )
    def get(self, request, org_code, member_id):
        member = _member(member_id)
        pdf = render_certificate(member, request)
        audit.record("members.member.certificate_printed", obj=member)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f"inline; filename*=UTF-8''{quote(certificate_filename(member))}"
        )
        return response


# -- lapse ------------------------------------------------------------------


class LapseAPI(OrgAPIView):
    """Candidates for automatic lapse with each condition of the rule (as members/lapse/):
    the software flags, the committee decides with the lifecycle action `lapse`."""

    permissions = {"GET": "members.lifecycle:write", "POST": "members.lifecycle:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="members_lapse",
        summary="Active members with unpaid dues for the rule's months, and each condition",
        responses=LapseOverviewSerializer,
    )
    def get(self, request, org_code):
        data = {"rule": LAPSE, "candidates": lapse_candidates()}
        return Response(LapseOverviewSerializer(data).data)

    @extend_schema(
        tags=[TAG],
        operation_id="members_lapse_talk",
        summary="Record a talk about unpaid dues (one condition of lapse; the status stays)",
        request=LapseTalkRecordSerializer,
        responses={201: LapseTalkSerializer},
    )
    def post(self, request, org_code):
        serializer = LapseTalkRecordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        member = _member(data["member"])
        talk = LapseTalk(
            member=member,
            org=member.org,
            date=data["date"],
            outcome=data["outcome"],
            note=data["note"],
            recorded_by=request.user,
        )
        talk.save()
        return Response(LapseTalkSerializer(talk).data, status=status.HTTP_201_CREATED)
