"""The foreign district's statistics survey, opened for the foreign union: one record of
each kind the survey URLs take ids of."""

from __future__ import annotations

OBJECT_KWARGS = {
    "period_id": ("survey.SurveyPeriod", "org"),
    "report_id": ("survey.SurveyReport", "org"),
}


def build(union) -> None:
    from gonghui.survey import services

    services.survey_period_open(actor=None, org=union.parent, year=2026)
