"""Builders of the voting tests: a union of their own (`home`) with its staff and a member
with a login, representatives (`voters`), ballots and evaluations made by its chair."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gonghui.audit.context import acting
from gonghui.core.scoping import scope
from gonghui.voting import services


@dataclass
class Home:
    """A union with a group, its staff, a member with a login, and a second union."""

    union: object
    group: object
    district: object
    chair: object
    cadre: object
    leader: object  # group_leader at `group`, with a mobile number
    upper: object  # upper_staff at the district
    member: object  # the Member record (in `group`) of the login `member_user`
    member_user: object
    other: object
    other_chair: object


@pytest.fixture
def home(db) -> Home:
    from tests.factories import GroupFactory, UnionFactory, UserFactory, member_with_login

    union = UnionFactory()
    group = GroupFactory(parent=union)
    member = member_with_login(group)
    other = UnionFactory()
    return Home(
        union=union,
        group=group,
        district=union.parent,
        chair=UserFactory(roles=[("chair", union)]),
        cadre=UserFactory(roles=[("cadre", union)]),
        leader=UserFactory(roles=[("group_leader", group)], mobile="13700000009"),
        upper=UserFactory(roles=[("upper_staff", union.parent)]),
        member=member,
        member_user=member.user,
        other=other,
        other_chair=UserFactory(roles=[("chair", other)]),
    )


@pytest.fixture
def voters(db, platform):
    """Make `n` active users (representatives) with a predictable username prefix."""
    User = get_user_model()

    def make(n: int, prefix: str = "rep") -> list:
        out = []
        for i in range(n):
            u, _ = User.objects.get_or_create(
                username=f"{prefix}{i:04d}", defaults={"display_name": f"代表{i}"}
            )
            out.append(u)
        return out

    return make


@pytest.fixture
def make_ballot(home, platform):
    def make(
        electorate,
        *,
        total=None,
        items=({"text": "审议通过《2026年工作报告》", "kind": "motion"},),
        rule="congress",
        mode="online",
        seats=0,
        open_=True,
        title="测试票决",
    ):
        union, chair = home.union, home.chair
        with scope(union), acting(user=chair, source="web"):
            ballot = services.ballot_create(
                actor=chair,
                org=union,
                title=title,
                items=list(items),
                electorate_user_ids=[u.pk for u in electorate],
                total_electorate=total if total is not None else len(electorate),
                rule=rule,
                mode=mode,
                seats=seats,
                # Made for no meeting: the electorate is the one given (a ballot made for a
                # congress session would take the session's sign-in instead).
            )
            if open_:
                ballot = services.ballot_open(actor=chair, ballot=ballot)
        return ballot

    return make


@pytest.fixture
def make_evaluation(home, platform):
    def make(electorate, *, scale="grades", open_=True, title="2025年度领导班子民主测评"):
        union, chair = home.union, home.chair
        with scope(union), acting(user=chair, source="web"):
            form = services.evaluation_create(
                actor=chair,
                org=union,
                title=title,
                subjects=[
                    {"name": "李红梅", "title": "工会主席"},
                    {"name": "马文博", "title": "工会副主席"},
                ],
                items=["德", "能"],
                scale=scale,
                electorate_user_ids=[u.pk for u in electorate],
            )
            if open_:
                form = services.evaluation_open(actor=chair, form=form)
        return form

    return make


def url(name, org, **kw):
    """A voting page of `org` (an organisation or its code)."""
    return reverse(f"voting:{name}", kwargs={"org_code": getattr(org, "code", org), **kw})
