from __future__ import annotations

OBJECT_KWARGS = {"rule_id": ("spending.SpendingRule", "org")}
VALUE_KWARGS: dict = {}


def build(union) -> None:
    """A spending rule set by the foreign union for itself."""
    import datetime as dt
    from decimal import Decimal

    from gonghui.spending.models import SpendingRule

    SpendingRule.objects.create(
        org=union,
        item="birthday",
        basis="event",
        amount=Decimal("250.00"),
        effective_from=dt.date(2026, 1, 1),
        source="外区生日慰问标准",
        accounts=["50105"],
    )
