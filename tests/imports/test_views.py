"""The import pages: upload → preview → commit, as upper-union staff."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.imports.models import ImportBatch
from gonghui.orgs.models import Organisation

from ..conftest import audit_count
from .conftest import HEADER, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

UPLOAD = "/o/D0001/imports/orgs/"
GOOD = [
    HEADER,
    ["W1-G1", "网页一组", "工会小组", "W1", "", ""],
    ["W1", "网页导入工会", "基层工会", "D0001", "网页公司", "企业"],
]
BAD = [*GOOD, ["W2", "坏行", "基层工会", "NOPE", "", ""]]


def upload(client, rows=GOOD, name="orgs.xlsx", data=None, url=UPLOAD):
    content = data if data is not None else xlsx_bytes(rows)
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def last_batch() -> ImportBatch:
    with unscoped():
        return ImportBatch.objects.order_by("-pk").first()


def exists(code: str) -> bool:
    with unscoped():
        return Organisation.objects.filter(code=code).exists()


def test_the_tree_shows_the_import_button_only_with_the_permission(client_for):
    assert UPLOAD in client_for("district").get("/o/D0001/orgs/").content.decode()
    assert "/imports/orgs/" not in client_for("school_chair").get("/o/S0001/orgs/").content.decode()


def test_it_uploads_previews_and_commits(client_for):
    c = client_for("district")
    assert c.get(UPLOAD).status_code == 200
    r = upload(c)
    batch = last_batch()
    assert r.status_code == 302
    assert r["Location"] == f"/o/D0001/imports/{batch.pk}/"
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert batch.counts["create"] == 2
    assert batch.created_by.username == "district"
    assert batch.org.code == "D0001"
    assert not exists("W1")  # a preview writes nothing

    page = c.get(f"/o/D0001/imports/{batch.pk}/").content.decode()
    assert 'data-row="2" data-action="create"' in " ".join(page.split())
    assert "网页导入工会" in page
    assert 'id="commit"' in page

    r = c.post(f"/o/D0001/imports/{batch.pk}/commit/")
    assert r.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED and batch.committed_at
    with unscoped():
        w1 = Organisation.objects.get(code="W1")
        assert Organisation.objects.get(code="W1-G1").parent == w1
        entry = AuditEntry.objects.get(action="imports.batch.committed")
    assert entry.object_id == str(batch.pk)
    assert entry.actor.username == "district" and entry.source == "web"
    assert entry.changes["created"] == 2

    # A second commit of the same batch is refused and writes nothing.
    before = audit_count()
    c.post(f"/o/D0001/imports/{batch.pk}/commit/")
    assert audit_count() == before


def test_the_same_file_twice_is_unchanged_the_second_time(client_for):
    c = client_for("district")
    upload(c)
    c.post(f"/o/D0001/imports/{last_batch().pk}/commit/")
    upload(c)
    second = last_batch()
    assert second.counts["unchanged"] == 2 and second.counts["create"] == 0
    before = audit_count()
    c.post(f"/o/D0001/imports/{second.pk}/commit/")
    second.refresh_from_db()
    assert second.status == ImportBatch.Status.COMMITTED
    assert audit_count() == before


def test_a_file_with_an_error_shows_it_and_commits_nothing(client_for):
    c = client_for("district")
    upload(c, BAD)
    batch = last_batch()
    assert batch.counts["error"] == 1
    page = c.get(f"/o/D0001/imports/{batch.pk}/").content.decode()
    assert 'data-row="4" data-action="error"' in " ".join(page.split())
    assert "NOPE" in page and "上级编码" in page
    assert 'id="commit"' not in page
    before = audit_count()
    c.post(f"/o/D0001/imports/{batch.pk}/commit/")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert not exists("W1") and not exists("W1-G1")
    assert audit_count() == before

    r = c.get(f"/o/D0001/imports/{batch.pk}/errors.xlsx")
    assert r.status_code == 200
    assert "attachment" in r["Content-Disposition"]
    path = batch.file.path + ".report.xlsx"
    with open(path, "wb") as fh:
        fh.write(r.content)
    ws = load_workbook(path).active
    assert ws.cell(row=1, column=7).value == "错误说明"
    assert "NOPE" in ws.cell(row=4, column=7).value


def test_the_filter_shows_only_problem_rows(client_for):
    c = client_for("district")
    upload(c, BAD)
    page = c.get(f"/o/D0001/imports/{last_batch().pk}/?show=errors").content.decode()
    assert 'data-row="4"' in page and 'data-row="2"' not in page


def test_a_gbk_csv_is_accepted(client_for):
    c = client_for("district")
    r = upload(c, name="orgs.csv", data=csv_bytes(GOOD, "gbk"))
    assert r.status_code == 302
    assert last_batch().counts["create"] == 2


@pytest.mark.parametrize(
    "name,data",
    [
        ("orgs.xlsx", b""),
        ("orgs.xlsx", bytes(range(256)) * 4),
        ("orgs.xlsx", b"PK\x03\x04" + b"\0" * 64),
        ("orgs.pdf", b"%PDF-1.4"),
    ],
)
def test_an_unreadable_file_gets_a_message_and_no_batch(client_for, name, data):
    c = client_for("district")
    r = c.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})
    assert r.status_code == 200
    assert "invalid-feedback" in r.content.decode()
    assert last_batch() is None


def test_cancel_keeps_nothing_and_blocks_commit(client_for):
    c = client_for("district")
    upload(c)
    batch = last_batch()
    stored = batch.file.path
    c.post(f"/o/D0001/imports/{batch.pk}/cancel/")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED
    assert not batch.file
    import os

    assert not os.path.exists(stored)
    c.post(f"/o/D0001/imports/{batch.pk}/commit/")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED
    assert not exists("W1")


def test_another_organisations_batch_is_404(client_for):
    c = client_for("district")
    upload(
        c,
        url="/o/S0001/imports/orgs/",
        rows=[HEADER, ["S0001-G09", "新组", "工会小组", "S0001", "", ""]],
    )
    batch = last_batch()
    assert batch.org.code == "S0001"
    assert c.get(f"/o/S0001/imports/{batch.pk}/").status_code == 200
    # The same user, in a sibling organisation: the batch is outside that scope.
    assert c.get(f"/o/H0001/imports/{batch.pk}/").status_code == 404
    assert c.post(f"/o/H0001/imports/{batch.pk}/commit/").status_code == 404
    assert c.get(f"/o/H0001/imports/{batch.pk}/errors.xlsx").status_code == 404
    assert not exists("S0001-G09")


def test_no_role_there_is_404(client_for):
    assert client_for("school_chair").get("/o/F0001/imports/orgs/").status_code == 404


@pytest.mark.parametrize(
    "username,url",
    [
        ("school_cadre", "/o/S0001/imports/orgs/"),
        ("school_chair", "/o/S0001/imports/orgs/"),
        ("member", "/o/S0001-G01/imports/orgs/"),
        ("group_leader", "/o/S0001-G01/imports/"),
    ],
)
def test_a_role_without_the_permission_is_403(client_for, username, url):
    assert client_for(username).get(url).status_code == 403


def test_a_role_without_the_permission_cannot_commit(client_for):
    upload(
        client_for("district"),
        url="/o/S0001/imports/orgs/",
        rows=[HEADER, ["S0001-G09", "新组", "工会小组", "S0001", "", ""]],
    )
    batch = last_batch()
    r = client_for("school_chair").post(f"/o/S0001/imports/{batch.pk}/commit/")
    assert r.status_code == 403
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert not exists("S0001-G09")


def test_the_wrong_method_is_405(client_for):
    c = client_for("district")
    upload(c)
    batch = last_batch()
    assert c.get(f"/o/D0001/imports/{batch.pk}/commit/").status_code == 405
    assert c.get(f"/o/D0001/imports/{batch.pk}/cancel/").status_code == 405
    assert c.post(f"/o/D0001/imports/{batch.pk}/").status_code == 405
    assert c.put(UPLOAD).status_code == 405


def test_the_list_and_template_pages(client_for):
    c = client_for("district")
    upload(c)
    assert "orgs.xlsx" in c.get("/o/D0001/imports/").content.decode()
    r = c.get("/o/D0001/imports/orgs/template.xlsx")
    assert r.status_code == 200
    assert r.content[:2] == b"PK"


def test_pages_have_no_inline_style_or_script(client_for):
    c = client_for("district")
    upload(c, BAD)
    for url in (UPLOAD, f"/o/D0001/imports/{last_batch().pk}/", "/o/D0001/imports/"):
        body = c.get(url).content.decode()
        assert "style=" not in body
        assert "<script>" not in body


def test_a_header_without_rows_is_refused(client_for):
    r = upload(client_for("district"), [HEADER])
    assert r.status_code == 200
    assert "invalid-feedback" in r.content.decode()
    assert last_batch() is None
