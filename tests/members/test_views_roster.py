"""Pages of the members app: the roster (search, filters, who may see it)."""

from __future__ import annotations

import pytest

from gonghui.core.scoping import unscoped
from gonghui.members import idcard
from gonghui.members.models import Member
from tests.factories import GroupFactory, MemberFactory, member_with_login

pytestmark = pytest.mark.django_db


class TestRoster:
    def test_it_lists_the_unions_members_masked(self, union, chair, member, login):
        body = login(chair).get(f"/o/{union.code}/members/?q={member.name}").content.decode()
        assert member.name in body
        assert member.id_number not in body
        assert idcard.mask(member.id_number) in body

    def test_pinyin_full_and_initials_find_a_member(self, union, group, cadre, member, login):
        MemberFactory(org=group, name="王建国")
        c = login(cadre)
        assert (member.name_pinyin, member.name_initials) == ("linxiaomei", "lxm")
        for q in (member.name_pinyin, member.name_initials):
            body = c.get(f"/o/{union.code}/members/?q={q}").content.decode()
            assert f"/members/{member.pk}/" in body, q

    def test_last_digits_of_id_or_phone_find_a_member(self, union, cadre, member, login):
        c = login(cadre)
        url = f"/o/{union.code}/members/?q="
        assert f"/members/{member.pk}/" in c.get(url + member.id_number[-6:]).content.decode()
        assert f"/members/{member.pk}/" in c.get(url + member.mobile[-4:]).content.decode()

    def test_filters_narrow_the_count(self, union, group, chair, login):
        for female in (True, True, False, False, False):
            MemberFactory(org=group, female=female)
        MemberFactory(org=group, female=True, status="left")
        with unscoped():
            women = Member.objects.filter(
                org__path__startswith=union.path,
                sex="female",
                status__in=["active", "retained", "transferring"],
            ).count()
        assert women == 2
        body = (
            login(chair)
            .get(f"/o/{union.code}/members/?sex=female", HTTP_HX_REQUEST="true")
            .content.decode()
        )
        assert f"{women} " in body.split('id="roster-count">', 1)[1][:40]

    def test_a_group_leader_sees_only_their_group(self, union, group, staff, login):
        own = MemberFactory(org=group)
        other = MemberFactory(org=GroupFactory(parent=union))
        c = login(staff("group_leader", group))
        assert c.get(f"/o/{group.code}/members/{own.pk}/").status_code == 200
        assert c.get(f"/o/{group.code}/members/{other.pk}/").status_code == 404
        assert c.get(f"/o/{union.code}/members/").status_code == 404

    def test_a_member_gets_403(self, group, login):
        me = member_with_login(group)
        assert login(me.user).get(f"/o/{group.code}/members/").status_code == 403

    def test_another_org_gets_404(self, chair, other_union, login):
        assert login(chair).get(f"/o/{other_union.code}/members/").status_code == 404

    def test_wrong_method_gets_405(self, union, chair, login):
        assert login(chair).post(f"/o/{union.code}/members/").status_code == 405
