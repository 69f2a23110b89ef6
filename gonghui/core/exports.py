"""Exports: each is a class with an identifier, a name, its columns and one row iterator;
the renderers (xlsx now; docx and pdf where a module needs them) share that base.

Every export carries who made it and when in its footer, and writing one is audited by
the caller (it knows whether personal data went out unmasked).

Every value in every generated workbook becomes a cell through `xlsx_cell()` /
`write_cell()` here, because typed text is hostile: a member's 户籍所在地 of
`=HYPERLINK(...)` or `=cmd|...` must reach the chair's roster as that text, never as a
formula Excel, WPS or LibreOffice would evaluate. Strings are always stored as strings
(openpyxl would otherwise store "=..." as a formula and "#N/A" as an error), and those
starting with a formula trigger (or spelling an error value) also get the quote-prefix style, so re-editing the cell
in a spreadsheet keeps it text; the value itself stays exactly as typed (no apostrophe
is added). Numbers, dates and empty cells pass untouched. PDFs are rendered through
`render_pdf()`, which fetches nothing from outside the document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import IO, ClassVar

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill

# First characters that make a spreadsheet read typed text as a formula (OWASP CSV
# injection: = + - @ tab CR), plus LF and the full-width forms a Chinese input method
# types: the quote prefix changes nothing of the value, so it costs nothing to be wide.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def xml_text(text: str) -> str:
    """`text` without the control characters XML 1.0 cannot hold (U+0000-U+0008, U+000B,
    U+000C, U+000E-U+001F; a vertical tab is how Word pastes a line break). Workbooks and
    .docx files are XML: such a character would fail the whole export, so it is dropped."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def safe_cell_value(value):
    """`value` as it may be stored in a cell: aware datetimes in local time (Excel has no
    time zones), lazy translations as text, text through `xml_text()`."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, str):
        return xml_text(value)
    return value


def write_cell(cell, value):
    """Put `value` into `cell` (write-only or not) so that text stays text; returns the cell."""
    value = safe_cell_value(value)
    cell.value = value
    if isinstance(value, str):
        # Assigned after the value: openpyxl has just typed "=..." as a formula ("f") and
        # "#N/A" as an error ("e"); a string cell shows the text as typed.
        cell.data_type = "s"
        if _reinterpreted(value):
            cell.quotePrefix = True
    return cell


def _reinterpreted(text: str) -> bool:
    """Whether a spreadsheet would take `text`, typed into a cell, for a formula or an
    error value: such a cell gets the quote prefix."""
    return text.startswith(FORMULA_TRIGGERS) or text in ERROR_CODES


def xlsx_cell(ws, value) -> WriteOnlyCell:
    """A cell of the write-only sheet `ws` holding `value`; style it after."""
    return write_cell(WriteOnlyCell(ws), value)


def xlsx_row(ws, values) -> list:
    """A row for `ws.append()`. Only text openpyxl would mistype (or that needs the quote
    prefix) gets a cell of its own; other values go in plain, which keeps a roster of
    100,000 members as fast to write as before (openpyxl stores plain text as text)."""
    out = []
    for value in values:
        value = safe_cell_value(value)
        if isinstance(value, str) and _reinterpreted(value):
            value = xlsx_cell(ws, value)
        out.append(value)
    return out


def render_pdf(html: str) -> bytes:
    """The PDF of `html`. WeasyPrint fetches nothing: the documents are self-contained
    (fonts come from the system), and a URL that typed text smuggled into the HTML or
    CSS must not make the server read a local file or call an internal address."""
    # Not a cycle: WeasyPrint loads pango/cairo (slow, native), only when a PDF is made.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()


class Exporter:
    identifier: ClassVar[str] = ""
    name: ClassVar[str] = ""
    sheet_title: ClassVar[str] = "Sheet1"

    def __init__(self, *, user, org, options: dict | None = None) -> None:
        self.user = user
        self.org = org
        self.options = options or {}

    def columns(self) -> list[str]:
        raise NotImplementedError

    def rows(self) -> Iterator[Iterable]:
        raise NotImplementedError

    # -- rendering -----------------------------------------------------
    def footer(self) -> str:
        who = getattr(self.user, "get_username", lambda: "system")() if self.user else "system"
        when = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        return f"导出人：{who}　导出时间：{when}　单位：{self.org.name if self.org else '全平台'}"

    def write_xlsx(self, out: IO[bytes]) -> int:
        """Stream the rows into a workbook (write-only mode keeps memory flat). Returns the row count."""
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(self.sheet_title[:31])
        bold = Font(bold=True)
        fill = PatternFill("solid", fgColor="F2E6E4")
        header = []
        for title in self.columns():
            cell = xlsx_cell(ws, title)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(horizontal="center")
            header.append(cell)
        ws.append(header)
        count = 0
        for row in self.rows():
            ws.append(xlsx_row(ws, row))
            count += 1
        ws.append([])
        ws.append(xlsx_row(ws, [self.footer()]))
        wb.save(out)
        return count
