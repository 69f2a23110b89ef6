"""What awards hands to the platform's registries: a round as plan evidence (评优表彰 tasks
such as 六月：各工会小组交流优秀人物事迹，评选先进), the year's awards per kind for the summary,
and the dashboard cards (the committee: what waits; members: open calls and 公示)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.plans.evidence import Described
from gonghui.plans.figures import Figure

from . import selectors
from .models import AwardRound, NominationStatus, Objection, RoundStatus

CATEGORIES = ("awards",)


def describe(round_: AwardRound) -> Described:
    counts = round_.nominations.aggregate(
        n=Count("id", filter=~Q(status=NominationStatus.WITHDRAWN)),
        awarded=Count("id", filter=Q(status=NominationStatus.AWARDED)),
    )
    parts = [round_.award_name, str(round_.get_status_display())]
    parts.append(_("%(n)s nominations") % {"n": counts["n"]})
    if counts["awarded"]:
        parts.append(_("%(n)s awarded") % {"n": counts["awarded"]})
    return Described(
        title=round_.title,
        date=round_.publicity_start or round_.nomination_deadline,
        url=reverse(
            "awards:round", kwargs={"org_code": round_.org.code, "award_round_id": round_.pk}
        ),
        summary=" · ".join(parts),
        figures={"nominations": counts["n"], "awarded": counts["awarded"]},
    )


def candidates(org, year: int):
    """Rounds of `org` and the unions below it in `year` past their draft, newest first."""
    return (
        AwardRound.objects.filter(org__path__startswith=org.path, year=year)
        .exclude(status=RoundStatus.DRAFT)
        .select_related("org")
        .order_by("-id")
    )


def year_figures(org, year: int) -> list[Figure]:
    rows = selectors.year_counts(org, year)
    if not rows:
        return []
    total = sum(n for _name, n in rows)
    out = [
        Figure(
            "awards.awarded",
            _("Awards given"),
            total,
            _("people or teams"),
            _("the union commended {value} {unit}"),
        )
    ]
    for name, n in rows:
        out.append(
            Figure(
                f"awards.awarded.{name}",
                name,
                n,
                _("people or teams"),
                _("%(award)s: {value} {unit}") % {"award": name},
            )
        )
    return out


def committee_panel(request) -> dict | None:
    if request.org.kind not in selectors.UNIT_KINDS:
        return None
    active = list(
        AwardRound.objects.filter(
            org=request.org,
            status__in=(RoundStatus.OPEN, RoundStatus.REVIEW, RoundStatus.PUBLICITY),
        ).order_by("-id")[:5]
    )
    if not active:
        return None
    waiting = Objection.objects.filter(
        nomination__round__in=active, answered_at__isnull=True
    ).count()
    return {"rounds": active, "objections": waiting}


def member_panel(request) -> dict | None:
    calls = list(selectors.open_calls(request.org)[:3])
    publicity = list(selectors.on_publicity(request.org)[:3])
    if not calls and not publicity:
        return None
    return {"calls": calls, "publicity": publicity}
