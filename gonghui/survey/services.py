"""Workflows of the statistics survey: the upper union opens a period (every union below
gets a report with its computed figures), the unions recompute, correct, enter and hand
in, the upper union returns or accepts, aggregates and exports. Atomic; audited by the
models (exports by an explicit entry)."""

from __future__ import annotations

import datetime as dt
import io

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.core.errors import DomainError
from gonghui.core.scoping import locked
from gonghui.orgs.models import Organisation, OrgKind

from . import rules, selectors
from .models import EDITABLE_STATES, ReportStatus, SurveyPeriod, SurveyReport


class SurveyError(DomainError):
    """A survey workflow was refused; the message is for the user."""


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _stored(row: dict) -> dict:
    return {code: rules.to_json(v) for code, v in row.items()}


@transaction.atomic
def survey_period_open(
    *,
    actor,
    org: Organisation,
    year: int,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    deadline: dt.date | None = None,
    eligible_units: int | None = None,
) -> SurveyPeriod:
    """Open the survey of `year` for the unions below `org` (an upper union): one report
    each, its figures computed from the records of the period (default 1 October of the
    year before to 30 September)."""
    if org.kind != OrgKind.UPPER:
        raise SurveyError(_("The survey is opened by an upper union for the unions below it."))
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise SurveyError(_("Choose the survey year."), field="year")
    start, end, due = rules.period_dates(year)
    start, end, due = start_date or start, end_date or end, deadline or due
    if end <= start:
        raise SurveyError(_("The period must end after it starts."), field="end_date")
    if (end - start).days > 366:
        raise SurveyError(_("A survey period is at most one year."), field="end_date")
    if due < end:
        raise SurveyError(_("The deadline cannot be before the period ends."), field="deadline")
    if SurveyPeriod.objects.filter(org=org, year=year).exists():
        raise SurveyError(_("The survey of this year is already open."), field="year")
    unions = selectors.subtree_unions(org)
    if not unions:
        raise SurveyError(_("There is no union below to survey."))
    period = SurveyPeriod(
        org=org,
        year=year,
        start_date=start,
        end_date=end,
        deadline=due,
        eligible_units=eligible_units,
        opened_by=_user(actor),
    )
    period.save()
    figures = selectors.compute(period, unions)
    now = timezone.now()
    for union in unions:
        SurveyReport(
            period=period, org=union, computed=_stored(figures[union.pk]), computed_at=now
        ).save()
    return period


@transaction.atomic
def survey_report_compute(*, actor, report: SurveyReport) -> SurveyReport:
    """Compute the report's figures again from the records (what was entered or corrected
    stays); only while the union still holds the report."""
    report = locked(report)
    if report.status not in EDITABLE_STATES:
        raise SurveyError(_("A survey handed in is computed again only once it is returned."))
    figures = selectors.compute(report.period, [report.org])
    report.computed = _stored(figures[report.org.pk])
    report.computed_at = timezone.now()
    report.save()
    return report


@transaction.atomic
def survey_period_compute(*, actor, period: SurveyPeriod) -> int:
    """Compute again every report the unions still hold; how many were computed."""
    reports = [r for r in selectors.reports_of(period) if r.status in EDITABLE_STATES]
    if not reports:
        raise SurveyError(_("Every union has handed in its survey."))
    figures = selectors.compute(period, [r.org for r in reports])
    now = timezone.now()
    for report in reports:
        report = locked(report)
        report.computed = _stored(figures[report.org_id])
        report.computed_at = now
        report.save()
    return len(reports)


