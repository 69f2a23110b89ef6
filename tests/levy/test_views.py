"""The levy pages, family by family: it works; another union's code 404; a role without
the permission 403; a wrong method 405."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.levy import selectors, services
from gonghui.levy.models import Arrival, Receivable, Reminder, SplitRule
from tests.factories import UnionFactory
from tests.funds.conftest import holder

from .conftest import YEAR, D, arrive

pytestmark = pytest.mark.usefixtures("platform")
HOSTILE = "<script>alert(1)</script>=1+1"


def _u(org, what=""):
    return f"/o/{org.code}/levy/{what}"


def test_index_shows_the_year(login, union, accountant):
    arrive(union, note=HOSTILE, payroll_base=D("60000"))
    r = login(accountant).get(_u(union), {"year": YEAR})
    body = r.content.decode()
    assert r.status_code == 200
    assert 'id="arrivals"' in body and "1000.00" in body
    assert "400.00" in body and 'id="missing"' in body
    assert "1200.00" in body and "不足" in body  # 2% of 60,000 was due: paid short
    assert "self" not in r.context["arrivals"][0].way_short  # a label, never the code


def test_index_persona_cases(login, union, accountant):
    other = UnionFactory()
    c = login(accountant)
    assert c.get(_u(other)).status_code == 404
    assert c.post(_u(union)).status_code == 405
    assert login(holder("cadre", union)).get(_u(union)).status_code == 403


def test_recording_an_arrival_previews_then_books(login, union, accountant):
    c = login(accountant)
    data = {
        "month": f"{YEAR}-03",
        "way": "self",
        "amount": "1000.01",
        "payroll_base": "",
        "received_on": f"{YEAR}-03-20",
        "note": HOSTILE,
    }
    r = c.post(_u(union, "arrivals/new/"), {**data, "preview": "1"})
    assert r.status_code == 200 and 'id="preview"' in r.content.decode()
    assert "600.01" in r.content.decode() and "400.00" in r.content.decode()
    assert not Arrival.objects.filter(org=union).exists()
    r = c.post(_u(union, "arrivals/new/"), {**data, "save": "1"})
    assert r.status_code == 302
    a = Arrival.objects.get(org=union)
    assert a.note == HOSTILE and a.voucher_id
    r = c.post(_u(union, "arrivals/new/"), {**data, "save": "1"})
    assert r.status_code == 200 and "已记录" in r.content.decode()  # refused on the form
    assert Arrival.objects.filter(org=union).count() == 1
    body = c.get(_u(union), {"year": YEAR}).content.decode()
    assert HOSTILE not in body


def test_arrival_form_persona_cases(login, union, accountant, chair):
    other = UnionFactory()
    assert login(chair).get(_u(union, "arrivals/new/")).status_code == 200
    assert login(accountant).get(_u(other, "arrivals/new/")).status_code == 404
    assert login(holder("cashier", union)).get(_u(union, "arrivals/new/")).status_code == 403
    assert login(accountant).put(_u(union, "arrivals/new/")).status_code == 405


def test_transfer_and_its_persona_cases(login, union, accountant):
    a = arrive(union, way="central")
    url = _u(union, f"arrivals/{a.pk}/transfer/")
    c = login(accountant)
    assert c.get(url).status_code == 405
    assert login(holder("cashier", union)).post(url, {"on": f"{YEAR}-04-01"}).status_code == 403
    foreign = arrive(UnionFactory(), way="central")
    assert c.post(_u(union, f"arrivals/{foreign.pk}/transfer/")).status_code == 404
    assert c.post(url, {"on": f"{YEAR}-04-01"}).status_code == 302
    a.refresh_from_db()
    assert a.transfer_voucher_id and a.transferred_on == dt.date(YEAR, 4, 1)


def test_remit_page(login, union, accountant):
    arrive(union)
    c = login(accountant)
    assert "400.00" in c.get(_u(union, "remit/")).content.decode()
    r = c.post(_u(union, "remit/"), {"amount": "500", "paid_on": f"{YEAR}-04-01"})
    assert r.status_code == 200 and "400.00" in r.content.decode()  # refused: more than owed
    r = c.post(_u(union, "remit/"), {"amount": "400", "paid_on": f"{YEAR}-04-01"})
    assert r.status_code == 302 and selectors.owed(union) == 0
    assert login(holder("cashier", union)).get(_u(union, "remit/")).status_code == 403
    assert c.get(_u(UnionFactory(), "remit/")).status_code == 404
    assert c.delete(_u(union, "remit/")).status_code == 405


def test_receivable_pages(login, union, accountant):
    c = login(accountant)
    r = c.post(_u(union, "receivables/new/"), {"year": YEAR - 1, "amount": "80"})
    assert r.status_code == 302
    rec = Receivable.objects.get(org=union)
    url = _u(union, f"receivables/{rec.pk}/collect/")
    assert c.get(url).status_code == 405
    assert login(holder("cashier", union)).post(url, {"on": f"{YEAR}-01-05"}).status_code == 403
    assert c.post(url, {"on": f"{YEAR}-01-05"}).status_code == 302
    rec.refresh_from_db()
    assert rec.collect_voucher_id
    assert c.get(_u(UnionFactory(), "receivables/new/")).status_code == 404


def test_the_upper_union_page_and_reminders(login, union, upper, upper_staff, accountant):
    arrive(union)
    c = login(upper_staff)
    assert c.get(_u(upper)).status_code == 302  # an upper union's index is its unions
    r = c.get(_u(upper, "unions/"))
    assert r.status_code == 200 and union.name in r.content.decode()
    assert "400.00" in r.content.decode()
    r = c.post(
        _u(upper, "reminders/send/"), {"union": union.code, "amount": "400.00", "message": HOSTILE}
    )
    assert r.status_code == 302
    assert Reminder.objects.get(org=union).message == HOSTILE
    dash = login(accountant).get(f"/o/{union.code}/")
    body = dash.content.decode()
    assert 'id="card-levy"' in body and HOSTILE not in body and "&lt;script&gt;" in body
    services.share_remit(actor=None, org=union, amount=D("400"), paid_on=dt.date(YEAR, 4, 1))
    assert selectors.active_reminders(union) == []
    # persona cases of the reminder
    assert login(accountant).post(_u(union, "reminders/send/")).status_code == 403
    assert c.get(_u(upper, "reminders/send/")).status_code == 405
    assert c.post(_u(UnionFactory().parent, "reminders/send/")).status_code == 404
    assert login(holder("cadre", union)).get(_u(union, "unions/")).status_code == 403


def test_split_page_sets_a_rule_for_the_subtree(login, union, upper, upper_staff, accountant):
    c = login(upper_staff)
    r = c.post(
        _u(upper, "split/"),
        {"own_percent": "70", "effective_from": f"{YEAR}-01-01", "source": "某省总工会文件"},
    )
    assert r.status_code == 302
    assert SplitRule.objects.get(org=upper).own_percent == D("70")
    r = login(accountant).get(_u(union, "split/"))
    assert r.status_code == 200 and "某省总工会文件" in r.content.decode()
    assert login(accountant).post(_u(union, "split/"), {"own_percent": "10"}).status_code == 403
    assert c.get(_u(UnionFactory().parent, "split/")).status_code == 404
    assert login(holder("cadre", union)).get(_u(union, "split/")).status_code == 403
    assert c.delete(_u(upper, "split/")).status_code == 405
