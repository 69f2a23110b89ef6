"""The yearly report: its page and its .docx / PDF export."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from tests.conftest import audit_count

from .conftest import base, download_name, make_notice, make_question, me, signed_in, unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


class TestReport:
    def test_the_report_page_counts_notices_and_answers(self):
        n = make_notice(
            status="published", item_code="finance", period="q1", published_on=dt.date(2031, 4, 10)
        )
        make_question(
            n, asked_on=dt.date(2031, 4, 12), answer="答", answered_on=dt.date(2031, 4, 20)
        )
        r = signed_in("chair").get(f"{base()}/report/2031/")
        body = r.content.decode()
        assert r.status_code == 200
        assert n.title in body and 'id="total-notices">1<' in body

    def test_the_report_exports_as_docx_and_pdf(self):
        make_notice(
            status="published",
            item_code="plans",
            published_on=dt.date(2031, 2, 1),
            title="二〇三一年工作计划",
        )
        c = signed_in("chair")
        before = audit_count()
        r = c.get(f"{base()}/report/2031/report.docx")
        assert r.status_code == 200
        disposition, name = download_name(r)
        assert disposition == "attachment" and name.endswith(".docx") and "2031" in name
        with zipfile.ZipFile(io.BytesIO(r.content)) as z:
            xml = z.read("word/document.xml").decode()
        assert "二〇三一年工作计划" in xml and unit("school").name in xml
        r = c.get(f"{base()}/report/2031/report.pdf")
        assert r.status_code == 200 and r.content.startswith(b"%PDF")
        assert download_name(r)[0] == "inline"
        assert audit_count() == before + 2
        with unscoped():
            assert AuditEntry.objects.filter(action="openness.report.exported").count() >= 2
        assert c.get(f"{base()}/report/2031/report.xls").status_code == 404

    def test_a_member_reads_the_report_of_their_union(self):
        make_notice(status="published", title="成员可见", published_on=dt.date(2031, 2, 1))
        r = signed_in("reader").get(f"{me()}/report/2031/")
        assert r.status_code == 200 and "成员可见" in r.content.decode()
