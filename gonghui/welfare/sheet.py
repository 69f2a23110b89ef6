"""The 慰问金发放表 (payout sheet) of a batch, as PDF with a signature column.

Rows go by group (the tree's order), then by the pinyin of the name, as the roster sorts:
each group's people stand together under the group's name, count and subtotal, so a group
leader can take their part round for signatures. The row numbers are the ones the paid
visits cite as receipt ("发放表第n行"): services.batch_pay pays in the same order. An A4
page holds about 28-30 rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string

from gonghui.core.exports import render_pdf
from gonghui.funds.money import rmb_upper

from . import selectors
from .models import Batch


def sheet_filename(batch: Batch) -> str:
    return f"慰问金发放表-{batch.date:%Y%m%d}-{batch.title}.pdf"


def sheet_title(batch: Batch) -> str:
    return "慰问品发放表" if batch.form == "goods" else "慰问金发放表"


@dataclass
class SheetGroup:
    """The rows of one group, numbered as on the whole sheet, and their subtotal."""

    name: str
    rows: list = field(default_factory=list)  # (row number, line)
    total: Decimal = Decimal(0)

    @property
    def total_shown(self) -> str:
        return f"{self.total:,.2f}"


def sheet_groups(lines) -> list[SheetGroup]:
    """Consecutive lines of the same group, in the order given."""
    groups: list[SheetGroup] = []
    last = None
    for n, line in enumerate(lines, 1):
        if line.member.org_id != last:
            groups.append(SheetGroup(line.member.org.name))
            last = line.member.org_id
        groups[-1].rows.append((n, line))
        groups[-1].total += line.amount
    return groups


def sheet_html(batch: Batch, request) -> str:
    """Rows by group then name, group subtotals, totals in figures and in capitals (大写)."""
    lines = list(selectors.batch_lines(batch))
    total = sum((ln.amount for ln in lines), Decimal(0))
    return render_to_string(
        "welfare/sheet_pdf.html",
        {
            "batch": batch,
            "groups": sheet_groups(lines),
            "count": len(lines),
            "total": total,
            "total_shown": f"{total:,.2f}",
            "total_upper": rmb_upper(total),
            "title": sheet_title(batch),
        },
        request=request,
    )


def render_sheet(batch: Batch, request) -> bytes:
    request = getattr(request, "_request", request)
    html = sheet_html(batch, request)
    return render_pdf(html)
