"""The module menu: "My …" entries only for a login that has a member record in the union
(#13 §7: a chair without one was offered 我的会籍/我的活动 and told the account had no
member record)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.core.scoping import unscoped
from tests.factories import GroupFactory, MemberFactory, UnionFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSONAL = ("我的会籍", "我的活动", "我的职代会", "我的投票")


def menu(client, user, org) -> list[str]:
    """The labels of the menu the page was rendered with."""
    client.force_login(user)
    r = client.get(reverse("core:dashboard", kwargs={"org_code": org.code}))
    assert r.status_code == 200
    return [str(item["label"]) for item in r.context["nav_items"]]


def test_a_chair_without_a_member_record_sees_no_my_entries(client):
    union = UnionFactory()
    chair = UserFactory(roles=[("chair", union)])
    html = menu(client, chair, union)
    assert "会员" in html  # the cadre's own entries stay
    for label in PERSONAL:
        assert label not in html


def test_a_chair_linked_to_their_member_record_keeps_them(client):
    union = UnionFactory()
    chair = UserFactory(roles=[("chair", union)])
    MemberFactory(org=GroupFactory(parent=union), user=chair)
    html = menu(client, chair, union)
    for label in PERSONAL:
        assert label in html


def test_a_record_in_another_union_does_not_count(client):
    union, other = UnionFactory(), UnionFactory()
    chair = UserFactory(roles=[("chair", union)])
    MemberFactory(org=GroupFactory(parent=other), user=chair)
    html = menu(client, chair, union)
    assert "我的会籍" not in html


def test_a_member_at_their_group_sees_them(client):
    group = GroupFactory()
    user = UserFactory(roles=[("member", group)])
    with unscoped():
        MemberFactory(org=group, user=user)
    html = menu(client, user, group)
    assert "我的会籍" in html and "我的活动" in html
