"""The guard every uploaded office file (.xlsx, .docx, .ods) passes before a parser sees it.

An .xlsx or .docx is a zip of XML parts, and both the zip and the XML can be made to
expand far beyond the upload: a 2 MB spreadsheet can declare or hold 470,000 rows, or two
cells at A1 and XFD1048576 that make python-calamine allocate seventeen thousand million
cells; a 3.6 MB document can hold millions of paragraphs that python-docx builds into a
tree. So, before any parser runs:

1. the zip directory: number of entries, total size unpacked, compression ratio, only
   stored/deflated entries; an entry is "nested" (an embedded workbook or archive) only as
   bytes, never opened;
2. every XML part is unpacked here as a stream, in pieces of 1 MB, counting what it
   really expands to (a directory can lie about sizes), refusing DTDs and entities;
3. the cells of a worksheet (.xlsx) or the paragraphs and table cells of a document
   (.docx) are counted while unpacking, and the scan stops at the first limit passed.

Every refusal is an `UnsafeUpload` whose message is Chinese for the user and names the
limit. The limits are settings (IMPORT_MAX_*, PLAN_MAX_*).

Speed matters for spreadsheets: a 100,000-row roster unpacks to 108 MB of XML, and the
scan must stay a fraction of python-calamine's own read. It therefore looks for the usual
shape with byte searches (`<row r="N"`, `<c r="AB12"`) and checks each piece for anything
else (a cell without its reference, a prefixed element name, a reference beyond the
largest seen so far) with one search; only a piece where that finds something is walked
tag by tag, the way calamine places cells.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
PIECE = 1 << 20  # bytes of XML unpacked at a time
MAX_ENTRIES = 2000  # parts of one file; real workbooks and documents have tens
MAX_RATIO = 200  # unpacked / packed, for parts over RATIO_FROM bytes
RATIO_FROM = 1 << 20
# Title rows above the header are rows of the sheet too.
HEADER_ALLOWANCE = 15
NARROWEST = 26  # columns assumed for a sheet whose references are all single letters

_XML_PART = (".xml", ".rels", ".vml")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class UnsafeUpload(Exception):
    """The file is refused before parsing; the message says why, in the user's words."""


@dataclass
class Limits:
    max_unpacked: int  # bytes, all parts together
    max_part: int  # bytes, one XML part
    max_rows: int = 0  # rows of a sheet (spreadsheets)
    max_cells: int = 0  # rows × columns of all sheets together (spreadsheets)
    max_paragraphs: int = 0  # paragraphs plus table cells (documents)


def spreadsheet_limits(max_rows: int | None = None) -> Limits:
    unpacked = settings.IMPORT_MAX_UNPACKED_MB * 1024 * 1024
    return Limits(
        max_unpacked=unpacked,
        max_part=unpacked,
        max_rows=max_rows or settings.IMPORT_MAX_ROWS,
        max_cells=settings.IMPORT_MAX_CELLS,
    )


def document_limits() -> Limits:
    return Limits(
        max_unpacked=settings.PLAN_MAX_UNPACKED_MB * 1024 * 1024,
        # A document's text is a small part of it (pictures are the rest); its XML is
        # built into a tree by python-docx, several times its size.
        max_part=settings.PLAN_MAX_XML_MB * 1024 * 1024,
        max_paragraphs=settings.PLAN_MAX_PARAGRAPHS,
    )


@dataclass
class SheetStats:
    """What a worksheet part holds, as calamine will see it (1-based maxima)."""

    part: str
    rows: int = 0  # highest row holding a cell or declared by <row r=…>
    columns: int = 0  # highest column holding a cell, if past Z


@dataclass
class Report:
    unpacked: int = 0
    sheets: list[SheetStats] = field(default_factory=list)
    paragraphs: int = 0

    @property
    def rows(self) -> int:
        """The most rows of any sheet: how large the import is."""
        return max((s.rows for s in self.sheets), default=0)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}"


def _damaged() -> UnsafeUpload:
    return UnsafeUpload(_("This file is damaged or is not an Office file (.xlsx, .docx)."))


# -- the zip directory -----------------------------------------------------------------


