"""Reading a batch's stored preview one page at a time.

The preview of a large file keeps every row with an error or a warning, and a file of
200,000 rows with errors keeps 200,000 of them: tens of MB of JSON. The pages and the API
never load it whole. `PreviewRows` is a sequence over the rows that the database slices
(PostgreSQL's jsonb_array_elements, SQLite's json_each), rows with errors first, then the
others, each in file order; Django's Paginator pages it like a queryset. The rest of the
preview (counts, columns, notes) is read without the rows.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import connection

from .base import Preview
from .models import ImportBatch

# The largest page the API gives (?page_size=); the pages show 100 rows.
MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 100

# Which rows each filter shows, as SQL over one row's JSON (`e`, `action`, `issues`).
FILTERS = ("all", "errors", "changes")


def preview_head(batch: ImportBatch) -> dict[str, Any]:
    """The stored preview without its rows."""
    table = ImportBatch._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT preview - 'rows' FROM {table} WHERE id = %s",  # noqa: S608 - model table
                [batch.pk],
            )
        elif connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT json_remove(preview, '$.rows') FROM {table} WHERE id = %s",  # noqa: S608
                [batch.pk],
            )
        else:  # pragma: no cover - the project runs on PostgreSQL or SQLite
            data = dict(ImportBatch._base_manager.get(pk=batch.pk).preview)
            data.pop("rows", None)
            return data
        found = cursor.fetchone()
    value = found[0] if found else None
    if isinstance(value, str):
        value = json.loads(value)
    return value or {}


class PreviewRows:
    """The stored rows of `batch` under a filter, errors first, sliced by the database."""

    def __init__(self, batch: ImportBatch, show: str = "all"):
        self.batch = batch
        self.show = show if show in FILTERS else "all"
        self._count: int | None = None

    def _sql(self) -> tuple[str, str, str]:
        """(FROM clause, WHERE condition, ORDER BY) for this database."""
        table = ImportBatch._meta.db_table
        if connection.vendor == "postgresql":
            source = (
                f"{table} AS b CROSS JOIN LATERAL "  # noqa: S608 - model table
                "jsonb_array_elements(b.preview->'rows') WITH ORDINALITY AS t(e, n)"
            )
            action, value, position = "t.e->>'action'", "t.e", "t.n"
            issues = (
                "(jsonb_array_length(COALESCE(t.e->'errors', '[]'::jsonb)) > 0"
                " OR jsonb_array_length(COALESCE(t.e->'warnings', '[]'::jsonb)) > 0)"
            )
        else:
            source = f"{table} AS b, json_each(b.preview, '$.rows') AS t"
            action, value, position = "json_extract(t.value, '$.action')", "t.value", "t.key"
            issues = (
                "(COALESCE(json_array_length(t.value, '$.errors'), 0) > 0"
                " OR COALESCE(json_array_length(t.value, '$.warnings'), 0) > 0)"
            )
        where = {
            "all": "TRUE" if connection.vendor == "postgresql" else "1",
            "errors": issues,
            "changes": f"{action} IN ('create', 'update')",
        }[self.show]
        order = f"({action} = 'error') DESC, {position}"
        sql = f"SELECT {{}} FROM {source} WHERE b.id = %s AND {where}"  # noqa: S608 - no input
        return sql, order, value

    def count(self) -> int:
        if self._count is None:
            select, _order, _value = self._sql()
            with connection.cursor() as cursor:
                cursor.execute(select.format("COUNT(*)"), [self.batch.pk])
                self._count = cursor.fetchone()[0]
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start = index.start or 0
        stop = self.count() if index.stop is None else index.stop
        if stop <= start:
            return []
        select, order, value = self._sql()
        with connection.cursor() as cursor:
            cursor.execute(
                select.format(value) + f" ORDER BY {order} LIMIT %s OFFSET %s",
                [self.batch.pk, stop - start, start],
            )
            found = [v if isinstance(v, dict) else json.loads(v) for (v,) in cursor.fetchall()]
        return found


def preview_page(
    batch: ImportBatch,
    *,
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
    show: str = "all",
    mask=None,
) -> dict[str, Any]:
    """The preview as stored (kind, rows, columns, sheet, header_row, notes, counts,
    sampled) with `rows` one page of it, and the paging: page, pages, page_size,
    rows_total (rows under the filter), show. `mask(rows)` hides what the viewer may not
    see."""
    page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    rows = PreviewRows(batch, show)
    total = rows.count()
    pages = max(1, -(-total // page_size))
    page = max(1, min(int(page), pages))
    data = preview_head(batch)
    found = rows[(page - 1) * page_size : page * page_size]
    data["rows"] = mask(found) if mask is not None else found
    data.update(page=page, pages=pages, page_size=page_size, rows_total=total, show=rows.show)
    return data


def page_preview(batch: ImportBatch, rows: list[dict]) -> Preview:
    """A Preview of the head and some rows (what a page shows)."""
    head = preview_head(batch)
    return Preview.from_json({**head, "rows": rows})
