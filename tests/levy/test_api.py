"""The levy API, resource by resource, with the persona cases: it works; another union's
code 404; no permission 403; a wrong method 405."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gonghui.levy import selectors
from gonghui.levy.models import Arrival, Reminder, SplitRule
from tests.factories import UnionFactory
from tests.funds.conftest import holder

from .conftest import YEAR, D, arrive

pytestmark = pytest.mark.usefixtures("platform")


def _api(org, path=""):
    return f"/api/v1/orgs/{org.code}/levy/{path}"


def _post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


ARRIVAL = {
    "month": f"{YEAR}-03-01",
    "way": "self",
    "amount": "1000.01",
    "received_on": f"{YEAR}-03-20",
}


def test_arrivals_preview_record_list_and_transfer(token_login, union, accountant):
    c = token_login(accountant)
    r = _post(c, _api(union, "arrivals/"), {**ARRIVAL, "commit": False})
    assert r.status_code == 201, r.content
    assert (r.json()["own_share"], r.json()["upper_share"]) == ("600.01", "400.00")
    assert r.json()["id"] is None and not Arrival.objects.filter(org=union).exists()
    r = _post(c, _api(union, "arrivals/"), ARRIVAL)
    assert r.status_code == 201 and r.json()["voucher"].startswith("记-")
    assert r.json()["way_display"] and r.json()["org"] == union.code
    r = _post(c, _api(union, "arrivals/"), ARRIVAL)
    assert r.status_code == 400 and r.json()["field"] == "month"
    r = c.get(_api(union, "arrivals/"))
    assert r.status_code == 200 and r.json()["count"] == 1
    central = _post(c, _api(union, "arrivals/"), {**ARRIVAL, "way": "central", "amount": "50"})
    url = _api(union, f"arrivals/{central.json()['id']}/transfer/")
    r = _post(c, url, {"transferred_on": f"{YEAR}-04-01"})
    assert r.status_code == 200 and r.json()["transfer_voucher"].startswith("记-")
    assert c.get(url).status_code == 405
    assert token_login(holder("cashier", union)).get(_api(union, "arrivals/")).status_code == 200
    assert (
        _post(token_login(holder("cashier", union)), _api(union, "arrivals/"), ARRIVAL).status_code
        == 403
    )
    assert c.get(_api(UnionFactory(), "arrivals/")).status_code == 404
    assert c.delete(_api(union, "arrivals/")).status_code == 405


def test_summary_remittance_and_receivable(token_login, union, accountant):
    arrive(union)
    c = token_login(accountant)
    r = c.get(_api(union), {"year": YEAR})
    assert r.status_code == 200 and r.json()["owed"] == "400.00"
    assert r.json()["own_percent"] == "60.00" and f"{YEAR}-02-01" in r.json()["missing"]
    r = _post(c, _api(union, "remittances/"), {"amount": "150", "paid_on": f"{YEAR}-04-01"})
    assert r.status_code == 201 and r.json()["voucher"].startswith("记-")
    assert selectors.owed(union) == D("250.00")
    r = _post(c, _api(union, "remittances/"), {"amount": "999", "paid_on": f"{YEAR}-04-01"})
    assert r.status_code == 400 and r.json()["field"] == "amount"
    r = _post(c, _api(union, "receivables/"), {"year": YEAR - 1, "amount": "80"})
    assert r.status_code == 201
    url = _api(union, f"receivables/{r.json()['id']}/collect/")
    r = _post(c, url, {"collected_on": f"{YEAR}-01-10"})
    assert r.status_code == 200 and r.json()["collected_on"] == f"{YEAR}-01-10"
    assert token_login(holder("cadre", union)).get(_api(union)).status_code == 403
    assert c.put(_api(union)).status_code == 405


def test_unions_reminders_and_split_rules_from_above(token_login, union, upper, upper_staff):
    arrive(union)
    c = token_login(upper_staff)
    r = c.get(_api(upper, "unions/"))
    assert r.status_code == 200
    assert {
        "union": union.code,
        "name": union.name,
        "owed": "400.00",
        "last_remitted_on": None,
    } in r.json()
    r = _post(c, _api(upper, "reminders/"), {"union": union.code, "message": "请上解"})
    assert r.status_code == 201 and r.json()["amount"] == "400.00"
    assert Reminder.objects.get(org=union).sent_from == upper
    r = _post(c, _api(upper, "reminders/"), {"union": UnionFactory().code})
    assert r.status_code == 400 and r.json()["field"] == "union"
    accountant = holder("finance", union)
    assert (
        _post(token_login(accountant), _api(union, "reminders/"), {"union": union.code}).status_code
        == 403
    )
    r = token_login(accountant).get(_api(union, "reminders/"))
    assert r.status_code == 200 and r.json()[0]["message"] == "请上解"
    r = _post(
        c,
        _api(upper, "split-rules/"),
        {"own_percent": "70", "effective_from": f"{YEAR}-01-01", "source": "某省文件"},
    )
    assert r.status_code == 201, r.content
    assert SplitRule.objects.get(org=upper).own_percent == D("70")
    assert (
        token_login(accountant).get(_api(union, "split-rules/")).json()[0]["source"] == "某省文件"
    )
    assert c.get(_api(UnionFactory().parent, "unions/")).status_code == 404
    assert c.delete(_api(upper, "split-rules/")).status_code == 405


def test_arrival_refusals_by_api(token_login, union, accountant):
    c = token_login(accountant)
    r = _post(c, _api(union, "arrivals/"), {**ARRIVAL, "received_on": f"{YEAR}-02-01"})
    assert r.status_code == 400 and r.json()["field"] == "received_on"
    r = _post(c, _api(union, "arrivals/"), {**ARRIVAL, "way": "cash"})
    assert r.status_code == 400
    future = dt.date.today() + dt.timedelta(days=40)
    r = _post(c, _api(union, "arrivals/"), {**ARRIVAL, "month": future.isoformat()})
    assert r.status_code == 400 and r.json()["field"] == "month"
