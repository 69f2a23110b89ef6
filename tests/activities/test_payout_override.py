"""An activity's actual cost beyond its line of the budget (a sports activity books on
50102 文体活动): refused with the concern in Chinese and nothing written (no voucher, the
report and cost not saved), booked once a reason is given, the voucher keeping the
concerns and the reason; the after-activity page asks for the reason only after the first
refusal, keeping what was typed; the same through the API; persona cases."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.utils import timezone

from gonghui.activities import services
from gonghui.activities.services import ActivityError
from gonghui.core.scoping import unscoped
from gonghui.finance.models import SourcePosting, Voucher
from tests.budgets.conftest import make_budget

pytestmark = pytest.mark.django_db

SOURCE = "activities.activity"
REASON = "市级比赛追加场地费，委员会同意"
# 50102 文体活动: 300.00 approved; the cost is 400.00.
LINES = [
    {"account": "401", "amount": "100000.00", "restricted": False},
    {"account": "50102", "amount": "300.00", "restricted": False},
]


@pytest.fixture
def budgeted(home):
    with unscoped():
        return make_budget(home.union, LINES, year=timezone.localdate().year)


@pytest.fixture
def held(home):
    return home.running()


def _booked(activity):
    with unscoped():
        return SourcePosting.objects.filter(source=SOURCE, source_id=str(activity.pk))


def _nothing_written(activity):
    with unscoped():
        activity.refresh_from_db()
        assert activity.actual_cost is None and activity.report == ""
        assert not _booked(activity).exists()


def _voucher(activity) -> Voucher:
    with unscoped():
        return _booked(activity).get(reversal__isnull=True).voucher


# -- the service ---------------------------------------------------------------------------


def test_a_cost_beyond_the_budget_is_refused_without_a_reason(home, held, budgeted):
    with unscoped(), pytest.raises(ActivityError) as refused:
        services.activity_record(
            actor=home.cadre, activity=held, report="比赛顺利。", actual_cost=D("400")
        )
    assert refused.value.field == "override_reason"
    message = refused.value.message
    assert "超出预算" in message and "50102 文体活动" in message and "请说明理由" in message
    _nothing_written(held)


def test_it_is_booked_with_a_reason_kept_on_the_voucher(home, held, budgeted):
    with unscoped():
        services.activity_record(
            actor=home.cadre,
            activity=held,
            report="比赛顺利。",
            actual_cost=D("400"),
            override_reason=REASON,
        )
        held.refresh_from_db()
    voucher = _voucher(held)
    assert held.actual_cost == D("400.00") and voucher.override_reason == REASON
    assert len(voucher.concerns) == 1 and "300.00" in voucher.concerns[0]


def test_a_cost_within_the_budget_asks_nothing(home, held, budgeted):
    with unscoped():
        services.activity_record(
            actor=home.cadre, activity=held, report="比赛顺利。", actual_cost=D("300")
        )
    voucher = _voucher(held)
    assert (voucher.concerns, voucher.override_reason) == ([], "")


# -- the page ------------------------------------------------------------------------------


def _after(home, activity, org=None):
    return f"/o/{(org or home.union).code}/activities/{activity.pk}/after/"


RECORD = {"form": "record", "report": "参赛队员24人，获团体二等奖。", "actual_cost": "400.00"}


def test_the_page_asks_for_the_reason_then_books_it(home, login, held, budgeted):
    c = login(home.cadre)
    first = c.get(_after(home, held)).content.decode()
    assert 'type="hidden" name="override_reason"' in first  # not asked for yet
    r = c.post(_after(home, held), RECORD)
    assert r.status_code == 200
    body = r.content.decode()
    assert "超出预算" in body and "50102 文体活动" in body and "继续办理的理由" in body
    assert 'type="text" name="override_reason"' in body
    assert "参赛队员24人，获团体二等奖。" in body and 'value="400.00"' in body
    _nothing_written(held)
    r = c.post(_after(home, held), {**RECORD, "override_reason": REASON})
    assert r.status_code == 302
    voucher = _voucher(held)
    assert voucher.override_reason == REASON and "50102" in voucher.concerns[0]
    with unscoped():
        held.refresh_from_db()
    assert held.actual_cost == D("400.00")


def test_a_member_gets_403(home, login, held, budgeted):
    r = login(home.member.user).post(
        _after(home, held, home.g1), {**RECORD, "override_reason": REASON}
    )
    assert r.status_code == 403
    _nothing_written(held)


def test_another_unions_chair_gets_404(home, login, held, budgeted):
    r = login(home.other_chair).post(
        _after(home, held, home.other), {**RECORD, "override_reason": REASON}
    )
    assert r.status_code == 404
    _nothing_written(held)


def test_wrong_method_gets_405(home, login, held):
    assert login(home.cadre).put(_after(home, held)).status_code == 405


# -- the API -------------------------------------------------------------------------------


def _record(home, activity, org=None):
    return f"/api/v1/orgs/{(org or home.union).code}/activities/{activity.pk}/record/"


API_BODY = {"report": "比赛顺利。", "actual_cost": "400.00"}


def test_the_api_answers_the_concern_then_books_with_a_reason(home, token_login, held, budgeted):
    c = token_login(home.cadre)
    r = c.post(_record(home, held), API_BODY, content_type="application/json")
    assert r.status_code == 400 and r.json()["field"] == "override_reason"
    assert "超出预算" in r.json()["detail"] and "50102 文体活动" in r.json()["detail"]
    _nothing_written(held)
    r = c.post(
        _record(home, held),
        {**API_BODY, "override_reason": REASON},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["actual_cost"] == "400.00"
    assert _voucher(held).override_reason == REASON


def test_the_api_persona_cases(home, token_login, held, budgeted):
    body = {**API_BODY, "override_reason": REASON}
    member = token_login(home.member.user)
    assert (
        member.post(_record(home, held, home.g1), body, content_type="application/json")
    ).status_code == 403
    other = token_login(home.other_chair)
    assert (
        other.post(_record(home, held, home.other), body, content_type="application/json")
    ).status_code == 404
    assert token_login(home.cadre).get(_record(home, held)).status_code == 405
    _nothing_written(held)
