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
from .conftest import CHINESE, DISTRICT, FACTORY, HEADER, HOSPITAL, SCHOOL, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

UPLOAD = f"/o/{DISTRICT}/imports/orgs/"
GOOD = [
    HEADER,
    ["W1-G1", "网页一组", "工会小组", "W1", "", ""],
    ["W1", "网页导入工会", "基层工会", DISTRICT, "网页公司", "企业"],
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


def test_the_tree_shows_the_import_button_only_with_the_permission(world):
    upper, chair = world.client(world.upper), world.client(world.chair)
    assert UPLOAD in upper.get(f"/o/{DISTRICT}/orgs/").content.decode()
    assert "/imports/orgs/" not in chair.get(f"/o/{SCHOOL}/orgs/").content.decode()


def test_it_uploads_previews_and_commits(world):
    c = world.client(world.upper)
    assert c.get(UPLOAD).status_code == 200
    r = upload(c)
    batch = last_batch()
    assert r.status_code == 302
    assert r["Location"] == f"/o/{DISTRICT}/imports/{batch.pk}/"
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert batch.counts["create"] == 2
    assert batch.created_by == world.upper
    assert batch.org.code == DISTRICT
    assert not exists("W1")  # a preview writes nothing

    page = c.get(f"/o/{DISTRICT}/imports/{batch.pk}/").content.decode()
    assert 'data-row="2" data-action="create"' in " ".join(page.split())
    assert "网页导入工会" in page
    assert 'id="commit"' in page

    r = c.post(f"/o/{DISTRICT}/imports/{batch.pk}/commit/")
    assert r.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED and batch.committed_at
    with unscoped():
        w1 = Organisation.objects.get(code="W1")
        assert Organisation.objects.get(code="W1-G1").parent == w1
        entry = AuditEntry.objects.get(action="imports.batch.committed")
    assert entry.object_id == str(batch.pk)
    assert entry.actor == world.upper and entry.source == "web"
    assert entry.changes["created"] == 2
    # The rows now say what was done (已新增), not what would be (新增).
    done = c.get(f"/o/{DISTRICT}/imports/{batch.pk}/").content.decode()
    tbody = done[done.index("<tbody") :]
    assert "已新增" in tbody and 'id="commit"' not in done

    # A second commit of the same batch is refused and writes nothing.
    before = audit_count()
    c.post(f"/o/{DISTRICT}/imports/{batch.pk}/commit/")
    assert audit_count() == before


def test_the_same_file_twice_is_unchanged_the_second_time(world):
    c = world.client(world.upper)
    upload(c)
    c.post(f"/o/{DISTRICT}/imports/{last_batch().pk}/commit/")
    upload(c)
    second = last_batch()
    assert second.counts["unchanged"] == 2 and second.counts["create"] == 0
    before = audit_count()
    c.post(f"/o/{DISTRICT}/imports/{second.pk}/commit/")
    second.refresh_from_db()
    assert second.status == ImportBatch.Status.COMMITTED
    assert audit_count() == before


def test_a_file_with_an_error_shows_it_and_commits_nothing(world):
    c = world.client(world.upper)
    upload(c, BAD)
    batch = last_batch()
    assert batch.counts["error"] == 1
    page = c.get(f"/o/{DISTRICT}/imports/{batch.pk}/").content.decode()
    assert 'data-row="4" data-action="error"' in " ".join(page.split())
    assert "NOPE" in page and "上级编码" in page
    assert 'id="commit"' not in page
    before = audit_count()
    c.post(f"/o/{DISTRICT}/imports/{batch.pk}/commit/")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert not exists("W1") and not exists("W1-G1")
    assert audit_count() == before

    r = c.get(f"/o/{DISTRICT}/imports/{batch.pk}/errors.xlsx")
    assert r.status_code == 200
    assert "attachment" in r["Content-Disposition"]
    path = batch.file.path + ".report.xlsx"
    with open(path, "wb") as fh:
        fh.write(r.content)
    ws = load_workbook(path).active
    assert ws.cell(row=1, column=7).value == "错误说明"
    assert "NOPE" in ws.cell(row=4, column=7).value


def test_the_filter_shows_only_problem_rows(world):
    c = world.client(world.upper)
    upload(c, BAD)
    page = c.get(f"/o/{DISTRICT}/imports/{last_batch().pk}/?show=errors").content.decode()
    assert 'data-row="4"' in page and 'data-row="2"' not in page


def test_a_gbk_csv_is_accepted(world):
    c = world.client(world.upper)
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
def test_an_unreadable_file_gets_a_message_and_no_batch(world, name, data):
    c = world.client(world.upper)
    r = c.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})
    assert r.status_code == 200
    assert "invalid-feedback" in r.content.decode()
    assert last_batch() is None


