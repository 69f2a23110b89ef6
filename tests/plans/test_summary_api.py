"""API of the year-end summary: the same rules as the pages (404 elsewhere, 403 without
the permission, 405 for other methods), audited writes, no silent overwrite of edits."""

from __future__ import annotations

import io

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.plans.models import Summary
from gonghui.plans.summary_docs import DOCX_CONTENT_TYPE
from tests.api import conftest as api_fixtures

from . import test_summary

pytestmark = pytest.mark.django_db

YEAR = test_summary.YEAR
school_year = test_summary.school_year  # the fixture, shared with the service tests
token_client = api_fixtures.token_client  # clients authenticating with a token, as scripts do
JSON = "application/json"
API = f"/api/v1/orgs/S0001/plans/summary/{YEAR}/"
GENERATE = API + "generate/"
EXPORT = API + "export/"


def saved(org_code: str = "S0001") -> Summary | None:
    with unscoped():
        return Summary.objects.filter(org__code=org_code, year=YEAR).first()


def test_generate_then_read_the_summary(token_client, school_year):
    c = token_client("school_chair")
    assert c.get(API).status_code == 404
    r = c.post(GENERATE, {}, content_type=JSON)
    assert r.status_code == 201
    data = r.json()
    assert data["year"] == YEAR and data["edited"] is False
    assert "全年计划工作任务3项，已完成1项" in data["body"]
    assert data["figures"]["tasks"]["planned"] == 3
    assert AuditEntry.objects.filter(
        action="plans.summary.generated", source="api", actor__username="school_chair"
    ).exists()

    r = c.get(API)
    assert r.status_code == 200
    body = r.json()
    assert body["title"] == saved().title
    rows = {row["category"]: row for row in body["planned_vs_done"]}
    assert rows["culture"] == {
        "category": "culture",
        "name": "文体活动",
        "planned": 2,
        "done": 0,
        "doing": 1,
        "todo": 1,
        "dropped": 0,
    }
    assert c.post(GENERATE, {}, content_type=JSON).status_code == 200  # unedited: rewritten


def test_edits_are_saved_and_not_overwritten_without_confirm(token_client, school_year):
    c = token_client("school_chair")
    c.post(GENERATE, {}, content_type=JSON)
    r = c.patch(API, {"body": "一、工作\n\n接口编辑的正文。"}, content_type=JSON)
    assert r.status_code == 200 and r.json()["edited"] is True
    assert saved().body == "一、工作\n\n接口编辑的正文。"
    assert AuditEntry.objects.filter(
        action="plans.summary.updated", object_id=str(saved().pk), source="api"
    ).exists()

    r = c.post(GENERATE, {"confirm": False}, content_type=JSON)
    assert r.status_code == 400 and r.json()["detail"]
    assert saved().body == "一、工作\n\n接口编辑的正文。"
    r = c.post(GENERATE, {"confirm": True}, content_type=JSON)
    assert r.status_code == 200
    assert "接口编辑的正文" not in saved().body

    r = c.put(API, {"title": "新标题"}, content_type=JSON)
    assert r.status_code == 400  # PUT needs both fields
    r = c.put(API, {"title": "新标题", "body": ""}, content_type=JSON)
    assert r.status_code == 400
    r = c.put(API, {"title": "新标题", "body": "正文。"}, content_type=JSON)
    assert r.status_code == 200 and saved().title == "新标题"


def test_export_by_format(token_client, school_year):
    c = token_client("school_chair")
    r = c.get(EXPORT, {"format": "docx"})
    assert r.status_code == 200 and r["Content-Type"] == DOCX_CONTENT_TYPE
    from docx import Document

    assert Document(io.BytesIO(r.content)).paragraphs[0].text.endswith("2026年工作总结")
    r = c.get(EXPORT, {"format": "pdf"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF-")
    assert AuditEntry.objects.filter(action="plans.summary.exported", source="api").count() == 2
    r = c.get(EXPORT)
    assert r.status_code == 400 and r["Content-Type"].startswith(JSON)
    assert c.get(EXPORT, {"format": "xlsx"}).status_code == 404


def test_another_union_is_404(token_client):
    c = token_client("school_chair")
    base = f"/api/v1/orgs/H0001/plans/summary/{YEAR}/"
    assert c.get(base).status_code == 404
    assert c.post(base + "generate/", {}, content_type=JSON).status_code == 404
    assert c.get(base + "export/", {"format": "docx"}).status_code == 404
    assert saved("H0001") is None


def test_roles_without_the_permission_get_403(token_client, school_year):
    base = f"/api/v1/orgs/S0001-G01/plans/summary/{YEAR}/"
    member = token_client("member")
    assert member.get(base).status_code == 403
    r = member.get(base + "export/", {"format": "pdf"})
    assert r.status_code == 403 and r["Content-Type"].startswith(JSON)
    district = token_client("district")
    assert district.post(GENERATE, {}, content_type=JSON).status_code == 403
    assert saved() is None
    token_client("school_chair").post(GENERATE, {}, content_type=JSON)
    assert district.get(API).status_code == 200
    assert district.patch(API, {"body": "x"}, content_type=JSON).status_code == 403


def test_wrong_methods_are_405(token_client):
    c = token_client("school_chair")
    assert c.delete(API).status_code == 405
    assert c.get(GENERATE).status_code == 405
    assert c.post(EXPORT, {}, content_type=JSON).status_code == 405
