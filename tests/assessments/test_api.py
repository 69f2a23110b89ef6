"""The API under /api/v1/orgs/<code>/assessments/: every action of both sides, the same
rules as the pages, and the persona cases."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from gonghui.assessments.models import AssessmentStatus, Evidence, Scheme
from tests.factories import DistrictFactory

from .conftest import ALL_SCORES, ITEMS, PDF, assessment_of, make_activity, pdf

pytestmark = pytest.mark.usefixtures("platform")


def _api(org, what=""):
    return f"/api/v1/orgs/{org.code}/assessments/{what}"


def _json(client, url, body, method="post"):
    return getattr(client, method)(url, body, content_type="application/json")


def test_the_whole_round_through_the_api(token_login, district, sender, unions, staff):
    up = token_login(sender)
    r = _json(up, _api(district, "schemes/"),
              {"title": "星级工会考核", "deadline": "2099-01-31", "items": ITEMS,
               "target_mode": "list", "target_filter": [unions[0].code]})  # fmt: skip
    assert r.status_code == 201, r.json()
    s_id = r.json()["id"]
    assert r.json()["max_total"] == "30.0"
    assert (
        _json(up, _api(district, f"schemes/{s_id}/"), {"title": "星级"}, "patch").status_code == 200
    )
    assert up.post(_api(district, f"schemes/{s_id}/publish/")).json()["status"] == "published"
    r = _json(up, _api(district, f"schemes/{s_id}/"), {"title": "x"}, "patch")
    assert r.status_code == 400
    a = assessment_of(Scheme.objects.get(pk=s_id), unions[0])

    union = token_login(staff("chair", unions[0]))
    assert [row["id"] for row in union.get(_api(unions[0], "mine/")).json()] == [a.pk]
    with translation.override("zh-hans"):
        r = _json(union, _api(unions[0], f"mine/{a.pk}/self-score/"), {"scores": {"A1": "6"}})
    assert r.status_code == 400 and r.json()["field"] == "A1"
    r = _json(union, _api(unions[0], f"mine/{a.pk}/self-score/"), {"scores": ALL_SCORES})
    assert r.status_code == 200 and r.json()["self_total"] == "22.5"
    r = union.post(_api(unions[0], f"mine/{a.pk}/evidence/"), {"item": "A2", "file": pdf()})
    assert r.status_code == 201, r.json()
    assert union.get(_api(unions[0], f"mine/{a.pk}/evidence/{r.json()['id']}/")).content == PDF
    act = make_activity(unions[0])
    r = _json(union, _api(unions[0], f"mine/{a.pk}/evidence/"),
              {"item": "B1", "record_type": "activity", "record_id": act.pk})  # fmt: skip
    assert r.status_code == 201 and r.json()["name"].startswith("职工篮球赛")
    assert union.post(_api(unions[0], f"mine/{a.pk}/submit/")).json()["status"] == "submitted"

    board = up.get(_api(district, f"schemes/{s_id}/unions/")).json()
    assert [(row["union"], row["status"]) for row in board] == [(unions[0].code, "submitted")]
    r = _json(up, _api(district, f"schemes/{s_id}/unions/{a.pk}/return/"), {"comment": "补材料"})
    assert r.json()["status"] == "returned"
    assert union.post(_api(unions[0], f"mine/{a.pk}/submit/")).json()["status"] == "submitted"
    r = _json(up, _api(district, f"schemes/{s_id}/unions/{a.pk}/score/"),
              {"scores": ALL_SCORES, "comment": "好"})  # fmt: skip
    assert r.status_code == 200 and r.json()["total"] == "22.5"
    ranking = up.get(_api(district, f"schemes/{s_id}/results/")).json()
    assert ranking[0]["rank"] == 1 and ranking[0]["assessment"]["id"] == a.pk
    r = up.get(_api(district, f"schemes/{s_id}/export/"))
    assert r.status_code == 200
    assert load_workbook(io.BytesIO(r.content)).active["C2"].value == unions[0].name
    assert up.post(_api(district, f"schemes/{s_id}/close/")).json()["status"] == "closed"
    a.refresh_from_db()
    assert a.status == AssessmentStatus.SCORED


def test_a_draft_scheme_is_deleted_and_without_items_gets_the_template(
    token_login, district, sender
):
    up = token_login(sender)
    r = _json(up, _api(district, "schemes/"), {"title": "模范职工之家", "deadline": "2099-01-31"})
    assert r.status_code == 201 and r.json()["max_total"] == "100.0"
    assert up.delete(_api(district, f"schemes/{r.json()['id']}/")).status_code == 204
    assert not Scheme.objects.filter(org=district).exists()


def test_bad_items_answer_400_with_the_field(token_login, district, sender):
    r = _json(token_login(sender), _api(district, "schemes/"),
              {"title": "x", "deadline": "2099-01-31", "items": {"sections": []}})  # fmt: skip
    assert r.status_code == 400 and r.json()["field"] == "items"


def test_evidence_is_removed_and_needs_a_file_or_a_record(token_login, unions, scheme, staff):
    a = assessment_of(scheme, unions[0])
    union = token_login(staff("chair", unions[0]))
    assert (
        _json(union, _api(unions[0], f"mine/{a.pk}/evidence/"), {"item": "A2"}).status_code == 400
    )
    r = union.post(_api(unions[0], f"mine/{a.pk}/evidence/"), {"item": "A2", "file": pdf()})
    e_id = r.json()["id"]
    assert union.delete(_api(unions[0], f"mine/{a.pk}/evidence/{e_id}/")).status_code == 204
    assert not Evidence.objects.filter(pk=e_id).exists()


UPPER = [
    ("get", "schemes/"), ("get", "schemes/{s}/"), ("get", "schemes/{s}/unions/"),
    ("get", "schemes/{s}/results/"), ("get", "schemes/{s}/unions/{a}/"),
    ("post", "schemes/{s}/close/"), ("post", "schemes/{s}/unions/{a}/score/"),
]  # fmt: skip


@pytest.mark.parametrize("method, what", UPPER)
def test_persona_cases_of_the_upper_side(token_login, district, sender, unions, scheme, staff,
                                         method, what):  # fmt: skip
    a = assessment_of(scheme, unions[0])
    path = what.format(s=scheme.pk, a=a.pk)
    ok = getattr(token_login(sender), method)(_api(district, path))
    assert ok.status_code in (200, 400)  # 400: scoring without scores
    outsider = token_login(staff("upper_staff", DistrictFactory()))
    assert getattr(outsider, method)(_api(district, path)).status_code == 404
    finance = token_login(staff("finance", district))
    assert getattr(finance, method)(_api(district, path)).status_code == 403
    assert token_login(sender).put(_api(district, path)).status_code == 405


UNION = [("get", "mine/"), ("get", "mine/{a}/"), ("post", "mine/{a}/self-score/"),
         ("post", "mine/{a}/submit/"), ("post", "mine/{a}/evidence/")]  # fmt: skip


@pytest.mark.parametrize("method, what", UNION)
def test_persona_cases_of_the_union_side(token_login, unions, scheme, staff, method, what):
    a = assessment_of(scheme, unions[0])
    path = what.format(a=a.pk)
    chair = token_login(staff("chair", unions[0]))
    assert getattr(chair, method)(_api(unions[0], path)).status_code in (200, 400)
    if "{a}" in what:  # another union's chair, under its own code: not its assessment
        other = token_login(staff("chair", unions[1]))
        assert getattr(other, method)(_api(unions[1], path)).status_code == 404
    finance = token_login(staff("finance", unions[0]))
    assert getattr(finance, method)(_api(unions[0], path)).status_code == 403
    assert chair.put(_api(unions[0], path)).status_code == 405
