"""A large tree's roll-up from kept figures (#16 item 7): computed once with the live
functions and kept; the page says when, and computes them again on request (a background
job; immediate in tests); a small tree stays live. Persona cases of the refresh: works /
a union's chair at the district 404 / a role without the roster 403 / GET 405."""

from __future__ import annotations

import pytest

from gonghui.core.scoping import unscoped
from gonghui.upper import snapshots
from gonghui.upper.models import RollupSnapshot
from tests.factories import GroupFactory, MemberFactory, UnionFactory

from .test_rollup import YEAR

pytestmark = pytest.mark.usefixtures("platform")


@pytest.fixture
def unions(district):
    a = UnionFactory(parent=district, name="甲公司工会")
    b = UnionFactory(parent=district, name="乙学校工会")
    for union, n in ((a, 3), (b, 1)):
        group = GroupFactory(parent=union)
        for _ in range(n):
            MemberFactory(org=group)
    return a, b


@pytest.fixture
def district_staff(district, staff):
    return staff("upper_staff", district)


@pytest.fixture
def large(monkeypatch):
    """Trees of more than one union count as large."""
    monkeypatch.setattr(snapshots, "LIVE_UNIONS", 1)


def _page(client, org):
    r = client.get(f"/o/{org.code}/upper/unions/{YEAR}/")
    assert r.status_code == 200
    return r.content.decode()


def _on_roll(body: str, union) -> str:
    row = body[body.index(union.name) :]
    return row[: row.index("</tr>")]


def test_a_small_tree_is_rolled_up_live(login, district, unions, district_staff):
    body = _page(login(district_staff), district)
    assert 'id="rollup-kept"' not in body
    with unscoped():
        assert not RollupSnapshot.objects.exists()


def test_a_large_tree_shows_kept_figures_and_computes_them_again(
    login, district, unions, district_staff, large
):
    a, _b = unions
    c = login(district_staff)
    body = _page(c, district)
    assert 'id="rollup-kept"' in body and ">3<" in _on_roll(body, a)
    with unscoped():
        assert RollupSnapshot.objects.filter(org=district, year=YEAR).count() == 1
    MemberFactory(org=GroupFactory(parent=a))
    assert ">3<" in _on_roll(_page(c, district), a)  # kept: not recounted on every view
    r = c.post(f"/o/{district.code}/upper/unions/{YEAR}/refresh/", follow=True)
    assert "重新计算" in r.content.decode()
    assert ">4<" in _on_roll(_page(c, district), a)


def test_the_kept_figures_are_the_live_ones(district, unions, district_staff):
    from gonghui.core.scoping import scope
    from gonghui.upper.rollup import FAMILIES, unions_rollup

    with scope(district):
        live = unions_rollup(district, YEAR, families=FAMILIES)
        snapshots.snapshot_refresh(org=district, year=YEAR)
        kept = snapshots.kept_rollup(district, YEAR, FAMILIES)
    assert [(r.org.pk, r.values) for r in kept.rows] == [(r.org.pk, r.values) for r in live.rows]
    assert kept.total == live.total and kept.computed_at is not None


def test_a_nodes_snapshot_holds_only_the_unions_below_it(district, unions, district_staff):
    from gonghui.core.scoping import scope
    from gonghui.orgs.models import Organisation, OrgKind

    with unscoped():
        sub = Organisation(code="SUBD1", name="下属区工会", kind=OrgKind.UPPER, parent=district)
        sub.save()
    below = UnionFactory(parent=sub, name="丙厂工会")
    with scope(district):
        snapshots.snapshot_refresh(org=district, year=YEAR)
    with unscoped():
        top = RollupSnapshot.objects.get(org=district, year=YEAR)
        mine = RollupSnapshot.objects.get(org=sub, year=YEAR)
    assert {r["union"] for r in top.rows} == {unions[0].pk, unions[1].pk, below.pk}
    assert {r["union"] for r in mine.rows} == {below.pk}


def test_the_api_says_when_and_refreshes(token_login, district, unions, district_staff, large):
    c = token_login(district_staff)
    answer = c.get(f"/api/v1/orgs/{district.code}/upper/unions/{YEAR}/").json()
    assert answer["computed_at"] is not None
    r = c.post(f"/api/v1/orgs/{district.code}/upper/unions/{YEAR}/refresh/")
    assert r.status_code == 202 and r.json() == {"queued": True}


def test_refresh_persona_cases(login, district, unions, staff, district_staff):
    url = f"/o/{district.code}/upper/unions/{YEAR}/refresh/"
    assert login(district_staff).get(url).status_code == 405
    assert login(staff("chair", unions[0])).post(url).status_code == 404
    assert login(staff("member", district)).post(url).status_code == 403
