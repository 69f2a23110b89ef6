"""Pages of the members app: members behind with their dues (the lapse list and its talks)."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.core.scoping import unscoped
from gonghui.members.models import Status
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def behind(group):
    """Two members whose dues are paid only up to early 2026 (more than six months behind)."""
    return [
        MemberFactory(org=group, name="欠费甲", dues_paid_until=dt.date(2026, 1, 1)),
        MemberFactory(org=group, name="欠费乙", dues_paid_until=dt.date(2026, 3, 1)),
    ]


class TestLapse:
    def test_members_six_months_behind_are_flagged_with_each_condition(
        self, union, group, chair, behind, login
    ):
        paid = MemberFactory(org=group, name="按时交", dues_paid_until=dt.date(2026, 10, 1))
        body = login(chair).get(f"/o/{union.code}/members/lapse/").content.decode()
        for m in behind:
            assert m.name in body
            assert f"/members/{m.pk}/" in body
        assert f"/members/{paid.pk}/" not in body
        assert "章程" in body  # the rule names its source

    def test_a_talk_is_recorded_and_the_cadre_still_decides(self, union, chair, behind, login):
        m = behind[-1]
        c = login(chair)
        c.post(
            f"/o/{union.code}/members/lapse/",
            {"member": m.pk, "date": "2026-11-20", "outcome": "refused", "note": ""},
        )
        m.refresh_from_db()
        assert m.status == Status.ACTIVE  # flagged, not lapsed
        with unscoped():
            assert m.lapse_talks.filter(outcome="refused").exists()

    def test_a_group_leader_cannot_see_the_list(self, group, staff, login):
        leader = login(staff("group_leader", group))
        assert leader.get(f"/o/{group.code}/members/lapse/").status_code == 403


def test_the_lapse_rule_counts_six_unpaid_months():
    from gonghui.members.rules import LAPSE
    from gonghui.members.selectors import months_before

    assert LAPSE.unpaid_months == 6
    assert months_before(dt.date(2026, 11, 1), 6) == dt.date(2026, 5, 1)
    assert months_before(dt.date(2026, 3, 1), 6) == dt.date(2025, 9, 1)
