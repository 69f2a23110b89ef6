"""Pages of the members app: a member's own record (self service)."""

from __future__ import annotations

import pytest

from gonghui.core.scoping import unscoped
from gonghui.members.models import Member

pytestmark = pytest.mark.django_db


class TestSelfService:
    def test_a_member_sees_and_edits_their_own_contact(self, client_for):
        c = client_for("member")
        body = c.get("/o/S0001-G01/members/me/").content.decode()
        assert "郑子涵" in body
        c.post(
            "/o/S0001-G01/members/me/",
            {
                "form": "contact",
                "mobile": "13900001111",
                "native_place": "安徽合肥",
                "hukou_place": "",
            },
        )
        with unscoped():
            assert Member.objects.get(user__username="member").mobile == "13900001111"
