"""API resources of democratic management: every page action, for scripts and apps.

Same rules as the pages: the permission of each action, records found through the
selectors (another organisation's ids are a 404), the workflows run through services.py
(refusals answer 400 through the project's exception handler) and are audited by the
models (source "api"). The representative's own resource (`me/...`) reads the caller's
seats through their member record like the phone pages do.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gonghui.api.viewsets import OrgViewSet, service_action
from gonghui.core.params import year_param

from . import selectors, services
from . import serializers as ser
from .models import AgendaItem, ProposalStatus, Representative
from .services import DemocracyError
from .views import SESSION_ACTIONS, serve_file, signin_url
from .views_self import REP_ACTIONS

CREATED = status.HTTP_201_CREATED
FILE = OpenApiTypes.BINARY
READ, WRITE = "democracy.congress:read", "democracy.congress:write"
CONTRACT_READ, CONTRACT_WRITE = "democracy.contract:read", "democracy.contract:write"


def perms(permission: str, actions: str) -> dict[str, str]:
    return dict.fromkeys(actions.split(), permission)


def path_choice(name: str, values) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(values))


class DemocracyViewSet(OrgViewSet):
    """The module's resources keep the operation ids they were published with (the
    standard actions as `<prefix>_retrieve`, `_partial_update`, `_destroy`). Where a
    resource names a `detail_serializer`, one record is answered in it (its body and its
    lists stay in `serializer_class`)."""

    detail_serializer = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        standard = ("retrieve", "partial_update", "destroy")
        own = cls.__dict__.get("operation_ids", {})
        cls.operation_ids = {**{a: f"{cls.operation_prefix}_{a}" for a in standard}, **own}
        if cls.detail_serializer and "detail_serializer" in cls.__dict__:
            answers = {"create": 201, "retrieve": 200, "partial_update": 200}
            answer = {
                a: extend_schema(responses={c: cls.detail_serializer}) for a, c in answers.items()
            }
            extend_schema_view(**answer)(cls)

    def serializer_for(self, obj=None):
        return (obj is not None and self.detail_serializer) or self.serializer_class


def listing(rows, serializer):
    """A GET of the rows under the resource's object: `rows(obj)`."""

    @extend_schema(responses=serializer(many=True))
    def handler(self, request, *args, **kwargs):
        return self.respond(rows(self.get_object()), serializer_class=serializer, many=True)

    return handler


def adding(service, target: str, serializer, returns=None):
    """A row added under the resource's object: 201 with the row."""
    return service_action(
        service, target=target, body=serializer, returns=returns or serializer, status_code=CREATED
    )


def with_data(service, target: str):
    """`service(actor, <target>, data={body})` for service_action, which passes the body's
    fields one by one."""

    def call(*, actor, **fields):
        return service(actor=actor, **{target: fields.pop(target)}, data=fields)

    call.__doc__ = service.__doc__
    return call


class CongressViewSet(DemocracyViewSet):
    operation_prefix = "orgs_democracy_congresses"
    permissions = {
        **perms(READ, "list retrieve delegations_list representatives_list sessions_list"),
        **perms(WRITE, "create partial_update delegations_create representatives_create"),
        "sessions_create": WRITE,
    }
    serializer_class = ser.DemocracyCongressSerializer
    detail_serializer = ser.DemocracyCongressDetailSerializer
    lookup_url_kwarg = "congress_id"

    def get_queryset(self):
        return selectors.congresses(self.org)

    def perform_create(self, data):
        return services.congress_create(actor=self.request.user, org=self.org, data=data)

    def perform_update(self, congress, data):
        return services.congress_update(actor=self.request.user, congress=congress, data=data)

    delegations_list = listing(lambda c: c.delegations.all(), ser.DemocracyDelegationSerializer)
    delegations_create = adding(
        services.delegation_create, "congress", ser.DemocracyDelegationSerializer
    )
    representatives_list = listing(
        lambda c: Representative.objects.filter(congress=c).select_related("member"),
        ser.DemocracyRepresentativeSerializer,
    )
    sessions_list = listing(lambda c: c.sessions.order_by("number"), ser.DemocracySessionSerializer)
    sessions_create = adding(
        with_data(services.session_create, "congress"),
        "congress",
        ser.DemocracySessionSerializer,
        ser.DemocracySessionDetailSerializer,
    )

    @extend_schema(
        request=ser.DemocracyRepresentativesAddSerializer,
        responses={201: ser.DemocracyRepresentativeSerializer(many=True)},
    )
    def representatives_create(self, request, *args, **kwargs):
        congress = self.get_object()
        data = self.validated(ser.DemocracyRepresentativesAddSerializer)
        ids, delegation = data.pop("member_ids"), data.pop("delegation", None)
        members = selectors.roll_members(congress, ids)
        if len(members) != len(set(ids)):
            raise exceptions.ValidationError({"member_ids": ["Unknown member of this union."]})
        if delegation and not (delegation := selectors.delegation_of(congress, delegation)):
            raise exceptions.ValidationError({"delegation": ["Unknown delegation."]})
        added = services.representatives_add(
            actor=request.user,
            congress=congress,
            members=members,
            delegation=delegation or None,
            **data,
        )
        rep_serializer = ser.DemocracyRepresentativeSerializer
        return self.respond(added, status_code=CREATED, serializer_class=rep_serializer, many=True)


