"""A whole plan on one line (#15 §3): pasted from a web page or a chat message, it has lost
its line breaks, and 一、二、 and 1、2、 stand inside the line. It used to be refused ("no
numbered items"); it reads as the same plan written on lines. The sentences are the seed's
(篇2, 篇17)."""

from __future__ import annotations

from gonghui.plans.parsing import parse_document

from .helpers import outline, parse, reading, texts

# 篇2 of the seed, its line breaks turned into spaces.
SCHOOL = (
    "XX中学工会第一学期工作计划 "
    "一、继续坚持和完善以教代会为基本形式的民主管理和民主监督制度，大力推进校务公开的深入开展。 "
    "1、贯彻五届二次教代会各项决议。 "
    "2、继续推动并协助党支部开展校务公开、文明组室的建设评比工作。 "
    "二、在全面履行工会职能的基础上 "
    "突出履行维护职工合法权益的基本职责，真心诚意地为教职工说话办事。 "
    "1、实施送温暖工程，坚持“五必访”制度，关心困难生病住院教职工。 "
    "2、协助校行政组织好女教职工定期体检活动。 "
    "三、进一步健全和完善各项工作制度 "
    "1、定期召开工会委员和工会小组长会议，听取对工会工作的意见和建议。"
)


def test_a_plan_on_one_line_is_no_longer_refused():
    [plan] = parse_document(SCHOOL.encode(), "计划.txt")
    assert plan.title == "XX中学工会第一学期工作计划"
    assert outline(plan) == [
        (
            "一",
            "继续坚持和完善以教代会为基本形式的民主管理和民主监督制度，大力推进校务公开的深入开展",
        ),
        ("二", "在全面履行工会职能的基础上"),
        ("三", "进一步健全和完善各项工作制度"),
    ]
    assert [(task.section_key, task.text) for task in plan.tasks] == [
        ("1", "贯彻五届二次教代会各项决议"),
        ("1", "继续推动并协助党支部开展校务公开、文明组室的建设评比工作"),
        ("2", "实施送温暖工程，坚持“五必访”制度，关心困难生病住院教职工"),
        ("2", "协助校行政组织好女教职工定期体检活动"),
        ("3", "定期召开工会委员和工会小组长会议，听取对工会工作的意见和建议"),
    ]


def test_one_line_and_the_same_plan_on_lines_read_alike():
    on_lines = SCHOOL.replace(" ", "\n")
    assert reading(parse(SCHOOL)) == reading(parse(on_lines))


def test_a_title_glued_to_the_first_heading_and_items_after_colons_and_semicolons():
    # No spaces at all: the title runs into 一、, the items follow "：" and "；".
    plan = parse(
        "毓秀小学工会2027年工作计划一、指导思想：以科学发展观为指导，全面履行基层工会的各项职能。"
        "二、工作要点：1、每学期至少召开一次教代会；2、组织教师参加“毓秀杯”好课评比活动；"
        "3、继续进行一年一度的“千名学生评老师”活动。"
    )
    assert plan.title == "毓秀小学工会2027年工作计划"
    assert outline(plan) == [("一", "指导思想"), ("二", "工作要点")]
    assert texts(plan) == [
        "每学期至少召开一次教代会",
        "组织教师参加“毓秀杯”好课评比活动",
        "继续进行一年一度的“千名学生评老师”活动",
    ]


def test_the_months_of_a_schedule_on_the_same_line_open_their_entries():
    plan = parse(
        "毓秀小学工会2027年工作计划 一、工作要点 1、每学期至少召开一次教代会。 "
        "2、组织教师参加“毓秀杯”好课评比活动。 "
        "二、主要活动安排：三月份：庆祝“三、八”妇女节，开展“学雷锋、献爱心”活动。"
        "四月份：参加市教育工会组织的基层工会主席培训班。七、八月份：“夏送凉”活动。"
        "九月份：1、庆祝教师节 2、新教师入会"
    )
    assert outline(plan) == [("一", "工作要点"), ("二", "主要活动安排")]
    # 三、八 inside quotes and 七、八月份 are no headings; 1、2、 of a month stay its items.
    assert [(entry.label, entry.months, entry.items) for entry in plan.schedule] == [
        ("三月份", [3], ["庆祝“三、八”妇女节，开展“学雷锋、献爱心”活动"]),
        ("四月份", [4], ["参加市教育工会组织的基层工会主席培训班"]),
        ("七、八月份", [7, 8], ["“夏送凉”活动"]),
        ("九月份", [9], ["庆祝教师节", "新教师入会"]),
    ]


def test_unnumbered_headings_with_their_colons_start_their_lines():
    # 篇17 on one line: 指导思想： and 工作要点： are headings, 一是 its enumeration.
    plan = parse(
        "毓秀小学工会工作计划 指导思想： 以“三个代表”重要思想为指南，全面履行基层工会的各项职能。 "
        "工作要点： 1、学习为先。 创新学习方式，灵活多样： 一是校本培训。"
        "开展以应用现代教育信息技术为主要内容的校本培训。 二是交流研讨。"
        "观看名师课堂教学录像或请专家讲座指导。 2、维权为实。 "
        "一是正常教代会制度。每学期至少召开一次教代会。"
    )
    assert outline(plan) == [
        ("", "指导思想"),
        ("", "工作要点"),
        ("1", "学习为先"),
        ("2", "维权为实"),
    ]
    assert texts(plan) == [
        "开展以应用现代教育信息技术为主要内容的校本培训",
        "观看名师课堂教学录像或请专家讲座指导",
        "每学期至少召开一次教代会",
    ]


def test_numbers_inside_prose_do_not_start_headings():
    plan = parse(
        "实验小学工会工作计划 一、关心教职工生活 "
        "组织一、二年级教师开展“庆三八”活动，七、八月份组织教职工疗休养。"
        "慰问困难教职工3、4户。 二、加强自身建设 定期召开工会委员会议。"
    )
    assert outline(plan) == [("一", "关心教职工生活"), ("二", "加强自身建设")]
    assert texts(plan) == [
        "组织一、二年级教师开展“庆三八”活动，七、八月份组织教职工疗休养",
        "慰问困难教职工3、4户",
        "定期召开工会委员会议",
    ]


def test_a_long_paste_on_one_line_is_read_in_linear_time():
    # 200 KB on one line, a number glued after every full stop: the marks are read once
    # each, never the line again for each of them.
    import time

    started = time.monotonic()
    parse("工会工作计划 " + "。 1、" * 40000)
    assert time.monotonic() - started < 20  # about 1 s; read quadratically, 100
