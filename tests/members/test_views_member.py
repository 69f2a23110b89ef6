"""Pages of the members app: one member's record (detail, reveal of the ID, adding and editing)."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.members.models import EventKind, Member, MembershipEvent

from .conftest import _path, school_member

pytestmark = pytest.mark.django_db

NEW_ID = "11010519491231002X"


class TestDetailAndReveal:
    def test_reveal_shows_the_full_id_and_is_logged(self, client_for):
        m = school_member()
        c = client_for("school_chair")
        assert m.id_number not in c.get(f"/o/S0001/members/{m.pk}/").content.decode()
        body = c.get(f"/o/S0001/members/{m.pk}/?reveal=1").content.decode()
        assert m.id_number in body
        with unscoped():
            assert AuditEntry.objects.filter(
                action="members.member.revealed", object_id=str(m.pk)
            ).exists()

    def test_a_cadre_without_the_sensitive_right_cannot_reveal(self, client_for):
        m = school_member()
        assert (
            client_for("school_cadre").get(f"/o/S0001/members/{m.pk}/?reveal=1").status_code == 403
        )

    def test_history_includes_events_from_the_previous_union(self, client_for):
        with unscoped():
            event = MembershipEvent.objects.filter(
                kind=EventKind.TRANSFER_IN, org__code="H0001"
            ).first()
        body = (
            client_for("hospital_chair")
            .get(f"/o/H0001/members/{event.member_id}/")
            .content.decode()
        )
        assert "示范区实验中学工会" in body  # the union the member came from


class TestCreateAndEdit:
    def test_a_cadre_adds_a_member_and_birth_and_sex_come_from_the_id(self, client_for):
        r = client_for("school_cadre").post(
            "/o/S0001/members/new/",
            {
                "name": "林 晓",
                "id_type": "resident",
                "id_number": NEW_ID.lower(),
                "org": _org_pk("S0001-G03"),
                "member_type": "regular",
            },
        )
        assert r.status_code == 302, r.content.decode()[:2000]
        with unscoped():
            m = Member.objects.get(id_number=NEW_ID)
            assert m.name == "林晓" and m.name_pinyin == "linxiao" and m.name_initials == "lx"
            assert m.birth_date == dt.date(1949, 12, 31) and m.sex == "female"
            assert m.events.filter(kind=EventKind.JOINED).exists()
            assert AuditEntry.objects.filter(
                action="members.member.created", object_id=str(m.pk)
            ).exists()

    def test_a_wrong_check_digit_is_refused_and_the_input_kept(self, client_for):
        r = client_for("school_cadre").post(
            "/o/S0001/members/new/",
            {
                "name": "错号者",
                "id_type": "resident",
                "id_number": "110105194912310021",
                "org": _org_pk("S0001"),
                "member_type": "regular",
            },
        )
        assert r.status_code == 200
        assert "错号者" in r.content.decode()
        with unscoped():
            assert not Member.objects.filter(name="错号者").exists()

    def test_a_person_with_a_membership_elsewhere_is_refused(self, client_for):
        with unscoped():
            other = Member.objects.filter(
                org__path__startswith=_path("F0001"), status="active"
            ).first()
        r = client_for("school_cadre").post(
            "/o/S0001/members/new/",
            {
                "name": other.name,
                "id_type": "resident",
                "id_number": other.id_number,
                "org": _org_pk("S0001"),
                "member_type": "regular",
            },
        )
        assert r.status_code == 200
        with unscoped():
            assert Member.objects.filter(id_number=other.id_number).count() == 1
            assert Member.objects.get(id_number=other.id_number).org.path.startswith(_path("F0001"))

    def test_sex_contradicting_the_id_is_refused(self, client_for):
        r = client_for("school_cadre").post(
            "/o/S0001/members/new/",
            {
                "name": "性别错",
                "id_type": "resident",
                "id_number": NEW_ID,
                "sex": "male",
                "org": _org_pk("S0001"),
                "member_type": "regular",
            },
        )
        assert r.status_code == 200
        with unscoped():
            assert not Member.objects.filter(id_number=NEW_ID).exists()

    def test_a_group_leader_cannot_add(self, client_for):
        assert client_for("group_leader").get("/o/S0001-G01/members/new/").status_code == 403


def _org_pk(code):
    from gonghui.orgs.models import Organisation

    with unscoped():
        return Organisation.objects.get(code=code).pk
