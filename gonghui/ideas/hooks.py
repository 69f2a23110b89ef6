"""What the ideas module gives the rest of the platform: dashboard panels, the plan
evidence of a proposal drive, and the year's figures for the summary."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.plans.evidence import Described
from gonghui.plans.figures import Figure

from . import rules, selectors
from .models import Drive, Idea

CATEGORIES = ("contest",)


def panel(request) -> dict | None:
    """For the committee: ideas waiting on it and overdue departments."""
    desk = selectors.desk(request.org)
    if not desk["open"] and not desk["overdue"]:
        return None
    return desk


def member_panel(request) -> dict | None:
    """For a member without the committee's rights: submit an idea, how many so far."""
    if request.access.has("ideas.idea:read"):
        return None
    member = selectors.member_of(request.user, request.org)
    if member is None:
        return None
    return {"count": len(selectors.my_ideas(member))}


def describe(drive: Drive) -> Described:
    counts = Idea._base_manager.filter(drive_id=drive.pk).aggregate(
        n=Count("id"), adopted=Count("id", filter=Q(outcome__in=rules.ADOPTING))
    )
    return Described(
        title=drive.title,
        date=drive.starts_on,
        url=reverse("ideas:index", kwargs={"org_code": drive.org.code})
        + f"?drive={drive.pk}&year={drive.starts_on.year}",
        summary=_("%(n)s ideas, %(a)s adopted") % {"n": counts["n"], "a": counts["adopted"]},
        figures={"ideas": counts["n"], "adopted": counts["adopted"]},
    )


def candidates(org, year: int):
    return (
        Drive.objects.filter(org__path__startswith=org.path, starts_on__year=year)
        .select_related("org")
        .order_by("-starts_on", "-id")
    )


def year_figures(org, year: int) -> list[Figure]:
    qs = selectors.year_ideas(org, year)
    t = qs.aggregate(
        n=Count("id"),
        adopted=Count("id", filter=Q(outcome__in=rules.ADOPTING)),
        implemented=Count("id", filter=Q(implemented_at__isnull=False)),
        value=Sum("value_created"),
    )
    if not t["n"]:
        return []
    m = selectors.metrics(org, year)["overall"]
    items = pgettext("measure word for proposals", "proposals")
    figures = [
        Figure(
            "ideas.submitted",
            _("Rationalisation proposals collected"),
            t["n"],
            items,
            _("members put forward {value} {unit} of rationalisation proposals (金点子)"),
        ),
        Figure(
            "ideas.proposers",
            _("Members who made proposals"),
            m["proposers"],
            pgettext("measure word for people", "people"),
            _("{value} {unit} took part"),
        ),
        Figure(
            "ideas.adopted",
            _("Rationalisation proposals adopted"),
            t["adopted"],
            items,
            _("{value} {unit} were adopted"),
        ),
        Figure(
            "ideas.implemented",
            _("Rationalisation proposals implemented"),
            t["implemented"],
            items,
            _("{value} {unit} have been implemented"),
        ),
    ]
    if t["value"]:
        figures.append(
            Figure(
                "ideas.value",
                _("Value created by proposals"),
                t["value"],
                _("10,000 yuan"),
                _("creating a value of {value} {unit}"),
            )
        )
    if m["rewards"]:
        figures.append(
            Figure(
                "ideas.rewards",
                _("Rewards for proposals"),
                m["rewards"],
                pgettext("currency unit", "yuan"),
                _("rewarded with {value} {unit}"),
            )
        )
    return figures
