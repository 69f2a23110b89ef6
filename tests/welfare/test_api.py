"""The care API: same rules, scoping and audit as the pages."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.welfare.models import Batch, HardshipFile, Visit

from .conftest import balance, file_case, fresh_member, make_fund

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(user):  # not converted yet: the demo's school chair
    return user("school_chair")


API = "/api/v1/orgs/S0001/welfare"


@pytest.fixture
def token_client(db, demo):
    from django.test import Client

    from gonghui.accounts.models import ApiToken, User

    def make(username):
        with unscoped():
            key = ApiToken.objects.issue(User.objects.get(username=username), name="test")[1]
        return Client(HTTP_AUTHORIZATION=f"Token {key}")

    return make


def post(c, url, data):
    return c.post(url, json.dumps(data, default=str), content_type="application/json")


def test_filing_and_reading_a_file_by_api_is_logged(token_client):
    m = fresh_member()
    c = token_client("school_chair")
    r = post(
        c,
        f"{API}/cases/",
        {"member": m.pk, "causes": ["illness"], "yearly_income": "9000", "phone": "13811112222"},
    )
    assert r.status_code == 201, r.content
    case_id = r.json()["id"]
    assert r.json()["category"] == "deep"
    r = c.get(f"{API}/cases/{case_id}/")
    assert r.status_code == 200 and r.json()["phone"] == "138****2222"
    with unscoped():
        entry = AuditEntry.objects.filter(
            action="welfare.case.viewed", object_id=str(case_id)
        ).get()
    assert entry.source == "api"
    r = post(c, f"{API}/cases/{case_id}/step/check/", {})
    assert r.status_code == 200 and r.json()["state"] == "checking"
    r = post(c, f"{API}/cases/{case_id}/step/approve/", {})
    assert r.status_code == 400  # not from checking
    r = post(c, f"{API}/cases/{case_id}/measures/", {"kind": "nonsense", "text": "x", "owner": "y"})
    assert r.status_code == 400


@pytest.mark.parametrize(
    "persona,code",
    [
        ("factory_finance", "F0001"),
        ("member", "S0001-G01"),
        ("group_leader", "S0001-G01"),
        ("district", "D0001"),
    ],
)
def test_without_the_case_right_the_api_refuses(token_client, user, persona, code):
    f = file_case(fresh_member(), user("school_chair"))
    c = token_client(persona)
    assert c.get(f"/api/v1/orgs/{code}/welfare/cases/").status_code == 403
    assert c.get(f"/api/v1/orgs/{code}/welfare/cases/{f.pk}/").status_code in (403, 404)
    assert c.get(f"/api/v1/orgs/{code}/welfare/cases/export.xlsx").status_code == 403


def test_another_union_gets_404(token_client, user):
    f = file_case(fresh_member(), user("school_chair"))
    c = token_client("hospital_chair")
    assert c.get(f"{API}/cases/{f.pk}/").status_code == 404
    assert c.get(f"/api/v1/orgs/H0001/welfare/cases/{f.pk}/").status_code == 404


def test_wrong_method_is_405(token_client):
    c = token_client("school_chair")
    assert c.delete(f"{API}/cases/").status_code == 405
    assert c.get(f"{API}/visits/1/reverse/").status_code == 405


def test_visits_batches_and_reports_by_api_agree_with_the_ledger(token_client, user):
    chair = user("school_chair")
    fund = make_fund(actor=chair, amount=Decimal("5000.00"))
    c = token_client("school_cadre")
    m = fresh_member()
    data = {
        "member": m.pk,
        "occasion": "hospital",
        "form": "cash",
        "amount": "1200.00",
        "date": "2026-05-05",
        "visitors": "刘芳",
        "fund": fund.pk,
    }
    r = post(c, f"{API}/visits/", {**data, "override_reason": "重病"})
    assert r.status_code == 400  # a cadre may not allow the exception
    r = post(token_client("school_chair"), f"{API}/visits/", {**data, "override_reason": "重病"})
    assert r.status_code == 201, r.content
    visit_id = r.json()["id"]
    r = post(
        c, f"{API}/visits/{visit_id}/correct/", {**data, "amount": "900.00", "reason": "金额有误"}
    )
    assert r.status_code == 201, r.content
    assert balance(fund) == Decimal("4100.00")
    with unscoped():
        assert Visit.objects.get(pk=visit_id).state == "reversed"
    r = post(
        c,
        f"{API}/batches/",
        {
            "title": "API慰问",
            "occasion": "festival",
            "festival": "guoqing",
            "date": "2026-10-01",
            "form": "goods",
            "amount": "0",
            "goods": "慰问信",
            "selection": "group",
            "group": "S0001-G02",
        },
    )
    assert r.status_code == 201, r.content
    batch_id = r.json()["id"]
    assert c.get(f"{API}/batches/{batch_id}/sheet.pdf").content.startswith(b"%PDF")
    r = post(c, f"{API}/batches/{batch_id}/pay/", {})
    assert r.status_code == 200, r.content
    with unscoped():
        assert Batch.objects.get(pk=batch_id).state == "paid"
    r = c.get(f"{API}/reports/?year=2026")
    assert r.status_code == 200 and r.json()["ledger"]["agrees"] is True
    assert "hardship" in r.json()  # the cadre holds welfare.case:read
    r = token_client("factory_finance").get("/api/v1/orgs/F0001/welfare/reports/?year=2026")
    assert r.status_code == 200 and "hardship" not in r.json()
    assert r.json()["ledger"]["agrees"] is True
    r = c.get(f"{API}/people/{m.pk}/?year=2026")
    assert r.json()["rows"][0]["amount"] == "900.00"
    assert c.get(f"{API}/rules/").json()["caps"]["label"] == "安徽（修订后）"
    assert c.get(f"{API}/reminders/?days=30").status_code == 200


def test_only_a_reader_of_files_plans_a_batch_for_households_on_file(token_client):
    r = post(token_client("factory_finance"), "/api/v1/orgs/F0001/welfare/batches/", {})
    assert r.status_code == 403  # finance does not write visits
    with unscoped():
        assert HardshipFile.objects.exists()
