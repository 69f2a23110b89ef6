"""Lookups of interest groups and contests shared by the pages and the API.

Cadre lookups go through the scoped managers (another organisation's id is a 404).
The member-facing ones (a group's leader, a contest's judge, published results) read
the records of the organisation in the URL, its ancestors (a member whose login sits at
a group reaches the union's groups and contests) and its subtree; the caller then
checks that the user is the leader or a judge.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from gonghui.members.models import Member

from .models import Contest, Entrant, GroupMembership, GroupPlan, InterestGroup, Judge


def near(org, field: str) -> Q:
    chain = [int(p) for p in org.path.strip("/").split("/") if p]
    return Q(**{f"{field}_id__in": chain}) | Q(**{f"{field}__path__startswith": org.path})


def group(group_id: int) -> InterestGroup:
    found = InterestGroup.objects.select_related("org", "leader").filter(pk=group_id).first()
    if found is None:
        raise Http404
    return found


def membership(g: InterestGroup, membership_id: int) -> GroupMembership:
    found = (
        GroupMembership.objects.select_related("member", "group")
        .filter(pk=membership_id, group=g)
        .first()
    )
    if found is None:
        raise Http404
    return found


def plan(g: InterestGroup, plan_id: int) -> GroupPlan:
    found = GroupPlan._base_manager.filter(pk=plan_id, group=g).first()
    if found is None:
        raise Http404
    found.group = g
    return found


def group_near(org, group_id: int) -> InterestGroup:
    found = (
        InterestGroup._base_manager.select_related("org", "leader")
        .filter(near(org, "org"), pk=group_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def led_by(user, org) -> list[InterestGroup]:
    """The groups near `org` whose leader is the user's member record."""
    member = Member._base_manager.filter(user_id=getattr(user, "pk", None)).first()
    if member is None:
        return []
    return list(
        InterestGroup._base_manager.select_related("org").filter(
            near(org, "org"), leader=member, active=True
        )
    )


def plans_of(g: InterestGroup):
    """A group's plans, read past the scope (the leader's login may sit below the union)."""
    return GroupPlan._base_manager.filter(group=g).order_by("-year")


def contest(contest_id: int) -> Contest:
    found = (
        Contest.objects.select_related("activity", "activity__org").filter(pk=contest_id).first()
    )
    if found is None:
        raise Http404
    return found


def contest_near(org, contest_id: int) -> Contest:
    found = (
        Contest._base_manager.select_related("activity", "activity__org")
        .filter(near(org, "activity__org"), pk=contest_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def entrant(c: Contest, entrant_id: int) -> Entrant:
    found = Entrant._base_manager.select_related("member").filter(pk=entrant_id, contest=c).first()
    if found is None:
        raise Http404
    found.contest = c
    return found


def judge(c: Contest, judge_id: int) -> Judge:
    found = Judge._base_manager.filter(pk=judge_id, contest=c).first()
    if found is None:
        raise Http404
    found.contest = c
    return found


def member_in_scope(member_id) -> Member | None:
    """A member of the request's scope (a cadre's union), or None."""
    if not str(member_id or "").isdigit():
        return None
    return Member.objects.select_related("org").filter(pk=int(member_id)).first()
