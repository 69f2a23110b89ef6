"""The yearly report of rationalisation proposals (合理化建议汇总表) as a workbook: one
sheet of the ideas, one of the year's figures. Every cell goes through core.exports, so
a typed title of "=HYPERLINK(…)" stays text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from gonghui.core.exports import Exporter, xlsx_cell, xlsx_row

from . import selectors


def _pct(value) -> str:
    return "" if value is None else f"{value}%"


class IdeasReport(Exporter):
    identifier = "ideas.year_report"
    name = "合理化建议汇总表"
    sheet_title = "合理化建议"

    def columns(self) -> list[str]:
        return [
            "编号",
            "标题",
            "提出人",
            "部门",
            "班组",
            "共同提出人",
            "类别",
            "提交时间",
            "状态",
            "承办部门",
            "答复期限",
            "逾期",
            "部门答复",
            "评审结果",
            "理由",
            "实施情况",
            "节创价值（万元）",
            "奖励（元）",
            "发放日期",
        ]

    def rows(self) -> Iterator[Iterable]:
        today = timezone.localdate()
        year = int(self.options["year"])
        qs = selectors.year_ideas(self.org, year).select_related("proposer", "reward")
        for i in qs.prefetch_related("co_proposers").order_by("org__path", "number"):
            reward = getattr(i, "reward", None)
            yield [
                i.code,
                i.title,
                i.proposer.name,
                i.proposer.department,
                i.team,
                "、".join(m.name for m in i.co_proposers.all()),
                str(i.get_category_display()),
                i.submitted_at,
                str(i.get_status_display()),
                i.department,
                i.deadline,
                "是" if i.is_overdue(today) else "",
                i.answer,
                str(i.get_outcome_display()) if i.outcome else "",
                i.outcome_reason or (i.screen_note if i.status == "not_accepted" else ""),
                i.implementation,
                i.value_created,
                reward.amount if reward else None,
                reward.paid_on if reward else None,
            ]

    def figures(self) -> Iterator[list]:
        m = selectors.metrics(self.org, int(self.options["year"]))
        o = m["overall"]
        yield ["指标", "数值"]
        yield ["会员人数", o["members"]]
        yield ["提出建议人数", o["proposers"]]
        yield ["参与率", _pct(o["participation"])]
        yield ["建议件数", o["ideas"]]
        yield ["人均件数", o["per_capita"]]
        yield ["采纳件数", o["adopted"]]
        yield ["采纳率", _pct(o["adoption"])]
        yield ["实施件数", o["implemented"]]
        yield ["实施率", _pct(o["implementation"])]
        yield ["节创价值（万元）", o["value"]]
        yield ["奖励总额（元）", o["rewards"]]
        yield []
        yield ["部门", "会员", "参与人数", "参与率", "件数", "采纳", "实施", "节创价值（万元）"]
        for r in m["by_department"]:
            yield [
                r["department"] or "（未填部门）",
                r["members"],
                r["proposers"],
                _pct(r["participation"]),
                r["ideas"],
                r["adopted"],
                r["implemented"],
                r["value"],
            ]

    def write_xlsx(self, out: IO[bytes]) -> int:
        count = 0
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(self.sheet_title)
        bold = Font(bold=True)
        header = []
        for title in self.columns():
            cell = xlsx_cell(ws, title)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in self.rows():
            ws.append(xlsx_row(ws, row))
            count += 1
        ws.append([])
        ws.append(xlsx_row(ws, [self.footer()]))
        summary = wb.create_sheet("年度指标")
        for row in self.figures():
            summary.append(xlsx_row(summary, row))
        wb.save(out)
        return count
