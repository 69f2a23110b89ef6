"""The upload guard: office files that expand far beyond their size are refused before any
parser runs, with a message naming the limit (issue #11, finding 3)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import zipfile

import pytest
import python_calamine
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.scoping import unscoped
from gonghui.imports import guard
from gonghui.imports.models import ImportBatch
from gonghui.imports.tabular import ImportFileError, read_table
from gonghui.orgs.importing import OrgImporter
from gonghui.plans.parsing import PlanParseError, read_text

from . import bombs
from .conftest import DISTRICT, HEADER, SCHOOL, xlsx_bytes


@pytest.fixture
def no_parser(monkeypatch):
    """Fail the test if calamine or python-docx is ever called."""
    import docx

    def called(*args, **kwargs):
        raise AssertionError("the parser ran before the guard refused the file")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", called)
    monkeypatch.setattr(docx, "Document", called)


def read(data: bytes, name: str = "orgs.xlsx"):
    return read_table(data, name, OrgImporter.columns)


def test_a_cell_at_the_far_corner_of_the_sheet_is_refused_before_calamine(no_parser):
    data = bombs.far_cell_xlsx()
    assert len(data) < 5_000
    with pytest.raises(ImportFileError, match="200,000"):
        read(data)


def test_a_cell_far_to_the_right_in_many_rows_is_refused_by_the_cell_limit(no_parser, settings):
    settings.IMPORT_MAX_CELLS = 1_000_000
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c><c r="XFD%d"><v>1</v></c></row>' % (i, i, i)
        for i in range(2, 200)
    )
    with pytest.raises(ImportFileError, match="1,000,000"):
        read(bombs.xlsx(bombs.HEADER_ROW + rows))


def test_470000_real_rows_are_refused_while_unpacking(no_parser):
    data = bombs.many_rows_xlsx(470_000)
    assert len(data) < 4 * 1024 * 1024
    with pytest.raises(ImportFileError, match="200,000"):
        read(data)


def test_a_huge_declared_dimension_alone_is_harmless_and_accepted():
    # calamine places cells where they are, not where <dimension> says.
    data = bombs.xlsx(
        bombs.HEADER_ROW
        + b'<row r="2">'
        + b"".join(
            b'<c r="%s2" t="inlineStr"><is><t>%s</t></is></c>' % (c.encode(), v.encode())
            for c, v in zip("ABCD", ["G1", "一组", "基层工会", "QD01"], strict=True)
        )
        + b"</row>",
        dimension="A1:XFD1048576",
    )
    table = read(data)
    assert [r.values["编码"] for r in table.rows] == ["G1"]


def test_cells_without_references_are_placed_as_calamine_places_them(no_parser):
    # No r="…" anywhere: every row follows the one before, every cell the one before.
    rows = b"<row><c><v>1</v></c></row>" * 10 + b"<row>" + b"<c><v>1</v></c>" * 16_384 + b"</row>"
    report = guard.check_spreadsheet(bombs.xlsx(rows))
    assert report.sheets[0].rows == 11 and report.sheets[0].columns == 16_384


def test_prefixed_element_names_cannot_hide_cells(no_parser):
    data = bombs.xlsx(
        b'<x:row xmlns:x="urn:x" r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
        b'<x:row xmlns:x="urn:x" r="900000"><x:c r="B900000"><x:v>1</x:v></x:c></x:row>'
    )
    with pytest.raises(ImportFileError, match="200,000"):
        read(data)


def test_a_roster_of_ordinary_size_passes_and_keeps_its_rows():
    rows = [HEADER] + [[f"G{i}", f"组{i}", "工会小组", "QD01", "", ""] for i in range(3000)]
    report = guard.check_spreadsheet(xlsx_bytes(rows))
    assert report.rows == 3001
    assert len(read(xlsx_bytes(rows)).rows) == 3000


def test_the_row_limit_is_a_setting(settings, no_parser):
    settings.IMPORT_MAX_ROWS = 100
    rows = [HEADER] + [[f"G{i}", "组", "工会小组", "QD01", "", ""] for i in range(200)]
    with pytest.raises(ImportFileError, match="100"):
        read(xlsx_bytes(rows))


def test_a_csv_with_too_many_lines_is_refused_before_reading(settings):
    settings.IMPORT_MAX_ROWS = 100
    data = ("编码,名称,类型,上级编码\n" + "G1,组,工会小组,QD01\n" * 500).encode()
    with pytest.raises(ImportFileError, match="100"):
        read(data, "orgs.csv")


def test_a_doctype_and_its_entities_are_refused(no_parser):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b'<!DOCTYPE w [<!ENTITY a "aaaa">]><workbook>&a;</workbook>')
    with pytest.raises(ImportFileError):
        read(out.getvalue())


def test_a_zip_bomb_document_is_refused_before_python_docx(no_parser):
    data = bombs.zip_bomb_docx()
    assert len(data) < 2 * 1024 * 1024
    with pytest.raises(PlanParseError) as refused:
        read_text(data, "plan.docx")
    assert "MB" in str(refused.value) or "200" in str(refused.value)


def test_a_document_of_300000_paragraphs_is_refused_before_python_docx(no_parser):
    data = bombs.many_paragraphs_docx(300_000)
    assert len(data) < 10 * 1024 * 1024
    with pytest.raises(PlanParseError, match="10,000"):
        read_text(data, "plan.docx")


def test_a_text_plan_of_too_many_lines_is_refused():
    with pytest.raises(PlanParseError, match="10,000"):
        read_text(("一、工作要点\n" * 50_000).encode(), "plan.txt")


def test_an_ordinary_document_is_read():
    data = bombs.docx(
        "<w:p><w:r><w:t>一、组织建设</w:t></w:r></w:p><w:p><w:r><w:t>3月 召开会员大会</w:t></w:r></w:p>".encode()
    )
    assert read_text(data, "plan.docx").splitlines() == ["一、组织建设", "3月 召开会员大会"]


@pytest.mark.django_db
def test_the_upload_page_refuses_a_bomb_and_stores_nothing(world, no_parser):
    c = world.client(world.upper)
    with unscoped():
        before = ImportBatch.objects.count()
    r = c.post(
        f"/o/{DISTRICT}/imports/orgs/",
        {"file": SimpleUploadedFile("orgs.xlsx", bombs.many_rows_xlsx(470_000))},
    )
    assert r.status_code == 200 and "200,000" in r.content.decode()
    with unscoped():
        assert ImportBatch.objects.count() == before


@pytest.mark.django_db
def test_the_plan_import_page_refuses_a_bomb(world, no_parser):
    c = world.client(world.chair)
    r = c.post(
        f"/o/{SCHOOL}/plans/import/",
        {"year": 2031, "file": SimpleUploadedFile("plan.docx", bombs.many_paragraphs_docx(50_000))},
    )
    assert r.status_code == 200 and "10,000" in r.content.decode()


def test_the_worker_memory_cap_turns_a_huge_allocation_into_memory_error():
    # In a process of its own: the cap lasts as long as the process.
    code = textwrap.dedent(
        """
        import django
        django.setup()
        from gonghui.imports.tasks import limit_memory
        limit_memory(1024)
        try:
            bytearray(3 * 1024 * 1024 * 1024)
        except MemoryError:
            print("refused")
        """
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "gonghui.settings"},
    )
    assert done.stdout.strip() == "refused", done.stderr
