from __future__ import annotations

OBJECT_KWARGS = {
    "fund_id": ("funds.Fund", "org"),
    # An entry is a fund's line in the books (a voucher line with the fund).
    "fund_entry_id": ("finance.VoucherLine", "fund__org"),
}
VALUE_KWARGS = {"year": ["2026"]}


def build(union) -> None:
    """A hardship fund of the foreign union with an income, a payout and its 红字 reversal,
    each a voucher in its books."""
    import datetime as dt
    from decimal import Decimal

    from gonghui.funds import services

    day = dt.date(2026, 3, 1)
    fund = services.fund_create(
        actor=None, org=union, kind="hardship", name="外区帮困基金", opened_on=day
    )
    services.fund_income(
        actor=None, fund=fund, amount=Decimal("5000"), date=day, summary="外区上级拨款"
    )
    payout = services.fund_payout(
        actor=None,
        fund=fund,
        amount=Decimal("300"),
        date=day,
        summary="外区慰问金",
        payee="外区职工",
    )
    services.fund_entry_reverse(actor=None, entry=payout, reason="外区冲销", date=day)
