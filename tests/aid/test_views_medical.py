"""Pages of mutual medical aid: schemes, enrolments, claims and the report: works / other org 404 / no permission 403 / wrong method 405, and the
database after each action."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from gonghui.aid import services
from gonghui.aid.forms import member_label
from gonghui.aid.models import Claim, Enrolment, Scheme
from gonghui.core.scoping import unscoped
from gonghui.funds.models import FundEntry

from .conftest import make_fund, make_scheme, members, person, proof

pytestmark = pytest.mark.django_db


def demo_scheme() -> Scheme:
    with unscoped():
        return Scheme.objects.get(org__code="H0001", year=2026)


class TestMedical:
    def test_enrol_claim_review_approve_pay(self, client_for):
        with unscoped():
            scheme = make_scheme(year=2026 + 7)
            services.enrolment_bulk(
                actor=person("hospital_chair"), scheme=scheme, members=members("H0001", 3)
            )
            from gonghui.funds.services import fund_income

            fund_income(
                actor=person("hospital_chair"),
                fund=scheme.fund,
                amount=D("5000"),
                date=dt.date(2026, 1, 3),
                summary="拨入",
            )
        c = client_for("hospital_chair")
        assert c.get(f"/o/H0001/aid/schemes/{scheme.pk}/").status_code == 200
        with unscoped():
            m = services.enrolment_candidates(scheme).select_related("org").first()
        r = c.post(
            f"/o/H0001/aid/schemes/{scheme.pk}/enrol/",
            {"member": member_label(m), "date": "2026-11-02"},
        )
        assert r.status_code == 302
        with unscoped():
            enrolment = Enrolment.objects.get(scheme=scheme, member=m)
            assert enrolment.fund_entry.income == D("30.00")
        r = c.post(
            f"/o/H0001/aid/schemes/{scheme.pk}/claims/new/",
            {
                "member": member_label(m),
                "hospital": "示范区人民医院",
                "admitted_on": "2033-11-03",
                "discharged_on": "2033-11-10",
                "category": "inpatient",
                "total": "9000",
                "eligible": "3500.50",
                "note": "住院结算单",
                "file": proof("结算单.png", b"\x89PNG\r\n\x1a\n0000"),
            },
        )
        with unscoped():
            claim = Claim.objects.get(enrolment=enrolment)
        assert r.status_code == 302 and claim.state == "submitted"
        url = f"/o/H0001/aid/claims/{claim.pk}/"
        assert "1500.25" in c.get(url).content.decode()  # (3500.50 − 500) × 50%
        c.post(url + "bills/", {"category": "outpatient", "total": "100", "eligible": "100"})
        c.post(url + "review/")
        c.post(url + "decide/", {"decision": "approve"})
        claim.refresh_from_db()
        assert claim.state == "approved" and claim.payout == D("1500.25")
        with unscoped():
            before = scheme.fund.balance
        c.post(url + "pay/", {"date": "2026-11-20"})  # paid this year for last stay
        claim.refresh_from_db()
        with unscoped():
            assert claim.state == "paid"
            assert scheme.fund.balance == before - D("1500.25")
            entry = FundEntry.objects.get(source="aid.claim", source_id=str(claim.pk))
            assert entry.expense == D("1500.25")
            bill = claim.bills.exclude(file="").get()
        assert c.get(f"/o/H0001/aid/bills/{bill.pk}/file/").status_code == 200

    def test_bulk_enrolment_from_the_page(self, client_for):
        with unscoped():
            scheme = make_scheme(year=2034)
        with unscoped():
            n = services.enrolment_candidates(scheme).count()
            count = Enrolment.objects.filter(scheme=scheme).count()
        assert n > 0
        client_for("hospital_chair").post(f"/o/H0001/aid/schemes/{scheme.pk}/enrol-all/")
        with unscoped():
            assert Enrolment.objects.filter(scheme=scheme).count() == count + n

    def test_the_factory_chair_gets_404_on_the_hospital_scheme(self, client_for):
        scheme = demo_scheme()
        c = client_for("factory_chair")
        assert c.get(f"/o/F0001/aid/schemes/{scheme.pk}/").status_code == 404
        assert c.post(f"/o/F0001/aid/schemes/{scheme.pk}/enrol-all/").status_code == 404

    def test_a_member_gets_403_on_cadre_pages(self, client_for):
        c = client_for("member")
        assert c.get("/o/S0001-G01/aid/medical/report/").status_code == 403
        assert c.post("/o/S0001-G01/aid/schemes/new/").status_code == 403
        assert c.get("/o/S0001/aid/").status_code == 404  # no role at the union itself

    def test_wrong_method_on_pay_gets_405(self, client_for):
        with unscoped():
            claim = Claim.objects.filter(scheme=demo_scheme()).first()
        assert (
            client_for("hospital_chair").get(f"/o/H0001/aid/claims/{claim.pk}/pay/").status_code
            == 405
        )

    def test_scheme_creation_from_the_page(self, client_for):
        with unscoped():
            fund = make_fund("H0001", "medical", D("0"), "hospital_chair")
        c = client_for("hospital_chair")
        assert c.get("/o/H0001/aid/schemes/new/").status_code == 200
        r = c.post(
            "/o/H0001/aid/schemes/new/",
            {
                "name": "2033年职工医疗互助",
                "year": 2033,
                "fund": fund.pk,
                "contribution": "50",
                "deductible": "800",
                "brackets": "20000 60%\n* 80%",
                "yearly_cap": "30000",
                "categories": ["inpatient"],
                "rules_source": "医院工会2033年互助方案",
            },
        )
        assert r.status_code == 302
        with unscoped():
            s = Scheme.objects.get(org__code="H0001", year=2033)
            assert s.rules.deductible == D("800.00") and s.categories == ["inpatient"]
            assert [b.rate for b in s.rules.brackets] == [D("0.6000"), D("0.8000")]

    def test_the_medical_report_and_xlsx(self, client_for):
        c = client_for("hospital_chair")
        body = c.get("/o/H0001/aid/medical/report/?year=2026").content.decode()
        assert 'id="report-claims">1<' in body
        r = c.get("/o/H0001/aid/medical/report.xlsx?year=2026")
        assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
