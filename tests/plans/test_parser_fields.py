"""The fields of a task, each from a sentence of the seed collection or one written like
them (#15 §4): festival months, "at least", quantities and ages.

The seed (../shared/seed/000_3484bbb64bccdd70.txt) has the festival, 每学期至少 and
千名/百名 sentences; it has no 户次, 周岁 or 岁 (the issue found those in other real
documents), so those cases are sentences written like the seed's. The measured accuracy
of all fields over the hand-checked seed plans is in test_parser_precision.py."""

from __future__ import annotations

import pytest

from gonghui.plans.parsing import parse_plan
from gonghui.plans.parsing.dates import festival_months, find_recurrence, find_term
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
        # 篇 of the seed, verbatim.
        ("搞好庆祝元旦的活动。", [1]),
        (
            "定期举行各类比赛,在“三八”、“五一”、“十一”等重大节日,开展相关活动。",
            [3, 5, 10],
        ),
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
        # The seed's 篇17, verbatim: names of activities, not counts.
        ("继续进行一年一度的“千名学生评老师”、“千名家长评学校、老师”的活动。", []),
        ("开展“百名学生评老师”、“百名学生家长评老师、评学校”活动。", []),
        # 篇17: "a batch of" new books is no count; 篇25: the 五期 of women workers' care
        # (经期、孕期、产期、哺乳期、更年期) is a name.
        ("学校继续投资购买一批新图书", []),
        ('做好女职工"五期"保护工作,做好年度计划生育工作', []),
        ("做好女职工“五期”保护工作", []),
        # 篇12: a law's name; 篇27: "each one" is no count.
        ("抓好“一法两条例”的宣传、贯彻和落实", []),
        ("客观、准确、全面地评价每一名工会干部、工会工作人员的业绩", []),
        ("考核认定了5名技术创新能手,一个创新型班组,5个节约标兵", [(5, "名"), (5, "个")]),
        # 篇3: amounts with 万 and 以上.
        ("年发商函数量达到200万件以上", [(2_000_000, "件")]),
        ("完成报刊收订流转额1200万元以上", [(12_000_000, "元")]),
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


def test_every_term_at_least_in_the_seed_sentence():
    # 篇17 of the seed, verbatim, as a task.
    task = _task("每学期至少召开一次教代会,使得教职员工积极参与学校各方面管理。")
    assert task.recurrence == {"per": "term", "times": 1, "at_least": True}
    assert task.quantities == []


def test_a_half_year_that_is_summed_up_is_not_the_time_of_the_work():
    # 篇17's schedule: 六月份 上半年工会工作总结, 七—八月份 下半年工会工作修订.
    plan = parse_plan(
        "工会工作计划\n主要活动安排\n六月份:\n1、上半年工会工作总结\n"
        "七—八月份:\n1、“夏送凉”活动。\n2、下半年工会工作修订。\n"
    )
    by_text = {task.text.rstrip("。"): task for task in plan.tasks}
    assert (by_text["上半年工会工作总结"].months, by_text["上半年工会工作总结"].term) == ([6], None)
    assert (by_text["下半年工会工作修订"].months, by_text["下半年工会工作修订"].term) == (
        [7, 8],
        None,
    )
    # A half-year that dates the work stays its term (篇 of the seed).
    assert find_term("下半年,举办一次《公务礼仪》专题讲座") == "h2"
    assert find_term("年底要对生活严重困难和大病、重病教职工进行摸底工作") == "year_end"


def test_festival_months_alone():
    assert festival_months("清明节组织祭扫") == [4]
    assert festival_months("开展读书活动") == []
