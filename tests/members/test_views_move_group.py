"""Pages of the members app: moving members between groups of a union."""

from __future__ import annotations

import pytest

from gonghui.core.scoping import unscoped
from gonghui.members.models import EventKind, Member, MembershipEvent

pytestmark = pytest.mark.django_db


class TestMoveGroup:
    def test_members_move_in_bulk_within_the_union(self, client_for):
        with unscoped():
            ids = list(
                Member.objects.filter(org__code="S0001-G01", user__isnull=True).values_list(
                    "pk", flat=True
                )[:3]
            )
        client_for("school_cadre").post(
            "/o/S0001/members/move/", {"member": ids, "group": "S0001-G03"}
        )
        with unscoped():
            assert set(Member.objects.filter(pk__in=ids).values_list("org__code", flat=True)) == {
                "S0001-G03"
            }
            assert (
                MembershipEvent.objects.filter(
                    member_id__in=ids, kind=EventKind.GROUP_CHANGED
                ).count()
                == 3
            )
