"""resolve_access: the organisation and the roles covering it, read in one statement."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.accounts.access import resolve_access
from tests.factories import DistrictFactory, GroupFactory, UnionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    district = DistrictFactory()
    union = UnionFactory(parent=district)
    group = GroupFactory(parent=union)
    sibling = UnionFactory(parent=district)
    return district, union, group, sibling


def test_roles_at_the_node_and_above_cover_it_in_one_statement(tree):
    district, union, group, _sibling = tree
    # (Roles without the sensitive-data permission: for those, whether two-factor login
    # is required is one more query.)
    user = UserFactory(roles=[("upper_staff", district), ("cadre", union)])
    with CaptureQueriesContext(connection) as queries:
        access = resolve_access(user, group.code)
    assert len(queries) == 1
    assert access.org == group
    assert [(r.org_id, r.role) for r in access.roles] == [
        (district.pk, "upper_staff"),
        (union.pk, "cadre"),
    ]
    assert access.has("members.roster:read")
    # The roles' organisations are there when shown (the dashboard's "my roles").
    assert [r.org.name for r in access.roles] == [district.name, union.name]


def test_a_role_at_a_sibling_gives_nothing(tree):
    _district, union, group, sibling = tree
    user = UserFactory(roles=[("chair", sibling)])
    assert resolve_access(user, union.code) is None
    assert resolve_access(user, group.code) is None


def test_an_inactive_or_unknown_organisation_answers_none(tree):
    _district, union, group, _sibling = tree
    user = UserFactory(roles=[("chair", union)])
    group.is_active = False
    group.save()
    assert resolve_access(user, group.code) is None
    assert resolve_access(user, "NO-SUCH-ORG") is None
    assert resolve_access(user, union.code).org == union


def test_the_organisation_reads_as_the_orm_reads_it(tree):
    _district, union, _group, _sibling = tree
    user = UserFactory(roles=[("chair", union)])
    org = resolve_access(user, union.code).org
    fresh = type(org)._base_manager.get(pk=union.pk)
    for field in type(org)._meta.concrete_fields:
        assert getattr(org, field.attname) == getattr(fresh, field.attname), field.name
        assert type(getattr(org, field.attname)) is type(getattr(fresh, field.attname))
    assert org._state.adding is False
