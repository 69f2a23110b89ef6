"""The real-name roster for the upper union is one click away for those entitled (#13 §1)."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.members.models import Member
from tests.factories import GroupFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _link(body: str) -> str:
    # The link's attributes may stand on lines of their own (templates laid out by djlint).
    [href] = re.findall(r'id="export-full-link"\s+href="([^"]*)"', body)
    return href.replace("&amp;", "&")


def test_the_chair_follows_the_real_name_link_and_gets_full_numbers_logged(
    union, group, chair, login
):
    second = GroupFactory(parent=union)
    MemberFactory(org=second)
    elsewhere = MemberFactory(org=group)
    chair = login(chair)
    body = chair.get(f"/o/{union.code}/members/", {"group": second.code}).content.decode()
    url = _link(body)
    assert "full=1" in url and f"group={second.code}" in url
    r = chair.get(url)
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).active
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
    with unscoped():
        m = Member.objects.filter(org=second, status="active").exclude(mobile="").first()
        entry = AuditEntry.objects.filter(action__startswith="members.").order_by("-pk").first()
    assert m.id_number in cells and m.mobile in cells
    assert elsewhere.id_number not in cells  # the group filter went with the link
    assert entry.changes["full_ids"] == [None, True]


def test_a_cadre_without_the_sensitive_right_has_no_such_link(union, cadre, login):
    body = login(cadre).get(f"/o/{union.code}/members/").content.decode()
    assert 'id="export-link"' in body
    assert "export-full-link" not in body


def test_when_the_union_requires_two_factor_the_link_waits_for_it(union, chair, login):
    with unscoped(), acting(source="system"):
        union.require_2fa = True
        union.save()
    r = login(chair).get(f"/o/{union.code}/members/")
    assert r.status_code == 302 and "/accounts/otp" in r["Location"]
