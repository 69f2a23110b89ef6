"""Who may sign up for an activity: rules as data, evaluated against the member record.

Every activity's audience is "members on the roll in the organiser's subtree", narrowed
by the chosen groups (if any) and by one audience rule. Each rule exists twice, as a
check on one member (sign-up) and as a query condition (statistics: who was reached),
and the two are kept side by side here so they cannot drift apart. A later module
(interest groups) adds its rule to RULES.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.members.models import ON_ROLL, Member, Status

from .models import Activity, Audience

YOUTH_AGE = 35  # 青年职工: under 35 (共青团、工会青年工作的通常口径)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def activity_day(activity: Activity) -> dt.date:
    return timezone.localtime(activity.starts_at).date()


@dataclass(frozen=True)
class Rule:
    test: Callable[[Member, Activity], bool]
    condition: Callable[[Activity], Q]
    refusal: str  # lazy: translated when shown


RULES: dict[str, Rule] = {
    Audience.ALL: Rule(lambda m, a: True, lambda a: Q(), ""),
    Audience.WOMEN: Rule(
        lambda m, a: m.sex == "female",
        lambda a: Q(sex="female"),
        gettext_lazy("This activity is for women members."),
    ),
    # Retired workers keep their membership as "retained" (保留会籍, 章程 Art.8).
    Audience.RETIREES: Rule(
        lambda m, a: m.status == Status.RETAINED,
        lambda a: Q(status=Status.RETAINED),
        gettext_lazy("This activity is for retired members."),
    ),
    Audience.UNDER_35: Rule(
        lambda m, a: (
            m.birth_date is not None and m.birth_date > _years_before(activity_day(a), YOUTH_AGE)
        ),
        lambda a: Q(birth_date__gt=_years_before(activity_day(a), YOUTH_AGE)),
        gettext_lazy("This activity is for members under 35."),
    ),
}


def group_paths(activity: Activity) -> list[str]:
    """Paths of the chosen groups ([] = the organiser's whole subtree); one query.

    Read through the link table, not `activity.groups` (the organisations' scoped
    manager): a member at one group must see that the activity is for another group,
    not an empty list that would mean "everybody".
    """
    if getattr(activity, "_group_paths", None) is None:
        activity._group_paths = paths_by_activity([activity.pk]).get(activity.pk, [])
    return activity._group_paths


def paths_by_activity(ids) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    rows = Activity.groups.through.objects.filter(activity_id__in=list(ids)).values_list(
        "activity_id", "organisation__path"
    )
    for activity_id, path in rows:
        out.setdefault(activity_id, []).append(path)
    return out


def refusal(activity: Activity, member: Member) -> str | None:
    """Why `member` is outside the activity's audience (a message), or None."""
    if member.status not in ON_ROLL:
        return _("Only members on the roll can sign up.")
    path = member.org.path
    # The organiser is the member's node or above it (its id is on the member's path);
    # the organiser's row is only read for the message.
    if f"/{activity.org_id}/" not in path:
        return _("This activity is for members of %(org)s.") % {"org": activity.org.name}
    paths = group_paths(activity)
    if paths and not any(path.startswith(p) for p in paths):
        return _("This activity is for members of the chosen groups.")
    rule = RULES[activity.audience]
    if not rule.test(member, activity):
        return str(rule.refusal)
    return None


def union_refusal(org, member: Member) -> str | None:
    """Why `member` cannot join an interest group or enter a contest of the union `org`
    (outside its subtree, or not on the roll), or None."""
    if not member.org.path.startswith(org.path):
        return _("%(name)s is not a member of %(org)s.") % {"name": member.name, "org": org.name}
    if member.status not in ON_ROLL:
        return _("%(name)s is not on the roll.") % {"name": member.name}
    return None


def condition(activity: Activity) -> Q:
    """The audience as a condition on Member (for "who could have come")."""
    q = Q(status__in=ON_ROLL, org__path__startswith=activity.org.path)
    paths = group_paths(activity)
    if paths:
        any_group = Q()
        for p in paths:
            any_group |= Q(org__path__startswith=p)
        q &= any_group
    return q & RULES[activity.audience].condition(activity)
