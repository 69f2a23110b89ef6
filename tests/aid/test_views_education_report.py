"""Pages of education aid: the yearly report and its spreadsheet: works / other org 404 / no permission 403 / wrong method 405, and the
database after each action."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped

from .conftest import DAY, make_application, make_fund, make_round, members

pytestmark = pytest.mark.django_db


def paid_round(union, chair, people=2):
    """A 2026 round of `union` with `people` applications paid at the 5000.00 standard."""
    from gonghui.aid import services

    rnd = make_round(union, name="2026年金秋助学", year=2026)
    fund = make_fund(union, balance=D("20000.00"))
    with unscoped():
        for i, m in enumerate(members(union, people)):
            app = make_application(rnd, m, child=f"孩子{i}")
            services.application_decide(actor=chair, application=app, approve=True)
            services.application_pay(actor=chair, application=app, fund=fund, date=DAY)
    return rnd


class TestEducationReport:
    def test_page_and_xlsx_agree_with_the_payments(self, login, union, chair):
        paid_round(union, chair)
        c = login(chair)
        body = c.get(f"/o/{union.code}/aid/education/report/?year=2026").content.decode()
        assert 'id="report-amount">10000.00<' in body and 'id="report-people">2<' in body
        r = c.get(f"/o/{union.code}/aid/education/report.xlsx?year=2026")
        assert r.status_code == 200
        ws = load_workbook(io.BytesIO(r.content)).active
        rows = list(ws.values)
        assert rows[0][0] == "序号" and len([x for x in rows[1:] if x and x[0] in (1, 2)]) == 2
        assert rows[-3][-1] == 10000  # the total line, before the footer
        with unscoped():
            assert AuditEntry.objects.filter(action="aid.education_report.exported").exists()

    def test_the_upper_union_does_not_read_aid_files(self, login, staff, union, chair):
        # Applications carry household incomes, children's schools and admission letters:
        # they stay with the union that handles them (permissions.UPPER_READ).
        paid_round(union, chair)
        district = union.parent
        c = login(staff("upper_staff", district))
        r = c.get(f"/o/{district.code}/aid/education/report/?year=2026")
        assert r.status_code == 403
        assert c.get(f"/o/{union.code}/aid/education/report/?year=2026").status_code == 403
