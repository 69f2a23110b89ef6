"""The plan pages: the year's list, the outline's correction bar, accepting and discarding,
and a refused button."""

from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.plans.models import Plan, PlanStatus

from .conftest import url

pytestmark = pytest.mark.django_db


def test_index_lists_the_years_plans_with_counts(login, chair, union, tracked):
    r = login(chair).get(url("index", union) + "?year=2031")
    body = r.content.decode()
    assert tracked.title in body
    assert "已接受" in body or "跟踪" in body


def test_bulk_category_and_merge(login, chair, union, new_plan):
    plan = new_plan(["甲", "乙", "丙"])
    with unscoped():
        a, b, c = plan.tasks.order_by("position")
    chair = login(chair)
    r = chair.post(
        url("tasks_bulk", union, plan_id=plan.pk),
        {"action": "category", "category": "culture", "task": [a.pk, b.pk]},
    )
    assert r.status_code == 302
    with unscoped():
        assert set(plan.tasks.values_list("category", flat=True)) == {"culture", "other"}
    chair.post(url("tasks_bulk", union, plan_id=plan.pk), {"action": "merge", "task": [a.pk, c.pk]})
    with unscoped():
        assert list(plan.tasks.order_by("position").values_list("text", flat=True)) == [
            "甲；丙。",
            "乙",
        ]


def test_accept_and_discard(login, chair, union, new_plan):
    plan = new_plan(["甲"])
    other = new_plan(["乙"])
    chair = login(chair)
    chair.post(url("plan_action", union, plan_id=plan.pk, action="accept"))
    chair.post(url("plan_action", union, plan_id=other.pk, action="discard"))
    with unscoped():
        plan.refresh_from_db()
        assert plan.status == PlanStatus.ACCEPTED
        assert not Plan.objects.filter(pk=other.pk).exists()
        assert AuditEntry.objects.filter(
            action="plans.plan.deleted", object_id=str(other.pk)
        ).exists()


def test_a_refused_button_says_why_on_the_page_it_was_pressed_on(login, chair, union, new_plan):
    plan = new_plan([])
    page = url("plan", union, plan_id=plan.pk)
    chair = login(chair)
    r = chair.post(url("plan_action", union, plan_id=plan.pk, action="accept"), HTTP_REFERER=page)
    assert r.status_code == 302 and r["Location"] == page
    assert "计划中没有任务，不能确认。" in chair.get(page).content.decode()
    with unscoped():
        plan.refresh_from_db()
        assert plan.status == PlanStatus.DRAFT
