"""The ledger exports, read from the books: the auditor's workbook and the PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.funds import services
from gonghui.funds.exports import COLUMNS

from .conftest import D, make_fund


@pytest.fixture
def book(union, finance):
    """A fund opened in 2030 with 500.00, then in 2031: +1000, −250.50, −80 reversed."""
    fund = make_fund(union, balance="500.00", date=dt.date(2030, 12, 1))
    who = finance
    with unscoped():
        services.fund_income(
            actor=who, fund=fund, amount=D("1000"), date=dt.date(2031, 1, 5), summary="会费收入"
        )
        services.fund_payout(
            actor=who,
            fund=fund,
            amount=D("250.50"),
            date=dt.date(2031, 2, 1),
            summary="慰问金",
            payee="王五",
        )
        p = services.fund_payout(
            actor=who, fund=fund, amount=D("80"), date=dt.date(2031, 2, 2), summary="误付"
        )
        services.fund_entry_reverse(actor=who, entry=p, reason="重复", date=dt.date(2031, 2, 3))
    return fund


def _sheet(content: bytes):
    wb = load_workbook(io.BytesIO(content))
    return [list(r) for r in wb.active.iter_rows(values_only=True)]


def test_the_workbook_has_the_auditors_columns_and_running_balances(login, auditor, book):
    r = login(auditor).get(f"/o/{book.org.code}/funds/{book.pk}/2031.xlsx")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "2031.xlsx" in r["Content-Disposition"]
    rows = _sheet(r.content)
    assert book.org.name in rows[0][0] and "2031年日记账" in rows[0][0]
    header = rows.index(COLUMNS)
    body = rows[header + 1 :]
    opening = body[0]
    assert opening[2] == "上年结转" and opening[5] == 500
    entries = [row for row in body if row[0] and str(row[0]).startswith("记-")]
    # numbered per month: January's income, then February's two payouts and the reversal
    assert [e[0] for e in entries] == ["记-0001", "记-0001", "记-0002", "记-0003"]
    assert [e[1].date() for e in entries] == [
        dt.date(2031, 1, 5),
        dt.date(2031, 2, 1),
        dt.date(2031, 2, 2),
        dt.date(2031, 2, 3),
    ]
    assert [e[5] for e in entries] == [1500, 1249.5, 1169.5, 1249.5]
    assert entries[1][4] == 250.5 and entries[1][3] is None and "王五" in entries[1][2]
    # the 红字 reversal: the payout's side, in negative
    assert entries[3][2] == "冲销 2031-02-02 记-0002：重复" and entries[3][4] == -80
    assert entries[3][3] is None
    assert all(e[6] in (None, "") for e in entries)  # the blank 核对 column
    totals = next(row for row in body if row[2] == "本年合计")
    closing = next(row for row in body if row[2] == "年末余额")
    assert (totals[3], totals[4]) == (1000, 250.5) and closing[5] == 1249.5
    text = "\n".join(str(row[0]) for row in body if row and row[0])
    assert "本年收入合计（大写）：人民币壹仟元整" in text
    assert "本年支出合计（大写）：人民币贰佰伍拾元伍角" in text
    assert "年末余额（大写）：人民币壹仟贰佰肆拾玖元伍角" in text
    assert f"导出人：{auditor.display_name}（{auditor.username}）" in text and "导出时间：" in text


def test_the_workbook_of_an_empty_year_carries_the_balance_forward(login, finance, book):
    rows = _sheet(login(finance).get(f"/o/{book.org.code}/funds/{book.pk}/2032.xlsx").content)
    body = rows[rows.index(COLUMNS) + 1 :]
    assert body[0][5] == 1249.5
    assert next(row for row in body if row[2] == "年末余额")[5] == 1249.5


def test_an_export_is_logged(login, auditor, book):
    with unscoped():
        before = AuditEntry.objects.filter(action="funds.ledger.exported").count()
    login(auditor).get(f"/o/{book.org.code}/funds/{book.pk}/2031.xlsx")
    with unscoped():
        log = AuditEntry.objects.filter(action="funds.ledger.exported").latest("id")
        assert AuditEntry.objects.filter(action="funds.ledger.exported").count() == before + 1
    assert log.actor == auditor and log.org == book.org
    assert log.changes["year"] == [None, 2031] and log.changes["rows"] == [None, 4]


def test_the_pdf_is_a_pdf_with_the_ledger(login, auditor, book):
    r = login(auditor).get(f"/o/{book.org.code}/funds/{book.pk}/2031.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    from gonghui.funds.exports import LedgerExporter

    with unscoped():
        exporter = LedgerExporter(user=auditor, fund=book, year=2031)
    from django.template.loader import render_to_string

    html = render_to_string(
        "funds/ledger_pdf.html",
        {
            "title": exporter.title,
            "fund": book,
            "rows": list(exporter.rows()),
            "columns": COLUMNS,
            "capitals": exporter.capitals(),
            "footer": exporter.footer(),
        },
    )
    for text in ("记-0003", "-80.00", "1,249.50", "1,169.50", "核对", "壹仟元整", "上年结转"):
        assert text in html, text
    assert auditor.display_name in html


def test_the_service_renders_and_logs_one_export_for_both_doors(auditor, book):
    who = auditor
    with unscoped(), acting(who):
        before = AuditEntry.objects.filter(action="funds.ledger.exported").count()
        name, content, media_type = services.ledger_export(
            actor=who, fund=book, year=2031, fmt="xlsx"
        )
        log = AuditEntry.objects.filter(action="funds.ledger.exported").latest("id")
        assert AuditEntry.objects.filter(action="funds.ledger.exported").count() == before + 1
    assert name.endswith("-2031.xlsx") and media_type.endswith("spreadsheetml.sheet")
    assert _sheet(content)[2] == COLUMNS
    assert log.actor == who and log.changes["format"] == [None, "xlsx"]
    assert log.changes["rows"] == [None, 4]
