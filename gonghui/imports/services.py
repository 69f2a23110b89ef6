"""The life of an import batch: upload and preview, then commit or cancel.

A file with more rows than settings.IMPORT_BACKGROUND_ROWS is checked and imported by a
background job (gonghui.imports.tasks): the batch is PREVIEWING or COMMITTING meanwhile
and its page shows how far the job is. Smaller files are handled within the request.
Either way the commit reads the stored upload again and checks every row once more
inside its transaction.
"""

from __future__ import annotations

import os
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.context import current_actor
from gonghui.core.errors import DomainError

from . import guard, selectors, tasks
from .base import ImportRefused, Preview, ProgressFn, importer_for
from .models import ImportBatch
from .report import error_report
from .tabular import ImportFileError, inspect

# What the upload accepts; the content decides in the end (tabular.read_table).
EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt")
# Permission needed to import, and so to see and act on a batch, of each kind.
KIND_PERMISSIONS = {
    ImportBatch.Kind.ORGS: "orgs.import:run",
    ImportBatch.Kind.MEMBERS: "members.import:run",
    # Imported vouchers are posted at once (finance.services_import): whoever may post.
    ImportBatch.Kind.VOUCHERS: "finance.voucher:post",
}


class BatchError(DomainError):
    """An action on a batch was refused; the message is for the user."""


def kinds_for(access) -> list[str]:
    """The kinds of import `access` may run."""
    return [kind for kind, perm in KIND_PERMISSIONS.items() if access.has(perm)]


def batch_create(*, org, user, kind: str, upload) -> ImportBatch:
    """Read the uploaded file, preview it and keep both; a large file is previewed by a
    background job instead. ImportFileError when the file cannot be read; nothing is
    stored then."""
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(mb)s MB.")
            % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    name = os.path.basename(upload.name or "")
    ext = os.path.splitext(name)[1].lower()
    if ext not in EXTENSIONS:
        raise ImportFileError(
            _("Upload an Excel (.xlsx, .xls) or CSV file; %(name)s is neither.") % {"name": name}
        )
    data = upload.read()
    importer = importer_for(kind)
    # The guard tells, without parsing, whether the file is within the limits and how
    # large it is: a large one is parsed by the background worker, under its memory cap,
    # never in the web process.
    report = inspect(data)
    background = _needs_worker(report)
    table = None if background else importer.read_rows(data, name)
    batch = ImportBatch(
        org=org,
        kind=kind,
        original_name=name[:255],
        created_by=user if getattr(user, "is_authenticated", False) else None,
        progress_total=len(table.rows)
        if table is not None
        else max(report.rows - 1, 0)
        if report is not None
        else 0,
    )
    if background:
        batch.status = ImportBatch.Status.PREVIEWING
        batch.heartbeat_at = timezone.now()
    else:
        _store_preview(batch, importer.preview_table(table, org))
    # A name of our own: the original may be long, odd or reveal more than it should.
    batch.file.save(f"{uuid.uuid4().hex}{ext}", ContentFile(data), save=False)
    batch.save()
    if background:
        tasks.preview_batch(batch.pk, batch.created_by_id)
        batch.refresh_from_db()
    return batch


# Beyond these a file is parsed by the background worker even when it has few rows:
# a few thousand rows unpack to a few MB of XML, and calamine allocates rows × columns.
WEB_UNPACKED_BYTES = 32 * 1024 * 1024
WEB_CELLS = 1_000_000


def _needs_worker(report) -> bool:
    if report is None:  # an old .xls: nothing tells its size before calamine reads it
        return True
    if not report.sheets:  # an .ods: its rows are not counted by the guard
        return True
    return (
        report.rows > settings.IMPORT_BACKGROUND_ROWS
        or report.unpacked > WEB_UNPACKED_BYTES
        or sum(guard.area(s) for s in report.sheets) > WEB_CELLS
    )


def _store_preview(batch: ImportBatch, preview: Preview) -> None:
    batch.preview = preview.to_json()
    batch.counts = preview.counts
    batch.progress_done = batch.progress_total = preview.counts["total"]


def batch_preview(batch: ImportBatch) -> Preview:
    """The whole stored preview (the error report needs every row with an error)."""
    if "preview" in batch.get_deferred_fields():
        # Read alone: loading a deferred field would build a second audited instance.
        data = ImportBatch._base_manager.values_list("preview", flat=True).get(pk=batch.pk)
        return Preview.from_json(data)
    return Preview.from_json(batch.preview)


