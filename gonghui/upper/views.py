"""Pages of the upper union's roll-ups under /o/<code>/upper/.

Finance (#14 item 11): the summed annual 工会01 and 工会02 of the unions below, and a
table of unions × key lines, each union linked to its own statements page."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.db_router import reports_on_replica
from gonghui.core.decorators import org_view
from gonghui.core.files import XLSX, file_response
from gonghui.core.params import check_year, parse_year
from gonghui.finance.forms import year_choices
from gonghui.funds.money import fmt_amount

from . import exports, services
from .finance import KEY_LINES, statements_rollup

READ = "finance.statements:read"
# ?sort= of the unions table: the union's tree order by default, or a key line.
SORTS = ("name", *(key for key, *_ in KEY_LINES))


@org_view(READ)
def finance_index(request, org_code):
    """Choose the year of the roll-up (?year= goes straight to it)."""
    year = parse_year(request.GET.get("year"))
    if year is not None:
        return redirect("upper:finance_year", org_code=org_code, year=year)
    return render(request, "upper/finance_index.html", {"years": year_choices()})


def _sorted(unions, sort: str):
    """The unions in tree order, by name, or by a key line (largest first with '-'), the
    unions without books last whichever way."""
    key = sort.lstrip("-")
    if key not in SORTS:
        return unions, ""
    if key == "name":
        return sorted(unions, key=lambda u: u.org.name, reverse=sort.startswith("-")), sort
    with_books = [u for u in unions if u.has_books]
    with_books.sort(key=lambda u: u.figures()[key], reverse=sort.startswith("-"))
    return with_books + [u for u in unions if not u.has_books], sort


def _amount(value) -> str | None:
    return None if value is None else fmt_amount(value)


@org_view(READ)
# A read-only report: on the streaming replica when one is configured (core.db_router).
@reports_on_replica()
def finance_year(request, org_code, year):
    year = check_year(year)
    rollup = statements_rollup(request.org, year)
    unions, sort = _sorted(rollup.unions, request.GET.get("sort", ""))
    rows = [
        {
            "union": u,
            "figures": [_amount(u.figures()[key]) for key, *_ in KEY_LINES],
            "url": reverse("finance:statements", kwargs={"org_code": u.org.code})
            + f"?year={year}&month=",
        }
        for u in unions
    ]
    columns = [
        {"key": key, "label": line, "active": sort.lstrip("-") == key, "desc": sort == f"-{key}"}
        for key, _statement, line, _column in KEY_LINES
    ]
    tables = [
        exports.RollupBalanceSheet(rollup.total, user=request.user).table(),
        exports.RollupIncomeExpense(rollup.total, user=request.user).table(),
    ]
    return render(
        request,
        "upper/finance_year.html",
        {
            "rollup": rollup,
            "year": year,
            "years": year_choices(around=year),
            "tables": tables if rollup.with_books else [],
            "rows": rows,
            "columns": columns,
            "sort": sort,
            "own_statements": request.org.is_union,
        },
    )


@org_view(READ)
def finance_xlsx(request, org_code, year):
    name, content = services.finance_export(
        actor=request.user, org=request.org, year=check_year(year)
    )
    return file_response(content, filename=name, content_type=XLSX)
