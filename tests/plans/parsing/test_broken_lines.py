"""Sentences cut by hard line breaks (#15 §3): a copy out of a PDF or a fixed-width text
breaks lines at the page's width, with a page number ("- 3 -", "第3页", "3") between the
pages; each half used to be read as a sentence, one task became two fragments. The halves
are joined; titles, headings, labels and a schedule's items one a line are not. The
sentences are the seed's (篇1, 篇2, 篇17)."""

from __future__ import annotations

import pytest

from gonghui.plans.parsing.layout import join_broken, wrap_width
from gonghui.plans.parsing.lines import drop_noise, split_lines

from .helpers import SEED, hard_wrap, outline, parse, seed_plans, texts


@pytest.mark.parametrize("page", ["- 3 -", "— 3 —", "第3页", "第 3 页 共 8 页", "3"])
def test_a_sentence_cut_by_a_page_number_is_one_task(page):
    plan = parse(
        "市第一医院工会2027年工作计划\n"
        "一、用心履行工会的基本职责，抓住重点，做好各项常规工作。\n"
        "1、进一步加强职代会制度建设。继续加强职代会在促进民主参与、民主决策、民主监督方面的\n"
        f"{page}\n"
        "制度建设，确保职代会议事的规范性和结果的合法性，做好意见的汇总和反馈工作。\n"
        "2、继续组织好庆祝“三八”节、劳动节、护士节、春节等各类节日庆祝活动。\n"
    )
    assert texts(plan) == [
        "继续加强职代会在促进民主参与、民主决策、民主监督方面的制度建设，"
        "确保职代会议事的规范性和结果的合法性，做好意见的汇总和反馈工作",
        "继续组织好庆祝“三八”节、劳动节、护士节、春节等各类节日庆祝活动",
    ]


def test_a_sentence_over_three_lines_and_two_pages():
    plan = parse(
        "市第一医院工会2027年工作计划\n"
        "一、关心职工生活\n"
        "继续进行“巾帼献爱心”的活动，做好对困难职工的慰问及病假职工的探望；继续做好送温暖工程，\n"
        "- 2 -\n"
        "继续注重向特殊群体倾斜，坚持几十年如一日，关心孤残儿童，到市儿童\n"
        "第3页\n"
        "福利院慰问。\n"
    )
    assert texts(plan) == [
        "继续进行“巾帼献爱心”的活动，做好对困难职工的慰问及病假职工的探望",
        "继续做好送温暖工程，继续注重向特殊群体倾斜，坚持几十年如一日，关心孤残儿童，到市儿童福利院慰问",
    ]


def test_headings_titles_and_a_schedules_items_are_not_joined():
    plan = parse(
        "毓秀小学工会2027年工作计划\n"
        # A heading without a full stop is whole; its paragraph is its own.
        "一、紧紧围绕学校中心工作，用心开展优质、满意服务\n"
        "以学校为中心，用心开展优质服务，继续做好“优质服务竞赛”、“岗位能手”等评比工作。\n"
        "二、主要活动安排\n"
        "三月份：\n"
        # Items one a line, without full stops, long as they are.
        "总结上年度工作，评比各级各类先进，民主评议学校领导班子成员工作\n"
        "拟定本年度工会工作计划，收缴工会会员会费，开展送温暖工作\n"
        "四月份：\n"
        "组织教师参加“毓秀杯”好课评比活动\n"
    )
    assert outline(plan) == [
        ("一", "紧紧围绕学校中心工作，用心开展优质、满意服务"),
        ("二", "主要活动安排"),
    ]
    assert [entry.items for entry in plan.schedule] == [
        [
            "总结上年度工作，评比各级各类先进，民主评议学校领导班子成员工作",
            "拟定本年度工会工作计划，收缴工会会员会费，开展送温暖工作",
        ],
        ["组织教师参加“毓秀杯”好课评比活动"],
    ]


def test_a_line_that_ends_with_a_comma_goes_on():
    plan = parse(
        "毓秀小学工会2027年工作计划\n一、文体活动\n"
        "积极协助有关职能部门在青年教师中开展教学基本功比赛、\n"
        "书法比赛、篮球联谊赛等活动。\n"
    )
    assert texts(plan) == [
        "积极协助有关职能部门在青年教师中开展教学基本功比赛、书法比赛、篮球联谊赛等活动"
    ]


def test_a_hard_wrapped_text_is_known_by_its_width():
    text = hard_wrap(
        "篇2\n"
        "1、利用学校“教工之家”开展各种健康有益的活动。继续开展每月一次的教职工文体活动，"
        "推广组室中的健身活动。积极协助有关职能部门在青年教师中开展教学基本功比赛等活动，"
        "提高青年教师的业务水平。认真组织教职工合唱队，积极参加教育工会组织的“十月歌会”活动。"
        "定期召开工会委员和工会小组长会议，听取对工会工作的意见和建议。",
        width=30,
    )
    lines = drop_noise(split_lines(text))
    assert wrap_width(lines) == 30
    [paragraph] = join_broken(lines[1:])
    assert paragraph.text.endswith("听取对工会工作的意见和建议。")
    assert paragraph.number == 2


@pytest.mark.skipif(not SEED.exists(), reason=f"the seed collection {SEED} is not on this machine")
def test_no_seed_plan_looks_hard_wrapped():
    for number, text in seed_plans().items():
        assert wrap_width(drop_noise(split_lines(text))) is None, f"篇{number}"
