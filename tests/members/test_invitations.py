"""Invitations: a printed one-time code lets a member make their own login; a member asks
for a correction of their name."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from gonghui.accounts.models import RoleAssignment
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.members.models import ChangeRequest, Invitation, Member
from tests.factories import member_with_login

pytestmark = pytest.mark.django_db


def _print_codes(client, member):
    union = member.org.parent
    r = client.post(f"/o/{union.code}/members/invitations/", {"member": [member.pk]})
    assert r.status_code == 200
    codes = re.findall(r'gh-code">([A-Z0-9-]+)<', r.content.decode())
    assert len(codes) == 1
    return codes[0]


def test_a_member_activates_with_the_printed_code_and_sees_only_their_record(chair, member, login):
    m = member
    assert m.user is None and m.mobile
    code = _print_codes(login(chair), m)
    with unscoped():
        inv = Invitation.objects.get(member=m)
        assert code.replace("-", "") not in inv.code_hash  # only a hash is stored
    c = Client()
    r = c.post(
        "/activate/",
        {
            "mobile": m.mobile,
            "code": code.lower(),
            "password1": "Zhiwei-2026!",
            "password2": "Zhiwei-2026!",
        },
    )
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.user is not None and m.user.username == m.mobile
    with unscoped():
        assert RoleAssignment.objects.filter(user=m.user, org=m.org, role="member").exists()
    body = c.get(f"/o/{m.org.code}/members/me/").content.decode()
    assert m.name in body
    assert c.get(f"/o/{m.org.code}/members/").status_code == 403
    # The code works once.
    again = Client().post(
        "/activate/",
        {
            "mobile": m.mobile,
            "code": code,
            "password1": "Zhiwei-2026!",
            "password2": "Zhiwei-2026!",
        },
    )
    assert again.status_code == 200
    with unscoped():
        assert Invitation.objects.get(member=m).used_at is not None


def test_a_wrong_mobile_or_code_creates_nothing(chair, member, login):
    m = member
    assert m.user is None and m.mobile
    code = _print_codes(login(chair), m)
    r = Client().post(
        "/activate/",
        {
            "mobile": "13000000000",
            "code": code,
            "password1": "Zhiwei-2026!",
            "password2": "Zhiwei-2026!",
        },
    )
    assert r.status_code == 200
    m.refresh_from_db()
    assert m.user is None


def test_a_weak_password_is_refused(chair, member, login):
    m = member
    assert m.user is None and m.mobile
    code = _print_codes(login(chair), m)
    Client().post(
        "/activate/",
        {"mobile": m.mobile, "code": code, "password1": "12345678", "password2": "12345678"},
    )
    m.refresh_from_db()
    assert m.user is None


def test_printing_again_cancels_the_earlier_code(chair, member, login):
    m = member
    c = login(chair)
    first = _print_codes(c, m)
    _print_codes(c, m)
    r = Client().post(
        "/activate/",
        {
            "mobile": m.mobile,
            "code": first,
            "password1": "Zhiwei-2026!",
            "password2": "Zhiwei-2026!",
        },
    )
    assert r.status_code == 200
    m.refresh_from_db()
    assert m.user is None


def test_a_group_leader_cannot_print_codes(group, staff, login):
    leader = login(staff("group_leader", group))
    assert leader.get(f"/o/{group.code}/members/invitations/").status_code == 403


def test_a_name_correction_goes_to_a_cadre(union, group, chair, login):
    me = member_with_login(group, name="郑子涵")
    c = login(me.user)
    c.post(
        f"/o/{group.code}/members/me/",
        {"form": "change", "field": "name", "new_value": "郑梓涵", "reason": "户口本为准"},
    )
    with unscoped():
        item = ChangeRequest.objects.get(member__user=me.user)
        assert Member.objects.get(user=me.user).name == "郑子涵"
    login(chair).post(f"/o/{union.code}/members/requests/{item.pk}/approve/")
    with unscoped():
        assert Member.objects.get(user=me.user).name == "郑梓涵"
        assert AuditEntry.objects.filter(
            action="members.member.updated", object_id=str(item.member_id)
        ).exists()
