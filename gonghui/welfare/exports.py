"""Exports of care work: the visits of a year, and the hardship households for the upper
union's 帮扶 statistics (the latter only with welfare.case:read, checked by the caller)."""

from __future__ import annotations

from gonghui.core.exports import Exporter

from . import rules, selectors
from .models import Visit


class VisitExporter(Exporter):
    identifier = "welfare.visits"
    name = "慰问明细"
    sheet_title = "慰问明细"

    def columns(self):
        return [
            "日期",
            "姓名",
            "部门/小组",
            "慰问事由",
            "形式",
            "金额/价值（元）",
            "物品",
            "资金来源",
            "凭证号",
            "凭证状态",
            "慰问人",
            "状态",
            "超标准说明",
        ]

    def rows(self):
        year = int(self.options.get("year"))
        qs = (
            Visit.objects.filter(org__path__startswith=self.org.path, date__year=year)
            .select_related("member", "member__org", "fund")
            .order_by("date", "id")
        )
        for v, booked in selectors.with_bookings(qs.iterator(chunk_size=500)):
            yield [
                v.date,
                v.member.name,
                v.member.department or v.member.org.name,
                v.occasion_label,
                v.get_form_display(),
                v.amount,
                v.goods,
                v.fund.name if v.fund else "",
                booked.voucher.number if booked else "",
                booked.voucher.get_state_display() if booked else "",
                v.visitors,
                v.get_state_display(),
                v.override_reason,
            ]


class HardshipExporter(Exporter):
    identifier = "welfare.hardship"
    name = "困难职工帮扶统计"
    sheet_title = "困难职工"

    def columns(self):
        return [
            "档案编号",
            "姓名",
            "工会小组",
            "困难类别",
            "家庭人口",
            "人均月收入",
            "致困原因",
            "本年度帮扶金额",
            "帮扶措施（完成/总数）",
            "状态",
            "建档日期",
            "下次复核",
        ]

    def rows(self):
        year = int(self.options.get("year"))
        for row in selectors.hardship_statistics(self.org, year):
            f = row["file"]
            yield [
                f.number,
                f.member.name,
                f.member.org.name,
                rules.CATEGORY_NAMES.get(f.category, ""),
                row["household"],
                f.per_head_monthly,
                "、".join(f.cause_names),
                row["received"],
                f"{row['measures_done']}/{row['measures']}",
                f.get_state_display(),
                f.approved_on or f.applied_on,
                f.next_review,
            ]
