"""The bank reconciliation pages: upload → preview → import, matching by hand, the month
marked done, the PDF, and the API. The cashier works here; a group leader gets 403,
another union 404, a wrong method 405."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.finance import services_bank
from gonghui.finance.models import BankReconciliation, BankStatementLine
from tests.factories import UnionFactory

from .conftest import D, L, holder, make_voucher
from .test_bank import ICBC, csv_bytes, xlsx

pytestmark = pytest.mark.usefixtures("platform")

MARCH = {"account": "102", "year": "2031", "month": "3"}


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


@pytest.fixture
def cashier(books):
    return holder("cashier", books)


def _url(org, what=""):
    return f"/o/{org.code}/finance/bank/{what}"


def _upload(client, org, data, name="icbc.xlsx", account="102"):
    return client.post(
        _url(org, "import/"), {"account": account, "file": SimpleUploadedFile(name, data)}
    )


def _import(client, org, data, name="icbc.xlsx"):
    r = _upload(client, org, data, name)
    assert r.status_code == 200 and r.context["token"], r.content.decode()[:500]
    return client.post(_url(org, "import/"), {"token": r.context["token"]})


def test_the_cashier_previews_imports_and_sees_the_adjustment(login, books, cashier):
    c = login(cashier)
    r = _upload(c, books, xlsx(ICBC))
    body = r.content.decode()
    assert r.status_code == 200 and 'id="bank-confirm"' in body
    assert "利息" in body and "第8行" in body  # the bank's total line, left out
    assert not BankStatementLine.objects.filter(org=books).exists()  # a preview writes nothing
    r = c.post(_url(books, "import/"), {"token": r.context["token"]})
    assert r.status_code == 302 and "month=3" in r["Location"]
    assert BankStatementLine.objects.filter(org=books).count() == 4
    r = c.get(_url(books), MARCH)
    assert r.status_code == 200
    body = r.content.decode()
    assert 'id="balanced"' in body and 'id="differ"' not in body
    assert r.context["r"].adjusted_book == D("635.00")
    for section in ("bank-received", "bank-paid", "book-received", "book-paid"):
        assert f'id="{section}"' in body
    assert "银行存款余额调节表" in body and "银行已收、单位未收" in body


def test_the_same_file_again_changes_nothing(login, books, cashier):
    c = login(cashier)
    _import(c, books, xlsx(ICBC))
    r = _upload(c, books, xlsx(ICBC))
    assert r.context["token"] == "" and 'id="bank-nothing-new"' in r.content.decode()
    assert BankStatementLine.objects.filter(org=books).count() == 4


def test_a_bad_gbk_csv_is_refused_with_its_rows_named(login, books, cashier):
    rows = [
        ["日期", "摘要", "收入", "支出"],
        ["2031-03-11", "会费", "1000", ""],
        ["昨天", "x", "1", ""],
    ]
    r = _upload(login(cashier), books, csv_bytes(rows, "gbk"), name="abc.csv")
    body = r.content.decode()
    assert 'id="bank-errors"' in body and "第3行" in body and "“昨天”不是日期" in body
    assert r.context["token"] == "" and 'id="bank-confirm"' not in body


def test_an_expired_preview_imports_nothing(login, books, cashier):
    r = login(cashier).post(_url(books, "import/"), {"token": "made-up"}, follow=True)
    assert "预览已失效" in r.content.decode()
    assert not BankStatementLine.objects.filter(org=books).exists()


def test_matching_by_hand_and_marking_the_month(login, books, cashier):
    c = login(cashier)
    _import(c, books, xlsx(ICBC))
    matched = BankStatementLine.objects.get(org=books, summary="会费")
    r = c.post(_url(books, "unmatch/"), {**MARCH, "bank_line": matched.pk})
    assert r.status_code == 302
    matched.refresh_from_db()
    assert matched.voucher_line is None
    book = c.get(_url(books), MARCH).context["book_lines"]
    line = next(x for x in book if x.debit == D("1000.00"))
    r = c.post(_url(books, "match/"), {**MARCH, "bank_line": matched.pk, "voucher_line": line.pk})
    matched.refresh_from_db()
    assert matched.voucher_line_id == line.pk
    # A wrong pair is refused with the reason on the page.
    fee = BankStatementLine.objects.get(org=books, summary="手续费")
    r = c.post(
        _url(books, "match/"), {**MARCH, "bank_line": fee.pk, "voucher_line": line.pk}, follow=True
    )
    assert "已勾对" in r.content.decode()
    r = c.post(_url(books, "done/"), {**MARCH, "done": "1"})
    assert BankReconciliation.objects.get(org=books, year=2031, month=3).done
    body = c.get(_url(books), MARCH).content.decode()
    assert 'id="done"' in body and 'id="undo-done"' in body
    c.post(_url(books, "done/"), {**MARCH, "done": "0"})
    assert not BankReconciliation.objects.get(org=books, year=2031, month=3).done
    r = c.post(_url(books, "auto-match/"), MARCH)
    assert r.status_code == 302


def test_the_pdf_of_the_adjustment(login, books, cashier):
    r = login(cashier).get(_url(books, "pdf/"), MARCH)
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_a_reader_sees_the_month_without_the_buttons(login, books):
    r = login(holder("auditor", books)).get(_url(books), MARCH)
    body = r.content.decode()
    assert r.status_code == 200 and 'id="bank-import"' not in body and 'id="auto-match"' not in body
    assert login(holder("auditor", books)).get(_url(books, "import/")).status_code == 403


def test_a_group_leader_gets_403(login, staff, books):
    c = login(staff("group_leader", books))
    assert c.get(_url(books), MARCH).status_code == 403
    assert c.get(_url(books, "pdf/"), MARCH).status_code == 403
    assert c.get(_url(books, "import/")).status_code == 403
    for what in ("match/", "unmatch/", "auto-match/", "done/"):
        assert c.post(_url(books, what), MARCH).status_code == 403, what


def test_another_unions_code_or_line_is_a_404(login, books, cashier):
    other = UnionFactory()
    c = login(cashier)
    assert c.get(_url(other), MARCH).status_code == 404
    assert c.get(_url(other, "import/")).status_code == 404
    assert c.post(_url(other, "auto-match/"), MARCH).status_code == 404
    # Another union's bank line through this union's page.
    other_cashier = holder("cashier", other)
    make_voucher(other, [L("102", debit="5"), L("401", credit="5", restricted=False)])
    oc = login(other_cashier)
    _import(oc, other, csv_bytes([["日期", "存入", "支取"], ["2031-03-10", "5", ""]]), name="o.csv")
    foreign = BankStatementLine.objects.get(org=other)
    c = login(cashier)
    assert c.post(_url(books, "unmatch/"), {**MARCH, "bank_line": foreign.pk}).status_code == 404
    assert c.get(_url(books), {**MARCH, "account": "999"}).status_code == 404


def test_wrong_methods_are_405(login, books, cashier):
    c = login(cashier)
    assert c.post(_url(books), MARCH).status_code == 405
    assert c.post(_url(books, "pdf/"), MARCH).status_code == 405
    for what in ("match/", "unmatch/", "auto-match/", "done/"):
        assert c.get(_url(books, what)).status_code == 405, what


def test_the_api_answers_the_adjustment(token_login, staff, books, cashier):
    c = token_login(holder("finance", books))
    url = f"/api/v1/orgs/{books.code}/finance/bank/2031/3/reconciliation/"
    r = c.get(url)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["book_balance"] == "650.00" and body["bank_balance"] is None
    assert body["balanced"] is False
    services_bank.bank_statement_import(
        actor=cashier, org=books, account_code="102", data=xlsx(ICBC), filename="a.xlsx"
    )
    body = token_login(cashier).get(url).json()
    assert body["bank_balance"] == "685.00" and body["balanced"] is True
    assert [x["amount"] for x in body["booked_paid_not_in_bank"]] == ["200.00"]
    assert [x["summary"] for x in body["bank_received_not_booked"]] == ["利息"]
    assert body["adjusted_book_balance"] == body["adjusted_bank_balance"] == "635.00"
    assert token_login(staff("group_leader", books)).get(url).status_code == 403
    other = f"/api/v1/orgs/{UnionFactory().code}/finance/bank/2031/3/reconciliation/"
    assert c.get(other).status_code == 404
    assert c.post(url).status_code == 405
    assert c.get(url, {"account": "101"}).status_code == 404
