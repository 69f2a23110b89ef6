"""The ledgers' figures (gonghui.finance.ledgers): journals with 本日合计, 本月合计 and
本年累计, the general ledger by month, detail and auxiliary ledgers, pending vouchers,
one query per ledger, and the files."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gonghui.finance import ledgers, services_reports
from gonghui.finance import services as fs
from tests.funds.conftest import make_fund

from .conftest import D, L, make_voucher

pytestmark = pytest.mark.usefixtures("platform")


@pytest.fixture
def books(union):
    make_voucher(
        union,
        [L("102", debit="500"), L("401", credit="500", restricted=False)],
        date=dt.date(2030, 11, 5),
        summary="上年会费",
    )
    make_voucher(union, [L("102", debit="1000"), L("401", credit="1000", restricted=False)])
    make_voucher(
        union,
        [L("50102", debit="300", restricted=False), L("102", credit="300")],
        summary="职工篮球赛",
    )
    make_voucher(
        union,
        [L("101", debit="200"), L("102", credit="200")],
        date=dt.date(2031, 3, 15),
        summary="提取现金",
    )
    make_voucher(union, date=dt.date(2031, 4, 2), summary="四月会费")
    make_voucher(
        union,
        [L("102", debit="50"), L("401", credit="50", restricted=False)],
        date=dt.date(2031, 4, 5),
        summary="待审会费",
        state="submitted",
    )
    return union


def _rows(ledger):
    return [
        (e.kind, e.date, e.summary, e.debit, e.credit, e.direction, e.amount)
        for e in ledger.entries
    ]


def test_the_bank_journal_runs_its_balance_with_day_month_and_year_totals(books):
    ledger = ledgers.account_ledger(books, ledgers.BANK, "102", 2031)
    assert _rows(ledger) == [
        ("opening", dt.date(2031, 1, 1), "上年结转", 0, 0, "借", D("500.00")),
        ("line", dt.date(2031, 3, 10), "收到会费", D("1000.00"), 0, "借", D("1500.00")),
        ("line", dt.date(2031, 3, 10), "职工篮球赛", 0, D("300.00"), "借", D("1200.00")),
        ("day", dt.date(2031, 3, 10), "本日合计", D("1000.00"), D("300.00"), "借", D("1200.00")),
        ("line", dt.date(2031, 3, 15), "提取现金", 0, D("200.00"), "借", D("1000.00")),
        ("month", dt.date(2031, 3, 31), "本月合计", D("1000.00"), D("500.00"), "借", D("1000.00")),
        ("year", dt.date(2031, 3, 31), "本年累计", D("1000.00"), D("500.00"), "借", D("1000.00")),
        ("line", dt.date(2031, 4, 2), "四月会费", D("100.00"), 0, "借", D("1100.00")),
        ("month", dt.date(2031, 4, 30), "本月合计", D("100.00"), 0, "借", D("1100.00")),
        ("year", dt.date(2031, 4, 30), "本年累计", D("1100.00"), D("500.00"), "借", D("1100.00")),
    ]
    line = ledger.entries[1]
    assert line.number == "记-0001" and line.voucher_id is not None and not line.pending


def test_a_month_starts_from_its_opening_balance_and_keeps_the_year_total(books):
    ledger = ledgers.account_ledger(books, ledgers.BANK, "102", 2031, 4)
    assert _rows(ledger)[0] == (
        "opening",
        dt.date(2031, 4, 1),
        "期初余额",
        0,
        0,
        "借",
        D("1000.00"),
    )
    assert [e.kind for e in ledger.entries] == ["opening", "line", "month", "year"]
    assert (ledger.entries[-1].debit, ledger.entries[-1].credit) == (D("1100.00"), D("500.00"))


def test_pending_vouchers_only_when_asked_and_marked(books):
    posted = ledgers.account_ledger(books, ledgers.BANK, "102", 2031, 4)
    assert all(e.summary != "待审会费" for e in posted.entries)
    with_pending = ledgers.account_ledger(books, ledgers.BANK, "102", 2031, 4, pending=True)
    row = next(e for e in with_pending.entries if e.summary == "待审会费")
    assert row.pending and row.shown_summary == "［未记账］待审会费"
    assert with_pending.closing == D("1150.00")
    assert "含未记账凭证" in with_pending.heading()


def test_the_cash_journal_and_a_credit_account_show_their_side(books):
    cash = ledgers.account_ledger(books, ledgers.CASH, "101", 2031)
    assert cash.closing == D("200.00") and cash.entries[0].amount == 0
    assert cash.entries[0].direction == "平"
    dues = ledgers.account_ledger(books, ledgers.DETAIL, "401", 2031)
    assert dues.entries[0].direction == "贷" and dues.entries[0].amount == D("500.00")
    assert dues.entries[-1].direction == "贷" and dues.entries[-1].amount == D("1600.00")
    # A detail ledger has no 本日合计.
    assert "day" not in [e.kind for e in dues.entries]


def test_a_bank_sub_account_has_its_own_journal(union):
    fs.subaccount_create(actor=None, org=union, parent_code="102", code="10201", name="工行")
    fs.subaccount_create(actor=None, org=union, parent_code="102", code="10202", name="农行")
    make_voucher(union, [L("10201", debit="80"), L("401", credit="80", restricted=False)])
    make_voucher(union, [L("10202", debit="20"), L("401", credit="20", restricted=False)])
    assert [a.code for a in ledgers.bank_accounts(union)] == ["10201", "10202"]
    assert ledgers.account_ledger(union, ledgers.BANK, "10201", 2031).closing == D("80.00")
    assert ledgers.account_ledger(union, ledgers.BANK, "102", 2031).closing == D("100.00")


def test_the_general_ledger_sums_each_month(books):
    ledger = ledgers.general_ledger(books, "102", 2031)
    assert _rows(ledger) == [
        ("opening", dt.date(2031, 1, 1), "上年结转", 0, 0, "借", D("500.00")),
        ("month", dt.date(2031, 3, 31), "本月合计", D("1000.00"), D("500.00"), "借", D("1000.00")),
        ("year", dt.date(2031, 3, 31), "本年累计", D("1000.00"), D("500.00"), "借", D("1000.00")),
        ("month", dt.date(2031, 4, 30), "本月合计", D("100.00"), 0, "借", D("1100.00")),
        ("year", dt.date(2031, 4, 30), "本年累计", D("1100.00"), D("500.00"), "借", D("1100.00")),
    ]
    income = ledgers.general_ledger(books, "401", 2031, pending=True)
    assert income.entries[-1].direction == "贷" and income.entries[-1].amount == D("1650.00")
    assert income.entries[-1].pending


def test_project_and_fund_ledgers(union):
    project = fs.project_create(actor=None, org=union, code="SW1", name="职工书屋")
    fund = make_fund(union)
    make_voucher(
        union,
        [
            L("50304", debit="120", restricted=True, project=project),
            L("102", credit="120", fund=fund),
        ],
        summary="购书",
    )
    make_voucher(
        union,
        [L("102", debit="1000", fund=fund), L("401", credit="1000", restricted=False)],
        date=dt.date(2031, 3, 12),
    )
    by_project = ledgers.project_ledger(union, project, 2031)
    line = by_project.entries[1]
    assert line.account.startswith("50304") and line.debit == D("120.00")
    assert by_project.closing == D("120.00")
    by_fund = ledgers.fund_ledger(union, fund, 2031)
    assert by_fund.closing == D("880.00")
    assert "科目" in by_fund.columns()


def test_each_ledger_reads_the_lines_in_one_query(books):
    for build in (
        lambda: ledgers.account_ledger(books, ledgers.BANK, "102", 2031),
        lambda: ledgers.general_ledger(books, "102", 2031),
    ):
        with CaptureQueriesContext(connection) as ctx:
            build()
        reads = [x for x in ctx.captured_queries if "finance_voucherline" in x["sql"]]
        assert len(reads) == 1, [x["sql"] for x in reads]


def test_the_workbook_keeps_numbers_and_typed_text_stays_text(union):
    make_voucher(
        union, [L("102", debit="10"), L("401", credit="10", restricted=False)], summary="=1+1"
    )
    ledger = ledgers.account_ledger(union, ledgers.BANK, "102", 2031)
    wb = load_workbook(io.BytesIO(ledgers.ledger_xlsx(ledger)))
    ws = wb.active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "银行存款日记账"
    assert rows[2] == ["月", "日", "凭证号", "摘要", "借方", "贷方", "借或贷", "余额"]
    line = next(r for r in rows if r[3] == "=1+1")
    assert line[4] == 10 and line[7] == 10
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "=1+1")
    assert cell.data_type == "s"


def test_the_export_is_logged_and_the_pdf_is_a_pdf(books, accountant):
    from gonghui.audit.models import AuditEntry

    ledger = ledgers.general_ledger(books, "102", 2031)
    name, content, media_type = services_reports.ledger_export(
        actor=accountant, ledger=ledger, fmt="pdf"
    )
    assert content.startswith(b"%PDF") and media_type == "application/pdf"
    assert name == f"{books.name}-总分类账-102 银行存款-2031年度.pdf"
    entry = AuditEntry.objects.filter(action="finance.ledger.exported").latest("pk")
    assert entry.actor == accountant and entry.changes["ledger"] == "总分类账"
