"""A cadre corrects a wrongly read quantity on the task page (#13 §6)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.core.scoping import unscoped

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(new_plan):
    plan = new_plan([("慰问困难职工三户，发放慰问金5000元", {})])
    with unscoped():
        return plan.tasks.get()


def _post(client, task, quantities):
    url = reverse("plans:task", kwargs={"org_code": task.plan.org.code, "task_id": task.pk})
    return client.post(
        url,
        {"text": task.text, "category": "care", "term": "", "quantities": quantities},
    )


def test_the_chair_replaces_the_quantities(login, chair, task):
    r = _post(login(chair), task, "3户；6000元")
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.quantities == [{"value": 3, "unit": "户"}, {"value": 6000, "unit": "元"}]
    page = login(chair).get(
        reverse("plans:task", kwargs={"org_code": task.plan.org.code, "task_id": task.pk})
    )
    assert "3户；6000元" in page.content.decode()


def test_emptying_the_field_removes_them(login, chair, task):
    assert _post(login(chair), task, "").status_code == 302
    task.refresh_from_db()
    assert task.quantities == []


def test_a_quantity_without_a_unit_is_refused_and_the_typed_text_kept(login, chair, task):
    before = list(task.quantities)
    r = _post(login(chair), task, "3户；很多")
    assert r.status_code == 400
    body = r.content.decode()
    assert "很多" in body and "带单位的数量" in body
    task.refresh_from_db()
    assert task.quantities == before
