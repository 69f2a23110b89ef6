"""What the plans page tests share: a tracked plan of the school's union and its URLs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.core.scoping import unscoped
from tests.api.conftest import token_client  # noqa: F401 - a fixture for the API tests


@pytest.fixture
def tracked(make_plan):
    """An accepted plan of S0001 with a March task and a task of no month."""
    return make_plan(
        tasks=[("三月份召开教代会", {"months": [3], "category": "democracy"}), "组织教职工体检"],
        accept=True,
    )


def url(name, code="S0001", **kw):
    """A plans page of `code`."""
    return reverse(f"plans:{name}", kwargs={"org_code": code, **kw})


def ids_of(plan) -> dict:
    """The plan's id and its first task's, as the URLs name them."""
    with unscoped():
        task = plan.tasks.order_by("position").first()
        return {"plan_id": plan.pk, "task_id": task.pk}
