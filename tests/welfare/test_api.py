"""The care API: same rules, scoping and audit as the pages."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.welfare.models import Batch, HardshipFile, Visit
from tests.factories import GroupFactory, MemberFactory, UnionFactory, member_with_login

from .conftest import balance, file_case, make_fund

pytestmark = pytest.mark.django_db


@pytest.fixture
def API(union):
    return f"/api/v1/orgs/{union.code}/welfare"


def post(c, url, data):
    return c.post(url, json.dumps(data, default=str), content_type="application/json")


def test_filing_and_reading_a_file_by_api_is_logged(API, chair, new_member, token_login):
    m = new_member()
    c = token_login(chair)
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
    "role,where",
    [
        ("finance", "union"),
        ("member", "group"),
        ("group_leader", "group"),
        ("upper_staff", "district"),
    ],
)
def test_without_the_case_right_the_api_refuses(
    request, chair, new_member, staff, token_login, role, where
):
    f = file_case(new_member(), chair)
    at = request.getfixturevalue(where)
    c = token_login(member_with_login(at).user if role == "member" else staff(role, at))
    code = at.code
    assert c.get(f"/api/v1/orgs/{code}/welfare/cases/").status_code == 403
    assert c.get(f"/api/v1/orgs/{code}/welfare/cases/{f.pk}/").status_code in (403, 404)
    assert c.get(f"/api/v1/orgs/{code}/welfare/cases/export.xlsx").status_code == 403


def test_another_union_gets_404(API, chair, new_member, staff, token_login):
    f = file_case(new_member(), chair)
    hospital = UnionFactory()
    c = token_login(staff("chair", hospital))
    assert c.get(f"{API}/cases/{f.pk}/").status_code == 404
    assert c.get(f"/api/v1/orgs/{hospital.code}/welfare/cases/{f.pk}/").status_code == 404


def test_wrong_method_is_405(API, chair, token_login):
    c = token_login(chair)
    assert c.delete(f"{API}/cases/").status_code == 405
    assert c.get(f"{API}/visits/1/reverse/").status_code == 405


def test_visits_batches_and_reports_by_api_agree_with_the_ledger(
    API, union, chair, new_member, staff, token_login
):
    fund = make_fund(union, actor=chair, amount=Decimal("5000.00"))
    c = token_login(staff("cadre", union))
    m = new_member()
    second = GroupFactory(parent=union)
    MemberFactory.create_batch(3, org=second)
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
    r = post(token_login(chair), f"{API}/visits/", {**data, "override_reason": "重病"})
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
            "group": second.code,
        },
    )
    assert r.status_code == 201, r.content
    batch_id = r.json()["id"]
    assert c.get(f"{API}/batches/{batch_id}/sheet.pdf").content.startswith(b"%PDF")
    r = post(c, f"{API}/batches/{batch_id}/pay/", {})
    assert r.status_code == 200, r.content
    with unscoped():
        batch = Batch.objects.get(pk=batch_id)
        assert batch.state == "paid" and batch.lines.count() == 3
    r = c.get(f"{API}/reports/?year=2026")
    assert r.status_code == 200 and r.json()["ledger"]["agrees"] is True
    assert "hardship" in r.json()  # the cadre holds welfare.case:read
    r = token_login(staff("finance", union)).get(f"{API}/reports/?year=2026")
    assert r.status_code == 200 and "hardship" not in r.json()
    assert r.json()["ledger"]["agrees"] is True
    r = c.get(f"{API}/people/{m.pk}/?year=2026")
    assert r.json()["rows"][0]["amount"] == "900.00"
    assert c.get(f"{API}/rules/").json()["caps"]["label"] == "安徽（修订后）"
    assert c.get(f"{API}/reminders/?days=30").status_code == 200


def test_only_a_reader_of_files_plans_a_batch_for_households_on_file(
    API, union, chair, new_member, staff, token_login
):
    file_case(new_member(), chair)
    r = post(token_login(staff("finance", union)), f"{API}/batches/", {})
    assert r.status_code == 403  # finance does not write visits
    with unscoped():
        assert HardshipFile.objects.exists()


def test_a_poverty_line_beyond_its_column_is_a_400_not_a_500(API, chair, token_login):
    # Found by fuzzing on PostgreSQL: 12 digits passed the API and overflowed the column.
    r = token_login(chair).post(
        f"{API}/rules/lines/",
        {"effective_from": "2031-01-01", "dibao_monthly": "12376005109", "source": "测试"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "dibao_monthly" in r.json()
