"""Interest groups (services): members, the leader's plan and the committee's decision,
the group's activities against its approved budget, with their refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.activities.groups import services as svc
from gonghui.activities.models import Activity, GroupMembership
from gonghui.activities.services import ActivityError
from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped

from ..conftest import make_activity, members_of
from .conftest import YEAR, a_group, plan

pytestmark = pytest.mark.django_db


class TestServices:
    def test_the_leader_joins_and_cannot_leave(self, home):
        m = home.member
        g = a_group(home, leader=m)
        with unscoped():
            row = GroupMembership.objects.get(group=g, member=m)
            with pytest.raises(ActivityError):
                svc.group_member_remove(actor=None, membership=row)

    def test_members_of_the_union_only_and_once(self, home):
        g = a_group(home)
        other = members_of(home.other, 1)[0]
        mine = home.members(1)[0]
        with unscoped(), acting(source="system"):
            with pytest.raises(ActivityError):
                svc.group_member_add(actor=None, group=g, member=other)
            svc.group_member_add(actor=None, group=g, member=mine)
            with pytest.raises(ActivityError):
                svc.group_member_add(actor=None, group=g, member=mine)
            assert GroupMembership.objects.filter(group=g).count() == 1

    def test_names_are_unique_per_union(self, home):
        a_group(home)
        with pytest.raises(ActivityError):
            a_group(home)

    def test_plan_flow_leader_submits_committee_decides(self, home):
        g = a_group(home, leader=home.member)
        leader = home.member.user
        with unscoped(), acting(source="system"):
            with pytest.raises(ActivityError, match="组长才能填写"):
                svc.plan_save(
                    actor=home.cadre,
                    group=g,
                    year=YEAR,
                    text="x",
                    budget=Decimal(1),
                    by_leader=True,
                )
            p = svc.plan_save(
                actor=leader,
                group=g,
                year=YEAR,
                text="练习",
                budget=Decimal("2000"),
                by_leader=True,
            )
            with pytest.raises(ActivityError):
                svc.plan_submit(actor=home.cadre, plan=p)
            with pytest.raises(ActivityError):
                svc.plan_decide(actor=None, plan=p, approve=True)  # not submitted yet
            svc.plan_submit(actor=leader, plan=p)
            with pytest.raises(ActivityError):
                svc.plan_save(
                    actor=leader,
                    group=g,
                    year=YEAR,
                    text="y",
                    budget=Decimal(1),
                    by_leader=True,
                )
            with pytest.raises(ActivityError, match="理由"):
                svc.plan_decide(actor=None, plan=p, approve=False)
            svc.plan_decide(actor=None, plan=p, approve=False, reason="预算偏高")
            # Rejected: the leader rewrites it (back to draft) and submits again.
            p = svc.plan_save(
                actor=leader,
                group=g,
                year=YEAR,
                text="练习",
                budget=Decimal("1500"),
                by_leader=True,
            )
            assert p.status == "draft"
            svc.plan_submit(actor=leader, plan=p)
            svc.plan_decide(actor=home.chair, plan=p, approve=True)
            p.refresh_from_db()
        assert (p.status, p.budget, p.decided_by) == ("approved", Decimal("1500.00"), home.chair)

    def test_spending_against_the_approved_budget(self, home):
        g = a_group(home)
        plan(g, status="approved", budget="1000.00")
        a = home.activity(status="finished", actual_cost=Decimal("1200.00"))
        b = home.activity(status="finished", actual_cost=Decimal("50.00"))
        with unscoped(), acting(source="system"):
            svc.group_activity_link(actor=None, activity=a, group=g)
            svc.group_activity_link(actor=None, activity=b, group=g)
            spending = svc.group_spending(g, a.year)
        assert spending["approved"] == Decimal("1000.00")
        assert spending["spent"] == Decimal("1250.00")
        assert spending["over"] is True

    def test_an_activity_of_another_union_cannot_be_linked(self, home):
        g = a_group(home)
        a = make_activity(home.other)
        with unscoped(), pytest.raises(ActivityError):
            svc.group_activity_link(actor=None, activity=a, group=g)

    def test_only_the_groups_own_activity_is_unlinked(self, home):
        g, other = a_group(home), a_group(home, name="测试合唱")
        a = home.activity()
        with unscoped(), acting(source="system"):
            svc.group_activity_link(actor=None, group=other, activity=a)
            with pytest.raises(ActivityError):
                svc.group_activity_link(actor=None, group=g, activity=a, unlink=True)
            assert Activity.objects.get(pk=a.pk).interest_group_id == other.pk
            svc.group_activity_link(actor=None, group=other, activity=a, unlink=True)
            assert Activity.objects.get(pk=a.pk).interest_group_id is None
