"""Reads of the funds as views of the books: balances of many funds, a year's ledger.

A fund is the auxiliary dimension of the cash (101) and bank (102) lines of the books
(docs/finance-design.md §3.3, "Fund ledgers as views"). Its ledger is those lines in date
order, income = debit, expense = credit (a 红字 reversal carries negative amounts on the
side of its original); its balance is their sum over the vouchers that are numbered and not
voided, as `finance.posting.fund_balance` counts it: a payout waiting for review has
already left the fund. The old `FundEntry` table is history and is not read here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from gonghui.audit.display import source_kind
from gonghui.finance.models import SourcePosting, Voucher, VoucherLine, VoucherState
from gonghui.finance.posting import COMMITTED
from gonghui.orgs.models import Organisation

from .models import CENT, ZERO, Fund

_MONEY = DecimalField(max_digits=14, decimal_places=2)
CASH = ("101", "102")
# Sources of the funds pages themselves: a ledger line names no "recorded for" for them.
MANUAL = "funds.manual"
MIGRATED = "funds.entry"
OWN_SOURCES = frozenset({MANUAL, MIGRATED})


def _fund_lines_q(prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}account_top__in": CASH,
            f"{prefix}voucher__state__in": COMMITTED,
        }
    )


def fund_lines(fund: Fund):
    """The fund's cash and bank lines that count (numbered, not voided). Past the scope:
    the caller holds the fund through the scoped selector already."""
    return VoucherLine._base_manager.filter(_fund_lines_q(), fund_id=fund.pk)


def _net(rows) -> Decimal:
    sums = rows.aggregate(d=Sum("debit"), c=Sum("credit"))
    return (Decimal(sums["d"] or 0) - Decimal(sums["c"] or 0)).quantize(CENT)


def funds_with_balances(org: Organisation, *, include_inactive: bool = False):
    """The funds kept by `org` and the unions below it (for an upper union: its whole
    subtree), each with `income_sum` (Σ debit) and `expense_sum` (Σ credit) of its lines
    in the books, in one query (`fund.balance` then needs no query of its own)."""
    qs = Fund.objects.filter(org__path__startswith=org.path)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    zero = Value(ZERO, output_field=_MONEY)
    counted = _fund_lines_q("voucher_lines__")
    return (
        qs.select_related("org")
        .annotate(
            income_sum=Coalesce(
                Sum("voucher_lines__debit", filter=counted), zero, output_field=_MONEY
            ),
            expense_sum=Coalesce(
                Sum("voucher_lines__credit", filter=counted), zero, output_field=_MONEY
            ),
        )
        .order_by("org__path", "kind", "name", "id")
    )


# -- a fund's ledger lines -----------------------------------------------------------
@dataclass
class Entry:
    """One line of a fund's ledger: the fund's cash or bank line of one voucher, with what
    the rest of the voucher says (whom it paid, for which record, its reversals)."""

    line: VoucherLine
    source: str = ""
    source_id: str = ""
    payee: str = ""
    accounts: list[str] = field(default_factory=list)
    reversed_by: str | None = None  # the numbers of its 红字 vouchers
    can_reverse: bool = False
    balance: Decimal | None = None  # after this line, in a year's ledger

    @property
    def pk(self) -> int:
        return self.line.pk

    id = pk

    @property
    def fund(self) -> Fund:
        return self.line.fund

    @property
    def fund_id(self) -> int:
        return self.line.fund_id

    @property
    def voucher(self) -> Voucher:
        return self.line.voucher

    @property
    def voucher_id(self) -> int:
        return self.line.voucher_id

    @property
    def voucher_no(self) -> str:
        return self.voucher.number

    @property
    def date(self) -> dt.date:
        return self.line.date

    @property
    def summary(self) -> str:
        # A 红字 voucher's lines repeat their original's words; its own summary says why.
        if self.voucher.reverses_id is not None:
            return self.voucher.summary
        return self.line.summary or self.voucher.summary

    @property
    def income(self) -> Decimal:
        return self.line.debit

    @property
    def expense(self) -> Decimal:
        return self.line.credit

    @property
    def amount(self) -> Decimal:
        return self.line.debit or self.line.credit

    @property
    def is_income(self) -> bool:
        return self.line.debit != 0

    @property
    def state(self) -> str:
        return self.voucher.state

    @property
    def state_display(self) -> str:
        return self.voucher.get_state_display()

    @property
    def is_posted(self) -> bool:
        return self.voucher.state == VoucherState.POSTED

    @property
    def reverses(self) -> str | None:
        original = self.voucher.reverses
        return original.number if original is not None else None

    @property
    def is_reversal(self) -> bool:
        return self.voucher.reverses_id is not None

    @property
    def is_reversed(self) -> bool:
        return bool(self.reversed_by)

    @property
    def created_by(self):
        return self.voucher.prepared_by

    @property
    def created_at(self):
        return self.voucher.prepared_at


def _with_voucher(lines):
    return lines.select_related("fund", "voucher", "voucher__reverses", "voucher__prepared_by")


def entries_of(lines: list[VoucherLine]) -> list[Entry]:
    """The lines as ledger entries, with three more queries for all of them: the records
    their vouchers book, their reversals, and the other lines (payees, accounts)."""
    ids = {ln.voucher_id for ln in lines}
    if not ids:
        return []
    postings: dict[int, list[SourcePosting]] = defaultdict(list)
    # A 红字 voucher books no record of its own: it names the one it undid.
    undone: dict[int, list[SourcePosting]] = defaultdict(list)
    for sp in SourcePosting._base_manager.filter(
        Q(voucher_id__in=ids, amount__isnull=True) | Q(reversal_id__in=ids)
    ).order_by("id"):
        if sp.voucher_id in ids and sp.amount is None:
            postings[sp.voucher_id].append(sp)
        if sp.reversal_id in ids:
            undone[sp.reversal_id].append(sp)
    reversals: dict[int, list[str]] = defaultdict(list)
    for original, number in (
        Voucher._base_manager.filter(reverses_id__in=ids)
        .exclude(state=VoucherState.VOIDED)
        .order_by("id")
        .values_list("reverses_id", "number")
    ):
        reversals[original].append(number)
    payees: dict[int, list[str]] = defaultdict(list)
    accounts: dict[int, list[str]] = defaultdict(list)
    for voucher_id, payee, code in (
        VoucherLine._base_manager.filter(voucher_id__in=ids)
        .exclude(account_top__in=CASH)
        .order_by("voucher_id", "order")
        .values_list("voucher_id", "payee", "account_code")
    ):
        if payee and payee not in payees[voucher_id]:
            payees[voucher_id].append(payee)
        if code not in accounts[voucher_id]:
            accounts[voucher_id].append(code)
    out = []
    for ln in lines:
        booked = postings.get(ln.voucher_id, [])
        live = [sp for sp in booked if sp.reversal_id is None]
        named = booked or undone.get(ln.voucher_id, [])
        # The module's own record names the source; the migration's row only when alone.
        shown = next((sp for sp in named if sp.source != MIGRATED), named[0] if named else None)
        out.append(
            Entry(
                line=ln,
                source=shown.source if shown else "",
                source_id=shown.source_id if shown else "",
                payee=ln.payee or "、".join(payees.get(ln.voucher_id, []))[:100],
                accounts=accounts.get(ln.voucher_id, []),
                reversed_by="、".join(reversals.get(ln.voucher_id, [])) or None,
                can_reverse=bool(live) and ln.voucher.reverses_id is None,
            )
        )
    return out


def entry(line: VoucherLine) -> Entry:
    """One ledger line as an entry (the page and the API show one)."""
    return entries_of([line])[0]


def entry_of(voucher: Voucher, fund: Fund) -> Entry:
    """The fund's line of a voucher just written (its first one on cash or bank)."""
    line = (
        _with_voucher(VoucherLine._base_manager.filter(voucher_id=voucher.pk, fund_id=fund.pk))
        .filter(account_top__in=CASH)
        .order_by("order")
        .first()
    )
    return entry(line)


