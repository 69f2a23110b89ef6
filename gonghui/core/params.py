"""Query-string parameters read the same way by every page and API endpoint.

`year_param` is the one reader of `?year=`: a union's records start well after 2000 and plans
reach a few years ahead, so anything outside YEAR_MIN..YEAR_MAX (0, 9999, a 40-digit number)
is refused before it reaches a date computation, where it used to end in a 500.
An API call gets a 400 with the reason; a page falls back to the default year and says why.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.request import Request

YEAR_MIN, YEAR_MAX = 2000, 2100


class _ThisYear:
    def __repr__(self) -> str:
        return "THIS_YEAR"


THIS_YEAR = _ThisYear()


def parse_year(raw, *, lo: int = YEAR_MIN, hi: int = YEAR_MAX) -> int | None:
    """The year in `raw` (a string or a number) when it is one from `lo` to `hi`, else None."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        year = raw
    else:
        text = str(raw or "").strip()
        # At most four digits: int() of a 5,000-digit string is refused by Python itself.
        if not (text.isascii() and text.isdigit() and len(text) <= 4):
            return None
        year = int(text)
    return year if lo <= year <= hi else None


def year_message(lo: int = YEAR_MIN, hi: int = YEAR_MAX) -> str:
    return _("Give a year from %(min)s to %(max)s.") % {"min": lo, "max": hi}


def year_param(
    request,
    default=THIS_YEAR,
    *,
    name: str = "year",
    lo: int = YEAR_MIN,
    hi: int = YEAR_MAX,
):
    """The year asked for in the query string, `default` when none is given.

    `default` is this year unless the caller passes another value (None for "no filter").
    A year that is not a number from `lo` to `hi`: an API request (DRF) is refused with a
    400 naming the parameter; a page shows the default year and a message saying why.
    """
    if default is THIS_YEAR:
        default = timezone.localdate().year
    params = request.query_params if isinstance(request, Request) else request.GET
    raw = params.get(name)
    if raw is None or str(raw).strip() == "":
        return default
    year = parse_year(raw, lo=lo, hi=hi)
    if year is not None:
        return year
    if isinstance(request, Request):
        raise exceptions.ValidationError({name: [year_message(lo, hi)]})
    messages.warning(request, year_message(lo, hi))
    return default


def check_year(year: int, *, lo: int = YEAR_MIN, hi: int = YEAR_MAX) -> int:
    """A year taken from the URL path (`<int:year>`): outside the range the page does not exist."""
    if parse_year(year, lo=lo, hi=hi) is None:
        raise Http404
    return int(year)


def check_month(month) -> int:
    """A month taken from the URL path (`<int:month>`): outside 1–12 the page does not exist."""
    if not (isinstance(month, int) and 1 <= month <= 12):
        raise Http404
    return month


def month_param(request, default=None, *, name: str = "month") -> int | None:
    """The month (1–12) asked for in the query string, `default` when none is given. As
    `year_param`: an API request is refused with a 400, a page keeps the default and says why."""
    params = request.query_params if isinstance(request, Request) else request.GET
    raw = str(params.get(name) or "").strip()
    if not raw:
        return default
    if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 12:
        return int(raw)
    message = _("Give a month from 1 to 12.")
    if isinstance(request, Request):
        raise exceptions.ValidationError({name: [message]})
    messages.warning(request, message)
    return default
