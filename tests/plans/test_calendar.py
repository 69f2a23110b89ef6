"""The work calendar shows a month as done only for that month's records (#13 §6)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from gonghui.plans import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_with_rhythms(new_plan, union, chair):
    plan = new_plan(
        [
            ("组织教职工体检，一年两次", {"recurrence": {"per": "year", "times": 2}}),
            ("每月召开一次工会小组长会", {"recurrence": {"per": "month", "times": 1}}),
            ("七—八月份组织疗休养", {"months": [7, 8]}),
        ],
        accept=True,
    )
    with unscoped():
        checkup, monthly, rest = plan.tasks.order_by("position")
    with scope(union), acting(user=chair):
        for task, day in ((checkup, dt.date(2031, 6, 12)), (monthly, dt.date(2031, 2, 3))):
            services.record_create(
                actor=chair, org=union, data={"title": f"记录{day}", "date": day}, task=task
            )
        services.record_create(
            actor=chair, org=union, data={"title": "疗休养", "date": dt.date(2031, 7, 9)}, task=rest
        )
    return checkup, monthly, rest


def _rows(months, month):
    return {r["task"].text: r for r in months[month - 1]["rows"]}


def test_a_twice_a_year_checkup_appears_only_in_the_month_of_its_record(union, plan_with_rhythms):
    checkup, monthly, rest = plan_with_rhythms
    with scope(union):
        months = selectors.calendar(union, 2031)
        whole = selectors.whole_year_tasks(union, 2031)
    assert checkup.text not in _rows(months, 1)  # not ✓ in January for a June check-up
    assert _rows(months, 6)[checkup.text]["covered"] is True
    assert [t.text for t in whole] == [checkup.text]
    # A monthly rhythm fills its months, each done only by its own month.
    assert _rows(months, 2)[monthly.text]["covered"] is True
    assert _rows(months, 3)[monthly.text]["covered"] is False
    # Named months: July has the record; August is neither ✓ nor overdue.
    assert _rows(months, 7)[rest.text]["covered"] is True
    august = _rows(months, 8)[rest.text]
    assert august["covered"] is False and august["done_elsewhere"] is True


def test_the_calendar_page_marks_january_empty_and_june_done(
    login, union, chair, plan_with_rhythms
):
    checkup = plan_with_rhythms[0]
    url = reverse("plans:calendar", kwargs={"org_code": union.code}) + "?year=2031"
    body = login(chair).get(url).content.decode()
    months = re.split(r'id="month-\d+"', body)[1:]
    assert checkup.text not in months[0]
    june = months[5]
    assert checkup.text in june and "✓" in june.split(checkup.text)[0][-200:]
