"""A batch whose background worker died (kill -9) is shown as interrupted, and can be
started again or cancelled, on the page and through the API (issue #11, low finding)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from gonghui.core.scoping import unscoped
from gonghui.imports import services
from gonghui.imports.models import ImportBatch
from gonghui.orgs.models import Organisation

from .conftest import DISTRICT, HEADER, xlsx_bytes

pytestmark = pytest.mark.django_db

ROWS = [
    HEADER,
    ["J1", "中断导入工会", "基层工会", DISTRICT, "中断公司", "企业"],
    ["J1-G1", "中断一组", "工会小组", "J1", "", ""],
]
API = f"/api/v1/orgs/{DISTRICT}/imports/"


def uploaded(client) -> ImportBatch:
    client.post(
        f"/o/{DISTRICT}/imports/orgs/", {"file": SimpleUploadedFile("o.xlsx", xlsx_bytes(ROWS))}
    )
    with unscoped():
        return ImportBatch.objects.order_by("-pk").first()


def stuck(batch: ImportBatch, status=ImportBatch.Status.COMMITTING, minutes=30, **more):
    """As the batch looks after its worker was killed: still running, no sign of life."""
    old = timezone.now() - dt.timedelta(minutes=minutes)
    with unscoped():
        ImportBatch._base_manager.filter(pk=batch.pk).update(
            status=status, heartbeat_at=old, created_at=old, progress_done=1, **more
        )


def exists(code: str) -> bool:
    with unscoped():
        return Organisation.objects.filter(code=code).exists()


def status_of(batch) -> str:
    with unscoped():
        return ImportBatch.objects.get(pk=batch.pk).status


def test_a_commit_without_heartbeat_is_shown_interrupted_and_retried_on_the_page(world):
    c = world.client(world.upper)
    batch = uploaded(c)
    stuck(batch)
    page = c.get(f"/o/{DISTRICT}/imports/{batch.pk}/").content.decode()
    assert 'id="interrupted"' in page and 'id="retry"' in page
    assert status_of(batch) == ImportBatch.Status.INTERRUPTED
    assert not exists("J1")  # the killed commit wrote nothing
    r = c.post(f"/o/{DISTRICT}/imports/{batch.pk}/retry/")
    assert r.status_code == 302
    assert status_of(batch) == ImportBatch.Status.COMMITTED
    assert exists("J1") and exists("J1-G1")


def test_an_interrupted_commit_is_cancelled_on_the_page(world):
    c = world.client(world.upper)
    batch = uploaded(c)
    stuck(batch)
    r = c.post(f"/o/{DISTRICT}/imports/{batch.pk}/cancel/")
    assert r.status_code == 302
    assert status_of(batch) == ImportBatch.Status.CANCELLED
    assert not exists("J1")


def test_an_interrupted_check_is_started_again(world):
    c = world.client(world.upper)
    batch = uploaded(c)
    stuck(batch, ImportBatch.Status.PREVIEWING, preview={}, counts={})
    r = c.post(f"/o/{DISTRICT}/imports/{batch.pk}/retry/")
    assert r.status_code == 302
    with unscoped():
        batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED and batch.counts["create"] == 2


def test_the_api_shows_the_interruption_and_retries(world):
    batch = uploaded(world.client(world.upper))
    stuck(batch)
    c = world.token_client(world.upper)
    body = c.get(f"{API}{batch.pk}/").json()
    assert body["status"] == "interrupted"
    r = c.post(f"{API}{batch.pk}/retry/")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "committed" and exists("J1")
    assert c.post(f"{API}{batch.pk}/retry/").status_code == 409


def test_the_api_cancels_an_interrupted_import(world):
    batch = uploaded(world.client(world.upper))
    stuck(batch)
    r = world.token_client(world.upper).post(f"{API}{batch.pk}/cancel/")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "cancelled" and not exists("J1")


def test_commit_on_an_interrupted_commit_also_retries_it(world):
    batch = uploaded(world.client(world.upper))
    stuck(batch)
    r = world.token_client(world.upper).post(f"{API}{batch.pk}/commit/")
    assert r.status_code == 200 and r.json()["status"] == "committed"


def test_a_job_with_a_recent_heartbeat_is_left_running(world):
    batch = uploaded(world.client(world.upper))
    stuck(batch, minutes=1)
    c = world.token_client(world.upper)
    assert c.get(f"{API}{batch.pk}/").json()["status"] == "committing"
    assert c.post(f"{API}{batch.pk}/cancel/").status_code == 409
    assert c.post(f"{API}{batch.pk}/retry/").status_code == 409
    assert status_of(batch) == ImportBatch.Status.COMMITTING


@pytest.mark.django_db(transaction=True)
def test_a_slow_commit_holding_its_row_is_never_taken_for_dead(request):
    if connection.vendor != "postgresql":
        pytest.skip("the row lock tells a living commit on PostgreSQL")
    world = request.getfixturevalue("world")  # built only where the test runs
    batch = uploaded(world.client(world.upper))
    stuck(batch)
    locked, release = threading.Event(), threading.Event()

    def living_commit():
        # What a commit job does: its transaction holds the batch's row to the end.
        try:
            with unscoped(), transaction.atomic():
                ImportBatch.objects.select_for_update().get(pk=batch.pk)
                locked.set()
                release.wait(30)
        finally:
            connection.close()

    worker = threading.Thread(target=living_commit)
    worker.start()
    try:
        assert locked.wait(30)
        with unscoped():
            fresh = ImportBatch.objects.get(pk=batch.pk)
            assert services.batch_check_job(batch=fresh) is False
        assert status_of(batch) == ImportBatch.Status.COMMITTING
    finally:
        release.set()
        worker.join()
    # Once the worker's connection is gone (kill -9), the same batch is interrupted.
    with unscoped():
        fresh = ImportBatch.objects.get(pk=batch.pk)
        assert services.batch_check_job(batch=fresh) is True
    assert status_of(batch) == ImportBatch.Status.INTERRUPTED