def stored_counts(batch: ImportBatch) -> Preview:
    """A preview of the batch's counts only (for a message), without loading its rows."""
    return Preview(kind=batch.kind, rows=[], stored_counts=batch.counts)


def _upload(batch: ImportBatch) -> bytes:
    if not batch.file:
        raise BatchError(_("The uploaded file is no longer kept."))
    with batch.file.open("rb") as fh:
        return fh.read()


def run_preview(batch: ImportBatch, progress: ProgressFn | None = None) -> None:
    """Check a stored upload (the background job's half of batch_create)."""
    importer = importer_for(batch.kind, progress)
    try:
        _table, preview = importer.preview_file(_upload(batch), batch.original_name, batch.org)
    except (ImportFileError, BatchError) as exc:
        batch.status, batch.message = ImportBatch.Status.FAILED, str(exc)
    else:
        batch.status, batch.message = ImportBatch.Status.PREVIEWED, ""
        _store_preview(batch, preview)
    batch.save()


# A batch may be committed from these: previewed, or interrupted while committing (the
# interrupted commit wrote nothing: its transaction died with its worker).
COMMITTABLE = (ImportBatch.Status.PREVIEWED, ImportBatch.Status.INTERRUPTED)


def batch_commit(*, batch: ImportBatch) -> Preview | None:
    """Write the batch's rows, all or none. Raises ImportRefused (nothing written, the
    batch's preview updated with the errors found now) or BatchError. A large batch is
    handed to a background job: None is returned and the batch is COMMITTING."""
    batch_check_job(batch=batch)
    if batch.status == ImportBatch.Status.INTERRUPTED and not batch.counts:
        raise BatchError(_("This file was never checked completely: check it again first."))
    if batch.counts.get("total", 0) > settings.IMPORT_BACKGROUND_ROWS:
        with transaction.atomic():
            locked = _lock(batch, *COMMITTABLE)
            locked.status = ImportBatch.Status.COMMITTING
            locked.progress_done = 0
            locked.message = ""
            locked.heartbeat_at = timezone.now()
            locked.save()
        tasks.commit_batch(batch.pk, _acting_user_id())
        batch.refresh_from_db()
        return None
    return run_commit(batch, expected=COMMITTABLE)


def batch_retry(*, batch: ImportBatch) -> Preview | None:
    """Start the job of an interrupted batch again: the check of its file, or its
    commit (all or nothing, as ever). BatchError when the batch is not interrupted."""
    batch_check_job(batch=batch)
    if batch.status != ImportBatch.Status.INTERRUPTED:
        raise BatchError(
            _("This import is %(status)s, not interrupted: there is nothing to retry.")
            % {"status": batch.get_status_display()}
        )
    if batch.counts:
        return batch_commit(batch=batch)
    with transaction.atomic():
        locked = _lock(batch, ImportBatch.Status.INTERRUPTED)
        if not locked.file:
            raise BatchError(_("The uploaded file is no longer kept."))
        locked.status = ImportBatch.Status.PREVIEWING
        locked.progress_done = 0
        locked.message = ""
        locked.heartbeat_at = timezone.now()
        locked.save()
    tasks.preview_batch(batch.pk, _acting_user_id())
    batch.refresh_from_db()
    return None


def batch_is_stale(batch: ImportBatch) -> bool:
    """Whether a running batch's job has shown no sign of life for
    IMPORT_JOB_STALE_MINUTES (a job reports at least every 1,000 rows)."""
    if not batch.is_running:
        return False
    seen = [t for t in (batch.heartbeat_at, tasks.last_seen(batch), batch.created_at) if t]
    limit = timedelta(minutes=settings.IMPORT_JOB_STALE_MINUTES)
    return timezone.now() - max(seen) > limit


