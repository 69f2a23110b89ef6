"""The member import pages and endpoints: upload → preview → commit, in the request or by
a background job with a progress bar."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from gonghui.audit.display import action_label
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.imports import tasks
from gonghui.imports.models import ImportBatch
from gonghui.members.idcard import mask
from gonghui.members.models import Member

from .conftest import (
    CHINESE,
    DISTRICT,
    FACTORY,
    HOSPITAL,
    MEMBER_HEADER,
    SCHOOL,
    ident,
    person,
    xlsx_bytes,
)
from .test_member_importer import totals

pytestmark = pytest.mark.django_db

UPLOAD = f"/o/{SCHOOL}/imports/members/"
GOOD = [MEMBER_HEADER, person(seq=1), person(seq=2, group="语文教研组工会小组")]
BAD = [*GOOD, ["坏行", "男", "110101199001011234", "", "", SCHOOL, ""]]


def upload(client, rows=GOOD, url=UPLOAD, name="roster.xlsx"):
    return client.post(url, {"file": SimpleUploadedFile(name, xlsx_bytes(rows))})


def last_batch() -> ImportBatch:
    with unscoped():
        return ImportBatch.objects.order_by("-pk").first()


def on_roll(*seqs) -> int:
    with unscoped():
        return Member.objects.filter(id_number__in=[ident(seq=n) for n in seqs]).count()


def test_the_roster_links_to_the_member_import(world):
    assert UPLOAD in world.client(world.chair).get(f"/o/{SCHOOL}/members/").content.decode()
    assert (
        "/imports/members/"
        not in world.client(world.leader).get(f"/o/{CHINESE}/members/").content.decode()
    )


def test_it_uploads_previews_and_commits(world):
    c = world.client(world.chair)
    page = c.get(UPLOAD).content.decode()
    assert "所属工会" in page and f"/o/{SCHOOL}/imports/members/template.xlsx" in page
    r = upload(c)
    batch = last_batch()
    assert r.status_code == 302 and r["Location"] == f"/o/{SCHOOL}/imports/{batch.pk}/"
    assert (batch.kind, batch.status, batch.counts["create"]) == ("members", "previewed", 2)
    assert on_roll(1, 2) == 0
    page = c.get(r["Location"]).content.decode()
    assert ident(seq=1) in page  # a chair may see full ID numbers
    r = c.post(f"/o/{SCHOOL}/imports/{batch.pk}/commit/")
    assert r.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "committed" and batch.committed_at
    assert on_roll(1, 2) == 2
    with unscoped():
        entry = AuditEntry.objects.filter(action="members.member.imported").latest("id")
        assert (entry.source, entry.actor) == ("web", world.chair)
        assert (entry.changes["batch"], entry.changes["file"]) == (batch.pk, "roster.xlsx")
        summary = AuditEntry.objects.get(action="imports.batch.committed", object_id=str(batch.pk))
        with batch.file.open("rb") as fh:
            assert summary.changes["sha256"] == hashlib.sha256(fh.read()).hexdigest()
        m = Member.objects.get(id_number=ident(seq=2))
    # The member's page shows the import that created it in its history.
    page = c.get(f"/o/{SCHOOL}/members/{m.pk}/").content.decode()
    # (named in words: the action code never reaches a page)
    assert action_label("members.member.imported") in page
    assert f"{entry.changes['first_id']}" in page


def test_the_same_file_twice_is_unchanged_and_writes_only_the_upload(world):
    c = world.client(world.chair)
    upload(c)
    c.post(f"/o/{SCHOOL}/imports/{last_batch().pk}/commit/")
    before = totals()
    upload(c)
    batch = last_batch()
    assert batch.counts == {"create": 0, "update": 0, "unchanged": 2, "error": 0, "total": 2}
    c.post(f"/o/{SCHOOL}/imports/{batch.pk}/commit/")
    members, events, entries = totals()
    assert (members, events) == before[:2]
    assert entries == before[2] + 1  # the upload's own entry, nothing more
    with unscoped():
        assert AuditEntry.objects.latest("id").action == "imports.importbatch.created"


def test_errors_are_shown_nothing_is_committed_and_the_report_downloads(world):
    c = world.client(world.chair)
    upload(c, BAD)
    batch = last_batch()
    page = c.get(f"/o/{SCHOOL}/imports/{batch.pk}/").content.decode()
    assert 'id="has-errors"' in page and "证件号码" in page
    assert 'id="commit"' not in page
    c.post(f"/o/{SCHOOL}/imports/{batch.pk}/commit/")
    assert on_roll(1, 2) == 0
    r = c.get(f"/o/{SCHOOL}/imports/{batch.pk}/errors.xlsx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws.cell(row=1, column=8).value == "错误说明"
    assert "证件号码" in ws.cell(row=4, column=8).value


def test_upper_union_staff_see_masked_numbers(world):
    c = world.client(world.upper)
    upload(c, url=f"/o/{DISTRICT}/imports/members/")
    page = c.get(f"/o/{DISTRICT}/imports/{last_batch().pk}/").content.decode()
    assert ident(seq=1) not in page and mask(ident(seq=1)) in page
    assert "13900000001" not in page


def test_the_template_has_the_columns_and_text_id_numbers(world):
    r = world.client(world.chair).get(f"/o/{SCHOOL}/imports/members/template.xlsx")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    header = [c.value for c in ws[1]]
    assert header[:3] == ["姓名", "性别", "民族"] and "证件号码" in header
    assert ws.cell(row=2, column=header.index("证件号码") + 1).number_format == "@"


def test_another_organisation_is_404(world):
    upload(world.client(world.chair))
    batch = last_batch()
    c = world.client(world.hospital_chair)
    assert c.get(f"/o/{SCHOOL}/imports/members/").status_code == 404
    assert c.get(f"/o/{HOSPITAL}/imports/{batch.pk}/").status_code == 404
    assert c.post(f"/o/{HOSPITAL}/imports/{batch.pk}/commit/").status_code == 404
    assert c.get(f"/o/{HOSPITAL}/imports/{batch.pk}/progress/").status_code == 404


def test_a_role_without_the_permission_is_403(world):
    leader = world.client(world.leader)
    assert leader.get(f"/o/{CHINESE}/imports/members/").status_code == 403
    assert upload(leader, url=f"/o/{CHINESE}/imports/members/").status_code == 403
    upload(world.client(world.factory_chair), url=f"/o/{FACTORY}/imports/members/")
    batch = last_batch()
    finance = world.client(world.accountant)
    assert finance.get(f"/o/{FACTORY}/imports/{batch.pk}/").status_code == 403
    assert finance.post(f"/o/{FACTORY}/imports/{batch.pk}/commit/").status_code == 403
    batch.refresh_from_db()
    assert batch.status == "previewed"


def test_the_wrong_method_is_405(world):
    c = world.client(world.chair)
    upload(c)
    batch = last_batch()
    assert c.get(f"/o/{SCHOOL}/imports/{batch.pk}/commit/").status_code == 405
    assert c.post(f"/o/{SCHOOL}/imports/{batch.pk}/progress/").status_code == 405
    assert c.put(UPLOAD).status_code == 405
    assert c.post(f"/o/{SCHOOL}/imports/members/template.xlsx").status_code == 405


def test_the_list_offers_each_import_the_role_may_run(world):
    page = world.client(world.chair).get(f"/o/{SCHOOL}/imports/").content.decode()
    assert "/imports/members/" in page and "/imports/orgs/" not in page
    page = world.client(world.upper).get(f"/o/{DISTRICT}/imports/").content.decode()
    assert "/imports/members/" in page and "/imports/orgs/" in page


# -- background jobs ----------------------------------------------------------------------


@pytest.fixture
def background(settings, monkeypatch):
    """A low threshold, so that small files go to the (immediate) background jobs, and a
    record of the progress each job reports."""
    settings.IMPORT_BACKGROUND_ROWS = 5
    reports: list[tuple[str, int, int]] = []
    original = tasks._Reporter.__call__

    def spy(self, stage, done, total):
        reports.append((stage, done, total))
        original(self, stage, done, total)

    monkeypatch.setattr(tasks._Reporter, "__call__", spy)
    return reports


def test_a_large_file_is_checked_and_imported_by_background_jobs(world, background):
    from gonghui.imports.base import PROGRESS_EVERY

    rows = [MEMBER_HEADER]
    rows += [
        person(seq=n % 400, birth=f"1985{1 + n // 400:02d}15") for n in range(PROGRESS_EVERY + 200)
    ]
    c = world.client(world.chair)
    r = upload(c, rows)
    batch = last_batch()
    assert r["Location"] == f"/o/{SCHOOL}/imports/{batch.pk}/"
    total = PROGRESS_EVERY + 200
    assert (batch.status, batch.counts["create"]) == ("previewed", total)
    assert (batch.progress_done, batch.progress_total) == (total, total)
    assert ("check", PROGRESS_EVERY, total) in background and ("check", total, total) in background
    background.clear()

    r = c.post(f"/o/{SCHOOL}/imports/{batch.pk}/commit/")
    batch.refresh_from_db()
    assert batch.status == "committed" and batch.counts["create"] == total
    assert background[-1] == ("write", total, total)
    assert any(stage == "check" for stage, _d, _t in background)
    with unscoped():
        assert Member.objects.filter(org__code=SCHOOL, name="张伟").count() == total
        entries = AuditEntry.objects.filter(
            action="members.member.imported", changes__batch=batch.pk
        )
        assert sum(e.changes["count"] for e in entries) == total
        assert {(e.source, e.actor) for e in entries} == {("job", world.chair)}


def test_a_running_batch_shows_a_progress_bar_that_polls(world, background):
    c = world.client(world.chair)
    upload(c)
    batch = last_batch()
    with unscoped():
        ImportBatch._base_manager.filter(pk=batch.pk).update(
            status="committing", progress_done=1, progress_total=4
        )
    page = c.get(f"/o/{SCHOOL}/imports/{batch.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and f"/o/{SCHOOL}/imports/{batch.pk}/progress/" in page
    assert "progress-bar" in page and "gh-progress-25" in page
    assert "style=" not in page
    partial = c.get(f"/o/{SCHOOL}/imports/{batch.pk}/progress/", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "gh-progress-25" in partial.content.decode()
    with unscoped():
        ImportBatch._base_manager.filter(pk=batch.pk).update(status="committed")
    done = c.get(f"/o/{SCHOOL}/imports/{batch.pk}/progress/", HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"


def test_a_failing_job_marks_the_batch_failed_and_writes_nothing(world, background, monkeypatch):
    from gonghui.imports import services

    rows = [MEMBER_HEADER, *[person(seq=n) for n in range(10, 20)]]
    c = world.client(world.chair)
    upload(c, rows)
    batch = last_batch()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.importer_for("members").__class__, "apply", broken)
    before = totals()
    c.post(f"/o/{SCHOOL}/imports/{batch.pk}/commit/")
    batch.refresh_from_db()
    assert batch.status == "failed" and batch.message
    assert totals() == before
    assert batch.message in c.get(f"/o/{SCHOOL}/imports/{batch.pk}/").content.decode()


def test_a_failing_check_marks_the_batch_failed_with_a_message(world, background, monkeypatch):
    from gonghui.members.importing import MemberImporter

    def broken(*args, **kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(MemberImporter, "validate", broken)
    c = world.client(world.chair)
    upload(c, [MEMBER_HEADER, *[person(seq=n) for n in range(30, 40)]])
    batch = last_batch()
    assert batch.status == "failed" and batch.message
    page = c.get(f"/o/{SCHOOL}/imports/{batch.pk}/")
    assert page.status_code == 200 and batch.message in page.content.decode()
    assert 'id="commit"' not in page.content.decode()


# -- the API ----------------------------------------------------------------------------


@pytest.fixture
def api(world):
    """api(login) -> an API client with a token of that login."""
    return world.token_client


API = f"/api/v1/orgs/{SCHOOL}/imports/"


def test_the_api_uploads_previews_and_commits(api, world):
    c = api(world.chair)
    r = c.post(API + "members/", {"file": SimpleUploadedFile("m.xlsx", xlsx_bytes(GOOD))})
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["kind"], body["status"], body["counts"]["create"]) == ("members", "previewed", 2)
    assert body["preview"]["rows"][0]["values"]["证件号码"] == ident(seq=1)
    r = c.post(f"{API}{body['id']}/commit/")
    assert r.status_code == 200 and r.json()["status"] == "committed"
    assert on_roll(1, 2) == 2


def test_the_api_masks_numbers_and_refuses_without_the_permission(api, world):
    r = api(world.upper).post(
        f"/api/v1/orgs/{DISTRICT}/imports/members/",
        {"file": SimpleUploadedFile("m.xlsx", xlsx_bytes(GOOD))},
    )
    assert r.json()["preview"]["rows"][0]["values"]["证件号码"] == mask(ident(seq=1))
    leader = api(world.leader)
    r = leader.post(
        f"/api/v1/orgs/{CHINESE}/imports/members/",
        {"file": SimpleUploadedFile("m.xlsx", xlsx_bytes(GOOD))},
    )
    assert r.status_code == 403
    assert leader.get(f"/api/v1/orgs/{CHINESE}/imports/{r.status_code}/").status_code == 404
    assert api(world.chair).get(API + "members/").status_code == 405


def test_the_api_hands_a_large_batch_to_a_job(api, world, background):
    c = api(world.chair)
    rows = [MEMBER_HEADER, *[person(seq=n) for n in range(20, 30)]]
    body = c.post(API + "members/", {"file": SimpleUploadedFile("m.xlsx", xlsx_bytes(rows))}).json()
    assert body["status"] == "previewed" and body["progress_total"] == 10
    r = c.post(f"{API}{body['id']}/commit/")
    # The job is immediate in tests: it has finished by the time the answer is made.
    assert r.status_code == 200 and r.json()["status"] == "committed"
