"""What every import shares: a preview of each row, then all rows written or none.

An importer declares its columns and implements two steps:

- `validate(results, org)`: look at every row (and the database) and decide per row
  create / update / unchanged, or record errors and warnings with their column;
- `apply(preview, org)`: write the rows of a preview without errors.

The base runs `commit` as one transaction that validates again first, because the
database may have changed between preview and commit: nothing is written unless every
row is still valid. Importing the same file twice finds every row unchanged and writes
nothing, not even an audit entry.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
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
}


def importer_for(kind: str) -> Importer:
    return import_string(IMPORTERS[kind])()


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

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(r.action for r in self.rows)
        return {a: c.get(a, 0) for a in ACTIONS} | {"total": len(self.rows)}

    @property
    def has_errors(self) -> bool:
        return any(r.errors for r in self.rows)

    @property
    def changes_anything(self) -> bool:
        return any(r.action in (CREATE, UPDATE) for r in self.rows)

    def errors(self) -> list[tuple[int, Issue]]:
        return [(r.row, issue) for r in self.rows for issue in r.errors]

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"counts": self.counts}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Preview:
        rows = [
            RowResult(
                row=r["row"],
                values=r["values"],
                action=r["action"],
                key=r.get("key", ""),
                changes=r.get("changes", {}),
                errors=[Issue(**i) for i in r.get("errors", [])],
                warnings=[Issue(**i) for i in r.get("warnings", [])],
            )
            for r in data.get("rows", [])
        ]
        return cls(
            kind=data["kind"],
            rows=rows,
            columns=data.get("columns", []),
            sheet=data.get("sheet", ""),
            header_row=data.get("header_row", 0),
            notes=data.get("notes", []),
        )


class ImportRefused(Exception):
    """Commit found errors (again): nothing was written. `preview` says which rows."""

    def __init__(self, preview: Preview):
        super().__init__(
            _("Nothing was imported: %(n)s rows have errors.") % {"n": _count(preview)}
        )
        self.preview = preview


def _count(preview: Preview) -> int:
    return sum(1 for r in preview.rows if r.errors)


class Importer:
    kind: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]

    # -- reading ---------------------------------------------------------------------
    def read(self, data: bytes, filename: str) -> Table:
        return read_table(data, filename, self.columns)

    def preview_file(self, data: bytes, filename: str, org) -> tuple[Table, Preview]:
        """Read and preview an uploaded file; ImportFileError when it cannot be read."""
        table = self.read(data, filename)
        if not table.rows:
            raise ImportFileError(
                _("There are no rows below the header (row %(row)s).") % {"row": table.header_row}
            )
        preview = self.preview(table.rows, org)
        preview.sheet, preview.header_row = table.sheet, table.header_row
        preview.notes = list(table.notes)
        return table, preview

    # -- checking --------------------------------------------------------------------
    def preview(self, rows: list[Row], org) -> Preview:
        """What committing `rows` in `org` (None: the whole platform) would do, per row."""
        results = [RowResult(row=r.number, values=dict(r.values)) for r in rows]
        for result, row in zip(results, rows, strict=True):
            for column, message in row.notes:
                result.warn(column, message)
            self._check_basic(result)
        self.validate(results, org)
        for result in results:
            if result.errors:
                result.action = ERROR
        columns = sorted({c for r in rows for c in r.values}, key=self._column_order)
        return Preview(kind=self.kind, rows=results, columns=columns)

    def _column_order(self, name: str) -> int:
        names = [c.name for c in self.columns]
        return names.index(name) if name in names else len(names)

    def _check_basic(self, result: RowResult) -> None:
        for column in self.columns:
            value = result.values.get(column.name)
            if column.required and not value:
                result.error(column.name, _("This column must be filled in."))
            elif value and column.max_length and len(value) > column.max_length:
                result.error(
                    column.name,
                    _("At most %(max)s characters (this has %(n)s).")
                    % {"max": column.max_length, "n": len(value)},
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
        rows = [Row(number=r.row, values=r.values) for r in preview.rows]
        fresh: Preview | None = None
        try:
            with transaction.atomic():
                fresh = self.preview(rows, org)
                fresh.columns, fresh.sheet, fresh.header_row, fresh.notes = (
                    preview.columns,
                    preview.sheet,
                    preview.header_row,
                    preview.notes,
                )
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
                        },
                        note=filename,
                    )
        except IntegrityError as exc:
            if fresh is None:
                raise
            # Someone else saved the same record between our check and our write.
            raise ImportRefused(
                self._whole_file_error(
                    fresh,
                    _("The data changed while importing. Preview the file again and retry."),
                )
            ) from exc
        return fresh

    @staticmethod
    def _whole_file_error(preview: Preview, message: str) -> Preview:
        for r in preview.rows:
            if r.action in (CREATE, UPDATE):
                r.error("", message)
                r.action = ERROR
                break
        return preview
