"""The 基层工会 filter of the activity statistics at an upper union (#16 item 1): the
district's staff see one union's figures (its activities, check-ins, members reached, its
own groups in the per-group table) instead of every group of the district mixed; a union
that is not one of the district's is ignored; a grassroots union's page has no such filter.
Persona cases: works / another district 404 / a role without activities 403 / a wrong
method 405."""

from __future__ import annotations

import re

import pytest

from tests.factories import DistrictFactory, GroupFactory, MemberFactory, UnionFactory
from tests.upper.test_rollup import YEAR, held

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    return DistrictFactory()


@pytest.fixture
def tree(district):
    """A: two groups, two activities (four check-ins of three members); B: one activity
    (two check-ins); a union of another district with one."""
    a = UnionFactory(parent=district, name="甲公司工会")
    a1, a2 = GroupFactory(parent=a, name="甲一组"), GroupFactory(parent=a, name="甲二组")
    b = UnionFactory(parent=district, name="乙学校工会")
    b1 = GroupFactory(parent=b, name="乙一组")
    a_members = [MemberFactory(org=a1), MemberFactory(org=a1), MemberFactory(org=a2)]
    b_members = [MemberFactory(org=b1) for _ in range(2)]
    held(a1, a_members)
    held(a2, a_members[:1])
    held(b1, b_members)
    other = UnionFactory(name="外区工会")
    held(GroupFactory(parent=other, name="外区组"), [MemberFactory(org=other)])
    return {"a": a, "b": b, "other": other}


def _url(org):
    return f"/o/{org.code}/activities/statistics/"


def _card(body: str, name: str) -> str:
    return re.search(rf'id="stat-{name}">([^<]*)<', body)[1]


def _groups(body: str) -> list[str]:
    table = body[body.index('id="by-group"') :]
    table = table[: table.index("</table>")]
    return re.findall(r"<tr><td>([^<]*)</td>", table)


def test_the_district_sees_one_union_or_all(login, district, tree, staff):
    a = tree["a"]
    c = login(staff("upper_staff", district))
    body = c.get(_url(district), {"year": YEAR}).content.decode()
    assert (_card(body, "activities"), _card(body, "participants")) == ("3", "6")
    assert set(_groups(body)) == {"甲一组", "甲二组", "乙一组"}
    select = body[body.index('name="union"') : body.index("</select>", body.index('name="union"'))]
    assert "甲公司工会" in select and "乙学校工会" in select and "外区工会" not in select
    assert f'href="/o/{district.code}/upper/unions/{YEAR}/"' in body

    body = c.get(_url(district), {"year": YEAR, "union": a.code}).content.decode()
    assert (_card(body, "activities"), _card(body, "participants")) == ("2", "4")
    assert _card(body, "people") == "3"
    assert set(_groups(body)) == {"甲一组", "甲二组"}
    assert f'value="{a.code}" selected' in body and a.name in body


def test_a_union_not_of_the_district_is_ignored(login, district, tree, staff):
    c = login(staff("upper_staff", district))
    for code in (tree["other"].code, "NOSUCH"):
        body = c.get(_url(district), {"year": YEAR, "union": code}).content.decode()
        assert _card(body, "activities") == "3", code


def test_a_grassroots_union_has_no_union_filter(login, tree, staff):
    a = tree["a"]
    body = login(staff("chair", a)).get(_url(a), {"year": YEAR}).content.decode()
    assert 'name="union"' not in body and _card(body, "activities") == "2"
    assert "/upper/unions/" not in body


def test_another_district_gets_404(login, district, tree, staff):
    c = login(staff("upper_staff", DistrictFactory()))
    assert c.get(_url(district), {"union": tree["a"].code}).status_code == 404


def test_a_role_without_activities_gets_403(login, district, tree, staff):
    # A cashier at the district reads the roster and the books, not the activities.
    c = login(staff("cashier", district))
    assert c.get(_url(district), {"union": tree["a"].code}).status_code == 403


def test_a_wrong_method_gets_405(login, district, tree, staff):
    c = login(staff("upper_staff", district))
    assert c.post(f"{_url(district)}?union={tree['a'].code}").status_code == 405
