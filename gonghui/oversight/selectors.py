"""Reads of the audit committee's workspace that pages, API and the report share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from gonghui.accounts.models import RoleAssignment
from gonghui.accounts.permissions import ROLES
from gonghui.finance import statements
from gonghui.finance.models import Voucher, VoucherState
from gonghui.finance.selectors import statement_set

from . import rules
from .models import Finding, FindingState, OversightSettings, ReportText, Review, ReviewKind

WRITE = "oversight.review:write"
COMMITTEE_ROLES = tuple(code for code, role in ROLES.items() if WRITE in role.permissions)


def is_committee(user, org) -> bool:
    """`user` sits on the committee of `org`: holds a role with the committee's writing
    right at `org` or above it (a superuser counts as one: they hold every right)."""
    if not getattr(user, "pk", None):
        return False
    if user.is_superuser:
        return True
    covering = [int(p) for p in org.path.strip("/").split("/") if p]
    return RoleAssignment._base_manager.filter(
        user=user, role__in=COMMITTEE_ROLES, org_id__in=covering
    ).exists()


def settings_of(org) -> OversightSettings:
    """The union's settings, or the defaults (unsaved) when it never changed them."""
    return OversightSettings.objects.filter(org=org).first() or OversightSettings(org=org)


def reviews(org, *, year: int | None = None, kind: str = ""):
    qs = Review.objects.filter(org=org).annotate(
        findings_count=Count("findings"),
        open_count=Count("findings", filter=~Q(findings__state=FindingState.CLOSED)),
    )
    if year:
        qs = qs.filter(year=year)
    if kind in ReviewKind.values:
        qs = qs.filter(kind=kind)
    return qs.order_by("-year", "-started_on", "-id")


def review(org, pk: int) -> Review:
    return Review.objects.filter(org=org).select_related("opened_by", "signed_by").get(pk=pk)


def findings(org, *, open_only: bool = False, review=None):
    qs = Finding.objects.filter(org=org).select_related(
        "review", "rectified_by", "rechecked_by", "found_by"
    )
    if open_only:
        qs = qs.exclude(state=FindingState.CLOSED)
    if review is not None:
        qs = qs.filter(review=review)
    return qs.order_by("state", "due_on", "id")


def overdue_count(org, today: dt.date) -> int:
    return Finding.objects.filter(org=org, state=FindingState.OPEN, due_on__lt=today).count()


def overrides(org, year: int):
    """The year's vouchers that a budget line or a spending rule objected to, handed in
    with a reason (drafts aside: their checks have not run)."""
    return (
        Voucher.objects.filter(org=org, year=year)
        .exclude(concerns=[])
        .exclude(state=VoucherState.DRAFT)
        .select_related("prepared_by")
        .order_by("date", "seq", "id")
    )


@dataclass(frozen=True)
class Due:
    kind: str
    label: str
    required: int
    held: int

    @property
    def missing(self) -> int:
        return max(self.required - self.held, 0)


def reviews_due(org, year: int) -> list[Due]:
    """The reviews a year needs (rules.YEARLY and the union's periodic ones) and how many
    were held."""
    held = dict(
        Review.objects.filter(org=org, year=year)
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    needed = dict(rules.yearly_reviews(settings_of(org)))
    return [
        Due(kind, str(ReviewKind(kind).label), n, held.get(kind, 0)) for kind, n in needed.items()
    ]


@dataclass(frozen=True)
class Figures:
    """The year's key figures from the books: 工会02 by category and the year-end balances."""

    income: list[tuple[str, Decimal]]
    expense: list[tuple[str, Decimal]]
    income_total: Decimal
    expense_total: Decimal
    difference: Decimal
    cash: Decimal  # 货币资金 at the period's end
    carried: Decimal  # 年末资金结转 (专项)
    surplus: Decimal  # 年末资金结余 (非专项)


def key_figures(org, year: int) -> Figures:
    result = statement_set(org, year)
    flow = {ln.name: ln.year_to_date for ln in result.income_expense}
    balance = {ln.name: ln.closing for ln in result.balance_sheet}
    return Figures(
        income=[(name, flow[name]) for name, _code in statements.INCOME_LINES],
        expense=[(name, flow[name]) for name, _code in statements.EXPENSE_LINES],
        income_total=flow["收入合计"],
        expense_total=flow["支出合计"],
        difference=flow["本期收支差额"],
        cash=balance["货币资金"],
        carried=flow["年末资金结转"],
        surplus=flow["年末资金结余"],
    )


@dataclass
class YearReport:
    """What the 经审工作报告 of a year is drafted from."""

    org: object
    year: int
    figures: Figures
    reviews: list = field(default_factory=list)
    findings: int = 0
    rectified: int = 0  # re-checked and accepted
    waiting_recheck: int = 0
    still_open: int = 0
    overrides: int = 0


def year_report(org, year: int) -> YearReport:
    found = Finding.objects.filter(org=org, review__year=year).aggregate(
        n=Count("id"),
        closed=Count("id", filter=Q(state=FindingState.CLOSED)),
        rectified=Count("id", filter=Q(state=FindingState.RECTIFIED)),
        open=Count("id", filter=Q(state=FindingState.OPEN)),
    )
    return YearReport(
        org=org,
        year=year,
        figures=key_figures(org, year),
        reviews=list(reviews(org, year=year).order_by("started_on", "id")),
        findings=found["n"],
        rectified=found["closed"],
        waiting_recheck=found["rectified"],
        still_open=found["open"],
        overrides=overrides(org, year).count(),
    )


def report_text(org, year: int) -> str:
    """The committee's kept text of its yearly report ("" when it kept none)."""
    found = ReportText.objects.filter(org=org, year=year).first()
    return found.text if found else ""


def report_edit(org, year: int):
    """The kept ReportText of the year, or None."""
    return ReportText.objects.filter(org=org, year=year).select_related("updated_by").first()
