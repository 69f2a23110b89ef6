"""API of education aid and mutual medical aid: every page action, for scripts.

Same rules as the pages: records are fetched through the scoped managers (another union's
ids answer 404), changes go through services.py (funds ledger and audit log included).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gonghui.api.base import OrgAPIView
from gonghui.core.params import year_param
from gonghui.funds.services import funds_for
from gonghui.members.models import ON_ROLL, Member

from . import rules, selectors, services
from . import serializers as s
from .models import AidRound, Application, Claim, ClaimBill, Payment, Scheme
from .views import _file_response

TAG = "aid"
READ, WRITE = "aid.programme:read", "aid.programme:write"
YEAR = OpenApiParameter("year", int, description="Year (default: this year)")


def _refused(exc: Exception) -> Response:
    return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)


class AidBase(OrgAPIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def union(self):
        if not self.org.is_union:
            raise exceptions.ValidationError(
                {"detail": _("Aid is run by a grassroots union; open it from the union's pages.")}
            )
        return self.org

    def member(self, union, member_id) -> Member:
        m = (
            Member.objects.filter(
                org__path__startswith=union.path, status__in=ON_ROLL, pk=member_id
            )
            .select_related("org")
            .first()
        )
        if m is None:
            raise exceptions.ValidationError({"member": _("No member of this union has this id.")})
        return m

    def fund(self, union, fund_id):
        fund = funds_for(union).filter(pk=fund_id).first() if fund_id else None
        if fund is None:
            raise exceptions.ValidationError({"fund": _("Choose one of this union's own funds.")})
        return fund


def _valid(serializer_class, request, **kwargs):
    ser = serializer_class(data=request.data, **kwargs)
    ser.is_valid(raise_exception=True)
    return ser.validated_data


# -- 金秋助学 -----------------------------------------------------------------------------


class RoundListAPI(AidBase):
    permissions = {"GET": READ, "POST": WRITE}

    @extend_schema(tags=[TAG], parameters=[YEAR], responses=s.RoundSerializer(many=True))
    def get(self, request, org_code):
        rounds = AidRound.objects.filter(year=year_param(request)).order_by("id")
        return Response(s.RoundSerializer(rounds, many=True).data)

    @extend_schema(tags=[TAG], request=s.RoundWriteSerializer, responses={201: s.RoundSerializer})
    def post(self, request, org_code):
        d = _valid(s.RoundWriteSerializer, request)
        try:
            rnd = services.round_create(actor=request.user, org=self.union(), **d)
        except services.AidError as exc:
            return _refused(exc)
        return Response(s.RoundSerializer(rnd).data, status=status.HTTP_201_CREATED)


class RoundAPI(AidBase):
    permissions = {"GET": READ, "PATCH": WRITE}

    @extend_schema(tags=[TAG], responses=s.RoundSerializer)
    def get(self, request, org_code, round_id):
        return Response(s.RoundSerializer(get_object_or_404(AidRound, pk=round_id)).data)

    @extend_schema(tags=[TAG], request=s.RoundWriteSerializer, responses=s.RoundSerializer)
    def patch(self, request, org_code, round_id):
        rnd = get_object_or_404(AidRound, pk=round_id)
        d = _valid(s.RoundWriteSerializer, request, partial=True)
        try:
            services.round_update(actor=request.user, rnd=rnd, data=d)
        except services.AidError as exc:
            return _refused(exc)
        return Response(s.RoundSerializer(rnd).data)


class ApplicationListAPI(AidBase):
    permissions = {"GET": READ, "POST": WRITE}

    @extend_schema(tags=[TAG], responses=s.ApplicationSerializer(many=True))
    def get(self, request, org_code, round_id):
        rnd = get_object_or_404(AidRound, pk=round_id)
        apps = rnd.applications.select_related("member").prefetch_related("payments__fund_entry")
        return Response(s.ApplicationSerializer(apps.order_by("id"), many=True).data)

    @extend_schema(
        tags=[TAG],
        request={"multipart/form-data": s.ApplicationWriteSerializer},
        responses={201: s.ApplicationSerializer},
        description="Register an application with its admission proof (PDF, JPG or PNG).",
    )
    def post(self, request, org_code, round_id):
        rnd = get_object_or_404(AidRound, pk=round_id)
        d = _valid(s.ApplicationWriteSerializer, request)
        member = self.member(rnd.org, d.pop("member"))
        proof = d.pop("proof")
        try:
            app = services.application_create(
                actor=request.user, rnd=rnd, member=member, data=d, proof=proof
            )
        except services.AidError as exc:
            return _refused(exc)
        return Response(s.ApplicationSerializer(app).data, status=status.HTTP_201_CREATED)


def _application(application_id) -> Application:
    return get_object_or_404(
        Application.objects.select_related("round__org", "member"), pk=application_id
    )


class ApplicationAPI(AidBase):
    permissions = {"GET": READ}

    @extend_schema(tags=[TAG], responses=s.ApplicationSerializer)
    def get(self, request, org_code, application_id):
        return Response(s.ApplicationSerializer(_application(application_id)).data)


class ApplicationDecideAPI(AidBase):
    permissions = {"POST": WRITE}

    @extend_schema(tags=[TAG], request=s.DecideSerializer, responses=s.ApplicationSerializer)
    def post(self, request, org_code, application_id):
        app = _application(application_id)
        d = _valid(s.DecideSerializer, request)
        try:
            services.application_decide(actor=request.user, application=app, **d)
        except services.AidError as exc:
            return _refused(exc)
        return Response(s.ApplicationSerializer(app).data)


class ApplicationPayAPI(AidBase):
    permissions = {"POST": WRITE}

    @extend_schema(tags=[TAG], request=s.PaySerializer, responses={201: s.PaymentSerializer})
    def post(self, request, org_code, application_id):
        app = _application(application_id)
        d = _valid(s.PaySerializer, request)
        fund = self.fund(app.round.org, d.get("fund"))
        try:
            payment = services.application_pay(
                actor=request.user, application=app, fund=fund, date=d.get("date")
            )
        except services.AidError as exc:
            return _refused(exc)
        return Response(s.PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


class ApplicationProofAPI(AidBase):
    permissions = {"GET": READ}

    @extend_schema(tags=[TAG], responses={(200, "application/octet-stream"): bytes})
    def get(self, request, org_code, application_id):
        app = _application(application_id)
        return _file_response(request, app.proof, app.proof_name, app)


class PaymentReverseAPI(AidBase):
    permissions = {"POST": WRITE}

    @extend_schema(tags=[TAG], request=s.ReverseSerializer, responses=s.PaymentSerializer)
    def post(self, request, org_code, aid_payment_id):
        payment = get_object_or_404(Payment, pk=aid_payment_id)
        d = _valid(s.ReverseSerializer, request)
        try:
            services.payment_reverse(actor=request.user, payment=payment, **d)
        except services.AidError as exc:
            return _refused(exc)
        return Response(s.PaymentSerializer(payment).data)


def _decimal(v):
    return str(v)


class EducationReportAPI(AidBase):
    permissions = {"GET": READ}

    @extend_schema(tags=[TAG], parameters=[YEAR], responses=dict)
    def get(self, request, org_code):
        r = selectors.education_report(self.org, year_param(request))
        return Response(
            {
                "year": r.year,
                "rounds": [x.pk for x in r.rounds],
                "people": r.people,
                "amount": _decimal(r.amount),
                "applied": r.applied,
                "approved_unpaid": r.approved_unpaid,
                "rejected": r.rejected,
                "levels": [
                    {
                        "level": x.level,
                        "label": x.label,
                        "people": x.people,
                        "amount": _decimal(x.amount),
                    }
                    for x in r.levels
                ],
                "paid": [
                    {
                        "application": a.pk,
                        "member": a.member.name,
                        "child_name": a.child_name,
                        "school": a.school,
                        "level": a.level,
                        "amount": _decimal(amount),
                    }
                    for a, amount in r.paid
                ],
            }
        )


# -- 医疗互助 -----------------------------------------------------------------------------


def _scheme_rules(d: dict, base: rules.MedicalRules) -> rules.MedicalRules | None:
    keys = ("deductible", "brackets", "yearly_cap", "categories")
    if not any(k in d for k in keys):
        return None
    brackets = base.brackets
    if "brackets" in d:
        brackets = tuple(rules.Bracket(b["upto"], b["rate"]) for b in d["brackets"])
    return rules.MedicalRules(
        deductible=d.get("deductible", base.deductible),
        brackets=brackets,
        yearly_cap=d.get("yearly_cap", base.yearly_cap),
        categories=frozenset(d.get("categories", base.categories)),
    )


class SchemeListAPI(AidBase):
    permissions = {"GET": READ, "POST": WRITE}

    @extend_schema(tags=[TAG], parameters=[YEAR], responses=s.SchemeSerializer(many=True))
    def get(self, request, org_code):
        schemes = Scheme.objects.filter(year=year_param(request)).order_by("id")
        return Response(s.SchemeSerializer(schemes, many=True).data)

    @extend_schema(
        tags=[TAG],
        request=s.SchemeWriteSerializer,
        responses={201: s.SchemeSerializer},
        description="Rules left out take the shipped defaults (named in rules_source).",
    )
    def post(self, request, org_code):
        d = _valid(s.SchemeWriteSerializer, request)
        union = self.union()
        if "year" not in d:
            raise exceptions.ValidationError({"year": _("This field is required.")})
        try:
            scheme = services.scheme_create(
                actor=request.user, org=union, year=d["year"], fund=self.fund(union, d.get("fund")),
                name=d.get("name", ""), contribution=d.get("contribution", rules.DEFAULT_CONTRIBUTION),
                medical_rules=_scheme_rules(d, rules.DEFAULT_MEDICAL) or rules.DEFAULT_MEDICAL,
                rules_source=d.get("rules_source", ""),
            )  # fmt: skip
        except services.AidError as exc:
            return _refused(exc)
        return Response(s.SchemeSerializer(scheme).data, status=status.HTTP_201_CREATED)


class SchemeAPI(AidBase):
    permissions = {"GET": READ, "PATCH": WRITE}

    @extend_schema(tags=[TAG], responses=s.SchemeSerializer)
    def get(self, request, org_code, scheme_id):
        return Response(s.SchemeSerializer(get_object_or_404(Scheme, pk=scheme_id)).data)

    @extend_schema(tags=[TAG], request=s.SchemeWriteSerializer, responses=s.SchemeSerializer)
    def patch(self, request, org_code, scheme_id):
        scheme = get_object_or_404(Scheme.objects.select_related("org"), pk=scheme_id)
        d = _valid(s.SchemeWriteSerializer, request, partial=True)
        data = {k: d[k] for k in ("name", "contribution", "rules_source") if k in d}
        if "fund" in d:
            data["fund"] = self.fund(scheme.org, d["fund"])
        r = _scheme_rules(d, scheme.rules)
        if r is not None:
            data["rules"] = r
        try:
            services.scheme_update(actor=request.user, scheme=scheme, data=data)
        except services.AidError as exc:
            return _refused(exc)
        return Response(s.SchemeSerializer(scheme).data)


class EnrolmentListAPI(AidBase):
    permissions = {"GET": READ, "POST": WRITE}

    @extend_schema(tags=[TAG], responses=s.EnrolmentSerializer(many=True))
    def get(self, request, org_code, scheme_id):
        scheme = get_object_or_404(Scheme, pk=scheme_id)
        qs = scheme.enrolments.select_related("member", "fund_entry").order_by("id")
        return Response(s.EnrolmentSerializer(qs, many=True).data)

    @extend_schema(
        tags=[TAG],
        request=s.EnrolWriteSerializer,
        responses={201: s.EnrolmentSerializer(many=True)},
        description="Enrol one member, a list, or (all=true) everybody on the roll not enrolled.",
    )
    def post(self, request, org_code, scheme_id):
        scheme = get_object_or_404(Scheme.objects.select_related("org", "fund"), pk=scheme_id)
        d = _valid(s.EnrolWriteSerializer, request)
        try:
            if d.get("member"):
                rows = [
                    services.enrolment_create(
                        actor=request.user,
                        scheme=scheme,
                        member=self.member(scheme.org, d["member"]),
                        date=d.get("date"),
                    )  # fmt: skip
                ]
            elif d.get("members") or d.get("all"):
                members = None
                if d.get("members"):
                    members = [self.member(scheme.org, pk) for pk in d["members"]]
                rows = services.enrolment_bulk(
                    actor=request.user, scheme=scheme, members=members, date=d.get("date")
                )
            else:
                raise exceptions.ValidationError({"member": _("Give a member, members or all.")})
        except services.AidError as exc:
            return _refused(exc)
        return Response(s.EnrolmentSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)


class ClaimListAPI(AidBase):
    permissions = {"GET": READ, "POST": WRITE}

    @extend_schema(tags=[TAG], responses=s.ClaimSerializer(many=True))
    def get(self, request, org_code, scheme_id):
        scheme = get_object_or_404(Scheme, pk=scheme_id)
        qs = scheme.claims.select_related("enrolment__member").prefetch_related(
            "bills", "payments__fund_entry"
        )
        return Response(s.ClaimSerializer(qs.order_by("id"), many=True).data)

    @extend_schema(tags=[TAG], request=s.ClaimWriteSerializer, responses={201: s.ClaimSerializer})
    def post(self, request, org_code, scheme_id):
        scheme = get_object_or_404(Scheme.objects.select_related("org"), pk=scheme_id)
        d = _valid(s.ClaimWriteSerializer, request)
        member = self.member(scheme.org, d.pop("member"))
        try:
            claim = services.claim_create(actor=request.user, scheme=scheme, member=member, **d)
        except services.AidError as exc:
            return _refused(exc)
        return Response(s.ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)


def _claim(claim_id) -> Claim:
    return get_object_or_404(
        Claim.objects.select_related("scheme__org", "scheme__fund", "enrolment__member"),
        pk=claim_id,
    )


class ClaimAPI(AidBase):
    permissions = {"GET": READ}

    @extend_schema(tags=[TAG], responses=s.ClaimSerializer)
    def get(self, request, org_code, claim_id):
        claim = _claim(claim_id)
        data = s.ClaimSerializer(claim).data
        try:
            data["quote"] = services._breakdown(services.claim_quote(claim))
        except rules.RuleError as exc:
            data["quote"] = {"error": str(exc)}
        return Response(data)


class ClaimBillListAPI(AidBase):
    permissions = {"POST": WRITE}

    @extend_schema(
        tags=[TAG],
        request={
            "multipart/form-data": s.BillWriteSerializer,
            "application/json": s.BillWriteSerializer,
        },
        responses={201: s.BillSerializer},
    )
    def post(self, request, org_code, claim_id):
        claim = _claim(claim_id)
        d = _valid(s.BillWriteSerializer, request)
        try:
            bill = services.bill_add(actor=request.user, claim=claim, **d)
        except services.AidError as exc:
            return _refused(exc)
        return Response(s.BillSerializer(bill).data, status=status.HTTP_201_CREATED)


class ClaimBillAPI(AidBase):
    permissions = {"GET": READ, "DELETE": WRITE}

    def bill(self, claim_bill_id) -> ClaimBill:
        return get_object_or_404(
            ClaimBill.objects.select_related("claim__scheme__org"), pk=claim_bill_id
        )

    @extend_schema(tags=[TAG], responses={(200, "application/octet-stream"): bytes})
    def get(self, request, org_code, claim_bill_id):
        bill = self.bill(claim_bill_id)
        return _file_response(request, bill.file, bill.file_name, bill)

    @extend_schema(tags=[TAG], responses={204: None})
    def delete(self, request, org_code, claim_bill_id):
        try:
            services.bill_remove(actor=request.user, bill=self.bill(claim_bill_id))
        except services.AidError as exc:
            return _refused(exc)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ClaimReviewAPI(AidBase):
    permissions = {"POST": WRITE}

    @extend_schema(tags=[TAG], request=None, responses=s.ClaimSerializer)
    def post(self, request, org_code, claim_id):
        claim = _claim(claim_id)
        try:
            services.claim_review(actor=request.user, claim=claim)
        except services.AidError as exc:
            return _refused(exc)
        return Response(s.ClaimSerializer(claim).data)


class ClaimDecideAPI(AidBase):
    permissions = {"POST": WRITE}

    @extend_schema(tags=[TAG], request=s.DecideSerializer, responses=s.ClaimSerializer)
    def post(self, request, org_code, claim_id):
        claim = _claim(claim_id)
        d = _valid(s.DecideSerializer, request)
        try:
            services.claim_decide(
                actor=request.user, claim=claim, approve=d["approve"], reason=d.get("reason", "")
            )
        except services.AidError as exc:
            return _refused(exc)
        return Response(s.ClaimSerializer(claim).data)


class ClaimPayAPI(AidBase):
    permissions = {"POST": WRITE}

    @extend_schema(
        tags=[TAG],
        request=s.PaySerializer,
        responses={201: s.PaymentSerializer},
        description="Pay the approved payout out of the scheme's medical aid fund.",
    )
    def post(self, request, org_code, claim_id):
        claim = _claim(claim_id)
        d = _valid(s.PaySerializer, request)
        try:
            payment = services.claim_pay(actor=request.user, claim=claim, date=d.get("date"))
        except services.AidError as exc:
            return _refused(exc)
        return Response(s.PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


class MedicalReportAPI(AidBase):
    permissions = {"GET": READ}

    @extend_schema(tags=[TAG], parameters=[YEAR], responses=dict)
    def get(self, request, org_code):
        r = selectors.medical_report(self.org, year_param(request))
        return Response(
            {
                "year": r.year,
                "schemes": [x.pk for x in r.schemes],
                "enrolled": r.enrolled,
                "contributions": _decimal(r.contributions),
                "claims": r.claims,
                "by_state": r.by_state,
                "paid_claims": r.paid_claims,
                "paid_people": r.paid_people,
                "amount": _decimal(r.amount),
                "paid": [
                    {
                        "claim": c.pk,
                        "member": c.enrolment.member.name,
                        "hospital": c.hospital,
                        "amount": _decimal(amount),
                    }
                    for c, amount in r.rows
                ],
            }
        )
