"""What the openness module plugs into the shared registries: the published notice as plan
evidence (民主管理 tasks like 坚持校务公开，每季度公开一次), the year's figures for the
summary, and the dashboard cards (cadres: due items and waiting questions; staff: the
latest notices)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.plans.evidence import Described
from gonghui.plans.figures import Figure

from . import selectors
from .models import Notice, Question

CATEGORIES = ("democracy",)


def describe(notice: Notice) -> Described:
    """Counted in the month it was published, so a quarterly task sees its quarters."""
    n = Question._base_manager.filter(notice_id=notice.pk).count()
    parts = [f"{notice.period_year} {notice.get_period_display()}", notice.get_channel_display()]
    if n:
        parts.append(_("%(n)s questions") % {"n": n})
    return Described(
        title=notice.title,
        date=notice.published_on or notice.approved_on or notice.created_at.date(),
        url=reverse(
            "openness:detail", kwargs={"org_code": notice.org.code, "notice_id": notice.pk}
        ),
        summary=" · ".join(parts),
        figures={"notices": 1, "questions": n},
    )


def candidates(org, year: int):
    """Notices published in `year` by `org` and the units below it, newest first."""
    return (
        Notice.objects.filter(
            org__path__startswith=org.path, published_on__year=year, published_on__isnull=False
        )
        .select_related("org")
        .order_by("-published_on", "-id")
    )


def year_figures(org, year: int) -> list[Figure]:
    published = Notice.objects.filter(org__path__startswith=org.path, published_on__year=year)
    n = published.count()
    if not n:
        return []
    questions = list(Question.objects.filter(notice__in=published))
    answered = sum(1 for q in questions if q.is_answered)
    on_time = sum(1 for q in questions if q.on_time)
    unit = selectors.openness_unit(org)
    out = [
        Figure(
            "openness.notices",
            _("Openness notices published"),
            n,
            _("notices"),
            _("%(system)s published {value} {unit}") % {"system": selectors.system_name(unit)},
        )
    ]
    if questions:
        out += [
            Figure(
                "openness.questions",
                _("Questions from staff"),
                len(questions),
                _("questions"),
                _("staff asked {value} {unit} on them"),
            ),
            Figure(
                "openness.answered",
                _("Questions answered"),
                answered,
                _("questions"),
                _("{value} were answered"),
            ),
            Figure(
                "openness.answered_on_time",
                _("Answered within 30 days"),
                on_time,
                _("questions"),
                _("{value} of them within 30 days"),
            ),
        ]
    return out


def cadre_panel(request) -> dict | None:
    unit = selectors.openness_unit(request.org)
    if not selectors.is_cadre(request, unit):
        return None
    today = timezone.localdate()
    statuses = selectors.due_status(unit, today.year, today)
    flagged = [(s, p) for s in statuses for p in s.flagged]
    waiting = list(selectors.unanswered(unit))
    if not flagged and not waiting:
        return None
    return {
        "system": selectors.system_name(unit),
        "flagged": len(flagged),
        "overdue": sum(1 for _s, p in flagged if p.state == selectors.OVERDUE),
        "items": flagged[:4],
        "unanswered": len(waiting),
        "late": sum(1 for q in waiting if q.overdue_on(today)),
    }


def reader_panel(request) -> dict | None:
    unit = selectors.openness_unit(request.org)
    if unit is None or selectors.is_cadre(request, unit):
        return None
    since = timezone.localdate() - dt.timedelta(days=90)
    latest = list(
        selectors.published_of(unit).filter(published_on__gte=since).order_by("-published_on")[:4]
    )
    if not latest:
        return None
    return {"system": selectors.system_name(unit), "notices": latest}
