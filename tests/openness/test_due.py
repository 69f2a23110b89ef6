"""What is due but unpublished: each required item's periods against the published notices.

The hospital has no notices but those a test makes; the tests use the year 2031 and pass
`today`."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped
from gonghui.openness import selectors, services

from .conftest import make_notice, person, unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]

Y = 2031


def status_of(code: str, today: dt.date, org="hospital", year=Y):
    with unscoped():
        statuses = selectors.due_status(unit(org), year, today)
    return {s.item.code: s for s in statuses}[code]


def states(code: str, today: dt.date, **kw) -> dict:
    return {str(p.period): p.state for p in status_of(code, today, **kw).periods}


def test_a_quarterly_item_is_due_in_its_quarter_and_overdue_after_the_grace():
    # Hospital income and spending: every quarter.
    s = states("finance", dt.date(Y, 4, 20))
    assert s == {"q1": "due", "q2": "due", "q3": "upcoming", "q4": "upcoming"}
    s = states("finance", dt.date(Y, 5, 1))  # 31 days after the first quarter ended
    assert s["q1"] == "overdue"
    s = states("finance", dt.date(Y, 4, 30))  # the 30th day after: still due
    assert s["q1"] == "due"


def test_a_published_quarter_is_no_longer_flagged():
    make_notice(
        "hospital",
        status="published",
        item_code="finance",
        period="q1",
        period_year=Y,
        published_on=dt.date(Y, 4, 12),
    )
    s = states("finance", dt.date(Y, 11, 25))
    assert s == {"q1": "published", "q2": "overdue", "q3": "overdue", "q4": "due"}
    assert [p.period for p in status_of("finance", dt.date(Y, 11, 25)).flagged] == [
        "q2",
        "q3",
        "q4",
    ]


def test_a_draft_or_approved_notice_does_not_count():
    make_notice("hospital", status="draft", item_code="plans", period_year=Y)
    make_notice("hospital", status="approved", item_code="plans", period_year=Y)
    assert states("plans", dt.date(Y, 3, 1)) == {"year": "due"}


def test_a_notice_taken_down_after_its_display_still_counts():
    make_notice(
        "hospital",
        status="withdrawn",
        item_code="plans",
        period_year=Y,
        published_on=dt.date(Y, 2, 1),
        withdrawn_on=dt.date(Y, 2, 8),
    )
    assert states("plans", dt.date(Y, 3, 1)) == {"year": "published"}


def test_a_yearly_notice_does_not_fill_a_quarter_but_a_quarter_fills_the_year():
    make_notice(
        "hospital",
        status="published",
        item_code="finance",
        period="year",
        period_year=Y,
        published_on=dt.date(Y, 12, 20),
    )
    assert states("finance", dt.date(Y, 12, 31))["q4"] == "due"
    make_notice(
        "hospital",
        status="published",
        item_code="plans",
        period="q1",
        period_year=Y,
        published_on=dt.date(Y, 1, 20),
    )
    assert states("plans", dt.date(Y, 12, 31)) == {"year": "published"}


def test_a_fourth_quarter_notice_put_up_in_january_counts_for_its_year():
    make_notice(
        "hospital",
        status="published",
        item_code="finance",
        period="q4",
        period_year=Y,
        published_on=dt.date(Y + 1, 1, 15),
    )
    assert states("finance", dt.date(Y + 1, 1, 20))["q4"] == "published"


def test_another_items_notice_or_another_year_does_not_count():
    make_notice(
        "hospital",
        status="published",
        item_code="titles",
        period="year",
        period_year=Y,
        published_on=dt.date(Y, 3, 1),
    )
    make_notice(
        "hospital",
        status="published",
        item_code="plans",
        period="year",
        period_year=Y - 1,
        published_on=dt.date(Y, 1, 5),
    )
    assert states("plans", dt.date(Y, 3, 1)) == {"year": "due"}


def test_a_single_event_notice_counts_in_the_month_it_went_up():
    make_notice(
        "hospital",
        status="published",
        item_code="purchases",
        period="event",
        period_year=Y,
        published_on=dt.date(Y, 8, 3),
    )
    s = states("purchases", dt.date(Y, 11, 1))
    assert s["q3"] == "published" and s["q2"] == "overdue"


def test_per_event_items_are_never_flagged():
    s = status_of("rules", dt.date(Y, 12, 31))
    assert s.periods == [] and s.flagged == []


def test_a_past_year_is_overdue_and_a_future_year_upcoming():
    assert set(states("hospitality", dt.date(Y + 1, 6, 1)).values()) == {"overdue"}
    assert set(states("hospitality", dt.date(Y - 1, 6, 1)).values()) == {"upcoming"}


def test_an_item_switched_off_is_not_flagged_and_an_own_item_is():
    chair = person("hospital_head")
    with unscoped(), acting(user=chair):
        services.item_set_required(
            actor=chair,
            org=unit("hospital"),
            code="hospitality",
            required=False,
            reason="无公务接待",
        )
        services.item_add(
            actor=chair,
            org=unit("hospital"),
            name="食堂收支",
            frequency="half_yearly",
            category="staff",
            reason="职代会决议",
        )
        statuses = selectors.due_status(unit("hospital"), Y, dt.date(Y, 7, 15))
    codes = {s.item.code: s for s in statuses}
    assert "hospitality" not in codes
    own = [s for s in statuses if s.item.custom]
    assert len(own) == 1 and own[0].item.name == "食堂收支"
    assert [p.state for p in own[0].periods] == ["due", "due"]
