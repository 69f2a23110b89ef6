"""The care pages: who may see what, and the hardship file's protections."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.welfare.models import CaseState, HardshipFile, Visit
from tests.factories import UnionFactory, member_with_login

from .conftest import file_case, make_fund, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(union):
    return f"/o/{union.code}/welfare"


@pytest.fixture
def c(chair, login):
    return login(chair)


@pytest.fixture
def case(chair, new_member):
    return file_case(new_member(), chair)


PAGES = ["/", "/visits/", "/batches/", "/reminders/", "/reports/", "/rules/"]


@pytest.mark.parametrize("path", PAGES)
def test_the_pages_open_for_the_chair(base, c, path):
    r = c.get(f"{base}{path}")
    assert r.status_code == 200, r.content[:500]


def test_the_hardship_file_opens_for_the_chair_and_the_view_is_logged(base, c, case):
    r = c.get(f"{base}/cases/{case.pk}/")
    assert r.status_code == 200
    body = r.content.decode()
    assert case.member.name in body
    assert "139****5678" in body and "13912345678" not in body
    with unscoped():
        assert (
            AuditEntry.objects.filter(action="welfare.case.viewed", object_id=str(case.pk)).count()
            == 1
        )
    r = c.get(f"{base}/cases/{case.pk}/?reveal=1")
    assert "13912345678" in r.content.decode()
    assert c.get(f"{base}/cases/").status_code == 200
    assert case.number in c.get(f"{base}/cases/?q={case.member.name}").content.decode()


def test_the_school_cadre_may_not_reveal_but_sees_masked(base, union, staff, login, case):
    c = login(staff("cadre", union))
    assert c.get(f"{base}/cases/{case.pk}/").status_code == 200
    assert c.get(f"{base}/cases/{case.pk}/?reveal=1").status_code == 403


def test_another_union_gets_404(base, staff, login, case):
    hospital = UnionFactory()
    c = login(staff("chair", hospital))
    assert c.get(f"{base}/cases/{case.pk}/").status_code == 404
    assert c.get(f"/o/{hospital.code}/welfare/cases/{case.pk}/").status_code == 404
    assert c.post(f"/o/{hospital.code}/welfare/cases/{case.pk}/step/check/").status_code == 404
    assert case.number not in c.get(f"/o/{hospital.code}/welfare/cases/").content.decode()


@pytest.mark.parametrize(
    "role,where",
    [
        ("group_leader", "group"),
        ("member", "group"),
        ("finance", "union"),
        ("auditor", "union"),
        ("upper_staff", "district"),
    ],
)
def test_roles_without_the_welfare_case_right_get_403(request, staff, login, case, role, where):
    at = request.getfixturevalue(where)
    who = member_with_login(at).user if role == "member" else staff(role, at)
    c = login(who)
    code = at.code
    for path in ("/cases/", f"/cases/{case.pk}/", "/cases/export.xlsx", "/cases/new/"):
        assert c.get(f"/o/{code}/welfare{path}").status_code in (403, 404), path
    assert c.get(f"/o/{code}/welfare/cases/").status_code == 403


def test_finance_reads_visits_but_not_files(base, union, chair, new_member, staff, login):
    fund = make_fund(union, actor=chair)
    v = record(new_member(), chair, fund=fund)
    c = login(staff("finance", union))
    assert c.get(f"{base}/visits/{v.pk}/").status_code == 200
    assert c.post(f"{base}/visits/{v.pk}/reverse/", {"reason": "x"}).status_code == 403


def test_wrong_method_is_405(base, c, case):
    assert c.get(f"{base}/cases/{case.pk}/step/check/").status_code == 405
    assert c.post(f"{base}/cases/{case.pk}/").status_code == 405
    assert c.put(f"{base}/batches/1/pay/").status_code == 405


def test_filing_and_approving_through_the_pages(base, c, new_member):
    m = new_member()
    r = c.get(f"{base}/cases/new/?q={m.name}")
    assert f'data-member="{m.pk}"' in r.content.decode()
    r = c.post(
        f"{base}/cases/new/",
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
        r = c.post(f"{base}/cases/{f.pk}/step/{step}/", {"date": "2026-04-10"})
        assert r.status_code == 302
    f.refresh_from_db()
    assert f.state == CaseState.ACTIVE
    r = c.post(
        f"{base}/cases/{f.pk}/measures/",
        {"kind": "education", "text": "金秋助学申请", "owner": "林建华", "due": "2026-08-31"},
    )
    assert r.status_code == 302
    with unscoped():
        assert f.measures.count() == 1


def test_recording_a_visit_through_the_page(base, union, chair, new_member, staff, login):
    fund = make_fund(union, actor=chair)
    m = new_member()
    c = login(staff("cadre", union))
    data = {
        "member": m.pk,
        "occasion": "hospital",
        "date": "2026-05-01",
        "visitors": "刘芳",
        "form": "cash",
        "amount": "1500.00",
        "fund": fund.pk,
    }
    r = c.post(f"{base}/visits/new/", data)
    assert r.status_code == 200 and "1000" in r.content.decode()  # above the 安徽 cap
    r = c.post(f"{base}/visits/new/", {**data, "override_reason": "大手术"})
    assert r.status_code == 200  # a cadre may not allow the exception
    with unscoped():
        assert not Visit.objects.filter(member=m).exists()
    r = login(chair).post(f"{base}/visits/new/", {**data, "override_reason": "大手术"})
    assert r.status_code == 302
    with unscoped():
        v = Visit.objects.get(member=m)
    assert v.amount == Decimal("1500.00") and v.override_reason == "大手术"
    r = c.get(f"{base}/people/{m.pk}/")
    assert r.status_code == 200 and "1500" in r.content.decode()
