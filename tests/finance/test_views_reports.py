"""Statements (工会01, 工会02: page, .xlsx, PDF) and the trial balance (科目余额表). Works /
other union 404 / no permission 403 / wrong method 405."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from gonghui.finance import exports, selectors
from tests.factories import UnionFactory

from .conftest import D, L, holder, make_voucher

pytestmark = pytest.mark.usefixtures("platform")

MARCH = {"year": "2031", "month": "3"}


@pytest.fixture
def books(union):
    make_voucher(union, [L("102", debit="1000"), L("401", credit="1000", restricted=False)])
    make_voucher(
        union,
        [L("50102", debit="300", restricted=False), L("102", credit="300")],
        summary="职工篮球赛",
    )
    make_voucher(union, date=dt.date(2031, 4, 2), summary="四月")  # after March
    return union


def _url(org, what=""):
    return f"/o/{org.code}/finance/{what}"


def _cells(content: bytes, sheet: str) -> list[list]:
    wb = load_workbook(io.BytesIO(content))
    return [list(row) for row in wb[sheet].iter_rows(values_only=True)]


def _row(rows, name):
    return next(r for r in rows if name in r)


def test_the_statements_page_shows_both_statements_with_bold_totals(login, books, accountant):
    r = login(accountant).get(_url(books, "statements/"), MARCH)
    assert r.status_code == 200
    body = r.content.decode()
    for text in ("资产负债表", "工会01表", "收入支出表", "工会02表", "编制单位", "2031年3月31日"):
        assert text in body, text
    for text in (
        "货币资金",
        "资产总计",
        "负债和净资产总计",
        "会费收入",
        "职工活动支出",
        "本期收支差额",
    ):
        assert text in body, text
    assert "700.00" in body and "1,000.00" in body and "300.00" in body
    # Totals in bold, each side on its own: 其他应收款 shares a row with 负债合计.
    bold = {
        c["text"]
        for t in r.context["tables"]
        for row in t["rows"]
        for c in row["cells"]
        if c["bold"]
    }
    assert {
        "资产总计",
        "负债合计",
        "负债和净资产总计",
        "收入合计",
        "支出合计",
        "本期收支差额",
    } <= bold
    assert not {"其他应收款", "货币资金", "会费收入"} & bold
    assert "fw-bold" in body
    assert "单位负责人" in body and "制表人" in body
    assert "statements/xlsx/?year=2031&amp;month=3" in body


def test_the_workbook_has_the_official_layout_and_numbers(login, books, accountant):
    r = login(accountant).get(_url(books, "statements/xlsx/"), MARCH)
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "2031" in r["Content-Disposition"]
    sheet = _cells(r.content, "资产负债表")
    assert sheet[0][0] == "资产负债表" and sheet[1][0] == "工会01表"
    assert sheet[2][:3] == [f"编制单位：{books.name}", "2031年3月31日", "单位：元"]
    cash = _row(sheet, "货币资金")
    assert cash[:4] == ["货币资金", 1, 0, 700]
    totals = _row(sheet, "资产总计")
    assert totals[3] == 700 and totals[4] == "负债和净资产总计" and totals[7] == 700
    assert any("主管会计工作负责人" in str(row[0]) for row in sheet)
    ws = load_workbook(io.BytesIO(r.content))["资产负债表"]
    font = {c.value: c.font.b for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert font["资产总计"] and font["负债合计"] and not font["其他应收款"]
    flows = _cells(r.content, "收入支出表")
    assert flows[3][:4] == ["项目", "行次", "本月数", "本年累计数"]
    assert _row(flows, "会费收入")[2:4] == [1000, 1000]
    assert _row(flows, "职工活动支出")[2:4] == [300, 300]
    assert _row(flows, "本期收支差额")[2] == 700


def test_the_annual_workbook_has_one_column_of_the_year(login, books, accountant):
    r = login(accountant).get(_url(books, "statements/xlsx/"), {"year": "2031", "month": ""})
    flows = _cells(r.content, "收入支出表")
    assert flows[2][1] == "2031年度"
    assert flows[3][:3] == ["项目", "行次", "本年数"]
    assert _row(flows, "会费收入")[2] == 1100  # April's 100 too


def test_the_pdf_is_a_pdf(login, books, accountant):
    r = login(accountant).get(_url(books, "statements/pdf/"), MARCH)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")


def test_the_export_functions_name_their_files(books):
    result = selectors.statement_set(books, 2031, 3)
    name, content = exports.statements_xlsx(result)
    assert name == f"{books.name}-会计报表-2031年3月.xlsx" and content[:2] == b"PK"
    name, content = exports.statements_pdf(selectors.statement_set(books, 2031))
    assert name == f"{books.name}-会计报表-2031年度.pdf" and content.startswith(b"%PDF")


def test_a_hostile_union_name_stays_text_in_the_workbook(union):
    union.name = '=HYPERLINK("http://x")'
    _name, content = exports.statements_xlsx(selectors.statement_set(union, 2031, 3))
    wb = load_workbook(io.BytesIO(content))
    cell = wb["资产负债表"]["A3"]
    assert cell.value == '编制单位：=HYPERLINK("http://x")' and cell.data_type == "s"


def test_the_upper_union_reads_the_statements_but_not_the_trial_balance(login, staff, books):
    c = login(staff("upper_staff", books.parent))
    assert c.get(_url(books, "statements/"), MARCH).status_code == 200
    assert c.get(_url(books, "statements/xlsx/"), MARCH).status_code == 200
    assert c.get(_url(books, "trial-balance/"), MARCH).status_code == 403


def test_the_trial_balance_puts_balances_on_their_side_and_balances(login, books):
    r = login(holder("auditor", books)).get(_url(books, "trial-balance/"), MARCH)
    assert r.status_code == 200
    rows = {row["code"]: row for row in r.context["rows"]}
    assert (rows["102"]["d"], rows["102"]["c"], rows["102"]["cd"]) == (
        D("1000.00"),
        D("300.00"),
        D("700.00"),
    )
    assert rows["401"]["cc"] == D("1000.00") and rows["401"]["cd"] == 0
    totals = r.context["totals"]
    assert totals["cd"] == totals["cc"] == D("1000.00")
    assert r.context["balanced"] is True
    body = r.content.decode()
    assert 'id="trial-totals"' in body and 'id="unbalanced"' not in body
    assert "50102" in body and "文体活动" in body
    # April: March's closing is the opening.
    r = login(holder("auditor", books)).get(
        _url(books, "trial-balance/"), {"year": "2031", "month": "4"}
    )
    rows = {row["code"]: row for row in r.context["rows"]}
    assert rows["102"]["od"] == D("700.00") and rows["102"]["cd"] == D("800.00")


def test_a_year_out_of_range_falls_back_and_says_so(login, books, accountant):
    r = login(accountant).get(_url(books, "statements/"), {"year": "1999", "month": "3"})
    assert r.status_code == 200 and r.context["result"].year == dt.date.today().year


def test_a_cadre_gets_403(login, staff, books):
    c = login(staff("cadre", books))
    for what in ("statements/", "statements/xlsx/", "statements/pdf/", "trial-balance/"):
        assert c.get(_url(books, what)).status_code == 403, what


def test_another_unions_code_is_a_404(login, books, accountant):
    other = UnionFactory()
    c = login(accountant)
    for what in ("statements/", "statements/xlsx/", "statements/pdf/", "trial-balance/"):
        assert c.get(_url(other, what)).status_code == 404, what


def test_post_is_405(login, books, accountant):
    c = login(accountant)
    for what in ("statements/", "statements/xlsx/", "statements/pdf/", "trial-balance/"):
        assert c.post(_url(books, what)).status_code == 405, what
