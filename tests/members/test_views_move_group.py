"""Pages of the members app: moving members between groups of a union."""

from __future__ import annotations

import pytest

from gonghui.core.scoping import unscoped
from gonghui.members.models import EventKind, Member, MembershipEvent
from tests.factories import GroupFactory, MemberFactory

pytestmark = pytest.mark.django_db


class TestMoveGroup:
    def test_members_move_in_bulk_within_the_union(self, union, group, cadre, login):
        ids = [MemberFactory(org=group).pk for _ in range(3)]
        stays = MemberFactory(org=group)
        target = GroupFactory(parent=union)
        login(cadre).post(f"/o/{union.code}/members/move/", {"member": ids, "group": target.code})
        with unscoped():
            assert set(Member.objects.filter(pk__in=ids).values_list("org", flat=True)) == {
                target.pk
            }
            assert Member.objects.get(pk=stays.pk).org == group
            assert (
                MembershipEvent.objects.filter(
                    member_id__in=ids, kind=EventKind.GROUP_CHANGED
                ).count()
                == 3
            )
