"""API of the year-end summary: the same rules as the pages (404 elsewhere, 403 without
the permission, 405 for other methods), audited writes, no silent overwrite of edits."""

from __future__ import annotations

import io

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.plans.models import Summary
from gonghui.plans.summary_docs import DOCX_CONTENT_TYPE
from tests.factories import member_with_login

from . import test_summary

pytestmark = pytest.mark.django_db

YEAR = test_summary.YEAR
school_year = test_summary.school_year  # the fixture, shared with the service tests
JSON = "application/json"


def api(org) -> str:
    """The summary's API address of `org` for the year."""
    return f"/api/v1/orgs/{org.code}/plans/summary/{YEAR}/"


def saved(org) -> Summary | None:
    with unscoped():
        return Summary.objects.filter(org=org, year=YEAR).first()


@pytest.fixture
def c(token_login, chair):
    """A script of the union chair's (a client authenticating with a token)."""
    return token_login(chair)


def test_generate_then_read_the_summary(c, chair, union, school_year):
    here = api(union)
    generate = here + "generate/"
    assert c.get(here).status_code == 404
    r = c.post(generate, {}, content_type=JSON)
    assert r.status_code == 201
    data = r.json()
    assert data["year"] == YEAR and data["edited"] is False
    assert "全年计划工作任务3项，已完成1项" in data["body"]
    assert data["figures"]["tasks"]["planned"] == 3
    assert AuditEntry.objects.filter(
        action="plans.summary.generated", source="api", actor=chair
    ).exists()

    r = c.get(here)
    assert r.status_code == 200
    body = r.json()
    assert body["title"] == saved(union).title
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
    assert c.post(generate, {}, content_type=JSON).status_code == 200  # unedited: rewritten


def test_edits_are_saved_and_not_overwritten_without_confirm(c, union, school_year):
    here = api(union)
    generate = here + "generate/"
    c.post(generate, {}, content_type=JSON)
    r = c.patch(here, {"body": "一、工作\n\n接口编辑的正文。"}, content_type=JSON)
    assert r.status_code == 200 and r.json()["edited"] is True
    assert saved(union).body == "一、工作\n\n接口编辑的正文。"
    assert AuditEntry.objects.filter(
        action="plans.summary.updated", object_id=str(saved(union).pk), source="api"
    ).exists()

    r = c.post(generate, {"confirm": False}, content_type=JSON)
    assert r.status_code == 400 and r.json()["detail"]
    assert saved(union).body == "一、工作\n\n接口编辑的正文。"
    r = c.post(generate, {"confirm": True}, content_type=JSON)
    assert r.status_code == 200
    assert "接口编辑的正文" not in saved(union).body

    r = c.put(here, {"title": "新标题"}, content_type=JSON)
    assert r.status_code == 400  # PUT needs both fields
    r = c.put(here, {"title": "新标题", "body": ""}, content_type=JSON)
    assert r.status_code == 400
    r = c.put(here, {"title": "新标题", "body": "正文。"}, content_type=JSON)
    assert r.status_code == 200 and saved(union).title == "新标题"


def test_export_by_format(c, union, school_year):
    export = api(union) + "export/"
    r = c.get(export, {"format": "docx"})
    assert r.status_code == 200 and r["Content-Type"] == DOCX_CONTENT_TYPE
    from docx import Document

    assert Document(io.BytesIO(r.content)).paragraphs[0].text.endswith("2026年工作总结")
    r = c.get(export, {"format": "pdf"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF-")
    assert AuditEntry.objects.filter(action="plans.summary.exported", source="api").count() == 2
    r = c.get(export)
    assert r.status_code == 400 and r["Content-Type"].startswith(JSON)
    assert c.get(export, {"format": "xlsx"}).status_code == 404


def test_another_union_is_404(c, other):
    base = api(other.union)
    assert c.get(base).status_code == 404
    assert c.post(base + "generate/", {}, content_type=JSON).status_code == 404
    assert c.get(base + "export/", {"format": "docx"}).status_code == 404
    assert saved(other.union) is None


def test_roles_without_the_permission_get_403(c, token_login, staff, union, group, school_year):
    here = api(union)
    generate = here + "generate/"
    base = api(group)
    member = token_login(member_with_login(group).user)
    assert member.get(base).status_code == 403
    r = member.get(base + "export/", {"format": "pdf"})
    assert r.status_code == 403 and r["Content-Type"].startswith(JSON)
    district = token_login(staff("upper_staff", union.parent))
    assert district.post(generate, {}, content_type=JSON).status_code == 403
    assert saved(union) is None
    c.post(generate, {}, content_type=JSON)
    assert district.get(here).status_code == 200
    assert district.patch(here, {"body": "x"}, content_type=JSON).status_code == 403


def test_wrong_methods_are_405(c, union):
    here = api(union)
    generate = here + "generate/"
    export = here + "export/"
    assert c.delete(here).status_code == 405
    assert c.get(generate).status_code == 405
    assert c.post(export, {}, content_type=JSON).status_code == 405
