"""What the plans app plugs into the shared registries: its dashboard card, the free-text
work record as an evidence kind, and the year's count of work records."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .evidence import Described
from .figures import Figure
from .models import Record


def due_panel(request) -> dict | None:
    from .selectors import due_tasks

    due = due_tasks(request.org, timezone.localdate())
    if not due.this_month and not due.overdue:
        return None
    return {"due": due, "by_owner": due.by_owner()[:6], "today": timezone.localdate()}


def describe_record(record: Record) -> Described:
    # Candidate lists annotate the count; a single record counts its own.
    n = getattr(record, "n_attachments", None)
    if n is None:
        n = record.attachments.count()
    parts = []
    if record.participants:
        parts.append(_("%(n)s participants") % {"n": record.participants})
    if n:
        parts.append(_("%(n)s attachments") % {"n": n})
    figures = {"participants": record.participants} if record.participants else {}
    return Described(
        title=record.title,
        date=record.date,
        url=reverse("plans:record", kwargs={"org_code": record.org.code, "record_id": record.pk}),
        summary=" · ".join(parts),
        figures=figures,
    )


def record_candidates(org, year: int):
    return (
        Record.objects.filter(org=org, date__year=year)
        .select_related("org")
        .annotate(n_attachments=Count("attachments"))
        .order_by("-date", "-id")
    )


def plan_figures(org, year: int) -> list[Figure]:
    n = Record.objects.filter(org__path__startswith=org.path, date__year=year).count()
    if not n:
        return []
    return [
        Figure(
            "plans.records",
            _("Work records kept"),
            n,
            _("records"),
            _("{value} work records with their documents were filed"),
        )
    ]
