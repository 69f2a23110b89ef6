"""`import_plan FILE --org CODE --year YEAR [--dry-run] [--format json]` (issue #4 contract)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.plans.models import Plan

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).parent / "docs"
SEED = Path(__file__).resolve().parents[2].parent / "shared/seed/000_3484bbb64bccdd70.txt"
# A sample plan document shipped with the app (a file, not the demo data set).
SCHOOL_PLAN = Path(__file__).resolve().parents[2] / "gonghui/plans/demo_docs/school.txt"


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_plan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _check_shape(plan: dict) -> None:
    assert set(plan) >= {"title", "sections", "schedule", "tasks"}
    assert isinstance(plan["title"], str) and plan["title"]
    for section in plan["sections"]:
        assert set(section) >= {"number", "title", "children"}
        assert isinstance(section["children"], list)
    for entry in plan["schedule"]:
        assert set(entry) >= {"months", "items"}
        assert all(isinstance(m, int) and 1 <= m <= 12 for m in entry["months"])
    for task in plan["tasks"]:
        assert set(task) >= {"text", "months", "category", "quantities", "recurrence"}
        for q in task["quantities"]:
            assert set(q) >= {"value", "unit"}


def test_dry_run_prints_the_contract_json_and_saves_nothing(tmp_path, union):
    src = tmp_path / "plan.txt"
    src.write_text(
        SCHOOL_PLAN.read_text(encoding="utf-8").replace("{year}", "2031"), encoding="gbk"
    )
    with unscoped():
        before = Plan.objects.count()
    out, _err = run(
        str(src), "--org", union.code, "--year", "2031", "--dry-run", "--format", "json"
    )
    plan = json.loads(out)
    _check_shape(plan)
    assert plan["title"] == "示范区实验中学工会2031年工作计划"
    assert [s["title"] for s in plan["sections"]][:2] == ["指导思想", "工作目标"]
    assert next(e["months"] for e in plan["schedule"] if 7 in e["months"]) == [7, 8]
    with unscoped():
        assert Plan.objects.count() == before


def test_a_collection_prints_a_list_and_saves_one_draft_per_plan(union):
    collection = DOCS / "collection.txt"
    out, err = run(str(collection), "--org", union.code, "--year", "2031", "--format", "json")
    plans = json.loads(out)
    assert isinstance(plans, list) and len(plans) >= 5
    for plan in plans:
        _check_shape(plan)
        assert plan["sections"] and len(plan["tasks"]) >= 3
    with unscoped():
        saved = Plan.objects.filter(org=union, year=2031)
        assert saved.count() == len(plans)
        assert all(p.status == "draft" and p.source_text for p in saved)
        entries = AuditEntry.objects.filter(
            action="plans.plan.imported", source="cli", object_id__in=[str(p.pk) for p in saved]
        )
        assert entries.count() == len(plans)
    assert "2031" not in err or "草稿" in err


def test_bad_input_is_refused_in_chinese_and_saves_nothing(tmp_path, union):
    junk = tmp_path / "plan.docx"
    junk.write_bytes(b"PK\x03\x04 not really a word file" + bytes(range(256)) * 4)
    with unscoped():
        before = Plan.objects.count()
    with pytest.raises(CommandError) as exc:
        run(str(junk), "--org", union.code, "--year", "2031")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc.value)), str(exc.value)
    with unscoped():
        assert Plan.objects.count() == before


def test_unknown_org_and_missing_file(tmp_path, union):
    with pytest.raises(CommandError):
        run(str(SCHOOL_PLAN), "--org", "NOPE", "--year", "2031")
    with pytest.raises(CommandError):
        run(str(tmp_path / "missing.txt"), "--org", union.code, "--year", "2031")


def test_a_part_of_a_collection_without_a_plan_is_named_not_dropped(tmp_path, union):
    from io import StringIO

    from django.core.management import call_command

    doc = tmp_path / "collection.txt"
    doc.write_text(
        "基层工会工作计划 篇1\n一、活动\n1、5月举办职工运动会。\n2、9月慰问退休职工。\n"
        "基层工会工作计划 篇2\n感谢大家一年来的辛勤付出。\n祝大家新年快乐。\n谢谢。\n"
        "基层工会工作计划 篇3\n一、组织\n1、3月召开会员代表大会。\n2、6月开展安全检查。\n",
        encoding="utf-8",
    )
    out, err = StringIO(), StringIO()
    call_command(
        "import_plan", str(doc), org=union.code, year=2031, format="json", stdout=out, stderr=err
    )
    plans = json.loads(out.getvalue())
    assert [p["title"] for p in plans] == ["基层工会工作计划（篇1）", "基层工会工作计划（篇3）"]
    assert "基层工会工作计划（篇2）" in err.getvalue()


@pytest.mark.skipif(not SEED.exists(), reason="the seed collection is not on this machine")
def test_the_seed_collection_gives_31_plans_each_with_its_own_title_and_tasks(union):
    """#15 Done means: `import_plan <seed> --dry-run --format json` lists 31 plans."""
    out, err = run(
        str(SEED), "--org", union.code, "--year", "2024", "--dry-run", "--format", "json"
    )
    plans = json.loads(out)
    assert len(plans) == 31
    titles = [plan["title"] for plan in plans]
    assert len(set(titles)) == 31
    for n, plan in enumerate(plans, start=1):
        _check_shape(plan)
        assert f"篇{n}" in plan["title"]
        assert plan["tasks"], plan["title"]
    assert "篇9" in titles[8]  # the plan without headings keeps its place
    assert err == ""  # nothing left out, nothing that looks like a summary
    with unscoped():
        assert not Plan.objects.filter(org=union).exists()


def test_a_summary_is_said_before_import_and_refused_unless_as_plan(tmp_path, union):
    doc = tmp_path / "summary.txt"
    doc.write_text(
        "2030年工会工作总结\n一、民主管理\n1、召开教代会一次，审议通过提案9件。\n"
        "二、关爱职工\n1、走访慰问困难职工6户次，发放慰问金3000元。\n",
        encoding="utf-8",
    )
    out, err = run(str(doc), "--org", union.code, "--year", "2031", "--dry-run")
    assert "2030年工会工作总结" in err and "--as-plan" in err
    with pytest.raises(CommandError):
        run(str(doc), "--org", union.code, "--year", "2031")
    with unscoped():
        assert not Plan.objects.filter(org=union, year=2031).exists()
    run(str(doc), "--org", union.code, "--year", "2031", "--as-plan")
    with unscoped():
        assert Plan.objects.filter(org=union, year=2031).count() == 1
