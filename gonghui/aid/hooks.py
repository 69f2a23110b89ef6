"""What the aid app plugs into the shared registries: its dashboard card, plan evidence
kinds (a 金秋助学 round, a medical aid scheme) and the year's figures for the summary."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.plans.evidence import Described
from gonghui.plans.figures import Figure

from . import selectors
from .models import AidRound, Scheme


def pending_panel(request) -> dict | None:
    counts = selectors.pending_counts(request.org)
    if not any(counts.values()):
        return None
    return {"counts": counts}


def describe_round(rnd: AidRound) -> Described:
    report = selectors.education_report_for_round(rnd)
    return Described(
        title=rnd.name,
        date=rnd.closes_on,
        url=reverse("aid:round", kwargs={"org_code": rnd.org.code, "round_id": rnd.pk}),
        summary=_("%(people)s students, %(amount)s yuan")
        % {"people": report["people"], "amount": report["amount"]},
        figures={"aided_students": report["people"]},
    )


def round_candidates(org, year: int):
    return AidRound.objects.filter(org__path__startswith=org.path, year=year).order_by("-id")


def describe_scheme(scheme: Scheme) -> Described:
    import datetime as dt

    report = selectors.medical_report_for_scheme(scheme)
    return Described(
        title=scheme.name,
        date=dt.date(scheme.year, 12, 31),
        url=reverse("aid:scheme", kwargs={"org_code": scheme.org.code, "scheme_id": scheme.pk}),
        summary=_("%(enrolled)s enrolled, %(claims)s claims paid, %(amount)s yuan") % report,
        figures={"enrolled": report["enrolled"], "claims_paid": report["claims"]},
    )


def scheme_candidates(org, year: int):
    return Scheme.objects.filter(org__path__startswith=org.path, year=year).order_by("-id")


def year_figures(org, year: int) -> list[Figure]:
    edu = selectors.education_report(org, year)
    med = selectors.medical_report(org, year)
    out = []
    if edu.rounds:
        out += [
            Figure(
                "aid.education.people",
                _("Students aided (金秋助学)"),
                edu.people,
                _("people"),
                _("Golden autumn education aid helped {value} {unit}"),
            ),
            Figure(
                "aid.education.amount",
                _("Education aid paid"),
                edu.amount,
                _("yuan"),
                _("paying {value} {unit}"),
            ),
        ]
    if med.schemes:
        out += [
            Figure(
                "aid.medical.enrolled",
                _("Members in mutual medical aid"),
                med.enrolled,
                _("people"),
                _("{value} {unit} took part in mutual medical aid"),
            ),
            Figure(
                "aid.medical.claims",
                _("Medical aid claims paid"),
                med.paid_claims,
                _("times"),
                _("claims were paid {value} {unit}"),
            ),
            Figure(
                "aid.medical.amount",
                _("Medical aid paid"),
                med.amount,
                _("yuan"),
                _("for a total of {value} {unit}"),
            ),
        ]
    return out
