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

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.context import current_actor

from .base import ImportRefused, Preview, ProgressFn, importer_for
from .models import ImportBatch
from .report import error_report
from .tabular import ImportFileError

# What the upload accepts; the content decides in the end (tabular.read_table).
EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt")
# Permission needed to import, and so to see and act on a batch, of each kind.
KIND_PERMISSIONS = {
    ImportBatch.Kind.ORGS: "orgs.import:run",
    ImportBatch.Kind.MEMBERS: "members.import:run",
}


class BatchError(Exception):
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
    # Reading is quick; it tells whether the file is usable, and how large it is.
    table = importer.read_rows(data, name)
    background = len(table.rows) > settings.IMPORT_BACKGROUND_ROWS
    batch = ImportBatch(
        org=org,
        kind=kind,
        original_name=name[:255],
        created_by=user if getattr(user, "is_authenticated", False) else None,
        progress_total=len(table.rows),
    )
    if background:
        batch.status = ImportBatch.Status.PREVIEWING
    else:
        _store_preview(batch, importer.preview_table(table, org))
    # A name of our own: the original may be long, odd or reveal more than it should.
    batch.file.save(f"{uuid.uuid4().hex}{ext}", ContentFile(data), save=False)
    batch.save()
    if background:
        from .tasks import preview_batch

        preview_batch(batch.pk, batch.created_by_id)
        batch.refresh_from_db()
    return batch


def _store_preview(batch: ImportBatch, preview: Preview) -> None:
    batch.preview = preview.to_json()
    batch.counts = preview.counts
    batch.progress_done = batch.progress_total = preview.counts["total"]


def batch_preview(batch: ImportBatch) -> Preview:
    return Preview.from_json(batch.preview)


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


def batch_commit(*, batch: ImportBatch) -> Preview | None:
    """Write the batch's rows, all or none. Raises ImportRefused (nothing written, the
    batch's preview updated with the errors found now) or BatchError. A large batch is
    handed to a background job: None is returned and the batch is COMMITTING."""
    if batch.counts.get("total", 0) > settings.IMPORT_BACKGROUND_ROWS:
        with transaction.atomic():
            locked = _lock(batch, ImportBatch.Status.PREVIEWED)
            locked.status = ImportBatch.Status.COMMITTING
            locked.progress_done = 0
            locked.save()
        from .tasks import commit_batch

        commit_batch(batch.pk, _acting_user_id())
        batch.refresh_from_db()
        return None
    return run_commit(batch, expected=ImportBatch.Status.PREVIEWED)


def run_commit(batch: ImportBatch, *, expected: str, progress: ProgressFn | None = None) -> Preview:
    """The commit itself: the stored upload read again, checked and written in one
    transaction that also marks the batch imported."""
    importer = importer_for(batch.kind, progress)
    try:
        with transaction.atomic():
            locked = _lock(batch, expected)
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


def _lock(batch: ImportBatch, expected: str) -> ImportBatch:
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != expected:
        raise BatchError(
            _("This import is %(status)s and can no longer be changed.")
            % {"status": locked.get_status_display()}
        )
    return locked


def batch_cancel(*, batch: ImportBatch) -> None:
    with transaction.atomic():
        locked = _lock(batch, ImportBatch.Status.PREVIEWED)
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
    columns = importer_for(batch.kind).sensitive_columns
    if not columns or access.has("members.sensitive:read"):
        return batch.preview
    data = dict(batch.preview)
    rows = []
    for row in data.get("rows", []):
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
    data["rows"] = rows
    return data
