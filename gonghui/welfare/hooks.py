"""What the welfare app plugs into the shared registries: its dashboard card, batches and
single visits as plan evidence, and the year's care figures for the year-end summary."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.plans.evidence import Described
from gonghui.plans.figures import Figure

from . import selectors
from .models import COUNTED_STATES, Batch, CaseState, HardshipFile, Visit

CATEGORIES = ("care",)


def panel(request) -> dict | None:
    today = timezone.localdate()
    with_cases = request.access.has("welfare.case:read")
    # A page of the feed, not every reminder: a district has hundreds of thousands.
    feed = selectors.ReminderFeed(request.org, today, days=7, with_cases=with_cases)
    count = feed.count()
    due = list(selectors.reviews_due(request.org, today, 30)[:5]) if with_cases else []
    if not count and not due:
        return None
    return {"reminders": feed[:6], "count": count, "due": due}


def describe_visit(visit: Visit) -> Described:
    return Described(
        title=f"{visit.occasion_label}：{visit.member.name}",
        date=visit.date,
        url=reverse("welfare:visit", kwargs={"org_code": visit.org.code, "visit_id": visit.pk}),
        summary=visit.given,
        figures={"people": 1, "yuan": float(visit.amount)} if visit.amount else {"people": 1},
    )


def visit_candidates(org, year: int):
    return (
        Visit.objects.filter(
            org__path__startswith=org.path,
            date__year=year,
            batch__isnull=True,
            state__in=COUNTED_STATES,
        )
        .select_related("member", "org")
        .order_by("-date", "-id")
    )


def describe_batch(batch: Batch) -> Described:
    paid = batch.visits.filter(state__in=COUNTED_STATES).aggregate(n=Count("id"), s=Sum("amount"))
    n = paid["n"] if batch.state == Batch.State.PAID else batch.lines.count()
    amount = paid["s"] if batch.state == Batch.State.PAID else None
    summary = _("%(n)s people") % {"n": n}
    if amount:
        summary += f" · ¥{amount}"
    return Described(
        title=batch.title,
        date=batch.date,
        url=reverse(
            "welfare:batch", kwargs={"org_code": batch.org.code, "visit_batch_id": batch.pk}
        ),
        summary=summary,
        figures={"people": n, **({"yuan": float(amount)} if amount else {})},
    )


def batch_candidates(org, year: int):
    return Batch.objects.filter(org__path__startswith=org.path, date__year=year).order_by(
        "-date", "-id"
    )


def year_figures(org, year: int) -> list[Figure]:
    visits = selectors.paid_visits(org, year)
    totals = visits.aggregate(
        people=Count("member", distinct=True), n=Count("id"), amount=Sum("amount")
    )
    on_file = HardshipFile.objects.filter(
        org__path__startswith=org.path, state=CaseState.ACTIVE
    ).count()
    if not totals["n"] and not on_file:
        return []
    return [
        Figure(
            "welfare.people",
            _("Members visited"),
            totals["people"],
            _("people"),
            _("The union visited {value} {unit} in need or on special occasions"),
        ),
        Figure("welfare.visits", _("Visits"), totals["n"], _("visits"), _("in {value} {unit}")),
        Figure(
            "welfare.amount",
            _("Money and goods given"),
            (totals["amount"] or Decimal(0)).quantize(Decimal("0.01")),
            _("yuan"),
            _("giving {value} {unit} in condolence money and goods"),
        ),
        Figure(
            "welfare.hardship",
            _("Hardship households on file"),
            on_file,
            _("households"),
            _("{value} hardship households are on file and helped"),
        ),
    ]