class RepresentativeViewSet(DemocracyViewSet):
    operation_prefix = "orgs_democracy_representatives"
    permissions = {"retrieve": READ, **perms(WRITE, "partial_update destroy")}
    serializer_class = ser.DemocracyRepresentativeSerializer
    lookup_url_kwarg = "representative_id"

    def get_queryset(self):
        return selectors.representatives()

    def perform_update(self, rep, data):
        return services.representative_update(
            actor=self.request.user, representative=rep, data=data
        )

    @extend_schema(
        request=ser.DemocracyRemoveSerializer,
        responses={200: ser.DemocracyRepresentativeSerializer, 204: None},
        description="Deletes a representative entered by mistake; one with a record "
        "(attendance, proposals) leaves the congress with today's date and the reason.",
    )
    def destroy(self, request, *args, **kwargs):
        left = services.representative_remove(
            actor=request.user,
            representative=self.get_object(),
            **self.validated(ser.DemocracyRemoveSerializer),
        )
        return self.respond(left) if left else Response(status=status.HTTP_204_NO_CONTENT)


class SessionViewSet(DemocracyViewSet):
    operation_prefix = "orgs_democracy_sessions"
    operation_ids = {"act": "orgs_democracy_sessions_create"}
    permissions = {
        **perms(READ, "retrieve attendance_list resolutions_list"),
        **perms(WRITE, "partial_update act signin_code_retrieve attendance_update"),
        **perms(WRITE, "agenda_create agenda_destroy resolutions_create"),
    }
    serializer_class = ser.DemocracySessionSerializer
    detail_serializer = ser.DemocracySessionDetailSerializer
    lookup_url_kwarg = "session_id"

    def get_queryset(self):
        return selectors.sessions()

    def perform_update(self, session, data):
        return services.session_update(actor=self.request.user, session=session, data=data)

    @extend_schema(
        request=None,
        responses=ser.DemocracySessionDetailSerializer,
        parameters=[path_choice("session_action", SESSION_ACTIONS)],
    )
    def act(self, request, *args, session_action, **kwargs):
        session = self.get_object()
        if session_action not in SESSION_ACTIONS:
            raise exceptions.NotFound()
        SESSION_ACTIONS[session_action][0](actor=request.user, session=session)
        return self.respond(session)

    @extend_schema(responses=ser.DemocracySigninCodeSerializer)
    def signin_code_retrieve(self, request, *args, **kwargs):
        session = self.get_object()
        url, token = signin_url(request._request, session), services.signin_token(session)
        return Response({"url": url, "token": token})

    attendance_list = listing(
        lambda s: s.attendance.select_related("representative__member"),
        ser.DemocracyAttendanceSerializer,
    )

    @extend_schema(
        request=ser.DemocracyAttendanceSetSerializer,
        responses=ser.DemocracyAttendanceSerializer(many=True),
        description="The sign-in list: exactly these representatives are marked present.",
    )
    def attendance_update(self, request, *args, **kwargs):
        session = self.get_object()
        ids = set(self.validated(ser.DemocracyAttendanceSetSerializer)["present"])
        reps = selectors.representatives_among(session.congress, ids)
        if len(reps) != len(ids):
            raise exceptions.ValidationError({"present": ["Unknown representative."]})
        services.attendance_set(actor=request.user, session=session, present=reps)
        return self.attendance_list(request, *args, **kwargs)

    agenda_create = adding(services.agenda_add, "session", ser.DemocracyAgendaItemSerializer)

    @extend_schema(request=None, responses={204: None})
    def agenda_destroy(self, request, *args, agenda_item_id, **kwargs):
        item = selectors.session_child(self.get_object(), AgendaItem, agenda_item_id)
        services.agenda_remove(actor=request.user, item=item)
        return Response(status=status.HTTP_204_NO_CONTENT)

    resolutions_list = listing(lambda s: s.resolutions.all(), ser.DemocracyResolutionSerializer)
    resolutions_create = adding(
        services.resolution_create, "session", ser.DemocracyResolutionSerializer
    )