def test_cancel_keeps_nothing_and_blocks_commit(world):
    c = world.client(world.upper)
    upload(c)
    batch = last_batch()
    stored = batch.file.path
    c.post(f"/o/{DISTRICT}/imports/{batch.pk}/cancel/")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED
    assert not batch.file
    import os

    assert not os.path.exists(stored)
    c.post(f"/o/{DISTRICT}/imports/{batch.pk}/commit/")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED
    assert not exists("W1")


def test_another_organisations_batch_is_404(world):
    c = world.client(world.upper)
    upload(
        c,
        url=f"/o/{SCHOOL}/imports/orgs/",
        rows=[HEADER, [f"{SCHOOL}-G09", "新组", "工会小组", SCHOOL, "", ""]],
    )
    batch = last_batch()
    assert batch.org.code == SCHOOL
    assert c.get(f"/o/{SCHOOL}/imports/{batch.pk}/").status_code == 200
    # The same user, in a sibling organisation: the batch is outside that scope.
    assert c.get(f"/o/{HOSPITAL}/imports/{batch.pk}/").status_code == 404
    assert c.post(f"/o/{HOSPITAL}/imports/{batch.pk}/commit/").status_code == 404
    assert c.get(f"/o/{HOSPITAL}/imports/{batch.pk}/errors.xlsx").status_code == 404
    assert not exists(f"{SCHOOL}-G09")


def test_no_role_there_is_404(world):
    assert world.client(world.chair).get(f"/o/{FACTORY}/imports/orgs/").status_code == 404


@pytest.mark.parametrize(
    "who,url",
    [
        ("cadre", f"/o/{SCHOOL}/imports/orgs/"),
        ("chair", f"/o/{SCHOOL}/imports/orgs/"),
        ("member_login", f"/o/{CHINESE}/imports/orgs/"),
        ("leader", f"/o/{CHINESE}/imports/"),
    ],
)
def test_a_role_without_the_permission_is_403(world, who, url):
    assert world.client(getattr(world, who)).get(url).status_code == 403


def test_a_role_without_the_permission_cannot_commit(world):
    upload(
        world.client(world.upper),
        url=f"/o/{SCHOOL}/imports/orgs/",
        rows=[HEADER, [f"{SCHOOL}-G09", "新组", "工会小组", SCHOOL, "", ""]],
    )
    batch = last_batch()
    r = world.client(world.chair).post(f"/o/{SCHOOL}/imports/{batch.pk}/commit/")
    assert r.status_code == 403
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert not exists(f"{SCHOOL}-G09")


def test_the_wrong_method_is_405(world):
    c = world.client(world.upper)
    upload(c)
    batch = last_batch()
    assert c.get(f"/o/{DISTRICT}/imports/{batch.pk}/commit/").status_code == 405
    assert c.get(f"/o/{DISTRICT}/imports/{batch.pk}/cancel/").status_code == 405
    assert c.post(f"/o/{DISTRICT}/imports/{batch.pk}/").status_code == 405
    assert c.put(UPLOAD).status_code == 405


def test_the_list_and_template_pages(world):
    c = world.client(world.upper)
    upload(c)
    assert "orgs.xlsx" in c.get(f"/o/{DISTRICT}/imports/").content.decode()
    r = c.get(f"/o/{DISTRICT}/imports/orgs/template.xlsx")
    assert r.status_code == 200
    assert r.content[:2] == b"PK"


def test_pages_have_no_inline_style_or_script(world):
    c = world.client(world.upper)
    upload(c, BAD)
    for url in (UPLOAD, f"/o/{DISTRICT}/imports/{last_batch().pk}/", f"/o/{DISTRICT}/imports/"):
        body = c.get(url).content.decode()
        assert "style=" not in body
        assert "<script>" not in body


def test_a_header_without_rows_is_refused(world):
    r = upload(world.client(world.upper), [HEADER])
    assert r.status_code == 200
    assert "invalid-feedback" in r.content.decode()
    assert last_batch() is None
