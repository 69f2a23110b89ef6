"""Input serializers of the care API and the plain dicts it answers with."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from gonghui.members.models import ON_ROLL, Member

from . import rules
from .models import CaseDocument, CaseReview, ExitReason, HelpMeasure

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal(0)}


class MemberField(serializers.IntegerField):
    """A member on the roll inside the caller's scope, by id (another scope's: invalid)."""

    def to_internal_value(self, data):
        pk = super().to_internal_value(data)
        member = Member.objects.filter(pk=pk, status__in=ON_ROLL).select_related("org").first()
        if member is None:
            raise serializers.ValidationError("Choose a member on the roll.")
        return member


class FundField(serializers.IntegerField):
    def to_internal_value(self, data):
        from gonghui.funds.models import Fund

        pk = super().to_internal_value(data)
        fund = Fund.objects.filter(pk=pk).first()
        if fund is None:
            raise serializers.ValidationError("Unknown fund.")
        return fund


class WelfareCaseFactsSerializer(serializers.Serializer):
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    causes = serializers.ListField(child=serializers.ChoiceField(choices=rules.CAUSES))
    exclusions = serializers.ListField(
        child=serializers.ChoiceField(choices=rules.EXCLUSIONS), required=False
    )
    yearly_income = serializers.DecimalField(**MONEY)
    rigid_costs = serializers.DecimalField(required=False, **MONEY)
    accident = serializers.BooleanField(required=False)
    hardship_costs = serializers.DecimalField(required=False, **MONEY)
    situation = serializers.CharField(required=False, allow_blank=True)


class WelfareCaseCreateSerializer(WelfareCaseFactsSerializer):
    member = MemberField()
    applied_on = serializers.DateField(required=False)


class WelfareCaseUpdateSerializer(WelfareCaseFactsSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class WelfareStepSerializer(serializers.Serializer):
    date = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    exit_reason = serializers.ChoiceField(
        choices=ExitReason.choices, required=False, allow_blank=True, default=""
    )


class WelfareHouseholdSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    relation = serializers.CharField(max_length=20)
    id_number = serializers.CharField(max_length=32, required=False, allow_blank=True)
    birth_year = serializers.IntegerField(required=False, allow_null=True, min_value=1900)
    occupation = serializers.CharField(max_length=50, required=False, allow_blank=True)
    health = serializers.CharField(max_length=50, required=False, allow_blank=True)
    monthly_income = serializers.DecimalField(required=False, **MONEY)


class WelfareDateSerializer(serializers.Serializer):
    date = serializers.DateField()


def _one_of(choices):
    # A plain string checked against the choices: named enums of the same field name
    # ("kind", "outcome") in other apps would collide in the OpenAPI schema.
    codes = [c for c, _label in choices]

    def check(value):
        if value not in codes:
            raise serializers.ValidationError(f"One of: {', '.join(codes)}")

    return serializers.CharField(validators=[check], help_text=" | ".join(codes))


class WelfareMeasureSerializer(serializers.Serializer):
    kind = _one_of(HelpMeasure.Kind.choices)
    text = serializers.CharField(max_length=300)
    owner = serializers.CharField(max_length=50)
    due = serializers.DateField(required=False, allow_null=True)


class WelfareMeasureDoneSerializer(serializers.Serializer):
    date = serializers.DateField()
    result = serializers.CharField(max_length=300)


class WelfareReviewSerializer(serializers.Serializer):
    date = serializers.DateField()
    outcome = _one_of(CaseReview.Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class WelfareDocumentSerializer(serializers.Serializer):
    kind = _one_of(CaseDocument.Kind.choices)
    upload = serializers.FileField()


class WelfareVisitSerializer(serializers.Serializer):
    member = MemberField()
    occasion = serializers.ChoiceField(choices=rules.OCCASION_CHOICES)
    festival = serializers.ChoiceField(
        choices=rules.FESTIVAL_CHOICES, required=False, allow_blank=True, default=""
    )
    event_date = serializers.DateField(required=False, allow_null=True)
    date = serializers.DateField()
    visitors = serializers.CharField(max_length=200)
    form = serializers.ChoiceField(choices=rules.FORMS)
    amount = serializers.DecimalField(required=False, default=Decimal(0), **MONEY)
    goods = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    fund = FundField(required=False, allow_null=True)
    signed_off = serializers.BooleanField(required=False, default=False)
    receipt = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


class WelfareCorrectSerializer(WelfareVisitSerializer):
    reason = serializers.CharField(max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("member")


class WelfareReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=150)


class WelfareReceiptSerializer(serializers.Serializer):
    receipt = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class WelfareBatchSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    occasion = serializers.ChoiceField(choices=rules.OCCASION_CHOICES)
    festival = serializers.ChoiceField(
        choices=rules.FESTIVAL_CHOICES, required=False, allow_blank=True, default=""
    )
    date = serializers.DateField()
    form = serializers.ChoiceField(choices=rules.FORMS)
    amount = serializers.DecimalField(**MONEY)
    goods = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    fund = FundField(required=False, allow_null=True)
    visitors = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    selection = serializers.ChoiceField(choices=["all", "group", "retirees", "hardship"])
    group = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")


class WelfareLineAddSerializer(serializers.Serializer):
    member = MemberField()


class WelfareLineChangeSerializer(serializers.Serializer):
    amount = serializers.DecimalField(required=False, **MONEY)
    goods = serializers.CharField(max_length=200, required=False, allow_blank=True)


class WelfarePaySerializer(serializers.Serializer):
    override_reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


class WelfareSickLeaveSerializer(serializers.Serializer):
    member = MemberField()
    start = serializers.DateField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class WelfareSickLeaveEndSerializer(serializers.Serializer):
    end = serializers.DateField()


class WelfareRegionLineSerializer(serializers.Serializer):
    region = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    effective_from = serializers.DateField()
    dibao_monthly = serializers.DecimalField(**MONEY)
    low_income_monthly = serializers.DecimalField(required=False, allow_null=True, **MONEY)
    accident_ratio = serializers.DecimalField(
        max_digits=3, decimal_places=2, required=False, allow_null=True,
        min_value=Decimal("0.01"), max_value=Decimal(1),
    )  # fmt: skip
    source = serializers.CharField(max_length=200)


class WelfareSettingsSerializer(serializers.Serializer):
    must_visit = serializers.ListField(child=_one_of(rules.OCCASION_CHOICES))
    reminder_ages = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=120)
    )
    retirement_age_male = serializers.IntegerField(min_value=40, max_value=70)
    retirement_age_female = serializers.IntegerField(min_value=40, max_value=70)
    long_sick_days = serializers.IntegerField(min_value=1, max_value=365)


# -- what the API answers -------------------------------------------------------------


def money(value) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.01")))


def case_dict(f, *, reveal: bool = False, full: bool = False) -> dict:
    out = {
        "id": f.pk, "number": f.number, "state": f.state, "member": f.member_id,
        "member_name": f.member.name, "org": f.org.code, "category": f.category,
        "category_name": rules.CATEGORY_NAMES.get(f.category, ""),
        "per_head_monthly": money(f.per_head_monthly) if f.per_head_monthly is not None else None,
        "applied_on": f.applied_on, "approved_on": f.approved_on, "next_review": f.next_review,
        "closed_on": f.closed_on, "exit_reason": f.exit_reason,
    }  # fmt: skip
    if full:
        out.update({
            "phone": f.phone if reveal else f.phone_masked, "address": f.address,
            "id_number": f.member.id_number if reveal else f.member.id_number_masked,
            "causes": f.causes, "exclusions": f.exclusions,
            "yearly_income": money(f.yearly_income), "rigid_costs": money(f.rigid_costs),
            "accident": f.accident, "hardship_costs": money(f.hardship_costs),
            "situation": f.situation, "assessment": f.assessment,
            "dibao_used": money(f.dibao_used), "low_line_used": money(f.low_line_used),
            "line_source": f.line_source, "exit_note": f.exit_note,
            "household": [
                {"id": p.pk, "name": p.name, "relation": p.relation,
                 "id_number": p.id_number if reveal else p.id_number_masked,
                 "birth_year": p.birth_year, "occupation": p.occupation, "health": p.health,
                 "monthly_income": money(p.monthly_income), "left_on": p.left_on}
                for p in f.household.all()
            ],
            "measures": [
                {"id": m.pk, "kind": m.kind, "text": m.text, "owner": m.owner, "due": m.due,
                 "done_on": m.done_on, "result": m.result} for m in f.measures.all()
            ],
            "reviews": [
                {"id": r.pk, "date": r.date, "outcome": r.outcome, "category": r.category,
                 "note": r.note} for r in f.reviews.all()
            ],
            "documents": [
                {"id": d.pk, "kind": d.kind, "name": d.name, "size": d.size} for d in f.documents.all()
            ],
        })  # fmt: skip
    return out


def visit_dict(v) -> dict:
    return {
        "id": v.pk, "member": v.member_id, "member_name": v.member.name, "org": v.org.code,
        "occasion": v.occasion, "festival": v.festival, "occasion_label": v.occasion_label,
        "event_date": v.event_date, "date": v.date, "visitors": v.visitors, "form": v.form,
        "amount": money(v.amount), "goods": v.goods, "fund": v.fund_id,
        "fund_name": v.fund.name if v.fund else "", "state": v.state,
        "voucher": v.fund_entry.voucher_no if v.fund_entry else "",
        "reversal_voucher": v.reversal_entry.voucher_no if v.reversal_entry else "",
        "reversal_reason": v.reversal_reason, "replaces": v.replaces_id, "batch": v.batch_id,
        "signed_off": v.signed_off, "receipt": v.receipt, "findings": v.findings,
        "override_reason": v.override_reason, "note": v.note,
    }  # fmt: skip


def batch_dict(b, *, lines: bool = False, findings: dict | None = None) -> dict:
    out = {
        "id": b.pk, "title": b.title, "occasion": b.occasion, "festival": b.festival,
        "date": b.date, "form": b.form, "amount": money(b.amount), "goods": b.goods,
        "fund": b.fund_id, "state": b.state, "selection": b.selection,
        "paid_at": b.paid_at, "override_reason": b.override_reason,
    }  # fmt: skip
    if lines:
        rows = list(b.lines.select_related("member", "member__org").order_by("id"))
        out["count"] = len(rows)
        out["total"] = money(sum((ln.amount for ln in rows), Decimal(0)))
        out["lines"] = [
            {"id": ln.pk, "member": ln.member_id, "member_name": ln.member.name,
             "group": ln.member.org.name, "amount": money(ln.amount), "goods": ln.goods,
             "visit": ln.visit_id,
             "findings": [{"code": f.code, "message": f.message}
                          for f in (findings or {}).get(ln.pk, [])]}
            for ln in rows
        ]  # fmt: skip
    return out
