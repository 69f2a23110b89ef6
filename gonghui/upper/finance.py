"""The upper union's roll-up of its unions' annual statements (#14 item 11).

Domain §4.1: "the upper union reviews and aggregates its unions' annual statements". For
an upper node and a year, every grassroots (or joint) union of its subtree gets its own
annual 工会01 and 工会02, and the report sums them line by line under the official line
names. Each union's column stays available for the drill-down table.

The whole subtree is read with two queries whatever the number of unions: the unions,
and one GROUP BY over finance.VoucherLine by (union, this year or before, first-level
account, 专项 flag, closing entry) for the posted lines up to the year — the shape of
finance.selectors.statement_set, with the union as one more key. The rows then go
through the same pure formulas (finance.statements) as a union's own statements, so a
union's column is exactly what its finance page shows.

A union with no posted line up to the year's end has no books here: it is listed and
flagged (无账), never shown as a column of zeros.

This module is also the home of the other roll-ups of issue #16 (one selector per
report, named `<report>_rollup`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Case, Sum, When

from gonghui.finance import statements
from gonghui.finance.models import VoucherLine
from gonghui.finance.selectors import Statements
from gonghui.orgs.models import UNION_KINDS, Organisation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# The key figures of the per-union table: (key, statement, line name, column).
KEY_LINES: tuple[tuple[str, str, str, str], ...] = (
    ("income", "income_expense", "收入合计", "year_to_date"),
    ("expense", "income_expense", "支出合计", "year_to_date"),
    ("difference", "income_expense", "本期收支差额", "year_to_date"),
    ("assets", "balance_sheet", "资产总计", "closing"),
    ("surplus", "income_expense", "年末资金结余", "year_to_date"),
)


@dataclass(frozen=True)
class UnionStatements:
    """One union of the subtree: its annual statements, or None when it has no books."""

    org: Organisation
    result: Statements | None

    @property
    def has_books(self) -> bool:
        return self.result is not None

    def figures(self) -> dict[str, Decimal | None]:
        """The key lines of the per-union table (None for a union without books)."""
        if self.result is None:
            return {key: None for key, *_ in KEY_LINES}
        out = {}
        for key, statement, line, column in KEY_LINES:
            found = next(ln for ln in getattr(self.result, statement) if ln.name == line)
            out[key] = getattr(found, column)
        return out

    def as_row(self) -> dict:
        """The per-union table's row as the API answers it (amounts as strings)."""
        return {
            "org": self.org.code,
            "name": self.org.name,
            "has_books": self.has_books,
            **{k: None if v is None else f"{v:.2f}" for k, v in self.figures().items()},
        }


@dataclass(frozen=True)
class FinanceRollup:
    """The annual statements of every union below `org`, and their line-by-line sum."""

    org: Organisation
    year: int
    unions: list[UnionStatements]
    total: Statements  # org = the upper node, month None (annual)

    @property
    def with_books(self) -> list[UnionStatements]:
        return [u for u in self.unions if u.has_books]

    @property
    def without_books(self) -> list[UnionStatements]:
        return [u for u in self.unions if not u.has_books]

    def as_json(self) -> dict:
        """The shape of `manage.py statements --format json`, with the unions summed."""
        lines = self.total.as_json()
        return {
            "org": self.org.code,
            "year": self.year,
            "unions": [
                {"org": u.org.code, "name": u.org.name, "has_books": u.has_books}
                for u in self.unions
            ],
            "balance_sheet": lines["balance_sheet"],
            "income_expense": lines["income_expense"],
        }


def subtree_unions(org: Organisation) -> list[Organisation]:
    """The grassroots and joint unions below `org` (not `org` itself), in tree order; read
    through the scoped manager, so the caller's scope must cover `org`."""
    return list(
        Organisation.objects.filter(path__startswith=org.path, kind__in=list(UNION_KINDS))
        .exclude(pk=org.pk)
        .order_by("path")
    )


def _net_rows(org: Organisation, year: int):
    """(union id, before `year`, first-level account, 专项, closing, Σdebit − Σcredit) of
    the posted lines up to `year` of every union below `org`: one GROUP BY over the whole
    subtree, the years before rolled into one (the opening balances), so the rows grow
    with the unions and their accounts, not with the years of books."""
    rows = (
        VoucherLine.objects.filter(
            org__path__startswith=org.path,
            org__kind__in=list(UNION_KINDS),
            posted=True,
            year__lte=year,
        )
        .exclude(org=org)
        .annotate(
            before=Case(When(year__lt=year, then=True), default=False, output_field=BooleanField())
        )
        .values("org_id", "before", "account_top", "restricted", "closing")
        .annotate(d=Sum("debit"), c=Sum("credit"))
        .order_by()
    )
    for r in rows:
        # SQLite sums decimals as floats: back to the fen (as statement_set does).
        net = (Decimal(r["d"] or 0) - Decimal(r["c"] or 0)).quantize(CENT)
        yield r["org_id"], r["before"], r["account_top"], r["restricted"], r["closing"], net


def _annual(org: Organisation, year: int, rows) -> Statements:
    """A union's annual statements from its rows: statement_set(org, year) without a month."""
    year_start, year_end, moves = defaultdict(Decimal), defaultdict(Decimal), defaultdict(Decimal)
    for before, top, restricted, closing, net in rows:
        key = (top, restricted)
        year_end[key] += net
        if before:
            year_start[key] += net
        elif not closing:
            moves[key] += net
    return Statements(
        org=org,
        year=year,
        month=None,
        balance_sheet=statements.balance_sheet(year_start, year_end),
        income_expense=statements.income_expense(
            year_start=year_start,
            period_start=year_start,
            period_end=year_end,
            period_moves=moves,
            ytd_moves=moves,
        ),
    )


def _summed(org: Organisation, year: int, results: list[Statements]) -> Statements:
    """The statements of `results` added line by line (the official lines, in order)."""
    sheet = {name: [ZERO, ZERO] for name in statements.BALANCE_SHEET_LINES}
    flow = {name: [ZERO, ZERO] for name in statements.INCOME_EXPENSE_LINES}
    for result in results:
        for ln in result.balance_sheet:
            sheet[ln.name][0] += ln.opening
            sheet[ln.name][1] += ln.closing
        for ln in result.income_expense:
            flow[ln.name][0] += ln.period
            flow[ln.name][1] += ln.year_to_date
    template = results[0] if results else _annual(org, year, [])
    return Statements(
        org=org,
        year=year,
        month=None,
        balance_sheet=[
            statements.BalanceLine(ln.name, *sheet[ln.name], total=ln.total)
            for ln in template.balance_sheet
        ],
        income_expense=[
            statements.FlowLine(ln.name, *flow[ln.name], total=ln.total)
            for ln in template.income_expense
        ],
    )


def statements_rollup(org: Organisation, year: int) -> FinanceRollup:
    """工会01 and 工会02 of every union below `org` for `year`, and their sum (two queries).

    Reads the scoped VoucherLine manager: the caller's scope must cover `org` (a page or
    API call at `org` does)."""
    unions = subtree_unions(org)
    by_union: dict[int, list] = defaultdict(list)
    for org_id, before, top, restricted, closing, net in _net_rows(org, year):
        by_union[org_id].append((before, top, restricted, closing, net))
    columns = [
        UnionStatements(u, _annual(u, year, by_union[u.pk]) if u.pk in by_union else None)
        for u in unions
        if u.is_active or u.pk in by_union  # a dissolved union's books still count
    ]
    total = _summed(org, year, [c.result for c in columns if c.result is not None])
    return FinanceRollup(org=org, year=year, unions=columns, total=total)
