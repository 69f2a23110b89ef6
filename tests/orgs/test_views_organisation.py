"""Pages of the organisations app: one organisation (creating it, its settings and information page)."""

from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.orgs.models import Organisation
from tests.factories import DistrictFactory, UnionFactory

pytestmark = pytest.mark.django_db


class TestCreate:
    def test_upper_staff_creates_a_grassroots_union(self, staff, login):
        district = DistrictFactory()
        upper = staff("upper_staff", district)
        r = login(upper).post(
            f"/o/{district.code}/orgs/new/",
            {
                "code": "e0002",
                "name": "示范区第二小学工会",
                "kind": "grassroots",
                "unit_name": "第二小学",
                "unit_type": "school",
            },
        )
        assert r.status_code == 302
        with unscoped():
            org = Organisation.objects.get(code="E0002")
            assert org.parent == district
            assert org.path.startswith(org.parent.path)
            entry = AuditEntry.objects.get(
                action="orgs.organisation.created", object_id=str(org.pk)
            )
        assert entry.actor == upper
        assert entry.source == "web"
        assert entry.changes["name"] == [None, "示范区第二小学工会"]

    def test_it_refuses_a_kind_not_allowed_under_the_parent_and_keeps_the_input(
        self, union, staff, login
    ):
        r = login(staff("chair", union)).post(
            f"/o/{union.code}/orgs/new/",
            {"code": "X1", "name": "不该存在的工会", "kind": "upper", "unit_type": "other"},
        )
        assert r.status_code == 200
        assert "不该存在的工会" in r.content.decode()
        with unscoped():
            assert not Organisation.objects.filter(code="X1").exists()

    def test_a_code_taken_elsewhere_is_refused(self, union, staff, login):
        elsewhere = UnionFactory()
        r = login(staff("chair", union)).post(
            f"/o/{union.code}/orgs/new/",
            {"code": elsewhere.code, "name": "重复", "kind": "group", "unit_type": "other"},
        )
        assert r.status_code == 200
        with unscoped():
            assert Organisation.objects.filter(code=elsewhere.code).count() == 1
            assert not Organisation.objects.filter(name="重复").exists()

    def test_a_cadre_without_the_permission_gets_403(self, union, staff, login):
        assert login(staff("cadre", union)).get(f"/o/{union.code}/orgs/new/").status_code == 403

    def test_another_org_gets_404(self, union, staff, login):
        other = UnionFactory(parent=union.parent)
        assert login(staff("chair", union)).get(f"/o/{other.code}/orgs/new/").status_code == 404

    def test_wrong_method_gets_405(self, staff, login):
        district = DistrictFactory()
        upper = login(staff("upper_staff", district))
        assert upper.delete(f"/o/{district.code}/orgs/new/").status_code == 405


class TestEdit:
    def test_it_saves_and_logs_field_changes(self, staff, login):
        union = UnionFactory(name="华东精密机械有限公司工会", unit_type="enterprise")
        r = login(staff("chair", union)).post(
            f"/o/{union.code}/orgs/settings/",
            {
                "name": "华东精密机械股份有限公司工会",
                "unit_name": "华东精密机械股份有限公司",
                "unit_type": "enterprise",
                "region": "安徽",
            },
        )
        assert r.status_code == 302
        with unscoped():
            org = Organisation.objects.get(pk=union.pk)
            entry = AuditEntry.objects.filter(
                action="orgs.organisation.updated", object_id=str(org.pk)
            ).latest("at")
        assert org.name == "华东精密机械股份有限公司工会"
        assert entry.changes["name"] == ["华东精密机械有限公司工会", "华东精密机械股份有限公司工会"]
        assert "kind" not in entry.changes

    def test_the_detail_page_shows_the_history(self, union, staff, login):
        c = login(staff("chair", union))
        c.post(
            f"/o/{union.code}/orgs/settings/", {"name": "改名后的工会", "unit_type": "enterprise"}
        )
        body = c.get(f"/o/{union.code}/orgs/info/").content.decode()
        assert 'id="history"' in body and "改名后的工会" in body

    def test_a_group_leader_gets_403(self, group, staff, login):
        leader = login(staff("group_leader", group))
        assert leader.get(f"/o/{group.code}/orgs/settings/").status_code == 403
