from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.orgs.models import CommitteeSeat, CommitteeTerm, Organisation

pytestmark = pytest.mark.django_db


def _term(code):
    with unscoped():
        return CommitteeTerm.objects.get(org__code=code)


class TestTree:
    def test_it_lists_the_subtree_only(self, client_for):
        body = client_for("hospital_chair").get("/o/H0001/orgs/").content.decode()
        assert "心内科工会小组" in body
        assert "一车间工会小组" not in body

    def test_it_searches_with_htmx(self, client_for):
        r = client_for("district").get("/o/D0001/orgs/?q=车间", HTTP_HX_REQUEST="true")
        body = r.content.decode()
        assert "<html" not in body  # a partial
        assert "一车间工会小组" in body and "心内科工会小组" not in body

    def test_another_org_gets_404(self, client_for):
        assert client_for("hospital_chair").get("/o/S0001/orgs/").status_code == 404

    def test_a_member_gets_403(self, client_for):
        assert client_for("member").get("/o/S0001-G01/orgs/").status_code == 403

    def test_wrong_method_gets_405(self, client_for):
        assert client_for("hospital_chair").post("/o/H0001/orgs/").status_code == 405


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


class TestCommittee:
    def test_it_shows_the_terms(self, client_for):
        body = client_for("school_cadre").get("/o/S0001/orgs/committee/").content.decode()
        assert "/orgs/committee/" in body

    def test_a_cadre_adds_a_seat(self, client_for):
        term = _term("S0001")
        r = client_for("school_cadre").post(
            f"/o/S0001/orgs/committee/{term.pk}/seats/new/",
            {"person_name": "新委员", "position": "member", "portfolio": "propaganda", "order": 20},
        )
        assert r.status_code == 302
        with unscoped():
            assert CommitteeSeat.objects.filter(term=term, person_name="新委员").exists()

    def test_the_chair_cannot_also_sit_on_the_audit_committee(self, client_for):
        term = _term("S0001")
        r = client_for("school_chair").post(
            f"/o/S0001/orgs/committee/{term.pk}/seats/new/",
            {"person_name": "李红梅", "position": "audit_member", "order": 30},
        )
        assert r.status_code == 200
        with unscoped():
            assert not CommitteeSeat.objects.filter(
                term=term, person_name="李红梅", position="audit_member"
            ).exists()

    def test_a_term_of_another_org_is_404_under_ones_own_code(self, client_for):
        other = _term("F0001")
        assert (
            client_for("school_chair").get(f"/o/S0001/orgs/committee/{other.pk}/").status_code
            == 404
        )

    def test_removing_a_seat_is_logged(self, client_for):
        term = _term("S0001")
        with unscoped():
            seat = CommitteeSeat.objects.filter(term=term).last()
        r = client_for("school_chair").post(
            f"/o/S0001/orgs/committee/{term.pk}/seats/{seat.pk}/delete/"
        )
        assert r.status_code == 302
        with unscoped():
            assert not CommitteeSeat.objects.filter(pk=seat.pk).exists()
            entry = AuditEntry.objects.get(
                action="orgs.committeeseat.deleted", object_id=str(seat.pk)
            )
        assert entry.org.code == "S0001"
        assert entry.changes["person_name"][0] == seat.person_name

    def test_deleting_by_get_is_405(self, client_for):
        term = _term("S0001")
        with unscoped():
            seat = CommitteeSeat.objects.filter(term=term).last()
        assert (
            client_for("school_chair")
            .get(f"/o/S0001/orgs/committee/{term.pk}/seats/{seat.pk}/delete/")
            .status_code
            == 405
        )

    def test_a_finance_role_cannot_edit(self, client_for):
        term = _term("F0001")
        assert (
            client_for("factory_finance")
            .get(f"/o/F0001/orgs/committee/{term.pk}/edit/")
            .status_code
            == 403
        )

    def test_a_term_must_end_after_it_starts(self, client_for):
        r = client_for("community_chair").post(
            "/o/C0001/orgs/committee/new/",
            {"number": 3, "start_date": "2029-09-01", "end_date": "2029-01-01"},
        )
        assert r.status_code == 200
        with unscoped():
            assert not CommitteeTerm.objects.filter(org__code="C0001", number=3).exists()
