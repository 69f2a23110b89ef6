"""The same arrival recorded by ten requests at once, on PostgreSQL (each thread its own
connection): one arrival, one voucher, nine refusals. The union's row lock and the
unique constraint are what serialise them; likewise ten remittances of the whole share
make one."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from gonghui.core.scoping import unscoped

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent sessions need PostgreSQL; run with DATABASE_URL=...",
    ),
]

THREADS = 10


def _run_all(target, n=THREADS):
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def work(i):
        try:
            barrier.wait(timeout=30)
            with unscoped():
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


def test_the_same_arrival_recorded_at_once_makes_one_voucher(transactional_db):
    from gonghui.finance.models import Voucher
    from gonghui.levy import services
    from gonghui.levy.models import Arrival
    from tests.factories import UnionFactory

    from .conftest import YEAR, D

    union = UnionFactory()

    def record(i):
        return services.arrival_record(
            actor=None,
            org=union,
            month=dt.date(YEAR, 3, 1),
            way="self",
            amount=D("1000.00"),
            received_on=dt.date(YEAR, 3, 20),
        )

    results = _run_all(record)
    done = [r for r in results if isinstance(r, Arrival)]
    refused = [r for r in results if isinstance(r, services.LevyError)]
    assert len(done) == 1 and len(refused) == THREADS - 1, results
    with unscoped():
        assert Arrival.objects.filter(org=union).count() == 1
        assert Voucher.objects.filter(org=union).count() == 1


def test_ten_remittances_of_the_whole_share_make_one(transactional_db):
    from gonghui.finance.models import Voucher
    from gonghui.levy import selectors, services
    from gonghui.levy.models import Remittance
    from tests.factories import UnionFactory

    from .conftest import YEAR, D, arrive

    union = UnionFactory()
    with unscoped():
        arrive(union)

    def remit(i):
        return services.share_remit(
            actor=None, org=union, amount=D("400.00"), paid_on=dt.date(YEAR, 4, 1)
        )

    results = _run_all(remit)
    assert sum(isinstance(r, Remittance) for r in results) == 1, results
    assert sum(isinstance(r, services.LevyError) for r in results) == THREADS - 1
    with unscoped():
        assert selectors.owed(union) == 0
        assert Voucher.objects.filter(org=union).count() == 2
