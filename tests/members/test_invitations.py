from __future__ import annotations

import re

import pytest
from django.test import Client

from gonghui.accounts.models import RoleAssignment
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.members.models import ChangeRequest, Invitation, Member

pytestmark = pytest.mark.django_db


def _unlinked(code="S0001-G02"):
    with unscoped():
        return (
            Member.objects.filter(org__code=code, user__isnull=True, status="active")
            .exclude(mobile="")
            .first()
        )


def _print_codes(client, member):
    r = client.post("/o/S0001/members/invitations/", {"member": [member.pk]})
    assert r.status_code == 200
    codes = re.findall(r'gh-code">([A-Z0-9-]+)<', r.content.decode())
    assert len(codes) == 1
    return codes[0]


def test_a_member_activates_with_the_printed_code_and_sees_only_their_record(client_for):
    m = _unlinked()
    code = _print_codes(client_for("school_chair"), m)
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


def test_a_wrong_mobile_or_code_creates_nothing(client_for):
    m = _unlinked()
    code = _print_codes(client_for("school_chair"), m)
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


def test_a_weak_password_is_refused(client_for):
    m = _unlinked()
    code = _print_codes(client_for("school_chair"), m)
    Client().post(
        "/activate/",
        {"mobile": m.mobile, "code": code, "password1": "12345678", "password2": "12345678"},
    )
    m.refresh_from_db()
    assert m.user is None


def test_printing_again_cancels_the_earlier_code(client_for):
    m = _unlinked()
    c = client_for("school_chair")
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


def test_a_group_leader_cannot_print_codes(client_for):
    assert client_for("group_leader").get("/o/S0001-G01/members/invitations/").status_code == 403


def test_a_name_correction_goes_to_a_cadre(client_for):
    c = client_for("member")
    c.post(
        "/o/S0001-G01/members/me/",
        {"form": "change", "field": "name", "new_value": "郑梓涵", "reason": "户口本为准"},
    )
    with unscoped():
        item = ChangeRequest.objects.get(member__user__username="member")
        assert Member.objects.get(user__username="member").name == "郑子涵"
    client_for("school_chair").post(f"/o/S0001/members/requests/{item.pk}/approve/")
    with unscoped():
        assert Member.objects.get(user__username="member").name == "郑梓涵"
        assert AuditEntry.objects.filter(
            action="members.member.updated", object_id=str(item.member_id)
        ).exists()
