"""The API under /api/v1/orgs/<code>/survey/: every action of both sides, the same rules as
the pages, and the persona cases."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from gonghui.survey.models import ReportStatus, SurveyPeriod
from tests.factories import DistrictFactory, UserFactory

from .conftest import GOOD_ENTRIES, add_members, open_survey, report_for

pytestmark = pytest.mark.usefixtures("platform")
JSON = "application/json"


def _api(org, what=""):
    return f"/api/v1/orgs/{org.code}/survey/{what}"


def test_the_whole_round_through_the_api(token_login, district, unions, reviewer, chair):
    add_members(unions[0], men=2, women=2)
    up = token_login(reviewer)
    r = up.post(_api(district, "periods/"), {"year": 2026, "eligible_units": 4}, content_type=JSON)
    assert r.status_code == 201, r.json()
    assert r.json()["start_date"] == "2025-10-01" and r.json()["deadline"] == "2026-10-31"
    period = SurveyPeriod.objects.get(pk=r.json()["id"])
    assert [p["id"] for p in up.get(_api(district, "periods/")).json()] == [period.pk]
    board = up.get(_api(district, f"periods/{period.pk}/board/")).json()
    assert {row["union"] for row in board} == {u.code for u in unions}

    union = token_login(chair)
    (mine,) = union.get(_api(unions[0], "reports/")).json()
    sheet = union.get(_api(unions[0], f"reports/{mine['id']}/")).json()["sheet"]
    members = next(f for f in sheet["figures"] if f["code"] == "members")
    assert members["computed"] == "4" and members["how"] == "computed" and members["source"]
    assert "staff" in sheet["missing"]
    r = union.post(
        _api(unions[0], f"reports/{mine['id']}/save/"),
        {"values": {"members": 5}},
        content_type=JSON,
    )
    assert r.status_code == 400 and r.json()["field"] == "members"
    r = union.post(
        _api(unions[0], f"reports/{mine['id']}/save/"),
        {"values": {**GOOD_ENTRIES, "staff": 3, "women_staff": 2}},
        content_type=JSON,
    )
    assert r.status_code == 200
    failures = r.json()["sheet"]["failures"]
    assert any("会员人数不能大于职工人数" in f["message"] for f in failures)
    r = union.post(_api(unions[0], f"reports/{mine['id']}/submit/"))
    assert r.status_code == 400 and "职工人数" in r.json()["detail"]
    union.post(
        _api(unions[0], f"reports/{mine['id']}/save/"),
        {"values": {"staff": 10, "women_staff": 4}},
        content_type=JSON,
    )
    r = union.post(_api(unions[0], f"reports/{mine['id']}/submit/"))
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    assert union.post(_api(unions[0], f"reports/{mine['id']}/compute/")).status_code == 400

    one = f"periods/{period.pk}/reports/{mine['id']}/"
    assert up.get(_api(district, one)).json()["status"] == "submitted"
    r = up.post(_api(district, f"{one}return/"), {"comment": "请核实"}, content_type=JSON)
    assert r.status_code == 200 and r.json()["status"] == "returned"
    assert union.post(_api(unions[0], f"reports/{mine['id']}/compute/")).status_code == 200
    union.post(_api(unions[0], f"reports/{mine['id']}/submit/"))
    r = up.post(_api(district, f"{one}accept/"), {}, content_type=JSON)
    assert r.json()["status"] == ReportStatus.ACCEPTED
    agg = up.get(_api(district, f"periods/{period.pk}/aggregate/")).json()
    assert agg["rows"][0]["org"] == district.code and agg["rows"][0]["members"] == 4
    assert agg["founding_rate"] == "25.0" and any("入会率" in f for f in agg["formulas"])
    assert up.post(_api(district, f"periods/{period.pk}/compute/")).json() == {"computed": 2}
    xlsx = up.get(_api(district, f"periods/{period.pk}/export/"))
    assert xlsx.status_code == 200
    assert load_workbook(io.BytesIO(xlsx.content)).active["B2"].value == district.code
    assert union.get(_api(unions[0], f"reports/{mine['id']}/export/")).status_code == 200


def test_the_api_persona_cases(token_login, district, unions, reviewer, chair):
    period = open_survey(district, reviewer)
    theirs = report_for(period, unions[1])
    mine = report_for(period, unions[0])
    union = token_login(chair)
    # works
    assert union.get(_api(unions[0], f"reports/{mine.pk}/")).status_code == 200
    # another organisation: 404
    assert union.get(_api(unions[1], "reports/")).status_code == 404
    assert union.get(_api(unions[0], f"reports/{theirs.pk}/")).status_code == 404
    other = DistrictFactory()
    assert token_login(reviewer).get(_api(other, "periods/")).status_code == 404
    # no permission: 403 (the chair opens nothing; the district's staff hands in nothing)
    assert (
        union.post(_api(unions[0], "periods/"), {"year": 2026}, content_type=JSON).status_code
        == 403
    )
    assert (
        token_login(reviewer).post(_api(unions[0], f"reports/{mine.pk}/submit/")).status_code == 403
    )
    member = UserFactory(roles=[("member", unions[0])])
    assert token_login(member).get(_api(unions[0], "reports/")).status_code == 403
    # wrong method: 405
    assert union.delete(_api(unions[0], f"reports/{mine.pk}/")).status_code == 405
    assert (
        token_login(reviewer).get(_api(district, f"periods/{period.pk}/compute/")).status_code
        == 405
    )


def test_the_board_marks_and_filters_the_overdue_reports(
    token_login, district, unions, reviewer, chair
):
    import datetime as dt

    from django.utils import timezone

    from gonghui.core.scoping import unscoped

    period = open_survey(district, reviewer)
    with unscoped():
        period.deadline = timezone.localdate() - dt.timedelta(days=1)
        period.save()
    up = token_login(reviewer)
    board = up.get(_api(district, f"periods/{period.pk}/board/")).json()
    assert {row["overdue"] for row in board} == {True}
    overdue = up.get(_api(district, f"periods/{period.pk}/board/?status=overdue")).json()
    assert len(overdue) == 3
    assert up.get(_api(district, f"periods/{period.pk}/board/?status=draft")).json() == []
    (mine,) = token_login(chair).get(_api(unions[0], "reports/")).json()
    assert mine["overdue"] is True
