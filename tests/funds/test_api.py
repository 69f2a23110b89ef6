"""API of the funds, views of the books: same rules as the pages, JSON in and out."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from gonghui.core.scoping import unscoped
from gonghui.finance.models import VoucherLine
from gonghui.funds.models import Fund, FundEntry
from tests.api.conftest import last_entry_id, new_entries

from .conftest import DAY, D, holder, ledger_lines, make_fund

YEAR = DAY.year


def _base(org):
    return f"/api/v1/orgs/{org.code}/funds/"


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def _entries(fund):
    """The fund's ledger lines in the books, in ledger order."""
    return ledger_lines(fund)


def test_it_lists_the_funds_with_balances(token_login, auditor, union, fund):
    make_fund(union, name="帮困基金")
    make_fund(union, kind="union", name="工会经费")
    r = token_login(auditor).get(_base(union))
    assert r.status_code == 200
    row = next(f for f in r.json() if f["id"] == fund.pk)
    assert (
        row["balance"] == "1000.00"
        and row["kind"] == "hardship"
        and row["kind_display"] == "帮困基金"
        and row["org_code"] == union.code
    )
    assert {f["name"] for f in r.json()} == {fund.name, "帮困基金", "工会经费"}


def test_finance_opens_a_fund(token_login, finance, union):
    since = last_entry_id()
    c = token_login(finance)
    r = _post(c, _base(union), {"kind": "donation", "name": "爱心基金"})
    assert r.status_code == 201, r.content
    with unscoped():
        fund = Fund.objects.get(pk=r.json()["id"])
    assert fund.org == union and fund.name == "爱心基金"
    [log] = new_entries("funds.fund.created", since)
    assert log.actor == finance and log.source == "api"
    r = _post(c, _base(union), {"kind": "donation", "name": "爱心基金"})
    assert r.status_code == 400 and "detail" in r.json()


def test_income_payout_ledger_and_reverse(token_login, finance, fund):
    BASE = _base(fund.org)
    c = token_login(finance)
    since = last_entry_id()
    r = _post(
        c,
        f"{BASE}{fund.pk}/income/",
        {"amount": "1,000.5", "date": "2031-03-02", "summary": "会费", "account": "401"},
    )
    assert r.status_code == 201, r.content
    income = r.json()
    assert income["income"] == "1000.50" and income["voucher_no"] == "记-0002"
    assert (income["state"], income["posted"], income["accounts"]) == ("submitted", False, ["401"])
    assert income["state_display"] == "待审核"  # the word a person reads, beside the code
    assert income["fund"] == fund.pk and income["created_by"] == finance.username
    r = _post(
        c,
        f"{BASE}{fund.pk}/payout/",
        {
            "amount": 200.25,
            "date": "2031-03-03",
            "summary": "慰问",
            "payee": "张三",
            "source": "welfare.visit",
            "source_id": "5",
        },
    )
    assert r.status_code == 201, r.content
    payout_id = r.json()["id"]
    assert r.json()["expense"] == "200.25" and r.json()["source"] == "welfare.visit"
    assert r.json()["source_id"] == "5" and r.json()["payee"] == "张三"
    assert r.json()["can_reverse"] is True
    with unscoped():
        line = VoucherLine.objects.get(pk=payout_id)
    assert (line.fund_id, line.account_code, line.credit) == (fund.pk, "102", D("200.25"))
    r = _post(c, f"{BASE}entries/{payout_id}/reverse/", {"reason": "发错人", "date": "2031-03-04"})
    assert r.status_code == 201, r.content
    rev = r.json()
    assert rev["reverses"] == "记-0003" and rev["voucher_no"] == "记-0004"
    assert (rev["income"], rev["expense"]) == ("0.00", "-200.25")  # 红字
    assert len(new_entries("finance.voucher.created", since)) == 3
    ledger = c.get(f"{BASE}{fund.pk}/ledger/{YEAR}/").json()
    assert ledger["opening"] == "0.00" and ledger["closing"] == "2000.50"
    assert [row["balance"] for row in ledger["rows"]] == [
        "1000.00",
        "2000.50",
        "1800.25",
        "2000.50",
    ]
    assert [row["voucher_no"] for row in ledger["rows"]] == [
        "记-0001",
        "记-0002",
        "记-0003",
        "记-0004",
    ]
    assert ledger["rows"][2]["reversed_by"] == "记-0004"
    assert (ledger["income"], ledger["expense"]) == ("2000.50", "0.00")
    assert c.get(f"{BASE}entries/{payout_id}/").json()["reversed_by"] == "记-0004"
    r = _post(c, f"{BASE}entries/{payout_id}/reverse/", {"reason": "again"})
    assert r.status_code == 400 and "detail" in r.json()
    assert len(_entries(fund)) == 4
    with unscoped():
        assert not FundEntry.objects.filter(fund=fund).exists()


