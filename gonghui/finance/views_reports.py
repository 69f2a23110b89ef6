"""Reports of the books: 工会01 and 工会02 (page, .xlsx, PDF) and the 科目余额表.

The page shows the same tables the files hold (exports.py builds both), so what the
accountant reads is what the upper union receives.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view
from gonghui.core.files import file_response
from gonghui.core.params import parse_year

from . import chart, exports, selectors, services
from .forms import PeriodForm, year_choices
from .models import ZERO


def _period(request, *, whole_year: bool) -> tuple[PeriodForm, int, int | None]:
    """The year and month asked for (?year=&month=), this month by default; the whole
    year (month None) when `whole_year` and the month is left empty."""
    today = timezone.localdate()
    years = year_choices(around=parse_year(request.GET.get("year")))
    initial = {"year": today.year, "month": today.month}
    if "year" in request.GET:
        form = PeriodForm(request.GET, years=years, whole_year=whole_year)
        if form.is_valid():
            return form, form.cleaned_data["year"], form.cleaned_data["month"] or None
        messages.warning(request, _("Choose the year and the month from the lists."))
    form = PeriodForm(years=years, whole_year=whole_year, initial=initial)
    return form, today.year, today.month


def _statements(request):
    form, year, month = _period(request, whole_year=True)
    return form, selectors.statement_set(request.org, year, month)


@org_view("finance.statements:read")
def statements(request, org_code):
    form, result = _statements(request)
    sheets = [
        exports.BalanceSheetExporter(result, user=request.user),
        exports.IncomeExpenseExporter(result, user=request.user),
    ]
    return render(
        request,
        "finance/statements.html",
        {
            "form": form,
            "result": result,
            "tables": [s.table() for s in sheets],
            "period": exports.period_label(result.year, result.month),
            "query": f"year={result.year}&month={result.month or ''}",
            "signatures": exports.SIGNATURES,
        },
    )


def _export(request, fmt: str):
    _form, year, month = _period(request, whole_year=True)
    name, content, media_type = services.statements_export(
        actor=request.user, org=request.org, year=year, month=month, fmt=fmt
    )
    return file_response(content, filename=name, content_type=media_type)


@org_view("finance.statements:read")
def statements_xlsx(request, org_code):
    return _export(request, "xlsx")


@org_view("finance.statements:read")
def statements_pdf(request, org_code):
    return _export(request, "pdf")


@org_view("finance.books:read")
def trial_balance(request, org_code):
    """科目余额表: each leaf account's opening, the month's debits and credits, and its
    closing, each balance on the side it stands (借 or 贷), with totals that balance."""
    form, year, month = _period(request, whole_year=False)
    org = request.org
    accounts = selectors.chart_for(org)
    rows = []
    totals = {k: ZERO for k in ("od", "oc", "d", "c", "cd", "cc")}
    for r in selectors.trial_balance(org, year, month):
        account = accounts.get(r["code"]) or chart.account(r["code"])
        debit_normal = account is None or account.normal == chart.DEBIT
        od, oc = _sides(r["opening"], debit_normal)
        cd, cc = _sides(r["closing"], debit_normal)
        row = {"code": r["code"], "name": r["name"], "od": od, "oc": oc}
        row.update({"d": r["debit"], "c": r["credit"], "cd": cd, "cc": cc})
        for k in totals:
            totals[k] += row[k]
        rows.append(row)
    return render(
        request,
        "finance/trial_balance.html",
        {
            "form": form,
            "year": year,
            "month": month,
            "rows": rows,
            "totals": totals,
            "balanced": totals["od"] == totals["oc"] and totals["cd"] == totals["cc"],
        },
    )


def _sides(balance: Decimal, debit_normal: bool) -> tuple[Decimal, Decimal]:
    """A balance signed on the account's normal side → (借方, 贷方) columns."""
    as_debit = balance if debit_normal else -balance
    return (as_debit, ZERO) if as_debit >= 0 else (ZERO, -as_debit)
