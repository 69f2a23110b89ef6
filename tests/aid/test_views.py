"""Pages of education aid and mutual medical aid: works / other org 404 / no permission 403 /
wrong method 405, and the database after each action."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from gonghui.aid import services
from gonghui.aid.forms import member_label
from gonghui.aid.models import AidRound, Application, Claim, Enrolment, Payment, Scheme
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.funds.models import FundEntry

from .conftest import PDF, make_fund, make_scheme, members, person, proof, union

pytestmark = pytest.mark.django_db


def demo_round() -> AidRound:
    with unscoped():
        return AidRound.objects.get(org__code="F0001", name="2026年金秋助学")


def demo_scheme() -> Scheme:
    with unscoped():
        return Scheme.objects.get(org__code="H0001", year=2026)


def demo_app(state: str) -> Application:
    with unscoped():
        return Application.objects.filter(round=demo_round(), state=state).first()


class TestIndex:
    def test_it_works_for_the_chair(self, client_for):
        r = client_for("factory_chair").get("/o/F0001/aid/")
        assert r.status_code == 200
        assert "2026年金秋助学" in r.content.decode()

    def test_a_chair_of_another_union_gets_404(self, client_for):
        assert client_for("hospital_chair").get("/o/F0001/aid/").status_code == 404

    def test_a_member_gets_403(self, client_for):
        assert client_for("member").get("/o/S0001-G01/aid/").status_code == 403

    def test_wrong_method_gets_405(self, client_for):
        assert client_for("factory_chair").post("/o/F0001/aid/").status_code == 405

    def test_the_dashboard_shows_the_pending_card(self, client_for):
        body = client_for("factory_chair").get("/o/F0001/").content.decode()
        assert "card-aid-pending" in body


class TestRounds:
    def test_the_chair_creates_a_round_with_standards(self, client_for):
        c = client_for("factory_chair")
        assert c.get("/o/F0001/aid/rounds/new/").status_code == 200
        r = c.post(
            "/o/F0001/aid/rounds/new/",
            {
                "name": "2032年金秋助学",
                "year": 2032,
                "opens_on": "2032-07-01",
                "closes_on": "2032-09-30",
                "standards_source": "本会2032年第3号文件",
                "std_undergraduate": "6000",
                "std_high_school": "2500",
            },
        )
        with unscoped():
            rnd = AidRound.objects.get(name="2032年金秋助学")
        assert r.status_code == 302 and r["Location"].endswith(f"/rounds/{rnd.pk}/")
        with unscoped():
            assert rnd.standards() == {"undergraduate": D("6000.00"), "high_school": D("2500.00")}
            assert rnd.org.code == "F0001"
            assert AuditEntry.objects.filter(
                action="aid.aidround.created", object_id=str(rnd.pk)
            ).exists()

    def test_the_auditor_may_read_but_not_create(self, client_for):
        c = client_for("factory_auditor")
        assert c.get(f"/o/F0001/aid/rounds/{demo_round().pk}/").status_code == 200
        assert c.get("/o/F0001/aid/rounds/new/").status_code == 403

    def test_another_union_gets_404_on_the_round(self, client_for):
        assert (
            client_for("hospital_chair").get(f"/o/H0001/aid/rounds/{demo_round().pk}/").status_code
            == 404
        )


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


class TestEducationReport:
    def test_page_and_xlsx_agree_with_the_payments(self, client_for):
        c = client_for("factory_chair")
        body = c.get("/o/F0001/aid/education/report/?year=2026").content.decode()
        assert 'id="report-amount">10000.00<' in body and 'id="report-people">2<' in body
        r = c.get("/o/F0001/aid/education/report.xlsx?year=2026")
        assert r.status_code == 200
        ws = load_workbook(io.BytesIO(r.content)).active
        rows = list(ws.values)
        assert rows[0][0] == "序号" and len([x for x in rows[1:] if x and x[0] in (1, 2)]) == 2
        assert rows[-3][-1] == 10000  # the total line, before the footer
        with unscoped():
            assert AuditEntry.objects.filter(action="aid.education_report.exported").exists()

    def test_the_upper_union_does_not_read_aid_files(self, client_for):
        # Applications carry household incomes, children's schools and admission letters:
        # they stay with the union that handles them (permissions.UPPER_READ).
        r = client_for("district").get("/o/D0001/aid/education/report/?year=2026")
        assert r.status_code == 403


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


def test_union_helper_is_the_grassroots_union():
    assert union("F0001").is_union
    assert person("factory_chair").username == "factory_chair"
