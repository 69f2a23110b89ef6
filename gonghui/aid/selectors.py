"""Reads that aggregate: the yearly reports of both programmes, pending counts, year figures.

Amounts in reports are the payments still standing (not reversed), so they equal what the
books hold for these sources: payout vouchers minus their 红字 reversals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from gonghui.members.models import ON_ROLL, Member

from . import rules
from .models import (
    AidRound,
    Application,
    ApplicationState,
    Claim,
    ClaimBill,
    ClaimState,
    Enrolment,
    Payment,
    Scheme,
)

ZERO = rules.ZERO


# -- the records both doors open (scoped: another union's ids are not found) ----------------


def rounds():
    return AidRound.objects.select_related("org")


def applications():
    return Application.objects.select_related("round__org", "member__org", "decided_by")


def payments():
    return Payment.objects.select_related("application", "claim")


def schemes():
    return Scheme.objects.select_related("org", "fund")


def claims():
    return Claim.objects.select_related("scheme__org", "scheme__fund", "enrolment__member__org")


def bills():
    return ClaimBill.objects.select_related("claim__scheme__org")


def members_on_roll(union):
    """The members an aid programme of `union` may name: on the roll of the union or below."""
    return Member.objects.filter(org__path__startswith=union.path, status__in=ON_ROLL)


def live_payments():
    return Payment.objects.filter(reversed_on__isnull=True)


def dsum(qs, field: str = "amount") -> Decimal:
    """An exact Decimal sum. SQLite adds decimals as floats; the volumes here (one union's
    year) are small, so adding in Python keeps every report exact to the fen on any database."""
    return sum(qs.values_list(field, flat=True), ZERO)


def per_key_sums(qs, key: str) -> dict[int, Decimal]:
    out: dict[int, Decimal] = {}
    for k, amount in qs.values_list(key, "amount"):
        out[k] = out.get(k, ZERO) + amount
    return out


@dataclass
class LevelRow:
    level: str
    label: str
    people: int = 0
    amount: Decimal = ZERO


@dataclass
class EducationReport:
    year: int
    rounds: list
    levels: list[LevelRow] = field(default_factory=list)
    paid: list = field(default_factory=list)  # (application, amount) rows
    people: int = 0
    amount: Decimal = ZERO
    applied: int = 0
    approved_unpaid: int = 0
    rejected: int = 0


def education_report(org, year: int) -> EducationReport:
    rounds = list(AidRound.objects.filter(org__path__startswith=org.path, year=year))
    report = EducationReport(year=year, rounds=rounds)
    apps = Application.objects.filter(round__in=rounds)
    counts = apps.aggregate(
        applied=Count("id"),
        approved=Count("id", filter=Q(state=ApplicationState.APPROVED)),
        rejected=Count("id", filter=Q(state=ApplicationState.REJECTED)),
    )
    report.applied, report.approved_unpaid, report.rejected = (
        counts["applied"],
        counts["approved"],
        counts["rejected"],
    )
    per_app = per_key_sums(live_payments().filter(application__round__in=rounds), "application_id")
    by_level = {code: LevelRow(code, str(label)) for code, label in rules.LEVELS}
    paid_apps = (
        Application.objects.filter(pk__in=per_app.keys())
        .select_related("member", "round")
        .order_by("level", "member__name_pinyin", "id")
    )
    for app in paid_apps:
        amount = per_app[app.pk]
        row = by_level[app.level]
        row.people += 1
        row.amount += amount
        report.paid.append((app, amount))
    report.levels = [row for row in by_level.values() if row.people]
    report.people = sum(r.people for r in report.levels)
    report.amount = sum((r.amount for r in report.levels), ZERO)
    return report


@dataclass
class MedicalReport:
    year: int
    schemes: list
    enrolled: int = 0
    contributions: Decimal = ZERO
    claims: int = 0
    by_state: dict = field(default_factory=dict)
    paid_claims: int = 0  # 赔付人次
    paid_people: int = 0
    amount: Decimal = ZERO
    rows: list = field(default_factory=list)  # (claim, paid amount)


def medical_report(org, year: int) -> MedicalReport:
    schemes = list(Scheme.objects.filter(org__path__startswith=org.path, year=year))
    report = MedicalReport(year=year, schemes=schemes)
    enrolments = Enrolment.objects.filter(scheme__in=schemes)
    report.enrolled = enrolments.count()
    report.contributions = dsum(enrolments, "contribution")
    claims = Claim.objects.filter(scheme__in=schemes)
    labels = dict(ClaimState.choices)
    report.by_state = {
        str(labels[row["state"]]): row["n"]
        for row in claims.order_by().values("state").annotate(n=Count("id"))
    }
    report.claims = sum(report.by_state.values())
    per_claim = per_key_sums(live_payments().filter(claim__scheme__in=schemes), "claim_id")
    rows = (
        claims.filter(pk__in=per_claim.keys())
        .select_related("enrolment__member", "scheme")
        .order_by("discharged_on", "id")
    )
    people = set()
    for claim in rows:
        report.rows.append((claim, per_claim[claim.pk]))
        people.add(claim.enrolment.member_id)
        report.amount += per_claim[claim.pk]
    report.paid_claims, report.paid_people = len(report.rows), len(people)
    return report


def pending_counts(org) -> dict[str, int]:
    apps = Application.objects.filter(round__org__path__startswith=org.path).aggregate(
        applied=Count("id", filter=Q(state=ApplicationState.APPLIED)),
        to_pay=Count("id", filter=Q(state=ApplicationState.APPROVED)),
    )
    claims = Claim.objects.filter(scheme__org__path__startswith=org.path).aggregate(
        open=Count("id", filter=Q(state__in=[ClaimState.SUBMITTED, ClaimState.REVIEWING])),
        to_pay=Count("id", filter=Q(state=ClaimState.APPROVED)),
    )
    return {
        "applications": apps["applied"],
        "applications_to_pay": apps["to_pay"],
        "claims": claims["open"],
        "claims_to_pay": claims["to_pay"],
    }


def education_report_for_round(rnd: AidRound) -> dict:
    sums = per_key_sums(live_payments().filter(application__round=rnd), "application_id")
    return {"people": len(sums), "amount": sum(sums.values(), ZERO)}


def medical_report_for_scheme(scheme: Scheme) -> dict:
    sums = per_key_sums(live_payments().filter(claim__scheme=scheme), "claim_id")
    return {
        "enrolled": Enrolment.objects.filter(scheme=scheme).count(),
        "claims": len(sums),
        "amount": sum(sums.values(), ZERO),
    }