class DocumentViewSet(DemocracyViewSet):
    operation_prefix = "orgs_democracy_sessions_documents"
    permissions = {**perms(READ, "list retrieve"), **perms(WRITE, "create destroy")}
    serializer_class = ser.DemocracyDocumentSerializer
    lookup_url_kwarg = "session_document_id"
    parser_classes = [MultiPartParser, FormParser]

    def session(self):
        return get_object_or_404(selectors.sessions(), pk=self.kwargs["session_id"])

    def get_queryset(self):
        # Read through the session: each document knows it (the audit names it).
        return self.session().documents.all()

    @extend_schema(
        request={"multipart/form-data": ser.DemocracyUploadSerializer},
        responses={201: ser.DemocracyDocumentSerializer},
    )
    def create(self, request, *args, **kwargs):
        session = self.session()
        upload = self.validated(ser.DemocracyUploadSerializer)["file"]
        doc = services.document_add(actor=request.user, session=session, upload=upload)
        return self.respond(doc, status_code=CREATED)

    @extend_schema(responses={200: FILE})
    def retrieve(self, request, *args, **kwargs):
        doc = self.get_object()
        return serve_file(doc.file, doc.name, doc.content_type)

    def perform_destroy(self, doc):
        services.document_remove(actor=self.request.user, document=doc)


class ResolutionViewSet(DemocracyViewSet):
    operation_prefix = "orgs_democracy_resolutions"
    permissions = perms(WRITE, "votes_create ballot_create result_create")
    serializer_class = ser.DemocracyResolutionSerializer
    lookup_url_kwarg = "resolution_id"

    def get_queryset(self):
        return selectors.resolutions()

    votes_create = service_action(
        services.resolution_record_votes,
        target="resolution",
        body=ser.DemocracyVotesSerializer,
        description="Counts of a show of hands or a paper count. Refused without a quorum "
        "(two thirds of all representatives present); adopted only with more than half of "
        "ALL representatives voting for.",
    )

    @extend_schema(
        request=ser.DemocracyBallotOpenSerializer,
        description="Opens a ballot in the voting app: the electorate is the representatives "
        "present, the threshold counts all of them.",
    )
    def ballot_create(self, request, *args, **kwargs):
        resolution = self.get_object()
        data = self.validated(ser.DemocracyBallotOpenSerializer)
        services.resolution_open_ballot(actor=request.user, resolution=resolution, **data)
        return self.respond(resolution)

    result_create = extend_schema(request=None)(
        service_action(
            services.resolution_take_ballot_result,
            target="resolution",
            description="Takes the counted result of the resolution's ballot (once closed).",
        )
    )


SUBMITTED = ["overdue", *ProposalStatus.values[1:]]  # the statuses a cadre filters by
HANDLING = {
    "review": lambda d: {"accept": d["accept"], "reason": d.get("reason", "")},
    "assign": lambda d: {"department": d.get("department", ""), "deadline": d.get("deadline")},
    "answer": lambda d: {"answer": d.get("answer", "")},
    "implement": lambda d: {"implementation": d.get("implementation", "")},
}


