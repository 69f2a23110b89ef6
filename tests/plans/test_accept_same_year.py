"""A second accepted plan for the same union and year (#13 §7): the page names the plan
already accepted and its accept button replaces it; the service and the API refuse
without `replace`, and with it archive the other plan."""

from __future__ import annotations

import pytest

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from gonghui.plans import services
from gonghui.plans.models import PlanStatus
from gonghui.plans.services import PlanError

from .conftest import url

pytestmark = pytest.mark.django_db

API = "/api/v1/orgs/S0001/plans/"
JSON = "application/json"


def status_of(plan) -> str:
    with unscoped():
        plan.refresh_from_db()
    return plan.status


@pytest.fixture
def first(make_plan):
    return make_plan(tasks=["甲"], accept=True)


def test_the_service_refuses_naming_the_other_plan_then_replaces_it(first, make_plan, org, user):
    second = make_plan(tasks=["乙"])
    chair = user("school_chair")
    with scope(org("S0001")), acting(user=chair):
        with pytest.raises(PlanError) as refused:
            services.plan_accept(actor=chair, plan=second)
        assert f"《{first.title}》" in refused.value.message and "2031" in refused.value.message
        services.plan_accept(actor=chair, plan=second, replace=True)
    assert status_of(first) == PlanStatus.ARCHIVED
    assert status_of(second) == PlanStatus.ACCEPTED


def test_another_year_or_union_is_no_rival(first, make_plan, org, user):
    for code, year, actor in (("S0001", 2032, "school_chair"), ("F0001", 2031, "factory_chair")):
        plan = make_plan(code, ["乙"], year=year, actor=actor)
        with scope(org(code)), acting(user=user(actor)):
            services.plan_accept(actor=user(actor), plan=plan)
        assert status_of(plan) == PlanStatus.ACCEPTED
    assert status_of(first) == PlanStatus.ACCEPTED


def test_the_page_warns_and_its_button_replaces(client_for, first, make_plan):
    second = make_plan(tasks=["乙"])
    chair = client_for("school_chair")
    page = chair.get(url("plan", plan_id=second.pk)).content.decode()
    assert 'id="same-year-warning"' in page and f"《{first.title}》" in page
    assert 'name="replace" value="1"' in page and "data-confirm" in page
    # The plain accept (a page loaded before the other plan was accepted) is refused ...
    r = chair.post(url("plan_action", plan_id=second.pk, action="accept"), follow=True)
    assert f"《{first.title}》" in r.content.decode()
    assert status_of(second) == PlanStatus.DRAFT and status_of(first) == PlanStatus.ACCEPTED
    # ... the button the warning comes with replaces it.
    r = chair.post(url("plan_action", plan_id=second.pk, action="accept"), {"replace": "1"})
    assert r.status_code == 302
    assert status_of(second) == PlanStatus.ACCEPTED and status_of(first) == PlanStatus.ARCHIVED
    # No warning on a draft with no accepted plan beside it.
    third = make_plan(tasks=["丙"], year=2033)
    page = chair.get(url("plan", plan_id=third.pk)).content.decode()
    assert 'id="same-year-warning"' not in page and 'name="replace"' not in page


def test_the_api_answers_400_without_replace(token_client, first, make_plan):
    second = make_plan(tasks=["乙"])
    api = token_client("school_chair")
    r = api.post(f"{API}{second.pk}/accept/")
    assert r.status_code == 400 and f"《{first.title}》" in r.json()["detail"]
    assert status_of(second) == PlanStatus.DRAFT
    r = api.post(f"{API}{second.pk}/accept/", {"replace": True}, content_type=JSON)
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    assert status_of(first) == PlanStatus.ARCHIVED
    # A lone draft is still accepted with no body at all, as before.
    third = make_plan(tasks=["丙"], year=2033)
    assert api.post(f"{API}{third.pk}/accept/").json()["status"] == "accepted"
