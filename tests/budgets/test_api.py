"""Budgets through the API: the same services, checks and audit as the pages, with the
persona cases per resource."""

from __future__ import annotations

import json

import pytest

from gonghui.budgets.models import Budget
from tests.api.conftest import last_entry_id, new_entries
from tests.factories import UnionFactory

from .conftest import MEETING, YEAR, expense, holder, make_budget

pytestmark = pytest.mark.usefixtures("platform")


def _base(org):
    return f"/api/v1/orgs/{org.code}/budgets/"


def _post(client, url, data=None, method="post"):
    return getattr(client, method)(url, json.dumps(data or {}), content_type="application/json")


LINES = {
    "lines": [
        {"account": "401", "amount": "1000.00"},
        {"account": "50101", "amount": "600", "restricted": False},
    ]
}
MEET = {"term": 3, "session": 4, "date": MEETING.isoformat()}


def test_a_budget_goes_through_the_chain_by_api(token_login, union, who):
    since = last_entry_id()
    c = token_login(who["accountant"])
    r = _post(c, f"{_base(union)}documents/", {"kind": "budget", "year": YEAR})
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["state"], body["kind_display"], body["org"]) == ("draft", "年初预算", union.code)
    url = f"{_base(union)}documents/{body['id']}/"
    r = _post(c, f"{url}lines/", LINES, method="put")
    assert r.status_code == 200, r.content
    assert [ln["account_name"] for ln in r.json()["lines"]] == ["会费收入", "职工教育"]
    # the accountant does not approve: 403; the chair does
    assert _post(c, f"{url}approve/", MEET).status_code == 403
    chair = token_login(who["chair"])
    assert _post(chair, f"{url}approve/", MEET).json()["state"] == "approved"
    # the chair does not review (no permission), the auditor does
    assert _post(chair, f"{url}review/", {**MEET, "opinion": "同意"}).status_code == 403
    r = _post(token_login(who["auditor"]), f"{url}review/", {**MEET, "opinion": "同意"})
    assert r.json()["state"] == "reviewed"
    assert _post(chair, f"{url}submit/").json()["state"] == "submitted"
    # the union's own chair has no inbox; the district ratifies
    assert _post(chair, f"{_base(union)}inbox/{body['id']}/ratify/").status_code == 403
    district = token_login(who["upper"])
    listed = district.get(f"{_base(union.parent)}inbox/").json()
    assert [d["id"] for d in listed["results"]] == [body["id"]]
    r = _post(district, f"{_base(union.parent)}inbox/{body['id']}/ratify/")
    assert r.status_code == 200 and r.json()["state"] == "ratified"
    assert r.json()["decided_in"] == union.parent.code
    logs = new_entries("budgets.budget.updated", since)
    assert (logs[-1].actor, logs[-1].source) == (who["upper"], "api")
    # once ratified: 400 with the reason
    r = _post(c, f"{url}lines/", LINES, method="put")
    assert r.status_code == 400 and "核定" in r.json()["detail"]


def test_refusals_answer_400_with_the_field(token_login, union, who):
    doc = make_budget(union, state="draft")
    c = token_login(who["accountant"])
    r = _post(
        c,
        f"{_base(union)}documents/{doc.pk}/lines/",
        {"lines": [{"account": "102", "amount": "5"}]},
        method="put",
    )
    assert r.status_code == 400 and r.json()["field"] == "account"
    r = _post(c, f"{_base(union)}documents/", {"kind": "budget", "year": YEAR})
    assert r.status_code == 400 and r.json()["field"] == "year"


def test_the_district_returns_with_a_reason(token_login, union, who):
    doc = make_budget(union, state="submitted")
    district = token_login(who["upper"])
    url = f"{_base(union.parent)}inbox/{doc.pk}/return/"
    assert _post(district, url, {}).status_code == 400
    r = _post(district, url, {"reason": "收入偏低"})
    assert r.status_code == 200 and r.json()["state"] == "draft"
    assert r.json()["return_reason"] == "收入偏低"


def test_execution_by_api(token_login, union, who):
    make_budget(union)
    expense(union, "50101", "125.00")
    r = token_login(who["chair"]).get(f"{_base(union)}execution/{YEAR}/")
    assert r.status_code == 200
    rows = {row["code"]: row for row in r.json()["expense"]}
    assert (rows["50101"]["approved"], rows["50101"]["executed"], rows["50101"]["rate"]) == (
        "500.00",
        "125.00",
        "25.0",
    )


def test_other_union_404_no_permission_403_wrong_method_405(token_login, union, who):
    foreign = make_budget(UnionFactory(), state="draft")
    c = token_login(who["accountant"])
    assert c.get(f"{_base(union)}documents/{foreign.pk}/").status_code == 404
    assert c.get(f"/api/v1/orgs/{foreign.org.code}/budgets/documents/").status_code == 404
    cadre = token_login(holder("cadre", union))
    assert cadre.get(f"{_base(union)}documents/").status_code == 403
    assert cadre.get(f"{_base(union)}execution/{YEAR}/").status_code == 403
    doc = make_budget(union, state="draft")
    assert c.get(f"{_base(union)}documents/{doc.pk}/approve/").status_code == 405
    assert _post(c, f"{_base(union)}documents/{doc.pk}/").status_code == 405
    assert Budget.objects.filter(org=union).count() == 1
