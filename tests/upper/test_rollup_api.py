"""GET /api/v1/orgs/<code>/upper/unions/<year>/: the page's table as data (every figure
named, null where the caller may not read its family or a union has none, amounts as
strings), and the persona cases: works / another district 404 / a role without the roster
403 / a wrong method 405."""

from __future__ import annotations

import pytest

from gonghui.upper.rollup import FIGURES
from tests.factories import GroupFactory, MemberFactory, UnionFactory
from tests.funds.conftest import holder

from .test_rollup import YEAR, books, joined

pytestmark = pytest.mark.usefixtures("platform")


def _url(org, year=YEAR):
    return f"/api/v1/orgs/{org.code}/upper/unions/{year}/"


@pytest.fixture
def unions(district):
    a = UnionFactory(parent=district, name="甲公司工会")
    b = UnionFactory(parent=district, name="乙学校工会")
    a_members = [MemberFactory(org=GroupFactory(parent=a), female=True) for _ in range(3)]
    joined(a_members[0])
    MemberFactory(org=GroupFactory(parent=b), member_type="migrant")
    books(a)
    return a, b


def test_the_district_reads_each_unions_figures(token_login, district, unions, staff):
    a, b = unions
    r = token_login(staff("upper_staff", district)).get(_url(district))
    assert r.status_code == 200
    data = r.json()
    assert list(data) == ["org", "year", "computed_at", "figures", "unions", "total"]
    assert data["computed_at"] is None  # a small tree: rolled up live
    assert (data["org"], data["year"]) == (district.code, YEAR)
    assert [f["key"] for f in data["figures"]] == list(FIGURES)
    assert data["figures"][0] == {
        "key": "on_roll",
        "label": "在册会员",
        "family": "members",
        "money": False,
        "percent": False,
    }
    rows = {row["org"]: row for row in data["unions"]}
    assert list(rows) == [a.code, b.code]
    assert list(rows[a.code]) == ["org", "name", *FIGURES]
    assert rows[a.code]["name"] == a.name
    assert (rows[a.code]["on_roll"], rows[a.code]["women"], rows[a.code]["joined"]) == (3, 3, 1)
    assert rows[a.code]["income"] == "1200.50" and rows[a.code]["visit_amount"] == "0.00"
    assert rows[b.code]["migrant"] == 1 and rows[b.code]["income"] is None
    assert rows[b.code]["plan_percent"] is None  # no plan tasks
    assert data["total"]["on_roll"] == 4 and data["total"]["expense"] == "300.00"


def test_families_the_caller_may_not_read_are_null(token_login, district, unions, staff):
    a, _b = unions
    data = token_login(staff("cashier", district)).get(_url(district)).json()
    keys = {f["key"] for f in data["figures"]}
    assert {"on_roll", "income", "openness_due"} <= keys
    assert not keys & {"activities", "visits", "education_amount", "sessions", "tasks"}
    row = next(r for r in data["unions"] if r["org"] == a.code)
    assert row["on_roll"] == 3 and row["activities"] is None and row["visits"] is None


def test_another_district_gets_404(token_login, district, unions, staff):
    c = token_login(staff("upper_staff", UnionFactory().parent))
    assert c.get(_url(district)).status_code == 404


def test_a_grassroots_chair_gets_404_at_the_district(token_login, district, unions):
    a, _b = unions
    c = token_login(holder("chair", a))
    assert c.get(_url(district)).status_code == 404
    r = c.get(_url(a))
    assert r.status_code == 200 and r.json()["unions"] == []


def test_a_role_without_the_roster_gets_403(token_login, district, unions, staff):
    assert token_login(staff("member", district)).get(_url(district)).status_code == 403


def test_a_wrong_method_gets_405(token_login, district, staff):
    c = token_login(staff("upper_staff", district))
    assert c.post(_url(district)).status_code == 405
    assert c.delete(_url(district)).status_code == 405


def test_a_year_out_of_range_is_404(token_login, district, staff):
    c = token_login(staff("upper_staff", district))
    assert c.get(_url(district, 1999)).status_code == 404
