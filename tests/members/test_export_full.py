"""The real-name roster for the upper union is one click away for those entitled (#13 §1)."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.members.models import Member

pytestmark = pytest.mark.django_db

ROSTER = "/o/S0001/members/"


def _link(body: str) -> str:
    # The link's attributes may stand on lines of their own (templates laid out by djlint).
    [href] = re.findall(r'id="export-full-link"\s+href="([^"]*)"', body)
    return href.replace("&amp;", "&")


def test_the_chair_follows_the_real_name_link_and_gets_full_numbers_logged(client_for):
    chair = client_for("school_chair")
    body = chair.get(ROSTER, {"group": "S0001-G02"}).content.decode()
    url = _link(body)
    assert "full=1" in url and "group=S0001-G02" in url
    r = chair.get(url)
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).active
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
    with unscoped():
        m = Member.objects.filter(org__code="S0001-G02", status="active").exclude(mobile="").first()
        entry = AuditEntry.objects.filter(action__startswith="members.").order_by("-pk").first()
    assert m.id_number in cells and m.mobile in cells
    assert entry.changes["full_ids"] == [None, True]


def test_a_cadre_without_the_sensitive_right_has_no_such_link(client_for):
    body = client_for("school_cadre").get(ROSTER).content.decode()
    assert 'id="export-link"' in body
    assert "export-full-link" not in body


def test_when_the_union_requires_two_factor_the_link_waits_for_it(client_for, org):
    union = org("S0001")
    union.require_2fa = True
    union.save()
    r = client_for("school_chair").get(ROSTER)
    assert r.status_code == 302 and "/accounts/otp" in r["Location"]
