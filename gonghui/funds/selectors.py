"""Reads of the funds ledger that aggregate: balances of many funds, a year's ledger."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce

from gonghui.audit.display import source_kind
from gonghui.orgs.models import Organisation

from .models import ZERO, Fund, FundEntry, entries_balance

_MONEY = DecimalField(max_digits=14, decimal_places=2)


def funds_with_balances(org: Organisation, *, include_inactive: bool = False):
    """The funds kept by `org` and the unions below it (for an upper union: its whole
    subtree), each with `income_sum` and `expense_sum` in one query (`fund.balance`
    then needs no query of its own)."""
    qs = Fund.objects.filter(org__path__startswith=org.path)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    zero = Value(ZERO, output_field=_MONEY)
    return (
        qs.select_related("org")
        .annotate(
            income_sum=Coalesce(Sum("entries__income"), zero, output_field=_MONEY),
            expense_sum=Coalesce(Sum("entries__expense"), zero, output_field=_MONEY),
        )
        .order_by("org__path", "kind", "name", "id")
    )


@dataclass
class LedgerRow:
    entry: FundEntry
    balance: Decimal

    @property
    def source(self) -> str:
        """What the entry was written for, by the kind of record (慰问批次, 医疗互助报销…):
        the stored reference (`welfare.batch` and an id) never reaches the page."""
        return source_kind(self.entry.source) if self.entry.source else ""


@dataclass
class Ledger:
    """A fund's ledger (日记账) for one year: carried forward, the lines, the totals."""

    fund: Fund
    year: int
    opening: Decimal
    rows: list[LedgerRow] = field(default_factory=list)
    income: Decimal = ZERO
    expense: Decimal = ZERO

    @property
    def closing(self) -> Decimal:
        return self.opening + self.income - self.expense


def ledger(fund: Fund, year: int) -> Ledger:
    """The entries of `fund` dated in `year`, in ledger order (date, voucher number), each
    with the running balance; the opening balance is everything dated before the year."""
    entries = FundEntry._base_manager.filter(fund_id=fund.pk)
    start = dt.date(year, 1, 1)
    book = Ledger(fund=fund, year=year, opening=entries_balance(entries.filter(date__lt=start)))
    running = book.opening
    for entry in (
        entries.filter(date__year=year)
        .select_related("reverses", "reversed_by", "created_by")
        .order_by("date", "voucher_year", "voucher_seq")
    ):
        running += entry.income - entry.expense
        book.income += entry.income
        book.expense += entry.expense
        book.rows.append(LedgerRow(entry=entry, balance=running))
    return book


def ledger_years(fund: Fund) -> list[int]:
    """The years with entries, newest first, and always the current year."""
    from django.utils import timezone

    years = set(
        FundEntry._base_manager.filter(fund_id=fund.pk)
        .dates("date", "year")
        .values_list("date__year", flat=True)
    )
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def union_totals(org: Organisation) -> dict:
    """Balances by kind across the funds in `org`'s subtree (the dashboard card)."""
    funds = list(funds_with_balances(org))
    return {
        "funds": funds,
        "total": sum((f.balance for f in funds), ZERO),
        "low": [f for f in funds if f.balance <= 0],
    }


def funds():
    """The funds this caller reaches (scoped: another organisation's fund is a 404)."""
    return Fund.objects.select_related("org")


def entries():
    return FundEntry.objects.select_related("fund", "fund__org", "reverses", "created_by")
