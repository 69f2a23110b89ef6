"""Pages of the members app: transfers between unions (sent, accepted, refused)."""

from __future__ import annotations

import pytest

from gonghui.core.scoping import unscoped
from gonghui.members.models import MembershipEvent, Status, Transfer

from .conftest import _path, school_member

pytestmark = pytest.mark.django_db


class TestTransfer:
    def test_a_transfer_is_two_sided(self, client_for):
        m = school_member()
        school, hospital = client_for("school_chair"), client_for("hospital_chair")
        school.post(
            f"/o/S0001/members/{m.pk}/transfer/", {"to_code": "h0001", "reason": "调入人民医院"}
        )
        m.refresh_from_db()
        assert m.status == Status.TRANSFERRING
        with unscoped():
            t = Transfer.objects.get(member=m, state="pending")
        # The receiving union sees it; the sending one cannot decide it.
        assert m.name in hospital.get("/o/H0001/members/transfers/").content.decode()
        assert school.post(f"/o/S0001/members/transfers/{t.pk}/accept/").status_code == 404
        hospital.post(f"/o/H0001/members/transfers/{t.pk}/accept/", {"group": "H0001-G01"})
        m.refresh_from_db()
        t.refresh_from_db()
        assert m.status == Status.ACTIVE and m.org.code == "H0001-G01" and t.state == "accepted"
        # The member's record left the school's scope, its history did not vanish.
        assert school.get(f"/o/S0001/members/{m.pk}/").status_code == 404
        kinds = [e.kind for e in MembershipEvent._base_manager.filter(member=m)]
        assert "transfer_out" in kinds and "transfer_in" in kinds

    def test_a_refused_transfer_returns_the_member(self, client_for):
        m = school_member()
        client_for("school_chair").post(f"/o/S0001/members/{m.pk}/transfer/", {"to_code": "F0001"})
        with unscoped():
            t = Transfer.objects.get(member=m, state="pending")
        client_for("factory_chair").post(
            f"/o/F0001/members/transfers/{t.pk}/refuse/", {"reason": "不在本单位工作"}
        )
        m.refresh_from_db()
        assert m.status == Status.ACTIVE and m.org.path.startswith(_path("S0001"))
