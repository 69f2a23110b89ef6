"""Pages of the members app: transfers between unions (sent, accepted, refused)."""

from __future__ import annotations

import pytest

from gonghui.core.scoping import unscoped
from gonghui.members.models import MembershipEvent, Status, Transfer
from tests.factories import GroupFactory, UnionFactory

pytestmark = pytest.mark.django_db


class TestTransfer:
    def test_a_transfer_is_two_sided(self, union, chair, member, staff, login):
        m = member
        hospital = UnionFactory()
        ward = GroupFactory(parent=hospital)
        school, receiving = login(chair), login(staff("chair", hospital))
        school.post(
            f"/o/{union.code}/members/{m.pk}/transfer/",
            {"to_code": hospital.code.lower(), "reason": "调入人民医院"},
        )
        m.refresh_from_db()
        assert m.status == Status.TRANSFERRING
        with unscoped():
            t = Transfer.objects.get(member=m, state="pending")
        # The receiving union sees it; the sending one cannot decide it.
        assert m.name in receiving.get(f"/o/{hospital.code}/members/transfers/").content.decode()
        assert school.post(f"/o/{union.code}/members/transfers/{t.pk}/accept/").status_code == 404
        receiving.post(f"/o/{hospital.code}/members/transfers/{t.pk}/accept/", {"group": ward.code})
        m.refresh_from_db()
        t.refresh_from_db()
        assert m.status == Status.ACTIVE and m.org == ward and t.state == "accepted"
        # The member's record left the school's scope, its history did not vanish.
        assert school.get(f"/o/{union.code}/members/{m.pk}/").status_code == 404
        kinds = [e.kind for e in MembershipEvent._base_manager.filter(member=m)]
        assert "transfer_out" in kinds and "transfer_in" in kinds

    def test_a_refused_transfer_returns_the_member(self, union, chair, member, staff, login):
        m = member
        factory = UnionFactory()
        login(chair).post(f"/o/{union.code}/members/{m.pk}/transfer/", {"to_code": factory.code})
        with unscoped():
            t = Transfer.objects.get(member=m, state="pending")
        login(staff("chair", factory)).post(
            f"/o/{factory.code}/members/transfers/{t.pk}/refuse/", {"reason": "不在本单位工作"}
        )
        m.refresh_from_db()
        t.refresh_from_db()
        assert t.state == "refused"
        assert m.status == Status.ACTIVE and m.org.path.startswith(union.path)
