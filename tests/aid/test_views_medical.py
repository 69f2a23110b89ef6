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
from tests.factories import member_with_login

from .conftest import (
    add_money,
    balance,
    holder,
    lines,
    make_fund,
    make_scheme,
    members,
    proof,
    voucher_of,
    vouchers_for,
)

pytestmark = pytest.mark.django_db


def a_claim(union, *, year=2026, paid=False) -> Claim:
    """A submitted claim in a `year` scheme of `union` (reviewed, approved and paid if `paid`)."""
    chair = holder("chair", union)
    with unscoped():
        scheme = make_scheme(union, year=year)
        member = members(union, 1)[0]
        services.enrolment_create(
            actor=chair, scheme=scheme, member=member, date=dt.date(year, 1, 5)
        )
        add_money(scheme.fund, D("5000"), date=dt.date(year, 1, 6), actor=chair)
        claim = services.claim_create(
            actor=chair,
            scheme=scheme,
            member=member,
            hospital="示范区人民医院",
            admitted_on=dt.date(year, 3, 1),
            discharged_on=dt.date(year, 3, 6),
            bills=[{"category": "inpatient", "total": D("3500"), "eligible": D("2500")}],
        )
        if paid:
            services.claim_review(actor=chair, claim=claim)
            services.claim_decide(actor=chair, claim=claim, approve=True)
            services.claim_pay(actor=chair, claim=claim, date=dt.date(year, 3, 20))
            claim.refresh_from_db()
    return claim


