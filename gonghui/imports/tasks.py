"""Background jobs of large imports (huey): preview and commit, with their progress.

The worker (`python manage.py run_huey`, started by `make run`) runs them in the scope of
the batch's organisation and as the user who uploaded it, source "job" in the audit log.
Under GONGHUI_TESTING huey is immediate: a job runs inline when it is enqueued.

Progress reaches the batch page by two ways: the checking of a preview writes
progress_done to the batch as it goes; the commit cannot (its transaction holds the
rows it writes, and on SQLite the whole database, until it ends), so both also put the
figures in huey's result store, which lives outside the database (Redis, or its own
SQLite file), where `progress()` reads them.
"""

from __future__ import annotations

import logging

from django.db import connection
from django.utils.translation import gettext as _
from huey.contrib.djhuey import HUEY, db_task

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped

from . import services
from .base import CHECKING, ImportRefused
from .models import ImportBatch

log = logging.getLogger(__name__)


def _key(batch_id: int) -> str:
    return f"gonghui:import-progress:{batch_id}"


def progress(batch: ImportBatch) -> tuple[str, int, int]:
    """(stage, done, total) of a running batch: the job's latest report, else the batch's."""
    if batch.is_running:
        reported = HUEY.get(_key(batch.pk), peek=True)
        if reported:
            return tuple(reported)
    return CHECKING, batch.progress_done, batch.progress_total


class _Reporter:
    """The progress callback of a job: every report to the store, and to the batch row
    when that can be seen at once (not inside the commit's transaction)."""

    def __init__(self, batch: ImportBatch):
        self.batch = batch

    def __call__(self, stage: str, done: int, total: int) -> None:
        HUEY.put(_key(self.batch.pk), (stage, done, total))
        if not connection.in_atomic_block:
            ImportBatch._base_manager.filter(pk=self.batch.pk).update(
                progress_done=done, progress_total=total
            )


def _load(batch_id: int, status: str, user_id: int | None):
    """The batch, if it is still waiting for this job, and the user the job acts for."""
    from django.contrib.auth import get_user_model

    with unscoped():
        batch = ImportBatch._base_manager.select_related("org").get(pk=batch_id)
        user = get_user_model()._base_manager.filter(pk=user_id).first() if user_id else None
    if batch.status != status:
        log.warning("import %s is %s, not %s: job skipped", batch_id, batch.status, status)
        return None, None
    return batch, user


def _fail(batch: ImportBatch, message: str) -> None:
    ImportBatch._base_manager.filter(pk=batch.pk).update(
        status=ImportBatch.Status.FAILED, message=message
    )


@db_task()
def preview_batch(batch_id: int, user_id: int | None) -> None:
    """Check an uploaded file that is too large to check within the request."""
    batch, user = _load(batch_id, ImportBatch.Status.PREVIEWING, user_id)
    if batch is None:
        return
    try:
        with scope(batch.org), acting(user, source="job"):
            services.run_preview(batch, _Reporter(batch))
    except Exception:
        log.exception("import %s: preview failed", batch_id)
        _fail(batch, _("Checking the file failed. Upload it again, or ask for help."))
    finally:
        HUEY.get(_key(batch_id))  # reading without peek removes it


@db_task()
def commit_batch(batch_id: int, user_id: int | None) -> None:
    """Import a large file, all rows or none, as the user who asked for it."""
    batch, user = _load(batch_id, ImportBatch.Status.COMMITTING, user_id)
    if batch is None:
        return
    try:
        with scope(batch.org), acting(user, source="job"):
            services.run_commit(
                batch, expected=ImportBatch.Status.COMMITTING, progress=_Reporter(batch)
            )
    except ImportRefused:
        pass  # the batch is back to PREVIEWED, with the errors found
    except services.BatchError as exc:
        _fail(batch, str(exc))
    except Exception:
        log.exception("import %s: commit failed", batch_id)
        _fail(batch, _("The import failed and nothing was written. Try again, or ask for help."))
    finally:
        HUEY.get(_key(batch_id))
