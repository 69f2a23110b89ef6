"""What the funds ledger gives the rest of the platform: the dashboard card and the year's
figures for the year-end summary."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from gonghui.finance.models import VoucherLine
from gonghui.finance.posting import COMMITTED
from gonghui.plans.figures import Figure

from .models import ZERO
from .selectors import CASH, funds_with_balances


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
    """Income and expenditure of the year over all funds of the union, as the books hold
    them (the funds' bank and cash lines; a 红字 reversal nets its original)."""
    sums = VoucherLine.objects.filter(
        org__path__startswith=org.path,
        fund__isnull=False,
        account_top__in=CASH,
        voucher__state__in=COMMITTED,
        year=year,
    ).aggregate(income=Sum("debit"), expense=Sum("credit"))
    if sums["income"] is None:
        return []
    unit = _("yuan")
    return [
        Figure(
            "funds.income",
            _("Income of the funds"),
            Decimal(sums["income"] or ZERO).quantize(ZERO),
            unit,
            _("The funds took in {value} {unit} during the year"),
        ),
        Figure(
            "funds.expense",
            _("Expenditure of the funds"),
            Decimal(sums["expense"] or ZERO).quantize(ZERO),
            unit,
            _("and paid out {value} {unit}"),
        ),
    ]
