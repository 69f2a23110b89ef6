"""The binder's pages: the district builds a union's binder and downloads it, a union its
own; the four persona cases; the progress partial polled by htmx; only the asker's jobs."""

from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.binders.models import BinderJob, JobStatus
from tests.factories import UnionFactory, UserFactory

from .conftest import YEAR, ask, unzip

pytestmark = pytest.mark.usefixtures("platform", "fast_pdf")


def _url(org, what=""):
    return f"/o/{org.code}/binders/{what}"


def test_the_district_builds_a_unions_binder_and_downloads_it(
    login, records, district, union, upper
):
    c = login(upper)
    page = c.get(_url(district)).content.decode()
    assert union.name in page and "组织建设" in page
    r = c.post(_url(district), {"union": union.code, "year": YEAR})
    assert r.status_code == 302
    job = BinderJob.objects.get()
    assert r["Location"] == _url(district, f"{job.pk}/")
    assert job.org == union and job.requested_by == upper and job.status == JobStatus.DONE
    detail = c.get(r["Location"]).content.decode()
    assert _url(district, f"{job.pk}/download/") in detail
    download = c.get(_url(district, f"{job.pk}/download/"))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert "attachment" in download["Content-Disposition"]
    assert "00-目录.pdf" in unzip(download.content)
    assert AuditEntry.objects.filter(action="binders.binderjob.exported", actor=upper).count() == 1


def test_a_union_builds_its_own(login, records, union, chair):
    c = login(chair)
    r = c.post(_url(union), {"union": union.code, "year": YEAR})
    assert r.status_code == 302
    assert BinderJob.objects.get().org == union


def test_a_foreign_union_is_not_offered_nor_accepted(login, records, district, upper):
    stranger = UnionFactory(name="外区工会")
    c = login(upper)
    assert stranger.name not in c.get(_url(district)).content.decode()
    r = c.post(_url(district), {"union": stranger.code, "year": YEAR})
    assert r.status_code == 200 and not BinderJob.objects.exists()


def test_the_progress_partial_polls_while_running(login, union, chair):
    job = BinderJob(org=union, year=YEAR, requested_by=chair, total=10, progress=4)
    job.save()
    body = login(chair).get(_url(union, f"{job.pk}/"), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in body and "40%" in body and "<html" not in body
    job.status = JobStatus.FAILED
    job.error = "生成失败"
    job.save()
    body = login(chair).get(_url(union, f"{job.pk}/"), HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in body and "生成失败" in body


def test_only_the_asker_sees_and_downloads_a_binder(login, records, union, chair, staff):
    job = ask(chair, union, union)
    cadre = staff("cadre", union)
    c = login(cadre)
    assert c.get(_url(union, f"{job.pk}/")).status_code == 404
    assert c.get(_url(union, f"{job.pk}/download/")).status_code == 404
    assert _url(union, f"{job.pk}/") not in c.get(_url(union)).content.decode()
    assert _url(union, f"{job.pk}/") in login(chair).get(_url(union)).content.decode()


def test_another_organisation_is_a_404(login, union, chair):
    other = UnionFactory()
    assert login(chair).get(_url(other)).status_code == 404


def test_a_role_without_the_right_is_a_403(login, union, staff):
    accountant = staff("finance", union)
    assert login(accountant).get(_url(union)).status_code == 403


def test_a_wrong_method_is_a_405(login, records, union, chair):
    c = login(chair)
    assert c.put(_url(union)).status_code == 405
    job = ask(chair, union, union)
    assert c.post(_url(union, f"{job.pk}/download/")).status_code == 405
    assert c.post(_url(union, f"{job.pk}/")).status_code == 405


def test_a_download_before_it_is_ready_is_refused_in_words(login, union, chair):
    job = BinderJob(org=union, year=YEAR, requested_by=chair, total=10)
    job.save()
    r = login(chair).get(_url(union, f"{job.pk}/download/"))
    assert r.status_code != 200 or r["Content-Type"] != "application/zip"
    assert not AuditEntry.objects.filter(action="binders.binderjob.exported").exists()


def test_a_lost_job_stops_polling_and_a_new_one_can_be_asked_for(login, records, union, chair):
    import datetime as dt

    from django.utils import timezone

    lost = BinderJob(org=union, year=YEAR, requested_by=chair, total=10, progress=3)
    lost.save()
    BinderJob._base_manager.filter(pk=lost.pk).update(
        requested_at=timezone.now() - dt.timedelta(hours=2)
    )
    c = login(chair)
    body = c.get(_url(union, f"{lost.pk}/"), HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in body and "重新生成" in body
    r = c.post(_url(union), {"union": union.code, "year": YEAR})
    assert r["Location"] != _url(union, f"{lost.pk}/")
    assert BinderJob.objects.filter(status=JobStatus.DONE).count() == 1


def test_asking_again_while_it_is_built_answers_the_same_binder(login, union, chair):
    building = BinderJob(org=union, year=YEAR, requested_by=chair, total=10, progress=3)
    building.save()
    r = login(chair).post(_url(union), {"union": union.code, "year": YEAR})
    assert r["Location"] == _url(union, f"{building.pk}/")
    assert BinderJob.objects.count() == 1


def test_the_menu_offers_binders_where_they_are_built(login, union, chair, district, upper):
    assert _url(union) in login(chair).get(f"/o/{union.code}/").content.decode()
    assert _url(district) in login(upper).get(f"/o/{district.code}/").content.decode()
    cadre = UserFactory(roles=[("cadre", union)])
    assert _url(union) in login(cadre).get(f"/o/{union.code}/").content.decode()
