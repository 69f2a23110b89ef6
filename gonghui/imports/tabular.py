"""Read a spreadsheet someone made by hand into clean rows of text.

Real files from union offices are messy: a title row or two above the header, header
names that vary (组织编码 / 编码 / 工会编码), columns in any order, full-width digits,
stray and non-breaking spaces, rows that are formatted but empty, merged cells, .xls from
old systems and CSV saved in GBK. This module absorbs all of that, so an importer only
sees `Row(number, values)` with the canonical column names and plain strings, and every
row keeps the number Excel shows for it, for messages a person can act on.

python-calamine reads .xlsx/.xlsm/.xls/.ods (fast, Rust); openpyxl is only used to write.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter

import python_calamine
from django.conf import settings
from django.utils.translation import gettext as _

from gonghui.core.errors import DomainError

from . import guard

# The header must sit within the first rows: titles and notes above it are skipped.
HEADER_SCAN_ROWS = 15

# Excel keeps 15 significant digits; longer numbers (ID numbers typed as numbers) lose
# their tail, which the reader cannot repair but must point out.
EXCEL_DIGITS = 15

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx

_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
# Full-width letters and digits (Ａ-Ｚ, ａ-ｚ, ０-９) map to ASCII by a fixed offset.
_FULLWIDTH_ALNUM = {
    cp: cp - 0xFEE0
    for cp in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}
# In codes and numbers full-width punctuation is a typing slip too.
_FULLWIDTH_CODE = {
    **_FULLWIDTH_ALNUM,
    0xFF0D: ord("-"),  # －
    0x2014: ord("-"),  # —
    0x2013: ord("-"),  # –
    0xFF3F: ord("_"),  # ＿
    0xFF0E: ord("."),  # ．
    0x3002: ord("."),  # 。 typed in numbers by Chinese input methods
}
_PARENTHESES = re.compile(r"[(（][^)）]*[)）]")
# Any character clean_text() would change; most cells have none and are kept as they are.
_NEEDS_CLEANING = re.compile(
    r"[\s\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
    r"\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff0d\uff0e\uff3f\u2013\u2014\u3002]"
)


class ImportFileError(DomainError):
    """The file cannot be read as a table; the message says why, for the user."""


@dataclass(frozen=True)
class Column:
    """One column an importer understands."""

    name: str  # canonical header, as the issue and the template spell it (编码)
    synonyms: tuple[str, ...] = ()
    required: bool = False  # the header must have it and every row a value
    compact: bool = False  # codes, numbers: drop every space, fold full-width punctuation
    max_length: int | None = None
    # A number cell with more than 15 digits is an error here, not a warning: Excel has
    # lost digits of an ID number, and a wrong ID must never be imported.
    exact_digits: bool = False

    def header_names(self) -> list[str]:
        return [self.name, *self.synonyms]


@dataclass
class Row:
    number: int  # as Excel shows it, 1-based
    values: dict[str, str]  # canonical column name → clean text, for columns in the file
    raw: list = field(default_factory=list)  # the cells as read, in file order
    notes: list[tuple[str, str]] = field(default_factory=list)  # (column, warning) from reading
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, error) from reading

    @property
    def cells(self) -> list[str]:
        """Every cell of the row as clean text, in file order (for the error report; made
        on demand, since most imports never need it)."""
        return [clean_text(cell_text(c)[0]) for c in self.raw]


@dataclass
class Table:
    sheet: str
    header_row: int  # Excel row number of the header
    header: list[str]  # header cells as written, in file order
    columns: dict[str, int]  # canonical column name → index in `header`
    rows: list[Row]
    preamble: list[list[str]] = field(default_factory=list)  # title rows above the header
    notes: list[str] = field(default_factory=list)  # file-level warnings
    sha256: str = ""  # of the file, for the log of an import


# -- cell text -------------------------------------------------------------------------


def clean_text(value: str, *, compact: bool = False) -> str:
    """Spaces of every kind folded to one (or removed), full-width letters and digits
    made ASCII; Chinese punctuation in ordinary text is left alone, since a name like
    某公司（集团）工会 must compare equal to the one already saved."""
    text = _INVISIBLE.sub("", value)
    if compact:
        return _SPACES.sub("", text.translate(_FULLWIDTH_CODE))
    return _SPACES.sub(" ", text.translate(_FULLWIDTH_ALNUM)).strip()


def cell_text(value) -> tuple[str, bool]:
    """A calamine cell as text, and whether Excel may have dropped digits from it."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), False
    if isinstance(value, int):
        return str(value), len(str(abs(value))) > EXCEL_DIGITS
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):  # NaN, infinities
            return "", False
        if value.is_integer():
            text = str(int(value))
            return text, len(text.lstrip("-")) > EXCEL_DIGITS
        # 15 significant digits is what Excel itself shows: 0.1+0.2 reads 0.3.
        return format(value, f".{EXCEL_DIGITS}g"), False
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat(), False
        return value.isoformat(sep=" ", timespec="seconds"), False
    if isinstance(value, dt.date | dt.time):
        return value.isoformat(), False
    if isinstance(value, dt.timedelta):
        return str(value), False
    return str(value), False


