"""Pages of the members app: members behind with their dues (the lapse list and its talks)."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.core.scoping import unscoped
from gonghui.members.models import Member, Status

from .conftest import _path

pytestmark = pytest.mark.django_db


class TestLapse:
    def test_members_six_months_behind_are_flagged_with_each_condition(self, client_for):
        with unscoped():
            behind = Member.objects.filter(
                org__path__startswith=_path("F0001"),
                status="active",
                dues_paid_until__lt="2026-05-01",
            )
            names = list(behind.values_list("name", flat=True))
            paid = Member.objects.filter(
                org__path__startswith=_path("F0001"), status="active", dues_paid_until="2026-10-01"
            ).first()
        assert names
        body = client_for("factory_chair").get("/o/F0001/members/lapse/").content.decode()
        for name in names:
            assert name in body
        assert f"/members/{paid.pk}/" not in body
        assert "章程" in body  # the rule names its source

    def test_a_talk_is_recorded_and_the_cadre_still_decides(self, client_for):
        with unscoped():
            m = Member.objects.filter(
                org__path__startswith=_path("F0001"),
                status="active",
                dues_paid_until__lt="2026-05-01",
            ).last()
        c = client_for("factory_chair")
        c.post(
            "/o/F0001/members/lapse/",
            {"member": m.pk, "date": "2026-11-20", "outcome": "refused", "note": ""},
        )
        m.refresh_from_db()
        assert m.status == Status.ACTIVE  # flagged, not lapsed
        with unscoped():
            assert m.lapse_talks.filter(outcome="refused").exists()

    def test_a_group_leader_cannot_see_the_list(self, client_for):
        assert client_for("group_leader").get("/o/S0001-G01/members/lapse/").status_code == 403


def test_the_lapse_rule_counts_six_unpaid_months():
    from gonghui.members.rules import LAPSE
    from gonghui.members.selectors import months_before

    assert LAPSE.unpaid_months == 6
    assert months_before(dt.date(2026, 11, 1), 6) == dt.date(2026, 5, 1)
    assert months_before(dt.date(2026, 3, 1), 6) == dt.date(2025, 9, 1)
