"""Files of the budgets module: the budget with its execution (.xlsx) and the 决算's cover
and table (PDF). Every value goes through gonghui.core.exports (typed text never becomes
a formula; the PDF fetches nothing)."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Font

from gonghui.core.exports import Exporter, render_pdf, xlsx_cell, xlsx_row

from . import selectors

COLUMNS = ["科目编码", "科目名称", "专项/非专项", "项目", "预算数", "执行数", "待记账", "执行率"]


def _restricted(flag: bool) -> str:
    return "专项" if flag else "非专项"


class ExecutionExporter(Exporter):
    identifier = "budgets.execution"
    name = "预算执行情况"
    sheet_title = "预算执行"

    def __init__(self, result: selectors.Execution, *, user, org):
        super().__init__(user=user, org=org)
        self.result = result

    def columns(self) -> list[str]:
        return COLUMNS

    def _row(self, r: selectors.Row) -> list:
        return [
            r.code,
            r.name,
            _restricted(r.restricted),
            r.project.name if r.project is not None else "",
            r.approved if r.approved is not None else "未列入预算",
            r.executed,
            r.pending,
            f"{r.rate}%" if r.rate is not None else "",
        ]

    def rows(self):
        for label, rows, total in (
            ("收入", self.result.income, self.result.income_total),
            ("支出", self.result.expense, self.result.expense_total),
        ):
            for r in rows:
                yield self._row(r)
            t = self._row(total)
            t[0], t[1], t[2] = "", f"{label}合计", ""
            yield t


def execution_xlsx(result: selectors.Execution, *, org, user=None) -> tuple[str, bytes]:
    exporter = ExecutionExporter(result, user=user, org=org)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(exporter.sheet_title)
    budget = result.budget
    title = xlsx_cell(ws, f"{org.name} {result.year}年预算执行情况")
    title.font = Font(bold=True, size=14)
    ws.append([title])
    ws.append(xlsx_row(ws, [f"预算：{budget}" if budget is not None else "无已批复的预算"]))
    ws.append(xlsx_row(ws, exporter.columns()))
    for row in exporter.rows():
        ws.append(xlsx_row(ws, row))
    ws.append([])
    ws.append(xlsx_row(ws, [exporter.footer()]))
    out = io.BytesIO()
    wb.save(out)
    return f"{org.name}-{result.year}年预算执行.xlsx", out.getvalue()


def final_pdf(budget, *, user=None) -> tuple[str, bytes]:
    """The 决算 (or any document) as a cover and its table, on A4."""
    lines = selectors.lines_of(budget)
    income, expense = selectors.split(lines)
    html = render_to_string(
        "budgets/document_pdf.html",
        {
            "doc": budget,
            "income": income,
            "expense": expense,
            "sums": selectors.sums(lines),
            "footer": Exporter(user=user, org=budget.org).footer(),
        },
    )
    return f"{budget.org.name}-{budget}.pdf", render_pdf(html)
