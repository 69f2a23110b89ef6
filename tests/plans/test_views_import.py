"""Importing a plan document (a file or pasted text) into drafts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.plans.models import Plan, PlanStatus

from .conftest import url

pytestmark = pytest.mark.django_db


def _docx(paragraphs) -> bytes:
    import io

    import docx

    doc = docx.Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_import_page_reads_a_docx_into_a_draft(login, chair, union):
    data = _docx(
        [
            "测试工会2032年工作计划",
            "一、民主管理",
            "1、三月份召开职工代表大会。",
            "2、坚持厂务公开，每季度公开一次。",
            "二、帮扶送温暖",
            "1、春节前走访慰问困难职工三户。",
        ]
    )
    upload = SimpleUploadedFile("计划.docx", data)
    r = login(chair).post(url("import", union), {"year": "2032", "file": upload})
    assert r.status_code == 302
    with unscoped():
        plan = Plan.objects.get(org=union, year=2032)
        assert plan.status == PlanStatus.DRAFT and plan.source_name == "计划.docx"
        assert list(plan.sections.values_list("title", flat=True)) == ["民主管理", "帮扶送温暖"]
        task = plan.tasks.get(text__contains="职工代表大会")
        assert task.months == [3] and task.category == "democracy"
        assert plan.tasks.get(text__contains="三户").quantities == [{"value": 3, "unit": "户"}]
        assert AuditEntry.objects.filter(
            action="plans.plan.imported", object_id=str(plan.pk)
        ).exists()
    assert r["Location"].endswith(f"/plans/{plan.pk}/")


def test_pasted_text_is_kept_when_it_is_not_a_plan(login, chair, union):
    r = login(chair).post(url("import", union), {"year": "2032", "text": "这只是一句普通的话"})
    assert r.status_code == 200
    body = r.content.decode()
    assert "这只是一句普通的话" in body  # the form keeps what was typed
    assert 'class="alert alert-danger"' in body
    with unscoped():
        assert not Plan.objects.filter(org=union, year=2032).exists()


def test_a_fake_docx_gets_a_chinese_error_and_saves_nothing(login, chair, union):
    upload = SimpleUploadedFile("计划.docx", b"PK\x03\x04" + b"\x00" * 200)
    r = login(chair).post(url("import", union), {"year": "2032", "file": upload})
    assert r.status_code == 200
    assert "Word" in r.content.decode() or "docx" in r.content.decode()
    with unscoped():
        assert not Plan.objects.filter(org=union, year=2032).exists()


def test_importing_needs_write_permission(login, staff, chair, union, other):
    # The other union's accountant reads plans there but may not import one.
    finance = login(staff("finance", other.union))
    r = finance.post(url("import", other.union), {"year": "2032", "text": "x"})
    assert r.status_code == 403
    assert login(other.chair).get(url("import", union)).status_code == 404
    assert login(chair).put(url("import", union)).status_code == 405


def test_a_50_mb_upload_is_refused_before_reading(login, chair, union):
    big = SimpleUploadedFile("计划.txt", b"\xe4\xb8\x80" * (50 * 1024 * 1024 // 3))
    r = login(chair).post(url("import", union), {"year": "2032", "file": big})
    assert r.status_code == 200
    assert "MB" in r.content.decode()
    with unscoped():
        assert not Plan.objects.filter(org=union, year=2032).exists()


def test_a_collection_part_without_a_plan_is_named_on_the_page(login, chair, union):
    text = (
        "基层工会工作计划 篇1\n一、活动\n1、5月举办职工运动会。\n2、9月慰问退休职工。\n"
        "基层工会工作计划 篇2\n感谢大家一年来的辛勤付出。\n祝大家新年快乐。\n谢谢。\n"
        "基层工会工作计划 篇3\n一、组织\n1、3月召开会员代表大会。\n2、6月开展安全检查。\n"
    )
    r = login(chair).post(url("import", union), {"year": "2032", "text": text}, follow=True)
    body = r.content.decode()
    assert "基层工会工作计划（篇2）" in body and "未导入" in body
    with unscoped():
        titles = set(Plan.objects.filter(org=union, year=2032).values_list("title", flat=True))
    assert titles == {"基层工会工作计划（篇1）", "基层工会工作计划（篇3）"}
