"""The demo's survey, tried as the issue's "done means" says: the district sees the
computed survey and exports it; the school's chair corrects, sees the checks in Chinese
and hands in; the district returns, accepts, aggregates and exports."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from gonghui.core.scoping import unscoped
from gonghui.survey.models import ReportStatus, SurveyPeriod, SurveyReport


def test_the_demo_round(client_for, org):
    with unscoped():
        period = SurveyPeriod.objects.get(org=org("D0001"))
        school = SurveyReport.objects.get(period=period, org=org("S0001"))
        factory = SurveyReport.objects.get(period=period, org=org("F0001"))
    assert school.computed["members"] > 0 and factory.status == ReportStatus.ACCEPTED

    district = client_for("district")
    assert "统计年报" in district.get("/o/D0001/").text  # the menu entry
    board = district.get(f"/o/D0001/survey/{period.pk}/")
    assert board.status_code == 200 and "实验中学" in board.text
    xlsx = district.get(f"/o/D0001/survey/{period.pk}/survey.xlsx")
    assert load_workbook(io.BytesIO(xlsx.content)).active["B2"].value == "D0001"

    chair = client_for("school_chair")
    assert "card-survey" in chair.get("/o/S0001/").text
    page = chair.get(f"/o/S0001/survey/reports/{school.pk}/")
    assert page.status_code == 200 and "职工人数" in page.text
    members = school.computed["members"]
    women = school.computed["women_members"]
    entries = {
        "staff": str(members - 1),  # fewer than the members: the check says so
        "women_staff": str(women),
        "fulltime_cadres": "1",
        "parttime_cadres": "8",
        "has_women_committee": "1",
        "has_legal_supervision": "1",
        "has_mediation": "1",
        "has_worker_director": "0",
    }
    assert chair.post(f"/o/S0001/survey/reports/{school.pk}/save/", entries).status_code == 302
    assert "会员人数不能大于职工人数" in chair.get(f"/o/S0001/survey/reports/{school.pk}/").text
    entries["staff"] = str(members + 20)
    chair.post(f"/o/S0001/survey/reports/{school.pk}/save/", entries)
    chair.post(f"/o/S0001/survey/reports/{school.pk}/submit/")
    school.refresh_from_db()
    assert school.status == ReportStatus.SUBMITTED

    review = f"/o/D0001/survey/{period.pk}/reports/{school.pk}/"
    district.post(f"{review}return/", {"comment": "请核对职工人数"})
    school.refresh_from_db()
    assert school.status == ReportStatus.RETURNED
    chair.post(f"/o/S0001/survey/reports/{school.pk}/submit/")
    district.post(f"{review}accept/", {"comment": ""})
    school.refresh_from_db()
    assert school.status == ReportStatus.ACCEPTED
    agg = district.get(f"/o/D0001/survey/{period.pk}/aggregate/")
    assert agg.status_code == 200 and "实验中学" in agg.text
