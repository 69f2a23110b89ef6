"""The menu entry an import page belongs to (imports.navigation): the pages live under
/imports/, which no entry names, so the entry whose URL is the longest prefix was the
dashboard. A voucher import belongs to 财务, a member import to 会员."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.imports.models import ImportBatch
from tests.factories import UnionFactory
from tests.funds.conftest import holder

pytestmark = pytest.mark.django_db


def active(user, url: str) -> list[str]:
    c = Client()
    c.force_login(user)
    r = c.get(url)
    assert r.status_code == 200, url
    return [item["key"] for item in r.context["nav_items"] if item["active"]]


def batch(org, kind: str) -> ImportBatch:
    return ImportBatch.objects.create(org=org, kind=kind, original_name=f"{kind}.xlsx")


def test_a_voucher_import_highlights_finance_and_a_member_import_members(platform):
    union = UnionFactory()
    accountant, chair = holder("finance", union), holder("chair", union)
    base = f"/o/{union.code}/imports/"
    vouchers, members = batch(union, "vouchers"), batch(union, "members")
    assert active(accountant, f"{base}vouchers/") == ["finance"]
    assert active(accountant, f"{base}{vouchers.pk}/") == ["finance"]
    assert active(chair, f"{base}members/") == ["members"]
    assert active(chair, f"{base}{members.pk}/") == ["members"]
    # The list of every kind belongs to no module; other pages keep the longest prefix.
    assert active(chair, base) == ["dashboard"]
    assert active(accountant, f"/o/{union.code}/finance/vouchers/") == ["finance"]
    assert active(chair, f"/o/{union.code}/members/") == ["members"]


def test_a_batch_that_does_not_exist_highlights_nothing_special(platform):
    from gonghui.core import nav
    from gonghui.imports.navigation import section

    union = UnionFactory()
    assert section(f"/o/{union.code}/imports/999999/", union) is None
    assert section(f"/o/{union.code}/imports/{'9' * 40}/", union) is None
    assert section(f"/o/{union.code}/finance/", union) is None
    assert section("/o/OTHER/imports/vouchers/", union) is None
    assert section in nav._SECTIONS