@dataclass
class LedgerRow:
    entry: Entry
    balance: Decimal

    @property
    def source(self) -> str:
        """What the voucher was written for, by the kind of record (慰问批次, 医疗互助报销…):
        the stored reference (`welfare.batch` and an id) never reaches the page."""
        src = self.entry.source
        return source_kind(src) if src and src not in OWN_SOURCES else ""


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

    @property
    def entries(self) -> list[Entry]:
        return [row.entry for row in self.rows]


def ledger(fund: Fund, year: int) -> Ledger:
    """The fund's lines dated in `year`, in ledger order (date, voucher number), each with
    the running balance; the opening balance is everything dated before the year."""
    lines = fund_lines(fund)
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    book = Ledger(fund=fund, year=year, opening=_net(lines.filter(date__lt=start)))
    running = book.opening
    rows = list(
        _with_voucher(lines.filter(date__gte=start, date__lt=end)).order_by(
            "date", "voucher__seq", "voucher_id", "order"
        )
    )
    for e in entries_of(rows):
        running += e.income - e.expense
        book.income += e.income
        book.expense += e.expense
        e.balance = running
        book.rows.append(LedgerRow(entry=e, balance=running))
    return book


def ledger_years(fund: Fund) -> list[int]:
    """The years with lines, newest first, and always the current year."""
    years = set(fund_lines(fund).order_by().values_list("year", flat=True).distinct())
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
    """The funds' ledger lines this caller reaches (scoped through the line's union)."""
    return _with_voucher(
        VoucherLine.objects.filter(_fund_lines_q(), fund__isnull=False).select_related("fund__org")
    )
