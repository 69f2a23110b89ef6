"""The payroll deduction list (会费代扣名单) and the columns read back from payroll.

The list goes to the employer's payroll office: who is to have how much deducted this
month, with a blank 扣缴金额 column that payroll fills in and sends back, and that
`services.dues_deductions_import` reads. Names, groups and numbers are typed by people
(and by anyone who could edit a roster row): every cell goes through the safe cell writer
of core.exports, so `=HYPERLINK(...)` stays text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from gonghui.core.exports import Exporter
from gonghui.imports.tabular import Column
from gonghui.members import idcard

from .models import DuesLine, State

HEADER = [
    "序号",
    "姓名",
    "身份证号",
    "会员证号",
    "工会小组",
    "月工资",
    "缴费基数",
    "应扣会费",
    "扣缴金额",
]

# What the import reads back: the list above with 扣缴金额 filled in, or payroll's own
# sheet (工资表) with its own names for the columns.
COLUMNS = (
    Column("姓名", ("职工姓名", "会员姓名", "员工姓名"), required=True, max_length=50),
    Column("身份证号", ("身份证号码", "公民身份号码", "证件号码"), compact=True, exact_digits=True),
    Column("会员证号", ("会员卡号", "工会会员证号", "卡号"), compact=True, max_length=30),
    Column(
        "扣缴金额",
        ("实扣金额", "代扣金额", "扣款金额", "实扣会费", "代扣会费", "工会会费", "会费"),
        required=True,
    ),
)


class DeductionListExporter(Exporter):
    identifier = "dues.deductions"
    name = "会费代扣名单"

    def __init__(self, *, user, org, month: dt.date, full_ids: bool = False) -> None:
        super().__init__(user=user, org=org)
        self.month, self.full_ids = month, full_ids

    @property
    def sheet_title(self) -> str:  # type: ignore[override]
        return f"{self.month:%Y年%m月}会费代扣"

    def columns(self) -> list[str]:
        return HEADER

    def lines(self):
        """Lines waiting for money: paid in cash already, exempt or nothing due are left out;
        those without a wage are listed for payroll to fill in what it deducted."""
        return (
            DuesLine.objects.filter(
                org=self.org, month=self.month, state__in=(State.UNPAID, State.NEEDS_WAGE)
            )
            .select_related("member", "unit")
            .order_by("unit__path", "member__name_pinyin", "member_id")
        )

    def rows(self) -> Iterator[list]:
        for n, line in enumerate(self.lines().iterator(), start=1):
            m = line.member
            number = m.id_number if self.full_ids else idcard.mask(m.id_number)
            group = line.unit.name if line.unit_id != self.org.pk else ""
            due = line.amount_due if line.state == State.UNPAID else None
            yield [n, m.name, number, m.card_number, group, line.wage, line.base, due, None]
