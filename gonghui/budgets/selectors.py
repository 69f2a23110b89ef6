"""Reads of budgets that pages, API, the check and the 经审 queue share: the documents,
the budget in force, and its execution (执行率) from the books.

Execution is one GROUP BY over the voucher lines of the union's year (account, 专项 flag,
project), posted and pending apart through conditional sums, then matched to the budget's
lines in Python: a voucher line belongs to the budget line whose account is the longest
prefix of its own (a sub-account added later still counts under its parent's line), with
the same 专项 flag, and the same project when a line of that project exists (else the
line without a project). Income counts credit − debit, expense debit − credit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.finance import chart
from gonghui.finance.models import Project, VoucherLine, VoucherState
from gonghui.finance.selectors import chart_for, statement_set

from .models import BUDGET_KINDS, ZERO, Budget, BudgetLine, Kind, State

CENT = Decimal("0.01")
# Vouchers handed in and not yet posted: they will count once posted.
PENDING = (VoucherState.SUBMITTED, VoucherState.REVIEWED)


def _q(value) -> Decimal:
    # SQLite sums decimals as floats: back to the fen.
    return Decimal(value or 0).quantize(CENT)


# -- documents -----------------------------------------------------------------------
def _joined(qs):
    return qs.select_related(
        "org",
        "prepared_by",
        "approved_by",
        "reviewed_by",
        "submitted_by",
        "ratified_by",
        "decided_in",
    )


def documents(org, *, year: int | None = None, kind: str = ""):
    """The union's own budgets, adjustments and 决算 (not those of unions below it)."""
    qs = _joined(Budget.objects.filter(org=org))
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-year", "kind", "-version")


def document(org, pk: int) -> Budget:
    """One of the union's own documents, or Budget.DoesNotExist."""
    return documents(org).get(pk=pk)


def lines_of(budget: Budget) -> list[BudgetLine]:
    """The document's lines (the document was reached through a scoped selector)."""
    return list(
        BudgetLine._base_manager.filter(budget_id=budget.pk)
        .select_related("project")
        .order_by("account_code", "restricted", "project_id", "id")
    )


def inbox(org):
    """What the unions below `org` have sent up to it: waiting first, then decided."""
    return _joined(
        Budget.objects.filter(org__path__startswith=org.path)
        .exclude(org=org)
        .filter(Q(state=State.SUBMITTED) | Q(decided_in=org))
    ).order_by("-state", "-submitted_at", "-id")


def inbox_document(org, pk: int) -> Budget:
    """A document of a union below `org` that was sent up (for reading and deciding)."""
    return (
        _joined(Budget.objects.filter(org__path__startswith=org.path).exclude(org=org))
        .exclude(state__in=(State.DRAFT, State.APPROVED, State.REVIEWED), decided_in__isnull=True)
        .get(pk=pk)
    )


def waiting_review(org) -> list[Budget]:
    """The union's documents the committee approved and the 经审会 has still to review."""
    return list(
        Budget._base_manager.filter(org=org, state=State.APPROVED).order_by("approved_at", "id")
    )


def in_force(org, year: int) -> Budget | None:
    """The budget in force: the latest ratified budget or adjustment of the year."""
    return (
        Budget._base_manager.filter(org=org, year=year, kind__in=BUDGET_KINDS)
        .filter(state=State.RATIFIED)
        .order_by("-version")
        .first()
    )


def open_budget(org, year: int) -> Budget | None:
    """The budget or adjustment of the year still on its way (not ratified)."""
    return (
        Budget._base_manager.filter(org=org, year=year, kind__in=BUDGET_KINDS)
        .exclude(state=State.RATIFIED)
        .first()
    )


def final_of(org, year: int) -> Budget | None:
    return Budget._base_manager.filter(org=org, year=year, kind=Kind.FINAL).first()


# -- accounts and projects a line may name -----------------------------------------
def budget_accounts(org, on=None) -> list[chart.Account]:
    """The income (4xx) and expense (5xx) leaf accounts of the union's chart."""
    accounts = chart_for(org, on)
    return [
        a
        for a in accounts.values()
        if chart.needs_restricted(a.code) and chart.is_leaf(a.code, accounts.values())
    ]


def projects(org):
    return Project._base_manager.filter(org=org).order_by("code")


# -- execution -----------------------------------------------------------------------
Key = tuple[str, bool, int | None]  # (account code, 专项, project id)


@dataclass
class Figures:
    executed: Decimal = ZERO
    pending: Decimal = ZERO


def book_figures(org, year: int, *, exclude_voucher=None) -> dict[Key, Figures]:
    """The year's income and expense by (account, 专项, project), in one query: what is
    posted (the year-end closing left out) and what is handed in but not yet posted."""
    posted = Q(posted=True, closing=False)
    pending = Q(posted=False, voucher__state__in=PENDING)
    rows = VoucherLine._base_manager.filter(org=org, year=year).filter(
        Q(account_top__startswith="4") | Q(account_top__startswith="5")
    )
    if exclude_voucher is not None and exclude_voucher.pk:
        rows = rows.exclude(voucher_id=exclude_voucher.pk)
    rows = (
        rows.filter(posted | pending)
        .values("account_code", "restricted", "project_id")
        .annotate(
            d=Sum("debit", filter=posted),
            c=Sum("credit", filter=posted),
            pd=Sum("debit", filter=pending),
            pc=Sum("credit", filter=pending),
        )
        .order_by()
    )
    out: dict[Key, Figures] = {}
    for r in rows:
        sign = -1 if chart.is_income(r["account_code"]) else 1
        out[(r["account_code"], bool(r["restricted"]), r["project_id"])] = Figures(
            executed=sign * (_q(r["d"]) - _q(r["c"])),
            pending=sign * (_q(r["pd"]) - _q(r["pc"])),
        )
    return out


