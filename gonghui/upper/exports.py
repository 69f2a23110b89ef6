"""The upper union's workbooks: the roll-up of the unions' annual statements (the summed
工会01 and 工会02 in the official layout, finance.exports' sheets titled 汇总, and the table
of unions × key lines), and the table of unions × the year's figures (#16 item 1). Union
names are typed by people: every cell goes through gonghui.core.exports (a union called
`=HYPERLINK(...)` stays that text)."""

from __future__ import annotations

import io
from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from gonghui.core.exports import Exporter, xlsx_cell, xlsx_row
from gonghui.finance.exports import (
    MONEY_FORMAT,
    BalanceSheetExporter,
    IncomeExpenseExporter,
    period_label,
)

from .finance import KEY_LINES, FinanceRollup
from .rollup import UnionsRollup

NO_BOOKS = "无账"


class RollupBalanceSheet(BalanceSheetExporter):
    identifier = "upper.balance_sheet"
    name = title = "资产负债表（汇总）"


class RollupIncomeExpense(IncomeExpenseExporter):
    identifier = "upper.income_expense"
    name = title = "收入支出表（汇总）"


class UnionTableExporter(Exporter):
    """One row per union: code, name, whether it keeps books, the key lines."""

    identifier = "upper.unions"
    name = sheet_title = "各工会主要指标"

    def __init__(self, rollup: FinanceRollup, *, user=None) -> None:
        super().__init__(user=user, org=rollup.org)
        self.rollup = rollup

    def columns(self) -> list[str]:
        return ["工会代码", "工会名称", "账簿", *(line for _k, _s, line, _c in KEY_LINES)]

    def rows(self) -> Iterator[list]:
        for u in self.rollup.unions:
            figures = u.figures()
            yield [
                u.org.code,
                u.org.name,
                "有账" if u.has_books else NO_BOOKS,
                *(figures[key] for key, *_ in KEY_LINES),
            ]

    def write_sheet(self, wb: Workbook) -> int:
        ws = wb.create_sheet(self.sheet_title)
        for i, width in enumerate((14, 32, 8, 16, 16, 16, 16, 16)):
            ws.column_dimensions[chr(ord("A") + i)].width = width
        ws.append([xlsx_cell(ws, f"{self.rollup.org.name} {period_label(self.rollup.year, None)}")])
        header = []
        for title in self.columns():
            c = xlsx_cell(ws, title)
            c.font, c.fill = Font(bold=True), PatternFill("solid", fgColor="F2E6E4")
            header.append(c)
        ws.append(header)
        count = 0
        for row in self.rows():
            cells = xlsx_row(ws, row)
            for j, value in enumerate(row):
                if j >= 3 and value is not None:
                    cells[j] = xlsx_cell(ws, value)
                    cells[j].number_format = MONEY_FORMAT
            ws.append(cells)
            count += 1
        ws.append([])
        ws.append(xlsx_row(ws, [self.footer()]))
        return count


def rollup_xlsx(rollup: FinanceRollup, *, user=None) -> tuple[str, bytes]:
    """The summed 工会01, 工会02 and the table of unions, one sheet each: (file name, bytes)."""
    wb = Workbook(write_only=True)
    RollupBalanceSheet(rollup.total, user=user).write_sheet(wb)
    RollupIncomeExpense(rollup.total, user=user).write_sheet(wb)
    UnionTableExporter(rollup, user=user).write_sheet(wb)
    out = io.BytesIO()
    wb.save(out)
    name = f"{rollup.org.name}-汇总会计报表-{period_label(rollup.year, None)}.xlsx"
    return name, out.getvalue()


class UnionFiguresExporter(Exporter):
    """One row per union below: code, name and the figures its reader may read, then the
    total (合计). Amounts are numbers in yuan; a figure a union has none of is left empty."""

    identifier = "upper.unions"
    name = sheet_title = "各基层工会统计"

    def __init__(self, rollup: UnionsRollup, *, user=None) -> None:
        super().__init__(user=user, org=rollup.org)
        self.rollup = rollup

    def columns(self) -> list[str]:
        return ["工会代码", "工会名称", *(str(f.label) for f in self.rollup.figures)]

    def rows(self) -> Iterator[list]:
        keys = [f.key for f in self.rollup.figures]
        for r in self.rollup.rows:
            yield [r.org.code, r.org.name, *(r.values[k] for k in keys)]
        total = self.rollup.total
        yield ["", "合计", *(total[k] for k in keys)]


def unions_xlsx(rollup: UnionsRollup, *, user=None) -> tuple[str, bytes]:
    """The table of unions × figures as .xlsx: (file name, bytes)."""
    out = io.BytesIO()
    UnionFiguresExporter(rollup, user=user).write_xlsx(out)
    return f"{rollup.org.name}-各基层工会统计-{rollup.year}年.xlsx", out.getvalue()
