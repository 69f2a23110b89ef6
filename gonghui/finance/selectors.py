"""Reads of the books that pages, API and commands share: the chart a union uses, its
vouchers, and the balances every ledger and statement is computed from."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from . import chart, statements
from .models import ZERO, SubAccount, Voucher, VoucherLine

CENT = Decimal("0.01")


def chart_for(org, on: dt.date | None = None) -> dict[str, chart.Account]:
    """The built-in chart and the sub-accounts set at `org` or above it (an upper union
    adds them for its subtree), live on `on`. The nearest setter wins a code."""
    accounts = dict(chart.ACCOUNTS)
    subs = SubAccount.objects.reaching(org).select_related("org")
    if on is not None:
        subs = subs.filter(Q(retired_on__isnull=True) | Q(retired_on__gt=on))
    # Deeper setters (longer paths) last, so they overwrite what is set above them.
    for sub in sorted(subs, key=lambda s: (len(s.org.path), s.code)):
        parent = accounts.get(sub.parent_code)
        if parent is None or sub.code in chart.ACCOUNTS:
            continue  # a built-in code is never redefined
        accounts[sub.code] = chart.Account(
            code=sub.code,
            name=f"{parent.name}-{sub.name}" if parent.level == 1 else sub.name,
            category=parent.category,
            normal=parent.normal,
            parent=parent.code,
            restricted_default=parent.restricted_default,
        )
    return dict(sorted(accounts.items()))


def vouchers(
    org,
    *,
    year: int | None = None,
    month: int | None = None,
    state: str = "",
    import_batch: int | None = None,
):
    qs = Voucher.objects.filter(org=org).select_related("prepared_by", "reviewed_by", "posted_by")
    if import_batch:
        qs = qs.filter(import_batch_id=import_batch)
    if year:
        qs = qs.filter(year=year)
    if month:
        qs = qs.filter(month=month)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-year", "-month", "-seq", "-id")


def voucher(org, pk: int) -> Voucher:
    return (
        Voucher.objects.filter(org=org)
        .select_related("prepared_by", "reviewed_by", "posted_by", "reverses")
        .prefetch_related("lines__project", "lines__fund")
        .get(pk=pk)
    )


# -- statements ----------------------------------------------------------------------
@dataclass(frozen=True)
class Statements:
    org: object
    year: int
    month: int | None
    balance_sheet: list[statements.BalanceLine]
    income_expense: list[statements.FlowLine]

    def as_json(self) -> dict:
        """The shape of `manage.py statements --format json` (a contract of #14)."""
        return {
            "org": self.org.code,
            "year": self.year,
            "month": self.month,
            "balance_sheet": [
                {"line": ln.name, "opening": f"{ln.opening:.2f}", "closing": f"{ln.closing:.2f}"}
                for ln in self.balance_sheet
            ],
            "income_expense": [
                {
                    "line": ln.name,
                    "period": f"{ln.period:.2f}",
                    "year_to_date": f"{ln.year_to_date:.2f}",
                }
                for ln in self.income_expense
            ],
        }


def _net_rows(org, year: int):
    """Σdebit − Σcredit of the posted lines up to `year`, one row per (year ≤ Y rolled
    into one, month of Y, first-level account, 专项 flag, closing entry): one GROUP BY
    over the (org, year, account_top) index, whatever the number of lines."""
    rows = (
        VoucherLine.objects.filter(org=org, posted=True, year__lte=year)
        .values("year", "month", "account_top", "restricted", "closing")
        .annotate(d=Sum("debit"), c=Sum("credit"))
        .order_by()
    )
    for r in rows:
        # SQLite sums decimals as floats: back to the fen.
        net = (Decimal(r["d"] or 0) - Decimal(r["c"] or 0)).quantize(CENT)
        yield r["year"], r["month"], r["account_top"], r["restricted"], r["closing"], net


def statement_set(org, year: int, month: int | None = None) -> Statements:
    """工会01 and 工会02 of `org` for a month, or for the year when `month` is None."""
    first, last = (month, month) if month else (1, 12)
    year_start, period_start, period_end = (defaultdict(Decimal) for _ in range(3))
    period_moves, ytd_moves = defaultdict(Decimal), defaultdict(Decimal)
    for y, m, top, restricted, closing, net in _net_rows(org, year):
        key = (top, restricted)
        if y < year:
            year_start[key] += net
            period_start[key] += net
            period_end[key] += net
            continue
        if m < first:
            period_start[key] += net
        if m <= last:
            period_end[key] += net
            if not closing:
                ytd_moves[key] += net
                if m >= first:
                    period_moves[key] += net
    return Statements(
        org=org,
        year=year,
        month=month,
        balance_sheet=statements.balance_sheet(year_start, period_end),
        income_expense=statements.income_expense(
            year_start=year_start,
            period_start=period_start,
            period_end=period_end,
            period_moves=period_moves,
            ytd_moves=ytd_moves,
        ),
    )


def trial_balance(org, year: int, month: int) -> list[dict]:
    """科目余额表 by leaf account: opening (start of the month), the month's debits and
    credits, closing, each on the account's normal side."""
    accounts = chart_for(org)
    rows = (
        VoucherLine.objects.filter(org=org, posted=True)
        .filter(Q(year__lt=year) | Q(year=year, month__lte=month))
        .values("account_code")
        .annotate(
            before_d=Sum("debit", filter=Q(year__lt=year) | Q(year=year, month__lt=month)),
            before_c=Sum("credit", filter=Q(year__lt=year) | Q(year=year, month__lt=month)),
            d=Sum("debit", filter=Q(year=year, month=month)),
            c=Sum("credit", filter=Q(year=year, month=month)),
        )
        .order_by("account_code")
    )
    out = []
    for r in rows:
        code = r["account_code"]
        account = accounts.get(code) or chart.account(code)
        sign = 1 if account is None or account.normal == "debit" else -1

        def q(v):
            return Decimal(v or 0).quantize(CENT)

        opening = sign * (q(r["before_d"]) - q(r["before_c"]))
        debit, credit = q(r["d"]), q(r["c"])
        out.append(
            {
                "code": code,
                "name": account.name if account else code,
                "opening": opening,
                "debit": debit,
                "credit": credit,
                "closing": opening + sign * (debit - credit),
            }
        )
    return [r for r in out if any(r[k] != ZERO for k in ("opening", "debit", "credit"))]


def periods(org, year: int) -> list:
    """The twelve months of `year`; a month never used is shown open (its row is made
    when its first voucher is numbered)."""
    from .models import Period

    found = {p.month: p for p in Period.objects.filter(org=org, year=year)}
    return [found.get(m) or Period(org=org, year=year, month=m) for m in range(1, 13)]


def projects(org):
    from .models import Project

    return Project.objects.filter(org=org).order_by("code")


def chart_rows(org) -> list[dict]:
    """The chart as the pages and the API list it: each account with whether it takes
    postings (a leaf) and whether it is the 制度's own or added here or above."""
    accounts, live = chart_for(org), chart_for(org, timezone.localdate())
    return [
        {
            "code": a.code,
            "name": a.name,
            "category": a.category,
            "normal": a.normal,
            "parent": a.parent,
            "level": a.level,
            "leaf": chart.is_leaf(a.code, accounts.values()),
            "built_in": a.code in chart.ACCOUNTS,
            "active": a.code in live,
        }
        for a in accounts.values()
    ]
