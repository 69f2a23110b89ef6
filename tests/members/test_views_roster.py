"""Pages of the members app: the roster (search, filters, who may see it)."""

from __future__ import annotations

import pytest

from gonghui.core.scoping import unscoped
from gonghui.members import idcard
from gonghui.members.models import Member

from .conftest import _path, school_member

pytestmark = pytest.mark.django_db


class TestRoster:
    def test_it_lists_the_unions_members_masked(self, client_for):
        m = school_member()
        body = client_for("school_chair").get(f"/o/S0001/members/?q={m.name}").content.decode()
        assert m.name in body
        assert m.id_number not in body
        assert idcard.mask(m.id_number) in body

    def test_pinyin_full_and_initials_find_a_member(self, client_for):
        m = school_member()
        c = client_for("school_cadre")
        for q in (m.name_pinyin, m.name_initials):
            body = c.get(f"/o/S0001/members/?q={q}").content.decode()
            assert f"/members/{m.pk}/" in body, q

    def test_last_digits_of_id_or_phone_find_a_member(self, client_for):
        m = school_member()
        c = client_for("school_cadre")
        assert (
            f"/members/{m.pk}/" in c.get(f"/o/S0001/members/?q={m.id_number[-6:]}").content.decode()
        )
        assert f"/members/{m.pk}/" in c.get(f"/o/S0001/members/?q={m.mobile[-4:]}").content.decode()

    def test_filters_narrow_the_count(self, client_for):
        c = client_for("school_chair")
        with unscoped():
            women = Member.objects.filter(
                org__path__startswith=_path("S0001"),
                sex="female",
                status__in=["active", "retained", "transferring"],
            ).count()
        body = c.get("/o/S0001/members/?sex=female", HTTP_HX_REQUEST="true").content.decode()
        assert f"{women} " in body.split('id="roster-count">', 1)[1][:40]

    def test_a_group_leader_sees_only_their_group(self, client_for):
        with unscoped():
            other = Member.objects.filter(org__code="S0001-G02").first()
            own = Member.objects.filter(org__code="S0001-G01").first()
        c = client_for("group_leader")
        assert c.get(f"/o/S0001-G01/members/{own.pk}/").status_code == 200
        assert c.get(f"/o/S0001-G01/members/{other.pk}/").status_code == 404
        assert c.get("/o/S0001/members/").status_code == 404

    def test_a_member_gets_403(self, client_for):
        assert client_for("member").get("/o/S0001-G01/members/").status_code == 403

    def test_another_org_gets_404(self, client_for):
        assert client_for("school_chair").get("/o/F0001/members/").status_code == 404

    def test_wrong_method_gets_405(self, client_for):
        assert client_for("school_chair").post("/o/S0001/members/").status_code == 405
