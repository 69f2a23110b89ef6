"""The care pages: who may see what, and the hardship file's protections."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.welfare.models import CaseState, HardshipFile, Visit

from .conftest import file_case, fresh_member, make_fund, record

pytestmark = pytest.mark.django_db

BASE = "/o/S0001/welfare"


@pytest.fixture
def case(user):
    return file_case(fresh_member(), user("school_chair"))


PAGES = ["/", "/visits/", "/batches/", "/reminders/", "/reports/", "/rules/"]


@pytest.mark.parametrize("path", PAGES)
def test_the_pages_open_for_the_chair(client_for, path):
    r = client_for("school_chair").get(f"{BASE}{path}")
    assert r.status_code == 200, r.content[:500]


def test_the_hardship_file_opens_for_the_chair_and_the_view_is_logged(client_for, case):
    c = client_for("school_chair")
    r = c.get(f"{BASE}/cases/{case.pk}/")
    assert r.status_code == 200
    body = r.content.decode()
    assert case.member.name in body
    assert "139****5678" in body and "13912345678" not in body
    with unscoped():
        assert (
            AuditEntry.objects.filter(action="welfare.case.viewed", object_id=str(case.pk)).count()
            == 1
        )
    r = c.get(f"{BASE}/cases/{case.pk}/?reveal=1")
    assert "13912345678" in r.content.decode()
    assert c.get(f"{BASE}/cases/").status_code == 200
    assert case.number in c.get(f"{BASE}/cases/?q={case.member.name}").content.decode()


def test_the_school_cadre_may_not_reveal_but_sees_masked(client_for, case):
    c = client_for("school_cadre")
    assert c.get(f"{BASE}/cases/{case.pk}/").status_code == 200
    assert c.get(f"{BASE}/cases/{case.pk}/?reveal=1").status_code == 403


def test_another_union_gets_404(client_for, case):
    c = client_for("hospital_chair")
    assert c.get(f"{BASE}/cases/{case.pk}/").status_code == 404
    assert c.get(f"/o/H0001/welfare/cases/{case.pk}/").status_code == 404
    assert c.post(f"/o/H0001/welfare/cases/{case.pk}/step/check/").status_code == 404
    assert case.number not in c.get("/o/H0001/welfare/cases/").content.decode()


@pytest.mark.parametrize(
    "persona,code",
    [
        ("group_leader", "S0001-G01"),
        ("member", "S0001-G01"),
        ("factory_finance", "F0001"),
        ("factory_auditor", "F0001"),
        ("district", "D0001"),
    ],
)
def test_roles_without_the_welfare_case_right_get_403(client_for, case, persona, code):
    c = client_for(persona)
    for path in ("/cases/", f"/cases/{case.pk}/", "/cases/export.xlsx", "/cases/new/"):
        assert c.get(f"/o/{code}/welfare{path}").status_code in (403, 404), path
    assert c.get(f"/o/{code}/welfare/cases/").status_code == 403


def test_finance_reads_visits_but_not_files(client_for, user):
    fund = make_fund("F0001", actor=user("factory_chair"))
    v = record(fresh_member("F0001"), user("factory_chair"), fund=fund)
    c = client_for("factory_finance")
    assert c.get(f"/o/F0001/welfare/visits/{v.pk}/").status_code == 200
    assert c.post(f"/o/F0001/welfare/visits/{v.pk}/reverse/", {"reason": "x"}).status_code == 403


def test_wrong_method_is_405(client_for, case):
    c = client_for("school_chair")
    assert c.get(f"{BASE}/cases/{case.pk}/step/check/").status_code == 405
    assert c.post(f"{BASE}/cases/{case.pk}/").status_code == 405
    assert c.put(f"{BASE}/batches/1/pay/").status_code == 405


def test_filing_and_approving_through_the_pages(client_for):
    m = fresh_member()
    c = client_for("school_chair")
    r = c.get(f"{BASE}/cases/new/?q={m.name}")
    assert f'data-member="{m.pk}"' in r.content.decode()
    r = c.post(
        f"{BASE}/cases/new/",
        {
            "member": m.pk,
            "applied_on": "2026-04-01",
            "causes": ["illness", "schooling"],
            "yearly_income": "12000",
            "rigid_costs": "2400",
            "hardship_costs": "0",
            "address": "幸福路2号",
            "phone": "13900001111",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    with unscoped():
        f = HardshipFile.objects.get(member=m)
    assert f.category == "relative"  # (12,000 − 2,400) / 12 = 800: at the line, not below it
    for step in ("check", "submit", "approve"):
        r = c.post(f"{BASE}/cases/{f.pk}/step/{step}/", {"date": "2026-04-10"})
        assert r.status_code == 302
    f.refresh_from_db()
    assert f.state == CaseState.ACTIVE
    r = c.post(
        f"{BASE}/cases/{f.pk}/measures/",
        {"kind": "education", "text": "金秋助学申请", "owner": "林建华", "due": "2026-08-31"},
    )
    assert r.status_code == 302
    with unscoped():
        assert f.measures.count() == 1


def test_recording_a_visit_through_the_page(client_for, user):
    fund = make_fund(actor=user("school_chair"))
    m = fresh_member()
    c = client_for("school_cadre")
    data = {
        "member": m.pk,
        "occasion": "hospital",
        "date": "2026-05-01",
        "visitors": "刘芳",
        "form": "cash",
        "amount": "1500.00",
        "fund": fund.pk,
    }
    r = c.post(f"{BASE}/visits/new/", data)
    assert r.status_code == 200 and "1000" in r.content.decode()  # above the 安徽 cap
    r = c.post(f"{BASE}/visits/new/", {**data, "override_reason": "大手术"})
    assert r.status_code == 200  # a cadre may not allow the exception
    with unscoped():
        assert not Visit.objects.filter(member=m).exists()
    r = client_for("school_chair").post(
        f"{BASE}/visits/new/", {**data, "override_reason": "大手术"}
    )
    assert r.status_code == 302
    with unscoped():
        v = Visit.objects.get(member=m)
    assert v.amount == Decimal("1500.00") and v.override_reason == "大手术"
    r = c.get(f"{BASE}/people/{m.pk}/")
    assert r.status_code == 200 and "1500" in r.content.decode()
