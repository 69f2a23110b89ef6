"""Helpers of the interest group tests: the demo's member and users, a group, a plan."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from gonghui.activities.groups import services as svc
from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped

from ..conftest import union

BASE = "/o/S0001/activities"
API = "/api/v1/orgs/S0001/activities"
ME = "/o/S0001-G01/activities"
API_ME = "/api/v1/orgs/S0001-G01/activities"
YEAR = timezone.localdate().year


def user(name):
    from gonghui.accounts.models import User

    with unscoped():
        return User.objects.get(username=name)


def a_group(*, leader=None, name="测试书法"):
    with unscoped(), acting(source="system"):
        return svc.group_create(actor=None, org=union("S0001"), name=name, leader=leader)


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
