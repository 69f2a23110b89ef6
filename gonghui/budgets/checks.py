"""The budget's check of a payment (registered in gonghui.finance.checks by apps.py).

When a voucher is handed in or a module books a payout, each expense line is matched to
the line of the ratified budget in force it counts against (selectors.match). If what is
executed, plus what is handed in and not yet posted, plus this payment goes beyond the
approved amount, the line gets a concern naming the budget line, the approved amount,
what is used and this amount; an expense on no line of the budget gets one too (its
approved amount is nothing). A union without a ratified budget for the year is not
checked: nothing to compare with.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from gonghui.finance import chart
from gonghui.finance.checks import Concern
from gonghui.funds.money import fmt_amount

from . import selectors
from .models import ZERO

NAME = "budgets.lines"


def _label(code: str, name: str, restricted: bool, project) -> str:
    label = f"{code} {name}（{'专项' if restricted else '非专项'}）"
    return f"{label}·{project.name}" if project is not None else label


def check(*, org, date, lines, voucher=None) -> list[Concern]:
    budget = selectors.in_force(org, date.year)
    if budget is None:
        return []
    this: dict[tuple, Decimal] = defaultdict(Decimal)
    for ln in lines:
        if not chart.is_expense(ln.account_code):
            continue
        key = (ln.account_code, bool(ln.restricted), ln.project_id)
        this[key] += (ln.debit or ZERO) - (ln.credit or ZERO)
    this = {k: v for k, v in this.items() if v > 0}
    if not this:
        return []
    budget_lines = selectors.lines_of(budget)
    used: dict[object, Decimal] = defaultdict(Decimal)
    for key, fig in selectors.book_figures(org, date.year, exclude_voucher=voucher).items():
        line = selectors.match(budget_lines, key)
        if line is not None:
            used[line.pk] += fig.executed + fig.pending
    asked: dict[object, Decimal] = defaultdict(Decimal)
    outside: dict[tuple, Decimal] = defaultdict(Decimal)
    for key, amount in this.items():
        line = selectors.match(budget_lines, key)
        if line is None:
            outside[key] += amount
        else:
            asked[line.pk] += amount
    found = []
    for line in budget_lines:
        amount = asked.get(line.pk)
        if amount is None or used[line.pk] + amount <= line.amount:
            continue
        found.append(
            Concern(
                "budgets.over",
                _(
                    "Beyond the budget: %(line)s approved %(approved)s yuan, "
                    "used %(used)s yuan, this payment %(amount)s yuan."
                )
                % {
                    "line": _label(
                        line.account_code, line.account_name, line.restricted, line.project
                    ),
                    "approved": fmt_amount(line.amount),
                    "used": fmt_amount(used[line.pk]),
                    "amount": fmt_amount(amount),
                },
            )
        )
    if outside:
        from gonghui.finance.models import Project
        from gonghui.finance.selectors import chart_for

        accounts = chart_for(org)
        projects = {
            p.pk: p for p in Project._base_manager.filter(pk__in=[k[2] for k in outside if k[2]])
        }
        for (code, restricted, project_id), amount in outside.items():
            account = accounts.get(code)
            found.append(
                Concern(
                    "budgets.unbudgeted",
                    _(
                        "Not in the budget: %(line)s approved 0.00 yuan, "
                        "this payment %(amount)s yuan."
                    )
                    % {
                        "line": _label(
                            code,
                            account.name if account else "",
                            restricted,
                            projects.get(project_id),
                        ),
                        "amount": fmt_amount(amount),
                    },
                )
            )
    return found
