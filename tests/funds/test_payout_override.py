"""A payout typed on the funds pages (or sent to the API) beyond its line of the budget:
refused with the concern in Chinese and nothing written, then booked once a reason is
given, the voucher keeping the concerns and the reason; the reason field appears on the
page only after the first refusal, and the persona cases of the payout page."""

from __future__ import annotations

import json

import pytest

from gonghui.core.scoping import unscoped
from gonghui.finance.models import SourcePosting, Voucher
from gonghui.funds import services
from tests.budgets.conftest import make_budget

from .conftest import DAY, D, holder, ledger_lines, make_fund

pytestmark = pytest.mark.django_db

# The budgets' default lines: 401 income, 50101 职工教育 500.00, 50102 文体活动 300.00.
OVER = {"amount": "400.00", "account": "50102", "summary": "球赛奖品", "payee": "一车间"}


@pytest.fixture
def fund(union):
    """The union's general funds (工会经费): what they pay is 非专项, as the budget's lines.
    (A hardship fund's payouts are 专项: finance/mapping.RESTRICTED_FUND_KINDS.)"""
    return make_fund(union, kind="union", balance="1000.00")


@pytest.fixture
def budgeted(union):
    with unscoped():
        return make_budget(union, year=DAY.year)


def _vouchers(union) -> int:
    with unscoped():
        return Voucher.objects.filter(org=union).count()


def _page(fund, org=None):
    return f"/o/{org or fund.org.code}/funds/{fund.pk}/payout/"


def _form(**data):
    return {f"out-{k}": v for k, v in {"date": DAY.isoformat(), **OVER, **data}.items()}


# -- the service ---------------------------------------------------------------------------


def test_the_service_refuses_without_a_reason_and_writes_nothing(finance, fund, budgeted):
    before = _vouchers(fund.org)
    with unscoped():
        booked = SourcePosting.objects.filter(org=fund.org).count()
    with unscoped(), pytest.raises(services.FundError) as refused:
        services.fund_payout(actor=finance, fund=fund, date=DAY, **{**OVER, "amount": D("400")})
    assert refused.value.field == "override_reason"
    assert "超出预算" in refused.value.message and "50102 文体活动" in refused.value.message
    assert "请说明理由" in refused.value.message
    assert _vouchers(fund.org) == before and len(ledger_lines(fund)) == 1
    with unscoped():
        assert SourcePosting.objects.filter(org=fund.org).count() == booked


def test_the_service_books_it_with_a_reason(finance, fund, budgeted):
    with unscoped():
        entry = services.fund_payout(
            actor=finance,
            fund=fund,
            date=DAY,
            override_reason="工会委员会决定追加",
            **{**OVER, "amount": D("400")},
        )
        voucher = Voucher.objects.get(pk=entry.voucher_id)
    assert voucher.override_reason == "工会委员会决定追加"
    assert len(voucher.concerns) == 1 and "300.00" in voucher.concerns[0]
    assert voucher.state == "submitted" and entry.expense == D("400.00")


def test_income_asks_for_no_reason(finance, fund, budgeted):
    with unscoped():
        entry = services.fund_income(
            actor=finance, fund=fund, amount=D("99999"), date=DAY, summary="捐款", account="408"
        )
    assert entry.income == D("99999.00")


# -- the page ------------------------------------------------------------------------------


def test_the_page_asks_for_a_reason_then_books_it(login, finance, fund, budgeted):
    c = login(finance)
    first = c.get(_page(fund)).content.decode()
    assert 'type="hidden" name="out-override_reason"' in first  # not asked for yet
    r = c.post(_page(fund), _form())
    assert r.status_code == 200
    body = r.content.decode()
    assert "超出预算" in body and "50102 文体活动" in body and "继续办理的理由" in body
    assert 'type="text" name="out-override_reason"' in body and "随凭证留存" in body
    assert 'value="400.00"' in body and 'value="球赛奖品"' in body and 'value="一车间"' in body
    assert r.context["form"].errors["override_reason"]
    assert len(ledger_lines(fund)) == 1  # nothing booked
    r = c.post(_page(fund), _form(override_reason="工会委员会决定追加"))
    assert r.status_code == 302
    entry = ledger_lines(fund)[-1]
    with unscoped():
        voucher = Voucher.objects.get(pk=entry.voucher_id)
    assert entry.expense == D("400.00") and voucher.override_reason == "工会委员会决定追加"
    assert voucher.concerns and "50102" in voucher.concerns[0]


def test_a_payout_within_the_budget_asks_nothing(login, finance, fund, budgeted):
    r = login(finance).post(_page(fund), _form(amount="300.00"))
    assert r.status_code == 302
    with unscoped():
        voucher = Voucher.objects.get(pk=ledger_lines(fund)[-1].voucher_id)
    assert (voucher.concerns, voucher.override_reason) == ([], "")


def test_the_auditor_gets_403(login, auditor, fund, budgeted):
    r = login(auditor).post(_page(fund), _form(override_reason="理由"))
    assert r.status_code == 403 and len(ledger_lines(fund)) == 1


def test_another_unions_chair_gets_404(login, other_union, fund, budgeted):
    c = login(holder("chair", other_union))
    assert c.post(_page(fund), _form(override_reason="理由")).status_code == 404
    assert c.post(_page(fund, other_union.code), _form(override_reason="理由")).status_code == 404
    assert len(ledger_lines(fund)) == 1


def test_wrong_method_gets_405(login, finance, fund):
    assert login(finance).put(_page(fund)).status_code == 405


# -- the API -------------------------------------------------------------------------------


def _api(fund, org=None):
    return f"/api/v1/orgs/{org or fund.org.code}/funds/{fund.pk}/payout/"


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_the_api_answers_the_concern_on_override_reason(token_login, finance, fund, budgeted):
    c = token_login(finance)
    body = {"date": DAY.isoformat(), **OVER}
    r = _post(c, _api(fund), body)
    assert r.status_code == 400 and r.json()["field"] == "override_reason"
    assert "超出预算" in r.json()["detail"] and "50102 文体活动" in r.json()["detail"]
    assert len(ledger_lines(fund)) == 1
    r = _post(c, _api(fund), {**body, "override_reason": "工会委员会决定追加"})
    assert r.status_code == 201
    with unscoped():
        voucher = Voucher.objects.get(pk=r.json()["voucher"])
    assert voucher.override_reason == "工会委员会决定追加" and len(voucher.concerns) == 1


def test_the_api_persona_cases(token_login, auditor, other_union, fund, budgeted):
    body = {"date": DAY.isoformat(), **OVER, "override_reason": "理由"}
    assert _post(token_login(auditor), _api(fund), body).status_code == 403
    other = token_login(holder("chair", other_union))
    assert _post(other, _api(fund, other_union.code), body).status_code == 404
    assert token_login(holder("finance", fund.org)).get(_api(fund)).status_code == 405
    assert len(ledger_lines(fund)) == 1


def test_the_funds_own_balance_still_refuses_first(token_login, finance, union, budgeted):
    poor = make_fund(union, balance="100.00")
    r = _post(
        token_login(finance),
        _api(poor),
        {"date": DAY.isoformat(), **OVER, "override_reason": "理由"},
    )
    assert r.status_code == 400 and "100.00" in r.json()["detail"]
    assert len(ledger_lines(poor)) == 1
