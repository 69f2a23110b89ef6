"""A fund's ledger for one year as .xlsx and PDF, for the audit committee (经审会) to tick:
the fund's cash and bank lines in the books (selectors.ledger).

Columns 凭证号, 日期, 摘要, 收入, 支出, 余额 and a blank 核对 column; the year's opening
balance carried forward (上年结转) on the first line, the year's totals and closing balance
(本年合计, 年末余额) at the end, the totals in capitals (大写) and who exported it when in the
footer. `services.ledger_export` renders it for the page and the API and logs the export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import IO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from gonghui.core.exports import Exporter, render_pdf, xlsx_cell

from .money import fmt_amount, rmb_upper
from .selectors import Ledger, ledger

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_CONTENT_TYPE = "application/pdf"
COLUMNS = ["凭证号", "日期", "摘要", "收入", "支出", "余额", "核对"]
WIDTHS = [12, 12, 44, 14, 14, 15, 8]
MONEY_FORMAT = "#,##0.00"


def exporter_name(user) -> str:
    if user is None:
        return "system"
    name = getattr(user, "display_name", "") or ""
    username = user.get_username()
    return f"{name}（{username}）" if name and name != username else username


class LedgerExporter(Exporter):
    identifier = "funds.ledger"
    name = "经费日记账"

    def __init__(self, *, user, fund, year: int, options=None) -> None:
        super().__init__(user=user, org=fund.org, options=options)
        self.fund = fund
        self.year = year
        self.book: Ledger = ledger(fund, year)
        self.exported_at = timezone.localtime()

    @property
    def title(self) -> str:
        return f"{self.fund.org.name} {self.fund.name} {self.year}年日记账"

    @property
    def sheet_title(self) -> str:  # type: ignore[override]
        return f"{self.year}年日记账"

    def columns(self) -> list[str]:
        return COLUMNS

    def rows(self) -> Iterator[list]:
        """Opening line, the fund's lines in the books with their running balance (a 红字
        reversal in negative on its original's side), totals, closing line."""
        book = self.book
        yield ["", dt.date(self.year, 1, 1), "上年结转", None, None, book.opening, ""]
        for row in book.rows:
            e = row.entry
            yield [
                e.voucher_no,
                e.date,
                e.summary + (f"（{e.payee}）" if e.payee else ""),
                e.income or None,
                e.expense or None,
                row.balance,
                "",
            ]
        yield ["", None, "本年合计", book.income, book.expense, None, ""]
        yield ["", dt.date(self.year, 12, 31), "年末余额", None, None, book.closing, ""]

    def capitals(self) -> list[str]:
        book = self.book
        return [
            f"本年收入合计（大写）：人民币{rmb_upper(book.income)}",
            f"本年支出合计（大写）：人民币{rmb_upper(book.expense)}",
            f"年末余额（大写）：人民币{_signed_upper(book.closing)}",
        ]

    def footer(self) -> str:
        return (
            f"导出人：{exporter_name(self.user)}　"
            f"导出时间：{self.exported_at:%Y-%m-%d %H:%M}　单位：{self.fund.org.name}"
        )

    # -- rendering -----------------------------------------------------
    def write_xlsx(self, out: IO[bytes]) -> int:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(self.sheet_title[:31])
        for i, width in enumerate(WIDTHS):
            ws.column_dimensions[chr(ord("A") + i)].width = width
        bold = Font(bold=True)
        thin = Side(style="thin", color="999999")
        box = Border(left=thin, right=thin, top=thin, bottom=thin)
        fill = PatternFill("solid", fgColor="F2E6E4")

        def cell(value, *, strong=False, money=False, center=False, border=True):
            # Summaries, payees and names are typed text: xlsx_cell keeps them text.
            c = xlsx_cell(ws, value)
            if strong:
                c.font = bold
            if money:
                c.number_format = MONEY_FORMAT
            if isinstance(value, dt.date):
                c.number_format = "yyyy-mm-dd"
            if center:
                c.alignment = Alignment(horizontal="center")
            if border:
                c.border = box
            return c

        title = cell(self.title, strong=True, border=False)
        title.font = Font(bold=True, size=14)
        ws.append([title])
        ws.append([cell(f"基金类别：{self.fund.get_kind_display()}　单位：元", border=False)])
        header = []
        for name in self.columns():
            c = cell(name, strong=True, center=True)
            c.fill = fill
            header.append(c)
        ws.append(header)
        count = 0
        rows = list(self.rows())
        for i, row in enumerate(rows):
            special = i == 0 or i >= len(rows) - 2
            ws.append(
                [
                    cell(v, money=isinstance(v, Decimal) or j in (3, 4, 5), strong=special)
                    for j, v in enumerate(row)
                ]
            )
            if not special:
                count += 1
        ws.append([])
        for line in self.capitals():
            ws.append([cell(line, border=False)])
        ws.append([cell("记账：　　　　　　　出纳：　　　　　　　审核（经审会）：", border=False)])
        ws.append([cell(self.footer(), border=False)])
        wb.save(out)
        return count

    def render_pdf(self) -> bytes:
        from django.template.loader import render_to_string

        html = render_to_string(
            "funds/ledger_pdf.html",
            {
                "title": self.title,
                "fund": self.fund,
                "book": self.book,
                "rows": list(self.rows()),
                "columns": self.columns(),
                "capitals": self.capitals(),
                "footer": self.footer(),
                "fmt": fmt_amount,
            },
        )
        return render_pdf(html)


def _signed_upper(amount: Decimal) -> str:
    # A fund never closes below zero (the books refuse it); kept safe all the same.
    return rmb_upper(amount) if amount >= 0 else "负" + rmb_upper(-amount)


def ledger_filename(fund, year: int, ext: str) -> str:
    return f"日记账-{fund.org.code}-{fund.name}-{year}.{ext}"
