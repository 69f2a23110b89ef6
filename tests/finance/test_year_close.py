"""Year-end closing (年末结转) and the statements around it."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gonghui.finance import services
from gonghui.finance.models import VoucherLine
from gonghui.finance.selectors import statement_set
from gonghui.finance.services import FinanceError

from .conftest import D, L, make_voucher

pytestmark = pytest.mark.usefixtures("platform")

Y = 2031


def _book_a_year(union):
    """Income 1,000 dues (非专项) and a 5,000 专项 grant; spending 300 on member
    activities (非专项) and 2,000 on the reading room (专项)."""
    make_voucher(
        union,
        [L("102", debit="1000"), L("401", credit="1000", restricted=False)],
        date=dt.date(Y, 2, 1),
    )
    make_voucher(
        union,
        [L("102", debit="5000"), L("40302", credit="5000")],
        date=dt.date(Y, 3, 1),
        summary="专项补助",
    )
    make_voucher(
        union,
        [L("50105", debit="300", restricted=False), L("102", credit="300")],
        date=dt.date(Y, 6, 1),
        summary="会员活动",
    )
    make_voucher(
        union,
        [L("50304", debit="2000", restricted=True), L("102", credit="2000")],
        date=dt.date(Y, 9, 1),
        summary="职工书屋",
    )


def _lines(result, part):
    key = "closing" if part == "balance_sheet" else "year_to_date"
    return {ln["line"]: ln[key] for ln in result[part]}


def test_year_close_carries_special_purpose_to_321_and_the_rest_to_322(union, accountant):
    _book_a_year(union)
    before = statement_set(union, Y).as_json()
    closing = services.year_close(actor=accountant, org=union, year=Y)
    assert closing.kind == "closing" and closing.state == "posted"
    assert closing.date == dt.date(Y, 12, 31) and closing.number == "记-0001"
    nets = {}
    for ln in VoucherLine.objects.filter(org=union, year=Y):
        nets[ln.account_code] = nets.get(ln.account_code, D(0)) + ln.debit - ln.credit
    assert all(v == 0 for k, v in nets.items() if k[0] in "45")
    assert nets["32104"] == D("-3000.00") and nets["32205"] == D("-700.00")
    assert nets["32103"] == nets["32203"] == 0
    after = statement_set(union, Y).as_json()
    # The income statement's figures leave the closing entry out; the sheet is unchanged.
    assert _lines(after, "income_expense") == _lines(before, "income_expense")
    assert _lines(after, "balance_sheet") == _lines(before, "balance_sheet")
    flows = _lines(after, "income_expense")
    assert (flows["收入合计"], flows["支出合计"], flows["本期收支差额"]) == (
        "6000.00",
        "2300.00",
        "3700.00",
    )
    assert (flows["年末资金结转"], flows["年末资金结余"]) == ("3000.00", "700.00")
    sheet = _lines(after, "balance_sheet")
    assert sheet["资产总计"] == sheet["负债和净资产总计"] == "3700.00"
    # Next year opens with what was carried.
    nxt = statement_set(union, Y + 1).as_json()
    opening = {ln["line"]: ln["opening"] for ln in nxt["balance_sheet"]}
    assert (opening["工会资金结转"], opening["工会资金结余"]) == ("3000.00", "700.00")
    flows = {ln["line"]: ln["year_to_date"] for ln in nxt["income_expense"]}
    assert flows["年初资金结转"] == "3000.00"
    # Nothing left to carry: a second run is refused.
    with pytest.raises(FinanceError):
        services.year_close(actor=accountant, org=union, year=Y)


def test_year_close_waits_for_every_voucher_of_the_year(union, accountant):
    _book_a_year(union)
    make_voucher(union, date=dt.date(Y, 11, 3), state="reviewed")
    with pytest.raises(FinanceError):
        services.year_close(actor=accountant, org=union, year=Y)


def test_a_deficit_is_carried_as_a_debit(union, accountant):
    make_voucher(
        union,
        [L("50105", debit="80", restricted=False), L("101", credit="80")],
        date=dt.date(Y, 5, 5),
    )
    services.year_close(actor=accountant, org=union, year=Y)
    nets = {}
    for ln in VoucherLine.objects.filter(org=union, year=Y, closing=True):
        nets[ln.account_code] = nets.get(ln.account_code, D(0)) + ln.debit - ln.credit
    assert nets == {"50105": D("-80.00"), "32203": D("0.00"), "32205": D("80.00")}


def test_the_statements_command_prints_the_contract_shape(union, accountant):
    _book_a_year(union)
    out = StringIO()
    call_command(
        "statements",
        "--org",
        union.code,
        "--year",
        str(Y),
        "--month",
        "3",
        "--format",
        "json",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert list(result) == ["org", "year", "month", "balance_sheet", "income_expense"]
    assert (result["org"], result["year"], result["month"]) == (union.code, Y, 3)
    assert all(list(ln) == ["line", "opening", "closing"] for ln in result["balance_sheet"])
    assert all(list(ln) == ["line", "period", "year_to_date"] for ln in result["income_expense"])
    flows = {ln["line"]: ln for ln in result["income_expense"]}
    assert flows["上级补助收入"] == {
        "line": "上级补助收入",
        "period": "5000.00",
        "year_to_date": "5000.00",
    }
    assert flows["会费收入"]["period"] == "0.00" and flows["会费收入"]["year_to_date"] == "1000.00"
    contract = [
        "货币资金",
        "固定资产原值",
        "累计折旧",
        "资产总计",
        "应付上级经费",
        "资产基金",
        "负债和净资产总计",
        "会费收入",
        "拨缴经费收入",
        "上级补助收入",
        "行政补助收入",
        "收入合计",
        "职工活动支出",
        "职工服务支出",
        "维权支出",
        "业务支出",
        "资本性支出",
        "支出合计",
        "本期收支差额",
        "年末资金结转",
        "年末资金结余",
    ]
    names = [ln["line"] for ln in result["balance_sheet"] + result["income_expense"]]
    assert set(contract) <= set(names)
    out = StringIO()
    call_command("statements", "--org", union.code, "--year", str(Y), stdout=out)
    annual = json.loads(out.getvalue())
    assert annual["month"] is None
    flows = {ln["line"]: ln for ln in annual["income_expense"]}
    assert flows["收入合计"]["period"] == flows["收入合计"]["year_to_date"] == "6000.00"
    with pytest.raises(CommandError):
        call_command("statements", "--org", "NOPE", "--year", str(Y), stdout=StringIO())
