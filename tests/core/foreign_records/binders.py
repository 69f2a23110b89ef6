"""The foreign union's finished binder (a small zip kept in media storage): the one
record the binders URLs take ids of."""

from __future__ import annotations

OBJECT_KWARGS = {
    "binder_job_id": ("binders.BinderJob", "org"),
}


def build(union) -> None:
    import datetime as dt

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from gonghui.binders.models import BinderJob, JobStatus

    job = BinderJob(
        org=union,
        year=timezone.localdate().year,
        status=JobStatus.DONE,
        name="台账-外区工会.zip",
        content_type="application/zip",
        total=1,
        progress=1,
        finished_at=timezone.now() - dt.timedelta(minutes=1),
    )
    job.file.save("foreign.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=False)
    job.size = 22
    job.save()
