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

from .conftest import activate, file_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(union):
    return f"/o/{union.code}/welfare"


@pytest.fixture
def c(chair, login):
    return login(chair)


@pytest.fixture
def case(chair, new_member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return file_case(new_member(), chair)


def entries(action: str, **filters) -> int:
    with unscoped():
        return AuditEntry.objects.filter(action=action, **filters).count()


@pytest.fixture
def document(case, chair):
    upload = SimpleUploadedFile("收入证明.pdf", b"%PDF-1.4 proof", content_type="application/pdf")
    with unscoped():
        return services.document_add(actor=chair, file=case, upload=upload, kind="income")


def test_a_document_downloaded_from_the_page_is_logged_once(base, c, case, document):
    url = f"{base}/cases/{case.pk}/documents/{document.pk}/"
    r = c.get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content if r.streaming else [r.content])
    assert entries("welfare.case.document_opened", object_id=str(case.pk)) == 1


def test_the_api_logs_the_same_download_once(union, c, case, document):
    url = f"/api/v1/orgs/{union.code}/welfare/cases/{case.pk}/documents/{document.pk}/"
    r = c.get(url)
    assert r.status_code == 200
    assert entries("welfare.case.document_opened", object_id=str(case.pk)) == 1


def test_both_doors_log_a_file_opened_with_full_numbers_in_the_same_words(union, base, c, case):
    c.get(f"{base}/cases/{case.pk}/?reveal=1")
    c.get(f"/api/v1/orgs/{union.code}/welfare/cases/{case.pk}/?reveal=1")
    with unscoped():
        notes = set(
            AuditEntry.objects.filter(
                action="welfare.case.viewed", object_id=str(case.pk)
            ).values_list("note", flat=True)
        )
    assert len(notes) == 1 and notes != {""}


def test_the_yearly_workbooks_are_logged_with_their_row_counts(base, c, case, chair):
    activate(case, chair)  # the households on file
    r = c.get(f"{base}/cases/export.xlsx?year=2026")
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert sheet.max_row >= 2
    assert case.number in {str(cell.value) for row in sheet.iter_rows() for cell in row}
    assert entries("welfare.case.exported") == 1
