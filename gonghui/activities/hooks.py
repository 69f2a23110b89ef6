"""What the activities module plugs into the shared registries: the activity as plan
evidence, the year's figures for the summary, participation for the lapse rule, and the
dashboard card."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.plans.evidence import Described
from gonghui.plans.figures import Figure

from . import selectors
from .models import HELD, KIND_CATEGORIES, Activity, Kind, Signup, SignupState, Status

# Every category an activity of some kind usually fulfils, for the plan's suggestions.
CATEGORIES = tuple(dict.fromkeys(c for cats in KIND_CATEGORIES.values() for c in cats)) + ("women",)


def describe(activity: Activity) -> Described:
    signups = Signup._base_manager.filter(activity_id=activity.pk, state=SignupState.CONFIRMED)
    n = signups.filter(checked_in_at__isnull=False).count()
    parts = [_("%(n)s people took part") % {"n": n}]
    if activity.actual_cost is not None:
        parts.append(_("%(cost)s yuan spent") % {"cost": activity.actual_cost})
    figures: dict = {"participants": n}
    if activity.actual_cost is not None:
        figures["cost"] = float(activity.actual_cost)
    return Described(
        title=activity.title,
        date=timezone.localtime(activity.starts_at).date(),
        url=reverse(
            "activities:detail", kwargs={"org_code": activity.org.code, "activity_id": activity.pk}
        ),
        summary=" · ".join(parts),
        figures=figures,
    )


def candidates(org, year: int):
    """Activities held in `year` by `org` and the nodes below it, newest first."""
    return selectors.held_in(org, year).select_related("org").order_by("-starts_at", "-id")


def year_figures(org, year: int) -> list[Figure]:
    held = selectors.held_in(org, year)
    n = held.count()
    if not n:
        return []
    att = selectors.attendances(org, year)
    times = att.count()
    people = att.values("member_id").distinct().count()
    out = [
        Figure(
            "activities.held",
            _("Activities held"),
            n,
            _("activities"),
            _("The union held {value} {unit}"),
        ),
        Figure(
            "activities.participants",
            _("Attendances at activities"),
            times,
            _("attendances"),
            _("with {value} {unit}"),
        ),
        Figure(
            "activities.people",
            _("Members who took part"),
            people,
            _("people"),
            _("{value} different members took part"),
        ),
    ]
    by_kind = dict(held.values_list("kind").annotate(c=Count("id")).values_list("kind", "c"))
    for value, label in Kind.choices:
        if by_kind.get(value):
            out.append(
                Figure(
                    f"activities.kind.{value}",
                    str(label),
                    by_kind[value],
                    _("activities"),
                    _("{value} of them: %(kind)s") % {"kind": label},
                )
            )
    return out


def took_part(member_ids, since: dt.date) -> set[int]:
    """Members who checked in at an activity held since `since` (for the lapse rule)."""
    ids = list(member_ids)
    if not ids:
        return set()
    return set(
        Signup._base_manager.filter(
            member_id__in=ids,
            checked_in_at__isnull=False,
            activity__starts_at__date__gte=since,
            activity__status__in=HELD,
        ).values_list("member_id", flat=True)
    )


def panel(request) -> dict | None:
    """Coming activities: for cadres those organised here, for a member those open to
    them. None (no card) when there is nothing ahead."""
    now = timezone.now()
    code = request.org.code
    access = request.access
    if access.has("activities.activity:read"):
        qs = selectors.with_counts(
            Activity.objects.filter(
                ends_at__gte=now,
                status__in=[Status.PUBLISHED, Status.SIGNUP_OPEN, Status.IN_PROGRESS],
            )
        ).order_by("starts_at", "id")[:5]
        items = [
            {
                "title": a.title,
                "starts_at": a.starts_at,
                "open": a.signup_is_open(now),
                "count": a.n_confirmed,
                "quota": a.quota,
                "url": reverse("activities:detail", kwargs={"org_code": code, "activity_id": a.pk}),
            }
            for a in qs
        ]
        more = reverse("activities:index", kwargs={"org_code": code})
        member = False
    else:
        m = selectors.member_of(request.user, request.org)
        if m is None:
            return None
        items = [
            {
                "title": a.title,
                "starts_at": a.starts_at,
                "open": a.signup_is_open(now),
                "count": None,
                "quota": None,
                "url": reverse("activities:signup", kwargs={"org_code": code, "activity_id": a.pk}),
            }
            for a in selectors.open_for(m, now=now)[:5]
        ]
        more = reverse("activities:mine", kwargs={"org_code": code})
        member = True
    if not items:
        return None
    return {"items": items, "more": more, "member": member}
