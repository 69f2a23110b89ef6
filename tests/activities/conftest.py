"""Factories of the activities tests: an activity of a demo union, and its members."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped
from tests.api.conftest import token_client  # noqa: F401 - a fixture for the API tests

_n = itertools.count(1)


def union(code: str = "S0001"):
    from gonghui.orgs.models import Organisation

    with unscoped():
        return Organisation.objects.get(code=code)


def members_of(code: str = "S0001", n: int | None = None, **filters) -> list:
    """On-roll members of a demo union (or group) without an account, oldest id first."""
    from gonghui.members.models import ON_ROLL, Member

    with unscoped():
        qs = (
            Member.objects.select_related("org")
            .filter(org__path__startswith=union(code).path, status__in=ON_ROLL, user=None)
            .filter(**filters)
            .order_by("pk")
        )
        return list(qs[:n] if n else qs)


def make_activity(code: str = "S0001", *, status: str = "signup_open", groups=(), **fields):
    """An activity of `code` a week ahead, its sign-up open now (unless told otherwise)."""
    from gonghui.activities.models import Activity

    now = timezone.now()
    data = {
        "title": f"测试活动{next(_n)}",
        "kind": "sports",
        "starts_at": now + dt.timedelta(days=7),
        "ends_at": now + dt.timedelta(days=7, hours=3),
        "signup_opens_at": now - dt.timedelta(days=1),
        "signup_closes_at": now + dt.timedelta(days=5),
        "place": "学校体育馆",
        "status": status,
        **fields,
    }
    with unscoped(), acting(source="system"):
        activity = Activity(org=union(code), **data)
        activity.save()
        if groups:
            activity.groups.set(groups)
    activity = Activity._base_manager.select_related("org").get(pk=activity.pk)
    return activity


@pytest.fixture
def activity(db, demo):
    return make_activity(quota=3)


def the_member():
    """The demo member (login "member", role at group S0001-G01)."""
    from gonghui.members.models import Member

    with unscoped():
        return Member.objects.select_related("org").get(user__username="member")


def running(**kw):
    """An activity in progress (started 20 minutes ago), its sign-up closed."""
    now = timezone.now()
    return make_activity(
        status="in_progress",
        starts_at=now - dt.timedelta(minutes=20),
        ends_at=now + dt.timedelta(hours=2),
        signup_opens_at=now - dt.timedelta(days=3),
        signup_closes_at=now - dt.timedelta(days=1),
        **kw,
    )


def png() -> bytes:
    """A small real PNG image."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 6), (10, 120, 200)).save(buf, "PNG")
    return buf.getvalue()
