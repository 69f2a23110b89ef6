"""Interest groups (兴趣小组): members, the leader, the yearly plan and budget request the
leader submits and the union committee approves, and the group's own activities.

The committee (holders of activities.activity:write) sets groups up and decides on plans.
The leader is an ordinary member: they write and submit their group's plan through the
member pages, and the services check that the acting user is that group's leader.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.members.models import Member

from .. import audience
from ..models import Activity, GroupMembership, GroupPlan, InterestGroup, PlanStatus
from ..selectors import year_bounds
from ..services import ActivityError


def _in_union(org, member: Member) -> None:
    if why := audience.union_refusal(org, member):
        raise ActivityError(why)


@transaction.atomic
def group_create(
    *, actor, org, name: str, leader: Member | None = None, description: str = ""
) -> InterestGroup:
    name = name.strip()
    if not name:
        raise ActivityError(_("Give the group a name."))
    if InterestGroup._base_manager.filter(org=org, name=name).exists():
        raise ActivityError(_("There is already a group called %(name)s.") % {"name": name})
    if leader is not None:
        _in_union(org, leader)
    group = InterestGroup(org=org, name=name, leader=leader, description=description)
    group.save()
    if leader is not None:
        group_member_add(actor=actor, group=group, member=leader)
    return group


@transaction.atomic
def group_update(
    *,
    actor,
    group: InterestGroup,
    name: str,
    leader: Member | None,
    description: str,
    active: bool,
) -> InterestGroup:
    name = name.strip()
    if not name:
        raise ActivityError(_("Give the group a name."))
    if InterestGroup._base_manager.filter(org=group.org, name=name).exclude(pk=group.pk).exists():
        raise ActivityError(_("There is already a group called %(name)s.") % {"name": name})
    if leader is not None:
        _in_union(group.org, leader)
    group.name, group.leader, group.description, group.active = name, leader, description, active
    group.save()
    if leader is not None and not group.memberships.filter(member=leader).exists():
        group_member_add(actor=actor, group=group, member=leader)
    return group


@transaction.atomic
def group_member_add(*, actor, group: InterestGroup, member: Member) -> GroupMembership:
    _in_union(group.org, member)
    if GroupMembership._base_manager.filter(group=group, member=member).exists():
        raise ActivityError(_("%(name)s is already in the group.") % {"name": member.name})
    row = GroupMembership(group=group, member=member)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise ActivityError(
            _("%(name)s is already in the group.") % {"name": member.name}
        ) from None
    return row


@transaction.atomic
def group_member_remove(*, actor, membership: GroupMembership) -> None:
    group = membership.group
    if group.leader_id == membership.member_id:
        raise ActivityError(_("Choose another leader before the leader leaves the group."))
    membership.delete()


# -- the yearly plan -------------------------------------------------------------------------


def is_leader(user, group: InterestGroup) -> bool:
    return (
        group.leader_id is not None
        and getattr(user, "pk", None) is not None
        and Member._base_manager.filter(pk=group.leader_id, user_id=user.pk).exists()
    )


@transaction.atomic
def plan_save(
    *, actor, group: InterestGroup, year: int, text: str, budget: Decimal, by_leader: bool
) -> GroupPlan:
    """Write (or rewrite) the group's plan for `year`: the leader, or a committee cadre.
    A plan can change while it is a draft or after it was rejected (back to draft)."""
    if by_leader and not is_leader(actor, group):
        raise ActivityError(_("Only the group's leader can write its plan."))
    if not 2000 <= year <= 2100:
        raise ActivityError(_("Not a valid year."))
    if budget is None or budget < 0:
        raise ActivityError(_("The budget cannot be negative."))
    if not text.strip():
        raise ActivityError(_("Write the plan."))
    plan = GroupPlan._base_manager.select_for_update().filter(group=group, year=year).first()
    if plan is None:
        plan = GroupPlan(group=group, year=year)
    elif plan.status not in (PlanStatus.DRAFT, PlanStatus.REJECTED):
        raise ActivityError(_("A submitted or approved plan cannot be changed."))
    plan.group = group
    plan.text, plan.budget, plan.status = text.strip(), budget, PlanStatus.DRAFT
    plan.save()
    return plan


@transaction.atomic
def plan_submit(*, actor, plan: GroupPlan) -> GroupPlan:
    """The leader submits the plan and budget request to the union committee."""
    if not is_leader(actor, plan.group):
        raise ActivityError(_("Only the group's leader can submit its plan."))
    if plan.status != PlanStatus.DRAFT:
        raise ActivityError(_("Only a draft plan can be submitted."))
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.reason = ""
    plan.save()
    return plan


@transaction.atomic
def plan_decide(*, actor, plan: GroupPlan, approve: bool, reason: str = "") -> GroupPlan:
    """The committee approves the plan, or rejects it with a reason (back to the leader)."""
    if plan.status != PlanStatus.SUBMITTED:
        raise ActivityError(_("Only a submitted plan can be decided."))
    if not approve and not reason.strip():
        raise ActivityError(_("Give the reason for rejecting the plan."))
    plan.status = PlanStatus.APPROVED if approve else PlanStatus.REJECTED
    plan.reason = reason.strip()
    plan.decided_at = timezone.now()
    plan.decided_by = actor if getattr(actor, "pk", None) else None
    plan.save()
    return plan


# -- the group's activities ------------------------------------------------------------------


@transaction.atomic
def group_activity_link(
    *, actor, group: InterestGroup, activity: Activity, unlink: bool = False
) -> Activity:
    """Mark an activity of the union as the group's own, or (`unlink`) no longer."""
    if unlink and activity.interest_group_id != group.pk:
        raise ActivityError(_("The activity is not the group's."))
    if activity.org_id != group.org_id:
        raise ActivityError(_("The activity and the group belong to different unions."))
    activity.interest_group = None if unlink else group
    activity.save()
    return activity


def group_spending(group: InterestGroup, year: int) -> dict:
    """The budget the committee approved for `year` against the actual costs of the
    group's activities held that year."""
    plan = GroupPlan._base_manager.filter(group=group, year=year).first()
    start, end = year_bounds(year)
    spent = Activity._base_manager.filter(
        interest_group=group, starts_at__gte=start, starts_at__lt=end
    ).aggregate(s=Sum("actual_cost"))["s"] or Decimal("0.00")
    approved = plan.budget if plan and plan.status == PlanStatus.APPROVED else None
    return {
        "year": year,
        "plan": plan,
        "approved": approved,
        "spent": spent,
        "left": approved - spent if approved is not None else None,
        "over": approved is not None and spent > approved,
    }
