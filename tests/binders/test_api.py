"""The binder's API: ask (201), poll, download (the zip), and the persona cases."""

from __future__ import annotations

import pytest

from gonghui.binders.models import BinderJob
from tests.factories import UnionFactory

from .conftest import YEAR, unzip

pytestmark = pytest.mark.usefixtures("platform", "fast_pdf")


def _api(org, what=""):
    return f"/api/v1/orgs/{org.code}/binders/{what}"


def test_ask_poll_and_download(token_login, records, district, union, upper):
    c = token_login(upper)
    r = c.post(_api(district), {"union": union.code, "year": YEAR}, content_type="application/json")
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["union"] == union.code and data["status"] == "done" and data["percent"] == 100
    one = c.get(_api(district, f"{data['id']}/")).json()
    assert one["progress"] == one["total"] and one["status_display"]
    listed = c.get(_api(district)).json()
    assert [j["id"] for j in listed["results"]] == [data["id"]]
    download = c.get(_api(district, f"{data['id']}/download/"))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert "00-目录.pdf" in unzip(download.content)


def test_a_foreign_union_is_a_400(token_login, district, upper):
    stranger = UnionFactory()
    r = token_login(upper).post(
        _api(district), {"union": stranger.code, "year": YEAR}, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["field"] == "union"
    assert not BinderJob.objects.exists()


def test_persona_cases(token_login, union, chair, staff):
    assert token_login(chair).get(_api(UnionFactory())).status_code == 404
    assert token_login(staff("finance", union)).get(_api(union)).status_code == 403
    assert token_login(chair).delete(_api(union)).status_code == 405


def test_another_users_binder_is_a_404(token_login, records, union, chair, staff):
    r = token_login(chair).post(
        _api(union), {"union": union.code, "year": YEAR}, content_type="application/json"
    )
    job_id = r.json()["id"]
    cadre = token_login(staff("cadre", union))
    assert cadre.get(_api(union, f"{job_id}/")).status_code == 404
    assert cadre.get(_api(union, f"{job_id}/download/")).status_code == 404
