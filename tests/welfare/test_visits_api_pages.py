"""The visits API answers a page at a time, like the other API lists (findings 2026-12,
"Unbounded": it answered every visit of the year in one list)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from .conftest import make_fund, record

pytestmark = pytest.mark.django_db


def test_the_visits_api_answers_pages_of_50_with_the_count_and_the_next_page(
    union, chair, new_member, token_login
):
    fund = make_fund(union, actor=chair)
    start = dt.date(2026, 2, 1)
    visits = [
        record(new_member(), chair, fund=fund, amount=Decimal(300), date=start + dt.timedelta(i))
        for i in range(53)
    ]
    latest_first = [v.pk for v in reversed(visits)]
    c = token_login(chair)
    url = f"/api/v1/orgs/{union.code}/welfare/visits/"
    first = c.get(url, {"year": 2026})
    assert first.status_code == 200, first.content
    page = first.json()
    assert isinstance(page, dict), "a list of all the visits, not a page"
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == 53 and page["previous"] is None
    assert [v["id"] for v in page["results"]] == latest_first[:50]
    assert page["results"][0]["amount"] == "300.00"
    assert "page=2" in page["next"] and "year=2026" in page["next"]
    second = c.get(page["next"]).json()
    assert second["count"] == 53 and second["next"] is None and second["previous"]
    assert [v["id"] for v in second["results"]] == latest_first[50:]
    # The filters still narrow the list, and the count with it.
    member = visits[7].member_id
    one = c.get(url, {"year": 2026, "member": member}).json()
    assert one["count"] == 1 and [v["id"] for v in one["results"]] == [visits[7].pk]
    assert c.get(url, {"year": 2026, "page": 3}).status_code == 404


def test_a_page_of_visits_reads_its_vouchers_in_one_query(union, chair, new_member, token_login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .conftest import booked

    fund = make_fund(union, actor=chair)
    c = token_login(chair)
    url = f"/api/v1/orgs/{union.code}/welfare/visits/"
    c.get(url)  # the login's first request does its own bookkeeping

    def read(n):
        start = dt.date(2026, 3, 1)
        for i in range(n):
            record(
                new_member(), chair, fund=fund, amount=Decimal(100), date=start + dt.timedelta(i)
            )
        with CaptureQueriesContext(connection) as done:
            page = c.get(url, {"year": 2026}).json()
        return page, len(done.captured_queries)

    page, few = read(2)
    page, many = read(10)
    assert page["count"] == 12
    assert many == few, "a query per visit"
    for row in page["results"]:
        voucher = booked("welfare.visit", row["id"]).voucher
        assert row["voucher"] == voucher.number and row["voucher"].startswith("记-")
        assert row["voucher_state"] == "submitted" and row["reversal_voucher"] == ""
        assert row["voucher_state_display"] == "待审核"
    assert len({row["voucher"] for row in page["results"]}) == 12
