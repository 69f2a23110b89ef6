"""Pages of the members app: the roster export and the membership certificate."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.members import idcard

pytestmark = pytest.mark.django_db


class TestExportAndCertificate:
    def test_the_export_is_masked_without_the_right_and_logged(self, union, cadre, member, login):
        m = member
        r = login(cadre).get(f"/o/{union.code}/members/export.xlsx?full=1")
        assert r.status_code == 200
        ws = load_workbook(io.BytesIO(r.content)).active
        rows = list(ws.iter_rows(values_only=True))
        assert rows[0][:6] == ("姓名", "性别", "出生日期", "民族", "证件类型", "证件号码")
        ids = {row[5] for row in rows[1:] if row and row[0] == m.name}
        assert idcard.mask(m.id_number) in ids and m.id_number not in ids
        assert f"导出人：{cadre.username}" in str(rows[-1][0])
        with unscoped():
            entry = AuditEntry.objects.filter(action="members.roster.exported").latest("at")
        assert entry.changes["full_ids"] == [None, False]

    def test_the_chair_may_export_full_ids(self, union, chair, member, login):
        m = member
        r = login(chair).get(f"/o/{union.code}/members/export.xlsx?full=1")
        ws = load_workbook(io.BytesIO(r.content)).active
        assert m.id_number in {row[5] for row in ws.iter_rows(values_only=True)}

    def test_the_certificate_is_a_pdf(self, union, chair, member, login):
        r = login(chair).get(f"/o/{union.code}/members/{member.pk}/certificate.pdf")
        assert r.status_code == 200 and r.content.startswith(b"%PDF")
