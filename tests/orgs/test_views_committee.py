"""Pages of the organisations app: the committee (its terms and seats)."""

from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.orgs.models import CommitteeSeat, CommitteeTerm

pytestmark = pytest.mark.django_db


def _term(code):
    with unscoped():
        return CommitteeTerm.objects.get(org__code=code)


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
