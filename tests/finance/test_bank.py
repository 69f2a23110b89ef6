"""Bank reconciliation (gonghui.finance.bank): statements read from real .xlsx and .csv
files (UTF-8 and GBK, title rows, header synonyms, any column order), all or nothing,
idempotent imports, automatic and manual matching, the four unmatched kinds and the
余额调节表, and a month marked done."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from openpyxl import Workbook

from gonghui.audit.models import AuditEntry
from gonghui.finance import bank, services_bank
from gonghui.finance import services as fs
from gonghui.finance.models import BankReconciliation, BankStatement, BankStatementLine

from .conftest import D, L, make_voucher

pytestmark = pytest.mark.usefixtures("platform")


def xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows, encoding="utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


# A statement as 工商银行 exports it: a title, the account, then the header in its order.
ICBC = [
    ["中国工商银行账户明细"],
    ["账号：6222000011112222", None, None, None, None, None],
    ["摘要", "交易日期", "贷方发生额", "借方发生额", "余额", "对方户名"],
    ["会费", "2031-03-11", 1000, None, 1000, "某某公司"],
    ["篮球赛场地", "2031-03-12", None, 300, 700, "体育馆"],
    ["利息", "2031-03-20", 5, None, 705, ""],
    ["手续费", "2031-03-25", None, 20, 685, ""],
    [None, "合计", 1005, 320, None, None],
]


@pytest.fixture
def books(union):
    make_voucher(union, [L("102", debit="1000"), L("401", credit="1000", restricted=False)])
    make_voucher(
        union,
        [L("50102", debit="300", restricted=False), L("102", credit="300")],
        date=dt.date(2031, 3, 12),
        summary="篮球赛场地",
    )
    make_voucher(
        union,
        [L("101", debit="200"), L("102", credit="200")],
        date=dt.date(2031, 3, 28),
        summary="提取现金",
    )
    make_voucher(
        union,
        [L("102", debit="150"), L("408", credit="150", restricted=False)],
        date=dt.date(2031, 3, 30),
        summary="其他收入",
    )
    return union


def _import(org, actor, data, name="icbc.xlsx", account="102"):
    return services_bank.bank_statement_import(
        actor=actor, org=org, account_code=account, data=data, filename=name
    )


def test_an_xlsx_with_title_rows_is_imported_matched_and_reconciled(books, accountant):
    statement = _import(books, accountant, xlsx(ICBC))
    assert statement.lines_count == 4
    lines = list(BankStatementLine.objects.filter(org=books).order_by("date"))
    assert [(ln.row, ln.receipt, ln.payment, ln.balance) for ln in lines] == [
        (4, D("1000.00"), 0, D("1000.00")),
        (5, 0, D("300.00"), D("700.00")),
        (6, D("5.00"), 0, D("705.00")),
        (7, 0, D("20.00"), D("685.00")),
    ]
    assert lines[0].counterparty == "某某公司"
    # 1000 (bank 03-11, books 03-10) and 300 (same day) matched at import.
    assert lines[0].voucher_line.date == dt.date(2031, 3, 10) and lines[0].matched_auto
    assert lines[1].voucher_line.credit == D("300.00")
    assert lines[2].voucher_line is None and lines[3].voucher_line is None

    r = bank.reconciliation(books, "102", 2031, 3)
    assert r.book_balance == D("650.00") and r.bank_balance == D("685.00")
    assert [b.summary for b in r.bank_received] == ["利息"]
    assert [b.summary for b in r.bank_paid] == ["手续费"]
    assert [x.debit for x in r.book_received] == [D("150.00")]
    assert [x.credit for x in r.book_paid] == [D("200.00")]
    assert r.adjusted_book == r.adjusted_bank == D("635.00") and r.balanced
    entry = AuditEntry.objects.filter(action="finance.bankstatement.created").latest("pk")
    assert entry.actor == accountant


def test_importing_the_same_file_twice_changes_nothing(books, accountant):
    data = xlsx(ICBC)
    assert _import(books, accountant, data) is not None
    before = AuditEntry.objects.count()
    assert _import(books, accountant, data, name="again.xlsx") is None
    assert BankStatement.objects.filter(org=books).count() == 1
    assert BankStatementLine.objects.filter(org=books).count() == 4
    assert AuditEntry.objects.count() == before
    preview = bank.statement_preview(org=books, account_code="102", data=data, filename="a.xlsx")
    assert all(ln.known for ln in preview.lines) and not preview.new


def test_an_overlapping_statement_adds_only_what_is_new(books, accountant):
    _import(books, accountant, xlsx(ICBC[:5]))
    statement = _import(books, accountant, xlsx(ICBC))
    assert statement.lines_count == 2
    assert BankStatementLine.objects.filter(org=books).count() == 4


def test_two_identical_transactions_in_one_file_are_both_kept(books, accountant):
    rows = [
        ["日期", "用途", "存入", "支取", "余额"],
        ["2031-03-11", "会费", "10", "", ""],
        ["2031-03-11", "会费", "10", "", ""],
    ]
    assert _import(books, accountant, csv_bytes(rows), name="a.csv").lines_count == 2
    assert _import(books, accountant, csv_bytes(rows), name="a.csv") is None


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_a_csv_in_utf8_or_gbk_with_other_names_and_order(books, accountant, encoding):
    rows = [
        ["农业银行活期明细"],
        ["对方户名", "余额", "支取", "存入", "用途", "日期"],
        ["某某公司", "1,000.00", "", "1,000.00", "会费", "2031/3/11"],
        ["体育馆", "700.00", "300.00", "", "场地费", "20310312"],
    ]
    statement = _import(books, accountant, csv_bytes(rows, encoding), name="abc.csv")
    assert statement.lines_count == 2
    lines = list(BankStatementLine.objects.filter(org=books).order_by("date"))
    assert lines[0].summary == "会费" and lines[0].counterparty == "某某公司"
    assert lines[1].date == dt.date(2031, 3, 12) and lines[1].payment == D("300.00")
    assert lines[1].row == 4


def test_a_bad_file_is_refused_whole_naming_the_rows(books, accountant):
    rows = [
        ["交易日期", "摘要", "收入", "支出", "余额"],
        ["2031-03-11", "会费", 1000, None, 1000],
        ["2031-13-40", "错日期", 5, None, 1005],
        ["2031-03-12", "两边", 5, 5, 1005],
        ["2031-03-13", "文字", "五元", None, 1005],
        ["2031-03-14", "空", None, None, 1005],
    ]
    with pytest.raises(bank.BankError) as exc:
        _import(books, accountant, xlsx(rows))
    message = exc.value.message
    for row in ("第3行", "第4行", "第5行", "第6行"):
        assert row in message, message
    assert "第2行" not in message
    assert not BankStatementLine.objects.filter(org=books).exists()
    assert not BankStatement.objects.filter(org=books).exists()


def test_a_file_without_the_amount_columns_is_refused(books, accountant):
    with pytest.raises(bank.BankError) as exc:
        _import(books, accountant, xlsx([["交易日期", "摘要"], ["2031-03-11", "x"]]))
    assert "收入" in exc.value.message or "支出" in exc.value.message
    with pytest.raises(bank.BankError):
        _import(books, accountant, b"", name="empty.csv")


def test_only_a_bank_account_of_the_chart_takes_a_statement(books, accountant):
    with pytest.raises(bank.BankError) as exc:
        _import(books, accountant, xlsx(ICBC), account="101")
    assert exc.value.field == "account"
    fs.subaccount_create(actor=None, org=books, parent_code="102", code="10201", name="工行")
    with pytest.raises(bank.BankError):  # 102 has sub-accounts now: a statement is of one
        _import(books, accountant, xlsx(ICBC), account="102")
    assert _import(books, accountant, xlsx(ICBC), account="10201").lines_count == 4


def test_matching_by_hand_and_undoing_it(books, accountant):
    _import(books, accountant, xlsx(ICBC))
    interest = BankStatementLine.objects.get(org=books, summary="利息")
    other_income = bank.unmatched_book_lines(books, "102", 2031, 3).get(debit=D("150.00"))
    cash = bank.unmatched_book_lines(books, "102", 2031, 3).get(credit=D("200.00"))
    with pytest.raises(bank.BankError):  # 5.00 in is not 150.00 in
        services_bank.bank_match(
            actor=accountant, org=books, bank_line=interest, voucher_line=other_income
        )
    with pytest.raises(bank.BankError):  # money in is not a credit
        services_bank.bank_match(actor=accountant, org=books, bank_line=interest, voucher_line=cash)
    fee = BankStatementLine.objects.get(org=books, summary="手续费")
    matched = BankStatementLine.objects.get(org=books, summary="会费")
    with pytest.raises(bank.BankError):  # matched already
        services_bank.bank_unmatch(actor=accountant, org=books, bank_line=fee)
    services_bank.bank_unmatch(actor=accountant, org=books, bank_line=matched)
    matched.refresh_from_db()
    assert matched.voucher_line is None
    r = bank.reconciliation(books, "102", 2031, 3)
    assert r.balanced and len(r.bank_received) == 2 and len(r.book_received) == 2
    book = r.book_received[0]
    services_bank.bank_match(actor=accountant, org=books, bank_line=matched, voucher_line=book)
    matched.refresh_from_db()
    assert matched.voucher_line_id == book.pk and not matched.matched_auto
    # One-to-one: that book line takes no second bank line.
    _import(
        books,
        accountant,
        csv_bytes([["日期", "存入", "支取"], ["2031-03-11", "1000", ""]]),
        name="b.csv",
    )
    second = BankStatementLine.objects.filter(org=books, receipt=D("1000")).exclude(pk=matched.pk)
    with pytest.raises(bank.BankError):
        services_bank.bank_match(
            actor=accountant, org=books, bank_line=second.get(), voucher_line=book
        )
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"finance.bank.matched", "finance.bank.unmatched"} <= actions


def test_the_difference_is_said_and_a_month_is_done_only_when_balanced(books, accountant):
    rows = [r[:] for r in ICBC]
    rows[6] = ["手续费", "2031-03-25", None, 20, 600, ""]  # a wrong balance
    _import(books, accountant, xlsx(rows))
    r = bank.reconciliation(books, "102", 2031, 3)
    assert not r.balanced and r.difference == D("85.00")
    with pytest.raises(bank.BankError) as exc:
        services_bank.bank_reconciliation_done(
            actor=accountant, org=books, account_code="102", year=2031, month=3
        )
    assert "85.00" in exc.value.message


def test_a_done_month_keeps_its_figures_and_refuses_changes_until_undone(books, accountant):
    _import(books, accountant, xlsx(ICBC))
    record = services_bank.bank_reconciliation_done(
        actor=accountant, org=books, account_code="102", year=2031, month=3
    )
    assert record.done and record.done_by == accountant
    assert (record.book_balance, record.bank_balance, record.adjusted_balance) == (
        D("650.00"),
        D("685.00"),
        D("635.00"),
    )
    matched = BankStatementLine.objects.get(org=books, summary="会费")
    with pytest.raises(bank.BankError):
        services_bank.bank_unmatch(actor=accountant, org=books, bank_line=matched)
    with pytest.raises(bank.BankError):
        services_bank.bank_reconciliation_done(
            actor=accountant, org=books, account_code="102", year=2031, month=3
        )
    services_bank.bank_reconciliation_done(
        actor=accountant, org=books, account_code="102", year=2031, month=3, done=False
    )
    assert not BankReconciliation.objects.get(org=books, year=2031, month=3).done
    services_bank.bank_unmatch(actor=accountant, org=books, bank_line=matched)


def test_without_a_statement_there_is_no_bank_balance(books, accountant):
    r = bank.reconciliation(books, "102", 2031, 3)
    assert r.bank_balance is None and r.adjusted_bank is None and not r.balanced
    with pytest.raises(bank.BankError):
        services_bank.bank_reconciliation_done(
            actor=accountant, org=books, account_code="102", year=2031, month=3
        )


def test_auto_match_takes_the_nearest_date_within_the_window(union, accountant):
    make_voucher(union, [L("102", debit="50"), L("401", credit="50", restricted=False)])
    make_voucher(
        union,
        [L("102", debit="50"), L("401", credit="50", restricted=False)],
        date=dt.date(2031, 3, 13),
    )
    rows = [
        ["交易日期", "收入", "支出"],
        ["2031-03-13", "50", ""],
        ["2031-03-20", "50", ""],  # 7 days after the last: no match
    ]
    _import(union, accountant, xlsx(rows))
    first, late = BankStatementLine.objects.filter(org=union).order_by("date")
    assert first.voucher_line.date == dt.date(2031, 3, 13)
    assert late.voucher_line is None
    assert services_bank.bank_auto_match(actor=accountant, org=union, account_code="102") == 0


def test_the_pdf_is_a_pdf(books, accountant):
    _import(books, accountant, xlsx(ICBC))
    name, content = bank.reconciliation_pdf(bank.reconciliation(books, "102", 2031, 3))
    assert content.startswith(b"%PDF") and "余额调节表" in name


# -- PostgreSQL: cashier and accountant at the same moment ------------------------------
postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and concurrent sessions need PostgreSQL"
)


@pytest.mark.postgres
@postgres
def test_the_same_statement_sent_twice_at_once_is_imported_once(transactional_db):
    from gonghui.core.scoping import unscoped
    from tests.concurrency import at_once
    from tests.factories import UnionFactory

    from .conftest import holder

    union = UnionFactory()
    with unscoped():
        cashier = holder("cashier", union)
    data = xlsx(ICBC)
    results = at_once(
        lambda i: services_bank.bank_statement_import(
            actor=cashier, org=union, account_code="102", data=data, filename=f"{i}.xlsx"
        ),
        4,
        unscope=True,
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len([r for r in results if r is not None]) == 1
    with unscoped():
        assert BankStatementLine.objects.filter(org=union).count() == 4
        assert BankStatement.objects.filter(org=union).count() == 1


@pytest.mark.postgres
@postgres
def test_two_bank_lines_racing_for_one_book_line_get_it_once(transactional_db):
    from gonghui.core.scoping import unscoped
    from tests.concurrency import at_once
    from tests.factories import UnionFactory

    from .conftest import holder

    union = UnionFactory()
    with unscoped():
        cashier = holder("cashier", union)
        make_voucher(union, [L("102", debit="70"), L("401", credit="70", restricted=False)])
        rows = [["交易日期", "摘要", "收入", "支出"]] + [
            ["2031-03-25", f"第{i}笔", "70", ""] for i in range(4)
        ]  # 15 days later: nothing matches automatically
        services_bank.bank_statement_import(
            actor=cashier, org=union, account_code="102", data=xlsx(rows), filename="a.xlsx"
        )
        lines = list(BankStatementLine.objects.filter(org=union))
        book = bank.unmatched_book_lines(union, "102", 2031, 3).get()
    results = at_once(
        lambda i: services_bank.bank_match(
            actor=cashier, org=union, bank_line=lines[i], voucher_line=book
        ),
        4,
        unscope=True,
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 3 and all(isinstance(e, bank.BankError) for e in errors), results
    with unscoped():
        assert BankStatementLine.objects.filter(org=union, voucher_line=book).count() == 1
