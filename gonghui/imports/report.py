"""The error report: the uploaded rows as they were, each where it was, plus 错误说明.

Rows keep their Excel row numbers, so "row 12" in a message is row 12 in the report too,
and the report can be corrected and uploaded again as it is (the extra column is ignored).
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .base import Preview
from .tabular import Table

ERROR_COLUMN = "错误说明"  # a header in the file, like 编码: the file's own vocabulary
_RED = PatternFill("solid", fgColor="FFC7CE")


def issue_text(column: str, message: str) -> str:
    return (
        _("%(column)s: %(message)s") % {"column": column, "message": message} if column else message
    )


def error_report(table: Table, preview: Preview) -> bytes:
    """An .xlsx of `table` with the errors of `preview` in an added last column."""
    by_row = {
        r.row: "；".join(issue_text(i.column, i.message) for i in r.errors)
        for r in preview.rows
        if r.errors
    }
    wb = Workbook()
    ws = wb.active
    ws.title = (table.sheet or _("Errors"))[:31]
    width = max([len(table.header), *(len(r.cells) for r in table.rows)])
    for i, cells in enumerate(table.preamble, start=1):
        for j, text in enumerate(cells, start=1):
            if text:
                ws.cell(row=i, column=j, value=text)
    for j, text in enumerate([*table.header, *[""] * (width - len(table.header))], start=1):
        ws.cell(row=table.header_row, column=j, value=text or None).font = Font(bold=True)
    ws.cell(row=table.header_row, column=width + 1, value=ERROR_COLUMN).font = Font(bold=True)
    for row in table.rows:
        for j, text in enumerate(row.cells, start=1):
            if text:
                # Text, always: a code like 0012 must not come back as the number 12.
                ws.cell(row=row.number, column=j, value=text).number_format = "@"
        message = by_row.get(row.number)
        if message:
            cell = ws.cell(row=row.number, column=width + 1, value=message)
            for j in range(1, width + 2):
                ws.cell(row=row.number, column=j).fill = _RED
            cell.font = Font(color="9C0006")
    ws.column_dimensions[get_column_letter(width + 1)].width = 60
    ws.freeze_panes = ws.cell(row=table.header_row + 1, column=1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
