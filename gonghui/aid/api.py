"""API of education aid and mutual medical aid: every page action, for scripts.

Same rules as the pages: records come through the scoped selectors (another union's ids
answer 404), changes go through services.py (vouchers and audit log included), and a
refusal answers 400 through the project's exception handler.
"""

from __future__ import annotations

import dataclasses

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gonghui.api.viewsets import OrgViewSet, service_action
from gonghui.core.params import year_param
from gonghui.funds.services import funds_for

from . import rules, selectors, services
from . import serializers as s
from .views import scan_response

READ, WRITE = "aid.programme:read", "aid.programme:write"
YEAR = OpenApiParameter("year", int, description="Year (default: this year)")
FILE = {(200, "application/octet-stream"): bytes}
CREATED = status.HTTP_201_CREATED
PARENTS = dict(round_id=selectors.rounds, scheme_id=selectors.schemes, claim_id=selectors.claims)


@extend_schema(tags=["aid"])
class AidViewSet(OrgViewSet):
    """The recorded operation ids of this module are drf-spectacular's, made of the path
    and DRF's word for the method (orgs_aid_rounds_applications_list): the resources keep
    them by naming no `operation_prefix`, the schema's fallback."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    write_serializer = None  # the body of create and partial_update

    def validated(self, serializer_class=None, **kwargs) -> dict:
        return super().validated(serializer_class or self.write_serializer, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # The round, scheme or claim in the URL is read before any body: another union's
        # is a 404, never a refusal of what was sent.
        self.parents = {
            kwarg: get_object_or_404(selector(), pk=kwargs[kwarg])
            for kwarg, selector in PARENTS.items()
            if kwarg in kwargs
        }

    def union(self):
        if not self.org.is_union:
            message = _("Aid is run by a grassroots union; open it from the union's pages.")
            raise exceptions.ValidationError({"detail": message})
        return self.org

    def member(self, union, member_id):
        m = selectors.members_on_roll(union).filter(pk=member_id).select_related("org").first()
        if m is None:
            raise exceptions.ValidationError({"member": _("No member of this union has this id.")})
        return m

    def fund(self, union, fund_id):
        fund = funds_for(union).filter(pk=fund_id).first() if fund_id else None
        if fund is None:
            raise exceptions.ValidationError({"fund": _("Choose one of this union's own funds.")})
        return fund


# -- 金秋助学 -----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(parameters=[YEAR]),
    create=extend_schema(request=s.RoundWriteSerializer),
    partial_update=extend_schema(request=s.RoundWriteSerializer),
)
class RoundViewSet(AidViewSet):
    permissions = {"list": READ, "create": WRITE, "retrieve": READ, "partial_update": WRITE}
    serializer_class, write_serializer = s.RoundSerializer, s.RoundWriteSerializer
    lookup_url_kwarg = "round_id"

    def get_queryset(self):
        return selectors.rounds().order_by("id")

    def filter_queryset(self, qs):
        return qs.filter(year=year_param(self.request))

    def perform_create(self, data):
        return services.round_create(actor=self.request.user, org=self.union(), **data)

    def perform_update(self, rnd, data):
        return services.round_update(actor=self.request.user, rnd=rnd, data=data)


@extend_schema_view(
    create=extend_schema(
        request={"multipart/form-data": s.ApplicationWriteSerializer},
        description="Register an application with its admission proof (PDF, JPG or PNG).",
    ),
)
class ApplicationViewSet(AidViewSet):
    permissions = {
        **dict.fromkeys(["list", "retrieve", "proof"], READ),
        **dict.fromkeys(["create", "decide", "pay"], WRITE),
    }
    serializer_class, write_serializer = s.ApplicationSerializer, s.ApplicationWriteSerializer
    lookup_url_kwarg = "application_id"

    def get_queryset(self):
        return selectors.applications().prefetch_related("payments")

    def filter_queryset(self, qs):
        return qs.filter(round=self.parents["round_id"]).order_by("id")

    def perform_create(self, data):
        rnd = self.parents["round_id"]
        member, proof = self.member(rnd.org, data.pop("member")), data.pop("proof")
        return services.application_create(
            actor=self.request.user, rnd=rnd, member=member, data=data, proof=proof
        )

    decide = service_action(
        services.application_decide, target="application", body=s.DecideSerializer
    )

    @extend_schema(request=s.PaySerializer, responses={201: s.PaymentSerializer})
    def pay(self, request, *args, **kwargs):
        app, data = self.get_object(), self.validated(s.PaySerializer)
        fund = self.fund(app.round.org, data.pop("fund", None))
        payment = services.application_pay(actor=request.user, application=app, fund=fund, **data)
        return self.respond(payment, status_code=CREATED, serializer_class=s.PaymentSerializer)

    @extend_schema(responses=FILE)
    def proof(self, request, *args, **kwargs):
        app = self.get_object()
        return scan_response(request, app)


class PaymentViewSet(AidViewSet):
    permissions = {"reverse": WRITE}
    serializer_class = s.PaymentSerializer
    lookup_url_kwarg = "aid_payment_id"

    def get_queryset(self):
        return selectors.payments()

    reverse = service_action(services.payment_reverse, target="payment", body=s.ReverseSerializer)


class ReportViewSet(AidViewSet):
    permissions = {"education": READ, "medical": READ}

    @extend_schema(parameters=[YEAR], responses=dict)
    def education(self, request, *args, **kwargs):
        report = selectors.education_report(self.org, year_param(request))
        return self.respond(report, serializer_class=s.EducationReportSerializer)

    @extend_schema(parameters=[YEAR], responses=dict)
    def medical(self, request, *args, **kwargs):
        report = selectors.medical_report(self.org, year_param(request))
        return self.respond(report, serializer_class=s.MedicalReportSerializer)


# -- 医疗互助 -----------------------------------------------------------------------------


def scheme_rules(d: dict, base: rules.MedicalRules) -> rules.MedicalRules | None:
    """The rules `d` sets, the others from `base`; None when `d` sets none."""
    changes = {k: d[k] for k in ("deductible", "brackets", "yearly_cap", "categories") if k in d}
    return dataclasses.replace(base, **changes) if changes else None


@extend_schema_view(
    list=extend_schema(parameters=[YEAR]),
    create=extend_schema(
        request=s.SchemeWriteSerializer,
        description="Rules left out take the shipped defaults (named in rules_source).",
    ),
    partial_update=extend_schema(request=s.SchemeWriteSerializer),
)
class SchemeViewSet(AidViewSet):
    permissions = {"list": READ, "create": WRITE, "retrieve": READ, "partial_update": WRITE}
    serializer_class, write_serializer = s.SchemeSerializer, s.SchemeWriteSerializer
    lookup_url_kwarg = "scheme_id"

    def get_queryset(self):
        return selectors.schemes().order_by("id")

    def filter_queryset(self, qs):
        return qs.filter(year=year_param(self.request))

    def perform_create(self, d):
        union = self.union()
        if "year" not in d:
            raise exceptions.ValidationError({"year": _("This field is required.")})
        fund = self.fund(union, d.get("fund"))
        medical_rules = scheme_rules(d, rules.DEFAULT_MEDICAL) or rules.DEFAULT_MEDICAL
        data = {k: d[k] for k in ("year", "name", "contribution", "rules_source") if k in d}
        return services.scheme_create(
            actor=self.request.user, org=union, fund=fund, medical_rules=medical_rules, **data
        )

    def perform_update(self, scheme, d):
        data = {k: d[k] for k in ("name", "contribution", "rules_source") if k in d}
        if "fund" in d:
            data["fund"] = self.fund(scheme.org, d["fund"])
        if (medical_rules := scheme_rules(d, scheme.rules)) is not None:
            data["rules"] = medical_rules
        return services.scheme_update(actor=self.request.user, scheme=scheme, data=data)


@extend_schema_view(
    create=extend_schema(
        request=s.EnrolWriteSerializer,
        responses={201: s.EnrolmentSerializer(many=True)},
        description="Enrol one member, a list, or (all=true) everybody on the roll not enrolled.",
    ),
)
class EnrolmentViewSet(AidViewSet):
    permissions = {"list": READ, "create": WRITE}
    serializer_class, write_serializer = s.EnrolmentSerializer, s.EnrolWriteSerializer

    def get_queryset(self):
        enrolments = self.parents["scheme_id"].enrolments
        return enrolments.select_related("member", "fund_entry").order_by("id")

    def create(self, request, *args, **kwargs):
        scheme, d = self.parents["scheme_id"], self.validated()
        user, date = request.user, d.get("date")
        if d.get("member"):
            member = self.member(scheme.org, d["member"])
            rows = [services.enrolment_create(actor=user, scheme=scheme, member=member, date=date)]
        elif d.get("members") or d.get("all"):
            members = [self.member(scheme.org, pk) for pk in d.get("members") or ()] or None
            rows = services.enrolment_bulk(actor=user, scheme=scheme, members=members, date=date)
        else:
            raise exceptions.ValidationError({"member": _("Give a member, members or all.")})
        return self.respond(rows, status_code=CREATED, many=True)


@extend_schema_view(create=extend_schema(request=s.ClaimWriteSerializer))
class ClaimViewSet(AidViewSet):
    permissions = {
        **dict.fromkeys(["list", "retrieve"], READ),
        **dict.fromkeys(["create", "review", "decide", "pay"], WRITE),
    }
    serializer_class, write_serializer = s.ClaimSerializer, s.ClaimWriteSerializer
    lookup_url_kwarg = "claim_id"

    def get_queryset(self):
        return selectors.claims().prefetch_related("bills", "payments")

    def filter_queryset(self, qs):
        return qs.filter(scheme=self.parents["scheme_id"]).order_by("id")

    def perform_create(self, data):
        scheme = self.parents["scheme_id"]
        member = self.member(scheme.org, data.pop("member"))
        return services.claim_create(actor=self.request.user, scheme=scheme, member=member, **data)

    def retrieve(self, request, *args, **kwargs):
        claim = self.get_object()
        data = s.ClaimSerializer(claim).data
        try:
            data["quote"] = services.claim_quote(claim).breakdown()
        except rules.RuleError as exc:  # the rules cannot price it yet: say why
            data["quote"] = {"error": str(exc)}
        return Response(data)

    review = extend_schema(request=None)(service_action(services.claim_review, target="claim"))

    @extend_schema(request=s.DecideSerializer)
    def decide(self, request, *args, **kwargs):
        d = self.validated(s.DecideSerializer)
        claim = services.claim_decide(
            actor=request.user, claim=self.get_object(), approve=d["approve"], reason=d["reason"]
        )
        return self.respond(claim)

    @extend_schema(
        request=s.PaySerializer,
        responses={201: s.PaymentSerializer},
        description="Pay the approved payout out of the scheme's medical aid fund.",
    )
    def pay(self, request, *args, **kwargs):
        data = self.validated(s.PaySerializer)
        data.pop("fund", None)  # a claim is paid from its scheme's fund
        payment = services.claim_pay(actor=request.user, claim=self.get_object(), **data)
        return self.respond(payment, status_code=CREATED, serializer_class=s.PaymentSerializer)


@extend_schema_view(
    create=extend_schema(
        request={
            "multipart/form-data": s.BillWriteSerializer,
            "application/json": s.BillWriteSerializer,
        },
    ),
    retrieve=extend_schema(responses=FILE),
    destroy=extend_schema(responses={204: None}),
)
class BillViewSet(AidViewSet):
    permissions = {"create": WRITE, "retrieve": READ, "destroy": WRITE}
    serializer_class, write_serializer = s.BillSerializer, s.BillWriteSerializer
    lookup_url_kwarg = "claim_bill_id"

    def get_queryset(self):
        return selectors.bills()

    def perform_create(self, data):
        claim = self.parents["claim_id"]
        return services.bill_add(actor=self.request.user, claim=claim, **data)

    def retrieve(self, request, *args, **kwargs):
        bill = self.get_object()
        return scan_response(request, bill)

    def perform_destroy(self, bill):
        services.bill_remove(actor=self.request.user, bill=bill)
