"""Builders of the members tests: a union's staff and members, made by the factories and,
for membership changes, by the members services (as the pages would)."""

from __future__ import annotations

import pytest

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from tests.factories import GroupFactory, MemberFactory, UnionFactory


def done(service, actor, org, **kwargs):
    """Run a members service as `actor` in the scope of `org`: done(member_retire, chair, ...)."""
    with scope(org), acting(user=actor):
        return service(actor=actor, **kwargs)


def refreshed(obj):
    with unscoped():
        obj.refresh_from_db()
    return obj


@pytest.fixture
def chair(staff, union):
    return staff("chair", union)


@pytest.fixture
def cadre(staff, union):
    return staff("cadre", union)


@pytest.fixture
def member(group):
    """An active member of `group` without a login."""
    return MemberFactory(org=group, name="林晓梅")


@pytest.fixture
def other_union(db):
    """A second union, with a group and a member, under a district of its own."""
    union = UnionFactory()
    MemberFactory(org=GroupFactory(parent=union))
    return union
