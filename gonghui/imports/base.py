"""What every import shares: a preview of each row, then all rows written or none.

An importer declares its columns and implements two steps:

- `validate(results, org)`: look at every row (and the database) and decide per row
  create / update / unchanged, or record errors and warnings with their column;
- `apply(preview, org)`: write the rows of a preview without errors.

The base runs `commit` as one transaction that validates again first, because the
database may have changed between preview and commit: nothing is kept unless every row
is still valid. (Inside that transaction validate() may already write the rows it has
checked, `self.committing`, as the member import does: an error found later undoes them
with the rest.) Importing the same file twice finds every row unchanged and writes
nothing, not even an audit entry.

Long imports report how far they are through `self.progress(stage, done, total)`, which
a background job turns into a progress bar.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, ClassVar

from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from gonghui.audit.models import record

from .tabular import Column, ImportFileError, Row, Table, read_table

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
ACTIONS = (CREATE, UPDATE, UNCHANGED, ERROR)

# kind → importer class; later imports (members) add their line.
IMPORTERS = {
    "orgs": "gonghui.orgs.importing.OrgImporter",
    "members": "gonghui.members.importing.MemberImporter",
    "vouchers": "gonghui.finance.importing.VoucherImporter",
}

# A stored preview keeps every row of a small file; of a large one the first rows as a
# sample, and every row with an error or a warning (the error report needs them all),
# the values only for the first of those.
SAMPLE_ROWS = 500
ISSUE_ROWS_WITH_VALUES = 2000

# Stages a progress report names.
CHECKING, WRITING = "check", "write"
ProgressFn = Callable[[str, int, int], None]  # (stage, done, total)
PROGRESS_EVERY = 1000  # rows between two progress reports


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector now and then walks every object alive, and an import of
    100,000 rows keeps millions of them (a fifth of its time went there), while it makes
    next to no reference cycles: the collector rests while a file is read, checked and
    written, and runs as usual afterwards."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            # What was made meanwhile joins the oldest generation, where a full
            # collection finds it later (if still there): otherwise the next young
            # collection would walk all of it at once.
            gc.freeze()
            gc.unfreeze()
        gc.enable()


def importer_for(kind: str, progress: ProgressFn | None = None) -> Importer:
    return import_string(IMPORTERS[kind])(progress)


@dataclass
class Issue:
    column: str  # canonical column name, "" when it is about the whole row
    message: str


@dataclass
class RowResult:
    row: int  # Excel row number
    values: dict[str, str]
    action: str = UNCHANGED
    key: str = ""  # what identifies the record (a code), for messages across rows
    changes: dict[str, list[str]] = field(default_factory=dict)  # column → [before, after]
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def error(self, column: str, message: str) -> None:
        self.errors.append(Issue(column, message))

    def warn(self, column: str, message: str) -> None:
        self.warnings.append(Issue(column, message))

    def value(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass
class Preview:
    kind: str
    rows: list[RowResult]
    columns: list[str] = field(default_factory=list)  # the importer's columns in the file
    sheet: str = ""
    header_row: int = 0
    notes: list[str] = field(default_factory=list)  # about the whole file
    # Set when `rows` is only part of the file (a stored preview of a large one).
    stored_counts: dict[str, int] | None = None
    # When several rows make one record (the lines of a voucher): the records' counts,
    # keyed as `counts` (create, update, unchanged, error, total). None otherwise.
    groups: dict[str, int] | None = None

    @property
    def complete(self) -> bool:
        return self.stored_counts is None

    @property
    def counts(self) -> dict[str, int]:
        if self.stored_counts is not None:
            return self.stored_counts
        c = Counter(r.action for r in self.rows)
        return {a: c.get(a, 0) for a in ACTIONS} | {"total": len(self.rows)}

    @property
    def has_errors(self) -> bool:
        return self.counts[ERROR] > 0

    @property
    def changes_anything(self) -> bool:
        counts = self.counts
        return bool(counts[CREATE] or counts[UPDATE])

    def errors(self) -> list[tuple[int, Issue]]:
        return [(r.row, issue) for r in self.rows for issue in r.errors]

    def to_json(self) -> dict[str, Any]:
        """For ImportBatch.preview. Every row of a small file; of a large one a sample and
        every row with a problem (see SAMPLE_ROWS)."""
        sampled = len(self.rows) > SAMPLE_ROWS
        rows = []
        issues_with_values = 0
        for i, r in enumerate(self.rows):
            with_values = i < SAMPLE_ROWS
            if not with_values:
                if not (r.errors or r.warnings):
                    continue
                issues_with_values += 1
                with_values = issues_with_values <= ISSUE_ROWS_WITH_VALUES
            rows.append(_row_json(r, with_values))
        return {
            "kind": self.kind,
            "rows": rows,
            "columns": self.columns,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "notes": self.notes,
            "counts": self.counts,
            "sampled": sampled or not self.complete,
            **({"groups": self.groups} if self.groups is not None else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Preview:
        rows = [
            RowResult(
                row=r["row"],
                values=r.get("values", {}),
                action=r["action"],
                key=r.get("key", ""),
                changes=r.get("changes", {}),
                errors=[Issue(**i) for i in r.get("errors", [])],
                warnings=[Issue(**i) for i in r.get("warnings", [])],
            )
            for r in data.get("rows", [])
        ]
        return cls(
            kind=data.get("kind", ""),  # empty while a job checks the file, or if it failed
            rows=rows,
            columns=data.get("columns", []),
            sheet=data.get("sheet", ""),
            header_row=data.get("header_row", 0),
            notes=data.get("notes", []),
            stored_counts=data.get("counts") if data.get("sampled") else None,
            groups=data.get("groups"),
        )


def _row_json(r: RowResult, with_values: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"row": r.row, "action": r.action, "key": r.key}
    if with_values:
        out["values"] = r.values
        out["changes"] = r.changes
    out["errors"] = [{"column": i.column, "message": i.message} for i in r.errors]
    out["warnings"] = [{"column": i.column, "message": i.message} for i in r.warnings]
    return out


class ImportRefused(Exception):
    """Commit found errors (again): nothing was written. `preview` says which rows."""

    def __init__(self, preview: Preview):
        super().__init__(
            _("Nothing was imported: %(n)s rows have errors.") % {"n": _count(preview)}
        )
        self.preview = preview


def _count(preview: Preview) -> int:
    return preview.counts[ERROR]


class Importer:
    kind: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]
    # Columns whose values only viewers with the sensitive-data right see in full.
    sensitive_columns: ClassVar[dict[str, Callable[[str], str]]] = {}

    def __init__(self, progress: ProgressFn | None = None):
        self.progress: ProgressFn = progress or _no_progress
        # File-level messages validate() adds (groups to be created, ...).
        self.notes: list[str] = []
        self.filename = ""
        self.batch_id: int | None = None  # the ImportBatch being committed, if any
        self.file_sha256 = ""  # of the file being committed, when it is known
        # True while commit_rows() checks and writes: validate() may start writing (it
        # is inside the transaction, and nothing is kept if any row has an error).
        self.committing = False
        self._results: list[RowResult] | None = None
        # Set by validate() of an importer whose records span several rows (vouchers):
        # the counts of the records, as Preview.groups.
        self.groups: dict[str, int] | None = None

    # -- reading ---------------------------------------------------------------------
    def read(self, data: bytes, filename: str) -> Table:
        return read_table(data, filename, self.columns)

    def read_rows(self, data: bytes, filename: str) -> Table:
        """The file's table; ImportFileError when it cannot be read or has no rows."""
        with gc_paused():
            table = self.read(data, filename)
        if not table.rows:
            raise ImportFileError(
                _("There are no rows below the header (row %(row)s).") % {"row": table.header_row}
            )
        return table

    def preview_file(self, data: bytes, filename: str, org) -> tuple[Table, Preview]:
        """Read and preview an uploaded file; ImportFileError when it cannot be read."""
        table = self.read_rows(data, filename)
        return table, self.preview_table(table, org)

    def preview_table(self, table: Table, org) -> Preview:
        preview = self.preview(table.rows, org)
        self._describe(preview, table)
        return preview

    @staticmethod
    def _describe(preview: Preview, table: Table) -> None:
        preview.sheet, preview.header_row = table.sheet, table.header_row
        preview.notes = [*table.notes, *preview.notes]

    # -- checking --------------------------------------------------------------------
    def preview(self, rows: list[Row], org) -> Preview:
        """What committing `rows` in `org` (None: the whole platform) would do, per row."""
        with gc_paused():
            return self._preview(rows, org)

    def _preview(self, rows: list[Row], org) -> Preview:
        self.notes = []
        self.groups = None
        # Kept for commit_rows(), which must answer with the rows even when a write
        # that validate() began fails.
        results = self._results = [RowResult(row=r.number, values=r.values) for r in rows]
        for result, row in zip(results, rows, strict=True):
            if row.notes or row.errors:
                for column, message in row.notes:
                    result.warn(column, message)
                for column, message in row.errors:
                    result.error(column, message)
        self._check_basic(results)
        self.validate(results, org)
        return self._preview_of(results)

    def _preview_of(self, results: list[RowResult]) -> Preview:
        for result in results:
            if result.errors:
                result.action = ERROR
        columns = sorted(set().union(*(r.values for r in results)), key=self._column_order)
        return Preview(
            kind=self.kind,
            rows=results,
            columns=columns,
            notes=list(self.notes),
            groups=dict(self.groups) if self.groups is not None else None,
        )

    def _column_order(self, name: str) -> int:
        names = [c.name for c in self.columns]
        return names.index(name) if name in names else len(names)

    def _check_basic(self, results: list[RowResult]) -> None:
        """Required columns filled in, lengths within their limits: column by column,
        each looked at row by row only when it has a problem somewhere (or some row
        lacks it)."""
        values = [r.values for r in results]

        def filled(name: str) -> bool:
            try:
                return all(map(itemgetter(name), values))
            except KeyError:  # a row without the column
                return False

        def within(name: str, limit: int) -> bool:
            try:
                return max(map(len, map(itemgetter(name), values)), default=0) <= limit
            except (KeyError, TypeError):  # a row without the column, a value that is None
                return False

        for column in self.columns:
            name = column.name
            if column.required and not filled(name):
                for r in results:
                    if not r.values.get(name):
                        r.error(name, _("This column must be filled in."))
        for column in self.columns:
            name, limit = column.name, column.max_length
            if limit and not within(name, limit):
                for r in results:
                    value = r.values.get(name)
                    if value and len(value) > limit:
                        r.error(
                            name,
                            _("At most %(max)s characters (this has %(n)s).")
                            % {"max": limit, "n": len(value)},
                        )

    def validate(self, results: list[RowResult], org) -> None:
        """Set action, key, changes, errors and warnings of every row."""
        raise NotImplementedError

    # -- writing ---------------------------------------------------------------------
    def apply(self, preview: Preview, org) -> None:
        """Write the create and update rows of an error-free preview."""
        raise NotImplementedError

    def commit(self, preview: Preview, org, *, batch=None, filename: str = "") -> Preview:
        """Validate the rows of `preview` again and write them all, or raise ImportRefused
        having written nothing. Returns the fresh preview: what was done, per row."""
        if not preview.complete:
            raise ValueError("a sampled preview cannot be committed; commit the file")
        rows = [Row(number=r.row, values=r.values) for r in preview.rows]
        return self.commit_rows(rows, org, like=preview, batch=batch, filename=filename)

    def commit_file(self, data: bytes, filename: str, org, *, batch=None) -> Preview:
        """Read the file and commit its rows (validated once, inside the transaction)."""
        table = self.read_rows(data, filename)
        return self.commit_rows(table.rows, org, table=table, batch=batch, filename=filename)

    def commit_rows(
        self,
        rows: list[Row],
        org,
        *,
        table: Table | None = None,
        like: Preview | None = None,
        batch=None,
        filename: str = "",
    ) -> Preview:
        self.filename = filename
        self.batch_id = getattr(batch, "pk", None)
        self.file_sha256 = table.sha256 if table is not None else ""
        self._results = None
        fresh: Preview | None = None
        try:
            with gc_paused(), transaction.atomic():
                self.committing = True
                try:
                    fresh = self.preview(rows, org)
                finally:
                    self.committing = False
                if table is not None:
                    self._describe(fresh, table)
                elif like is not None:
                    fresh.sheet, fresh.header_row = like.sheet, like.header_row
                    fresh.notes = like.notes
                if fresh.has_errors:
                    raise ImportRefused(fresh)
                self.apply(fresh, org)
                if fresh.changes_anything:
                    counts = fresh.counts
                    record(
                        "imports.batch.committed",
                        obj=batch,
                        org=org,
                        changes={
                            "kind": self.kind,
                            "file": filename,
                            "created": counts[CREATE],
                            "updated": counts[UPDATE],
                            "unchanged": counts[UNCHANGED],
                            **({"sha256": self.file_sha256} if self.file_sha256 else {}),
                        },
                        note=filename,
                    )
        except IntegrityError as exc:
            if fresh is None:  # from a write validate() began
                if self._results is None:
                    raise
                fresh = self._preview_of(self._results)
                if table is not None:
                    self._describe(fresh, table)
            # Someone else saved the same record between our check and our write.
            raise ImportRefused(
                self._whole_file_error(
                    fresh,
                    _("The data changed while importing. Preview the file again and retry."),
                )
            ) from exc
        finally:
            self._results = None
        return fresh

    @staticmethod
    def _whole_file_error(preview: Preview, message: str) -> Preview:
        for r in preview.rows:
            if r.action in (CREATE, UPDATE):
                r.error("", message)
                r.action = ERROR
                break
        return preview