def open_zip(data: bytes, limits: Limits) -> list[zipfile.ZipInfo]:
    """The entries of `data`, after checking the directory against `limits`."""
    try:
        with zipfile.ZipFile(_Reader(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise _damaged() from exc
    if len(entries) > MAX_ENTRIES:
        raise UnsafeUpload(
            _("The file holds %(n)s parts; at most %(max)s are accepted.")
            % {"n": len(entries), "max": MAX_ENTRIES}
        )
    declared = sum(e.file_size for e in entries)
    if declared > limits.max_unpacked:
        raise _too_big(declared, limits.max_unpacked)
    for entry in entries:
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _damaged()
        if entry.flag_bits & 0x1:  # encrypted entry; Office encrypts the whole file instead
            raise _damaged()
        _check_ratio(entry.file_size, entry.compress_size)
    return entries


class _Reader:
    """zipfile wants a file; BytesIO would copy the upload."""

    def __init__(self, data: bytes):
        self.view, self.pos = memoryview(data), 0

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self.pos, len(self.view))[whence]
        self.pos = max(0, base + offset)
        return self.pos

    def tell(self) -> int:
        return self.pos

    def read(self, n: int = -1) -> bytes:
        end = len(self.view) if n is None or n < 0 else self.pos + n
        out = bytes(self.view[self.pos : end])
        self.pos += len(out)
        return out

    def seekable(self) -> bool:
        return True


def _too_big(unpacked: int, limit: int) -> UnsafeUpload:
    return UnsafeUpload(
        _(
            "Unpacked, this file would take more than %(max)s MB (the limit for an upload "
            "of this kind). Remove pictures and unused sheets, or split the file."
        )
        % {"max": _mb(limit)}
    )


def _check_ratio(unpacked: int, packed: int) -> None:
    if unpacked > RATIO_FROM and unpacked > MAX_RATIO * max(packed, 1):
        raise UnsafeUpload(
            _(
                "This file is packed more than %(ratio)s times smaller than its content, "
                "as no ordinary Office file is. It is refused as a possible attack."
            )
            % {"ratio": MAX_RATIO}
        )


def unpack(data: bytes, entry: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    """The entry's content in pieces of at most PIECE bytes, as really unpacked from its
    packed bytes (whatever the directory says); UnsafeUpload past `limit` bytes."""
    offset = entry.header_offset
    header = data[offset : offset + 30]
    if len(header) < 30 or header[:4] != ZIP_MAGIC:
        raise _damaged()
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = offset + 30 + name_length + extra_length
    packed = memoryview(data)[start : start + entry.compress_size]
    total = 0
    if entry.compress_type == zipfile.ZIP_STORED:
        for i in range(0, len(packed), PIECE):
            piece = bytes(packed[i : i + PIECE])
            total += len(piece)
            if total > limit:
                raise _too_big(total, limit)
            yield piece
        return
    inflater = zlib.decompressobj(-15)
    try:
        for i in range(0, len(packed), 64 * 1024):
            pending = bytes(packed[i : i + 64 * 1024])
            while pending:
                piece = inflater.decompress(pending, PIECE)
                pending = inflater.unconsumed_tail
                total += len(piece)
                if total > limit:
                    raise _too_big(total, limit)
                _check_ratio(total, i + 64 * 1024)
                if piece:
                    yield piece
                if inflater.eof:
                    return
    except zlib.error as exc:
        raise _damaged() from exc


def _xml_pieces(data: bytes, entry: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    """unpack(), cut after a '>' so that no tag is split between two pieces; DTDs (and so
    entity definitions) refused, since Office never writes them."""
    carry = b""
    for piece in unpack(data, entry, limit):
        piece = carry + piece
        cut = piece.rfind(b">") + 1
        if cut == 0 and len(piece) < 4 * PIECE:
            carry = piece
            continue
        if cut == 0:  # megabytes without a single '>': no XML an Office program writes
            raise _damaged()
        carry = piece[cut:]
        piece = piece[:cut]
        if _DTD.search(piece):
            raise _damaged()
        yield piece
    if carry.strip():
        if _DTD.search(carry):
            raise _damaged()
        yield carry


def _is_xml(entry: zipfile.ZipInfo) -> bool:
    return entry.filename.lower().endswith(_XML_PART)


# -- spreadsheets ----------------------------------------------------------------------


def check_spreadsheet(data: bytes, limits: Limits | None = None) -> Report:
    """Check a zip-based workbook (.xlsx/.xlsm/.ods) before calamine reads it."""
    limits = limits or spreadsheet_limits()
    report = Report()
    entries = open_zip(data, limits)
    cells = 0
    for entry in entries:
        if not _is_xml(entry):
            report.unpacked += entry.file_size
            continue
        scanner = _SheetScanner(entry.filename, limits)
        for piece in _xml_pieces(data, entry, limits.max_part):
            report.unpacked += len(piece)
            if report.unpacked > limits.max_unpacked:
                raise _too_big(report.unpacked, limits.max_unpacked)
            scanner.feed(piece)
            if scanner.seen:
                _check_sheet(scanner.stats, limits, cells)
        if scanner.seen:
            report.sheets.append(scanner.stats)
            cells += area(scanner.stats)
    return report


def area(stats: SheetStats) -> int:
    """Cells calamine may allocate for the sheet: its rows (with the slack of the fast
    search) by its columns."""
    if not stats.rows:
        return 0
    return _row_bound(stats.rows) * max(stats.columns, NARROWEST)


def _check_sheet(stats: SheetStats, limits: Limits, before: int) -> None:
    if stats.rows > limits.max_rows + HEADER_ALLOWANCE:
        raise too_many_rows(limits.max_rows)
    if before + area(stats) > limits.max_cells:
        raise UnsafeUpload(
            _(
                "The sheets of this file span more than %(max)s cells (rows × columns). "
                "Delete the unused rows and columns, or split the file."
            )
            % {"max": f"{limits.max_cells:,}"}
        )


def too_many_rows(limit: int) -> UnsafeUpload:
    return UnsafeUpload(
        _(
            "The file has more than %(max)s rows; at most %(max)s rows can be imported at once. Split the file."
        )
        % {"max": f"{limit:,}"}
    )


def column_letters(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: bytes | str) -> int:
    """A → 1, AA → 27."""
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


@lru_cache(maxsize=64)
def _letters_above(n: int) -> bytes:
    """A pattern for column letters past column `n`."""
    s = column_letters(n)
    options = [rb"[A-Z]{%d,}" % (len(s) + 1)]
    for i, letter in enumerate(s):
        if letter != "Z":
            rest = len(s) - i - 1
            options.append(
                s[:i].encode()
                + b"[%s-Z]" % chr(ord(letter) + 1).encode()
                + (rb"[A-Z]{%d}" % rest if rest else b"")
            )
    return rb"(?:" + b"|".join(options) + rb")(?![A-Z])"


def _row_bound(rows: int) -> int:
    """The highest row a cell can name without the fast search noticing, once the rows
    seen go up to `rows`: a reference with more digits, or a higher first digit, is
    looked at; so the bound is less than twice `rows`."""
    digits = str(max(rows, 1))
    first = int(digits[0])
    return (first + 1) * 10 ** (len(digits) - 1) - 1


@lru_cache(maxsize=256)
def _unusual(rows: int, columns: int) -> re.Pattern:
    """A cell start tag other than `<c r="XY123"…>` within the bounds: no reference, or
    not first, or a reference past _row_bound(rows) or `columns` (empty <c …/> excepted).
    Kept to a few alternatives: this search runs over every byte of a sheet."""
    digits = str(max(rows, 1))
    first, rest = int(digits[0]), len(digits) - 1
    above = rb"\d{%d,}" % (rest + 2) + (rb"|[%d-9]\d{%d}" % (first + 1, rest) if first < 9 else b"")
    if columns <= NARROWEST:
        ref = rb'[A-Z](?:[A-Z]|(?:%s)")' % above
    else:
        ref = rb'(?:%s|[A-Z]{1,3}(?:%s)")' % (_letters_above(columns), above)
    return re.compile(rb'<c(?: r="%s[^>]*(?<!/)>|[\s>](?!r="))' % ref)


# Rows holding something; an empty <row r="N" …/> (a formatted row) places no cell.
_ROW_REF = re.compile(rb'<row r="(\d{1,9})"[^>]*(?<!/)>')
_PREFIXED = re.compile(rb":(?:c|row|sheetData)[\s/>]")
_SHEET_DATA = re.compile(rb"<(?:[\w.-]+:)?sheetData\b[^>]*?(/?)>")
_SHEET_DATA_END = re.compile(rb"</(?:[\w.-]+:)?sheetData\s*>")
_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c)\b([^>]*?)(/?)>")
_ATTR_R = re.compile(rb'(?:^|\s)r\s*=\s*["\']\s*([A-Za-z]*)(\d*)\s*["\']')


class _SheetScanner:
    """Counts what calamine will place from a worksheet's <sheetData>, piece by piece."""

    def __init__(self, part: str, limits: Limits):
        self.stats = SheetStats(part)
        self.limits = limits
        self.seen = False  # the part has sheet data: it is a worksheet
        self.inside = False
        self.row = 0  # calamine's current row (0-based), for cells without a reference
        self.column = 0  # the next column of a cell without a reference (0-based)

    def feed(self, piece: bytes) -> None:
        while piece:
            if not self.inside:
                start = _SHEET_DATA.search(piece) if b"sheetData" in piece else None
                if start is None:
                    return
                self.seen = True
                piece = piece[start.end() :]
                if start.group(1):  # <sheetData/>
                    continue
                self.inside = True
            # A plain byte search first: the pattern alone would walk every '<'.
            end = _SHEET_DATA_END.search(piece) if b"sheetData" in piece else None
            body, piece = (
                (piece, b"") if end is None else (piece[: end.start()], piece[end.end() :])
            )
            self._body(body)
            if end is not None:
                self.inside = False

    def _body(self, body: bytes) -> None:
        stats = self.stats
        rows = _ROW_REF.findall(body)
        if rows:
            last = int(rows[-1])
            stats.rows = max(stats.rows, max(map(int, rows)))
        if _PREFIXED.search(body) or _unusual(
            max(stats.rows, 1), max(stats.columns, NARROWEST)
        ).search(body):
            self._walk(body)
        elif rows:
            self.row, self.column = last - 1, max(self.column, stats.columns)

    def _walk(self, body: bytes) -> None:
        """Tag by tag, as calamine reads: a row without a reference follows the one
        before, a cell without one follows the cell before in its row; empty cells
        (<c …/>) take a place but hold nothing."""
        stats = self.stats
        for closing, name, attrs, empty in _TAG.findall(body):
            if closing:
                continue
            ref = _ATTR_R.search(attrs)
            if name == b"row":
                if ref and ref.group(2):
                    self.row = int(ref.group(2)) - 1
                else:
                    self.row += 1 if stats.rows else 0
                self.column = 0
                if not empty:
                    stats.rows = max(stats.rows, self.row + 1)
                continue
            if ref and ref.group(1) and ref.group(2):
                row, column = int(ref.group(2)) - 1, column_index(ref.group(1).upper()) - 1
            else:
                row, column = self.row, self.column
            self.column = column + 1
            if not empty:
                stats.rows = max(stats.rows, row + 1)
                stats.columns = max(stats.columns, column + 1)
            if stats.rows > self.limits.max_rows + HEADER_ALLOWANCE:
                break  # refused by check_spreadsheet() after this piece


# -- documents -------------------------------------------------------------------------

_PARAGRAPH = re.compile(rb"<(?:[\w.-]+:)?(?:p|tc)[\s/>]")


def check_document(data: bytes, limits: Limits | None = None) -> Report:
    """Check a .docx before python-docx reads it: the zip, every XML part's real size,
    and the paragraphs plus table cells of its text."""
    limits = limits or document_limits()
    report = Report()
    entries = open_zip(data, limits)
    for entry in entries:
        if not _is_xml(entry):
            report.unpacked += entry.file_size
            continue
        text_part = entry.filename.startswith("word/")
        for piece in _xml_pieces(data, entry, limits.max_part):
            report.unpacked += len(piece)
            if report.unpacked > limits.max_unpacked:
                raise _too_big(report.unpacked, limits.max_unpacked)
            if text_part:
                report.paragraphs += len(_PARAGRAPH.findall(piece))
                if report.paragraphs > limits.max_paragraphs:
                    raise UnsafeUpload(
                        _(
                            "The document has more than %(max)s paragraphs and table cells; "
                            "a work plan is far shorter. Upload the plan alone, or paste its text."
                        )
                        % {"max": f"{limits.max_paragraphs:,}"}
                    )
    return report
