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
from tests.factories import member_with_login

from . import test_summary

YEAR = test_summary.YEAR
school_year = test_summary.school_year  # the fixture, shared with the service tests

pytestmark = pytest.mark.django_db


def page(org, year: int = YEAR) -> str:
    """The summary page of `org` for the year."""
    return f"/o/{org.code}/plans/summary/{year}/"


def saved(org, year: int = YEAR) -> Summary | None:
    with unscoped():
        return Summary.objects.filter(org=org, year=year).first()


@pytest.fixture
def c(login, chair):
    """The union chair's browser."""
    return login(chair)


def test_the_page_shows_the_live_table_and_offers_to_generate(c, union, school_year):
    here = page(union)
    r = c.get(here)
    assert r.status_code == 200
    body = r.content.decode()
    assert 'id="planned-vs-done"' in body and 'data-category="culture"' in body
    assert 'id="generate-form"' in body
    assert f"{here}summary.docx" in body and here == f"/o/{union.code}/plans/summary/{YEAR}/"
    assert f"{here}summary.pdf" in body
    assert saved(union) is None  # looking does not write


def test_generating_saves_the_draft_and_the_page_shows_it(c, union, school_year):
    here = page(union)
    generate = here + "generate/"
    r = c.post(generate)
    assert r.status_code == 302 and r["Location"] == here
    summary = saved(union)
    assert summary is not None and "全年计划工作任务3项" in summary.body
    assert AuditEntry.objects.filter(
        action="plans.summary.generated", object_id=str(summary.pk), source="web"
    ).exists()
    body = c.get(here).content.decode()
    assert 'id="summary-form"' in body and "（一）加强组织建设" in body
    assert 'id="summary-edited"' not in body


def test_saving_the_edited_text(c, union, school_year):
    here = page(union)
    generate = here + "generate/"
    c.post(generate)
    summary = saved(union)
    text = summary.body + "\r\n\r\n补充：全年开展志愿服务三次。"
    r = c.post(here, {"title": "实验中学工会2026年度工作总结", "body": text})
    assert r.status_code == 302
    summary = saved(union)
    assert summary.title == "实验中学工会2026年度工作总结"
    assert summary.body.endswith("\n\n补充：全年开展志愿服务三次。")
    entry = AuditEntry.objects.filter(
        action="plans.summary.updated", object_id=str(summary.pk)
    ).latest("pk")
    assert set(entry.changes) >= {"title", "body"}
    assert 'id="summary-edited"' in c.get(here).content.decode()


def test_an_empty_text_is_refused(c, union, school_year):
    here = page(union)
    generate = here + "generate/"
    c.post(generate)
    before = saved(union).body
    r = c.post(here, {"title": "标题", "body": ""})
    assert r.status_code == 400
    assert saved(union).body == before


def test_saving_before_generating_changes_nothing(c, union, school_year):
    here = page(union)
    r = c.post(here, {"title": "标题", "body": "正文"})
    assert r.status_code == 302
    assert saved(union) is None


def test_regenerating_asks_before_replacing_edits(c, union, school_year):
    here = page(union)
    generate = here + "generate/"
    c.post(generate)
    edited = saved(union).body + "\n\n委员会补充的内容。"
    c.post(here, {"title": saved(union).title, "body": edited})
    shown = c.get(here).content.decode()
    assert 'name="confirm"' in shown and "data-confirm" in shown

    r = c.post(generate, follow=True)
    assert saved(union).body == edited
    assert "Confirm" in r.content.decode() or "确认" in r.content.decode()

    c.post(generate, {"confirm": "1"})
    assert "委员会补充的内容" not in saved(union).body
    assert not summaries.is_edited(saved(union))


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_exports_are_the_saved_text_and_are_logged(c, chair, union, school_year, fmt):
    from gonghui.plans.summary_docs import CONTENT_TYPES

    here = page(union)
    generate = here + "generate/"
    c.post(generate)
    c.post(here, {"title": "实验中学工会年度总结", "body": "一、工作\n\n编辑后的正文。"})
    r = c.get(f"{here}summary.{fmt}")
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
    assert entry.object_id == str(saved(union).pk) and entry.actor == chair


def test_before_generating_the_export_is_the_current_draft(c, union, school_year):
    from docx import Document

    here = page(union)
    r = c.get(f"{here}summary.docx")
    assert r.status_code == 200
    texts = [p.text for p in Document(io.BytesIO(r.content)).paragraphs]
    with scope(school_year.org):
        title, body, _ = summaries.summary_draft(school_year.org, YEAR)
    assert texts[0] == title and texts[1] == body.split("\n\n")[0]
    assert saved(union) is None


def test_an_unknown_format_or_year_is_404(c, union):
    here = page(union)
    assert c.get(f"{here}summary.txt").status_code == 404
    assert c.get(page(union, 1999)).status_code == 404


def test_another_union_is_404(c, other):
    there = page(other.union)
    for url in (there, f"{there}summary.docx"):
        assert c.get(url).status_code == 404
    assert c.post(f"{there}generate/").status_code == 404
    assert saved(other.union) is None


def test_roles_without_the_permission_get_403(login, staff, union, group, school_year):
    here = page(union)
    generate = here + "generate/"
    member = login(member_with_login(group).user)
    for url in (page(group), f"{page(group)}summary.pdf"):
        assert member.get(url).status_code == 403
    assert login(staff("group_leader", group)).get(page(group)).status_code == 403
    # Upper union staff read the summary but may not write it.
    district = login(staff("upper_staff", union.parent))
    assert district.get(here).status_code == 200
    assert 'id="generate-form"' not in district.get(here).content.decode()
    assert district.post(generate).status_code == 403
    assert district.post(here, {"title": "x", "body": "y"}).status_code == 403
    assert saved(union) is None


def test_wrong_methods_are_405(c, union):
    here = page(union)
    generate = here + "generate/"
    assert c.get(generate).status_code == 405
    assert c.put(here).status_code == 405
    assert c.post(f"{here}summary.docx").status_code == 405
