"""Twenty cashiers pay out of one fund at the same moment, on PostgreSQL, each in its own
thread with its own database connection; the fund holds enough for ten of them.

Exactly ten succeed, the other ten are refused with the balance named, the balance ends
at zero and never went below it, and the voucher numbers are unique and without gaps.
The fund row lock (SELECT … FOR UPDATE in services) is the only thing serialising them.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from gonghui.core.scoping import unscoped

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


def _run_all(target, n):
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def work(i):
        try:
            barrier.wait(timeout=30)
            results[i] = target(i)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_twenty_concurrent_payouts_from_a_fund_for_ten(transactional_db):
    from gonghui.funds import services
    from gonghui.funds.models import FundEntry
    from gonghui.funds.services import FundError
    from tests.factories import UnionFactory

    from .conftest import DAY, holder, make_fund

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

    results = _run_all(payout, THREADS)
    paid = [r for r in results if isinstance(r, FundEntry)]
    refused = [r for r in results if isinstance(r, FundError)]
    assert len(paid) == AFFORDABLE and len(refused) == THREADS - AFFORDABLE, results
    assert all("0.00" in str(e) for e in refused)
    with unscoped():
        assert fund.balance == Decimal("0.00")
        entries = list(FundEntry.objects.filter(fund=fund).order_by("date", "voucher_seq"))
    running = Decimal(0)
    for e in entries:
        running += e.income - e.expense
        assert running >= 0
    seqs = [e.voucher_seq for e in entries]
    assert sorted(seqs) == list(range(1, AFFORDABLE + 2))  # the opening income, then ten
    assert len({e.voucher_no for e in entries}) == len(entries)


def test_concurrent_reversals_of_one_entry_make_one_reversal(transactional_db):
    from gonghui.funds import services
    from gonghui.funds.models import FundEntry
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

    results = _run_all(reverse, 8)
    assert sum(isinstance(r, FundEntry) for r in results) == 1, results
    assert sum(isinstance(r, FundError) for r in results) == 7
    with unscoped():
        assert FundEntry.objects.filter(reverses=payout).count() == 1
        assert fund.balance == Decimal("500.00")
