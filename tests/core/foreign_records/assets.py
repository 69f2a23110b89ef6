from __future__ import annotations

OBJECT_KWARGS = {
    "asset_id": ("assets.Asset", "org"),
    "disposal_id": ("assets.Disposal", "org"),
    "stocktake_id": ("assets.Stocktake", "org"),
    "stocktake_item_id": ("assets.StocktakeItem", "stocktake__org"),
    "lent_item_id": ("assets.LentItem", "org"),
}


def build(union) -> None:
    """The foreign union's fixed assets: a computer bought in January (its purchase
    voucher), February's depreciation, a disposal awaiting approval, a stocktake being
    counted (its item), and an item lent by the employer. After the finance records'
    closed months (up to February of the year before)."""
    import datetime as dt
    from decimal import Decimal

    from gonghui.assets import services

    computer = services.asset_register(
        actor=None,
        org=union,
        name="外区电脑",
        category="office",
        purchased_on=dt.date(2026, 1, 15),
        original_value=Decimal("6000"),
    )
    services.asset_register(
        actor=None,
        org=union,
        name="外区会议桌",
        category="furniture",
        purchased_on=dt.date(2026, 1, 15),
        original_value=Decimal("3000"),
    )
    services.depreciation_run(actor=None, org=union, year=2026, month=2)
    services.disposal_request(
        actor=None, asset=computer, kind="scrap", date=dt.date(2026, 3, 1), reason="外区报废"
    )
    services.stocktake_open(actor=None, org=union, date=dt.date(2026, 3, 20))
    services.lent_item_create(
        actor=None, org=union, name="外区投影仪", lender="外区行政", lent_on=dt.date(2026, 1, 2)
    )
