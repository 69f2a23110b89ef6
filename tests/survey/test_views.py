"""The survey's pages: the upper union opens, reviews, aggregates and exports; the union
corrects, enters, sees the failing checks in Chinese and hands in. Persona cases: works,
another organisation 404, no permission 403, wrong method 405."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from gonghui.survey.models import ReportStatus, SurveyPeriod
from tests.factories import DistrictFactory, UnionFactory, UserFactory

from .conftest import add_members, fill_and_submit, open_survey, report_for

pytestmark = pytest.mark.usefixtures("platform")


def _u(org, what=""):
    return f"/o/{org.code}/survey/{what}"


# -- the upper union -------------------------------------------------------------------------


def test_the_district_opens_the_survey_and_sees_the_board(login, district, unions, reviewer):
    add_members(unions[0], women=2)
    c = login(reviewer)
    page = c.get(_u(district))
    assert page.status_code == 200 and "open-survey" in page.text
    r = c.post(_u(district, "open/"), {"year": "2026", "eligible_units": "5"})
    period = SurveyPeriod.objects.get(org=district, year=2026)
    assert r.status_code == 302 and r.url == _u(district, f"{period.pk}/")
    board = c.get(r.url)
    assert board.status_code == 200
    for union in unions:
        assert union.name in board.text
    assert "草稿" in board.text and ">draft<" not in board.text
    # A second time is refused with a message, nothing added.
    r = c.post(_u(district, "open/"), {"year": "2026"}, follow=True)
    assert "已开启" in r.text and SurveyPeriod.objects.filter(org=district).count() == 1


def test_review_return_accept_aggregate_export(login, district, unions, reviewer, chair):
    add_members(unions[0], men=3, women=1)
    period = open_survey(district, reviewer)
    report = fill_and_submit(report_for(period, unions[0]), chair)
    c = login(reviewer)
    page = c.get(_u(district, f"{period.pk}/reports/{report.pk}/"))
    assert page.status_code == 200 and "return-report" in page.text
    assert "入会率" in page.text  # the formula is stated
    r = c.post(_u(district, f"{period.pk}/reports/{report.pk}/return/"), {"comment": "请核实"})
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.review_comment == "请核实"
    report = fill_and_submit(report_for(period, unions[0]), chair)
    c.post(_u(district, f"{period.pk}/reports/{report.pk}/accept/"), {"comment": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    agg = c.get(_u(district, f"{period.pk}/aggregate/"))
    assert agg.status_code == 200 and unions[0].name in agg.text and "建会率" in agg.text
    xlsx = c.get(_u(district, f"{period.pk}/survey.xlsx"))
    assert xlsx.status_code == 200
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws["C2"].value == district.name and ws["E2"].value == 1


def test_the_upper_pages_persona_cases(login, district, unions, reviewer, chair):
    period = open_survey(district, reviewer)
    report = report_for(period, unions[0])
    other = DistrictFactory()
    c = login(reviewer)
    assert c.get(_u(other)).status_code == 404
    assert c.get(_u(district, f"{period.pk}/aggregate/")).status_code == 200
    assert c.get(_u(district, "open/")).status_code == 405
    assert c.get(_u(district, f"{period.pk}/reports/{report.pk}/accept/")).status_code == 405
    # A period of another district is not found under this one.
    other_staff = UserFactory(roles=[("upper_staff", other)])
    other_union = UnionFactory(parent=other)
    other_period = open_survey(other, other_staff)
    foreign = report_for(other_period, other_union)
    assert c.get(_u(district, f"{other_period.pk}/")).status_code == 404
    assert c.get(_u(district, f"{period.pk}/reports/{foreign.pk}/")).status_code == 404
    # The union's chair holds no review right at the district (no role there: 404) nor at
    # its union (403 on the review pages).
    chair_client = login(chair)
    assert chair_client.get(_u(district)).status_code == 404
    assert chair_client.get(_u(unions[0], "open/")).status_code in (403, 405)
    assert chair_client.post(_u(unions[0], "open/"), {"year": "2026"}).status_code == 403
    # A member reads nothing of the survey.
    member = UserFactory(roles=[("member", unions[0])])
    assert login(member).get(_u(unions[0])).status_code == 403


# -- the union -------------------------------------------------------------------------------


def test_the_chair_corrects_enters_sees_failures_and_hands_in(
    login, district, unions, reviewer, chair
):
    add_members(unions[0], men=4, women=2)
    period = open_survey(district, reviewer)
    report = report_for(period, unions[0])
    c = login(chair)
    index = c.get(_u(unions[0]))
    assert index.status_code == 200 and f"reports/{report.pk}/" in index.text
    page = c.get(_u(unions[0], f"reports/{report.pk}/"))
    assert page.status_code == 200
    assert "职工人数" in page.text and "尚需填报" in page.text
    # A correction without its reason stays on the form, with the typed value.
    r = c.post(_u(unions[0], f"reports/{report.pk}/save/"), {"members": "7", "staff": "5"})
    assert r.status_code == 400 and "请说明更正" in r.text and 'value="7"' in r.text
    # Staff below the members: saved, and the failing check is shown in Chinese.
    r = c.post(
        _u(unions[0], f"reports/{report.pk}/save/"),
        {"staff": "5", "women_staff": "2", "fulltime_cadres": "0", "parttime_cadres": "0"},
    )
    assert r.status_code == 302
    page = c.get(_u(unions[0], f"reports/{report.pk}/"))
    assert "会员人数不能大于职工人数" in page.text
    r = c.post(_u(unions[0], f"reports/{report.pk}/submit/"), follow=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and "请填报" in r.text
    flags = {k: "1" for k in ("has_women_committee", "has_legal_supervision", "has_mediation")}
    r = c.post(
        _u(unions[0], f"reports/{report.pk}/save/"),
        {"staff": "30", "women_staff": "12", **flags, "has_worker_director": "0"},
    )
    assert r.status_code == 302
    r = c.post(_u(unions[0], f"reports/{report.pk}/submit/"))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED, r
    page = c.get(_u(unions[0], f"reports/{report.pk}/"))
    assert "survey-form" not in page.text and "已报送" in page.text
    assert c.get(_u(unions[0], f"reports/{report.pk}/report.xlsx")).status_code == 200


def test_the_union_pages_persona_cases(login, district, unions, reviewer, chair):
    period = open_survey(district, reviewer)
    mine = report_for(period, unions[0])
    theirs = report_for(period, unions[1])
    c = login(chair)
    assert c.get(_u(unions[1])).status_code == 404  # another union
    assert c.get(_u(unions[0], f"reports/{theirs.pk}/")).status_code == 404
    assert c.post(_u(unions[0], f"reports/{theirs.pk}/save/"), {"staff": "1"}).status_code == 404
    assert c.get(_u(unions[0], f"reports/{mine.pk}/save/")).status_code == 405
    assert c.get(_u(unions[0], f"reports/{mine.pk}/submit/")).status_code == 405
    # The district's staff reads the union's page but may not hand in for it.
    up = login(reviewer)
    assert up.get(_u(unions[0], f"reports/{mine.pk}/")).status_code == 200
    assert up.post(_u(unions[0], f"reports/{mine.pk}/submit/")).status_code == 403


def test_the_dashboard_shows_the_survey_the_union_holds(login, district, unions, reviewer, chair):
    period = open_survey(district, reviewer)
    page = login(chair).get(f"/o/{unions[0].code}/")
    assert page.status_code == 200 and "card-survey" in page.text
    assert f"survey/reports/{report_for(period, unions[0]).pk}/" in page.text


def test_the_pages_show_no_codes(login, district, unions, reviewer, chair):
    from tests.core.test_no_codes_on_pages import findings, page_text

    add_members(unions[0], men=2, women=1)
    period = open_survey(district, reviewer)
    report = fill_and_submit(report_for(period, unions[0]), chair)
    pages = [
        (reviewer, _u(district)),
        (reviewer, _u(district, f"{period.pk}/")),
        (reviewer, _u(district, f"{period.pk}/aggregate/")),
        (reviewer, _u(district, f"{period.pk}/reports/{report.pk}/")),
        (chair, _u(unions[0])),
        (chair, _u(unions[0], f"reports/{report.pk}/")),
        # a draft: the form with the inputs
        (
            UserFactory(roles=[("chair", unions[1])]),
            _u(unions[1], f"reports/{report_for(period, unions[1]).pk}/"),
        ),
    ]
    problems = []
    for who, url in pages:
        response = login(who).get(url)
        assert response.status_code == 200, url
        text, _links = page_text(response.content.decode())
        problems += [f"{url}: {f}" for f in findings(text)]
    assert not problems, "\n".join(problems)


def test_the_districts_dashboard_counts_the_surveys_owed(login, district, unions, reviewer, chair):
    period = open_survey(district, reviewer)
    page = login(reviewer).get(f"/o/{district.code}/")
    assert page.status_code == 200 and "card-survey-board" in page.text
    assert f"survey/{period.pk}/" in page.text
    assert "3 个基层工会尚未报送" in page.text


# -- overdue -----------------------------------------------------------------------------------


def _deadline(period, day):
    from gonghui.core.scoping import unscoped

    with unscoped():
        period.deadline = day
        period.save()


def test_after_the_deadline_the_unions_still_holding_it_are_marked_overdue(
    login, district, unions, reviewer, chair
):
    import datetime as dt

    from django.utils import timezone

    period = open_survey(district, reviewer)
    fill_and_submit(report_for(period, unions[1]), UserFactory(roles=[("chair", unions[1])]))
    today = timezone.localdate()
    # Before the deadline: nothing overdue anywhere.
    _deadline(period, today)
    up = login(reviewer)
    board = up.get(_u(district, f"{period.pk}/"))
    assert "survey-overdue" not in board.text and "gh-survey-overdue" not in board.text
    mine = report_for(period, unions[0])
    page = login(chair).get(_u(unions[0], f"reports/{mine.pk}/"))
    assert "report-overdue" not in page.text
    # The day after: the two unions that have not handed in are overdue, the third is not.
    _deadline(period, today - dt.timedelta(days=1))
    board = up.get(_u(district, f"{period.pk}/"))
    assert "2 个基层工会逾期未报送" in board.text
    assert board.text.count("gh-survey-overdue") == 2
    only = up.get(_u(district, f"{period.pk}/?status=overdue"))
    assert unions[0].name in only.text and unions[2].name in only.text
    assert unions[1].name not in only.text
    assert "逾期" in up.get(_u(district)).text  # the period list counts them
    assert "逾期" in up.get(f"/o/{district.code}/").text  # and the dashboard card
    c = login(chair)
    page = c.get(_u(unions[0], f"reports/{mine.pk}/"))
    assert "report-overdue" in page.text and "已过报送截止日期" in page.text
    assert "gh-survey-overdue" in c.get(_u(unions[0])).text
    assert "逾期" in c.get(f"/o/{unions[0].code}/").text
    review = up.get(_u(district, f"{period.pk}/reports/{mine.pk}/"))
    assert "report-overdue" in review.text
    # Handed in late: no longer overdue.
    fill_and_submit(report_for(period, unions[0]), chair)
    assert "report-overdue" not in c.get(_u(unions[0], f"reports/{mine.pk}/")).text
