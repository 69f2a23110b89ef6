"""GET /api/v1/orgs/<code>/upper/finance/<year>/statements/ and …/unions/: the shape,
amounts as strings with two decimals, and the persona cases."""

from __future__ import annotations

import pytest

from tests.factories import UnionFactory
from tests.funds.conftest import holder

from .conftest import YEAR


def _base(org):
    return f"/api/v1/orgs/{org.code}/upper/finance/{YEAR}/"


def test_the_statements_answer_the_command_shape(token_login, district, tree, staff):
    a, b, c = tree
    r = token_login(staff("upper_staff", district)).get(_base(district) + "statements/")
    assert r.status_code == 200
    data = r.json()
    assert list(data) == ["org", "year", "unions", "balance_sheet", "income_expense"]
    assert data["org"] == district.code and data["year"] == YEAR
    assert {u["org"]: u["has_books"] for u in data["unions"]} == {
        a.code: True,
        b.code: True,
        c.code: False,
    }
    sheet = {ln["line"]: ln for ln in data["balance_sheet"]}
    assert list(sheet["货币资金"]) == ["line", "opening", "closing"]
    assert sheet["货币资金"] == {"line": "货币资金", "opening": "5000.00", "closing": "11500.50"}
    assert sheet["固定资产原值"]["closing"] == "2400.00"
    flow = {ln["line"]: ln for ln in data["income_expense"]}
    assert list(flow["收入合计"]) == ["line", "period", "year_to_date"]
    assert flow["收入合计"]["year_to_date"] == "9200.50"
    assert flow["收入合计"]["period"] == "9200.50"  # annual: the period is the year


def test_the_unions_answer_each_unions_key_lines(token_login, district, tree, staff):
    a, b, c = tree
    r = token_login(staff("upper_staff", district)).get(_base(district) + "unions/")
    assert r.status_code == 200
    rows = {row["org"]: row for row in r.json()}
    assert rows[b.code] == {
        "org": b.code,
        "name": b.name,
        "has_books": True,
        "income": "8000.00",
        "expense": "2400.00",
        "difference": "5600.00",
        "assets": "8000.00",
        "surplus": "0.00",
    }
    assert rows[a.code]["surplus"] == "5900.50"
    assert rows[c.code]["has_books"] is False and rows[c.code]["income"] is None


@pytest.mark.parametrize("what", ["statements/", "unions/"])
def test_persona_cases(token_login, district, tree, staff, what):
    a, _b, _c = tree
    assert token_login(holder("chair", a)).get(_base(district) + what).status_code == 404
    other = staff("upper_staff", UnionFactory().parent)
    assert token_login(other).get(_base(district) + what).status_code == 404
    assert token_login(staff("member", district)).get(_base(district) + what).status_code == 403
    reader = token_login(staff("upper_staff", district))
    assert reader.post(_base(district) + what).status_code == 405
    assert reader.get(f"/api/v1/orgs/{district.code}/upper/finance/1999/{what}").status_code == 404
