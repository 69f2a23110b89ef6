"""What the dues pages and the API read: a month's lines and figures, the arrears, the
lines a group leader collects, and a member's own lines.

Lines are scoped through their `unit` (the member's group or union): at a union every
line of its members, at a group those of the group's members.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum

from gonghui.finance.models import SourcePosting
from gonghui.members.models import Member
from gonghui.orgs.models import Organisation

from .models import DuesLine, DuesSettings, State

ZERO = Decimal("0.00")
# The finance SourcePosting of a month's dues voucher: ("dues.month", "2026-03").
SOURCE = "dues.month"


def month_key(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def within(org: Organisation) -> Q:
    """The lines of `org`: all of a union's, or those of the members of a group or branch."""
    return Q(org=org) if org.is_union else Q(unit__path__startswith=org.path)


def settings_of(union: Organisation) -> DuesSettings:
    """The union's settings, or the defaults (unsaved) when it has set none. Read through
    `reaching`: a group's page needs its union's rounding."""
    found = DuesSettings.objects.reaching(union).filter(org=union).first()
    return found or DuesSettings(org=union)


def lines(
    org: Organisation,
    *,
    month: dt.date | None = None,
    state: str = "",
    q: str = "",
) -> QuerySet[DuesLine]:
    """Lines of `org`, by month and the member's pinyin: one month's, one state's, or the
    members whose name (or its pinyin, or initials) starts with `q`."""
    qs = DuesLine.objects.filter(within(org))
    qs = qs.select_related("member", "unit", "org", "collected_by")
    if month is not None:
        qs = qs.filter(month=month)
    if state in State.values:
        qs = qs.filter(state=state)
    q = q.strip()
    if q:
        low = q.lower()
        qs = qs.filter(
            Q(member__name__contains=q)
            | Q(member__name_pinyin__startswith=low)
            | Q(member__name_initials__startswith=low)
        )
    return qs.order_by("-month", "member__name_pinyin", "member_id")


def to_collect(org: Organisation, *, month: dt.date | None = None, q: str = ""):
    """The lines still waiting for money (a group leader's collection list)."""
    return lines(org, month=month, q=q).filter(state__in=(State.UNPAID, State.NEEDS_WAGE))


def booked_voucher(union: Organisation, month: dt.date) -> str:
    """The number of the voucher that booked the month's dues, "" when none (or reversed)."""
    found = (
        SourcePosting.objects.filter(
            org=union, source=SOURCE, source_id=month_key(month), reversal__isnull=True
        )
        .select_related("voucher")
        .first()
    )
    return found.voucher.number if found else ""


@dataclass
class MonthSummary:
    month: dt.date
    counts: dict[str, int]  # lines per state, and "total"
    due: Decimal  # what the lines ask for
    paid: Decimal  # what was paid on them
    to_post: Decimal  # paid up to this month and not booked yet (back dues included)
    voucher: str  # the number of the month's dues voucher, "" until booked
    # What a generation did (zero otherwise).
    created: int = 0
    updated: int = 0
    removed: int = 0
    kept: int = 0
    elsewhere: int = 0  # members whose line of the month is at another union

    @property
    def key(self) -> str:
        return month_key(self.month)


def month_summary(org: Organisation, year: int, month: int, **done) -> MonthSummary:
    """The month's figures at the union `org` (nothing below a union keeps dues)."""
    union, month = org, dt.date(year, month, 1)
    rows = DuesLine.objects.filter(org=union, month=month).order_by().values("state")
    by_state = rows.annotate(n=Count("id"), due=Sum("amount_due"), paid=Sum("amount_paid"))
    counts = {s: 0 for s in State.values}
    due = paid = ZERO
    for row in by_state:
        counts[row["state"]] = row["n"]
        due += row["due"] or ZERO
        paid += row["paid"] or ZERO
    counts["total"] = sum(counts.values())
    waiting = DuesLine.objects.filter(org=union, state=State.PAID, month__lte=month).filter(
        Q(posted_in="") | Q(posted_in=month_key(month))
    )
    voucher = booked_voucher(union, month)
    to_post = ZERO if voucher else waiting.aggregate(s=Sum("amount_paid"))["s"] or ZERO
    return MonthSummary(month, counts, due, paid, to_post, voucher, **done)


# -- arrears ----------------------------------------------------------------------------
@dataclass
class Arrears:
    member: Member
    months: list[dt.date] = field(default_factory=list)  # the unpaid months, oldest first
    run: int = 0  # unpaid months since the last paid one (the lapse rule's count)
    owed: Decimal = ZERO

    @property
    def since(self) -> dt.date:
        return self.months[0]

    @property
    def run_since(self) -> dt.date:
        return self.months[-self.run]


def unpaid_runs(base: QuerySet[DuesLine]) -> dict[int, tuple[list[dt.date], int, Decimal]]:
    """member id → (unpaid months, how many of them came after the last paid month, sum
    owed) over the lines of `base`. Exempt months and months with nothing due neither
    count nor break a run; a paid month ends it."""
    base = base.order_by()  # no ordering in the groupings below
    unpaid: dict[int, list] = defaultdict(list)
    owed: dict[int, Decimal] = defaultdict(lambda: ZERO)
    rows = base.filter(state=State.UNPAID).values_list("member_id", "month", "amount_due")
    for member_id, month, due in rows.order_by("member_id", "month"):
        unpaid[member_id].append(month)
        owed[member_id] += due
    last_paid = dict(
        base.filter(member_id__in=list(unpaid), state=State.PAID)
        .values("member_id")
        .annotate(m=Max("month"))
        .values_list("member_id", "m")
    )
    out = {}
    for member_id, months in unpaid.items():
        paid = last_paid.get(member_id)
        run = sum(1 for m in months if paid is None or m > paid)
        out[member_id] = (months, run, owed[member_id])
    return out


def arrears(org: Organisation) -> list[Arrears]:
    """Members with unpaid months, the longest run first (a group's at a group)."""
    found = unpaid_runs(DuesLine.objects.filter(within(org)))
    members = Member.objects.filter(pk__in=list(found)).select_related("org")
    out = [Arrears(m, *found[m.pk]) for m in members]
    return sorted(out, key=lambda a: (-a.run, -len(a.months), a.member.name_pinyin, a.member.pk))


# -- a member's own ----------------------------------------------------------------------
def my_dues(member: Member) -> QuerySet[DuesLine]:
    """The member's own lines at every union they were in, newest first. Read past the
    scope (one's own records follow the person, as members.selectors.own_member)."""
    return (
        DuesLine.objects.everywhere(why="a member reads their own dues wherever they were")
        .filter(member=member)
        .select_related("org")
        .order_by("-month")
    )