def test_an_account_that_does_not_take_the_money_is_refused(token_login, finance, fund):
    r = _post(
        token_login(finance),
        f"{_base(fund.org)}{fund.pk}/payout/",
        {"amount": "1", "date": "2031-03-03", "summary": "x", "account": "401"},
    )
    assert r.status_code == 400 and r.json()["field"] == "account"
    assert len(_entries(fund)) == 1


def test_a_payout_above_the_balance_is_refused_with_the_balance(token_login, finance, fund):
    r = _post(
        token_login(finance),
        f"{_base(fund.org)}{fund.pk}/payout/",
        {"amount": "1000.01", "date": "2031-03-03", "summary": "x"},
    )
    assert r.status_code == 400 and "1,000.00" in r.json()["detail"]
    assert len(_entries(fund)) == 1


@pytest.mark.parametrize("amount", ["-1", "0", "1.234", "abc", None])
def test_bad_amounts_are_field_errors(token_login, finance, fund, amount):
    r = _post(
        token_login(finance),
        f"{_base(fund.org)}{fund.pk}/income/",
        {"amount": amount, "date": "2031-03-03", "summary": "x"},
    )
    assert r.status_code == 400 and "amount" in r.json()
    assert len(_entries(fund)) == 1


def test_closing_a_fund(token_login, chair, fund):
    BASE = _base(fund.org)
    c = token_login(chair)
    assert _post(c, f"{BASE}{fund.pk}/active/", {"active": False}).status_code == 400
    _post(
        c, f"{BASE}{fund.pk}/payout/", {"amount": "1000", "date": "2031-03-03", "summary": "清零"}
    )
    r = _post(c, f"{BASE}{fund.pk}/active/", {"active": False})
    assert r.status_code == 200 and r.json()["is_active"] is False


def test_the_exports(token_login, auditor, fund):
    BASE = _base(fund.org)
    c = token_login(auditor)
    r = c.get(f"{BASE}{fund.pk}/ledger/{YEAR}/xlsx/")
    assert r.status_code == 200
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert any(row[0] == "记-0001" and row[5] == 1000 for row in rows)
    r = c.get(f"{BASE}{fund.pk}/ledger/{YEAR}/pdf/")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_the_auditor_cannot_write(token_login, auditor, fund):
    BASE = _base(fund.org)
    c = token_login(auditor)
    entry = _entries(fund)[0]
    for url, data in [
        (BASE, {"kind": "union", "name": "x"}),
        (f"{BASE}{fund.pk}/payout/", {"amount": "1", "date": "2031-03-03", "summary": "x"}),
        (f"{BASE}{fund.pk}/income/", {"amount": "1", "date": "2031-03-03", "summary": "x"}),
        (f"{BASE}{fund.pk}/active/", {"active": False}),
        (f"{BASE}entries/{entry.pk}/reverse/", {"reason": "x"}),
    ]:
        assert _post(c, url, data).status_code == 403, url
    assert len(_entries(fund)) == 1


def test_another_union_gets_404(token_login, other_union, fund):
    c = token_login(holder("chair", other_union))
    own = f"/api/v1/orgs/{other_union.code}/funds"
    entry = _entries(fund)[0]
    assert c.get(_base(fund.org)).status_code == 404
    assert c.get(f"{own}/").status_code == 200  # the chair's own list works
    assert c.get(f"{own}/{fund.pk}/").status_code == 404
    assert c.get(f"{own}/{fund.pk}/ledger/{YEAR}/").status_code == 404
    assert c.get(f"{own}/{fund.pk}/ledger/{YEAR}/xlsx/").status_code == 404
    assert (
        _post(
            c,
            f"{own}/{fund.pk}/payout/",
            {"amount": "1", "date": "2031-03-03", "summary": "x"},
        ).status_code
        == 404
    )
    assert _post(c, f"{own}/entries/{entry.pk}/reverse/", {"reason": "x"}).status_code == 404
    assert len(_entries(fund)) == 1


def test_wrong_methods_get_405(token_login, finance, fund):
    BASE = _base(fund.org)
    c = token_login(finance)
    assert c.delete(f"{BASE}{fund.pk}/").status_code == 405
    assert c.get(f"{BASE}{fund.pk}/payout/").status_code == 405
    assert c.put(f"{BASE}{fund.pk}/ledger/{YEAR}/").status_code == 405
    entry = _entries(fund)[0]
    assert c.delete(f"{BASE}entries/{entry.pk}/").status_code == 405
    assert c.patch(f"{BASE}entries/{entry.pk}/").status_code == 405
