"""Twenty cashiers pay out of one fund at the same moment, on PostgreSQL, each in its own
thread with its own database connection; the fund holds enough for ten of them.

Exactly ten succeed (each one voucher in the books), the other ten are refused with the
balance named, the balance ends at zero and never went below it, and the voucher numbers
of the month are unique and without gaps (记-0001 for the opening income, then the ten).
The fund row lock, then the month's Period row lock (SELECT … FOR UPDATE) are the only
things serialising them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from gonghui.core.scoping import unscoped
from tests.concurrency import at_once

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent sessions need PostgreSQL (SQLite serialises every "
        "writer anyway); run with DATABASE_URL=postgres://...",
    ),
]

THREADS = 20
AFFORDABLE = 10
AMOUNT = Decimal("150.00")


def test_twenty_concurrent_payouts_from_a_fund_for_ten(transactional_db):
    from gonghui.finance.models import Voucher
    from gonghui.funds import services
    from gonghui.funds.selectors import Entry
    from gonghui.funds.services import FundError
    from tests.factories import UnionFactory

    from .conftest import DAY, holder, ledger_lines, make_fund

    union = UnionFactory()
    fund = make_fund(union, balance=AMOUNT * AFFORDABLE)
    cashier = holder("finance", union)

    def payout(i):
        with unscoped():
            return services.fund_payout(
                actor=cashier,
                fund=fund,
                amount=AMOUNT,
                date=DAY,
                summary=f"慰问金 {i}",
                source="test.concurrency",
                source_id=str(i),
            )

    results = at_once(payout, THREADS)
    paid = [r for r in results if isinstance(r, Entry)]
    refused = [r for r in results if isinstance(r, FundError)]
    assert len(paid) == AFFORDABLE and len(refused) == THREADS - AFFORDABLE, results
    assert all("0.00" in str(e) for e in refused)
    with unscoped():
        assert fund.balance == Decimal("0.00")
        lines = ledger_lines(fund)
        vouchers = list(Voucher.objects.filter(org=union, year=DAY.year, month=DAY.month))
    running = Decimal(0)
    for e in lines:
        running += e.income - e.expense
        assert running >= 0
    assert len(lines) == AFFORDABLE + 1
    seqs = [v.seq for v in vouchers]
    assert sorted(seqs) == list(range(1, AFFORDABLE + 2))  # the opening income, then ten
    assert sorted(v.number for v in vouchers) == [f"记-{n:04d}" for n in range(1, AFFORDABLE + 2)]
    assert {e.voucher_no for e in paid} == {e.voucher_no for e in lines[1:]}


def test_concurrent_reversals_of_one_entry_make_one_reversal(transactional_db):
    from gonghui.finance.models import Voucher
    from gonghui.funds import services
    from gonghui.funds.selectors import Entry
    from gonghui.funds.services import FundError
    from tests.factories import UnionFactory

    from .conftest import DAY, holder, make_fund

    union = UnionFactory()
    fund = make_fund(union, balance="500.00")
    cashier = holder("finance", union)
    with unscoped():
        payout = services.fund_payout(
            actor=cashier, fund=fund, amount=Decimal("200"), date=DAY, summary="补助"
        )

    def reverse(i):
        with unscoped():
            return services.fund_entry_reverse(actor=cashier, entry=payout, reason=f"第{i}次")

    results = at_once(reverse, 8)
    assert sum(isinstance(r, Entry) for r in results) == 1, results
    assert sum(isinstance(r, FundError) for r in results) == 7
    with unscoped():
        assert Voucher.objects.filter(reverses=payout.voucher).count() == 1
        assert fund.balance == Decimal("500.00")