class TestMedical:
    def test_enrol_claim_review_approve_pay(self, login, union, chair):
        with unscoped():
            scheme = make_scheme(union, year=2026 + 7)
            services.enrolment_bulk(actor=chair, scheme=scheme, members=members(union, 3))
            members(union, 1)  # not enrolled yet
            add_money(scheme.fund, D("5000"), date=dt.date(2026, 1, 3), actor=chair)
        c = login(chair)
        h = union.code
        assert c.get(f"/o/{h}/aid/schemes/{scheme.pk}/").status_code == 200
        with unscoped():
            m = services.enrolment_candidates(scheme).select_related("org").first()
        r = c.post(
            f"/o/{h}/aid/schemes/{scheme.pk}/enrol/",
            {"member": member_label(m), "date": "2026-11-02"},
        )
        assert r.status_code == 302
        with unscoped():
            enrolment = Enrolment.objects.get(scheme=scheme, member=m)
        receipt = voucher_of("aid.enrolment", f"{scheme.pk}:{m.pk}")
        assert receipt.date == dt.date(2026, 11, 2)
        assert [ln[:5] for ln in lines(receipt)] == [
            ("102", D("30.00"), D("0"), None, None),
            ("408", D("0"), D("30.00"), True, f"YL-{scheme.pk}"),
        ]
        r = c.post(
            f"/o/{h}/aid/schemes/{scheme.pk}/claims/new/",
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
        url = f"/o/{h}/aid/claims/{claim.pk}/"
        assert "1500.25" in c.get(url).content.decode()  # (3500.50 − 500) × 50%
        c.post(url + "bills/", {"category": "outpatient", "total": "100", "eligible": "100"})
        c.post(url + "review/")
        c.post(url + "decide/", {"decision": "approve"})
        claim.refresh_from_db()
        assert claim.state == "approved" and claim.payout == D("1500.25")
        before = balance(scheme.fund)
        assert f"{before}" in c.get(url).content.decode()  # the fund's balance in the books
        c.post(url + "pay/", {"date": "2026-11-20"})  # paid this year for last stay
        claim.refresh_from_db()
        voucher = voucher_of("aid.claim", claim.pk)
        assert [ln[:5] for ln in lines(voucher)] == [
            ("102", D("0"), D("1500.25"), None, None),
            ("50305", D("1500.25"), D("0"), True, f"YL-{scheme.pk}"),
        ]
        assert balance(scheme.fund) == before - D("1500.25")
        body = c.get(url).content.decode()
        assert voucher.number in body and 'data-state="submitted"' in body
        with unscoped():
            assert claim.state == "paid"
            bill = claim.bills.exclude(file="").get()
        assert c.get(f"/o/{h}/aid/bills/{bill.pk}/file/").status_code == 200

    def test_the_enrolments_page_reads_every_voucher_in_one_query(self, login, union, chair):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with unscoped():
            scheme = make_scheme(union, year=2035)
            services.enrolment_bulk(actor=chair, scheme=scheme, members=members(union, 2))
        c = login(chair)
        url = f"/o/{union.code}/aid/schemes/{scheme.pk}/enrolments/"
        c.get(url)  # the session and the caches warmed
        with CaptureQueriesContext(connection) as few:
            assert c.get(url).status_code == 200
        with unscoped():
            services.enrolment_bulk(actor=chair, scheme=scheme, members=members(union, 5))
            alone = members(union, 1)[0]
            services.enrolment_create(actor=chair, scheme=scheme, member=alone)
        with CaptureQueriesContext(connection) as many:
            body = c.get(url).content.decode()
        assert len(many) == len(few), [q["sql"] for q in many]
        receipts = {v.number for v in vouchers_for("aid.enrolment")}
        assert len(receipts) == 3  # two bulk receipts and one of a member alone
        assert voucher_of("aid.enrolment", f"{scheme.pk}:{alone.pk}").number in receipts
        for number in receipts:
            assert number in body
        assert body.count('data-state="submitted"') == 2 + 5 + 1

    def test_bulk_enrolment_from_the_page(self, login, union, chair):
        with unscoped():
            scheme = make_scheme(union, year=2034)
            members(union, 3)
        with unscoped():
            n = services.enrolment_candidates(scheme).count()
            count = Enrolment.objects.filter(scheme=scheme).count()
        assert n == 3
        login(chair).post(f"/o/{union.code}/aid/schemes/{scheme.pk}/enrol-all/")
        with unscoped():
            assert Enrolment.objects.filter(scheme=scheme).count() == count + n

    def test_another_unions_chair_gets_404_on_the_scheme(self, login, union, other_union):
        scheme = a_claim(union).scheme
        members(union, 2)
        c = login(holder("chair", other_union))
        o = other_union.code
        assert c.get(f"/o/{o}/aid/schemes/{scheme.pk}/").status_code == 404
        assert c.post(f"/o/{o}/aid/schemes/{scheme.pk}/enrol-all/").status_code == 404
        with unscoped():
            assert Enrolment.objects.filter(scheme=scheme).count() == 1

    def test_a_member_gets_403_on_cadre_pages(self, login, union, group):
        c = login(member_with_login(group).user)
        assert c.get(f"/o/{group.code}/aid/medical/report/").status_code == 403
        assert c.post(f"/o/{group.code}/aid/schemes/new/").status_code == 403
        assert c.get(f"/o/{union.code}/aid/").status_code == 404  # no role at the union itself
        with unscoped():
            assert not Scheme.objects.filter(org=union).exists()

    def test_wrong_method_on_pay_gets_405(self, login, union, chair):
        claim = a_claim(union)
        assert login(chair).get(f"/o/{union.code}/aid/claims/{claim.pk}/pay/").status_code == 405

    def test_scheme_creation_from_the_page(self, login, union, chair):
        with unscoped():
            fund = make_fund(union, "medical", D("0"))
        c = login(chair)
        assert c.get(f"/o/{union.code}/aid/schemes/new/").status_code == 200
        r = c.post(
            f"/o/{union.code}/aid/schemes/new/",
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
            s = Scheme.objects.get(org=union, year=2033)
            assert s.rules.deductible == D("800.00") and s.categories == ["inpatient"]
            assert [b.rate for b in s.rules.brackets] == [D("0.6000"), D("0.8000")]

    def test_the_medical_report_and_xlsx(self, login, union, chair):
        a_claim(union, paid=True)
        a_claim(union, year=2027, paid=True)  # another year, not counted
        c = login(chair)
        body = c.get(f"/o/{union.code}/aid/medical/report/?year=2026").content.decode()
        assert 'id="report-claims">1<' in body
        r = c.get(f"/o/{union.code}/aid/medical/report.xlsx?year=2026")
        assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
