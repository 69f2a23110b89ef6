"""The months page (结账): close in order, reopen by the chair with a reason. Works / other
union 404 / no permission 403 / wrong method 405."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.finance.models import Period
from tests.factories import UnionFactory

from .conftest import holder, make_voucher

pytestmark = pytest.mark.usefixtures("platform")

JAN, FEB = dt.date(2031, 1, 15), dt.date(2031, 2, 15)


def _page(org, year=2031):
    return f"/o/{org.code}/finance/periods/?year={year}"


def _do(org, month, what):
    return f"/o/{org.code}/finance/periods/2031/{month}/{what}/"


def _state(org, month):
    p = Period.objects.filter(org=org, year=2031, month=month).first()
    return p.state if p else None


def test_the_year_shows_twelve_months_and_the_next_to_close(login, union, accountant):
    make_voucher(union, date=JAN)
    make_voucher(union, date=FEB)
    make_voucher(union, date=FEB, state="submitted")
    r = login(accountant).get(_page(union))
    assert r.status_code == 200
    months = r.context["months"]
    assert [m["month"] for m in months] == list(range(1, 13))
    assert [m["month"] for m in months if m["closable"]] == [1]
    assert months[1]["counts"]["posted"] == 1 and months[1]["counts"]["pending"] == 1
    body = r.content.decode()
    assert 'id="close-1"' in body and 'id="close-2"' not in body


def test_months_close_in_order_through_the_button(login, union, accountant):
    make_voucher(union, date=JAN)
    make_voucher(union, date=FEB)
    c = login(accountant)
    r = c.post(_do(union, 2, "close"), {"next": _page(union)}, follow=True)
    assert "先" in r.content.decode()  # close January first
    assert _state(union, 2) == "open"
    r = c.post(_do(union, 1, "close"))
    assert r.status_code == 302 and r["Location"].endswith("/finance/periods/?year=2031")
    assert _state(union, 1) == "closed"
    body = c.get(_page(union)).content.decode()
    assert 'id="close-2"' in body and 'id="reopen-1"' not in body  # the accountant cannot reopen


def test_the_chair_reopens_with_a_reason_and_later_months_with_it(login, union, accountant, chair):
    make_voucher(union, date=JAN)
    make_voucher(union, date=FEB)
    c = login(accountant)
    c.post(_do(union, 1, "close"))
    c.post(_do(union, 2, "close"))
    chair_client = login(chair)
    body = chair_client.get(_page(union)).content.decode()
    assert 'id="reopen-1"' in body and 'id="close-3"' not in body  # the chair does not close
    r = chair_client.post(
        _do(union, 1, "reopen"), {"reason": "", "next": _page(union)}, follow=True
    )
    assert "请填写" in r.content.decode()
    assert _state(union, 1) == "closed"
    chair_client.post(_do(union, 1, "reopen"), {"reason": "补记一月利息"})
    assert (_state(union, 1), _state(union, 2)) == ("open", "open")
    entry = AuditEntry.objects.filter(action="finance.period.updated", actor=chair).first()
    assert entry is not None
    body = chair_client.get(_page(union)).content.decode()
    assert "补记一月利息" in body


def test_the_auditor_and_the_accountant_are_refused_what_is_not_theirs(login, union, accountant):
    make_voucher(union, date=JAN)
    auditor = login(holder("auditor", union))
    assert auditor.get(_page(union)).status_code == 200
    assert auditor.post(_do(union, 1, "close")).status_code == 403
    assert auditor.post(_do(union, 1, "reopen"), {"reason": "x"}).status_code == 403
    login(accountant).post(_do(union, 1, "close"))
    assert login(accountant).post(_do(union, 1, "reopen"), {"reason": "x"}).status_code == 403
    assert _state(union, 1) == "closed"


def test_a_cadre_gets_403(login, staff, union):
    assert login(staff("cadre", union)).get(_page(union)).status_code == 403


def test_another_unions_code_is_a_404(login, union, accountant):
    other = UnionFactory()
    make_voucher(other, date=JAN)
    c = login(accountant)
    assert c.get(_page(other)).status_code == 404
    assert c.post(_do(other, 1, "close")).status_code == 404
    assert _state(other, 1) == "open"


def test_wrong_methods_and_months_are_refused(login, union, accountant):
    c = login(accountant)
    assert c.post(f"/o/{union.code}/finance/periods/").status_code == 405
    assert c.get(_do(union, 1, "close")).status_code == 405
    assert c.post(f"/o/{union.code}/finance/periods/2031/13/close/").status_code == 404
    assert c.post(f"/o/{union.code}/finance/periods/1999/1/close/").status_code == 404
    assert not Period.objects.filter(org=union).exists()
