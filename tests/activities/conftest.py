"""Builders of the activities tests: a union of their own (`home`) with its groups, members
and staff, its activities; the older helpers (an activity of a demo union by its code) stay
for the modules that still read the demo (groups, contests, the browser tests)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest
from django.utils import timezone

from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped

_n = itertools.count(1)


def union(code="S0001"):
    """The organisation of that code (an Organisation is returned as it is)."""
    from gonghui.orgs.models import Organisation

    if isinstance(code, Organisation):
        return code
    with unscoped():
        return Organisation.objects.get(code=code)


def members_of(code="S0001", n: int | None = None, **filters) -> list:
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


def make_activity(code="S0001", *, status: str = "signup_open", groups=(), **fields):
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
def activity(home):
    return home.activity(quota=3)


def the_member():
    """The demo member (login "member", role at group S0001-G01)."""
    from gonghui.members.models import Member

    with unscoped():
        return Member.objects.select_related("org").get(user__username="member")


def running(code="S0001", **kw):
    """An activity in progress (started 20 minutes ago), its sign-up closed."""
    now = timezone.now()
    return make_activity(
        code,
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


# -- a union of the test's own ------------------------------------------------------------


@dataclass
class Home:
    """A union with two groups and a roll of members, its staff, and a second union."""

    union: object
    g1: object  # the member's group (工会小组)
    g2: object
    member: object  # a member with a login, in g1
    chair: object
    cadre: object
    leader: object  # group_leader at g1
    other: object  # another union, with its own members
    other_group: object
    other_chair: object

    @property
    def base(self) -> str:
        return f"/o/{self.union.code}/activities"

    @property
    def me(self) -> str:
        return f"/o/{self.g1.code}/activities"

    @property
    def api(self) -> str:
        return f"/api/v1/orgs/{self.union.code}/activities"

    @property
    def api_me(self) -> str:
        return f"/api/v1/orgs/{self.g1.code}/activities"

    def activity(self, **kw):
        return make_activity(self.union, **kw)

    def running(self, **kw):
        return running(self.union, **kw)

    def members(self, n: int | None = None, **filters) -> list:
        """On-roll members without a login, oldest id first (members_of)."""
        return members_of(self.union, n, **filters)


def build_home() -> Home:
    from tests.factories import (
        GroupFactory,
        MemberFactory,
        UnionFactory,
        UserFactory,
        member_with_login,
    )

    home = UnionFactory()
    g1, g2 = GroupFactory(parent=home), GroupFactory(parent=home)
    young, old = dt.date(2000, 4, 1), dt.date(1970, 4, 1)
    for _ in range(4):
        MemberFactory(org=g1, birth=old)
    for _ in range(3):
        MemberFactory(org=g1, female=True, birth=young)
    MemberFactory(org=g1, birth=young)
    MemberFactory(org=g1, status="retained", birth=dt.date(1962, 2, 1))
    MemberFactory(org=g1, status="left", status_since=dt.date(2025, 6, 30))
    for _ in range(3):
        MemberFactory(org=g2)
    member = member_with_login(g1, female=True, birth=dt.date(1990, 5, 20))
    other = UnionFactory()
    og = GroupFactory(parent=other)
    for _ in range(2):
        MemberFactory(org=og)
    with unscoped():
        member = type(member)._base_manager.select_related("org", "user").get(pk=member.pk)
    return Home(
        union=home,
        g1=g1,
        g2=g2,
        member=member,
        chair=UserFactory(roles=[("chair", home)]),
        cadre=UserFactory(roles=[("cadre", home)]),
        leader=UserFactory(roles=[("group_leader", g1)]),
        other=other,
        other_group=og,
        other_chair=UserFactory(roles=[("chair", other)]),
    )


@pytest.fixture
def home(db) -> Home:
    return build_home()
