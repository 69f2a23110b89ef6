"""Demo: the district opened the statistics survey of the last period (1 October of last
year to 30 September), so every demo union has its figures computed from the records; the
factory entered its figures and handed in, and the district accepted it; the school's is a
draft for its chair to complete (the staff, the cadres, the institutions no record holds).

Run in the second pass (`finish`), once the books of every module are posted. Deterministic
and idempotent (nothing is added when the district already opened that year's survey)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gonghui.core.scoping import scope

from . import services
from .models import SurveyPeriod, SurveyReport


def _last_year(today: dt.date) -> int:
    return today.year if today.month >= 10 else today.year - 1


def load(ctx) -> None:
    """Nothing in the first pass: the survey reads every module's records."""


def finish(ctx) -> None:
    orgs, users = ctx["orgs"], ctx["users"]
    district, staff = orgs["D0001"], users["district"]
    year = _last_year(timezone.localdate())
    if SurveyPeriod._base_manager.filter(org=district, year=year).exists():
        return
    with scope(district):
        period = services.survey_period_open(actor=staff, org=district, year=year, eligible_units=6)
        reports = {r.org.code: r for r in SurveyReport.objects.filter(period=period)}
        factory = reports.get("F0001")
        if factory is None:
            return
        members = int(factory.computed.get("members") or 0)
        women = int(factory.computed.get("women_members") or 0)
        committee = int(factory.computed.get("committee_members") or 0)
        services.survey_report_save(
            actor=users["factory_chair"],
            report=factory,
            values={
                "staff": members + 14,
                "women_staff": women + 6,
                "fulltime_cadres": 1,
                "parttime_cadres": max(committee - 1, 0),
                "has_women_committee": 1,
                "has_legal_supervision": 1,
                "has_mediation": 1,
                "has_worker_director": 0,
            },
        )
        try:
            factory = services.survey_report_submit(actor=users["factory_chair"], report=factory)
        except services.SurveyError as exc:  # the records changed: say so, leave a draft
            ctx.setdefault("warnings", []).append(f"survey demo: {exc.message}")
        else:
            services.survey_report_accept(actor=staff, report=factory, comment="数据经核对无误。")
        school = reports.get("S0001")
        if school is not None:
            services.survey_report_save(
                actor=users["school_chair"], report=school, values={"fulltime_cadres": 1}
            )