class ProposalViewSet(DemocracyViewSet):
    operation_prefix = "orgs_democracy_proposals"
    operation_ids = {"act": "orgs_democracy_proposals_create"}
    permissions = {
        **perms(READ, "list retrieve report_retrieve"),
        "act": "democracy.proposal:handle",
        "paper_create": "democracy.proposal:handle",
    }
    serializer_class = ser.DemocracyProposalSerializer
    lookup_url_kwarg = "proposal_id"

    def get_queryset(self):
        # A draft is the proposer's until submitted, unless they asked for help.
        return selectors.proposals()

    @extend_schema(parameters=[OpenApiParameter("status", enum=SUBMITTED)])
    def list(self, request, *args, **kwargs):
        qs = selectors.submitted_proposals(self.org, request.query_params.get("status", ""))
        return self.respond(selectors.with_cosigners(qs[:500]), many=True)

    @extend_schema(
        summary="Enter a proposal handed in on paper for its proposer (submitted at once)",
        request=ser.DemocracyPaperProposalSerializer,
        responses={201: ser.DemocracyProposalSerializer},
    )
    def paper_create(self, request, *args, **kwargs):
        data = self.validated(ser.DemocracyPaperProposalSerializer)
        wanted = [data.pop("proposer_id"), *data.pop("cosigner_ids")]
        reps = selectors.sitting_representatives(self.org).in_bulk(wanted)
        unknown = [str(pk) for pk in wanted if pk not in reps]
        if unknown:
            raise exceptions.ValidationError(
                {"proposer_id": [_("Not a sitting representative here: %s") % ", ".join(unknown)]}
            )
        proposal = services.proposal_enter_paper(
            actor=request.user,
            proposer=reps[wanted[0]],
            data=data,
            cosigners=[reps[pk] for pk in wanted[1:]],
        )
        return self.respond(proposal, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        responses=ser.DemocracyReportSerializer,
        parameters=[OpenApiParameter("year", OpenApiTypes.INT)],
    )
    def report_retrieve(self, request, *args, **kwargs):
        year = year_param(request)
        report = {**selectors.proposal_report(self.org, year), "year": year}
        selectors.with_cosigners(report["items"])
        return self.respond(report, serializer_class=ser.DemocracyReportSerializer)

    @extend_schema(
        request=ser.DemocracyProposalHandleSerializer,
        parameters=[path_choice("proposal_action", HANDLING)],
        description="review {accept, reason} · assign {department, deadline} · "
        "answer {answer} · implement {implementation}",
    )
    def act(self, request, *args, proposal_action, **kwargs):
        proposal = self.get_object()
        data = self.validated(ser.DemocracyProposalHandleSerializer)
        if proposal_action not in HANDLING:
            raise exceptions.NotFound()
        if proposal_action == "review" and "accept" not in data:
            raise exceptions.ValidationError({"accept": ["This field is required."]})
        service = getattr(services, f"proposal_{proposal_action}")
        service(actor=request.user, proposal=proposal, **HANDLING[proposal_action](data))
        return self.respond(proposal)


class ContractViewSet(DemocracyViewSet):
    operation_prefix = "orgs_democracy_contracts"
    permissions = {
        **perms(CONTRACT_READ, "list retrieve"),
        **perms(CONTRACT_WRITE, "create partial_update checks_create"),
    }
    serializer_class = ser.DemocracyContractSerializer
    detail_serializer = ser.DemocracyContractDetailSerializer
    lookup_url_kwarg = "contract_id"

    def get_queryset(self):
        return selectors.contracts(self.org)

    def perform_create(self, data):
        return services.contract_create(actor=self.request.user, org=self.org, data=data)

    def perform_update(self, contract, data):
        return services.contract_update(actor=self.request.user, contract=contract, data=data)

    checks_create = service_action(
        services.honouring_check_record,
        target="contract",
        body=ser.DemocracyHonouringCheckSerializer,
        returns=ser.DemocracyHonouringCheckSerializer,
        description="Records (or replaces) the check of one year.",
    )


class NegotiationViewSet(DemocracyViewSet):
    operation_prefix = "orgs_democracy_negotiations"
    operation_ids = {"create": "orgs_democracy_contracts_negotiations_create"}
    permissions = {"create": CONTRACT_WRITE, "file_retrieve": CONTRACT_READ}
    serializer_class = ser.DemocracyNegotiationSerializer
    lookup_url_kwarg = "negotiation_id"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        return selectors.negotiations_with_file()

    @extend_schema(
        request={
            "multipart/form-data": ser.DemocracyNegotiationSerializer,
            "application/json": ser.DemocracyNegotiationSerializer,
        },
        responses={201: ser.DemocracyNegotiationSerializer},
    )
    def create(self, request, *args, contract_id, **kwargs):
        contract = get_object_or_404(selectors.contracts(self.org), pk=contract_id)
        data = self.validated()
        upload = data.pop("file", None)
        item = services.negotiation_add(
            actor=request.user, contract=contract, data=data, upload=upload
        )
        return self.respond(item, status_code=CREATED)

    @extend_schema(responses={200: FILE})
    def file_retrieve(self, request, *args, **kwargs):
        item = self.get_object()
        return serve_file(item.file, item.file_name or "minutes", item.content_type)


def not_representative() -> DemocracyError:
    return DemocracyError(_("You are not a representative of this congress."))


