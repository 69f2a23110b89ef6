"""Reading a household's records out (services): what a cadre opens, downloads or prints
from a hardship file or a batch, and its mark on the record — one function per kind, which
the pages and the API both call, so the two doors write the same audit entry once.

Apart from services.py because the workbooks and the sheet read selectors, which read
services.py: here they may be imported at the top.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from gonghui.audit import models as audit

from .exports import HardshipExporter, VisitExporter
from .models import Batch, CaseDocument, HardshipFile
from .sheet import render_sheet, sheet_filename


def case_open(*, actor, file: HardshipFile, reveal: bool = False) -> HardshipFile:
    """Every view of a household's file is on the record (who looked, when, from where),
    and whether the full phone numbers were shown."""
    audit.record("welfare.case.viewed", obj=file, note=_("Full phone shown") if reveal else "")
    return file


def case_document_open(*, actor, file: HardshipFile, doc: CaseDocument) -> bytes:
    """The content of a document of the file (at most 10 MB: read whole), its opening on
    the record."""
    audit.record("welfare.case.document_opened", obj=file, note=str(doc))
    with doc.upload.open("rb") as handle:
        return handle.read()


def _workbook(exporter, org, action: str) -> bytes:
    buf = io.BytesIO()
    rows = exporter.write_xlsx(buf)
    audit.record(action, org=org, changes={"rows": [None, rows]})
    return buf.getvalue()


def case_export(*, actor, org, year: int) -> tuple[str, bytes]:
    """The list for the upper union's 帮扶 statistics as .xlsx: (file name, content)."""
    exporter = HardshipExporter(user=actor, org=org, options={"year": year})
    name = f"困难职工帮扶统计-{org.name}-{year}.xlsx"
    return name, _workbook(exporter, org, "welfare.case.exported")


def visit_export(*, actor, org, year: int) -> tuple[str, bytes]:
    """The year's condolence visits as .xlsx: (file name, content)."""
    exporter = VisitExporter(user=actor, org=org, options={"year": year})
    return f"慰问明细-{org.name}-{year}.xlsx", _workbook(exporter, org, "welfare.visits.exported")


def batch_sheet_print(*, actor, batch: Batch, request) -> tuple[str, bytes]:
    """The 慰问金发放表 of a batch as PDF, its printing on the record: (file name, content)."""
    pdf = render_sheet(batch, request)
    audit.record("welfare.batch.sheet_printed", obj=batch)
    return sheet_filename(batch), pdf