def batch_check_job(*, batch: ImportBatch) -> bool:
    """Mark `batch` interrupted if its job died; True when it did now.

    A job counts as dead when it has not reported for IMPORT_JOB_STALE_MINUTES and,
    on PostgreSQL, nothing holds the batch's row: a commit job keeps it locked for its
    whole transaction, and the lock goes when its connection does (kill -9 included),
    so a slow but living commit is never taken for dead.
    """
    if not batch_is_stale(batch):
        return False
    nowait = connection.features.has_select_for_update_nowait
    try:
        with transaction.atomic():
            locked = ImportBatch.objects.select_for_update(nowait=nowait).get(pk=batch.pk)
            if not batch_is_stale(locked):
                return False
            was = locked.status
            locked.status = ImportBatch.Status.INTERRUPTED
            locked.message = (
                _(
                    "Checking the file was interrupted (the background worker stopped). Start it again, or cancel the import."
                )
                if was == ImportBatch.Status.PREVIEWING
                else _(
                    "The import was interrupted (the background worker stopped) and nothing was written. Start it again, or cancel the import."
                )
            )
            locked.save()
    except OperationalError:  # the row is locked: the job is alive
        return False
    batch.refresh_from_db()
    return True


def run_commit(
    batch: ImportBatch, *, expected: str | tuple[str, ...], progress: ProgressFn | None = None
) -> Preview:
    """The commit itself: the stored upload read again, checked and written in one
    transaction that also marks the batch imported."""
    importer = importer_for(batch.kind, progress)
    try:
        with transaction.atomic():
            locked = _lock(batch, *(expected if isinstance(expected, tuple) else (expected,)))
            done = importer.commit_file(
                _upload(locked), locked.original_name, locked.org, batch=locked
            )
            locked.status = ImportBatch.Status.COMMITTED
            locked.committed_at = timezone.now()
            _store_preview(locked, done)
            locked.save()
    except ImportRefused as exc:
        # The preview the user looks at must show why: keep the errors found now.
        batch.refresh_from_db()
        batch.status = ImportBatch.Status.PREVIEWED
        _store_preview(batch, exc.preview)
        batch.save()
        raise
    except ImportFileError as exc:
        raise BatchError(str(exc)) from exc
    batch.refresh_from_db()
    return done


def _acting_user_id() -> int | None:
    return getattr(current_actor().user, "pk", None)


def _lock(batch: ImportBatch, *expected: str) -> ImportBatch:
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status not in expected:
        raise BatchError(
            _("This import is %(status)s and can no longer be changed.")
            % {"status": locked.get_status_display()}
        )
    return locked


def batch_cancel(*, batch: ImportBatch) -> None:
    batch_check_job(batch=batch)
    with transaction.atomic():
        locked = _lock(batch, ImportBatch.Status.PREVIEWED, ImportBatch.Status.INTERRUPTED)
        locked.status = ImportBatch.Status.CANCELLED
        # The upload may hold personal data; a cancelled import has no use for it.
        if locked.file:
            locked.file.delete(save=False)
        locked.save()
    batch.refresh_from_db()


def batch_error_report(batch: ImportBatch) -> bytes:
    """The uploaded rows with their errors, as .xlsx. BatchError when the file is gone."""
    table = importer_for(batch.kind).read(_upload(batch), batch.original_name)
    return error_report(table, batch_preview(batch))


def masked_preview(batch: ImportBatch, access) -> dict:
    """The stored preview as a viewer may see it: without the sensitive-data right, ID
    and mobile numbers are masked as in the roster."""
    data = dict(batch.preview)
    data["rows"] = row_mask(batch, access)(data.get("rows", []))
    return data


def preview_page(batch: ImportBatch, access, *, page=1, page_size=None, show="all") -> dict:
    """One page of the stored preview as `access` may see it (selectors.preview_page)."""
    return selectors.preview_page(
        batch,
        page=page,
        page_size=page_size or selectors.DEFAULT_PAGE_SIZE,
        show=show,
        mask=row_mask(batch, access),
    )


def row_mask(batch: ImportBatch, access):
    """A function masking the sensitive values of preview rows for `access`."""
    columns = importer_for(batch.kind).sensitive_columns
    if not columns or access.has("members.sensitive:read"):
        return lambda rows: rows
    return lambda rows: _masked_rows(rows, columns)


def _masked_rows(found: list[dict], columns) -> list[dict]:
    rows = []
    for row in found:
        row = dict(row)
        if "values" in row:
            row["values"] = {
                c: columns[c](v) if c in columns else v for c, v in row["values"].items()
            }
        if row.get("changes"):
            row["changes"] = {
                c: [columns[c](x) for x in pair] if c in columns else pair
                for c, pair in row["changes"].items()
            }
        rows.append(row)
    return rows
