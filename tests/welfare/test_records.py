"""Reading a household's records out (services_records): each door writes one entry per
opening, download or printing (the document download was logged twice by the page)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.welfare import services

from .conftest import file_case, fresh_member

pytestmark = pytest.mark.django_db

BASE = "/o/S0001/welfare"


@pytest.fixture
def case(user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return file_case(fresh_member(), user("school_chair"))


def entries(action: str, **filters) -> int:
    with unscoped():
        return AuditEntry.objects.filter(action=action, **filters).count()


@pytest.fixture
def document(case, user):
    upload = SimpleUploadedFile("收入证明.pdf", b"%PDF-1.4 proof", content_type="application/pdf")
    with unscoped():
        return services.document_add(
            actor=user("school_chair"), file=case, upload=upload, kind="income"
        )


def test_a_document_downloaded_from_the_page_is_logged_once(client_for, case, document):
    url = f"{BASE}/cases/{case.pk}/documents/{document.pk}/"
    r = client_for("school_chair").get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content if r.streaming else [r.content])
    assert entries("welfare.case.document_opened", object_id=str(case.pk)) == 1


def test_the_api_logs_the_same_download_once(client_for, case, document):
    url = f"/api/v1/orgs/S0001/welfare/cases/{case.pk}/documents/{document.pk}/"
    r = client_for("school_chair").get(url)
    assert r.status_code == 200
    assert entries("welfare.case.document_opened", object_id=str(case.pk)) == 1


def test_both_doors_log_a_file_opened_with_full_numbers_in_the_same_words(client_for, case):
    c = client_for("school_chair")
    c.get(f"{BASE}/cases/{case.pk}/?reveal=1")
    c.get(f"/api/v1/orgs/S0001/welfare/cases/{case.pk}/?reveal=1")
    with unscoped():
        notes = set(
            AuditEntry.objects.filter(
                action="welfare.case.viewed", object_id=str(case.pk)
            ).values_list("note", flat=True)
        )
    assert len(notes) == 1 and notes != {""}


def test_the_yearly_workbooks_are_logged_with_their_row_counts(client_for, case):
    r = client_for("school_chair").get(f"{BASE}/cases/export.xlsx?year=2026")
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert sheet.max_row >= 2
    assert entries("welfare.case.exported") == 1
