"""The background jobs of the binders (huey; inline under GONGHUI_TESTING).

The build runs in the scope of the binder's union and as the user who asked, source
"job" in the audit log; progress is written to the job row as each file is done (no
transaction holds it), which the page polls. Each night the finished binders past
rules.keep_days() are expired and their files deleted (the build itself expires the
older copies of the binder it replaces)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

log = logging.getLogger(__name__)


@db_task()
def build_binder(job_id: int) -> None:
    from . import services  # cycle: services enqueues this job

    services.binder_build(job_id=job_id)


@db_periodic_task(crontab(hour="3", minute="10"))
def expire_binders() -> None:
    from . import services

    n = services.binders_expire()
    if n:
        log.info("%s finished binders expired", n)
