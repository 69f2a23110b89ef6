"""The fields of a task, each from a sentence of the seed collection or one written like
them (#15 §4): festival months, "at least", quantities and ages."""

from __future__ import annotations

import pytest

from gonghui.plans.parsing import parse_plan
from gonghui.plans.parsing.dates import festival_months, find_recurrence
from gonghui.plans.parsing.quantities import find_quantities


def _task(sentence: str):
    plan = parse_plan(f"工会工作计划\n一、活动\n1、{sentence}\n")
    [task] = plan.tasks
    return task


@pytest.mark.parametrize(
    ("sentence", "months"),
    [
        # 篇 of the seed: 三八节、劳动节、护士节、春节 (元旦 and 春节 were dropped).
        ("继续组织好庆祝“三八”节、劳动节、护士节、春节等各类节日庆祝活动。", [1, 2, 3, 5]),
        ("“教师节”和元旦、春节期间组织好联欢庆祝活动。", [1, 2, 9]),
        ("做好元旦春节、五一国庆等重大节日困难慰问。", [1, 2, 5, 10]),
        ("端午节、中秋节为全体会员发放节日慰问品。", [6, 9]),
    ],
)
def test_festivals_give_their_months(sentence, months):
    assert _task(sentence).months == months


def test_at_least_before_the_verb_is_at_least():
    # 篇 of the seed: 每学期至少召开一次教代会
    recurrence, _span = find_recurrence("每学期至少召开一次教代会")
    assert recurrence == {"per": "term", "times": 1, "at_least": True}
    assert find_recurrence("每学期召开一次教代会")[0]["at_least"] is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("继续进行一年一度的“千名学生评老师”活动", []),  # the name of an activity
        ("开展“百名好人”评选", []),
        ("走访慰问困难职工6户次", [(6, "户次")]),
        ("慰问70周岁以上退休职工", [(70, "周岁")]),
        ("组织14岁以下职工子女参加暑期托管", [(14, "岁")]),
        ("岁末走访慰问困难职工", []),
        ("慰问困难职工三户，发放慰问金2000元", [(3, "户"), (2000, "元")]),
    ],
)
def test_quantities(text, expected):
    assert [(q.value, q.unit) for q in find_quantities(text)] == expected


def test_festival_months_alone():
    assert festival_months("清明节组织祭扫") == [4]
    assert festival_months("开展读书活动") == []
