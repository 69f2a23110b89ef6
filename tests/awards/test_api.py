"""The API: the committee's rounds from draft to decision and its documents, a member's call,
nomination and objection, the objector kept from members; the persona cases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gonghui.awards.models import Nomination, Objection, RoundStatus
from tests.factories import UnionFactory

from .conftest import fresh_publicity, make_round

pytestmark = pytest.mark.usefixtures("platform")


def _api(org, what=""):
    return f"/api/v1/orgs/{org.code}/awards/{what}"


def test_the_committee_runs_a_round(token_login, school, chair, teachers):
    c = token_login(chair)
    resp = c.post(
        _api(school, "rounds/"), {"kind": "activist", "quota": 2}, content_type="application/json"
    )
    assert resp.status_code == 201, resp.content
    rid = resp.json()["id"]
    assert (
        resp.json()["status_display"]
        and c.post(_api(school, f"rounds/{rid}/open/")).status_code == 200
    )
    m = token_login(teachers[0].user)
    resp = m.post(_api(teachers[0].org, f"calls/{rid}/nominate/"),
                  {"member": teachers[1].pk, "story": "积极参加工会活动，热心服务会员。"},
                  content_type="application/json")  # fmt: skip
    assert resp.status_code == 201, resp.content
    nid = resp.json()["id"]
    assert c.post(_api(school, f"rounds/{rid}/close-nominations/")).status_code == 200
    resp = c.post(_api(school, f"rounds/{rid}/nominations/{nid}/review/"), {"selected": True, "score": "88"},
                  content_type="application/json")  # fmt: skip
    assert resp.status_code == 200 and resp.json()["status"] == "selected"
    start = (timezone.localdate() - dt.timedelta(days=20)).isoformat()
    resp = c.post(
        _api(school, f"rounds/{rid}/publicise/"), {"start": start}, content_type="application/json"
    )
    assert resp.status_code == 200 and resp.json()["publicity_end"]
    resp = c.post(
        _api(school, f"rounds/{rid}/decide/"),
        {"number": "校工〔2026〕9号"},
        content_type="application/json",
    )
    assert resp.status_code == 200 and resp.json()["status"] == RoundStatus.DECIDED
    assert c.get(_api(school, f"rounds/{rid}/certificates/")).content.startswith(b"%PDF")
    assert c.get(_api(school, f"rounds/{rid}/decision/")).status_code == 200
    assert c.get(_api(school, f"rounds/{rid}/decision/?as=pdf")).content.startswith(b"%PDF")
    names = m.get(_api(teachers[0].org, f"calls/{rid}/names/")).json()
    assert [n["nominee_name"] for n in names] == ["李老师"]
    assert m.get(_api(teachers[0].org, "mine/titles/")).status_code == 200


def test_decide_with_an_open_objection_is_a_400(token_login, school, chair, teachers):
    r = fresh_publicity(school, chair, teachers[:1])
    n = Nomination.objects.get(round=r)
    m = token_login(teachers[1].user)
    resp = m.post(_api(teachers[1].org, f"calls/{r.pk}/names/{n.pk}/object/"), {"text": "请核实其事迹。"},
                  content_type="application/json")  # fmt: skip
    assert resp.status_code == 201 and "raised_by" not in resp.json()
    resp = token_login(chair).post(
        _api(school, f"rounds/{r.pk}/decide/"), {"number": "x"}, content_type="application/json"
    )
    assert resp.status_code == 400 and "异议" in resp.json()["detail"]
    listed = token_login(chair).get(_api(school, f"rounds/{r.pk}/objections/")).json()
    assert listed[0]["raised_by"] == teachers[1].user.username
    mine = m.get(_api(teachers[1].org, "mine/objections/")).json()
    assert mine[0]["text"] == "请核实其事迹。" and "raised_by" not in mine[0]
    # Another member sees neither the objection nor the objector.
    other = token_login(teachers[2].user)
    assert other.get(_api(teachers[2].org, "mine/objections/")).json() == []
    assert other.get(_api(teachers[2].org, f"rounds/{r.pk}/objections/")).status_code == 403
    assert Objection.objects.count() == 1


def test_another_union_is_a_404(token_login, school, chair):
    other = UnionFactory()
    r = make_round(other, None)
    c = token_login(chair)
    assert c.get(_api(other, "rounds/")).status_code == 404
    assert c.get(_api(school, f"rounds/{r.pk}/")).status_code == 404


def test_no_permission_is_a_403_and_a_wrong_method_a_405(token_login, school, chair, teachers):
    r = make_round(school, chair)
    m = token_login(teachers[0].user)
    assert (
        m.post(_api(teachers[0].org, "rounds/"), {}, content_type="application/json").status_code
        == 403
    )
    assert token_login(chair).put(_api(school, f"rounds/{r.pk}/open/")).status_code == 405
