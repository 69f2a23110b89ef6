"""The survey's workflows: open (figures computed with the unions' own selectors),
correct and enter, submit against the checks, return, accept, aggregate level by level,
export; each audited."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.survey import selectors, services
from gonghui.survey.models import ReportStatus, SurveyPeriod, SurveyReport
from gonghui.survey.services import SurveyError

from .conftest import (
    BEFORE,
    IN_PERIOD,
    add_committee,
    add_members,
    fill_and_submit,
    open_survey,
    report_for,
)

pytestmark = pytest.mark.usefixtures("platform")


def test_opening_computes_each_unions_figures_from_its_records(district, unions, reviewer):
    add_members(unions[0], men=2, women=3, migrant=1, joined_on=IN_PERIOD)
    add_members(unions[0], men=1, joined_on=BEFORE)  # joined before the period
    add_members(unions[2], women=2)
    add_committee(unions[0], members=4)
    period = open_survey(district, reviewer)
    assert (period.start_date.isoformat(), period.end_date.isoformat()) == (
        "2025-10-01",
        "2026-09-30",
    )
    a, b, c = (report_for(period, u) for u in unions)
    assert a.computed["members"] == 7
    assert a.computed["women_members"] == 3
    assert a.computed["migrant_members"] == 1
    assert a.computed["new_members"] == 6  # not the one who joined on 30 September
    assert a.computed["committee_members"] == 4
    assert a.computed["has_audit_committee"] == 1
    assert b.computed["members"] == 0 and b.computed["has_audit_committee"] == 0
    assert c.computed["women_members"] == 2  # a union below a nested upper union
    assert {a.status, b.status, c.status} == {ReportStatus.DRAFT}
    assert AuditEntry.objects.filter(action="survey.surveyperiod.created").exists()


def test_the_members_agree_with_the_unions_own_statistics(district, unions, reviewer):
    from gonghui.core.scoping import scope
    from gonghui.members.selectors import RosterFilter, roster_statistics

    add_members(unions[0], men=2, women=1)
    add_members(unions[1], women=4)
    period = open_survey(district, reviewer)
    for union in unions[:2]:
        with scope(union):
            own = roster_statistics(RosterFilter())["total"]
        assert report_for(period, union).computed["members"] == own


def test_a_period_is_opened_once_by_an_upper_union(district, unions, reviewer):
    open_survey(district, reviewer)
    with pytest.raises(SurveyError):
        open_survey(district, reviewer)
    with unscoped(), pytest.raises(SurveyError):
        services.survey_period_open(actor=reviewer, org=unions[0], year=2026)
    with unscoped(), pytest.raises(SurveyError) as exc:
        services.survey_period_open(
            actor=reviewer,
            org=district,
            year=2027,
            deadline=dt.date(2027, 9, 1),
        )
    assert exc.value.field == "deadline"
    assert SurveyPeriod.objects.filter(org=district).count() == 1


def test_entering_and_correcting_with_a_reason(district, unions, reviewer, chair):
    add_members(unions[0], women=3)
    period = open_survey(district, reviewer)
    report = report_for(period, unions[0])
    with unscoped(), acting(user=chair):
        with pytest.raises(SurveyError) as exc:
            services.survey_report_save(actor=chair, report=report, values={"members": "4"})
        assert exc.value.field == "members"  # a correction without its reason
        services.survey_report_save(
            actor=chair,
            report=report,
            values={"members": "4", "staff": "9"},
            reasons={"members": "一名会员调入手续未录入"},
        )
    report.refresh_from_db()
    assert report.entered == {"members": 4, "staff": 9}
    assert report.reasons == {"members": "一名会员调入手续未录入"}
    assert report.values()["members"] == 4 and report.computed["members"] == 3
    entry = AuditEntry.objects.filter(action="survey.surveyreport.updated").latest("id")
    assert "一名会员调入手续未录入" in str(entry.changes)
    # Typing the computed figure again, or nothing, drops the correction.
    with unscoped(), acting(user=chair):
        services.survey_report_save(actor=chair, report=report, values={"members": "3"})
    report.refresh_from_db()
    assert "members" not in report.entered and "members" not in report.reasons


def test_submitting_needs_every_entered_figure_and_every_check(district, unions, reviewer, chair):
    add_members(unions[0], men=5, women=5)
    add_committee(unions[0], members=3)
    period = open_survey(district, reviewer)
    report = report_for(period, unions[0])
    with unscoped(), acting(user=chair):
        with pytest.raises(SurveyError) as exc:
            services.survey_report_submit(actor=chair, report=report)
        assert exc.value.field == "staff"
        with pytest.raises(SurveyError) as exc:
            fill_and_submit(report, chair, staff=8, women_staff=5)  # 10 members > 8
        assert exc.value.field == "members"
    report = fill_and_submit(report_for(period, unions[0]), chair, staff=10, women_staff=5)
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == chair
    with unscoped(), pytest.raises(SurveyError):
        services.survey_report_save(actor=chair, report=report, values={"staff": 11})


def test_return_and_accept(district, unions, reviewer, chair):
    period = open_survey(district, reviewer)
    report = fill_and_submit(report_for(period, unions[0]), chair)
    with unscoped(), acting(user=reviewer):
        with pytest.raises(SurveyError):
            services.survey_report_return(actor=reviewer, report=report, comment="")
        report = services.survey_report_return(
            actor=reviewer, report=report, comment="职工人数请核实"
        )
        assert report.status == ReportStatus.RETURNED
        with pytest.raises(SurveyError):
            services.survey_report_accept(actor=reviewer, report=report)
    report = fill_and_submit(report_for(period, unions[0]), chair, staff=60)
    with unscoped(), acting(user=reviewer):
        report = services.survey_report_accept(actor=reviewer, report=report)
    assert report.status == ReportStatus.ACCEPTED and report.reviewed_by == reviewer
    with unscoped(), pytest.raises(SurveyError):
        services.survey_report_compute(actor=chair, report=report)


def test_recompute_keeps_what_was_entered(district, unions, reviewer, chair):
    period = open_survey(district, reviewer)
    report = report_for(period, unions[0])
    with unscoped(), acting(user=chair):
        services.survey_report_save(actor=chair, report=report, values={"staff": 40})
    add_members(unions[0], women=2)
    with unscoped(), acting(user=chair):
        report = services.survey_report_compute(actor=chair, report=report_for(period, unions[0]))
    assert report.computed["members"] == 2 and report.entered == {"staff": 40}
    with unscoped(), acting(user=reviewer):
        assert services.survey_period_compute(actor=reviewer, period=period) == 3


def test_the_aggregate_sums_handed_in_reports_level_by_level(
    district, subdistrict, unions, reviewer, chair
):
    from tests.factories import UserFactory

    add_members(unions[0], men=3, women=2)
    add_members(unions[1], women=4)
    add_members(unions[2], men=1, women=1)
    period = open_survey(district, reviewer, eligible_units=4)
    fill_and_submit(report_for(period, unions[0]), chair)
    chair_c = UserFactory(roles=[("chair", unions[2])])
    fill_and_submit(report_for(period, unions[2]), chair_c, staff=4, women_staff=2)
    # 乙 keeps a draft: not counted.
    with unscoped():
        rows = selectors.aggregate(period)
    top, *rest = rows
    assert top["org"] == district and top["reports"] == 2
    assert top["values"]["members"] == 7 and top["values"]["women_members"] == 3
    assert top["values"]["staff"] == 54
    assert top["values"]["has_mediation"] == 2  # a flag sums to the unions having it
    assert top["founding_rate"] == Decimal("50.0")
    assert top["rates"]["join_rate"] == Decimal("13.0")
    sub = next(r for r in rest if r["org"] == subdistrict)
    assert sub["reports"] == 1 and sub["values"]["members"] == 2
    assert [r["org"] for r in rest if r["kind"] == "union"] == [unions[0], unions[2]]


def test_the_export_is_the_survey_layout_and_logged(district, unions, reviewer, chair):
    add_members(unions[0], men=2)
    period = open_survey(district, reviewer)
    fill_and_submit(report_for(period, unions[0]), chair)
    with unscoped(), acting(user=reviewer):
        name, content = services.survey_export(actor=reviewer, period=period)
    assert name.endswith(".xlsx") and "基层工会调查表" in name
    ws = load_workbook(io.BytesIO(content)).active
    header = [c.value for c in ws[1]]
    assert header[:3] == ["层级", "901 统计编码", "902 名称"]
    col = next(i for i, h in enumerate(header) if h and h.startswith("会员人数"))
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert rows[0][1] == district.code and rows[0][col] == 2
    text = " ".join(str(c) for r in rows for c in r if c)
    assert "入会率" in text and "建会率" in text
    assert AuditEntry.objects.filter(action="survey.workbook.exported").exists()
    assert SurveyReport.objects.filter(period=period).count() == 3


def test_a_hostile_union_name_stays_text_in_the_export(district, unions, reviewer, chair):
    with unscoped():
        unions[0].name = '=HYPERLINK("http://x","甲")'
        unions[0].save()
    period = open_survey(district, reviewer)
    fill_and_submit(report_for(period, unions[0]), chair)
    with unscoped(), acting(user=reviewer):
        _name, content = services.survey_export(actor=reviewer, period=period)
    wb = load_workbook(io.BytesIO(content))
    cells = [c for row in wb.active.iter_rows() for c in row if c.value is not None]
    hostile = [c for c in cells if "HYPERLINK" in str(c.value)]
    assert hostile and all(c.data_type == "s" and c.quotePrefix for c in hostile)


def test_one_union_computed_alone_gets_the_figures_of_the_whole_run(
    district, unions, reviewer, chair
):
    from gonghui.core.scoping import scope

    add_members(unions[2], men=2, women=1, joined_on=IN_PERIOD)
    add_committee(unions[2], members=3)
    period = open_survey(district, reviewer)
    before = report_for(period, unions[2]).computed
    with scope(unions[2]), acting(user=chair):
        again = services.survey_report_compute(actor=chair, report=report_for(period, unions[2]))
    assert again.computed == before and before["members"] == 3 and before["new_members"] == 3
