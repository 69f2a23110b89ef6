"""The festival calendar (issue #5): a page and a dashboard card (its API: api.py).

Nothing here is stored: the calendar is computed by festivals.py for the year asked, so
there is nothing to scope or audit beyond the permission to read activities.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from gonghui.core.decorators import org_view
from gonghui.core.params import year_param

from .festivals import GIFT_RULE_SOURCE, KINDS, Festival, festivals, upcoming

YEAR_MIN, YEAR_MAX = 1901, 2099
PAGE_DAYS = 60  # the calendar page highlights what falls within two months
PANEL_DAYS = 45  # the dashboard card looks six weeks ahead
PANEL_COUNT = 3
API_MAX_DAYS = 366

KIND_LABELS = {
    "statutory": gettext_lazy("Public holiday"),
    "traditional": gettext_lazy("Traditional festival"),
    "union": gettext_lazy("Commemorative day"),
    "professional": gettext_lazy("Professional day"),
}
assert set(KIND_LABELS) == set(KINDS)  # a new kind needs a label


def _today() -> dt.date:
    return timezone.localdate()


def _plan_url(request, festival: Festival) -> str | None:
    """The activity creation page with the festival's kind, title and date filled in, for
    users who may create activities; None while that page does not exist."""
    if not request.access.has("activities.activity:write"):
        return None
    try:
        url = reverse("activities:create", kwargs={"org_code": request.org.code})
    except NoReverseMatch:
        return None
    query = {
        "kind": festival.activity_kind,
        "title": f"{festival.date.year}年{festival.name}活动",
        "date": festival.date.isoformat(),
    }
    return f"{url}?{urlencode(query)}"


def _calendar_url(request) -> str | None:
    try:
        return reverse("activities:festivals", kwargs={"org_code": request.org.code})
    except NoReverseMatch:
        return None


def _entry(request, festival: Festival, today: dt.date, *, soon: bool) -> dict:
    return {
        "festival": festival,
        "kind_label": KIND_LABELS[festival.kind],
        "days_left": (festival.date - today).days,
        "soon": soon,
        "plan_url": _plan_url(request, festival) if soon else None,
    }


@org_view("activities.activity:read")
def calendar(request, org_code):
    today = _today()
    year = year_param(request, today.year, lo=YEAR_MIN, hi=YEAR_MAX)
    next_ones = upcoming(today, PAGE_DAYS)
    soon = {(f.key, f.date) for f in next_ones}
    entries = [_entry(request, f, today, soon=(f.key, f.date) in soon) for f in festivals(year)]
    months = [
        {"first": dt.date(year, month, 1), "entries": list(items)}
        for month, items in groupby(entries, key=lambda e: e["festival"].date.month)
    ]
    return render(
        request,
        "activities/festivals.html",
        {
            "year": year,
            "previous_year": year - 1 if year > YEAR_MIN else None,
            "next_year": year + 1 if year < YEAR_MAX else None,
            "this_year": today.year,
            "months": months,
            "next_ones": [_entry(request, f, today, soon=True) for f in next_ones],
            "next_days": PAGE_DAYS,
            "gift_rule_source": GIFT_RULE_SOURCE,
        },
    )


def upcoming_panel(request) -> dict | None:
    """Context of the dashboard card: the next festivals within six weeks, or None (no card)
    when none is that close."""
    today = _today()
    next_ones = upcoming(today, PANEL_DAYS)[:PANEL_COUNT]
    if not next_ones:
        return None
    return {
        "entries": [_entry(request, f, today, soon=True) for f in next_ones],
        "calendar_url": _calendar_url(request),
        "days": PANEL_DAYS,
    }
