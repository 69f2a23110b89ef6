"""The assets' demo loader on a union built here (not the demo data set): three assets,
the months' depreciation, and nothing more on a second run."""

from __future__ import annotations

from decimal import Decimal

from gonghui.assets import demo, selectors
from gonghui.assets.models import Asset, DepreciationRun
from gonghui.core.scoping import unscoped

from .conftest import holder


def test_the_loader_is_idempotent(union):
    ctx = {"orgs": {demo.UNION: union}, "users": {demo.ACCOUNTANT: holder("finance", union)}}
    with unscoped():
        demo.load(ctx)
        demo.load(ctx)
        assets = list(Asset.objects.filter(org=union).order_by("number"))
        assert [a.name for a in assets] == ["台式电脑", "投影仪", "会议桌椅"]
        assert DepreciationRun.objects.filter(org=union).count() == 8  # March to October
        computer = assets[0]  # 5800 over 6 years: 80.56 a month, March to October
        assert selectors.accumulated(computer) == Decimal("80.56") * 8
    assert "warnings" not in ctx
