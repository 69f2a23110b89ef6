"""The error report: the uploaded rows as they were, each where it was, plus 错误说明.

Rows keep their Excel row numbers, so "row 12" in a message is row 12 in the report too,
and the report can be corrected and uploaded again as it is (the extra column is ignored).
Written row by row (openpyxl's write-only mode), so a report of 100,000 rows stays small
in memory. The uploaded values are echoed back, so they are hostile: every cell goes through
`gonghui.core.exports`, which keeps "=1+1" the text it was in the upload, not a formula.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from gonghui.core.exports import xlsx_cell, xlsx_row

from .base import Preview
from .tabular import Table

ERROR_COLUMN = "错误说明"  # a header in the file, like 编码: the file's own vocabulary
_RED = PatternFill("solid", fgColor="FFC7CE")
_BOLD = Font(bold=True)
_DARK_RED = Font(color="9C0006")


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
    wb = Workbook(write_only=True)
    ws = wb.create_sheet((table.sheet or _("Errors"))[:31])
    width = max([len(table.header), *(len(r.raw) for r in table.rows)])
    ws.column_dimensions[get_column_letter(width + 1)].width = 60
    ws.freeze_panes = f"A{table.header_row + 1}"

    def text_cell(text: str, *, fill: bool = False) -> WriteOnlyCell:
        cell = xlsx_cell(ws, text or None)
        # Text, always: a code like 0012 must not come back as the number 12.
        cell.number_format = "@"
        if fill:
            cell.fill = _RED
        return cell

    for cells in table.preamble:
        ws.append(xlsx_row(ws, [text or None for text in cells]))
    header = [*table.header, *[""] * (width - len(table.header)), ERROR_COLUMN]
    ws.append([_styled(xlsx_cell(ws, text or None), font=_BOLD) for text in header])
    number = table.header_row
    for row in table.rows:
        while number + 1 < row.number:  # the blank rows the reader skipped
            ws.append([])
            number += 1
        message = by_row.get(row.number)
        cells = row.cells
        line = [text_cell(t, fill=bool(message)) for t in [*cells, *[""] * (width - len(cells))]]
        if message:
            line.append(_styled(xlsx_cell(ws, message), font=_DARK_RED, fill=_RED))
        ws.append(line)
        number = row.number
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _styled(cell: WriteOnlyCell, *, font: Font, fill: PatternFill | None = None) -> WriteOnlyCell:
    cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell
