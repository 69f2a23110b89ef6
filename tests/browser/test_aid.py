"""Education aid and mutual medical aid in a real browser, as a new cadre would use them:
the factory chair opens a 金秋助学 round, registers an application with its admission proof,
approves and pays it; the hospital chair records a claim with its bills and pays it. After
each, the fund's balance and the yearly report agree to the fen."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D

import pytest

from gonghui.core.scoping import unscoped

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _fund(code: str, kind: str):
    from gonghui.funds.models import Fund

    with unscoped():
        return Fund.objects.get(org__code=code, kind=kind)


def test_factory_chair_records_an_education_aid_payment(
    page, app, log_in, screenshot, csp_violations, tmp_path
):
    from gonghui.aid import selectors
    from gonghui.aid.models import Application
    from gonghui.members.models import Member
    from gonghui.orgs.models import Organisation

    fund = _fund("F0001", "hardship")
    with unscoped():
        balance_before = fund.balance
        f0001 = Organisation.objects.get(code="F0001")
        member = (
            Member.objects.filter(org__path__startswith=f0001.path, status="active")
            .order_by("-card_number")
            .first()
        )
        year = dt.date.today().year
        paid_before = selectors.education_report(f0001, year).amount

    log_in("factory_chair")
    page.goto(f"{app}/o/F0001/")
    assert page.locator("#card-aid-pending").is_visible()
    page.click("[data-nav=aid]")
    page.wait_for_url(re.compile(r"/o/F0001/aid/$"))
    screenshot("aid-01-index")

    # A new round with the shipped standards, open from today.
    page.click("text=新建批次")
    today = dt.date.today()
    page.fill("#id_name", f"{year}年金秋助学补充批次")
    page.fill("#id_opens_on", (today - dt.timedelta(days=1)).isoformat())
    page.fill("#id_closes_on", (today + dt.timedelta(days=30)).isoformat())
    screenshot("aid-02-round-form")
    with page.expect_navigation():
        page.click("#round-form button[type=submit]")
    assert "大学本科" in page.inner_text("main") and "5000.00" in page.inner_text("main")

    # The application, with its admission letter.
    page.click("#new-application")
    page.fill("#id_member", f"{member.name} · {member.card_number}")
    page.fill("#id_child_name", "孙小北")
    page.fill("#id_school", "合肥工业大学")
    page.select_option("#id_level", "undergraduate")
    page.fill("#id_household_size", "4")
    page.fill("#id_income_per_head", "860.50")
    page.check("#id_hardship_file")
    proof = tmp_path / "录取通知书.pdf"
    proof.write_bytes(PDF)
    page.set_input_files("#id_proof", str(proof))
    screenshot("aid-03-application-form")
    with page.expect_navigation():
        page.click("#application-form button[type=submit]")
    assert page.inner_text("#application-state") == "已申请，待审核"
    # Approve at the standard, then pay from the hardship fund.
    page.select_option("#id_decision", "approve")
    with page.expect_navigation():
        page.click("#decide-form button[type=submit]")
    assert page.inner_text("#application-state") == "审核通过"
    page.select_option("#id_fund", str(fund.pk))
    with page.expect_navigation():
        page.click("#pay-form button[type=submit]")
    assert page.inner_text("#application-state") == "已发放"
    assert "5000.00" in page.inner_text("#payments")
    screenshot("aid-04-application-paid")

    with unscoped():
        a = Application.objects.get(child_name="孙小北")
        # Paid through the books: one voucher, its bank line on the chosen fund.
        assert a.state == "paid" and a.payments.get().booking.fund_id == fund.pk
        assert fund.balance == balance_before - D("5000.00")

    page.goto(f"{app}/o/F0001/aid/education/report/?year={year}")
    assert page.inner_text("#report-amount") == str(paid_before + D("5000.00"))
    screenshot("aid-05-education-report")
    assert csp_violations() == []


def test_hospital_chair_records_and_pays_a_medical_claim(
    page, app, log_in, screenshot, csp_violations, tmp_path
):
    from gonghui.aid import selectors
    from gonghui.aid.models import Claim, Scheme

    with unscoped():
        scheme = Scheme.objects.select_related("org", "fund").get(org__code="H0001", year=2026)
        enrolment = scheme.enrolments.select_related("member").order_by("-id").first()
        member = enrolment.member
        balance_before = scheme.fund.balance
        paid_before = selectors.medical_report(scheme.org, 2026).amount

    log_in("hospital_chair")
    page.goto(f"{app}/o/H0001/aid/schemes/{scheme.pk}/")
    screenshot("aid-06-scheme")
    page.click("#new-claim")
    page.fill("#id_member", f"{member.name} · {member.card_number}")
    page.fill("#id_hospital", "示范区人民医院")
    page.fill("#id_admitted_on", "2026-11-02")
    page.fill("#id_discharged_on", "2026-11-12")
    page.select_option("#id_category", "inpatient")
    page.fill("#id_total", "12680.00")
    page.fill("#id_eligible", "5320.40")
    scan = tmp_path / "结算单.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    page.set_input_files("#id_file", str(scan))
    screenshot("aid-07-claim-form")
    with page.expect_navigation():
        page.click("#claim-form button[type=submit]")
    assert page.inner_text("#claim-state") == "已提交"
    # (5320.40 − 500) × 50% = 2410.20; an outpatient bill does not count.
    assert page.inner_text("#payout-amount") == "2410.20"
    page.click("text=添加票据")
    page.select_option("#bill-form #id_category", "outpatient")
    page.fill("#bill-form #id_total", "260.00")
    page.fill("#bill-form #id_eligible", "260.00")
    with page.expect_navigation():
        page.click("#bill-form button[type=submit]")
    assert page.inner_text("#payout-amount") == "2410.20"
    with page.expect_navigation():
        page.click("#review-form button[type=submit]")
    assert page.inner_text("#claim-state") == "审核中"
    with page.expect_navigation():
        page.click("#claim-decide-form button[value=approve]")
    assert page.inner_text("#claim-state") == "已核准"
    screenshot("aid-08-claim-approved")
    with page.expect_navigation():
        page.click("#claim-pay-form button[type=submit]")
    assert page.inner_text("#claim-state") == "已赔付"
    screenshot("aid-09-claim-paid")

    with unscoped():
        claim = Claim.objects.get(enrolment=enrolment, admitted_on=dt.date(2026, 11, 2))
        assert claim.payout == D("2410.20")
        assert scheme.fund.balance == balance_before - D("2410.20")

    page.goto(f"{app}/o/H0001/aid/medical/report/?year=2026")
    assert page.inner_text("#report-amount") == str(paid_before + D("2410.20"))
    screenshot("aid-10-medical-report")
    assert csp_violations() == []
