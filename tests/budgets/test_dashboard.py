"""The budget's card on the dashboard and its menu entry: this year's execution, what
waits in the union, what the unions below sent up."""

from __future__ import annotations

import pytest
from django.utils import timezone

from .conftest import expense, make_budget

pytestmark = pytest.mark.usefixtures("platform")


def test_the_card_shows_this_years_execution(login, union, who):
    year = timezone.localdate().year
    day = timezone.localdate().replace(month=1, day=10)
    make_budget(union, year=year)
    expense(union, "50101", "250.00", date=day)
    body = login(who["chair"]).get(f"/o/{union.code}/").content.decode()
    assert 'id="card-budgets"' in body
    assert "250.00" in body and "800.00" in body  # spent of the expense budget
    assert f'href="/o/{union.code}/budgets/"' in body  # the menu entry


def test_the_district_sees_what_was_sent_up(login, union, who):
    make_budget(union, state="submitted")
    body = login(who["upper"]).get(f"/o/{union.parent.code}/").content.decode()
    assert 'id="card-budgets"' in body
    assert f"/o/{union.parent.code}/budgets/inbox/" in body


def test_no_card_without_anything_to_show(login, union, who):
    body = login(who["chair"]).get(f"/o/{union.code}/").content.decode()
    assert 'id="card-budgets"' not in body
