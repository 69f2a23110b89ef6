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

JSON = "application/json"


def api(union) -> str:
    return f"/api/v1/orgs/{union.code}/plans/"


def status_of(plan) -> str:
    with unscoped():
        plan.refresh_from_db()
    return plan.status


@pytest.fixture
def first(new_plan):
    return new_plan(["甲"], accept=True)


def test_the_service_refuses_naming_the_other_plan_then_replaces_it(first, new_plan, union, chair):
    second = new_plan(["乙"])
    with scope(union), acting(user=chair):
        with pytest.raises(PlanError) as refused:
            services.plan_accept(actor=chair, plan=second)
        assert f"《{first.title}》" in refused.value.message and "2031" in refused.value.message
        services.plan_accept(actor=chair, plan=second, replace=True)
    assert status_of(first) == PlanStatus.ARCHIVED
    assert status_of(second) == PlanStatus.ACCEPTED


def test_another_year_or_union_is_no_rival(first, new_plan, union, chair, other):
    for owner, year, actor in ((union, 2032, chair), (other.union, 2031, other.chair)):
        plan = new_plan(["乙"], org=owner, year=year, actor=actor)
        with scope(owner), acting(user=actor):
            services.plan_accept(actor=actor, plan=plan)
        assert status_of(plan) == PlanStatus.ACCEPTED
    assert status_of(first) == PlanStatus.ACCEPTED


def test_the_page_warns_and_its_button_replaces(login, chair, union, first, new_plan):
    second = new_plan(["乙"])
    chair = login(chair)
    page = chair.get(url("plan", union, plan_id=second.pk)).content.decode()
    assert 'id="same-year-warning"' in page and f"《{first.title}》" in page
    assert 'name="replace" value="1"' in page and "data-confirm" in page
    # The plain accept (a page loaded before the other plan was accepted) is refused ...
    r = chair.post(url("plan_action", union, plan_id=second.pk, action="accept"), follow=True)
    assert f"《{first.title}》" in r.content.decode()
    assert status_of(second) == PlanStatus.DRAFT and status_of(first) == PlanStatus.ACCEPTED
    # ... the button the warning comes with replaces it.
    r = chair.post(url("plan_action", union, plan_id=second.pk, action="accept"), {"replace": "1"})
    assert r.status_code == 302
    assert status_of(second) == PlanStatus.ACCEPTED and status_of(first) == PlanStatus.ARCHIVED
    # No warning on a draft with no accepted plan beside it.
    third = new_plan(["丙"], year=2033)
    page = chair.get(url("plan", union, plan_id=third.pk)).content.decode()
    assert 'id="same-year-warning"' not in page and 'name="replace"' not in page


def test_the_api_answers_400_without_replace(token_login, chair, union, first, new_plan):
    second = new_plan(["乙"])
    base = api(union)
    api_client = token_login(chair)
    r = api_client.post(f"{base}{second.pk}/accept/")
    assert r.status_code == 400 and f"《{first.title}》" in r.json()["detail"]
    assert status_of(second) == PlanStatus.DRAFT
    r = api_client.post(f"{base}{second.pk}/accept/", {"replace": True}, content_type=JSON)
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    assert status_of(first) == PlanStatus.ARCHIVED
    # A lone draft is still accepted with no body at all, as before.
    third = new_plan(["丙"], year=2033)
    assert api_client.post(f"{base}{third.pk}/accept/").json()["status"] == "accepted"
