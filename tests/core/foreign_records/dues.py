from __future__ import annotations

OBJECT_KWARGS = {"dues_line_id": ("dues.DuesLine", "org")}
VALUE_KWARGS = {"year": ["2026"], "month": ["3"]}


def build(union) -> None:
    """The foreign union's dues of March 2026: a member with a wage who paid in cash, and
    the line of the member without a wage (外区会员) that needs one."""
    import datetime as dt
    from decimal import Decimal

    from gonghui.dues import services
    from gonghui.members.models import Member
    from tests.factories import id_number

    group = union.children.order_by("pk").first() or union
    payer = Member.objects.create(
        org=group,
        name="外区缴费会员",
        sex="male",
        id_number=id_number(dt.date(1980, 5, 4)),
        monthly_wage=Decimal("4000"),
    )
    services.dues_month_generate(actor=None, org=union, year=2026, month=3)
    line = payer.dues_lines.get()
    services.dues_cash_record(
        actor=None,
        line=line,
        amount=line.amount_due,
        receipt_no="外区-1",
        paid_on=dt.date(2026, 3, 10),
    )
