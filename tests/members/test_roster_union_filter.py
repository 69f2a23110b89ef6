"""The 基层工会 filter of the roster and of the member statistics at an upper union (#16
item 1): the district's staff narrow either to one union's whole subtree (its branches and
their groups included), the groups offered are that union's; a union outside the scope finds
nobody; a grassroots union's pages have no such filter. Persona cases: works / another
district 404 / a role without the roster 403 / a wrong method 405."""

from __future__ import annotations

import re

import pytest

from gonghui.core.scoping import scope
from gonghui.members.selectors import RosterFilter, roster, roster_statistics
from gonghui.orgs.models import OrgKind
from tests.factories import DistrictFactory, GroupFactory, MemberFactory, UnionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    return DistrictFactory()


@pytest.fixture
def tree(district):
    """Union A: a member at the union itself, one at a branch, two women in the branch's
    group; union B: three members; a union of another district."""
    a = UnionFactory(parent=district, name="甲公司工会")
    branch = GroupFactory(parent=a, kind=OrgKind.BRANCH, name="一分厂分会")
    a_group = GroupFactory(parent=branch, name="甲车间小组")
    b = UnionFactory(parent=district, name="乙学校工会")
    b_group = GroupFactory(parent=b, name="乙教研组")
    a_members = [
        MemberFactory(org=a, name="甲一"),
        MemberFactory(org=branch, name="甲二"),
        MemberFactory(org=a_group, name="甲三", female=True),
        MemberFactory(org=a_group, name="甲四", female=True, member_type="migrant"),
    ]
    MemberFactory(org=a_group, name="甲离会", status="left")
    b_members = [MemberFactory(org=b_group, name=f"乙{i}") for i in range(3)]
    other = UnionFactory(name="外区工会")
    MemberFactory(org=GroupFactory(parent=other), name="外区会员")
    return {"a": a, "b": b, "other": other, "a_members": a_members, "b_members": b_members}


@pytest.fixture
def district_staff(district, staff):
    return staff("upper_staff", district)


def _names(body: str) -> set[str]:
    return set(re.findall(r"(甲[一二三四]|甲离会|乙\d|外区会员)", body))


def test_the_roster_narrows_to_one_unions_whole_subtree(login, district, tree, district_staff):
    a, b = tree["a"], tree["b"]
    c = login(district_staff)
    body = c.get(f"/o/{district.code}/members/").content.decode()
    assert _names(body) == {"甲一", "甲二", "甲三", "甲四", "乙0", "乙1", "乙2"}
    # The filter offers the district's unions, none chosen yet.
    select = body[body.index('name="union"') : body.index("</select>", body.index('name="union"'))]
    assert f'value="{a.code}"' in select and f'value="{b.code}"' in select
    assert "外区工会" not in select
    r = c.get(f"/o/{district.code}/members/", {"union": a.code})
    assert r.status_code == 200
    body = r.content.decode()
    assert _names(body) == {"甲一", "甲二", "甲三", "甲四"}
    assert f'value="{a.code}" selected' in body
    # The groups offered are the chosen union's.
    assert "甲车间小组" in body and "一分厂分会" in body and "乙教研组" not in body
    # With the other filters, as the htmx rows.
    r = c.get(
        f"/o/{district.code}/members/", {"union": a.code, "sex": "female"}, HTTP_HX_REQUEST="true"
    )
    assert _names(r.content.decode()) == {"甲三", "甲四"}


def test_a_union_outside_the_scope_or_a_group_finds_nobody(login, district, tree, district_staff):
    c = login(district_staff)
    for code in (tree["other"].code, "NOSUCH", tree["a_members"][2].org.code):
        body = c.get(f"/o/{district.code}/members/", {"union": code}).content.decode()
        assert _names(body) == set(), code


def test_the_selector_reads_the_union_and_keeps_the_other_filters(district, tree, platform):
    with scope(district):
        found = set(roster(RosterFilter(union=tree["b"].code)).values_list("name", flat=True))
        assert found == {"乙0", "乙1", "乙2"}
        assert roster(RosterFilter(union=tree["a"].code, status="all")).count() == 5
        figures = roster_statistics(RosterFilter(union=tree["a"].code))
        assert figures["total"] == 4
        assert {r["value"]: r["count"] for r in figures["by_member_type"]}["migrant"] == 1
        assert roster_statistics()["total"] == 7


def test_the_statistics_narrow_to_one_union(login, district, tree, district_staff):
    a = tree["a"]
    c = login(district_staff)
    body = c.get(f"/o/{district.code}/members/statistics/").content.decode()
    assert "在册会员 7 名" in body
    assert f'href="/o/{district.code}/upper/unions/"' in body  # the comparison of the unions
    body = c.get(f"/o/{district.code}/members/statistics/", {"union": a.code}).content.decode()
    assert "在册会员 4 名" in body and a.name in body
    rows = dict(re.findall(r"<tr><td>([^<]*)</td><td class=\"text-end\">(\d+)</td></tr>", body))
    assert rows["女"] == "2" and rows["农民工"] == "1"
    # Another district's union is not one of the district's: the whole district.
    other = c.get(f"/o/{district.code}/members/statistics/", {"union": tree["other"].code})
    assert "在册会员 7 名" in other.content.decode()


def test_a_grassroots_union_has_no_union_filter(login, tree, staff):
    a = tree["a"]
    c = login(staff("chair", a))
    for url in (f"/o/{a.code}/members/", f"/o/{a.code}/members/statistics/"):
        body = c.get(url).content.decode()
        assert 'name="union"' not in body, url
    body = c.get(f"/o/{a.code}/members/statistics/").content.decode()
    assert "在册会员 4 名" in body


def test_another_district_gets_404(login, district, tree, staff):
    c = login(staff("upper_staff", DistrictFactory()))
    for url in ("members/", "members/statistics/"):
        r = c.get(f"/o/{district.code}/{url}", {"union": tree["a"].code})
        assert r.status_code == 404, url


def test_a_role_without_the_roster_gets_403(login, district, tree, staff):
    c = login(staff("member", district))
    for url in ("members/", "members/statistics/"):
        r = c.get(f"/o/{district.code}/{url}", {"union": tree["a"].code})
        assert r.status_code == 403, url


def test_a_wrong_method_gets_405(login, district, tree, district_staff):
    c = login(district_staff)
    for url in ("members/", "members/statistics/"):
        r = c.post(f"/o/{district.code}/{url}?union={tree['a'].code}")
        assert r.status_code == 405, url
