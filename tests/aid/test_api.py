"""The aid API: every page action for scripts, with the same scoping and audit."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from gonghui.aid.models import AidRound, Application, Claim, Scheme
from gonghui.core.scoping import unscoped
from gonghui.finance.models import SourcePosting, Voucher
from tests.api.conftest import last_entry_id, new_entries

from .conftest import (
    DAY,
    balance,
    holder,
    make_application,
    make_fund,
    make_round,
    make_scheme,
    members,
    proof,
    voucher_of,
)

pytestmark = pytest.mark.django_db
BASE = "/api/v1/orgs/{}/aid/"


def test_education_aid_end_to_end(token_login, union, chair):
    c = token_login(chair)
    since = last_entry_id()
    r = c.post(
        BASE.format(union.code) + "rounds/",
        {
            "year": 2035,
            "name": "接口助学",
            "opens_on": "2026-01-01",
            "closes_on": "2026-12-31",
            "standards": {"undergraduate": "4500.00", "high_school": "2000"},
            "standards_source": "接口测试文件",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    round_id = r.json()["id"]
    assert r.json()["standards"] == {"undergraduate": "4500.00", "high_school": "2000.00"}
    m = members(union, 1)[0]
    r = c.post(
        BASE.format(union.code) + f"rounds/{round_id}/applications/",
        {
            "member": m.pk,
            "child_name": "接口孩子",
            "school": "安徽大学",
            "level": "high_school",
            "household_size": 2,
            "income_per_head": "700.00",
            "proof": proof(),
        },
    )
    assert r.status_code == 201, r.content
    app_id = r.json()["id"]
    assert c.get(BASE.format(union.code) + f"applications/{app_id}/proof/").status_code == 200
    r = c.post(
        BASE.format(union.code) + f"applications/{app_id}/decide/",
        {"approve": True},
        content_type="application/json",
    )
    assert r.json()["state"] == "approved" and r.json()["amount"] == "2000.00"
    with unscoped():
        fund = make_fund(union, balance=D("2500.00"))
    r = c.post(
        BASE.format(union.code) + f"applications/{app_id}/pay/",
        {"fund": fund.pk, "date": "2026-11-01"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    payment_id = r.json()["id"]
    voucher = voucher_of("aid.application", app_id)
    keys = ("fund", "voucher_no", "voucher_state", "voucher_state_display")
    assert {k: r.json()[k] for k in keys} == {
        "fund": fund.pk,
        "voucher_no": voucher.number,
        "voucher_state": "submitted",
        "voucher_state_display": "待审核",
    }
    assert r.json()["reversal_voucher_no"] is None
    with unscoped():
        assert balance(fund) == D("500.00")
    r = c.post(
        BASE.format(union.code) + f"payments/{payment_id}/reverse/",
        {"reason": "接口冲正"},
        content_type="application/json",
    )
    assert r.json()["reversed"] is True
    with unscoped():
        red = Voucher.objects.get(reverses=voucher)
    assert r.json()["reversal_voucher_no"] == red.number
    assert r.json()["reversal_voucher_state"] == "submitted"
    assert r.json()["reversal_voucher_state_display"] == "待审核"
    assert r.json()["voucher_no"] == voucher.number
    with unscoped():
        assert balance(fund) == D("2500.00")
        assert Application.objects.get(pk=app_id).state == "reversed"
    listed = c.get(BASE.format(union.code) + f"rounds/{round_id}/applications/").json()
    (payment,) = listed[0]["payments"]
    assert (payment["voucher_no"], payment["reversal_voucher_no"]) == (voucher.number, red.number)
    entries = new_entries("aid.payment.created", since)
    assert entries and entries[0].source == "api" and entries[0].actor == chair
    report = c.get(BASE.format(union.code) + "education/report/?year=2035").json()
    assert report["people"] == 0 and report["amount"] == "0.00" and report["applied"] == 1


def test_medical_aid_end_to_end(token_login, union, chair):
    H = union.code
    c = token_login(chair)
    with unscoped():
        fund = make_fund(union, "medical", D("10000.00"))
    r = c.post(
        BASE.format(H) + "schemes/",
        {
            "year": 2036,
            "fund": fund.pk,
            "contribution": "20.00",
            "deductible": "0",
            "brackets": [{"upto": None, "rate": "0.8"}],
            "yearly_cap": "1000",
            "categories": ["inpatient"],
            "rules_source": "接口方案",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    scheme_id = r.json()["id"]
    ms = members(union, 2)
    r = c.post(
        BASE.format(H) + f"schemes/{scheme_id}/enrolments/",
        {"members": [m.pk for m in ms]},
        content_type="application/json",
    )
    assert r.status_code == 201 and len(r.json()) == 2
    with unscoped():
        receipt = SourcePosting.objects.get(source="aid.enrolment", amount__isnull=True).voucher
    assert {e["voucher_no"] for e in r.json()} == {receipt.number}
    listed = c.get(BASE.format(H) + f"schemes/{scheme_id}/enrolments/").json()
    assert [(e["voucher_no"], e["voucher_state"]) for e in listed] == [
        (receipt.number, "submitted")
    ] * 2
    r = c.post(
        BASE.format(H) + f"schemes/{scheme_id}/claims/",
        {
            "member": ms[0].pk,
            "hospital": "省立医院",
            "admitted_on": "2036-02-01",
            "discharged_on": "2036-02-05",
            "bills": [{"category": "inpatient", "total": "3000", "eligible": "2000"}],
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    claim_id = r.json()["id"]
    assert c.get(BASE.format(H) + f"claims/{claim_id}/").json()["quote"]["payout"] == "1000.00"
    assert c.post(BASE.format(H) + f"claims/{claim_id}/review/").status_code == 200
    r = c.post(
        BASE.format(H) + f"claims/{claim_id}/decide/",
        {"approve": True},
        content_type="application/json",
    )
    assert r.json()["payout"] == "1000.00"  # 2000 × 80% = 1600, capped at 1000
    r = c.post(BASE.format(H) + f"claims/{claim_id}/pay/", {}, content_type="application/json")
    assert r.status_code == 201
    with unscoped():
        assert Claim.objects.get(pk=claim_id).state == "paid"
        assert balance(fund) == D("10000.00") + D("40.00") - D("1000.00")
        booked = SourcePosting.objects.filter(source="aid.claim", source_id=str(claim_id))
        assert booked.count() == 1
        assert r.json()["voucher_no"] == booked.get().voucher.number
    report = c.get(BASE.format(H) + "medical/report/?year=2036").json()
    assert report["enrolled"] == 2 and report["amount"] == "1000.00" and report["paid_claims"] == 1


def test_another_union_gets_404_and_a_reader_403(token_login, union, chair, other_union):
    from gonghui.aid import services

    rnd = make_round(union, name="2026年金秋助学", year=2026)
    app = make_application(rnd, members(union, 1)[0])
    scheme = make_scheme(other_union, year=2026)  # the other union's
    with unscoped():
        services.application_decide(actor=chair, application=app, approve=True)
        payment = services.application_pay(
            actor=chair, application=app, fund=make_fund(union), date=DAY
        )
        assert AidRound.objects.get(pk=rnd.pk).org == union
    H = other_union.code
    h = token_login(holder("chair", other_union))
    assert h.get(BASE.format(union.code) + "rounds/").status_code == 404
    assert h.get(BASE.format(H) + f"rounds/{rnd.pk}/").status_code == 404
    assert (
        h.post(BASE.format(H) + f"payments/{payment.pk}/reverse/", {"reason": "x"}).status_code
        == 404
    )
    f = token_login(holder("finance", union))
    assert f.get(BASE.format(union.code) + f"rounds/{rnd.pk}/applications/").status_code == 200
    assert (
        f.post(
            BASE.format(union.code) + f"payments/{payment.pk}/reverse/", {"reason": "x"}
        ).status_code
        == 403
    )
    assert (
        token_login(chair).get(BASE.format(union.code) + f"schemes/{scheme.pk}/").status_code == 404
    )
    assert token_login(chair).delete(BASE.format(union.code) + "rounds/").status_code == 405
    with unscoped():
        payment.refresh_from_db()
        assert not payment.reversed


def test_a_scheme_fund_must_belong_to_the_union(token_login, union, chair, other_union):
    with unscoped():
        other = make_fund(other_union, "medical")
    r = token_login(chair).post(
        BASE.format(union.code) + "schemes/",
        {"year": 2037, "fund": other.pk},
        content_type="application/json",
    )
    assert r.status_code == 400
    with unscoped():
        assert not Scheme.objects.filter(year=2037).exists()
