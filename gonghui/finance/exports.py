"""工会01 资产负债表 and 工会02 收入支出表 as a workbook and a PDF, in the official layout.

Both doors (pages and API) call `statements_xlsx(result)` and `statements_pdf(result)`
with a `selectors.Statements`, and get back the file name and the bytes. The heading
carries 编制单位, the month (or the year) and 单位：元; the foot carries the four
signature lines Chinese statements print (design §7 Q9): 单位负责人, 主管会计工作负责人,
会计机构负责人, 制表人, left blank for the pen.

Statements hold no typed text, but the organisation's name is typed by people, so every
cell still goes through `xlsx_cell` (a name such as `=HYPERLINK(...)` stays text).
"""

from __future__ import annotations

import calendar
import io
from collections.abc import Iterator
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from gonghui.core.exports import Exporter, render_pdf, xlsx_cell
from gonghui.funds.exports import exporter_name
from gonghui.funds.money import fmt_amount

from .selectors import Statements

MONEY_FORMAT = "#,##0.00"
SIGNATURES = ("单位负责人", "主管会计工作负责人", "会计机构负责人", "制表人")
BALANCE_SPLIT = "资产总计"  # the last line of the assets side of 工会01


def period_label(year: int, month: int | None) -> str:
    """ "2031年3月" for a monthly statement, "2031年度" for the annual one."""
    return f"{year}年{month}月" if month else f"{year}年度"


def as_of_label(year: int, month: int | None) -> str:
    """The balance sheet's date: the last day of the month (or of the year)."""
    m = month or 12
    return f"{year}年{m}月{calendar.monthrange(year, m)[1]}日"


class _StatementExporter(Exporter):
    """One statement of a `Statements` result: its title, form number, columns, rows."""

    form_no = ""
    title = ""

    def __init__(self, result: Statements, *, user=None) -> None:
        super().__init__(user=user, org=result.org)
        self.result = result

    @property
    def sheet_title(self) -> str:  # type: ignore[override]
        return self.title

    def heading(self) -> list[str]:
        """编制单位, the period, 单位：元: the line under the title."""
        return [
            f"编制单位：{self.result.org.name}",
            self.period_text(),
            "单位：元",
        ]

    def period_text(self) -> str:
        return period_label(self.result.year, self.result.month)

    def footer(self) -> str:
        when = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        who = f"导出人：{exporter_name(self.user)}　" if self.user is not None else ""
        return f"{who}导出时间：{when}"

    def bold_cells(self) -> set[tuple[int, int]]:
        """(row, column) of the cells printed bold: the totals' (rows as in `rows()`)."""
        raise NotImplementedError

    # -- rendering -----------------------------------------------------
    def write_sheet(self, wb: Workbook) -> int:
        ws = wb.create_sheet(self.sheet_title[:31])
        columns = self.columns()
        for i, width in enumerate(self.widths):
            ws.column_dimensions[chr(ord("A") + i)].width = width
        thin = Side(style="thin", color="777777")
        box = Border(left=thin, right=thin, top=thin, bottom=thin)
        fill = PatternFill("solid", fgColor="F2E6E4")

        def cell(value, *, bold=False, border=True, center=False, right=False, size=None):
            c = xlsx_cell(ws, value)
            if bold or size:
                c.font = Font(bold=bold, size=size)
            if isinstance(value, Decimal):
                c.number_format = MONEY_FORMAT
            if center or right:
                c.alignment = Alignment(horizontal="center" if center else "right")
            if border:
                c.border = box
            return c

        ws.append([cell(self.title, bold=True, border=False, size=14)])
        ws.append([cell(self.form_no, border=False)])
        ws.append([cell(text, border=False) for text in self.heading()])
        header = [cell(name, bold=True, center=True) for name in columns]
        for c in header:
            c.fill = fill
        ws.append(header)
        bold = self.bold_cells()
        count = 0
        for i, row in enumerate(self.rows()):
            ws.append(
                [cell(v, bold=(i, j) in bold, center=isinstance(v, int)) for j, v in enumerate(row)]
            )
            count += 1
        ws.append([])
        ws.append([cell("　　".join(f"{s}：　　　　" for s in SIGNATURES), border=False)])
        ws.append([cell(self.footer(), border=False)])
        return count

    def table(self) -> dict:
        """What the PDF template prints: the columns, and rows with money formatted."""
        bold = self.bold_cells()
        rows = []
        for i, row in enumerate(self.rows()):
            cells = [
                {
                    "text": fmt_amount(v) if isinstance(v, Decimal) else ("" if v is None else v),
                    # Amounts right-aligned, line numbers (行次) centred.
                    "cls": "num"
                    if isinstance(v, Decimal)
                    else ("no" if isinstance(v, int) else ""),
                    "bold": (i, j) in bold,
                }
                for j, v in enumerate(row)
            ]
            rows.append({"cells": cells})
        return {
            "title": self.title,
            "form_no": self.form_no,
            "heading": self.heading(),
            "columns": self.columns(),
            "rows": rows,
        }


