from __future__ import annotations

import pytest

from gonghui.orgs.models import OrgKind
from tests.factories import DistrictFactory, GroupFactory, UnionFactory

pytestmark = pytest.mark.django_db


def test_it_works_for_a_chair(staff, login):
    union = UnionFactory(name="示范区实验中学工会")
    GroupFactory(parent=union, name="语文教研组工会小组")
    r = login(staff("chair", union)).get(f"/o/{union.code}/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "示范区实验中学工会" in body
    assert "语文教研组工会小组" in body


def test_another_org_gets_404(union, staff, login):
    other = UnionFactory(parent=union.parent)
    chair = login(staff("chair", union))
    assert chair.get(f"/o/{union.code}/").status_code == 200
    assert chair.get(f"/o/{other.code}/").status_code == 404


def test_a_member_sees_no_org_figures(union, group, staff, login):
    assert (
        'id="card-orgs"' in login(staff("chair", union)).get(f"/o/{union.code}/").content.decode()
    )
    r = login(staff("member", group)).get(f"/o/{group.code}/")
    assert r.status_code == 200
    assert 'id="card-orgs"' not in r.content.decode()


def test_wrong_method_gets_405(union, staff, login):
    assert login(staff("chair", union)).post(f"/o/{union.code}/").status_code == 405


def test_anonymous_is_sent_to_login(client, union):
    r = client.get(f"/o/{union.code}/")
    assert r.status_code == 302
    assert r["Location"].startswith("/accounts/login/")


def test_upper_staff_reaches_a_grassroots_union_below(staff, login):
    district = DistrictFactory()
    hospital = UnionFactory(parent=district)
    branch = GroupFactory(parent=hospital, kind=OrgKind.BRANCH, name="内科分会")
    assert login(staff("upper_staff", district)).get(f"/o/{branch.code}/").status_code == 200


def test_the_page_is_chinese(union, staff, login):
    r = login(staff("chair", union)).get(f"/o/{union.code}/")
    assert r["Content-Language"] == "zh-hans"
