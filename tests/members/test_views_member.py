"""Pages of the members app: one member's record (detail, reveal of the ID, adding and editing)."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.members import services
from gonghui.members.models import EventKind, Member, MembershipEvent
from tests.factories import GroupFactory, MemberFactory, UnionFactory

from .conftest import done

pytestmark = pytest.mark.django_db

NEW_ID = "11010519491231002X"


class TestDetailAndReveal:
    def test_reveal_shows_the_full_id_and_is_logged(self, union, chair, member, login):
        m = member
        c = login(chair)
        assert m.id_number not in c.get(f"/o/{union.code}/members/{m.pk}/").content.decode()
        body = c.get(f"/o/{union.code}/members/{m.pk}/?reveal=1").content.decode()
        assert m.id_number in body
        with unscoped():
            assert AuditEntry.objects.filter(
                action="members.member.revealed", object_id=str(m.pk)
            ).exists()

    def test_a_cadre_without_the_sensitive_right_cannot_reveal(self, union, cadre, member, login):
        url = f"/o/{union.code}/members/{member.pk}/?reveal=1"
        assert login(cadre).get(url).status_code == 403

    def test_history_includes_events_from_the_previous_union(self, staff, login):
        school = UnionFactory(name="示范区实验中学工会")
        hospital = UnionFactory(name="示范区人民医院工会")
        m = MemberFactory(org=GroupFactory(parent=school))
        sender, receiver = staff("chair", school), staff("chair", hospital)
        transfer = done(services.member_transfer_request, sender, school, member=m, to_org=hospital)
        done(services.member_transfer_accept, receiver, hospital, transfer=transfer)
        with unscoped():
            event = MembershipEvent.objects.get(kind=EventKind.TRANSFER_IN, member=m)
        assert event.org == hospital
        body = login(receiver).get(f"/o/{hospital.code}/members/{m.pk}/").content.decode()
        assert "示范区实验中学工会" in body  # the union the member came from


class TestCreateAndEdit:
    def test_a_cadre_adds_a_member_and_birth_and_sex_come_from_the_id(
        self, union, group, cadre, login
    ):
        r = login(cadre).post(
            f"/o/{union.code}/members/new/",
            {
                "name": "林 晓",
                "id_type": "resident",
                "id_number": NEW_ID.lower(),
                "org": group.pk,
                "member_type": "regular",
            },
        )
        assert r.status_code == 302, r.content.decode()[:2000]
        with unscoped():
            m = Member.objects.get(id_number=NEW_ID)
            assert m.org == group
            assert m.name == "林晓" and m.name_pinyin == "linxiao" and m.name_initials == "lx"
            assert m.birth_date == dt.date(1949, 12, 31) and m.sex == "female"
            assert m.events.filter(kind=EventKind.JOINED).exists()
            assert AuditEntry.objects.filter(
                action="members.member.created", object_id=str(m.pk)
            ).exists()

    def test_a_wrong_check_digit_is_refused_and_the_input_kept(self, union, cadre, login):
        r = login(cadre).post(
            f"/o/{union.code}/members/new/",
            {
                "name": "错号者",
                "id_type": "resident",
                "id_number": "110105194912310021",
                "org": union.pk,
                "member_type": "regular",
            },
        )
        assert r.status_code == 200
        assert "错号者" in r.content.decode()
        with unscoped():
            assert not Member.objects.filter(name="错号者").exists()

    def test_a_person_with_a_membership_elsewhere_is_refused(
        self, union, cadre, other_union, login
    ):
        with unscoped():
            other = Member.objects.filter(
                org__path__startswith=other_union.path, status="active"
            ).first()
        r = login(cadre).post(
            f"/o/{union.code}/members/new/",
            {
                "name": other.name,
                "id_type": "resident",
                "id_number": other.id_number,
                "org": union.pk,
                "member_type": "regular",
            },
        )
        assert r.status_code == 200
        with unscoped():
            assert Member.objects.filter(id_number=other.id_number).count() == 1
            assert Member.objects.get(id_number=other.id_number).org.path.startswith(
                other_union.path
            )

    def test_sex_contradicting_the_id_is_refused(self, union, cadre, login):
        r = login(cadre).post(
            f"/o/{union.code}/members/new/",
            {
                "name": "性别错",
                "id_type": "resident",
                "id_number": NEW_ID,
                "sex": "male",
                "org": union.pk,
                "member_type": "regular",
            },
        )
        assert r.status_code == 200
        with unscoped():
            assert not Member.objects.filter(id_number=NEW_ID).exists()

    def test_a_group_leader_cannot_add(self, group, staff, login):
        leader = staff("group_leader", group)
        assert login(leader).get(f"/o/{group.code}/members/new/").status_code == 403
