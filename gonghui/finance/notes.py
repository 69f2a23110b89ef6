"""The notes to the annual statements (会计报表附注): eight items, the figures the books
can give filled in, and the union's own text for each item, kept per union and year.

Source of the items: 《工会会计制度》(财会〔2021〕7号) asks for 附注 with the annual
statements (domain.md §4.1: "plus an annual 附注 (8 items)"). The official wording of
the eight items was not at hand when this was written; they are named as the issue
(#14 item 3) lists them [C: to be checked against the 制度's text]:

    一、遵循会计制度的声明          五、收入支出的说明
    二、重要会计政策和会计估计      六、重大事项说明
    三、重要资产项目的说明          七、资产负债表日后事项
    四、净资产项目的说明            八、其他需要说明的事项

Figures (from the posted lines, as 工会01/工会02 compute them): item 三 货币资金, the
receivables, 库存物品 and the fixed assets (原值, 累计折旧, 净值) at the start and the
end of the year; item 四 资产基金, 工会资金结转 (321) and 工会资金结余 (322); item 五
income and expense by first-level account and by sub-account (one GROUP BY).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from gonghui.core.exports import xml_text

from . import chart
from .ledgers import _footer, q
from .models import NOTE_ITEMS, NOTE_NUMERALS, ZERO, StatementNote, VoucherLine
from .selectors import chart_for, statement_set

ITEMS = NOTE_ITEMS
NUMERALS = NOTE_NUMERALS
MAX_TEXT = 5000

ASSET_LINES = (
    "货币资金",
    "应收上级经费",
    "其他应收款",
    "库存物品",
    "固定资产原值",
    "累计折旧",
    "固定资产净值",
)
NET_ASSET_LINES = ("资产基金", "工会资金结转", "工会资金结余", "净资产合计")


@dataclass
class Item:
    number: int
    title: str
    text: str = ""
    # (caption, [column names], rows of [name, Decimal…]) tables of figures
    tables: list[tuple[str, list[str], list[list]]] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{NUMERALS[self.number - 1]}、{self.title}"


def _by_account(org, year: int) -> list[list]:
    """Income and expense of the year by account (sub-accounts too), without the
    year-end closing: [code name, amount] with income as a positive amount."""
    accounts = chart_for(org)
    rows = (
        VoucherLine.objects.filter(org=org, posted=True, year=year, closing=False)
        .filter(Q(account_top__startswith="4") | Q(account_top__startswith="5"))
        .values("account_code")
        .annotate(d=Sum("debit"), c=Sum("credit"))
        .order_by("account_code")
    )
    out = []
    for r in rows:
        code = r["account_code"]
        net = q(r["d"]) - q(r["c"])
        amount = -net if chart.is_income(code) else net
        account = accounts.get(code) or chart.account(code)
        out.append([f"{code} {account.name if account else ''}".strip(), amount])
    return out


def notes(org, year: int) -> list[Item]:
    """The eight items with this union's text and the figures of `year`."""
    texts = dict(StatementNote.objects.filter(org=org, year=year).values_list("item", "text"))
    result = statement_set(org, year)
    balance = {ln.name: ln for ln in result.balance_sheet}
    flows = {ln.name: ln for ln in result.income_expense}
    items = [Item(n, title, texts.get(n, "")) for n, title in ITEMS]
    cols = ["项目", "年初余额", "年末余额"]
    items[2].tables.append(
        ("主要资产", cols, [[n, balance[n].opening, balance[n].closing] for n in ASSET_LINES])
    )
    items[3].tables.append(
        ("净资产", cols, [[n, balance[n].opening, balance[n].closing] for n in NET_ASSET_LINES])
    )
    from .statements import EXPENSE_LINES, INCOME_LINES

    totals = [[name, flows[name].year_to_date] for name, _code in INCOME_LINES]
    totals.append(["收入合计", flows["收入合计"].year_to_date])
    totals += [[name, flows[name].year_to_date] for name, _code in EXPENSE_LINES]
    totals += [
        ["支出合计", flows["支出合计"].year_to_date],
        ["本期收支差额", flows["本期收支差额"].year_to_date],
    ]
    items[4].tables.append(("收入支出（一级科目）", ["项目", "本年数"], totals))
    detail = _by_account(org, year)
    if detail:
        items[4].tables.append(("收入支出明细（按科目）", ["科目", "本年数"], detail))
    return items


def notes_docx(org, year: int, *, user=None) -> tuple[str, bytes]:
    """The notes as a Word document: (file name, bytes). Typed text goes in as text runs
    (python-docx escapes it; characters XML cannot hold are dropped)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from gonghui.funds.money import fmt_amount

    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(f"{year}年度会计报表附注")
    run.bold = True
    run.font.size = Pt(16)
    doc.add_paragraph(xml_text(f"编制单位：{org.name}"))
    for item in notes(org, year):
        doc.add_heading(item.heading, level=2)
        for caption, columns, rows in item.tables:
            doc.add_paragraph(caption)
            table = doc.add_table(rows=1, cols=len(columns))
            table.style = "Table Grid"
            for cell, name in zip(table.rows[0].cells, columns, strict=True):
                cell.text = name
            for row in rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = (
                        fmt_amount(value) if isinstance(value, Decimal) else xml_text(str(value))
                    )
        for para in (item.text or "").split("\n"):
            if para.strip():
                doc.add_paragraph(xml_text(para.strip()))
        if not item.text and not item.tables:
            doc.add_paragraph("无。")
    doc.add_paragraph("")
    doc.add_paragraph(xml_text(_footer(user)))
    doc.core_properties.author = "Gonghui"
    doc.core_properties.created = timezone.now()
    out = io.BytesIO()
    doc.save(out)
    return f"{org.name}-会计报表附注-{year}年度.docx", out.getvalue()


__all__ = ["ITEMS", "MAX_TEXT", "ZERO", "notes", "notes_docx"]
