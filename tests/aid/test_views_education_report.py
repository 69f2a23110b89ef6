"""Pages of education aid: the yearly report and its spreadsheet: works / other org 404 / no permission 403 / wrong method 405, and the
database after each action."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped

pytestmark = pytest.mark.django_db


class TestEducationReport:
    def test_page_and_xlsx_agree_with_the_payments(self, client_for):
        c = client_for("factory_chair")
        body = c.get("/o/F0001/aid/education/report/?year=2026").content.decode()
        assert 'id="report-amount">10000.00<' in body and 'id="report-people">2<' in body
        r = c.get("/o/F0001/aid/education/report.xlsx?year=2026")
        assert r.status_code == 200
        ws = load_workbook(io.BytesIO(r.content)).active
        rows = list(ws.values)
        assert rows[0][0] == "序号" and len([x for x in rows[1:] if x and x[0] in (1, 2)]) == 2
        assert rows[-3][-1] == 10000  # the total line, before the footer
        with unscoped():
            assert AuditEntry.objects.filter(action="aid.education_report.exported").exists()

    def test_the_upper_union_does_not_read_aid_files(self, client_for):
        # Applications carry household incomes, children's schools and admission letters:
        # they stay with the union that handles them (permissions.UPPER_READ).
        r = client_for("district").get("/o/D0001/aid/education/report/?year=2026")
        assert r.status_code == 403
