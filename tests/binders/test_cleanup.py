"""Finished binders are not kept for ever: building the same binder again expires the older
copy, a nightly job expires those past the kept days; an expired binder's file is deleted,
the job says so in Chinese and offers to build it again. And the PDF's fixed words come
through gettext."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone, translation

from gonghui.audit.models import AuditEntry
from gonghui.binders import services, tasks
from gonghui.binders.models import BinderJob, JobStatus
from gonghui.binders.producers import Context, Doc, Part

from .conftest import YEAR, ask

pytestmark = pytest.mark.usefixtures("platform", "fast_pdf")
TEMPLATE = Path(__file__).parents[2] / "gonghui/templates/binders/document.html"


def _url(org, what=""):
    return f"/o/{org.code}/binders/{what}"


def _api(org, what=""):
    return f"/api/v1/orgs/{org.code}/binders/{what}"


def test_building_again_expires_the_older_copy_and_deletes_its_file(records, union, chair):
    first = ask(chair, union, union)
    name, storage = first.file.name, first.file.storage
    assert first.status == JobStatus.DONE and storage.exists(name)
    second = ask(chair, union, union)
    assert second.pk != first.pk and second.status == JobStatus.DONE
    first.refresh_from_db()
    assert first.status == JobStatus.EXPIRED and not first.file
    assert not storage.exists(name) and storage.exists(second.file.name)
    entries = AuditEntry.objects.filter(action="binders.binderjob.updated", object_id=str(first.pk))
    assert [e.changes["status"] for e in entries if e.changes["status"][1] == "expired"] == [
        ["done", "expired"]
    ]
    # Another year, or another person's binder, is not touched.
    other_year = ask(chair, union, union, year=YEAR - 1)
    assert other_year.status == JobStatus.DONE
    second.refresh_from_db()
    assert second.status == JobStatus.DONE


def test_the_nightly_job_expires_binders_past_the_kept_days(records, union, chair, settings):
    settings.BINDER_KEEP_DAYS = 3
    job = ask(chair, union, union)
    name, storage = job.file.name, job.file.storage
    assert services.binders_expire(now=timezone.now() + dt.timedelta(days=2)) == 0
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and storage.exists(name)
    assert services.binders_expire(now=timezone.now() + dt.timedelta(days=4)) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.EXPIRED and not storage.exists(name)
    # The periodic task runs the same cleanup (nothing left to do).
    tasks.expire_binders.call_local()
    assert BinderJob.objects.get(pk=job.pk).status == JobStatus.EXPIRED


def test_an_expired_binder_says_so_in_chinese_and_offers_to_build_it_again(
    login, records, union, chair, settings
):
    settings.BINDER_KEEP_DAYS = 1
    job = ask(chair, union, union)
    services.binders_expire(now=timezone.now() + dt.timedelta(days=2))
    c = login(chair)
    r = c.get(_url(union, f"{job.pk}/download/"))
    assert r.status_code == 302 and r["Location"] == _url(union, f"{job.pk}/")
    page = c.get(r["Location"]).content.decode()
    assert "这份台账已过期" in page and "binder-rebuild" in page and "binder-download" not in page
    listing = c.get(_url(union)).content.decode()
    assert "已过期" in listing and "重新生成" in listing
    r = c.post(_url(union), {"union": union.code, "year": job.year})
    fresh = BinderJob.objects.exclude(pk=job.pk).get()
    assert r.status_code == 302 and r["Location"] == _url(union, f"{fresh.pk}/")
    assert fresh.status == JobStatus.DONE
    assert c.get(_url(union, f"{fresh.pk}/download/")).status_code == 200


def test_the_api_says_an_expired_binder_must_be_built_again(
    token_login, records, union, chair, settings
):
    settings.BINDER_KEEP_DAYS = 1
    job = ask(chair, union, union)
    services.binders_expire(now=timezone.now() + dt.timedelta(days=2))
    c = token_login(chair)
    one = c.get(_api(union, f"{job.pk}/")).json()
    assert one["status"] == "expired" and one["status_display"] == "已过期"
    r = c.get(_api(union, f"{job.pk}/download/"))
    assert r.status_code == 400 and "已过期" in r.json()["detail"]


def test_a_missing_file_is_refused_as_expired(records, union, chair):
    from gonghui.audit.context import acting
    from gonghui.core.scoping import scope

    job = ask(chair, union, union)
    job.file.storage.delete(job.file.name)
    with scope(union), acting(user=chair), pytest.raises(services.BinderError, match="已过期"):
        services.binder_download(actor=chair, job=job)


def test_the_pdf_template_writes_no_chinese_of_its_own():
    source = re.sub(r"{#.*?#}", "", TEMPLATE.read_text())
    assert not re.search(r"[\u4e00-\u9fff]", source)


def test_the_pdf_words_come_from_the_catalogue(union):
    doc = Doc("T", [Part("空的部分")])
    ctx = Context(org=union, year=YEAR, user=None, grants=frozenset())
    with translation.override("en"):
        english = services.document_html(doc, ctx)
    assert (
        "Contents" in english and f"Year {YEAR}" in english and "No records this year." in english
    )
    with translation.override("zh-hans"):
        chinese = services.document_html(doc, ctx)
    assert "目录" in chinese and f"{YEAR}年度" in chinese and "本年度无记录。" in chinese
    assert "导出人" in chinese
