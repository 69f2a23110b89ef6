"""API resources of the member roster (会员管理): the pages in views.py, for scripts.

Same rules as the pages: the permission of each action, members and transfers read through
the selectors (another organisation's ids are a 404), workflows through services.py
(refusals answer 400 through the project's exception handler), audited by the models and
services (source "api"). ID and mobile numbers are masked unless the caller holds
members.sensitive:read and asks for them (logged).

ActivateAPI is the one public endpoint: a member creates their login with a printed code,
as on the page views_public.activate, sharing its throttle.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter as Param
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.api.viewsets import OrgViewSet, check_model, file_answers, service_action
from gonghui.audit.context import client_ip
from gonghui.core.files import PDF, XLSX, file_response

from . import selectors, services, views_public, vocab
from . import serializers as s
from .models import Member, Status, Transfer
from .services_certificate import certificate_filename, certificate_print
from .services_export import roster_export
from .services_invitations import invitation_accept

READ, WRITE, LIFE = "members.roster:read", "members.roster:write", "members.lifecycle:write"
EXPORT, SENSITIVE, ACCOUNTS = (
    "members.export:run",
    "members.sensitive:read",
    "members.account:write",
)
TRUE = ("1", "true")
ROSTER_PARAMETERS = [
    Param("q", description="Name, pinyin in full or initials (zhangsan / zs), or the last digits"),
    Param("group", description="Code of a group (or union)"),
    Param("status", enum=["on_roll", "all", *Status.values], description="Default: on_roll"),
    Param("sex", enum=[v for v, _label in vocab.SEXES]),
    Param("age", enum=list(selectors.AGE_BANDS)),
    Param("political", enum=vocab.POLITICAL),
    Param("education", enum=vocab.EDUCATION),
    Param("member_type", enum=[v for v, _label in vocab.MEMBER_TYPES]),
    Param("sort", enum=list(selectors.SORTS)),
]


def flag(request, name: str) -> bool:
    return (request.query_params.get(name) or "").lower() in TRUE


@extend_schema_view(
    list=extend_schema(
        summary="The roster, filtered like the page",
        parameters=ROSTER_PARAMETERS,
        responses=s.MemberListSerializer(many=True),
    ),
    create=extend_schema(responses={201: s.ShownMemberSerializer}),
    retrieve=extend_schema(
        parameters=[Param("reveal", bool, description="Full ID and mobile (logged)")],
        responses=s.ShownMemberSerializer,
    ),
    partial_update=extend_schema(responses=s.ShownMemberSerializer),
)
class MemberViewSet(OrgViewSet):
    operation_prefix = "members"
    permissions = {
        **dict.fromkeys(["list", "retrieve", "history", "statistics"], READ),
        **dict.fromkeys(["create", "partial_update", "move"], WRITE),
        **dict.fromkeys(["lifecycle", "transfer", "applications", "lapse", "lapse_talk"], LIFE),
        **dict.fromkeys(["export", "certificate"], EXPORT),
    }
    serializer_class = s.MemberSerializer
    lookup_url_kwarg = "member_id"
    paged_actions = ("list", "applications")
    file_actions = {"export": ((XLSX, "xlsx"),), "certificate": ((PDF, "pdf"),)}

    def get_queryset(self):
        if self.action == "applications":
            return selectors.applications()
        return selectors.roster(selectors.RosterFilter.from_params(self.request.query_params))

    def get_object(self):
        return selectors.member(self.kwargs["member_id"])

    def serializer_for(self, obj=None):
        if self.action in self.paged_actions:
            return s.MemberListSerializer
        return s.MemberSerializer if obj is None else s.ShownMemberSerializer

    def perform_create(self, data):
        org = data.pop("org", None) or self.org
        # Field-keyed errors first, as the page form gives them; whether the person already
        # holds a membership is the service's call, across the whole platform.
        clean = dict(exclude=["user"], validate_unique=False, validate_constraints=False)
        check_model(Member(org=org, **data), **clean)
        return services.member_create(actor=self.request.user, org=org, data=data)

    def perform_update(self, member, data):
        resident = data.get("id_type", member.id_type) == "resident"
        if resident and ("id_number" in data or "id_type" in data):
            # Derived from the ID number; Member.clean() still checks values that are sent.
            data.setdefault("birth_date", None)
            data.setdefault("sex", "")
        check_model(member, data)
        return services.member_update(actor=self.request.user, member=member, data=data)

    def retrieve(self, request, *args, **kwargs):
        member, reveal = self.get_object(), flag(request, "reveal")
        if reveal:
            if not self.access.has(SENSITIVE):
                raise exceptions.PermissionDenied()
            services.member_reveal(actor=request.user, member=member)
        context = {**self.serializer_context(), "reveal": reveal}
        return Response(s.ShownMemberSerializer(member, context=context).data)

    @extend_schema(summary="Applications waiting", responses=s.MemberListSerializer(many=True))
    def applications(self, request, *args, **kwargs):
        return self.list(request)

    @extend_schema(responses=s.MembershipEventSerializer(many=True))
    def history(self, request, *args, **kwargs):
        events = services.history(self.get_object())
        return self.respond(events, serializer_class=s.MembershipEventSerializer, many=True)

    @extend_schema(
        summary="Approve or reject an application, retire, restore, leave, lapse or expel",
        parameters=[Param("action", str, "path", enum=list(services.LIFECYCLE))],
        request=s.MemberLifecycleSerializer,
        responses=s.ShownMemberSerializer,
    )
    def lifecycle(self, request, *args, **kwargs):
        member, verb = self.get_object(), services.LIFECYCLE.get(kwargs["action"])
        if verb is None:
            raise Http404
        verb(request.user, member, self.validated(s.MemberLifecycleSerializer))
        return self.respond(member)

    @extend_schema(request=s.TransferRequestSerializer, responses={201: s.TransferSerializer})
    def transfer(self, request, *args, **kwargs):
        member, data = self.get_object(), self.validated(s.TransferRequestSerializer)
        transfer = services.member_transfer_request(
            actor=request.user, member=member, to_org=data.pop("to_code"), **data
        )
        return self.respond(transfer, status_code=201, serializer_class=s.TransferSerializer)

    @extend_schema(responses=file_answers(PDF))
    def certificate(self, request, *args, **kwargs):
        member = self.get_object()
        pdf = certificate_print(actor=request.user, member=member, request=request)
        return file_response(
            pdf, filename=certificate_filename(member), content_type=PDF, inline=True
        )

    @extend_schema(
        parameters=[*ROSTER_PARAMETERS, Param("full", bool)], responses=file_answers(XLSX)
    )
    def export(self, request, *args, **kwargs):
        full = flag(request, "full") and self.access.has(SENSITIVE)
        name, content, _rows = roster_export(
            actor=request.user, org=self.org, options=request.query_params, full_ids=full
        )
        return file_response(content, filename=name, content_type=XLSX)

    @extend_schema(request=s.MemberMoveSerializer, responses=s.MemberMovedSerializer)
    def move(self, request, *args, **kwargs):
        moved = services.members_move_group(
            actor=request.user, **self.validated(s.MemberMoveSerializer)
        )
        return self.respond({"moved": moved}, serializer_class=s.MemberMovedSerializer)

    @extend_schema(responses=s.StatisticsSerializer)
    def statistics(self, request, *args, **kwargs):
        figures = selectors.roster_statistics()
        return self.respond(figures, serializer_class=s.StatisticsSerializer)

    @extend_schema(responses=s.LapseOverviewSerializer)
    def lapse(self, request, *args, **kwargs):
        overview = selectors.lapse_overview()
        return self.respond(overview, serializer_class=s.LapseOverviewSerializer)

    @extend_schema(request=s.LapseTalkRecordSerializer, responses={201: s.LapseTalkSerializer})
    def lapse_talk(self, request, *args, **kwargs):
        data = self.validated(s.LapseTalkRecordSerializer)
        data["member"] = selectors.member(data["member"])
        talk = services.lapse_talk_record(actor=request.user, **data)
        return self.respond(talk, status_code=201, serializer_class=s.LapseTalkSerializer)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            Param("direction", enum=["incoming", "outgoing"]),
            Param("state", enum=Transfer.State.values),
        ]
    )
)
class TransferViewSet(OrgViewSet):
    operation_prefix = "members"
    operation_ids = {"list": "members_transfers_list"}
    permissions = {"list": READ, "transfer_accept": LIFE, "transfer_refuse": LIFE}
    serializer_class = s.TransferSerializer
    paged_actions = ("list",)

    def get_queryset(self):
        return selectors.transfers()

    def filter_queryset(self, qs):
        params, incoming = self.request.query_params, selectors.incoming_transfers(self.org)
        direction, state = params.get("direction"), params.get("state")
        if direction in ("incoming", "outgoing"):
            qs = qs.filter(incoming) if direction == "incoming" else qs.exclude(incoming)
        return qs.filter(state=state) if state in Transfer.State.values else qs

    def get_object(self):
        return selectors.incoming_transfer(self.org, self.kwargs["transfer_id"])

    @extend_schema(
        summary="The receiving union registers the member (optionally in one of its groups)",
        request=s.TransferAcceptSerializer,
    )
    def transfer_accept(self, request, *args, **kwargs):
        transfer, data = self.get_object(), self.validated(s.TransferAcceptSerializer)
        services.member_transfer_accept(actor=request.user, transfer=transfer, **data)
        transfer.refresh_from_db()
        return self.respond(transfer)

    transfer_refuse = service_action(
        services.member_transfer_refuse,
        target="transfer",
        body=s.TransferRefuseSerializer,
        summary="The receiving union refuses; the member stays with the sending union",
    )


class ChangeRequestViewSet(OrgViewSet):
    operation_prefix = "members"
    operation_ids = {"list": "members_requests"}
    permissions = dict.fromkeys(["list", "request_approve", "request_reject"], WRITE)
    serializer_class = s.ChangeRequestItemSerializer
    lookup_url_kwarg = "request_id"
    paged_actions = ("list",)

    def get_queryset(self):
        return selectors.pending_requests()

    def get_object(self):
        return selectors.change_request(self.kwargs["request_id"])

    def serializer_context(self):
        # The committee's list shows ID numbers in full to holders of the right.
        reveal = self.action == "list" and self.access.has(SENSITIVE)
        return {**super().serializer_context(), "reveal": reveal}

    def decide(self, approve: bool):
        item = self.get_object()
        services.change_request_decide(actor=self.request.user, item=item, approve=approve)
        return self.respond(item)

    @extend_schema(request=None, summary="Approve: the record takes the requested value")
    def request_approve(self, request, *args, **kwargs):
        return self.decide(approve=True)

    @extend_schema(request=None, summary="Reject: the member's record stays as it is")
    def request_reject(self, request, *args, **kwargs):
        return self.decide(approve=False)


class SelfViewSet(OrgViewSet):
    """The caller's own member record, wherever it sits now (as the page members/me/)."""

    operation_prefix = "members"
    permissions = dict.fromkeys(["me_read", "me_update", "me_request"], "self:read")
    serializer_class = s.SelfMemberSerializer

    def get_object(self):
        member = selectors.own_member(self.request.user)
        if member is None:
            raise exceptions.NotFound(_("Your account is not linked to a member record yet."))
        return member

    @extend_schema(summary="My membership: my record (ID number masked), history, corrections")
    def me_read(self, request, *args, **kwargs):
        return self.respond(self.get_object())

    @extend_schema(request=s.SelfMemberSerializer, responses=s.SelfMemberSerializer)
    def me_update(self, request, *args, **kwargs):
        member = self.get_object()
        data = self.validated(instance=member, partial=True)
        # The model's rules on the contact fields, as the page's form checks them.
        check_model(member, data, exclude=services.NOT_CONTACT_FIELDS)
        update = services.member_contact_update
        return self.respond(update(actor=request.user, member=member, data=data))

    @extend_schema(
        summary="Ask the union committee to correct my name or ID number",
        request=s.ChangeRequestSubmitSerializer,
        responses={201: s.ChangeRequestItemSerializer},
    )
    def me_request(self, request, *args, **kwargs):
        member, data = self.get_object(), self.validated(s.ChangeRequestSubmitSerializer)
        item = services.change_request_submit(member=member, **data)
        return self.respond(item, status_code=201, serializer_class=s.ChangeRequestItemSerializer)


