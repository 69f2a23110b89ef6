"""Builders of the spending tests: a union under a district of the 安徽 region (whose
staff set the rules), its chair, and rules written through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.audit.context import acting
from gonghui.core.scoping import scope

D = Decimal


@pytest.fixture
def district(db):
    from tests.factories import DistrictFactory

    return DistrictFactory(region="安徽")


@pytest.fixture
def union(district):
    from tests.factories import UnionFactory

    return UnionFactory(parent=district)


@pytest.fixture
def upper(staff, district):
    """Staff of the district: sets the rules of its subtree."""
    return staff("upper_staff", district)


@pytest.fixture
def chair(staff, union):
    return staff("chair", union)


def add_rule(org, actor, **data):
    from gonghui.spending import services

    fields = {
        "item": "birthday",
        "basis": "event",
        "amount": D(200),
        "effective_from": dt.date(2026, 1, 1),
        "source": "示范区总工会关于基层工会经费支出标准的通知（2026）第三条",
    }
    fields.update(data)
    with scope(org), acting(user=actor):
        return services.rule_create(actor=actor, org=org, data=fields)


def adopt(org, actor, preset="anhui-later", day=dt.date(2026, 1, 1)):
    from gonghui.spending import services

    with scope(org), acting(user=actor):
        return services.preset_adopt(actor=actor, org=org, preset=preset, effective_from=day)
