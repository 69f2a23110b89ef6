"""A school's plan for a 学年 runs from September into the next calendar year (#15 §3):
its January–July tasks are due, recorded and counted in the next year."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gonghui.core.scoping import scope
from gonghui.plans import selectors, services
from gonghui.plans.parsing import parse_plan

DOCS = Path(__file__).parent / "docs"


@pytest.mark.parametrize(
    ("doc", "year", "start"),
    [
        ("university.txt", None, 9),  # 20xx—20xx学年: a school year, no year written
        ("xiaowu_gongkai.txt", 2024, 9),  # 2024年秋季学期: September into January
        ("primary_semester.txt", 2024, 1),  # 2023—2024学年第二学期: spring 2024
        ("school_jiaodaihui.txt", 2024, 1),  # 2024年工作计划: a calendar year
    ],
)
def test_the_parser_reads_a_school_year(doc, year, start):
    plan = parse_plan((DOCS / doc).read_text(encoding="utf-8"))
    assert (plan.year, plan.start_month) == (year, start)


def test_a_schedule_from_september_to_july_is_a_school_year():
    plan = parse_plan(
        "实验中学工会工作计划\n九月份：召开教代会。\n十二月份：举办迎新年联欢。\n"
        "三月份：开展三八节活动。\n六月份：组织教职工体检。\n"
    )
    assert plan.start_month == 9


@pytest.fixture
def school_plan(union, chair, platform):
    """An accepted school-year plan of 2030 (September 2030 to August 2031)."""
    with scope(union):
        plan = services.plan_create(actor=chair, org=union, year=2030, title="2030—2031学年计划")
        services.plan_update(actor=chair, plan=plan, title=plan.title, year=2030, start_month=9)
        march = services.task_create(
            actor=chair, plan=plan, data={"text": "三月开展三八节活动", "months": [3]}
        )
        october = services.task_create(
            actor=chair, plan=plan, data={"text": "十月组织秋游", "months": [10]}
        )
        services.plan_accept(actor=chair, plan=plan)
    return plan, march, october


def test_months_before_september_are_next_years(union, school_plan):
    plan, march, october = school_plan
    with scope(union):
        march.refresh_from_db()
        october.refresh_from_db()
        assert march.due_date() == dt.date(2031, 3, 31)
        assert october.due_date() == dt.date(2030, 10, 31)
    assert plan.covers(dt.date(2031, 3, 8)) and not plan.covers(dt.date(2030, 3, 8))


def test_a_record_of_next_march_completes_the_march_task(union, chair, school_plan):
    plan, march, _october = school_plan
    with scope(union):
        due = selectors.due_tasks(union, dt.date(2031, 3, 15))
        assert [t.pk for t in due.this_month] == [march.pk]
        services.record_create(
            actor=chair,
            org=union,
            data={"title": "三八节游园", "date": dt.date(2031, 3, 8)},
            task=march,
        )
        [task] = selectors.tasks_with_progress(plan.tasks.filter(pk=march.pk))
        assert task.progress.complete
        assert not selectors.due_tasks(union, dt.date(2031, 3, 15)).this_month
        # A calendar-year reading would have found it a year early and missed the record.
        months = selectors.calendar(union, 2030)
    assert [m["month"] for m in months][:5] == [9, 10, 11, 12, 1]
    march_row = next(m for m in months if m["month"] == 3)
    assert march_row["year"] == 2031
    assert [row["covered"] for row in march_row["rows"]] == [True]


def test_the_page_and_the_api_set_a_school_year(login, token_login, chair, union, platform):
    with scope(union):
        plan = services.plan_create(actor=chair, org=union, year=2030, title="学年计划")
    r = token_login(chair).patch(
        f"/api/v1/orgs/{union.code}/plans/{plan.pk}/",
        {"start_month": 9},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["start_month"] == 9
    page = login(chair).get(f"/o/{union.code}/plans/{plan.pk}/").content.decode()
    assert "2030年9月至2031年8月" in page
    r = token_login(chair).patch(
        f"/api/v1/orgs/{union.code}/plans/{plan.pk}/",
        {"start_month": 5},
        content_type="application/json",
    )
    assert r.status_code == 400
