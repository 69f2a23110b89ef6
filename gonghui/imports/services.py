"""The life of an import batch: upload and preview, then commit or cancel."""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .base import ImportRefused, Preview, importer_for
from .models import ImportBatch
from .report import error_report
from .tabular import ImportFileError

# What the upload accepts; the content decides in the end (tabular.read_table).
EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt")


class BatchError(Exception):
    """An action on a batch was refused; the message is for the user."""


def batch_create(*, org, user, kind: str, upload) -> ImportBatch:
    """Read the uploaded file, preview it and keep both. ImportFileError when the file
    cannot be read; nothing is stored then."""
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
    _table, preview = importer_for(kind).preview_file(data, name, org)
    batch = ImportBatch(
        org=org,
        kind=kind,
        original_name=name[:255],
        created_by=user if getattr(user, "is_authenticated", False) else None,
        preview=preview.to_json(),
        counts=preview.counts,
        progress_done=len(preview.rows),
        progress_total=len(preview.rows),
    )
    # A name of our own: the original may be long, odd or reveal more than it should.
    batch.file.save(f"{uuid.uuid4().hex}{ext}", ContentFile(data), save=False)
    batch.save()
    return batch


def batch_preview(batch: ImportBatch) -> Preview:
    return Preview.from_json(batch.preview)


def batch_commit(*, batch: ImportBatch) -> Preview:
    """Write the batch's rows, all or none. Raises ImportRefused (nothing written, the
    batch's preview updated with the errors found now) or BatchError."""
    importer = importer_for(batch.kind)
    try:
        with transaction.atomic():
            locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if locked.status != ImportBatch.Status.PREVIEWED:
                raise BatchError(
                    _("This import is %(status)s and can no longer be changed.")
                    % {"status": locked.get_status_display()}
                )
            done = importer.commit(
                batch_preview(locked), locked.org, batch=locked, filename=locked.original_name
            )
            locked.status = ImportBatch.Status.COMMITTED
            locked.committed_at = timezone.now()
            locked.preview = done.to_json()
            locked.counts = done.counts
            locked.save()
    except ImportRefused as exc:
        # The preview the user looks at must show why: keep the errors found now.
        batch.preview = exc.preview.to_json()
        batch.counts = exc.preview.counts
        batch.save()
        raise
    batch.refresh_from_db()
    return done


def batch_cancel(*, batch: ImportBatch) -> None:
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != ImportBatch.Status.PREVIEWED:
            raise BatchError(
                _("This import is %(status)s and can no longer be changed.")
                % {"status": locked.get_status_display()}
            )
        locked.status = ImportBatch.Status.CANCELLED
        # The upload may hold personal data; a cancelled import has no use for it.
        if locked.file:
            locked.file.delete(save=False)
        locked.save()
    batch.refresh_from_db()


def batch_error_report(batch: ImportBatch) -> bytes:
    """The uploaded rows with their errors, as .xlsx. BatchError when the file is gone."""
    if not batch.file:
        raise BatchError(_("The uploaded file is no longer kept."))
    with batch.file.open("rb") as fh:
        data = fh.read()
    table = importer_for(batch.kind).read(data, batch.original_name)
    return error_report(table, batch_preview(batch))
