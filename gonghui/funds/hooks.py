"""What the funds ledger gives the rest of the platform: the dashboard card and the year's
figures for the year-end summary."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext as _

from gonghui.plans.figures import Figure

from .models import ZERO, FundEntry
from .selectors import funds_with_balances


def dashboard_panel(request) -> dict | None:
    """The balances of the funds kept here (or below, for an upper union); hidden where
    there are none and nobody here could open one."""
    funds = list(funds_with_balances(request.org))
    if not funds and not (request.org.is_union and request.access.has("funds.ledger:write")):
        return None
    return {
        "funds": funds[:8],
        "more": max(len(funds) - 8, 0),
        "total": sum((f.balance for f in funds), ZERO),
        "several_unions": len({f.org_id for f in funds}) > 1,
    }


def year_figures(org, year: int) -> list[Figure]:
    """Income and expenditure of the year over all funds of the union, reversals netted."""
    sums = FundEntry.objects.filter(
        fund__org__path__startswith=org.path, date__year=year
    ).aggregate(income=Sum("income"), expense=Sum("expense"))
    if sums["income"] is None:
        return []
    unit = _("yuan")
    return [
        Figure(
            "funds.income",
            _("Income of the funds"),
            (sums["income"] or ZERO).quantize(ZERO),
            unit,
            _("The funds took in {value} {unit} during the year"),
        ),
        Figure(
            "funds.expense",
            _("Expenditure of the funds"),
            (sums["expense"] or ZERO).quantize(ZERO),
            unit,
            _("and paid out {value} {unit}"),
        ),
    ]
