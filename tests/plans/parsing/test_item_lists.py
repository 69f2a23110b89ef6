"""A plan that is one list of work, 1、 to 5、 with nothing above the items (#15 §3): the
items are its tasks, not five sections, with or without a closing paragraph after the
last; items with paragraphs of their own under them are still an outline (篇3). The items
are the seed's (篇2, 篇1)."""

from __future__ import annotations

from .helpers import outline, parse, texts

ITEMS = [
    "1、定期召开工会委员和工会小组长会议，听取对工会工作的意见和建议。",
    "2、继续组织好庆祝“三八”节、劳动节、护士节、春节等各类节日庆祝活动。",
    "3、实施送温暖工程，坚持“五必访”制度，关心困难生病住院教职工。",
    "4、协助校行政组织好女教职工定期体检活动。",
    "5、认真组织教职工合唱队，积极参加教育工会组织的“十月歌会”活动。",
]
TASKS = [item.split("、", 1)[1].rstrip("。") for item in ITEMS]
OPENING = "为进一步做好学校工会工作，结合我校实际，特制定本计划。"
CLOSING = (
    "以上工作，工会将在党支部的领导下认真组织实施，确保各项工作落到实处，为学校发展作出新的贡献。"
)


def _plan(*lines: str):
    return parse("\n".join(["城关中学工会2027年工作计划", *lines]))


def test_a_plan_that_is_one_list_of_work_has_tasks_not_sections():
    plan = _plan(OPENING, *ITEMS)
    assert outline(plan) == []
    assert texts(plan) == TASKS
    assert all(task.section_key is None for task in plan.tasks)
    # Each task keeps its own line, and its festival months.
    assert [task.source_line for task in plan.tasks] == [3, 4, 5, 6, 7]
    assert plan.tasks[1].months == [1, 2, 3, 5]


def test_a_closing_paragraph_after_the_last_item_changes_nothing():
    assert texts(_plan(OPENING, *ITEMS, CLOSING)) == TASKS
    assert outline(_plan(OPENING, *ITEMS, CLOSING)) == []
    # A closing paragraph that does not start with 以上 is no task of item 5 either.
    closing = "工会将在党支部的领导下，团结带领全体教职工，为学校发展作出新的贡献。"
    assert texts(_plan(*ITEMS, closing)) == TASKS


def test_items_with_paragraphs_under_them_are_an_outline():
    # 篇3 of the seed: 1. and 3. have a paragraph of their own, 2. has none.
    plan = _plan(
        "1.深入开展服务中小企业工作，帮助中小企业解决发展中的难题。",
        "充分利用邮政商业信函的优势，帮助中小企业拓展市场，年发商函数量达到200万件以上。",
        "2.继续开展书信征文比赛活动，通过活动的举办推进青少年学生思想教育工作的开展。",
        "3.利用邮政资源优势，加大城市品牌宣传力度，制作城市形象宣传年册3000册以上。",
        "推动“邮政惠三农，科普助发展”活动的开展，完成报刊收订流转额1200万元以上。",
    )
    assert [number for number, _title in outline(plan)] == ["1", "2", "3"]


def test_a_list_under_a_heading_is_still_folded_into_it():
    plan = _plan("一、关心教职工生活", *ITEMS, CLOSING)
    assert outline(plan) == [("一", "关心教职工生活")]
    assert texts(plan) == TASKS
