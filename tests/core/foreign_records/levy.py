from __future__ import annotations

OBJECT_KWARGS = {
    "arrival_id": ("levy.Arrival", "org"),
    "receivable_id": ("levy.Receivable", "org"),
}
# The openness finance pages' period (openness/finance/<year>/<period>/…), kept here with
# the rest of issue #14's records (tests/core/foreign_records/openness.py is not ours).
VALUE_KWARGS = {"period": ["year", "h1", "h2"]}


def build(union) -> None:
    """The foreign union's 2% funds: a central-account arrival of March 2026 awaiting its
    transfer, a self-paid one, and the receivable of 2025 not yet received."""
    import datetime as dt
    from decimal import Decimal

    from gonghui.levy import services

    for way in ("central", "self"):
        services.arrival_record(
            actor=None,
            org=union,
            month=dt.date(2026, 3, 1),
            way=way,
            amount=Decimal("600.00"),
            received_on=dt.date(2026, 3, 20),
            note="外区",
        )
    services.receivable_book(actor=None, org=union, year=2025, amount=Decimal("80.00"))
    # The foreign union's published finances (openness, #14 item 10).
    from gonghui.openness import finance

    finance.finance_publish(actor=None, org=union, year=2025, note="外区经费说明")
