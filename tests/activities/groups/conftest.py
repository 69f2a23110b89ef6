"""Helpers of the interest group tests: a group of the test's own union (`home`), a plan."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from gonghui.activities.groups import services as svc
from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped

YEAR = timezone.localdate().year


def a_group(home, *, leader=None, name="测试书法"):
    """An interest group of the union `home.union` (its leader joins it)."""
    with unscoped(), acting(source="system"):
        return svc.group_create(actor=None, org=home.union, name=name, leader=leader)


def plan(g, status="draft", budget="3000.00"):
    with unscoped(), acting(source="system"):
        p = svc.plan_save(
            actor=None,
            group=g,
            year=YEAR,
            text="每月练习两次",
            budget=Decimal(budget),
            by_leader=False,
        )
        if status != "draft":
            p.status = status
            p.save()
    return p
