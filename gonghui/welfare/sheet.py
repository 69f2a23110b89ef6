"""The 慰问金发放表 (payout sheet) of a batch, as PDF with a signature column."""

from __future__ import annotations

from decimal import Decimal

from django.template.loader import render_to_string

from gonghui.core.exports import render_pdf
from gonghui.funds.money import rmb_upper

from .models import Batch


def sheet_filename(batch: Batch) -> str:
    return f"慰问金发放表-{batch.date:%Y%m%d}-{batch.title}.pdf"


def sheet_title(batch: Batch) -> str:
    return "慰问品发放表" if batch.form == "goods" else "慰问金发放表"


def sheet_html(batch: Batch, request) -> str:
    """One row per person in line order, totals in figures and in capitals (大写)."""
    lines = list(batch.lines.select_related("member", "member__org").order_by("id"))
    total = sum((ln.amount for ln in lines), Decimal(0))
    return render_to_string(
        "welfare/sheet_pdf.html",
        {
            "batch": batch,
            "lines": lines,
            "total": total,
            "total_upper": rmb_upper(total),
            "title": sheet_title(batch),
        },
        request=request,
    )


def render_sheet(batch: Batch, request) -> bytes:
    request = getattr(request, "_request", request)
    html = sheet_html(batch, request)
    return render_pdf(html)