def header_key(text: str) -> str:
    """How header cells are compared: no spaces, no '*' marks, ASCII lower case."""
    return clean_text(text, compact=True).replace("*", "").replace("＊", "").lower()


def _long_number_warning() -> str:
    return _(
        "This number has more than 15 digits and Excel keeps only 15, so its "
        "last digits may be wrong. Format the column as text and type it again."
    )


def _long_number_error() -> str:
    return _(
        "Excel has stored this as a number and lost its last digits (it keeps only 15). "
        "Format the column as text and type the number again."
    )


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how Excel names a column."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# -- reading the file ------------------------------------------------------------------


def inspect(data: bytes, max_rows: int | None = None) -> guard.Report | None:
    """What reading `data` would take, found without reading it: the shared guard's
    report of a zip-based workbook, the lines of a text file; None for an old binary
    .xls, which only calamine reads (its format caps it at 65,536 × 256 cells).
    ImportFileError when a limit is passed (the message names it)."""
    max_rows = max_rows or settings.IMPORT_MAX_ROWS
    if data.startswith(_OLE_MAGIC):
        return None
    if data.startswith(_ZIP_MAGIC):
        try:
            return guard.check_spreadsheet(data, guard.spreadsheet_limits(max_rows))
        except guard.UnsafeUpload as exc:
            raise ImportFileError(str(exc)) from exc
    lines = data.count(b"\n") + 1
    if lines > max_rows + guard.HEADER_ALLOWANCE:
        raise ImportFileError(str(guard.too_many_rows(max_rows)))
    return guard.Report(unpacked=len(data), sheets=[guard.SheetStats("", rows=lines)])


def read_table(
    data: bytes, filename: str, columns: Sequence[Column], *, max_rows: int | None = None
) -> Table:
    """The first sheet of `data` with a recognisable header for `columns`, as clean rows.

    Raises ImportFileError with a message for the user when the file is not a
    spreadsheet, passes a limit of the upload guard (before any parser runs), or no
    header can be found.
    """
    if not data or not data.strip():
        raise ImportFileError(_("The file is empty."))
    max_rows = max_rows or settings.IMPORT_MAX_ROWS
    inspect(data, max_rows)
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC):
        sheets = _workbook_sheets(data)
    else:
        if filename.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
            # An "Excel" file that is really text is usually a web page saved by an old
            # system; CSV is read as text below, anything else is refused there.
            head = data[:512].lstrip().lower()
            if head.startswith((b"<", b"\xef\xbb\xbf<")):
                raise ImportFileError(
                    _(
                        "This file is a web page saved with an Excel name. Open it in Excel "
                        "or WPS and save it as .xlsx, then upload it again."
                    )
                )
        sheets = [("", _csv_grid(data))]

    best_missing: list[str] | None = None
    for name, grid in sheets:
        found = _find_header(grid, columns)
        if isinstance(found, int):
            if len(grid) - found - 1 > max_rows:  # an .xls, or what the guard's slack let by
                raise ImportFileError(str(guard.too_many_rows(max_rows)))
            table = _build_table(name, grid, found, columns)
            table.sha256 = hashlib.sha256(data).hexdigest()
            return table
        if best_missing is None or len(found) < len(best_missing):
            best_missing = found
    if not any(grid for _name, grid in sheets):
        raise ImportFileError(_("The file has no data."))
    raise ImportFileError(
        _(
            "No header row found in the first %(n)s rows: the columns %(missing)s are "
            "missing. Check that the file has a header row with these names."
        )
        % {"n": HEADER_SCAN_ROWS, "missing": "、".join(best_missing or [])}
    )


