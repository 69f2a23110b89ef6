"""Pages of the organisations app: the tree of organisations."""

from __future__ import annotations

import pytest

from gonghui.orgs.models import OrgKind
from tests.factories import DistrictFactory, GroupFactory, UnionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    """A district with a hospital union (a branch and groups under it) and a factory union."""
    district = DistrictFactory()
    hospital = UnionFactory(parent=district, name="人民医院工会")
    branch = GroupFactory(parent=hospital, kind=OrgKind.BRANCH, name="内科分会")
    GroupFactory(parent=branch, name="心内科工会小组")
    factory = UnionFactory(parent=district, name="精密机械公司工会")
    GroupFactory(parent=factory, name="一车间工会小组")
    district.hospital, district.factory = hospital, factory
    return district


class TestTree:
    def test_it_lists_the_subtree_only(self, district, staff, login):
        hospital = district.hospital
        body = login(staff("chair", hospital)).get(f"/o/{hospital.code}/orgs/").content.decode()
        assert "心内科工会小组" in body
        assert "一车间工会小组" not in body

    def test_it_searches_with_htmx(self, district, staff, login):
        r = login(staff("upper_staff", district)).get(
            f"/o/{district.code}/orgs/?q=车间", HTTP_HX_REQUEST="true"
        )
        body = r.content.decode()
        assert "<html" not in body  # a partial
        assert "一车间工会小组" in body and "心内科工会小组" not in body

    def test_another_org_gets_404(self, district, staff, login):
        hospital_chair = login(staff("chair", district.hospital))
        assert hospital_chair.get(f"/o/{district.factory.code}/orgs/").status_code == 404

    def test_a_member_gets_403(self, group, staff, login):
        assert login(staff("member", group)).get(f"/o/{group.code}/orgs/").status_code == 403

    def test_wrong_method_gets_405(self, union, staff, login):
        assert login(staff("chair", union)).post(f"/o/{union.code}/orgs/").status_code == 405
