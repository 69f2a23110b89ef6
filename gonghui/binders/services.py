"""The inspection binder's workflows: ask for one (`binder_request`), build it in the
background (`binder_build`), download it (`binder_download`, on the record).

The zip holds, in the order of rules.SECTIONS, one folder per section and in it the
files its producers make (binders.producers), numbered so that any unzip tool lists
them in order; first of all `00-目录.pdf`, every file in order. Every PDF opens with its
contents page (目录), each chapter's page number set by WeasyPrint.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.audit import models as audit
from gonghui.audit.context import acting
from gonghui.core.errors import DomainError
from gonghui.core.exports import render_pdf
from gonghui.core.scoping import scope, unscoped
from gonghui.funds.exports import exporter_name

from . import rules, selectors
from .models import BinderJob, JobStatus
from .producers import PRODUCERS, SENSITIVE, Context, Doc, Part, denied

log = logging.getLogger(__name__)
ZIP = "application/zip"


class BinderError(DomainError):
    pass


def _check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise BinderError(_("Enter a year, such as 2026."), field="year") from None
    if not rules.FIRST_YEAR <= year <= timezone.localdate().year:
        raise BinderError(
            _("Choose a year from %(first)s to this year.") % {"first": rules.FIRST_YEAR},
            field="year",
        )
    return year


def binder_request(*, actor, org, union_code: str, year, grants) -> BinderJob:
    """Ask for the binder of the union `union_code` (`org` itself, or a union below the
    upper union `org`) for `year`, built with the rights `grants` the asker holds here.
    The same binder still being built for the same person is answered instead of a
    second job."""
    year = _check_year(year)
    union = selectors.union_of(org, (union_code or "").strip())
    if union is None:
        raise BinderError(_("Choose a union of this organisation."), field="union")
    since = timezone.now() - dt.timedelta(minutes=rules.STALE_AFTER_MINUTES)
    running = (
        selectors.jobs_of(org, actor)
        .filter(
            org=union,
            year=year,
            status__in=(JobStatus.QUEUED, JobStatus.RUNNING),
            requested_at__gte=since,
        )
        .first()
    )
    if running is not None:
        return running
    keys = rules.producer_keys()
    with transaction.atomic():
        job = BinderJob(
            org=union,
            year=year,
            requested_by=actor,
            uploaded_by=actor,
            grants=sorted(grants),
            total=len(keys) + 1,
            name=binder_filename(union, year),
            content_type=ZIP,
        )
        job.save()
    # After the row is written: the worker reads it (inline under tests).
    from . import tasks

    tasks.build_binder(job.pk)
    job.refresh_from_db()
    return job


def binder_filename(union, year: int) -> str:
    name = "".join(c for c in union.name if c not in '/\\:*?"<>|')
    return f"台账-{name}-{year}.zip"


# -- building ------------------------------------------------------------------------


@dataclass
class Entry:
    """One file of the zip, as the contents list names it."""

    section: rules.Section
    name: str  # path inside the zip
    title: str
    kind: str  # "PDF" / "Excel"
    note: str


def _progress(job: BinderJob, done: int, total: int) -> None:
    BinderJob._base_manager.filter(pk=job.pk).update(progress=done, total=total)


def document_html(doc: Doc, ctx: Context) -> str:
    """The HTML a PDF is rendered from: its contents page, then each chapter."""
    who = exporter_name(ctx.user) if ctx.user else ""
    when = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    return render_to_string(
        "binders/document.html",
        {
            "doc": doc,
            "org_name": ctx.org.name,
            "year": ctx.year,
            "footer": _("%(org)s　Binder of %(year)s　Exported by: %(who)s　Exported at: %(when)s")
            % {"org": ctx.org.name, "year": ctx.year, "who": who, "when": when},
        },
    )


def contents_doc(entries: list[Entry], ctx: Context) -> Doc:
    """00-目录.pdf: every file of the zip in order, by section."""
    number, section = pgettext("binder", "No."), pgettext("binder", "Section")
    part = Part(
        _("List of files"),
        [
            number,
            section,
            pgettext("binder", "File"),
            pgettext("binder", "Format"),
            pgettext("binder", "Note"),
        ],
        [[str(i), e.section.title, e.name, e.kind, e.note] for i, e in enumerate(entries, 1)],
    )
    sections = Part(
        _("Sections of the binder"),
        [number, section, _("Number of files")],
        [
            [str(s.number), s.title, str(sum(1 for e in entries if e.section is s))]
            for s in rules.SECTIONS
        ],
    )
    title = _("%(org)s: union work binder of %(year)s") % {"org": ctx.org.name, "year": ctx.year}
    return Doc(title, [sections, part])


def produce(ctx: Context, on_progress=None) -> list[tuple[Entry, bytes]]:
    """Every file of the binder, in order, as (entry, content)."""
    out: list[tuple[Entry, bytes]] = []
    done = 0
    for section in rules.SECTIONS:
        index = 0
        for key in section.producers:
            producer = PRODUCERS[key]
            allowed = producer.perm is None or ctx.may(producer.perm)
            made = producer.make(ctx) if allowed else [denied(producer)]
            for item in made:
                index += 1
                name = rules.file_name(section, index, item.title, item.ext)
                if isinstance(item, Doc):
                    content = render_pdf(document_html(item, ctx))
                    empty = all(p.is_empty for p in item.parts)
                    note = item.note or (
                        _("No records this year")
                        if empty
                        else _("%(n)s parts") % {"n": len(item.parts)}
                    )
                    out.append((Entry(section, name, item.title, "PDF", note), content))
                else:
                    note = _("%(n)s rows") % {"n": item.rows}
                    out.append((Entry(section, name, item.title, "Excel", note), item.content))
            done += 1
            if on_progress:
                on_progress(done)
    return out


def zip_of(files: list[tuple[Entry, bytes]], contents: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(rules.CONTENTS_NAME, contents)
        for entry, content in files:
            zf.writestr(entry.name, content)
    return buf.getvalue()


def binder_build(*, job_id: int) -> BinderJob | None:
    """The background job: build the zip of a waiting job, as the user who asked, in the
    scope of its union; on failure the job says so in Chinese and the log has the rest.
    The binder is a Chinese document whatever the language of the page that asked."""
    with translation.override(settings.LANGUAGE_CODE):
        return _build(job_id)


def _build(job_id: int) -> BinderJob | None:
    with unscoped():
        job = BinderJob._base_manager.select_related("org").filter(pk=job_id).first()
        if job is None or job.status != JobStatus.QUEUED:
            log.warning("binder %s is not waiting: job skipped", job_id)
            return None
        user = (
            get_user_model()._base_manager.filter(pk=job.requested_by_id).first()
            if job.requested_by_id
            else None
        )
    ctx = Context(org=job.org, year=job.year, user=user, grants=frozenset(job.grants))
    total = len(rules.producer_keys()) + 1
    try:
        with scope(job.org), acting(user, source="job"):
            job.status = JobStatus.RUNNING
            job.save()
            _progress(job, 0, total)
            files = produce(ctx, on_progress=lambda done: _progress(job, done, total))
            contents = render_pdf(document_html(contents_doc([e for e, _c in files], ctx), ctx))
            data = zip_of(files, contents)
            with transaction.atomic():
                job.file.save(f"{job.token}.zip", ContentFile(data), save=False)
                job.size = len(data)
                job.status = JobStatus.DONE
                job.progress = job.total = total
                job.finished_at = timezone.now()
                job.save()
    except Exception:
        log.exception("binder %s failed", job_id)
        with scope(job.org), acting(user, source="job"):
            job.refresh_from_db()
            job.status = JobStatus.FAILED
            job.error = _("Building the binder failed. Try again, or ask for help.")
            job.finished_at = timezone.now()
            job.save()
        return job
    # Only the newest finished binder of this union, year and asker is kept. A failure
    # here leaves the new binder ready (the nightly cleanup will try again).
    try:
        with scope(job.org), acting(user, source="job"):
            for older in _superseded_by(job):
                _expire(older)
    except Exception:
        log.exception("binder %s: the older copies could not be expired", job_id)
    return job


# -- cleaning up ---------------------------------------------------------------------


def expired_message() -> str:
    return _(
        "This binder has expired: its file is deleted %(days)s days after it was built, "
        "or when a newer one is built. Build it again to download it."
    ) % {"days": rules.keep_days()}


def _superseded_by(job: BinderJob):
    """The older finished binders of the same union, year and asker as `job`."""
    return list(
        BinderJob._base_manager.filter(
            org_id=job.org_id,
            year=job.year,
            requested_by_id=job.requested_by_id,
            status=JobStatus.DONE,
        )
        .exclude(pk=job.pk)
        .filter(finished_at__lte=job.finished_at)
    )


def _expire(job: BinderJob) -> None:
    """Mark `job` expired (on the record) and delete its file. The row is saved first:
    should deleting the file fail, the binder is still refused and the log says so."""
    name, storage = job.file.name, job.file.storage
    job.status = JobStatus.EXPIRED
    job.file = ""
    job.save()
    if name:
        try:
            storage.delete(name)
        except OSError:
            log.exception("binder %s: its file %s could not be deleted", job.pk, name)


def binders_expire(*, now: dt.datetime | None = None) -> int:
    """Expire every finished binder older than rules.keep_days() or superseded by a
    newer finished one of the same union, year and asker; each in its union's scope,
    on the record as the background job. Returns how many were expired."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=rules.keep_days())
    with unscoped():
        done = list(
            BinderJob._base_manager.filter(status=JobStatus.DONE)
            .select_related("org")
            .order_by("-finished_at", "-id")
        )
    newest: set[tuple] = set()
    n = 0
    for job in done:
        key = (job.org_id, job.year, job.requested_by_id)
        superseded = key in newest
        newest.add(key)
        if superseded or (job.finished_at or job.requested_at) < cutoff:
            with scope(job.org), acting(source="job"):
                _expire(job)
            n += 1
    return n


def binder_download(*, actor, job: BinderJob) -> tuple[str, bytes]:
    """The finished zip (name, content), its download on the record."""
    if job.status == JobStatus.EXPIRED:
        raise BinderError(expired_message())
    if job.status != JobStatus.DONE or not job.file:
        raise BinderError(_("This binder is not ready yet."))
    try:
        with job.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        # Deleted from the storage by hand or by a cleanup that could not be recorded.
        log.warning("binder %s: its file is missing", job.pk)
        raise BinderError(expired_message()) from None
    # "exported": the binder leaves the system; whether full ID numbers went with it.
    audit.record(
        "binders.binderjob.exported",
        obj=job,
        changes={
            "year": [None, job.year],
            "size": [None, job.size],
            "full_ids": [None, SENSITIVE in job.grants],
        },
    )
    return job.name, content
