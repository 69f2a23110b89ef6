"""Pages of the organisations app: one organisation (creating it, its settings and information page)."""

from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.orgs.models import Organisation

pytestmark = pytest.mark.django_db


class TestCreate:
    def test_upper_staff_creates_a_grassroots_union(self, client_for):
        r = client_for("district").post(
            "/o/D0001/orgs/new/",
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
            assert org.parent.code == "D0001"
            assert org.path.startswith(org.parent.path)
            entry = AuditEntry.objects.get(
                action="orgs.organisation.created", object_id=str(org.pk)
            )
        assert entry.actor.username == "district"
        assert entry.source == "web"
        assert entry.changes["name"] == [None, "示范区第二小学工会"]

    def test_it_refuses_a_kind_not_allowed_under_the_parent_and_keeps_the_input(self, client_for):
        r = client_for("school_chair").post(
            "/o/S0001/orgs/new/",
            {"code": "X1", "name": "不该存在的工会", "kind": "upper", "unit_type": "other"},
        )
        assert r.status_code == 200
        assert "不该存在的工会" in r.content.decode()
        with unscoped():
            assert not Organisation.objects.filter(code="X1").exists()

    def test_a_code_taken_elsewhere_is_refused(self, client_for):
        r = client_for("school_chair").post(
            "/o/S0001/orgs/new/",
            {"code": "F0001", "name": "重复", "kind": "group", "unit_type": "other"},
        )
        assert r.status_code == 200
        with unscoped():
            assert Organisation.objects.filter(code="F0001").count() == 1

    def test_a_cadre_without_the_permission_gets_403(self, client_for):
        assert client_for("school_cadre").get("/o/S0001/orgs/new/").status_code == 403

    def test_another_org_gets_404(self, client_for):
        assert client_for("school_chair").get("/o/H0001/orgs/new/").status_code == 404

    def test_wrong_method_gets_405(self, client_for):
        assert client_for("district").delete("/o/D0001/orgs/new/").status_code == 405


class TestEdit:
    def test_it_saves_and_logs_field_changes(self, client_for):
        r = client_for("factory_chair").post(
            "/o/F0001/orgs/settings/",
            {
                "name": "华东精密机械股份有限公司工会",
                "unit_name": "华东精密机械股份有限公司",
                "unit_type": "enterprise",
                "region": "安徽",
            },
        )
        assert r.status_code == 302
        with unscoped():
            org = Organisation.objects.get(code="F0001")
            entry = AuditEntry.objects.filter(
                action="orgs.organisation.updated", object_id=str(org.pk)
            ).latest("at")
        assert org.name == "华东精密机械股份有限公司工会"
        assert entry.changes["name"] == ["华东精密机械有限公司工会", "华东精密机械股份有限公司工会"]
        assert "kind" not in entry.changes

    def test_the_detail_page_shows_the_history(self, client_for):
        c = client_for("factory_chair")
        c.post("/o/F0001/orgs/settings/", {"name": "改名后的工会", "unit_type": "enterprise"})
        body = c.get("/o/F0001/orgs/info/").content.decode()
        assert 'id="history"' in body and "改名后的工会" in body

    def test_a_group_leader_gets_403(self, client_for):
        assert client_for("group_leader").get("/o/S0001-G01/orgs/settings/").status_code == 403
