"""Builders of the assignments tests: a district with three unions (a school, a factory,
a hospital), its staff, and a form sent to every union through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gonghui.assignments import services
from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped
from tests.factories import DistrictFactory, UnionFactory, UserFactory

DEFINITION = {
    "fields": [
        {"key": "staff", "label": "职工人数", "type": "number", "required": True},
        {"key": "level", "label": "等级", "type": "choice", "choices": ["省级", "市级", "未评定"]},
        {"key": "built_on", "label": "建成时间", "type": "date"},
        {
            "key": "acts",
            "label": "活动",
            "type": "table",
            "columns": [
                {"key": "name", "label": "名称", "type": "text"},
                {"key": "people", "label": "人数", "type": "number"},
            ],
        },
        {"key": "notes", "label": "说明", "type": "text"},
        {"key": "photos", "label": "照片", "type": "file"},
    ]
}


@pytest.fixture
def district(db):
    return DistrictFactory()


@pytest.fixture
def unions(district):
    return (
        UnionFactory(parent=district, name="甲学校工会", unit_type="school"),
        UnionFactory(parent=district, name="乙公司工会", unit_type="enterprise"),
        UnionFactory(parent=district, name="丙医院工会", unit_type="hospital"),
    )


@pytest.fixture
def sender(district):
    return UserFactory(roles=[("upper_staff", district)])


def make_form(district, sender, *, send=True, deadline=None, **data):
    with unscoped(), acting(user=sender):
        a = services.assignment_create(
            actor=sender,
            org=district,
            data={
                "kind": "form",
                "title": "职工之家建设情况统计",
                "deadline": deadline or timezone.localdate() + dt.timedelta(days=10),
                "definition": DEFINITION,
                "target_mode": "subtree",
                **data,
            },
        )
        if send:
            a = services.assignment_send(actor=sender, assignment=a)
        return a


def target_for(assignment, union):
    from gonghui.assignments.models import AssignmentTarget

    with unscoped():
        return AssignmentTarget.objects.select_related("assignment", "org").get(
            assignment=assignment, org=union
        )


def answer(target, who, values, *, submit=False):
    with unscoped(), acting(user=who):
        return services.answer_save(actor=who, target=target, values=values, submit=submit)


@pytest.fixture
def form(district, sender, unions):
    return make_form(district, sender)
