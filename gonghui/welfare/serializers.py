"""Input serializers of the care API and the plain dicts it answers with."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from gonghui.funds.models import Fund
from gonghui.members.models import ON_ROLL, Member

from . import rules, selectors
from .models import CaseDocument, CaseReview, ExitReason, HelpMeasure

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal(0)}
RATIO = dict(max_digits=3, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal(1))
# An optional text: "" when not given.
BLANK = {"required": False, "allow_blank": True, "default": ""}


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


class WelfareStepSerializer(serializers.Serializer):
    date = serializers.DateField(required=False)
    note = serializers.CharField(**BLANK)
    exit_reason = serializers.ChoiceField(choices=ExitReason.choices, **BLANK)


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
    note = serializers.CharField(**BLANK)


class WelfareDocumentSerializer(serializers.Serializer):
    kind = _one_of(CaseDocument.Kind.choices)
    upload = serializers.FileField()


class WelfareGiftSerializer(serializers.Serializer):
    """What a visit or a batch gives, on which occasion, from which fund."""

    occasion = serializers.ChoiceField(choices=rules.OCCASION_CHOICES)
    festival = serializers.ChoiceField(choices=rules.FESTIVAL_CHOICES, **BLANK)
    date = serializers.DateField()
    form = serializers.ChoiceField(choices=rules.FORMS)
    goods = serializers.CharField(max_length=200, **BLANK)
    fund = FundField(required=False, allow_null=True)


class WelfareVisitFactsSerializer(WelfareGiftSerializer):
    event_date = serializers.DateField(required=False, allow_null=True)
    visitors = serializers.CharField(max_length=200)
    amount = serializers.DecimalField(required=False, default=Decimal(0), **MONEY)
    signed_off = serializers.BooleanField(required=False, default=False)
    receipt = serializers.CharField(max_length=100, **BLANK)
    note = serializers.CharField(max_length=300, **BLANK)
    override_reason = serializers.CharField(max_length=300, **BLANK)


class WelfareVisitSerializer(WelfareVisitFactsSerializer):
    member = MemberField()


class WelfareCorrectSerializer(WelfareVisitFactsSerializer):
    reason = serializers.CharField(max_length=150)


class WelfareReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=150)


class WelfareReceiptSerializer(serializers.Serializer):
    receipt = serializers.CharField(max_length=100, **BLANK)


class WelfareBatchSerializer(WelfareGiftSerializer):
    title = serializers.CharField(max_length=100)
    amount = serializers.DecimalField(**MONEY)
    visitors = serializers.CharField(max_length=200, **BLANK)
    selection = serializers.ChoiceField(choices=["all", "group", "retirees", "hardship"])
    group = serializers.CharField(max_length=32, **BLANK)


class WelfareLineAddSerializer(serializers.Serializer):
    member = MemberField()


class WelfareLineChangeSerializer(serializers.Serializer):
    amount = serializers.DecimalField(required=False, **MONEY)
    goods = serializers.CharField(max_length=200, required=False, allow_blank=True)


class WelfarePaySerializer(serializers.Serializer):
    override_reason = serializers.CharField(max_length=300, **BLANK)


class WelfareSickLeaveSerializer(serializers.Serializer):
    member = MemberField()
    start = serializers.DateField()
    note = serializers.CharField(max_length=200, **BLANK)


class WelfareSickLeaveEndSerializer(serializers.Serializer):
    end = serializers.DateField()


class WelfareRegionLineSerializer(serializers.Serializer):
    region = serializers.CharField(max_length=30, **BLANK)
    effective_from = serializers.DateField()
    # A monthly poverty line: the column holds 8 digits (below a million yuan).
    dibao_monthly = serializers.DecimalField(**{**MONEY, "max_digits": 8})
    low_income_monthly = serializers.DecimalField(
        required=False, allow_null=True, **{**MONEY, "max_digits": 8}
    )
    accident_ratio = serializers.DecimalField(required=False, allow_null=True, **RATIO)
    source = serializers.CharField(max_length=200)


class WelfareSettingsSerializer(serializers.Serializer):
    must_visit = serializers.ListField(child=_one_of(rules.OCCASION_CHOICES))
    reminder_ages = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=120)
    )
    retirement_age_male = serializers.IntegerField(min_value=40, max_value=70)
    retirement_age_female = serializers.IntegerField(min_value=40, max_value=70)
    long_sick_days = serializers.IntegerField(min_value=1, max_value=365)


# -- what the API answers: plain objects -------------------------------------------------


def money(value) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.01")))


def money_rows(rows: list[dict]) -> list[dict]:
    return [{k: (money(v) if k == "amount" else v) for k, v in r.items()} for r in rows]


def pick(obj, names: str, *, amounts: str = "") -> dict:
    """`{name: obj.name}` for the names given as words; `key=path.to.attr` renames and
    follows relations (None past an empty one); the `amounts` are money strings."""
    out = {}
    for word in names.split():
        key, _, path = word.partition("=")
        value = obj
        for attr in (path or key).split("."):
            value = None if value is None else getattr(value, attr)
        out[key] = money(value) if key in amounts.split() else value
    return out


CASE = (
    "id number state member=member_id member_name=member.name org=org.code category "
    "applied_on approved_on next_review closed_on exit_reason"
)
CASE_FULL = (
    "address causes exclusions yearly_income rigid_costs accident hardship_costs situation "
    "assessment dibao_used low_line_used line_source exit_note"
)
CASE_MONEY = "yearly_income rigid_costs hardship_costs dibao_used low_line_used monthly_income"


def case_dict(f, *, reveal: bool = False, full: bool = False) -> dict:
    out = pick(f, CASE)
    out["category_name"] = rules.CATEGORY_NAMES.get(f.category, "")
    out["per_head_monthly"] = None if f.per_head_monthly is None else money(f.per_head_monthly)
    if not full:
        return out
    masked = "" if reveal else "_masked"
    person = "id name relation birth_year occupation health monthly_income left_on"
    return {
        **out,
        **pick(f, CASE_FULL, amounts=CASE_MONEY),
        "phone": getattr(f, f"phone{masked}"),
        "id_number": getattr(f.member, f"id_number{masked}"),
        "household": [
            {**pick(p, person, amounts=CASE_MONEY), "id_number": getattr(p, f"id_number{masked}")}
            for p in f.household.all()
        ],
        "measures": [pick(m, "id kind text owner due done_on result") for m in f.measures.all()],
        "reviews": [pick(r, "id date outcome category note") for r in f.reviews.all()],
        "documents": [pick(d, "id kind name size") for d in f.documents.all()],
    }


VISIT = (
    "id member=member_id member_name=member.name org=org.code occasion festival occasion_label "
    "event_date date visitors form amount goods fund=fund_id state reversal_reason "
    "replaces=replaces_id batch=batch_id signed_off receipt findings override_reason note"
)


def booking_dict(b) -> dict:
    """The voucher of a payout in the books: its number (记-0007) and state (submitted:
    with the accountant for review; posted), and the 红字 voucher once reversed."""
    return {
        "voucher": b.voucher.number if b else "",
        "voucher_state": b.voucher.state if b else "",
        "voucher_state_display": str(b.voucher.get_state_display()) if b else "",
        "reversal_voucher": b.reversal.number if b and b.reversal else "",
    }


def visit_dict(v, books: dict | None = None) -> dict:
    """A visit; `books` the vouchers of its page (selectors.bookings), else read for it."""
    if books is None:
        books = selectors.bookings([v])
    return {
        **pick(v, VISIT, amounts="amount"),
        "fund_name": v.fund.name if v.fund else "",
        **booking_dict(books.get(v.pk)),
    }


BATCH = (
    "id title occasion festival date form amount goods fund=fund_id state selection paid_at "
    "override_reason"
)
LINE = (
    "id member=member_id member_name=member.name group=member.org.name amount goods visit=visit_id"
)


def batch_dict(b, *, lines: bool = False, findings: dict | None = None) -> dict:
    out = pick(b, BATCH, amounts="amount")
    if lines:
        booked = booking_dict(selectors.batch_booking(b))
        out.update({k: booked[k] for k in ("voucher", "voucher_state", "voucher_state_display")})
        rows = list(b.lines.select_related("member", "member__org").order_by("id"))
        out["count"] = len(rows)
        out["total"] = money(sum((ln.amount for ln in rows), Decimal(0)))
        out["lines"] = [
            {
                **pick(ln, LINE, amounts="amount"),
                "findings": [pick(f, "code message") for f in (findings or {}).get(ln.pk, [])],
            }
            for ln in rows
        ]
    return out


def person_year_dict(year) -> dict:
    table, row = year.table, "occasion name count amount"
    return {
        **pick(year, "member=member.pk year table=table.label source=table.source total"),
        "total": money(year.total),
        "festival_total": money(year.festival_total),
        "festival_cap": money(table.festival_year) if table.festival_year else None,
        "rows": [
            {**pick(r, row, amounts="amount"), "cap": money(r.cap) if r.cap else None}
            for r in year.rows
        ],
    }


def report_dict(year: int, r: dict) -> dict:
    by = ("by_occasion", "by_month", "by_group", "by_fund")
    return {
        "year": year,
        "totals": {**r["totals"], "amount": money(r["totals"]["amount"])},
        **{key: money_rows(r[key]) for key in by},
        "ledger": {**r["ledger"], **{k: money(r["ledger"][k]) for k in ("visits", "ledger")}},
    }


def hardship_rows(rows) -> list[dict]:
    counts = ("household", "measures", "measures_done")
    return [
        {**case_dict(r["file"]), **{k: r[k] for k in counts}, "received": money(r["received"])}
        for r in rows
    ]


def caps_dict(table) -> dict:
    per = lambda amounts: {k: money(v) for k, v in amounts.items()}  # noqa: E731
    return {
        **pick(table, "label source mark effective_from"),
        "per_payout": per(table.per_payout),
        "festival_year": money(table.festival_year) if table.festival_year else None,
        "per_festival": per(table.per_festival),
    }


def occasion_dict(o) -> dict:
    return {**pick(o, "code name rule mark"), "forms": list(o.forms)}


def lines_dict(lines) -> dict:
    names = "region dibao low_line source effective_from example=is_default"
    return {
        **pick(lines, names, amounts="dibao low_line"),
        "accident_ratio": str(lines.accident_ratio),
    }


SETTINGS = "must_visit reminder_ages retirement_age_male retirement_age_female long_sick_days"
