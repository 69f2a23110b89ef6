"""Reads of the levy funds that the pages and the API share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Q, Sum

from gonghui.finance.models import VoucherLine, VoucherState
from gonghui.orgs.models import UNION_KINDS, Organisation

from . import rules
from .models import Arrival, Receivable, Reminder, Remittance, SplitRule

ZERO = Decimal("0.00")
# Lines that count in the books: numbered and not voided (as finance counts a fund).
COUNTED = (
    VoucherState.SUBMITTED,
    VoucherState.REVIEWED,
    VoucherState.REJECTED,
    VoucherState.POSTED,
)


def split_for(org: Organisation, on: dt.date) -> rules.Split:
    """The split in force for `org` on `on`: the nearest setter at or above it with a rule
    effective by then (its latest one), else the built-in 60/40."""
    candidates = list(split_rules(org).filter(effective_from__lte=on))
    if not candidates:
        return rules.DEFAULT_SPLIT
    best = max(candidates, key=lambda r: (len(r.org.path), r.effective_from, r.pk))
    return rules.Split(best.own_percent, best.source, best.effective_from, best.org.name)


def split_rules(org: Organisation):
    """The rules reaching `org` (set here or above), newest first."""
    chain = [*org.ancestor_ids(), org.pk]
    return (
        SplitRule.objects.reaching(org)
        .filter(org_id__in=chain)
        .select_related("org", "set_by")
        .order_by("-effective_from", "-id")
    )


def live(qs):
    """Arrivals or receivables whose voucher stands: one voided in the books (作废) counts
    for nothing and may be recorded again."""
    return qs.exclude(voucher__state=VoucherState.VOIDED)


def arrivals(org: Organisation, year: int | None = None):
    qs = Arrival.objects.filter(org=org).select_related("voucher", "transfer_voucher")
    if year:
        qs = qs.filter(month__year=year)
    return qs.order_by("-month", "way")


def remittances(org: Organisation):
    return Remittance.objects.filter(org=org).select_related("voucher").order_by("-paid_on", "-id")


def receivables(org: Organisation):
    return Receivable.objects.filter(org=org).select_related("voucher", "collect_voucher")


def _owed_rows(orgs_filter: Q):
    return (
        VoucherLine.objects.filter(orgs_filter, account_top="211", voucher__state__in=COUNTED)
        .values("org_id")
        .annotate(d=Sum("debit"), c=Sum("credit"))
        .order_by()
    )


def owed(org: Organisation) -> Decimal:
    """The upper share owed: the credit balance of 211 应付上级经费 in the union's books
    (numbered vouchers, voided ones left out)."""
    for r in _owed_rows(Q(org=org)):
        return (Decimal(r["c"] or 0) - Decimal(r["d"] or 0)).quantize(rules.CENT)
    return ZERO


def reminders(org: Organisation):
    return Reminder.objects.filter(org=org).select_related("sent_from", "sent_by")


def active_reminders(org: Organisation) -> list[Reminder]:
    """Reminders still to show: the union owes something and has not remitted the
    reminded amount since the reminder was sent."""
    if owed(org) <= 0:
        return []
    out = []
    for r in reminders(org):
        since = (
            Remittance.objects.filter(org=org, created_at__gte=r.sent_at).aggregate(
                s=Sum("amount")
            )["s"]
            or ZERO
        )
        if since < r.amount:
            out.append(r)
    return out


def missing_months(org: Organisation, year: int, today: dt.date) -> list[dt.date]:
    """Payroll months of `year` whose 2% was due by `today` (the 15th of the next month)
    and for which no arrival is recorded, whatever the way."""
    have = set(
        live(Arrival.objects.filter(org=org, month__year=year)).values_list("month", flat=True)
    )
    out = []
    for m in range(1, 13):
        month = dt.date(year, m, 1)
        if rules.due_date(month) <= today and month not in have:
            out.append(month)
    return out


@dataclass
class Summary:
    org: Organisation
    year: int
    split: rules.Split
    owed: Decimal
    missing: list[dt.date]
    received: Decimal
    kept: Decimal
    remitted: Decimal
    reminders: list = field(default_factory=list)


def summary(org: Organisation, year: int, today: dt.date) -> Summary:
    got = live(Arrival.objects.filter(org=org, month__year=year)).aggregate(
        a=Sum("amount"), o=Sum("own_share")
    )
    sent = Remittance.objects.filter(org=org, paid_on__year=year).aggregate(s=Sum("amount"))
    return Summary(
        org=org,
        year=year,
        split=split_for(org, today),
        owed=owed(org),
        missing=missing_months(org, year, today),
        received=Decimal(got["a"] or 0).quantize(rules.CENT),
        kept=Decimal(got["o"] or 0).quantize(rules.CENT),
        remitted=Decimal(sent["s"] or 0).quantize(rules.CENT),
        reminders=active_reminders(org),
    )


@dataclass
class UnionRow:
    union: Organisation
    owed: Decimal
    last_remitted_on: dt.date | None
    last_reminded_at: object = None


def unions_below(upper: Organisation) -> list[UnionRow]:
    """The grassroots and joint unions in the upper union's subtree, each with the upper
    share it owes (211 in its books) and its last remittance: three grouped queries."""
    unions = list(
        Organisation.objects.filter(path__startswith=upper.path, kind__in=UNION_KINDS)
        .exclude(pk=upper.pk)
        .order_by("code")
    )
    ids = [u.pk for u in unions]
    balances = {
        r["org_id"]: (Decimal(r["c"] or 0) - Decimal(r["d"] or 0)).quantize(rules.CENT)
        for r in _owed_rows(Q(org_id__in=ids))
    }
    last = dict(
        Remittance.objects.filter(org_id__in=ids)
        .values("org_id")
        .annotate(m=Max("paid_on"))
        .values_list("org_id", "m")
    )
    reminded = dict(
        Reminder.objects.filter(org_id__in=ids)
        .values("org_id")
        .annotate(m=Max("sent_at"))
        .values_list("org_id", "m")
    )
    return [
        UnionRow(u, balances.get(u.pk, ZERO), last.get(u.pk), reminded.get(u.pk)) for u in unions
    ]
