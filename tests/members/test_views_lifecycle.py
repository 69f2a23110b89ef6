"""Pages of the members app: membership changes (retire, leave, approve an application)."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.core.scoping import unscoped
from gonghui.members.models import EventKind, Member, Status

from .conftest import school_member

pytestmark = pytest.mark.django_db


class TestLifecycle:
    def test_retire_keeps_membership_and_stops_dues(self, client_for):
        m = school_member()
        r = client_for("school_chair").post(
            f"/o/S0001/members/{m.pk}/retire/", {"date": "2026-10-15", "reason": ""}
        )
        assert r.status_code == 302
        m.refresh_from_db()
        assert m.status == Status.RETAINED and m.dues_stop_month == dt.date(2026, 10, 1)

    def test_leaving_needs_a_reason(self, client_for):
        m = school_member()
        client_for("school_chair").post(
            f"/o/S0001/members/{m.pk}/leave/", {"date": "2026-10-15", "reason": " "}
        )
        m.refresh_from_db()
        assert m.status == Status.ACTIVE
        client_for("school_chair").post(
            f"/o/S0001/members/{m.pk}/leave/", {"date": "2026-10-15", "reason": "调离"}
        )
        m.refresh_from_db()
        assert m.status == Status.LEFT
        with unscoped():
            assert m.events.filter(kind=EventKind.LEFT, reason="调离").exists()

    def test_an_application_is_approved(self, client_for):
        with unscoped():
            m = Member.objects.filter(status=Status.APPLIED, org__code="S0001-G02").first()
        client_for("school_chair").post(f"/o/S0001/members/{m.pk}/approve/", {"date": "2026-11-20"})
        m.refresh_from_db()
        assert m.status == Status.ACTIVE and m.joined_on == dt.date(2026, 11, 20)

    def test_approving_an_active_member_is_refused(self, client_for):
        m = school_member()
        client_for("school_chair").post(f"/o/S0001/members/{m.pk}/approve/", {"date": "2026-11-20"})
        m.refresh_from_db()
        assert m.status == Status.ACTIVE and m.joined_on != dt.date(2026, 11, 20)

    def test_a_group_leader_cannot_change_membership(self, client_for):
        with unscoped():
            m = Member.objects.filter(org__code="S0001-G01", user__isnull=True).first()
        assert (
            client_for("group_leader")
            .post(f"/o/S0001-G01/members/{m.pk}/retire/", {"date": "2026-10-15"})
            .status_code
            == 403
        )

    def test_get_is_405(self, client_for):
        m = school_member()
        assert client_for("school_chair").get(f"/o/S0001/members/{m.pk}/retire/").status_code == 405
