"""The factories build valid, scoped records that the rest of the project accepts."""

from __future__ import annotations

import pytest

from gonghui.accounts.access import resolve_access
from gonghui.core.scoping import scope
from gonghui.members.idcard import parse
from gonghui.members.models import Member
from tests.factories import GroupFactory, MemberFactory, UnionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_union_with_a_group_a_member_and_its_chair():
    union = UnionFactory()
    group = GroupFactory(parent=union)
    member = MemberFactory(org=group, female=True)
    chair = UserFactory(roles=[("chair", union)])
    assert group.path.startswith(union.path) and union.path.startswith(union.parent.path)
    info = parse(member.id_number)
    assert (info.sex, info.birth_date) == ("female", member.birth_date)
    access = resolve_access(chair, union.code)
    assert access is not None and access.has("members.roster:read")
    assert resolve_access(chair, union.parent.code) is None
    with scope(union):
        assert list(Member.objects.values_list("pk", flat=True)) == [member.pk]
    assert chair.check_password("Gonghui@2026")