def match(lines, key: Key):
    """The budget line a voucher line's (account, 专项, project) counts against, or None."""
    code, restricted, project_id = key
    best, best_rank = None, None
    for line in lines:
        if line.restricted != restricted or not code.startswith(line.account_code):
            continue
        if line.project_id is not None and line.project_id != project_id:
            continue
        rank = (line.project_id is not None, len(line.account_code))
        if best_rank is None or rank > best_rank:
            best, best_rank = line, rank
    return best


@dataclass
class Row:
    """A budget line (or what the books hold outside every line) and its execution."""

    code: str
    name: str
    restricted: bool
    project: object = None
    approved: Decimal | None = ZERO  # None: not in the budget
    executed: Decimal = ZERO
    pending: Decimal = ZERO
    line: BudgetLine | None = None

    @property
    def is_income(self) -> bool:
        return chart.is_income(self.code)

    @property
    def rate(self) -> Decimal | None:
        """执行率 in percent, one decimal; None without an approved amount."""
        if not self.approved:
            return None
        return (self.executed * 100 / self.approved).quantize(Decimal("0.1"))

    @property
    def remaining(self) -> Decimal | None:
        return None if self.approved is None else self.approved - self.executed

    @property
    def over(self) -> bool:
        return not self.is_income and self.executed > (self.approved or ZERO)


@dataclass
class Execution:
    budget: Budget | None
    year: int
    income: list[Row] = field(default_factory=list)
    expense: list[Row] = field(default_factory=list)

    def totals(self, rows) -> Row:
        approved = sum((r.approved or ZERO for r in rows), ZERO)
        return Row(
            code="",
            name="",
            restricted=False,
            approved=approved,
            executed=sum((r.executed for r in rows), ZERO),
            pending=sum((r.pending for r in rows), ZERO),
        )

    @property
    def income_total(self) -> Row:
        return self.totals(self.income)

    @property
    def expense_total(self) -> Row:
        return self.totals(self.expense)

    @property
    def parts(self) -> list[dict]:
        """Income, then expenditure, each with its total (what the pages print)."""
        return [
            {
                "label": _("Income"),
                "rows": self.income,
                "total": self.income_total,
                "total_label": _("Total income"),
            },
            {
                "label": _("Expenditure"),
                "rows": self.expense,
                "total": self.expense_total,
                "total_label": _("Total expenditure"),
            },
        ]


def _name(accounts, code: str) -> str:
    account = accounts.get(code) or chart.account(code)
    return account.name if account else code


def execution(org, year: int, budget: Budget | None = None) -> Execution:
    """Each line of `budget` (default: the budget in force) with what the books hold
    against it, and what they hold outside every line. Two queries and the projects."""
    budget = budget if budget is not None else in_force(org, year)
    lines = lines_of(budget) if budget is not None else []
    rows: dict[object, Row] = {}
    for line in lines:
        rows[line.pk] = Row(
            code=line.account_code,
            name=line.account_name,
            restricted=line.restricted,
            project=line.project,
            approved=line.amount,
            line=line,
        )
    accounts = chart_for(org)
    outside: dict[Key, Row] = {}
    figures = book_figures(org, year)
    project_ids = {k[2] for k in figures if k[2] is not None}
    named = {p.pk: p for p in Project._base_manager.filter(pk__in=project_ids)}
    for key, fig in figures.items():
        line = match(lines, key)
        if line is not None:
            row = rows[line.pk]
        else:
            code, restricted, project_id = key
            row = outside.setdefault(
                key,
                Row(
                    code=code,
                    name=_name(accounts, code),
                    restricted=restricted,
                    project=named.get(project_id),
                    approved=None,
                ),
            )
        row.executed += fig.executed
        row.pending += fig.pending
    result = Execution(budget=budget, year=year)
    every = sorted(
        [*rows.values(), *outside.values()],
        key=lambda r: (r.code, r.restricted, r.project.code if r.project else ""),
    )
    for row in every:
        (result.income if row.is_income else result.expense).append(row)
    return result


def final_figures(org, year: int) -> list[dict]:
    """The lines of a 决算: each budget line of the year's budget in force with the year's
    actual figure, and the accounts the books hold outside the budget."""
    result = execution(org, year)
    return [
        {
            "account_code": r.code,
            "account_name": r.name,
            "restricted": r.restricted,
            "project": r.project,
            "amount": r.executed,
            "budgeted": r.approved,
        }
        for r in [*result.income, *result.expense]
    ]


def statement_totals(org, year: int) -> dict[str, Decimal]:
    """收入合计 and 支出合计 of the year's 工会02: a 决算's lines must add up to them."""
    flows = {ln.name: ln.year_to_date for ln in statement_set(org, year).income_expense}
    return {"income": flows["收入合计"], "expense": flows["支出合计"]}


def split(lines) -> tuple[list, list]:
    """A document's lines as (income, expense)."""
    income = [ln for ln in lines if chart.is_income(ln.account_code)]
    return income, [ln for ln in lines if not chart.is_income(ln.account_code)]


def sums(lines) -> dict[str, Decimal]:
    income, expense = split(lines)
    out = defaultdict(lambda: ZERO)
    for ln in income:
        out["income"] += ln.amount
        out["income_budgeted"] += ln.budgeted or ZERO
    for ln in expense:
        out["expense"] += ln.amount
        out["expense_budgeted"] += ln.budgeted or ZERO
    return dict(out)
