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

from .conftest import PDF, demo_round, make_fund, members, proof

pytestmark = pytest.mark.django_db


def demo_app(state: str) -> Application:
    with unscoped():
        return Application.objects.filter(round=demo_round(), state=state).first()


class TestApplications:
    def test_the_chair_registers_an_application_with_its_proof(self, client_for):
        m = members("F0001", 1, offset=10)[0]
        c = client_for("factory_chair")
        rnd = demo_round()
        with unscoped():
            rnd.closes_on = dt.date.today() + dt.timedelta(days=30)  # window open today
            rnd.save()
        r = c.post(
            f"/o/F0001/aid/rounds/{rnd.pk}/apply/",
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
        got = c.get(f"/o/F0001/aid/applications/{app.pk}/proof/")
        assert got.status_code == 200 and got.content.startswith(PDF[:4])
        with unscoped():
            assert AuditEntry.objects.filter(
                action="aid.application.file_viewed", object_id=str(app.pk)
            ).exists()
        assert (
            client_for("hospital_chair")
            .get(f"/o/H0001/aid/applications/{app.pk}/proof/")
            .status_code
            == 404
        )

    def test_a_file_of_another_type_is_refused_with_a_message(self, client_for):
        rnd = demo_round()
        with unscoped():
            rnd.closes_on = dt.date.today() + dt.timedelta(days=30)
            rnd.save()
        m = members("F0001", 1, offset=11)[0]
        r = client_for("factory_chair").post(
            f"/o/F0001/aid/rounds/{rnd.pk}/apply/",
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

    def test_decide_pay_and_reverse(self, client_for):
        app = demo_app("applied")
        c = client_for("factory_chair")
        url = f"/o/F0001/aid/applications/{app.pk}/"
        assert c.get(url).status_code == 200
        assert c.get(url + "decide/").status_code == 405
        c.post(url + "decide/", {"decision": "approve", "amount": "4000", "reason": ""})
        app.refresh_from_db()
        assert app.state == "approved" and app.amount == D("4000.00")
        with unscoped():
            fund = make_fund(balance=D("8000.00"))
        r = c.post(url + "pay/", {"fund": fund.pk, "date": "2026-11-20"})
        assert r.status_code == 302
        app.refresh_from_db()
        with unscoped():
            payment = Payment.objects.get(application=app)
            assert app.state == "paid" and fund.balance == D("4000.00")
        c.post(f"/o/F0001/aid/payments/{payment.pk}/reverse/", {"reason": "发放对象有误"})
        with unscoped():
            payment.refresh_from_db()
            app.refresh_from_db()
            assert payment.reversed and app.state == "reversed" and fund.balance == D("8000.00")

    def test_the_finance_role_reads_but_cannot_decide(self, client_for):
        app = demo_app("applied")
        c = client_for("factory_finance")
        assert c.get(f"/o/F0001/aid/applications/{app.pk}/").status_code == 200
        r = c.post(f"/o/F0001/aid/applications/{app.pk}/decide/", {"decision": "approve"})
        assert r.status_code == 403
        app.refresh_from_db()
        assert app.state == "applied"

    def test_another_union_cannot_pay(self, client_for):
        app = demo_app("approved")
        r = client_for("hospital_chair").post(
            f"/o/H0001/aid/applications/{app.pk}/pay/", {"fund": 1}
        )
        assert r.status_code == 404
        app.refresh_from_db()
        assert app.state == "approved"
