"""Reads of the interest groups.

Cadre lookups go through the scoped managers (another organisation's id is a 404). The
leader's read the groups reaching the organisation in the URL: it, its subtree and its
ancestors (a member whose login sits at a group reaches the union's groups); the caller then
checks that the user is the leader.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects

from gonghui.members.models import Member
from gonghui.orgs.models import Organisation

from ..models import Activity, GroupMembership, GroupPlan, InterestGroup
from ..selectors import one
from .services import is_leader


def groups():
    return InterestGroup.objects.select_related("org", "leader").order_by("name")


def group(group_id: int) -> InterestGroup:
    return one(InterestGroup.objects.select_related("org", "leader"), pk=group_id)


def membership(g: InterestGroup, membership_id: int) -> GroupMembership:
    qs = GroupMembership.objects.select_related("member", "group")
    return one(qs, pk=membership_id, group=g)


def plan(g: InterestGroup, plan_id: int) -> GroupPlan:
    # The group was checked for this caller (in scope, or led by them): its plans follow it.
    found = one(GroupPlan._base_manager, pk=plan_id, group=g)
    found.group = g
    return found


def group_near(org: Organisation, group_id: int) -> InterestGroup:
    qs = InterestGroup.objects.reaching(org).select_related("org", "leader")
    return one(qs, pk=group_id)


def led_group(user, org: Organisation, group_id: int) -> InterestGroup:
    """A group reaching `org` that the user leads (the leader's pages), or a 403."""
    g = group_near(org, group_id)
    if not is_leader(user, g):
        raise PermissionDenied
    return g


def led_by(user, org: Organisation) -> list[InterestGroup]:
    """The groups reaching `org` whose leader is the user's member record."""
    member = Member.objects.everywhere(why="a login's own member record").filter(
        user_id=getattr(user, "pk", None)
    )
    member = member.first()
    if member is None:
        return []
    qs = InterestGroup.objects.reaching(org).select_related("org")
    return list(qs.filter(leader=member, active=True))


def plans_of(g: InterestGroup):
    """A group's plans, read past the scope (the leader's login may sit below the union)."""
    return GroupPlan._base_manager.filter(group=g).order_by("-year")


def with_plans(groups: list[InterestGroup]) -> list[InterestGroup]:
    """`groups` with their plans read past the scope, like plans_of."""
    plans = GroupPlan._base_manager.order_by("-year")
    prefetch_related_objects(groups, Prefetch("plans", queryset=plans))
    return groups


def group_activities(g: InterestGroup):
    """The group's own activities (organised where the group is)."""
    return (
        Activity._base_manager.filter(interest_group=g).select_related("org").order_by("-starts_at")
    )
