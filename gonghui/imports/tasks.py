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

import datetime as dt
import logging
import resource
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from huey.contrib.djhuey import HUEY, db_task

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped

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
            return tuple(reported[:3])
    return CHECKING, batch.progress_done, batch.progress_total


def last_seen(batch: ImportBatch) -> dt.datetime | None:
    """When the batch's job last reported to huey's store (the commit's only channel:
    its transaction hides the batch row's heartbeat), if it did."""
    reported = HUEY.get(_key(batch.pk), peek=True)
    if reported and len(reported) > 3:
        return dt.datetime.fromtimestamp(reported[3], tz=dt.UTC)
    return None


class _Reporter:
    """The progress callback of a job: every report to the store with its time (the
    job's heartbeat), and to the batch row when that can be seen at once (not inside
    the commit's transaction)."""

    def __init__(self, batch: ImportBatch):
        self.batch = batch

    def __call__(self, stage: str, done: int, total: int) -> None:
        HUEY.put(_key(self.batch.pk), (stage, done, total, time.time()))
        if not connection.in_atomic_block:
            ImportBatch._base_manager.filter(pk=self.batch.pk).update(
                progress_done=done, progress_total=total, heartbeat_at=timezone.now()
            )


def _load(batch_id: int, status: str, user_id: int | None):
    """The batch, if it is still waiting for this job, and the user the job acts for."""
    with unscoped():
        batch = ImportBatch._base_manager.select_related("org").get(pk=batch_id)
        user = get_user_model()._base_manager.filter(pk=user_id).first() if user_id else None
    if batch.status != status:
        log.warning("import %s is %s, not %s: job skipped", batch_id, batch.status, status)
        return None, None
    _Reporter(batch)(CHECKING, batch.progress_done, batch.progress_total)  # alive
    return batch, user


def _fail(batch: ImportBatch, message: str) -> None:
    # Only a batch this job still runs: a job started twice (retried after it was taken
    # for dead while it only waited in the queue) must not undo the other's result.
    ImportBatch._base_manager.filter(
        pk=batch.pk, status__in=(ImportBatch.Status.PREVIEWING, ImportBatch.Status.COMMITTING)
    ).update(status=ImportBatch.Status.FAILED, message=message)


def _memory_message() -> str:
    return _(
        "The file needs more memory than the background worker may use (%(mb)s MB). "
        "Split the file, or delete its unused rows and columns."
    ) % {"mb": settings.IMPORT_WORKER_MEMORY_MB}


# The memory cap of the worker. huey's consumer runs its jobs in threads of one process
# (settings.HUEY, worker_type "thread"), and an address-space limit is per process, so
# it is set once for the whole consumer when it starts, and never in the web process or
# in tests (where huey is immediate and no consumer starts). A subprocess per job would
# isolate jobs from each other too, but then each job opens its own database
# connection, loads Django again and cannot run inside a test's transaction; with the
# upload guard bounding what a file may expand to, the cap is the second line: an
# allocation past it raises MemoryError in the job (caught below: the batch fails with a
# message), or aborts the process from inside calamine, after which the batch's
# heartbeat stops and it is shown as interrupted, ready to be retried or cancelled.
@HUEY.on_startup()
def cap_memory() -> None:
    limit_memory(settings.IMPORT_WORKER_MEMORY_MB)


def limit_memory(mb: int) -> None:
    """Cap this process's address space at `mb` MB (0: leave it as it is)."""
    if not mb:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft == resource.RLIM_INFINITY or soft > wanted:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


@db_task()
def preview_batch(batch_id: int, user_id: int | None) -> None:
    """Check an uploaded file that is too large to check within the request."""
    from . import services  # cycle: services enqueues this job (imports.services -> tasks)

    batch, user = _load(batch_id, ImportBatch.Status.PREVIEWING, user_id)
    if batch is None:
        return
    try:
        with scope(batch.org), acting(user, source="job"):
            services.run_preview(batch, _Reporter(batch))
    except MemoryError:
        log.exception("import %s: preview ran out of memory", batch_id)
        _fail(batch, _memory_message())
    except Exception:
        log.exception("import %s: preview failed", batch_id)
        _fail(batch, _("Checking the file failed. Upload it again, or ask for help."))
    finally:
        HUEY.get(_key(batch_id))  # reading without peek removes it


@db_task()
def commit_batch(batch_id: int, user_id: int | None) -> None:
    """Import a large file, all rows or none, as the user who asked for it."""
    from . import services  # cycle: services enqueues this job (imports.services -> tasks)

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
    except MemoryError:
        log.exception("import %s: commit ran out of memory", batch_id)
        _fail(batch, _memory_message())
    except Exception:
        log.exception("import %s: commit failed", batch_id)
        _fail(batch, _("The import failed and nothing was written. Try again, or ask for help."))
    finally:
        HUEY.get(_key(batch_id))
