"""Two accountants run the depreciation of one month at the same moment, on PostgreSQL
(each thread its own connection): one voucher, one refusal. The unique constraint on
(union, year, month) of the run is what decides."""

from __future__ import annotations

import pytest
from django.db import connection

from gonghui.core.scoping import unscoped
from tests.concurrency import at_once

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent sessions need PostgreSQL; run with DATABASE_URL=...",
    ),
]


def test_two_runs_of_one_month_at_once_make_one_voucher(transactional_db):
    from gonghui.assets import services
    from gonghui.assets.models import DepreciationLine, DepreciationRun
    from gonghui.assets.services import AssetError
    from gonghui.finance.models import Voucher
    from tests.factories import UnionFactory

    from .conftest import D, holder, make_asset

    union = UnionFactory()
    make_asset(union, value="7200.00")
    people = [holder("finance", union), holder("chair", union)]

    def work(i):
        return services.depreciation_run(actor=people[i], org=union, year=2025, month=4)

    results = at_once(work, 2, unscope=True)
    done = [r for r in results if isinstance(r, DepreciationRun)]
    refused = [r for r in results if isinstance(r, AssetError)]
    assert len(done) == 1 and len(refused) == 1, results
    with unscoped():
        assert DepreciationRun.objects.filter(org=union).count() == 1
        assert DepreciationLine.objects.filter(run__org=union).count() == 1
        runs = Voucher.objects.filter(org=union, summary__startswith="计提")
        assert runs.count() == 1 and runs.get().total == D("100.00")


def test_two_stocktakes_opened_at_once_make_one(transactional_db):
    import datetime as dt

    from gonghui.assets import services
    from gonghui.assets.models import Stocktake, StocktakeItem
    from gonghui.assets.services import AssetError
    from tests.factories import UnionFactory

    from .conftest import holder, make_asset

    union = UnionFactory()
    make_asset(union, value="7200.00")
    people = [holder("finance", union), holder("chair", union)]

    def work(i):
        return services.stocktake_open(actor=people[i], org=union, date=dt.date(2025, 12, 20))

    results = at_once(work, 2, unscope=True)
    opened = [r for r in results if isinstance(r, Stocktake)]
    refused = [r for r in results if isinstance(r, AssetError)]
    assert len(opened) == 1 and len(refused) == 1, results
    with unscoped():
        assert Stocktake.objects.filter(org=union).count() == 1
        assert StocktakeItem.objects.filter(stocktake__org=union).count() == 1
