"""Pages of the organisations app: the committee (its terms and seats)."""

from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.orgs.models import CommitteeSeat, CommitteeTerm, OrgKind
from tests.factories import UnionFactory
from tests.orgs.factories import make_term

pytestmark = pytest.mark.django_db


class TestCommittee:
    def test_it_shows_the_terms(self, union, term, staff, login):
        body = login(staff("cadre", union)).get(f"/o/{union.code}/orgs/committee/").content
        body = body.decode()
        assert f"/orgs/committee/{term.pk}/" in body

    def test_a_cadre_adds_a_seat(self, union, term, staff, login):
        r = login(staff("cadre", union)).post(
            f"/o/{union.code}/orgs/committee/{term.pk}/seats/new/",
            {"person_name": "新委员", "position": "member", "portfolio": "propaganda", "order": 20},
        )
        assert r.status_code == 302
        with unscoped():
            assert CommitteeSeat.objects.filter(term=term, person_name="新委员").exists()

    def test_the_chair_cannot_also_sit_on_the_audit_committee(self, union, term, staff, login):
        with unscoped():
            chair_name = term.seats.get(position="chair").person_name
        r = login(staff("chair", union)).post(
            f"/o/{union.code}/orgs/committee/{term.pk}/seats/new/",
            {"person_name": chair_name, "position": "audit_member", "order": 30},
        )
        assert r.status_code == 200
        with unscoped():
            assert not CommitteeSeat.objects.filter(
                term=term, person_name=chair_name, position="audit_member"
            ).exists()

    def test_a_term_of_another_org_is_404_under_ones_own_code(self, union, term, staff, login):
        elsewhere = UnionFactory()
        other = make_term(elsewhere, staff("chair", elsewhere), number=4)
        chair = login(staff("chair", union))
        assert chair.get(f"/o/{union.code}/orgs/committee/{term.pk}/").status_code == 200
        assert chair.get(f"/o/{union.code}/orgs/committee/{other.pk}/").status_code == 404

    def test_removing_a_seat_is_logged(self, union, term, staff, login):
        with unscoped():
            seat = CommitteeSeat.objects.filter(term=term).last()
        r = login(staff("chair", union)).post(
            f"/o/{union.code}/orgs/committee/{term.pk}/seats/{seat.pk}/delete/"
        )
        assert r.status_code == 302
        with unscoped():
            assert not CommitteeSeat.objects.filter(pk=seat.pk).exists()
            entry = AuditEntry.objects.get(
                action="orgs.committeeseat.deleted", object_id=str(seat.pk)
            )
        assert entry.org.code == union.code
        assert entry.changes["person_name"][0] == seat.person_name

    def test_deleting_by_get_is_405(self, union, term, staff, login):
        with unscoped():
            seat = CommitteeSeat.objects.filter(term=term).last()
        assert (
            login(staff("chair", union))
            .get(f"/o/{union.code}/orgs/committee/{term.pk}/seats/{seat.pk}/delete/")
            .status_code
            == 405
        )

    def test_a_finance_role_cannot_edit(self, union, term, staff, login):
        assert (
            login(staff("finance", union))
            .get(f"/o/{union.code}/orgs/committee/{term.pk}/edit/")
            .status_code
            == 403
        )

    def test_a_term_must_end_after_it_starts(self, staff, login):
        joint = UnionFactory(kind=OrgKind.JOINT)
        r = login(staff("chair", joint)).post(
            f"/o/{joint.code}/orgs/committee/new/",
            {"number": 3, "start_date": "2029-09-01", "end_date": "2029-01-01"},
        )
        assert r.status_code == 200
        with unscoped():
            assert not CommitteeTerm.objects.filter(org=joint, number=3).exists()
