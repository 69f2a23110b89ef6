"""The background job that builds a binder (huey; inline under GONGHUI_TESTING).

It runs in the scope of the binder's union and as the user who asked, source "job" in
the audit log; progress is written to the job row as each file is done (no transaction
holds it), which the page polls."""

from __future__ import annotations

import logging

from huey.contrib.djhuey import db_task

log = logging.getLogger(__name__)


@db_task()
def build_binder(job_id: int) -> None:
    from . import services  # cycle: services enqueues this job

    services.binder_build(job_id=job_id)
