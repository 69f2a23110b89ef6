"""The upper union's table of its unions × the year's figures (#16 item 1), under
/o/<code>/upper/unions/: sortable by any figure (?sort=), each union linked to its own
pages, a bar chart of one figure (?figure=), the workbook. The figures a reader may not
read (by the permission of their family) are neither shown nor exported."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.db_router import reports_on_replica
from gonghui.core.decorators import org_view
from gonghui.core.files import XLSX, file_response
from gonghui.core.params import check_year
from gonghui.finance.forms import year_choices
from gonghui.funds.money import fmt_amount

from . import services
from .rollup import FAMILY_OF, PEOPLE_PERMISSION, Family, Figure, readable_families
from .snapshots import rollup_for

READ = PEOPLE_PERMISSION
# The chart shows this many unions at most, the largest first: a bar per union of a city
# would be unreadable (the table holds them all).
CHART_UNIONS = 30
# Rows of the table a page: a city's 5,000 unions on one page would be megabytes (the
# totals, the chart and the workbook still cover them all).
ROWS_PER_PAGE = 100


def shown(figure: Figure, value) -> str:
    """A figure as the table shows it: amounts with two decimals, "—" for none."""
    if value is None:
        return "—"
    return fmt_amount(value) if figure.money else str(value)


def page_url(family: Family, union, year: int) -> str:
    """The union's own page of the family, for the year."""
    if family.page_query == "path":
        return reverse(family.page, kwargs={"org_code": union.code, "year": year})
    url = reverse(family.page, kwargs={"org_code": union.code})
    if family.page_query == "statements":
        return f"{url}?year={year}&month="
    return f"{url}?year={year}" if family.page_query == "year" else url


def _query(**params) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v})


@org_view(READ)
# A read-only report: on the streaming replica when one is configured (core.db_router).
@reports_on_replica()
def unions_year(request, org_code, year=None):
    year = timezone.localdate().year if year is None else check_year(year)
    rollup = rollup_for(request.org, year, readable_families(request.access))
    figures = rollup.figures
    rows, sort = rollup.sorted_rows(request.GET.get("sort", ""))
    keys = [f.key for f in figures]
    chosen = request.GET.get("figure", "")
    chosen = chosen if chosen in keys else keys[0]
    figure_param = "" if chosen == keys[0] else chosen
    linked = {f.key: request.access.has(FAMILY_OF[f.key].page_permission) for f in figures}

    def column(key: str, label) -> dict:
        # A first click sorts a figure largest first, the name from A; a second click the
        # other way round.
        active = sort.removeprefix("-") == key
        descending = sort == f"-{key}"
        first = key if key == "name" else f"-{key}"
        nxt = (key if descending else f"-{key}") if active else first
        return {
            "label": label,
            "active": active,
            "aria_sort": ("descending" if descending else "ascending") if active else "",
            "url": _query(sort=nxt, figure=figure_param),
        }

    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    table = [
        {
            "org": r.org,
            "url": reverse("core:dashboard", kwargs={"org_code": r.org.code}),
            "cells": [
                {
                    "text": shown(f, r.values[f.key]),
                    "url": page_url(FAMILY_OF[f.key], r.org, year) if linked[f.key] else "",
                }
                for f in figures
            ],
        }
        for r in page.object_list
    ]
    total = rollup.total
    ranked = sorted(
        (r for r in rollup.rows if r.values[chosen] is not None),
        key=lambda r: r.values[chosen],
        reverse=True,
    )[:CHART_UNIONS]
    chart = {
        "label": str(next(f.label for f in figures if f.key == chosen)),
        "names": [r.org.name for r in ranked],
        "values": [float(r.values[chosen]) for r in ranked],
    }
    return render(
        request,
        "upper/unions_year.html",
        {
            "rollup": rollup,
            "year": year,
            "years": year_choices(around=year),
            "families": [{"label": f.label, "span": len(f.figures)} for f in rollup.families],
            "name_column": column("name", None),
            "columns": [column(f.key, f.label) for f in figures],
            "table": table,
            "page_obj": page,
            "totals": [shown(f, total[f.key]) for f in figures],
            "figures": figures,
            "chosen": chosen,
            "sort": sort,
            "chart": chart,
            "chart_capped": len(rollup.rows) > CHART_UNIONS,
            "chart_unions": CHART_UNIONS,
        },
    )


@org_view(READ)
def unions_xlsx(request, org_code, year):
    name, content = services.unions_export(
        actor=request.user,
        org=request.org,
        year=check_year(year),
        families=readable_families(request.access),
    )
    return file_response(content, filename=name, content_type=XLSX)


@org_view(READ, methods=("POST",))
def unions_refresh(request, org_code, year):
    """Compute a large tree's kept figures again, in the background."""
    services.rollup_refresh_request(actor=request.user, org=request.org, year=check_year(year))
    messages.success(
        request, _("The figures are being computed again: reload the page in a minute.")
    )
    return redirect("upper:unions_year", org_code=request.org.code, year=year)
