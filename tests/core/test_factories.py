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


def test_the_shared_fixtures_build_a_union_its_staff_and_a_member_who_logs_in(
    union, group, staff, login
):
    from tests.factories import member_with_login

    chair = staff("chair", union)
    me = member_with_login(group)
    assert login(chair).get(f"/o/{union.code}/members/").status_code == 200
    # The member's role is held at their group: the union above is outside it.
    assert login(me.user).get(f"/o/{union.code}/members/").status_code == 404
    assert login(me.user).get(f"/o/{group.code}/members/").status_code == 403
    assert resolve_access(me.user, group.code).has("self:read")


def test_a_module_that_builds_its_own_data_runs_without_the_demo():
    # This module asks for no demo fixture, so run alone it sees an empty platform.
    import tests.conftest as shared
    from gonghui.core.scoping import unscoped
    from gonghui.orgs.models import Organisation

    if shared._needs_demo:
        pytest.skip("run together with tests that read the demo")
    with unscoped():
        assert not Organisation.objects.filter(code="D0001").exists()
