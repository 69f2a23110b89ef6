"""Welfare's payouts beyond their line of the budget (慰问 on 50105 会员活动): a visit or a
batch within welfare's own standards is still refused by the books' budget check without
a reason, with the concern in Chinese and nothing written (no visit, no voucher, the batch
still a draft); with a reason (anyone's: the budget is not a welfare rule reserved to the
chair) it is paid and the voucher keeps the concerns and the reason. The same through the
pages, which keep what was typed and show the reason field, and through the API; persona
cases of the visit and batch-pay pages."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from gonghui.finance.models import SourcePosting, Voucher
from gonghui.welfare import services
from gonghui.welfare.models import Batch, Visit
from tests.budgets.conftest import make_budget
from tests.factories import MemberFactory

from .conftest import booked, make_fund, record

pytestmark = pytest.mark.django_db

YEAR = 2026
REASON = "重病住院，工会委员会同意超预算慰问"
# 50105 会员活动: 300.00 approved. A hospital visit of 500 is within welfare's 安徽 cap
# (1,000) but beyond the line.
LINES = [
    {"account": "401", "amount": "100000.00", "restricted": False},
    {"account": "50105", "amount": "300.00", "restricted": False},
]


@pytest.fixture
def budgeted(union):
    with unscoped():
        return make_budget(union, LINES, year=YEAR)


@pytest.fixture
def cadre(staff, union):
    return staff("cadre", union)


@pytest.fixture
def fund(union, chair):
    return make_fund(union, actor=chair)


def _vouchers(union) -> int:
    with unscoped():
        return Voucher.objects.filter(org=union).count()


# -- visits --------------------------------------------------------------------------------


def test_a_visit_beyond_the_budget_is_refused_without_a_reason(
    union, cadre, new_member, fund, budgeted
):
    m, before = new_member(), _vouchers(union)
    with pytest.raises(services.WelfareError) as refused:
        record(m, cadre, fund=fund)
    assert refused.value.field == "override_reason"
    message = refused.value.message
    assert "超出预算" in message and "50105 会员活动" in message and "请说明理由" in message
    assert _vouchers(union) == before
    with unscoped():
        assert not Visit.objects.filter(member=m).exists()
        assert not SourcePosting.objects.filter(source="welfare.visit").exists()


def test_a_cadre_gives_the_reason_and_the_voucher_keeps_it(
    union, cadre, new_member, fund, budgeted
):
    visit = record(new_member(), cadre, fund=fund, override_reason=REASON)
    voucher = booked("welfare.visit", visit.pk).voucher
    assert visit.state == "paid" and visit.amount == Decimal("500.00")
    assert voucher.override_reason == REASON and len(voucher.concerns) == 1
    assert "300.00" in voucher.concerns[0]
    # Not one of welfare's own exceptions: the visit carries none.
    assert (visit.findings, visit.override_reason) == ([], "")


def test_the_chairs_reason_for_welfares_exception_covers_the_budget_too(
    union, chair, new_member, fund, budgeted
):
    visit = record(
        new_member(),
        chair,
        fund=fund,
        amount=Decimal(1200),
        override_reason="大手术",
        may_override=True,
    )
    voucher = booked("welfare.visit", visit.pk).voucher
    assert visit.override_reason == "大手术" and visit.findings
    assert voucher.override_reason == "大手术" and "1,200.00" in voucher.concerns[0]


def _visit_form(m, fund, **kw):
    return {
        "member": m.pk,
        "occasion": "hospital",
        "date": "2026-05-01",
        "visitors": "刘芳",
        "form": "cash",
        "amount": "500.00",
        "fund": fund.pk,
        "note": "住院三周",
        **kw,
    }


def test_the_visit_page_shows_the_concern_keeps_the_input_then_pays(
    login, union, cadre, new_member, fund, budgeted
):
    m, c = new_member(), login(cadre)
    url = f"/o/{union.code}/welfare/visits/new/"
    r = c.post(url, _visit_form(m, fund))
    assert r.status_code == 200
    body = r.content.decode()
    assert "超出预算" in body and "50105 会员活动" in body and "继续办理的理由" in body
    assert r.context["form"].errors["override_reason"]
    assert 'value="刘芳"' in body and 'value="500.00"' in body and "住院三周" in body
    with unscoped():
        assert not Visit.objects.filter(member=m).exists()
    r = c.post(url, _visit_form(m, fund, override_reason=REASON))
    assert r.status_code == 302
    with unscoped():
        visit = Visit.objects.get(member=m)
    assert booked("welfare.visit", visit.pk).voucher.override_reason == REASON


def test_the_visit_page_persona_cases(login, staff, union, other_union_chair, new_member, fund):
    m = new_member()
    data = _visit_form(m, fund, override_reason=REASON)
    assert (
        login(staff("finance", union))
        .post(f"/o/{union.code}/welfare/visits/new/", data)
        .status_code
        == 403
    )
    other, org = other_union_chair
    assert login(other).post(f"/o/{union.code}/welfare/visits/new/", data).status_code == 404
    # Under its own code, our member is not one it may choose: no visit is recorded.
    assert login(other).post(f"/o/{org.code}/welfare/visits/new/", data).status_code == 200
    assert (
        login(staff("cadre", union)).put(f"/o/{union.code}/welfare/visits/new/").status_code == 405
    )
    with unscoped():
        assert not Visit.objects.filter(member=m).exists()


@pytest.fixture
def other_union_chair(db):
    from tests.factories import UnionFactory, UserFactory

    other = UnionFactory()
    return UserFactory(roles=[("chair", other)]), other


# -- batches -------------------------------------------------------------------------------


@pytest.fixture
def batch(union, group, chair, fund):
    """A planned batch of 50105 birthday cakes (100 yuan each) for four members: 400 in all,
    within welfare's standards, beyond the 300 of the budget."""
    for _ in range(4):
        MemberFactory(org=group)
    data = {
        "title": "2026年五月生日慰问",
        "occasion": "birthday",
        "date": dt.date(YEAR, 5, 20),
        "form": "goods",
        "amount": Decimal(100),
        "goods": "生日蛋糕",
        "fund": fund,
    }
    with scope(union), acting(user=chair):
        return services.batch_create(actor=chair, org=union, data=data, selection="all")


