"""What the voting module plugs into the shared registries: a democratic evaluation as plan
evidence (民主评议 done) and the year's figures for the summary."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.plans.evidence import Described
from gonghui.plans.figures import Figure

from .models import Ballot, EvaluationForm, EvaluationParticipation, State


def describe_evaluation(form: EvaluationForm) -> Described:
    parts = EvaluationParticipation._base_manager.filter(form_id=form.pk)
    n = parts.filter(responded_on__isnull=False).count()
    subjects = form.subjects.model._base_manager.filter(form_id=form.pk).count()
    day = timezone.localtime(form.published_at or form.closed_at or form.created_at).date()
    return Described(
        title=form.title,
        date=day,
        url=reverse(
            "voting:evaluation", kwargs={"org_code": form.org.code, "evaluation_id": form.pk}
        ),
        summary=_("%(n)s answers, %(s)s people evaluated") % {"n": n, "s": subjects},
        figures={"answers": n, "evaluated": subjects},
    )


def evaluation_candidates(org, year: int):
    return (
        EvaluationForm.objects.filter(
            org__path__startswith=org.path,
            state=State.PUBLISHED,
            published_at__year=year,
        )
        .select_related("org")
        .order_by("-published_at", "-id")
    )


def year_figures(org, year: int) -> list[Figure]:
    ballots = Ballot.objects.filter(
        org__path__startswith=org.path, state=State.PUBLISHED, published_at__year=year
    ).aggregate(n=Count("id"), items=Count("items"), secret=Count("id", filter=Q(secret=True)))
    evaluations = EvaluationForm.objects.filter(
        org__path__startswith=org.path, state=State.PUBLISHED, published_at__year=year
    ).count()
    out = []
    if ballots["n"]:
        out.append(
            Figure(
                "voting.ballots",
                _("Ballots held"),
                ballots["n"],
                _("ballots"),
                _("{value} {unit} were held"),
            )
        )
    if evaluations:
        out.append(
            Figure(
                "voting.evaluations",
                _("Democratic evaluations"),
                evaluations,
                _("evaluations"),
                _("{value} democratic {unit} of leaders were carried out"),
            )
        )
    return out