def clean_entries(report: SurveyReport, values: dict, reasons: dict) -> tuple[dict, dict, dict]:
    """(entered, reasons, errors) from what was typed: an entered indicator's value; a
    computed one's correction (a value different from the computed one) with its reason.
    An empty value clears the entry (a correction falls back to the computed figure)."""
    survey = report.period.survey
    entered = dict(report.entered)
    kept_reasons = dict(report.reasons)
    errors: dict = {}
    for code, raw in (values or {}).items():
        ind = survey.indicator(code)
        if ind is None:
            errors[code] = _("The survey has no such figure.")
            continue
        try:
            value = rules.parse_value(ind, raw)
        except rules.EntryError as exc:
            errors[code] = str(exc)
            continue
        computed = rules.from_json(ind, report.computed.get(code))
        if value is None or (ind.computed and value == computed):
            entered.pop(code, None)
            kept_reasons.pop(code, None)
            continue
        entered[code] = rules.to_json(value)
        if ind.computed:
            reason = str((reasons or {}).get(code) or kept_reasons.get(code) or "").strip()
            if not reason:
                errors[code] = _("Say why the computed figure is corrected.")
                continue
            kept_reasons[code] = reason[:300]
    return entered, kept_reasons, errors


def _editable(report: SurveyReport) -> None:
    if report.status not in EDITABLE_STATES:
        raise SurveyError(
            _("The survey has been handed in: it can be changed once it is returned.")
        )


@transaction.atomic
def survey_report_save(
    *, actor, report: SurveyReport, values: dict, reasons: dict | None = None
) -> SurveyReport:
    """Keep what the union entered or corrected (a draft)."""
    report = locked(report)
    _editable(report)
    entered, kept, errors = clean_entries(report, values, reasons or {})
    if errors:
        code, message = next(iter(errors.items()))
        raise SurveyError(message, field=code)
    report.entered, report.reasons = entered, kept
    report.save()
    return report


def missing(report: SurveyReport) -> list[rules.Indicator]:
    """Entered indicators the union has not filled in yet."""
    return [
        i
        for i in report.period.survey.indicators
        if not i.computed and i.code not in report.entered
    ]


@transaction.atomic
def survey_report_submit(*, actor, report: SurveyReport) -> SurveyReport:
    """Hand the report in: every entered figure filled, every logic check passed."""
    report = locked(report)
    _editable(report)
    gaps = missing(report)
    if gaps:
        raise SurveyError(
            _("Fill in: {names}.").format(names="、".join(str(i.label) for i in gaps)),
            field=gaps[0].code,
        )
    failures = rules.run_checks(report.period.survey, report.values())
    if failures:
        raise SurveyError(failures[0].message, field=failures[0].codes[0])
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = _user(actor)
    report.save()
    return report


@transaction.atomic
def survey_report_return(*, actor, report: SurveyReport, comment: str = "") -> SurveyReport:
    """Hand a submitted report back to the union, saying what to change."""
    report = locked(report)
    comment = (comment or "").strip()
    if report.status != ReportStatus.SUBMITTED:
        raise SurveyError(_("Only a submitted survey can be returned."))
    if not comment:
        raise SurveyError(_("Say what the union should change."), field="comment")
    report.status = ReportStatus.RETURNED
    report.review_comment = comment[:2000]
    report.reviewed_at = timezone.now()
    report.reviewed_by = _user(actor)
    report.save()
    return report


@transaction.atomic
def survey_report_accept(*, actor, report: SurveyReport, comment: str = "") -> SurveyReport:
    report = locked(report)
    if report.status != ReportStatus.SUBMITTED:
        raise SurveyError(_("Only a submitted survey can be accepted."))
    report.status = ReportStatus.ACCEPTED
    report.review_comment = (comment or "").strip()[:2000]
    report.reviewed_at = timezone.now()
    report.reviewed_by = _user(actor)
    report.save()
    return report


def survey_aggregate(*, period: SurveyPeriod) -> list[dict]:
    """The subtree level by level (survey.selectors.aggregate)."""
    return selectors.aggregate(period)


def survey_export(*, actor, period: SurveyPeriod, report: SurveyReport | None = None):
    """The survey in its layout as a workbook: the aggregate of the period (every level
    and union), or one union's report; the export is logged."""
    from .exports import SurveyExporter

    exporter = SurveyExporter(user=_user(actor), org=period.org, period=period, report=report)
    out = io.BytesIO()
    with transaction.atomic():
        exporter.write_xlsx(out)
        audit.record(
            "survey.workbook.exported",
            org=report.org if report else period.org,
            changes={"survey": [None, str(period)]},
        )
    who = report.org.name if report else period.org.name
    return f"{who}-基层工会调查表-{period.year}.xlsx", out.getvalue()
