"""A heading glued to the line before it ("…业余文化生活。五、加强工会自身建设", #15 §3):
the copy lost that line break, and the section with its tasks used to be lost in the
paragraph above. A number glued after a full stop is a heading when it stands in its
numbering (五、 after 四、, 一、 before 二、); numbers of prose stay prose."""

from __future__ import annotations

import pytest

from gonghui.plans.parsing import parse_plan

from .helpers import SEED, glue_headings, outline, parse, reading, seed_plans, texts

# 篇2 and 篇18 of the seed, 五、 glued to the end of 四、's paragraph.
GLUED_FIVE = "\n".join(
    [
        "实验小学工会2027年工作计划",
        "一、指导思想",
        "以科学发展观为指导，全面履行基层工会的各项职能。",
        "二、维护权益",
        "1、坚持开展慰问教职工的活动，年底要对生活严重困难的教职工进行走访慰问。",
        "三、民主管理",
        "举办好一年两次的教职工代表大会，让代表们充分发表意见和建议。",
        "四、文体活动",
        "利用学校“教工之家”开展各种健康有益的活动，活跃广大教职工的业余文化生活。"
        "五、加强工会自身建设",
        "定期召开工会委员和工会小组长会议，听取对工会工作的意见和建议。",
        "组织工会干部政治理论和有关法律法规的学习。",
    ]
)


def test_a_glued_heading_keeps_its_section_and_tasks():
    plan = parse(GLUED_FIVE)
    assert outline(plan) == [
        ("一", "指导思想"),
        ("二", "维护权益"),
        ("三", "民主管理"),
        ("四", "文体活动"),
        ("五", "加强工会自身建设"),
    ]
    assert [(task.section_key, task.text) for task in plan.tasks] == [
        ("2", "坚持开展慰问教职工的活动，年底要对生活严重困难的教职工进行走访慰问"),
        ("3", "举办好一年两次的教职工代表大会，让代表们充分发表意见和建议"),
        ("4", "利用学校“教工之家”开展各种健康有益的活动，活跃广大教职工的业余文化生活"),
        ("5", "定期召开工会委员和工会小组长会议，听取对工会工作的意见和建议"),
        ("5", "组织工会干部政治理论和有关法律法规的学习"),
    ]
    # The glued line's number is the line the heading was found on.
    assert plan.tasks[3].source_line == plan.tasks[2].source_line + 1


def test_the_first_heading_glued_to_the_opening_paragraph():
    plan = parse(
        "城关中学工会2027年工作计划\n"
        "为进一步做好学校工会工作，结合我校实际，特制定本计划。一、组织建设\n"
        "1、定期召开工会委员会议，研究工会工作。\n"
        "二、民主管理\n"
        "1、每学期至少召开一次教代会。\n"
    )
    assert outline(plan) == [("一", "组织建设"), ("二", "民主管理")]
    assert texts(plan) == ["定期召开工会委员会议，研究工会工作", "每学期至少召开一次教代会"]


def test_an_item_glued_to_the_item_before():
    plan = parse(
        "城关中学工会2027年工作计划\n"
        "一、关心教职工生活\n"
        "1、实施送温暖工程，关心困难生病住院教职工。2、协助校行政组织好女教职工定期体检活动。\n"
        "3、“教师节”和元旦、春节期间组织好联欢庆祝活动。\n"
    )
    assert outline(plan) == [("一", "关心教职工生活")]
    assert texts(plan) == [
        "实施送温暖工程，关心困难生病住院教职工",
        "协助校行政组织好女教职工定期体检活动",
        "“教师节”和元旦、春节期间组织好联欢庆祝活动",
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        # The author's own list inside a paragraph, after a colon and semicolons.
        "主要做好以下工作：1、组织职工参加技能培训；2、开展劳动竞赛；3、评选先进。",
        # A quoted festival and months are no headings.
        "庆祝“三、八”妇女节，七、八月份组织职工疗休养。",
        # A number that continues no numbering (the items above reached 2).
        "全年慰问困难职工不少于5户。5、开展安全生产月活动。",
    ],
)
def test_numbers_of_prose_stay_in_their_paragraph(paragraph):
    plan = parse(
        "某公司工会2027年工作计划\n一、主要工作\n1、召开职工代表大会。\n2、发展新会员。\n"
        f"二、其他工作\n{paragraph}\n三、工作要求\n各分会要结合实际抓好落实。\n"
    )
    assert [number for number, _title in outline(plan)] == ["一", "二", "三"]
    assert plan.all_sections()[1].title == "其他工作"


@pytest.mark.skipif(not SEED.exists(), reason=f"the seed collection {SEED} is not on this machine")
def test_every_seed_plan_reads_the_same_with_its_headings_glued():
    """Each numbered heading glued to the line before it, in all 31 plans of the seed:
    outline, schedule and tasks are those of the plan as written."""
    for number, text in seed_plans().items():
        glued = glue_headings(text)
        assert glued != text or number == 9, number  # 篇9 has no numbered heading
        assert reading(parse_plan(glued)) == reading(parse_plan(text)), f"篇{number}"
