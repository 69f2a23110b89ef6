"""The import endpoints under /api/v1/orgs/<code>/imports/."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.imports.models import ImportBatch
from gonghui.orgs.models import Organisation

from ..conftest import audit_count
from .conftest import CHINESE, DISTRICT, FACTORY, HEADER, HOSPITAL, SCHOOL, xlsx_bytes

pytestmark = pytest.mark.django_db

BASE = f"/api/v1/orgs/{DISTRICT}/imports/"
GOOD = [HEADER, ["A1", "接口导入工会", "基层工会", DISTRICT, "接口公司", "企业"]]
BAD = [*GOOD, ["A2", "坏行", "分会", DISTRICT, "", ""]]


@pytest.fixture
def api(world):
    """api(role) -> an API client with a token of the world's login of that name."""

    def make(who: str):
        return world.token_client(getattr(world, who))

    return make


def post_file(client, rows=GOOD, url=BASE + "orgs/", name="orgs.xlsx", data=None):
    content = data if data is not None else xlsx_bytes(rows)
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def exists(code):
    with unscoped():
        return Organisation.objects.filter(code=code).exists()


def test_it_uploads_previews_and_commits(api, world):
    c = api("upper")
    r = post_file(c)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "previewed" and body["org"] == DISTRICT
    assert body["counts"]["create"] == 1
    row = body["preview"]["rows"][0]
    assert row["row"] == 2 and row["action"] == "create" and row["values"]["编码"] == "A1"
    assert not exists("A1")

    batch_id = body["id"]
    assert c.get(f"{BASE}{batch_id}/").json()["id"] == batch_id
    r = c.post(f"{BASE}{batch_id}/commit/")
    assert r.status_code == 200
    assert r.json()["status"] == "committed"
    assert exists("A1")
    with unscoped():
        entry = AuditEntry.objects.get(action="imports.batch.committed")
    assert entry.source == "api" and entry.actor == world.upper

    r = c.post(f"{BASE}{batch_id}/commit/")
    assert r.status_code == 409


def test_rows_with_errors_are_refused_and_nothing_is_written(api):
    c = api("upper")
    body = post_file(c, BAD).json()
    assert body["counts"]["error"] == 1
    # Rows with errors come first.
    errors = body["preview"]["rows"][0]["errors"]
    assert body["preview"]["rows"][0]["row"] == 3
    assert errors[0]["column"] == "类型" and errors[0]["message"]
    before = audit_count()
    r = c.post(f"{BASE}{body['id']}/commit/")
    assert r.status_code == 400
    assert r.json()["batch"]["status"] == "previewed"
    assert not exists("A1")
    assert audit_count() == before


def test_an_unreadable_file_is_400_with_a_message(api):
    r = post_file(api("upper"), data=b"\x00\x01garbage" * 50)
    assert r.status_code == 400
    assert r.json()["detail"]
    with unscoped():
        assert not ImportBatch.objects.exists()


def test_a_missing_file_is_400(api):
    assert api("upper").post(BASE + "orgs/", {}).status_code == 400


def test_cancel(api):
    c = api("upper")
    batch_id = post_file(c).json()["id"]
    r = c.post(f"{BASE}{batch_id}/cancel/")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert c.post(f"{BASE}{batch_id}/commit/").status_code == 409
    assert not exists("A1")


def test_another_organisations_batch_is_404(api):
    c = api("upper")
    batch_id = post_file(
        c,
        [HEADER, [f"{SCHOOL}-G09", "新组", "工会小组", SCHOOL, "", ""]],
        url=f"/api/v1/orgs/{SCHOOL}/imports/orgs/",
    ).json()["id"]
    assert c.get(f"/api/v1/orgs/{HOSPITAL}/imports/{batch_id}/").status_code == 404
    assert c.post(f"/api/v1/orgs/{HOSPITAL}/imports/{batch_id}/commit/").status_code == 404
    assert not exists(f"{SCHOOL}-G09")


def test_no_role_there_is_404(api):
    assert post_file(api("chair"), url=f"/api/v1/orgs/{FACTORY}/imports/orgs/").status_code == 404


@pytest.mark.parametrize("who,code", [("chair", SCHOOL), ("member_login", CHINESE)])
def test_a_role_without_the_permission_is_403(api, who, code):
    assert post_file(api(who), url=f"/api/v1/orgs/{code}/imports/orgs/").status_code == 403
    with unscoped():
        assert not ImportBatch.objects.exists()


def test_the_wrong_method_is_405(api):
    c = api("upper")
    batch_id = post_file(c).json()["id"]
    assert c.get(BASE + "orgs/").status_code == 405
    assert c.get(f"{BASE}{batch_id}/commit/").status_code == 405
    assert c.delete(f"{BASE}{batch_id}/").status_code == 405


def test_anonymous_is_refused(world, client):
    assert client.post(BASE + "orgs/").status_code in (401, 403)


def test_the_schema_describes_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/orgs/{org_code}/imports/orgs/" in paths
    assert "/api/v1/orgs/{org_code}/imports/{batch_id}/commit/" in paths
