"""A school's calendar by weeks of the term (第一周 … 第二十周, 第1周; #15 §3): each week is
a schedule entry. Its months follow from the start of the school year when the plan is
known to start with the autumn term (Plan.start_month 9: a 学年 or a 第一学期 plan), week 1
being the week of 1 September; otherwise the week stays in the task's words, as written.
The activities are the seed's (篇18)."""

from __future__ import annotations

import pytest

from gonghui.plans.parsing.dates import week_label, week_months
from gonghui.plans.parsing.lines import fold

from .helpers import parse

CALENDAR = [
    "一、工作要点",
    "1、每学期至少召开一次教代会，审议学校重大改革方案。",
    "二、工作行事历",
    "第一周：制定学期工会工作计划，召开工会委员会议",
    "第二周：组织教师节庆祝活动",
    "第3—4周：开展老教师帮扶学生结对活动",
    "第七周 组织“重阳节”庆祝活动",
    "第十周：组织全体工会会员进行冬季体育运动",
    "第十七、十八周：搞好庆祝元旦的活动",
    "第二十周：评选年度活动积极分子",
]


def _entries(plan):
    return [(entry.label, entry.months, entry.items) for entry in plan.schedule]


def test_the_weeks_of_a_school_year_are_dated_from_september():
    plan = parse("\n".join(["实验小学工会2027—2028学年第一学期工作计划", *CALENDAR]))
    assert plan.start_month == 9
    assert _entries(plan) == [
        ("第一周", [9], ["制定学期工会工作计划，召开工会委员会议"]),
        ("第二周", [9], ["组织教师节庆祝活动"]),
        ("第3—4周", [9], ["开展老教师帮扶学生结对活动"]),
        ("第七周", [10], ["组织“重阳节”庆祝活动"]),
        ("第十周", [11], ["组织全体工会会员进行冬季体育运动"]),
        ("第十七、十八周", [12], ["搞好庆祝元旦的活动"]),
        ("第二十周", [1], ["评选年度活动积极分子"]),
    ]
    weekly = [task for task in plan.tasks if task.section_key == "2"]
    assert [(task.text, task.months) for task in weekly][-1] == ("评选年度活动积极分子", [1])
    assert all(task.from_schedule for task in weekly)


def test_weeks_of_a_plan_whose_term_start_is_unknown_stay_as_written():
    # A calendar year's plan, and a spring term's (its first week moves with the Spring
    # Festival): the weeks cannot be placed in months.
    for title in ("实验小学工会2027年工作计划", "实验小学工会2026—2027学年第二学期工作计划"):
        plan = parse("\n".join([title, *CALENDAR]))
        assert plan.start_month == 1
        assert [entry.months for entry in plan.schedule] == [[]] * 7
        weekly = [task for task in plan.tasks if task.section_key == "2"]
        assert [task.text for task in weekly][:2] == [
            "第一周：制定学期工会工作计划，召开工会委员会议",
            "第二周：组织教师节庆祝活动",
        ]
        # The months a task names itself still count (元旦 is January).
        assert weekly[-2].months == [1]


def test_a_table_with_a_week_column():
    plan = parse(
        "实验中学工会第一学期工作计划\n一、活动安排\n"
        "周次\t活动内容\t参加对象\n"
        "第1周\t开学工作准备；慰问新教师\t全体教职工\n"
        "第2周\t组织教师节庆祝活动\t全体教职工\n"
        "第9-10周\t教职工羽毛球比赛\t各工会小组\n"
    )
    assert _entries(plan) == [
        ("第1周", [9], ["开学工作准备", "慰问新教师"]),
        ("第2周", [9], ["组织教师节庆祝活动"]),
        ("第9-10周", [10, 11], ["教职工羽毛球比赛"]),
    ]


def test_a_week_in_a_sentence_is_no_label():
    plan = parse(
        "实验中学工会第一学期工作计划\n一、民主管理\n"
        "第一周召开教代会筹备会议，两周内完成提案征集。\n"
    )
    assert plan.schedule == []
    assert [task.text for task in plan.tasks] == ["第一周召开教代会筹备会议，两周内完成提案征集"]


@pytest.mark.parametrize(
    ("line", "weeks", "label", "rest"),
    [
        ("第一周：制定计划", [1], "第一周", "制定计划"),
        ("第1周 开学准备", [1], "第1周", "开学准备"),
        ("第3—4周：新教师入会", [3, 4], "第3—4周", "新教师入会"),
        ("第十九、二十周：总结", [19, 20], "第十九、二十周", "总结"),
        ("1-2周：开学准备", [1, 2], "1-2周", "开学准备"),
        ("第二十周", [20], "第二十周", ""),
    ],
)
def test_week_labels(line, weeks, label, rest):
    assert week_label(fold(line)) == (weeks, label, rest)


@pytest.mark.parametrize(
    "line", ["2周内完成", "第一周召开", "第26周：总结", "每周一次", "一周一次"]
)
def test_what_is_no_week_label(line):
    assert week_label(fold(line)) is None


def test_week_months():
    assert week_months([1, 2, 3, 4, 5], 9) == [9]
    assert week_months([6], 9) == [10]
    assert week_months([17, 18], 9) == [12]
    assert week_months([20], 9) == [1]
    assert week_months([1], 1) == []