def _figures(batch):
    with unscoped():
        return services.batch_figures(batch)


def _nothing_paid(batch, before):
    with unscoped():
        batch.refresh_from_db()
        assert batch.state == Batch.State.DRAFT
        assert not Visit.objects.filter(batch=batch).exists()
        assert not SourcePosting.objects.filter(source="welfare.batch").exists()
    assert _vouchers(batch.org) == before


def test_a_batch_beyond_the_budget_needs_a_reason(union, cadre, batch, budgeted):
    before = _vouchers(union)
    with scope(union), acting(user=cadre), pytest.raises(services.WelfareError) as refused:
        services.batch_pay(actor=cadre, batch=batch)
    assert refused.value.field == "override_reason" and "超出预算" in refused.value.message
    _nothing_paid(batch, before)
    with scope(union), acting(user=cadre):
        services.batch_pay(actor=cadre, batch=batch, override_reason=REASON)
    voucher = booked("welfare.batch", batch.pk).voucher
    assert voucher.override_reason == REASON and "400.00" in voucher.concerns[0]
    with unscoped():
        assert Visit.objects.filter(batch=batch, state="paid").count() == 4


def test_the_pay_page_shows_the_reason_field_on_a_concern(login, union, cadre, batch, budgeted):
    c, before = login(cadre), _vouchers(union)
    url = f"/o/{union.code}/welfare/batches/{batch.pk}/pay/"
    first = c.get(url).content.decode()
    assert 'name="override_reason"' not in first  # no finding: no reason asked for yet
    n, total = _figures(batch)
    r = c.post(url, {"count": n, "total": str(total)})
    assert r.status_code == 200
    body = r.content.decode()
    assert "超出预算" in body and "50105 会员活动" in body
    assert 'name="override_reason"' in body and "继续办理的理由" in body
    _nothing_paid(batch, before)
    r = c.post(url, {"count": n, "total": str(total), "override_reason": REASON})
    assert r.status_code == 302
    assert booked("welfare.batch", batch.pk).voucher.override_reason == REASON


def test_the_pay_page_persona_cases(login, staff, union, other_union_chair, batch, budgeted):
    before = _vouchers(union)
    n, total = _figures(batch)
    data = {"count": n, "total": str(total), "override_reason": REASON}
    url = f"/welfare/batches/{batch.pk}/pay/"
    assert login(staff("finance", union)).post(f"/o/{union.code}{url}", data).status_code == 403
    other, org = other_union_chair
    assert login(other).post(f"/o/{org.code}{url}", data).status_code == 404
    assert login(other).post(f"/o/{union.code}{url}", data).status_code == 404
    assert login(staff("cadre", union)).put(f"/o/{union.code}{url}").status_code == 405
    _nothing_paid(batch, before)


# -- the API -------------------------------------------------------------------------------


def _post(c, url, data):
    return c.post(url, json.dumps(data, default=str), content_type="application/json")


def test_the_api_answers_the_concern_on_override_reason(
    token_login, union, cadre, new_member, fund, batch, budgeted
):
    c, api = token_login(cadre), f"/api/v1/orgs/{union.code}/welfare"
    m = new_member()
    data = {k: v for k, v in _visit_form(m, fund).items()}
    r = _post(c, f"{api}/visits/", data)
    assert r.status_code == 400 and r.json()["field"] == "override_reason"
    assert "超出预算" in r.json()["detail"] and "50105 会员活动" in r.json()["detail"]
    with unscoped():
        assert not Visit.objects.filter(member=m).exists()
    r = _post(c, f"{api}/visits/", {**data, "override_reason": REASON})
    assert r.status_code == 201, r.content
    assert booked("welfare.visit", r.json()["id"]).voucher.override_reason == REASON
    # The batch: the visit above used the line up; the batch is beyond it too.
    r = _post(c, f"{api}/batches/{batch.pk}/pay/", {})
    assert r.status_code == 400 and r.json()["field"] == "override_reason"
    r = _post(c, f"{api}/batches/{batch.pk}/pay/", {"override_reason": REASON})
    assert r.status_code == 200, r.content
    assert booked("welfare.batch", batch.pk).voucher.override_reason == REASON


def test_the_api_persona_cases(token_login, staff, union, other_union_chair, batch, budgeted):
    before = _vouchers(union)
    url = f"/welfare/batches/{batch.pk}/pay/"
    body = {"override_reason": REASON}
    finance = token_login(staff("finance", union))
    assert _post(finance, f"/api/v1/orgs/{union.code}{url}", body).status_code == 403
    other, org = other_union_chair
    assert _post(token_login(other), f"/api/v1/orgs/{org.code}{url}", body).status_code == 404
    cadre = token_login(staff("cadre", union))
    assert cadre.get(f"/api/v1/orgs/{union.code}{url}").status_code == 405
    _nothing_paid(batch, before)
