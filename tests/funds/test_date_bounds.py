"""#11 low finding: ledger entries are dated from 2000 to the end of five years ahead."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from gonghui.core.validators import DateRangeValidator, date_problem, sensible_date
from gonghui.finance.models import Voucher, VoucherLine

pytestmark = pytest.mark.django_db


def test_the_shared_validator_bounds_dates_from_2000_to_five_years_ahead():
    today = timezone.localdate()
    assert date_problem(dt.date(2000, 1, 1)) is None
    assert date_problem(dt.date(today.year + 5, 12, 31)) is None
    for day in (
        dt.date(1, 1, 1),
        dt.date(1999, 12, 31),
        dt.date(2999, 1, 1),
        dt.date(9999, 12, 31),
    ):
        assert "2000-01-01" in date_problem(day)
    assert date_problem(dt.date(today.year + 6, 1, 1)) is not None
    calendar = DateRangeValidator(latest_year=2100)
    assert date_problem(dt.datetime(2100, 12, 31, 23, 0), calendar) is None
    assert date_problem(dt.date(2101, 1, 1), calendar) is not None
    assert sensible_date == DateRangeValidator()  # deconstructible and comparable


@pytest.mark.parametrize("day", ["2999-03-02", "1999-12-31", "0001-01-01", "9999-12-31"])
def test_an_entry_dated_out_of_range_is_refused(token_login, finance, fund, day):
    c = token_login(finance)
    before = VoucherLine._base_manager.count(), Voucher._base_manager.count()
    r = c.post(
        f"/api/v1/orgs/{fund.org.code}/funds/{fund.pk}/income/",
        json.dumps({"amount": "10", "date": day, "summary": "会费"}),
        content_type="application/json",
    )
    assert r.status_code == 400, r.content
    assert (VoucherLine._base_manager.count(), Voucher._base_manager.count()) == before


def test_an_entry_dated_within_range_is_written(token_login, finance, fund):
    c = token_login(finance)
    r = c.post(
        f"/api/v1/orgs/{fund.org.code}/funds/{fund.pk}/income/",
        json.dumps({"amount": "10", "date": "2000-01-01", "summary": "会费"}),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    line = VoucherLine._base_manager.get(pk=r.json()["id"])
    assert (line.date, line.fund_id, line.debit) == (dt.date(2000, 1, 1), fund.pk, 10)
