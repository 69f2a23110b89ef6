"""Pages of the members app: membership changes (retire, leave, approve an application)."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.core.scoping import unscoped
from gonghui.members.models import EventKind, Status
from tests.factories import GroupFactory, MemberFactory

from .conftest import refreshed

pytestmark = pytest.mark.django_db


class TestLifecycle:
    def test_retire_keeps_membership_and_stops_dues(self, union, chair, member, login):
        m = member
        r = login(chair).post(
            f"/o/{union.code}/members/{m.pk}/retire/", {"date": "2026-10-15", "reason": ""}
        )
        assert r.status_code == 302
        m.refresh_from_db()
        assert m.status == Status.RETAINED and m.dues_stop_month == dt.date(2026, 10, 1)

    def test_leaving_needs_a_reason(self, union, chair, member, login):
        m = member
        login(chair).post(
            f"/o/{union.code}/members/{m.pk}/leave/", {"date": "2026-10-15", "reason": " "}
        )
        m.refresh_from_db()
        assert m.status == Status.ACTIVE
        login(chair).post(
            f"/o/{union.code}/members/{m.pk}/leave/", {"date": "2026-10-15", "reason": "调离"}
        )
        m.refresh_from_db()
        assert m.status == Status.LEFT
        with unscoped():
            assert m.events.filter(kind=EventKind.LEFT, reason="调离").exists()

    def test_an_application_is_approved(self, union, chair, login):
        m = MemberFactory(org=GroupFactory(parent=union), status=Status.APPLIED, joined_on=None)
        login(chair).post(f"/o/{union.code}/members/{m.pk}/approve/", {"date": "2026-11-20"})
        m.refresh_from_db()
        assert m.status == Status.ACTIVE and m.joined_on == dt.date(2026, 11, 20)

    def test_approving_an_active_member_is_refused(self, union, chair, member, login):
        m = member
        login(chair).post(f"/o/{union.code}/members/{m.pk}/approve/", {"date": "2026-11-20"})
        m.refresh_from_db()
        assert m.status == Status.ACTIVE and m.joined_on != dt.date(2026, 11, 20)

    def test_a_group_leader_cannot_change_membership(self, group, member, staff, login):
        m = member
        assert (
            login(staff("group_leader", group))
            .post(f"/o/{group.code}/members/{m.pk}/retire/", {"date": "2026-10-15"})
            .status_code
            == 403
        )
        assert refreshed(m).status == Status.ACTIVE

    def test_get_is_405(self, union, chair, member, login):
        url = f"/o/{union.code}/members/{member.pk}/retire/"
        assert login(chair).get(url).status_code == 405
