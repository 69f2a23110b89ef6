"""Pages of the members app: a member's own record (self service)."""

from __future__ import annotations

import pytest

from gonghui.core.scoping import unscoped
from gonghui.members.models import Member
from tests.factories import member_with_login

pytestmark = pytest.mark.django_db


class TestSelfService:
    def test_a_member_sees_and_edits_their_own_contact(self, group, login):
        me = member_with_login(group, name="郑子涵")
        c = login(me.user)
        body = c.get(f"/o/{group.code}/members/me/").content.decode()
        assert "郑子涵" in body
        c.post(
            f"/o/{group.code}/members/me/",
            {
                "form": "contact",
                "mobile": "13900001111",
                "native_place": "安徽合肥",
                "hukou_place": "",
            },
        )
        with unscoped():
            assert Member.objects.get(user=me.user).mobile == "13900001111"