def _workbook_sheets(data: bytes) -> list[tuple[str, list[list]]]:
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        raise ImportFileError(
            _("The file is protected by a password. Remove the password and upload it again.")
        ) from exc
    except Exception as exc:  # calamine raises several types for damaged files
        raise ImportFileError(
            _(
                "This file cannot be read as a spreadsheet. Upload an Excel (.xlsx, .xls) "
                "or CSV file."
            )
        ) from exc
    sheets = []
    try:
        for meta in book.sheets_metadata:
            # Hidden sheets hold lookup lists in templates; chart sheets hold no cells.
            if (
                meta.visible != python_calamine.SheetVisibleEnum.Visible
                or meta.typ != python_calamine.SheetTypeEnum.WorkSheet
            ):
                continue
            sheet = book.get_sheet_by_name(meta.name)
            # skip_empty_area=False keeps row 0 as Excel row 1, so numbers stay true.
            grid = sheet.to_python(skip_empty_area=False)
            _fill_merged(grid, sheet.merged_cell_ranges)
            sheets.append((meta.name, grid))
    except Exception as exc:  # a damaged sheet inside an otherwise valid container
        raise ImportFileError(
            _("This file cannot be read as a spreadsheet. It may be damaged.")
        ) from exc
    return sheets


def _fill_merged(grid: list[list], ranges) -> None:
    """A merged block shows its value in every row it spans (a 上级编码 merged over five
    rows belongs to all five), but only in its first column, so a header merged across
    columns does not turn into duplicate columns."""
    for (r1, c1), (r2, _c2) in ranges or []:
        if r1 >= len(grid) or c1 >= len(grid[r1]):
            continue
        value = grid[r1][c1]
        for r in range(r1 + 1, min(r2, len(grid) - 1) + 1):
            if c1 < len(grid[r]) and grid[r][c1] in ("", None):
                grid[r][c1] = value


def _csv_grid(data: bytes) -> list[list[str]]:
    text = _decode(data)
    if sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\r\n") > 0:
        raise ImportFileError(
            _(
                "This file cannot be read as a spreadsheet. Upload an Excel (.xlsx, .xls) "
                "or CSV file."
            )
        )
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), dialect)]


