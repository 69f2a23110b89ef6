"""Accountants at work at the same moment, on PostgreSQL, each in their own thread with
their own connection: the Period row lock is what keeps numbers gapless and closes
clean. (SQLite serialises every writer anyway.)"""

from __future__ import annotations

import pytest
from django.db import connection

from gonghui.core.scoping import unscoped
from tests.concurrency import at_once

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent sessions need PostgreSQL",
    ),
]


def test_twenty_submitters_in_one_month_get_gapless_numbers(transactional_db):
    from gonghui.finance import services
    from gonghui.finance.models import Voucher
    from tests.factories import UnionFactory

    from .conftest import make_voucher

    union = UnionFactory()
    with unscoped():
        drafts = [make_voucher(union, state="draft") for _ in range(20)]
        accountant = drafts[0].prepared_by

    results = at_once(
        lambda i: services.voucher_submit(actor=accountant, voucher=drafts[i]).number,
        20,
        unscope=True,
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(results) == [f"记-{n:04d}" for n in range(1, 21)]
    with unscoped():
        assert Voucher.objects.filter(org=union, state="submitted").count() == 20


def test_a_month_close_racing_postings_lets_each_posting_precede_it_or_refuses_it(
    transactional_db,
):
    from gonghui.finance import services
    from gonghui.finance.models import Period, Voucher
    from gonghui.finance.services import FinanceError
    from tests.factories import UnionFactory

    from .conftest import DAY, make_voucher

    union = UnionFactory()
    with unscoped():
        make_voucher(union)  # opens the period
        waiting = [make_voucher(union, state="reviewed") for _ in range(8)]
        accountant = waiting[0].prepared_by

    def act(i):
        if i == 0:
            return services.period_close(actor=accountant, org=union, year=DAY.year, month=3)
        return services.voucher_post(actor=accountant, voucher=waiting[i - 1])

    results = at_once(act, 9, unscope=True)
    unexpected = [
        r for r in results if isinstance(r, Exception) and not isinstance(r, FinanceError)
    ]
    assert not unexpected, unexpected
    with unscoped():
        closed = Period.objects.get(org=union, year=DAY.year, month=3).is_closed
        posted = Voucher.objects.filter(org=union, state="posted").count()
    if closed:
        # The close won only once every voucher of the month had been posted.
        assert posted == 9 and all(not isinstance(r, Exception) for r in results[1:])
    else:
        # The close saw a voucher still waiting and refused, naming it.
        assert isinstance(results[0], FinanceError)
        assert posted == 1 + sum(not isinstance(r, Exception) for r in results[1:])


def test_ten_requests_booking_the_same_payout_book_it_once(transactional_db):
    from decimal import Decimal

    from gonghui.finance import posting
    from gonghui.finance.models import SourcePosting, Voucher
    from gonghui.finance.services import FinanceError
    from gonghui.funds.services import fund_create
    from tests.factories import UnionFactory
    from tests.funds.conftest import holder

    from .conftest import DAY

    union = UnionFactory()
    with unscoped():
        chair = holder("chair", union)
        fund = fund_create(actor=chair, org=union, kind="union", name="经费", opened_on=DAY)
        posting.receipt_post(
            actor=chair,
            org=union,
            source="test.grant",
            source_id="1",
            date=DAY,
            summary="拨款",
            fund=fund,
            items=[posting.Item("40301", Decimal("5000"))],
        )

    def pay(i):
        return posting.payout_post(
            actor=chair,
            org=union,
            source="welfare.batch",
            source_id="42",
            date=DAY,
            summary="慰问",
            fund=fund,
            items=[posting.Item("50105", Decimal("100"), part=str(i))],
        )

    results = at_once(pay, 10, unscope=True)
    won = [r for r in results if not isinstance(r, Exception)]
    assert len(won) == 1, results
    assert all(isinstance(r, FinanceError) for r in results if isinstance(r, Exception)), results
    with unscoped():
        assert SourcePosting.objects.filter(source="welfare.batch", source_id="42").count() == 1
        assert (
            Voucher.objects.filter(org=union, sources__source="welfare.batch").distinct().count()
            == 1
        )
        assert posting.fund_balance(fund) == Decimal("4900.00")