@extend_schema(tags=["democracy (representatives)"])
class MeViewSet(DemocracyViewSet):
    operation_prefix = "orgs_democracy_me"
    operation_ids = {"act": "orgs_democracy_me_proposals_action"}
    permissions = perms(
        "democracy.proposal:submit",
        "retrieve signin_create proposals_list proposals_create proposals_retrieve "
        "proposals_partial_update act",
    )
    serializer_class = ser.DemocracyProposalSerializer
    lookup_url_kwarg = "proposal_id"

    def seats(self) -> list[Representative]:
        return selectors.representative_terms(selectors.member_of(self.request.user, self.org))

    def get_object(self):
        """A proposal the caller made or may co-sign; `self.seat` is their seat beside it."""
        proposal, self.seat = selectors.own_proposal(self.seats(), self.kwargs["proposal_id"])
        return proposal

    @extend_schema(responses=ser.DemocracyMeSerializer)
    def retrieve(self, request, *args, **kwargs):
        seats = self.seats()
        sessions = selectors.seat_sessions(seats).order_by("date")
        mine = selectors.seat_proposals(seats).select_related("proposer__member")
        drafts = selectors.cosignable_drafts(seats).select_related("proposer__member")
        mine, drafts = selectors.with_cosigners(mine), selectors.with_cosigners(drafts)
        data = {"seats": seats, "sessions": sessions, "proposals": mine, "to_cosign": drafts}
        return self.respond(data, serializer_class=ser.DemocracyMeSerializer)

    @extend_schema(
        request=ser.DemocracySigninSerializer,
        responses=ser.DemocracySignedInSerializer,
        description="Sign in to a session with the token of its QR code.",
    )
    def signin_create(self, request, *args, **kwargs):
        token = self.validated(ser.DemocracySigninSerializer)["token"]
        session_id, key = services.signin_session(token)
        session, rep = selectors.seat_session(self.seats(), session_id)
        if session is None:
            raise not_representative()
        att = services.signin_self(actor=request.user, session=session, representative=rep, key=key)
        return Response(
            {"session_id": session.pk, "signed_at": att.signed_at, "method": att.method}
        )

    @extend_schema(responses=ser.DemocracyProposalSerializer(many=True))
    def proposals_list(self, request, *args, **kwargs):
        qs = selectors.seat_proposals(self.seats()).select_related("proposer__member")
        return self.respond(selectors.with_cosigners(qs.order_by("-id")), many=True)

    @extend_schema(
        request=ser.DemocracyProposalInputSerializer,
        responses={201: ser.DemocracyProposalSerializer},
        description="A draft; co-signers sign it, then the proposer submits it.",
    )
    def proposals_create(self, request, *args, **kwargs):
        seats, data = self.seats(), self.validated(ser.DemocracyProposalInputSerializer)
        if not seats:
            raise not_representative()
        proposal = services.proposal_create(actor=request.user, representative=seats[0], data=data)
        return self.respond(proposal, status_code=CREATED)

    @extend_schema(responses=ser.DemocracyProposalSerializer)
    def proposals_retrieve(self, request, *args, **kwargs):
        return self.respond(self.get_object())

    @extend_schema(
        request=ser.DemocracyProposalPatchSerializer, responses=ser.DemocracyProposalSerializer
    )
    def proposals_partial_update(self, request, *args, **kwargs):
        proposal = self.get_object()
        if proposal.proposer_id != self.seat.pk:
            raise exceptions.NotFound()
        data = self.validated(ser.DemocracyProposalPatchSerializer, partial=True)
        services.proposal_update(actor=request.user, proposal=proposal, data=data)
        return self.respond(proposal)

    @extend_schema(
        request=ser.DemocracyRateSerializer,
        parameters=[path_choice("rep_action", REP_ACTIONS)],
        description="submit (the proposer, with enough co-signers) · cosign / uncosign "
        "(another representative of the congress) · rate {satisfaction, note} (the proposer, "
        "once answered)",
    )
    def act(self, request, *args, rep_action, **kwargs):
        proposal = self.get_object()
        if rep_action not in REP_ACTIONS:
            raise exceptions.NotFound()
        service, for_seat, _done = REP_ACTIONS[rep_action]
        fields = {"representative": self.seat} if for_seat else {}
        if rep_action == "rate":
            fields = {"satisfaction": "", **self.validated(ser.DemocracyRateSerializer)}
        service(actor=request.user, proposal=proposal, **fields)
        return self.respond(proposal)
