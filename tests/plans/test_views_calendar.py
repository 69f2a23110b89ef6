"""The calendar of the year's tasks."""

from __future__ import annotations

import pytest

from .conftest import url

pytestmark = pytest.mark.django_db


def test_calendar_shows_tasks_in_their_months(login, chair, union, tracked):
    r = login(chair).get(url("calendar", union) + "?year=2031")
    body = r.content.decode()
    march = body.index('id="month-3"')
    april = body.index('id="month-4"')
    assert march < body.index("三月份召开教代会") < april
