"""What the plans tests share: a union of their own (`union`, from tests/conftest.py) with
its chair, plans built through the plans services, a committee to own tasks, a second union
for the isolation cases, and the plans URLs.

    plan = new_plan(["task a", ("task b", {"months": [3]})], accept=True)   # of `union`
    plan = new_plan(["乙"], org=other.union, actor=other.chair, year=2032)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.urls import reverse

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped

YEAR = 2031


@pytest.fixture
def chair(union, staff):
    """The chair of `union`: a login holding the "chair" role there."""
    return staff("chair", union)


def build_plan(org, actor, tasks=(), *, year=YEAR, accept=False):
    """A draft plan of `org` made by `actor` through the services, with `tasks` (a text,
    or a text and the task's other fields); accepted when asked."""
    from gonghui.plans import services

    with scope(org), acting(user=actor):
        plan = services.plan_create(actor=actor, org=org, year=year, title=f"{year}年工会工作计划")
        for item in tasks:
            text, data = (item, {}) if isinstance(item, str) else item
            services.task_create(actor=actor, plan=plan, data={"text": text, **data})
        if accept:
            services.plan_accept(actor=actor, plan=plan)
    return plan


@pytest.fixture
def new_plan(union, chair, platform):
    """new_plan(tasks, accept=True, year=..., org=..., actor=...): a plan of `union` made by
    its chair unless told otherwise. The test body runs with the platform in scope, as
    set-up and assertions do."""

    def make(tasks=(), *, org=None, actor=None, year=YEAR, accept=False):
        return build_plan(org or union, actor or chair, tasks, year=year, accept=accept)

    return make


@dataclass
class Other:
    """A second union of its own district, with its chair."""

    union: object
    chair: object


@pytest.fixture
def other(staff):
    from tests.factories import UnionFactory

    union = UnionFactory()
    return Other(union, staff("chair", union))


def committee(org, actor, names=("委员甲", "委员乙")):
    """A current committee term of `org` with a seat for each name (the first the chair)."""
    from gonghui.orgs import services

    with scope(org), acting(user=actor):
        term = services.term_create(
            actor=actor,
            org=org,
            data={"number": 1, "start_date": dt.date(2029, 1, 1), "end_date": dt.date(2034, 1, 1)},
        )
        return [
            services.seat_add(
                actor=actor,
                term=term,
                data={"person_name": name, "position": "chair" if i == 0 else "member", "order": i},
            )
            for i, name in enumerate(names)
        ]


@pytest.fixture
def tracked(new_plan):
    """An accepted plan of `union` with a March task and a task of no month."""
    return new_plan(
        [("三月份召开教代会", {"months": [3], "category": "democracy"}), "组织教职工体检"],
        accept=True,
    )


def url(name, org, **kw):
    """A plans page of `org` (an organisation or its code)."""
    code = org if isinstance(org, str) else org.code
    return reverse(f"plans:{name}", kwargs={"org_code": code, **kw})


def ids_of(plan) -> dict:
    """The plan's id and its first task's, as the URLs name them."""
    with unscoped():
        task = plan.tasks.order_by("position").first()
        return {"plan_id": plan.pk, "task_id": task.pk}