class BalanceSheetExporter(_StatementExporter):
    """工会01 资产负债表: assets on the left, liabilities and net assets on the right, as
    the official form sets them side by side, each with its line number (行次)."""

    identifier = "finance.balance_sheet"
    name = "资产负债表"
    title = "资产负债表"
    form_no = "工会01表"
    widths = (22, 6, 16, 16, 22, 6, 16, 16)

    def period_text(self) -> str:
        return as_of_label(self.result.year, self.result.month)

    def columns(self) -> list[str]:
        return [
            "资产",
            "行次",
            "年初余额",
            "期末余额",
            "负债和净资产",
            "行次",
            "年初余额",
            "期末余额",
        ]

    def _sides(self):
        lines = list(self.result.balance_sheet)
        names = [ln.name for ln in lines]
        split = names.index(BALANCE_SPLIT) + 1 if BALANCE_SPLIT in names else len(lines)
        left = list(enumerate(lines[:split], start=1))
        right = list(enumerate(lines[split:], start=split + 1))
        # The two totals share the last row, as on the form: pad the shorter side above it.
        height = max(len(left), len(right))
        left = left[:-1] + [None] * (height - len(left)) + left[-1:]
        right = right[:-1] + [None] * (height - len(right)) + right[-1:]
        return left, right

    def rows(self) -> Iterator[list]:
        left, right = self._sides()
        for a, b in zip(left, right, strict=True):
            row = []
            for side in (a, b):
                if side is None:
                    row += ["", None, None, None]
                else:
                    n, ln = side
                    row += [ln.name, n, ln.opening, ln.closing]
            yield row

    def bold_cells(self) -> set[tuple[int, int]]:
        # Each side's totals, on its own four columns: the other side's line on the same
        # row (其他应收款 beside 负债合计) stays plain.
        left, right = self._sides()
        out = set()
        for i, pair in enumerate(zip(left, right, strict=True)):
            for side, entry in enumerate(pair):
                if entry is not None and entry[1].total:
                    out.update((i, j) for j in range(side * 4, side * 4 + 4))
        return out


class IncomeExpenseExporter(_StatementExporter):
    """工会02 收入支出表: 本月数 and 本年累计数 for a month; the annual one has the year's
    figures in one column (本年数)."""

    identifier = "finance.income_expense"
    name = "收入支出表"
    title = "收入支出表"
    form_no = "工会02表"
    widths = (26, 6, 18, 18)

    def columns(self) -> list[str]:
        if self.result.month:
            return ["项目", "行次", "本月数", "本年累计数"]
        return ["项目", "行次", "本年数"]

    def rows(self) -> Iterator[list]:
        for n, ln in enumerate(self.result.income_expense, start=1):
            if self.result.month:
                yield [ln.name, n, ln.period, ln.year_to_date]
            else:
                yield [ln.name, n, ln.year_to_date]

    def bold_cells(self) -> set[tuple[int, int]]:
        width = len(self.columns())
        return {
            (i, j)
            for i, ln in enumerate(self.result.income_expense)
            if ln.total
            for j in range(width)
        }


def _name(result: Statements, ext: str) -> str:
    return f"{result.org.name}-会计报表-{period_label(result.year, result.month)}.{ext}"


def statements_xlsx(result: Statements, *, user=None) -> tuple[str, bytes]:
    """工会01 and 工会02 of `result` as one workbook (a sheet each): (file name, bytes)."""
    wb = Workbook(write_only=True)
    for exporter in (
        BalanceSheetExporter(result, user=user),
        IncomeExpenseExporter(result, user=user),
    ):
        exporter.write_sheet(wb)
    out = io.BytesIO()
    wb.save(out)
    return _name(result, "xlsx"), out.getvalue()


def statements_pdf(result: Statements, *, user=None) -> tuple[str, bytes]:
    """工会01 and 工会02 of `result` on A4, one statement a page: (file name, bytes)."""
    from django.template.loader import render_to_string

    sheets = [
        BalanceSheetExporter(result, user=user),
        IncomeExpenseExporter(result, user=user),
    ]
    html = render_to_string(
        "finance/statements_pdf.html",
        {
            "org": result.org,
            "period": period_label(result.year, result.month),
            "tables": [s.table() for s in sheets],
            "signatures": SIGNATURES,
            "footer": sheets[0].footer(),
        },
    )
    return _name(result, "pdf"), render_pdf(html)