def _decode(data: bytes) -> str:
    """CSV from Excel on a Chinese Windows is GBK; from WPS or a Mac it is UTF-8, with or
    without a byte-order mark; "Unicode text" from Excel is UTF-16."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "gb18030"]  # GB18030 is a superset of GBK and GB2312
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _("This file cannot be read as a spreadsheet. Upload an Excel (.xlsx, .xls) or CSV file.")
    )


def _synonym_index(columns: Sequence[Column]) -> dict[str, str]:
    index: dict[str, str] = {}
    for column in columns:
        for name in column.header_names():
            index.setdefault(header_key(name), column.name)
    return index


def _match_header(cell, index: dict[str, str]) -> str | None:
    key = header_key(cell_text(cell)[0])
    if not key:
        return None
    if key in index:
        return index[key]
    # "单位名称（全称）", "月工资(元)": a note in brackets does not change the column.
    bare = _PARENTHESES.sub("", key)
    return index.get(bare) if bare else None


def _find_header(grid: list[list], columns: Sequence[Column]) -> int | list[str]:
    """The index of the header row, or the required columns missing from the best row."""
    index = _synonym_index(columns)
    required = [c.name for c in columns if c.required]
    best_row, best_score, best_missing = None, 0, required
    for i, raw in enumerate(grid[:HEADER_SCAN_ROWS]):
        found = {m for m in (_match_header(c, index) for c in raw) if m}
        missing = [name for name in required if name not in found]
        if not missing and len(found) > best_score:
            best_row, best_score = i, len(found)
        elif len(missing) < len(best_missing):
            best_missing = missing
    return best_row if best_row is not None else best_missing


def _column_text(
    cells: list, name: str, column: Column, long_numbers: dict[int, list[tuple[str, bool]]]
) -> list[str]:
    """The clean text of one column's cells; cells Excel may have cut short are noted in
    `long_numbers` by row index."""
    try:
        joined = "\x00".join(cells)  # TypeError: a cell that is no text
    except TypeError:
        joined = None
    if joined is not None and _NEEDS_CLEANING.search(joined) is None:
        return cells  # the common case: text that needs no cleaning, kept as it is
    compact, exact = column.compact, column.exact_digits
    done: dict[tuple[type, object], tuple[str, bool]] = {}
    texts = []
    for k, cell in enumerate(cells):
        if type(cell) is str and _NEEDS_CLEANING.search(cell) is None:
            texts.append(cell)
            continue
        key = (type(cell), cell)
        found = done.get(key)
        if found is None:
            text, too_long = cell_text(cell)
            found = done[key] = (clean_text(text, compact=compact) if text else "", too_long)
        if found[1]:
            long_numbers.setdefault(k, []).append((name, exact))
        texts.append(found[0])
    return texts


def _build_table(sheet: str, grid: list[list], header_index: int, columns: Sequence[Column]):
    index = _synonym_index(columns)
    by_name = {c.name: c for c in columns}
    header = [cell_text(c)[0] for c in grid[header_index]]
    mapping: dict[str, int] = {}
    notes: list[str] = []
    unused: list[str] = []
    for i, cell in enumerate(grid[header_index]):
        name = _match_header(cell, index)
        if name is None:
            if header[i].strip():
                unused.append(clean_text(header[i]))
        elif name in mapping:
            notes.append(
                _("Column %(name)s appears twice; column %(letter)s is used.")
                % {"name": name, "letter": column_letter(mapping[name])}
            )
        else:
            mapping[name] = i
    if unused:
        notes.append(_("Columns not used: %(names)s.") % {"names": "、".join(unused)})
    missing = [c.name for c in columns if c.name not in mapping]
    if missing:
        notes.append(
            _("Columns not in the file (left as they are): %(names)s.")
            % {"names": "、".join(missing)}
        )

    # Column by column: most columns are plain text throughout, which one search over
    # the whole column tells; the other cells are cleaned one by one, with a cache.
    body = grid[header_index + 1 :]
    names = list(mapping)
    texts: list[list[str]] = []
    long_numbers: dict[int, list[tuple[str, bool]]] = {}  # row index → (column, exact)
    for name, i in mapping.items():
        column = by_name[name]
        try:
            cells = list(map(itemgetter(i), body))
        except IndexError:  # a short row (CSV)
            cells = [raw[i] if i < len(raw) else None for raw in body]
        texts.append(_column_text(cells, name, column, long_numbers))

    rows: list[Row] = []
    first = header_index + 2
    for k, cells in enumerate(zip(*texts, strict=True)):
        # Formatted-but-empty rows, and template rows with only a 序号 filled in.
        if not any(cells):
            continue
        row = Row(number=first + k, values=dict(zip(names, cells, strict=True)), raw=body[k])
        for name, exact in long_numbers.get(k, ()):
            if exact:
                row.errors.append((name, _long_number_error()))
            else:
                row.notes.append((name, _long_number_warning()))
        rows.append(row)
    preamble = [[cell_text(c)[0] for c in raw] for raw in grid[:header_index]]
    return Table(
        sheet=sheet,
        header_row=header_index + 1,
        header=header,
        columns=mapping,
        rows=rows,
        preamble=preamble,
        notes=notes,
    )
