"""Pages of education aid: the applications, their decision, payment and reversal: works / other org 404 / no permission 403 / wrong method 405, and the
database after each action."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from gonghui.aid.forms import member_label
from gonghui.aid.models import Application, Payment
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.finance.models import Voucher

from .conftest import (
    PDF,
    balance,
    holder,
    make_application,
    make_fund,
    make_round,
    members,
    proof,
    voucher_of,
)

pytestmark = pytest.mark.django_db


def open_round(union):
    """A round of `union` whose window is open today."""
    return make_round(union, closes_on=dt.date.today() + dt.timedelta(days=30))


def an_application(union, state: str) -> Application:
    """An application of a new member of `union`, left "applied" or "approved"."""
    from gonghui.aid import services

    app = make_application(make_round(union), members(union, 1)[0])
    if state == "approved":
        with unscoped():
            services.application_decide(actor=holder("chair", union), application=app, approve=True)
            app.refresh_from_db()
    assert app.state == state
    return app


class TestApplications:
    def test_the_chair_registers_an_application_with_its_proof(
        self, login, union, chair, other_union
    ):
        m = members(union, 1)[0]
        c = login(chair)
        rnd = open_round(union)
        r = c.post(
            f"/o/{union.code}/aid/rounds/{rnd.pk}/apply/",
            {
                "member": member_label(m),
                "child_name": "周小雨",
                "school": "安徽大学",
                "level": "undergraduate",
                "household_size": 3,
                "income_per_head": "850.50",
                "hardship_file": "on",
                "proof": proof(),
            },
        )
        with unscoped():
            app = Application.objects.get(round=rnd, child_name="周小雨")
        assert r.status_code == 302
        assert app.member == m and app.hardship_file and app.income_per_head == D("850.50")
        # The proof is served through the scoped view only.
        got = c.get(f"/o/{union.code}/aid/applications/{app.pk}/proof/")
        assert got.status_code == 200 and got.content.startswith(PDF[:4])
        with unscoped():
            assert AuditEntry.objects.filter(
                action="aid.application.file_viewed", object_id=str(app.pk)
            ).exists()
        other = login(holder("chair", other_union))
        assert (
            other.get(f"/o/{other_union.code}/aid/applications/{app.pk}/proof/").status_code == 404
        )

    def test_a_file_of_another_type_is_refused_with_a_message(self, login, union, chair):
        rnd = open_round(union)
        m = members(union, 1)[0]
        r = login(chair).post(
            f"/o/{union.code}/aid/rounds/{rnd.pk}/apply/",
            {
                "member": member_label(m),
                "child_name": "钱小二",
                "school": "安徽大学",
                "level": "undergraduate",
                "household_size": 3,
                "income_per_head": "850",
                "proof": proof("virus.exe", b"MZ"),
            },
        )
        assert r.status_code == 200 and "PDF" in r.content.decode()
        with unscoped():
            assert not Application.objects.filter(child_name="钱小二").exists()

    def test_decide_pay_and_reverse(self, login, union, chair):
        app = an_application(union, "applied")
        c = login(chair)
        url = f"/o/{union.code}/aid/applications/{app.pk}/"
        assert c.get(url).status_code == 200
        assert c.get(url + "decide/").status_code == 405
        c.post(url + "decide/", {"decision": "approve", "amount": "4000", "reason": ""})
        app.refresh_from_db()
        assert app.state == "approved" and app.amount == D("4000.00")
        with unscoped():
            fund = make_fund(union, balance=D("8000.00"))
        r = c.post(url + "pay/", {"fund": fund.pk, "date": "2026-11-20"}, follow=True)
        voucher = voucher_of("aid.application", app.pk)
        # The message and the page name the voucher of the books and its state.
        assert voucher.number in " ".join(str(m) for m in r.context["messages"])
        app.refresh_from_db()
        with unscoped():
            payment = Payment.objects.get(application=app)
            assert app.state == "paid" and balance(fund) == D("4000.00")
        body = c.get(url).content.decode()
        assert voucher.number in body and 'data-state="submitted"' in body and fund.name in body
        r = c.post(
            f"/o/{union.code}/aid/payments/{payment.pk}/reverse/",
            {"reason": "发放对象有误"},
            follow=True,
        )
        with unscoped():
            red = Voucher.objects.get(reverses=voucher)
            payment.refresh_from_db()
            app.refresh_from_db()
            assert payment.reversed and app.state == "reversed" and balance(fund) == D("8000.00")
        assert red.number in " ".join(str(m) for m in r.context["messages"])
        assert red.number in c.get(url).content.decode()

    def test_the_finance_role_reads_but_cannot_decide(self, login, union):
        app = an_application(union, "applied")
        c = login(holder("finance", union))
        assert c.get(f"/o/{union.code}/aid/applications/{app.pk}/").status_code == 200
        r = c.post(f"/o/{union.code}/aid/applications/{app.pk}/decide/", {"decision": "approve"})
        assert r.status_code == 403
        app.refresh_from_db()
        assert app.state == "applied"

    def test_another_union_cannot_pay(self, login, union, other_union):
        app = an_application(union, "approved")
        theirs = make_fund(other_union)
        r = login(holder("chair", other_union)).post(
            f"/o/{other_union.code}/aid/applications/{app.pk}/pay/", {"fund": theirs.pk}
        )
        assert r.status_code == 404
        with unscoped():
            assert not Payment.objects.filter(application=app).exists()
        app.refresh_from_db()
        assert app.state == "approved"
