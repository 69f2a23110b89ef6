"""The dues through the API, resource by resource, with the persona cases: it works;
another union's code 404; no permission 403; a wrong method 405."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from gonghui.dues.models import DuesSettings
from tests.api.conftest import last_entry_id, new_entries
from tests.factories import GroupFactory, UnionFactory, member_with_login

from .conftest import YEAR, D, generate, line_of, member, pay_cash
from .test_deductions import HOSTILE, payroll

pytestmark = pytest.mark.usefixtures("platform")


def _api(org, path=""):
    return f"/api/v1/orgs/{org.code}/dues/{path}"


def _month(org, what=""):
    return _api(org, f"{YEAR}/3/{what}")


def _post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


# -- months ----------------------------------------------------------------------------
def test_a_month_by_api_generate_deductions_import_and_book(token_login, union, group, accountant):
    a, b = member(group), member(group, name=HOSTILE)
    c = token_login(accountant)
    since = last_entry_id()
    r = _post(c, _month(union, "generate/"))
    assert r.status_code == 200, r.content
    assert r.json()["created"] == 2 and r.json()["counts"]["unpaid"] == 2
    assert r.json()["due"] == "56.70"
    assert [e.source for e in new_entries("dues.duesline.created", since)] == ["api", "api"]
    r = c.get(_month(union, "deductions/xlsx/"))
    assert r.status_code == 200
    cell = next(
        x
        for row in load_workbook(io.BytesIO(r.content)).active.iter_rows()
        for x in row
        if x.value == HOSTILE
    )
    assert cell.data_type == "s"
    rows = [(a.name, a.id_number, "28.35"), (b.name, b.id_number, "28.35")]
    r = c.post(_month(union, "deducted/"), {"file": payroll(rows)})
    assert r.status_code == 200 and r.json()["committed"] is False
    assert r.json()["counts"]["pay"] == 2 and line_of(a, 3).state == "unpaid"
    r = c.post(_month(union, "deducted/"), {"file": payroll(rows), "commit": "true"})
    assert r.status_code == 200 and r.json()["committed"] is True and r.json()["total"] == "56.70"
    r = _post(c, _month(union, "post/"))
    assert r.status_code == 200 and r.json()["voucher"].startswith("记-")
    again = _post(c, _month(union, "post/"))
    assert again.status_code == 400 and r.json()["voucher"] in again.json()["detail"]
    r = c.get(_month(union))
    assert r.json()["counts"]["paid"] == 2 and r.json()["voucher"]


def test_a_refused_payroll_file_answers_400_naming_the_row(token_login, union, group, accountant):
    a = member(group)
    generate(union, 3)
    rows = [(a.name, a.id_number, "28.35"), ("外人", "110105199001011234", "5")]
    r = token_login(accountant).post(
        _month(union, "deducted/"), {"file": payroll(rows), "commit": "true"}
    )
    assert r.status_code == 400 and "第4行" in r.json()["detail"]
    assert line_of(a, 3).state == "unpaid"


@pytest.mark.parametrize(
    ("method", "what"),
    [
        ("get", ""),
        ("post", "generate/"),
        ("get", "deductions/xlsx/"),
        ("post", "deducted/"),
        ("post", "post/"),
    ],
)
def test_the_month_resource_persona_cases(token_login, union, staff, method, what):
    url = _month(union, what)
    assert getattr(token_login(staff("finance", UnionFactory())), method)(url).status_code == 404
    assert getattr(token_login(staff("cadre", union)), method)(url).status_code == 403
    wrong = "delete" if method == "post" else "put"
    assert getattr(token_login(staff("finance", union)), wrong)(url).status_code == 405


# -- lines ------------------------------------------------------------------------------
def test_lines_by_api_for_a_group_leader(token_login, union, group, leader, accountant):
    mine, theirs = member(group), member(GroupFactory(parent=union))
    generate(union, 3)
    c = token_login(leader)
    r = c.get(_api(group, "lines/"), {"year": YEAR, "month": 3, "state": "unpaid"})
    assert r.status_code == 200 and [x["member"] for x in r.json()["results"]] == [mine.pk]
    assert r.json()["results"][0]["unit"] == group.code
    line = line_of(mine, 3)
    data = {"amount": "28.35", "receipt_no": "C-1", "paid_on": f"{YEAR}-03-20"}
    r = _post(c, _api(group, f"lines/{line.pk}/pay/"), data)
    assert (
        r.status_code == 200
        and r.json()["state"] == "paid"
        and r.json()["collected_by"] == leader.username
    )
    foreign = line_of(theirs, 3)
    assert c.get(_api(group, f"lines/{foreign.pk}/")).status_code == 404
    assert _post(c, _api(group, f"lines/{foreign.pk}/pay/"), data).status_code == 404
    # Exempting is the union's (write), not the group leader's.
    assert _post(c, _api(group, f"lines/{foreign.pk}/exempt/"), {"reason": "x"}).status_code == 403
    r = _post(
        token_login(accountant), _api(union, f"lines/{foreign.pk}/exempt/"), {"reason": "病休"}
    )
    assert r.status_code == 200 and r.json()["state"] == "exempt"
    r = _post(c, _api(group, f"lines/{line.pk}/pay/"), data)
    assert r.status_code == 400 and r.json()["detail"]


def test_the_line_resource_persona_cases(token_login, union, group, staff, leader):
    person = member(group)
    generate(union, 3)
    line = line_of(person, 3)
    one = _api(union, f"lines/{line.pk}/")
    outsider = token_login(staff("chair", UnionFactory()))
    assert outsider.get(_api(union, "lines/")).status_code == 404
    assert outsider.get(one).status_code == 404
    viewer = token_login(member_with_login(group).user)
    assert viewer.get(_api(group, "lines/")).status_code == 403
    assert _post(viewer, _api(group, f"lines/{line.pk}/pay/")).status_code == 403
    assert token_login(leader).delete(_api(group, f"lines/{line.pk}/")).status_code == 405
    assert token_login(leader).get(_api(group, f"lines/{line.pk}/pay/")).status_code == 405


def test_arrears_by_api(token_login, union, group, leader, staff):
    person = member(group)
    for month in (1, 2, 3):
        generate(union, month)
    pay_cash(line_of(person, 1))
    r = token_login(leader).get(_api(group, "arrears/"))
    assert r.status_code == 200
    [row] = r.json()["results"]
    assert (row["member"], row["run"], row["owed"]) == (person.pk, 2, "56.70")
    assert row["months"] == [f"{YEAR}-02-01", f"{YEAR}-03-01"]
    assert (
        token_login(staff("chair", UnionFactory())).get(_api(union, "arrears/")).status_code == 404
    )
    assert token_login(staff("cadre", union)).get(_api(union, "arrears/")).status_code == 403
    assert _post(token_login(leader), _api(group, "arrears/")).status_code == 405


def test_settings_by_api(token_login, union, staff, accountant):
    c = token_login(accountant)
    assert c.get(_api(union, "settings/")).json() == {"rounding": "fen"}
    r = c.patch(
        _api(union, "settings/"), json.dumps({"rounding": "yuan"}), content_type="application/json"
    )
    assert r.status_code == 200 and r.json() == {"rounding": "yuan"}
    assert DuesSettings.objects.get(org=union).rounding == "yuan"
    bad = c.patch(
        _api(union, "settings/"), json.dumps({"rounding": "x"}), content_type="application/json"
    )
    assert bad.status_code == 400
    assert (
        token_login(staff("finance", UnionFactory())).get(_api(union, "settings/")).status_code
        == 404
    )
    assert token_login(staff("cadre", union)).get(_api(union, "settings/")).status_code == 403
    assert _post(c, _api(union, "settings/")).status_code == 405


# -- one's own ---------------------------------------------------------------------------
def test_a_member_reads_only_their_own_lines(token_login, union, group):
    me = member_with_login(group, monthly_wage=D("3339.99"))
    other = member(group)
    generate(union, 3)
    c = token_login(me.user)
    r = c.get(_api(group, "me/"))
    assert r.status_code == 200
    [mine] = r.json()["results"]
    assert (mine["month"], mine["amount_due"], mine["state"]) == (
        f"{YEAR}-03-01",
        "16.65",
        "unpaid",
    )
    assert c.get(_api(group, f"me/{mine['id']}/")).status_code == 200
    assert c.get(_api(group, f"me/{line_of(other, 3).pk}/")).status_code == 404
    assert _post(c, _api(group, "me/")).status_code == 405
    stranger = member_with_login(GroupFactory(parent=UnionFactory()))
    assert token_login(stranger.user).get(_api(group, "me/")).status_code == 404


def test_own_lines_without_a_member_record_are_404(token_login, union, staff):
    assert token_login(staff("chair", union)).get(_api(union, "me/")).status_code == 404


def test_a_transferred_member_keeps_reading_their_old_unions_lines(token_login, union, group):
    me = member_with_login(group)
    generate(union, 3)
    elsewhere = GroupFactory(parent=UnionFactory())
    me.org = elsewhere
    me.save()
    from gonghui.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=me.user, org=elsewhere, role="member")
    r = token_login(me.user).get(_api(elsewhere, "me/"))
    assert [x["org"] for x in r.json()["results"]] == [union.code]
    assert dt.date.fromisoformat(r.json()["results"][0]["month"]) == dt.date(YEAR, 3, 1)