class InvitationViewSet(OrgViewSet):
    """One-time codes for members who have no login yet (as the page members/invitations/)."""

    operation_prefix = "members"
    permissions = {"invitations": ACCOUNTS, "invitations_create": ACCOUNTS}

    @extend_schema(
        parameters=[Param("group", description="Code of a group: only its members")],
        responses=s.InvitationOverviewSerializer,
    )
    def invitations(self, request, *args, **kwargs):
        overview = selectors.invitation_overview(request.query_params.get("group") or "")
        return self.respond(overview, serializer_class=s.InvitationOverviewSerializer)

    @extend_schema(
        description="The codes are in this response only; only their hashes are stored.",
        request=s.InvitationCreateSerializer,
        responses={201: s.InvitationIssuedSerializer(many=True)},
    )
    def invitations_create(self, request, *args, **kwargs):
        data = self.validated(s.InvitationCreateSerializer)
        group, chosen = data.get("group"), data.get("members") or ()
        invitees = selectors.invitees(group.code if group else "", [m.pk for m in chosen])
        issued = services.invitations_print(actor=request.user, members=invitees, org=self.org)
        sheet = [
            {"member_id": m.pk, "name": m.name, "code": code}
            | {"activate_url": views_public.activation_url(request, code)}
            for m, code in issued
        ]
        return self.respond(
            sheet, status_code=201, serializer_class=s.InvitationIssuedSerializer, many=True
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
        tags=["members"],
        operation_id="members_activate",
        summary="Activate a member login with a printed invitation code",
        auth=[],
        request=s.ActivationSerializer,
        responses={201: s.ActivatedSerializer},
    )
    def post(self, request):
        if views_public.attempts_exhausted(request._request):
            raise exceptions.Throttled(
                detail=_("Too many attempts. Try again in a quarter of an hour.")
            )
        serializer = s.ActivationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        views_public.count_attempt(request._request)
        user = invitation_accept(
            **serializer.validated_data,
            ip=client_ip(request._request),
            authenticate=views_public.authenticate_for(request._request),
        )
        answer = s.ActivatedSerializer({"username": user.username}).data
        return Response(answer, status=status.HTTP_201_CREATED)
