"""Pages of the year-end summary: each works, another union's is 404, a role without the
permission gets 403, a wrong method 405; edits are saved, never overwritten unasked."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import scope, unscoped
from gonghui.plans import summary as summaries
from gonghui.plans.models import Summary

from . import test_summary

YEAR = test_summary.YEAR
school_year = test_summary.school_year  # the fixture, shared with the service tests

pytestmark = pytest.mark.django_db

PAGE = f"/o/S0001/plans/summary/{YEAR}/"
GENERATE = PAGE + "generate/"


def saved(org_code: str = "S0001", year: int = YEAR) -> Summary | None:
    with unscoped():
        return Summary.objects.filter(org__code=org_code, year=year).first()


def test_the_page_shows_the_live_table_and_offers_to_generate(client_for, school_year):
    r = client_for("school_chair").get(PAGE)
    assert r.status_code == 200
    body = r.content.decode()
    assert 'id="planned-vs-done"' in body and 'data-category="culture"' in body
    assert 'id="generate-form"' in body
    assert f"/o/S0001/plans/summary/{YEAR}/summary.docx" in body
    assert f"/o/S0001/plans/summary/{YEAR}/summary.pdf" in body
    assert saved() is None  # looking does not write


def test_generating_saves_the_draft_and_the_page_shows_it(client_for, school_year):
    c = client_for("school_chair")
    r = c.post(GENERATE)
    assert r.status_code == 302 and r["Location"] == PAGE
    summary = saved()
    assert summary is not None and "全年计划工作任务3项" in summary.body
    assert AuditEntry.objects.filter(
        action="plans.summary.generated", object_id=str(summary.pk), source="web"
    ).exists()
    body = c.get(PAGE).content.decode()
    assert 'id="summary-form"' in body and "（一）加强组织建设" in body
    assert 'id="summary-edited"' not in body


def test_saving_the_edited_text(client_for, school_year):
    c = client_for("school_chair")
    c.post(GENERATE)
    summary = saved()
    text = summary.body + "\r\n\r\n补充：全年开展志愿服务三次。"
    r = c.post(PAGE, {"title": "实验中学工会2026年度工作总结", "body": text})
    assert r.status_code == 302
    summary = saved()
    assert summary.title == "实验中学工会2026年度工作总结"
    assert summary.body.endswith("\n\n补充：全年开展志愿服务三次。")
    entry = AuditEntry.objects.filter(
        action="plans.summary.updated", object_id=str(summary.pk)
    ).latest("pk")
    assert set(entry.changes) >= {"title", "body"}
    assert 'id="summary-edited"' in c.get(PAGE).content.decode()


def test_an_empty_text_is_refused(client_for, school_year):
    c = client_for("school_chair")
    c.post(GENERATE)
    before = saved().body
    r = c.post(PAGE, {"title": "标题", "body": ""})
    assert r.status_code == 400
    assert saved().body == before


def test_saving_before_generating_changes_nothing(client_for, school_year):
    r = client_for("school_chair").post(PAGE, {"title": "标题", "body": "正文"})
    assert r.status_code == 302
    assert saved() is None


def test_regenerating_asks_before_replacing_edits(client_for, school_year):
    c = client_for("school_chair")
    c.post(GENERATE)
    edited = saved().body + "\n\n委员会补充的内容。"
    c.post(PAGE, {"title": saved().title, "body": edited})
    page = c.get(PAGE).content.decode()
    assert 'name="confirm"' in page and "data-confirm" in page

    r = c.post(GENERATE, follow=True)
    assert saved().body == edited
    assert "Confirm" in r.content.decode() or "确认" in r.content.decode()

    c.post(GENERATE, {"confirm": "1"})
    assert "委员会补充的内容" not in saved().body
    assert not summaries.is_edited(saved())


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_exports_are_the_saved_text_and_are_logged(client_for, school_year, fmt):
    from gonghui.plans.summary_docs import CONTENT_TYPES

    c = client_for("school_chair")
    c.post(GENERATE)
    c.post(PAGE, {"title": "实验中学工会年度总结", "body": "一、工作\n\n编辑后的正文。"})
    r = c.get(f"{PAGE}summary.{fmt}")
    assert r.status_code == 200
    assert r["Content-Type"] == CONTENT_TYPES[fmt]
    assert quote(f"实验中学工会年度总结.{fmt}") in r["Content-Disposition"]
    if fmt == "docx":
        from docx import Document

        texts = [p.text for p in Document(io.BytesIO(r.content)).paragraphs]
        assert texts[:3] == ["实验中学工会年度总结", "一、工作", "编辑后的正文。"]
    else:
        assert r.content.startswith(b"%PDF-")
    entry = AuditEntry.objects.filter(action="plans.summary.exported").latest("pk")
    assert entry.changes["format"] == [None, fmt]
    assert entry.object_id == str(saved().pk) and entry.actor.username == "school_chair"


def test_before_generating_the_export_is_the_current_draft(client_for, school_year):
    from docx import Document

    r = client_for("school_chair").get(f"{PAGE}summary.docx")
    assert r.status_code == 200
    texts = [p.text for p in Document(io.BytesIO(r.content)).paragraphs]
    with scope(school_year.org):
        title, body, _ = summaries.summary_draft(school_year.org, YEAR)
    assert texts[0] == title and texts[1] == body.split("\n\n")[0]
    assert saved() is None


def test_an_unknown_format_or_year_is_404(client_for):
    c = client_for("school_chair")
    assert c.get(f"{PAGE}summary.txt").status_code == 404
    assert c.get("/o/S0001/plans/summary/1999/").status_code == 404


def test_another_union_is_404(client_for):
    c = client_for("school_chair")
    for url in (
        f"/o/H0001/plans/summary/{YEAR}/",
        f"/o/H0001/plans/summary/{YEAR}/summary.docx",
    ):
        assert c.get(url).status_code == 404
    assert c.post(f"/o/H0001/plans/summary/{YEAR}/generate/").status_code == 404
    assert saved("H0001") is None


def test_roles_without_the_permission_get_403(client_for, school_year):
    member = client_for("member")
    for url in (
        f"/o/S0001-G01/plans/summary/{YEAR}/",
        f"/o/S0001-G01/plans/summary/{YEAR}/summary.pdf",
    ):
        assert member.get(url).status_code == 403
    assert client_for("group_leader").get(f"/o/S0001-G01/plans/summary/{YEAR}/").status_code == 403
    # Upper union staff read the summary but may not write it.
    district = client_for("district")
    assert district.get(PAGE).status_code == 200
    assert 'id="generate-form"' not in district.get(PAGE).content.decode()
    assert district.post(GENERATE).status_code == 403
    assert district.post(PAGE, {"title": "x", "body": "y"}).status_code == 403
    assert saved() is None


def test_wrong_methods_are_405(client_for):
    c = client_for("school_chair")
    assert c.get(GENERATE).status_code == 405
    assert c.put(PAGE).status_code == 405
    assert c.post(f"{PAGE}summary.docx").status_code == 405
