"""Aid's payments beyond their line of the budget (金秋助学 on 50405, 医疗互助 on 50305):
refused with the concern in Chinese and nothing written (no voucher, no payment, the
application or claim still approved, the fund untouched), paid once a reason is given,
the voucher keeping the concerns and the reason; the same through the API; the page
shows the reason field with what was typed after the first refusal; persona cases."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D

import pytest

from gonghui.aid import services
from gonghui.aid.models import Payment
from gonghui.core.scoping import unscoped
from gonghui.finance.models import SourcePosting, Voucher
from tests.budgets.conftest import make_budget

from .conftest import balance, holder, make_application, make_fund, make_round, members
from .test_views_medical import a_claim

pytestmark = pytest.mark.django_db

YEAR = 2026
PAID_ON = dt.date(YEAR, 11, 20)
# 金秋助学 is 送温暖 (50405): 1,000 approved, the application pays 4,000. 50305 (医疗互助)
# has no line: any claim is outside the budget.
LINES = [
    {"account": "401", "amount": "100000.00", "restricted": False},
    {"account": "50405", "amount": "1000.00", "restricted": False},
]
REASON = "工会委员会研究同意，预算年中调整"


@pytest.fixture
def budgeted(union):
    with unscoped():
        return make_budget(union, LINES, year=YEAR)


@pytest.fixture
def approved(union, chair):
    app = make_application(make_round(union), members(union, 1)[0])
    with unscoped():
        services.application_decide(actor=chair, application=app, approve=True, amount=D("4000"))
        app.refresh_from_db()
    return app


@pytest.fixture
def fund(union):
    with unscoped():
        return make_fund(union, balance=D("8000.00"))


def _nothing_paid(app, fund):
    with unscoped():
        app.refresh_from_db()
        assert app.state == "approved"
        assert not Payment.objects.filter(application=app).exists()
        assert not SourcePosting.objects.filter(source="aid.application").exists()
        assert balance(fund) == D("8000.00")


def _voucher(source, source_id) -> Voucher:
    with unscoped():
        return SourcePosting.objects.get(source=source, source_id=str(source_id)).voucher


# -- the services --------------------------------------------------------------------------


def test_an_application_beyond_the_budget_is_refused_without_a_reason(
    union, chair, approved, fund, budgeted
):
    with unscoped(), pytest.raises(services.AidError) as refused:
        services.application_pay(actor=chair, application=approved, fund=fund, date=PAID_ON)
    assert refused.value.field == "override_reason"
    message = refused.value.message
    assert "超出预算" in message and "50405" in message and "请说明理由" in message
    _nothing_paid(approved, fund)


def test_an_application_is_paid_with_a_reason_kept_on_the_voucher(
    union, chair, approved, fund, budgeted
):
    with unscoped():
        payment = services.application_pay(
            actor=chair, application=approved, fund=fund, date=PAID_ON, override_reason=REASON
        )
        approved.refresh_from_db()
        assert approved.state == "paid" and balance(fund) == D("4000.00")
    voucher = _voucher("aid.application", approved.pk)
    assert payment.amount == D("4000.00") and voucher.override_reason == REASON
    assert len(voucher.concerns) == 1 and "1,000.00" in voucher.concerns[0]


def test_within_the_budget_no_reason_is_asked(union, chair, fund):
    with unscoped():
        make_budget(union, [{**LINES[1], "amount": "9000.00"}], year=YEAR)
    app = make_application(make_round(union), members(union, 1)[0])
    with unscoped():
        services.application_decide(actor=chair, application=app, approve=True)
        services.application_pay(actor=chair, application=app, fund=fund, date=PAID_ON)
    voucher = _voucher("aid.application", app.pk)
    assert (voucher.concerns, voucher.override_reason) == ([], "")


def _approved_claim(union, chair):
    claim = a_claim(union, year=YEAR)
    with unscoped():
        services.claim_review(actor=chair, claim=claim)
        services.claim_decide(actor=chair, claim=claim, approve=True)
        claim.refresh_from_db()
    return claim


def test_a_claim_outside_the_budget_needs_a_reason(union, chair, budgeted):
    claim = _approved_claim(union, chair)
    with unscoped(), pytest.raises(services.AidError) as refused:
        services.claim_pay(actor=chair, claim=claim, date=dt.date(YEAR, 3, 20))
    assert refused.value.field == "override_reason"
    assert "预算外支出" in refused.value.message and "50305" in refused.value.message
    with unscoped():
        claim.refresh_from_db()
        assert claim.state == "approved" and not Payment.objects.filter(claim=claim).exists()
        assert not SourcePosting.objects.filter(source="aid.claim").exists()
        services.claim_pay(
            actor=chair, claim=claim, date=dt.date(YEAR, 3, 20), override_reason=REASON
        )
    voucher = _voucher("aid.claim", claim.pk)
    assert voucher.override_reason == REASON and "50305" in voucher.concerns[0]


# -- the pages -----------------------------------------------------------------------------


def _pay_url(union, app):
    return f"/o/{union.code}/aid/applications/{app.pk}/pay/"


def test_the_page_shows_the_concern_and_the_reason_then_pays(
    login, union, chair, approved, fund, budgeted
):
    c = login(chair)
    detail = c.get(f"/o/{union.code}/aid/applications/{approved.pk}/").content.decode()
    assert 'type="hidden" name="override_reason"' in detail  # not asked for yet
    r = c.post(_pay_url(union, approved), {"fund": fund.pk, "date": "2026-11-20"})
    assert r.status_code == 200
    body = r.content.decode()
    assert "超出预算" in body and "50405" in body and "继续办理的理由" in body
    assert 'type="text" name="override_reason"' in body
    assert 'value="2026-11-20"' in body and f'<option value="{fund.pk}" selected>' in body
    _nothing_paid(approved, fund)
    r = c.post(
        _pay_url(union, approved),
        {"fund": fund.pk, "date": "2026-11-20", "override_reason": REASON},
        follow=True,
    )
    voucher = _voucher("aid.application", approved.pk)
    assert voucher.number in " ".join(str(m) for m in r.context["messages"])
    assert voucher.override_reason == REASON and voucher.concerns
    with unscoped():
        assert Payment.objects.get(application=approved).amount == D("4000.00")


def test_another_refusal_still_goes_back_with_a_message(login, union, chair, approved, budgeted):
    with unscoped():
        poor = make_fund(union, balance=D("10.00"))
    r = login(chair).post(
        _pay_url(union, approved),
        {"fund": poor.pk, "date": "2026-11-20", "override_reason": REASON},
        HTTP_REFERER=f"http://testserver/o/{union.code}/aid/applications/{approved.pk}/",
    )
    assert r.status_code == 302
    with unscoped():
        assert not Payment.objects.filter(application=approved).exists()


def test_the_claim_page_asks_for_the_reason_keeping_the_date(login, union, chair, budgeted):
    claim = _approved_claim(union, chair)
    c = login(chair)
    url = f"/o/{union.code}/aid/claims/{claim.pk}/"
    assert 'type="hidden" name="override_reason"' in c.get(url).content.decode()
    r = c.post(url + "pay/", {"date": "2026-03-20"})
    assert r.status_code == 200
    body = r.content.decode()
    assert "预算外支出" in body and 'type="text" name="override_reason"' in body
    assert "随凭证留存" in body  # the partial's help, in Chinese
    assert 'value="2026-03-20"' in body
    r = c.post(url + "pay/", {"date": "2026-03-20", "override_reason": REASON})
    assert r.status_code == 302
    assert _voucher("aid.claim", claim.pk).override_reason == REASON


def test_the_finance_role_gets_403(login, union, approved, fund, budgeted):
    r = login(holder("finance", union)).post(
        _pay_url(union, approved), {"fund": fund.pk, "override_reason": REASON}
    )
    assert r.status_code == 403
    _nothing_paid(approved, fund)


def test_another_unions_chair_gets_404(login, union, other_union, approved, fund, budgeted):
    r = login(holder("chair", other_union)).post(
        _pay_url(other_union, approved), {"fund": fund.pk, "override_reason": REASON}
    )
    assert r.status_code == 404
    _nothing_paid(approved, fund)


def test_wrong_method_gets_405(login, union, chair, approved):
    assert login(chair).get(_pay_url(union, approved)).status_code == 405


def test_the_claim_pay_persona_cases(login, union, chair, other_union, budgeted):
    claim = _approved_claim(union, chair)
    data = {"date": "2026-03-20", "override_reason": REASON}
    url = f"/aid/claims/{claim.pk}/pay/"
    assert login(holder("finance", union)).post(f"/o/{union.code}{url}", data).status_code == 403
    other = login(holder("chair", other_union))
    assert other.post(f"/o/{other_union.code}{url}", data).status_code == 404
    assert other.post(f"/o/{union.code}{url}", data).status_code == 404
    assert login(chair).get(f"/o/{union.code}{url}").status_code == 405
    with unscoped():
        claim.refresh_from_db()
        assert claim.state == "approved" and not Payment.objects.filter(claim=claim).exists()


# -- the API -------------------------------------------------------------------------------

API = "/api/v1/orgs/{}/aid/"


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_the_api_answers_the_concern_then_pays_with_a_reason(
    token_login, union, chair, approved, fund, budgeted
):
    c = token_login(chair)
    url = API.format(union.code) + f"applications/{approved.pk}/pay/"
    r = _post(c, url, {"fund": fund.pk, "date": "2026-11-20"})
    assert r.status_code == 400 and r.json()["field"] == "override_reason"
    assert "超出预算" in r.json()["detail"] and "50405" in r.json()["detail"]
    _nothing_paid(approved, fund)
    r = _post(c, url, {"fund": fund.pk, "date": "2026-11-20", "override_reason": REASON})
    assert r.status_code == 201
    voucher = _voucher("aid.application", approved.pk)
    assert r.json()["voucher_no"] == voucher.number and voucher.override_reason == REASON


def test_the_api_pays_a_claim_with_a_reason(token_login, union, chair, budgeted):
    claim = _approved_claim(union, chair)
    c = token_login(chair)
    url = API.format(union.code) + f"claims/{claim.pk}/pay/"
    r = _post(c, url, {"date": "2026-03-20"})
    assert r.status_code == 400 and r.json()["field"] == "override_reason"
    assert "预算外支出" in r.json()["detail"]
    r = _post(c, url, {"date": "2026-03-20", "override_reason": REASON})
    assert r.status_code == 201
    assert _voucher("aid.claim", claim.pk).override_reason == REASON


def test_the_api_persona_cases(token_login, union, other_union, approved, fund, budgeted):
    body = {"fund": fund.pk, "override_reason": REASON}
    url = f"applications/{approved.pk}/pay/"
    assert (
        _post(token_login(holder("finance", union)), API.format(union.code) + url, body).status_code
        == 403
    )
    other = token_login(holder("chair", other_union))
    assert _post(other, API.format(other_union.code) + url, body).status_code == 404
    assert token_login(holder("chair", union)).get(API.format(union.code) + url).status_code == 405
    _nothing_paid(approved, fund)
