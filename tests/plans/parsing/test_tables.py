"""A plan's table flattened into text (#15 §3): rows are schedule entries whose content
cells are tasks; the header and the cells naming who takes part or is responsible are not;
a cell that lists several activities gives a task for each; dates such as 3.8, 5.1 and
6.1 are dates (their month), never item numbers. The activities are the seed's (篇17,
篇18)."""

from __future__ import annotations

import pytest

from gonghui.plans.parsing import parse_document
from gonghui.plans.parsing.dates import dotted_date
from gonghui.plans.parsing.lines import fold

from .helpers import outline, parse, reading

HEAD = "毓秀小学工会2027年工作计划\n一、主要工作\n1、每学期至少召开一次教代会。\n二、活动安排表\n"
ROWS = [
    ("1", "3.8", "庆祝“三、八”妇女节，组织女教职工外出踏青", "全体女教职工", "女工委"),
    ("2", "5.1", "庆“五、一”活动；评选年度活动积极分子", "全体会员", "工会主席"),
    ("3", "6.1", "慰问教职工子女、组织亲子游园活动", "教职工及子女", "工会委员"),
    ("4", "9月", "组织教师节庆祝活动，开展老教师帮扶学生结对活动", "全体教职工", "工会办"),
]
HEADER = ("序号", "时间", "活动内容", "参加人员", "负责人")
EXPECTED_SCHEDULE = [
    ("3.8", [3], ["庆祝“三、八”妇女节", "组织女教职工外出踏青"]),
    ("5.1", [5], ["庆“五、一”活动", "评选年度活动积极分子"]),
    ("6.1", [6], ["慰问教职工子女", "组织亲子游园活动"]),
    ("9月", [9], ["组织教师节庆祝活动", "开展老教师帮扶学生结对活动"]),
]


def _schedule(plan):
    return [(entry.label, entry.months, entry.items) for entry in plan.schedule]


def test_a_table_with_tabs_gives_an_entry_a_row_and_a_task_an_activity():
    plan = parse(HEAD + "\n".join("\t".join(row) for row in [HEADER, *ROWS]))
    assert outline(plan) == [("一", "主要工作"), ("二", "活动安排表")]
    assert _schedule(plan) == EXPECTED_SCHEDULE
    tasks = [(task.text, task.months, task.section_key) for task in plan.tasks]
    assert tasks[0] == ("每学期至少召开一次教代会", [], "1")
    assert tasks[1:] == [
        (item, months, "2") for _label, months, items in EXPECTED_SCHEDULE for item in items
    ]
    words = " ".join(task.text for task in plan.tasks)
    for cell in ("活动内容", "参加人员", "全体女教职工", "教职工及子女", "工会主席", "女工委"):
        assert cell not in words


def test_a_table_pasted_one_cell_a_line_reads_as_the_same_table():
    # The 序号 cells (a bare number on a line) go with the page numbers.
    one_cell_a_line = HEAD + "\n".join(cell for row in [HEADER, *ROWS] for cell in row)
    with_tabs = HEAD + "\n".join("\t".join(row) for row in [HEADER, *ROWS])
    assert reading(parse(one_cell_a_line)) == reading(parse(with_tabs))


def test_a_table_drawn_with_bars_and_a_row_short_of_a_cell():
    plan = parse(
        HEAD + "| 时间 | 活动内容 | 参加对象 | 负责部门 |\n"
        "|------|----------|----------|----------|\n"
        "| 3月8日 | 庆祝“三、八”妇女节 | 全体女教职工 | 女工委 |\n"
        # The 负责部门 cell left empty: the row still knows its content cell.
        "| 5.1 | 教职工趣味运动会 | 全体会员 |\n"
        "| 全年 | 发展新会员 | 工会委员 | 工会办 |\n"
    )
    assert _schedule(plan) == [
        ("3月8日", [3], ["庆祝“三、八”妇女节"]),
        ("5.1", [5], ["教职工趣味运动会"]),
        ("全年", [], ["发展新会员"]),
    ]
    # A time the calendar cannot place stays in the task's words.
    assert [(task.text, task.term) for task in plan.tasks][-1] == ("全年：发展新会员", "whole_year")


def test_cells_whose_commas_do_not_separate_activities_stay_whole():
    plan = parse(
        HEAD + "时间\t活动内容\t参加人员\n"
        "3月\t走访慰问困难职工、退休职工\t工会委员\n"
        "4月\t开展“学雷锋、献爱心”活动\t全体会员\n"
    )
    assert [entry.items for entry in plan.schedule] == [
        ["走访慰问困难职工、退休职工"],
        ["开展“学雷锋、献爱心”活动"],
    ]


def test_dates_in_a_schedule_outside_a_table():
    plan = parse(
        "某公司工会2027年工作计划\n一、主要工作\n1、定期召开工会委员会议，研究工会工作。\n"
        "二、全年活动安排\n"
        "3.8 庆祝“三八”国际妇女节，组织女职工健康讲座\n"
        "5.1 开展“五一”劳动节职工趣味运动会\n"
        "6.1 慰问职工子女\n"
        "三、工作要求\n各分会要按照本计划，结合本单位实际抓好落实。\n"
    )
    assert outline(plan) == [("一", "主要工作"), ("二", "全年活动安排"), ("三", "工作要求")]
    assert _schedule(plan) == [
        ("3.8", [3], ["庆祝“三八”国际妇女节，组织女职工健康讲座"]),
        ("5.1", [5], ["开展“五一”劳动节职工趣味运动会"]),
        ("6.1", [6], ["慰问职工子女"]),
    ]


def test_a_festival_date_under_any_heading_is_a_date():
    plan = parse(
        "某公司工会2027年工作计划\n一、关爱职工\n"
        "6.1 儿童节前慰问职工子女，组织亲子游园活动\n"
        "1、元旦、春节走访慰问困难职工。\n"
    )
    assert outline(plan) == [("一", "关爱职工")]
    assert [task.months for task in plan.tasks][0] == [6]


def test_outline_numbers_that_look_like_dates_stay_outline_numbers():
    # 5.1 under 5. and 5.2 after 5.1 go on the outline's numbering, 劳动节 or not.
    plan = parse(
        "某公司工会2027年工作计划\n"
        "1. 围绕生产经营，深入开展劳动竞赛\n"
        "1.1 在各车间开展“比质量、比效率、比安全”劳动竞赛。\n"
        "1.2 组织车工、焊工、钳工技能比武。\n"
        "5. 做好帮扶送温暖工作\n"
        "5.1 元旦、春节走访慰问困难职工和劳动模范。\n"
        "5.2 五一劳动节前表彰劳动模范。\n"
    )
    assert plan.schedule == []
    assert outline(plan) == [("1", "围绕生产经营，深入开展劳动竞赛"), ("5", "做好帮扶送温暖工作")]
    assert [(task.section_key, task.months) for task in plan.tasks][-2:] == [
        ("2", [1, 2]),
        ("2", [5]),
    ]


@pytest.mark.parametrize(
    ("text", "months", "label", "rest"),
    [
        ("3.8", [3], "3.8", ""),
        ("5.1 劳动节", [5], "5.1", "劳动节"),
        ("6.1前后 慰问", [6], "6.1前后", "慰问"),
        ("9.10教师节", [9], "9.10", "教师节"),
        ("12.31", [12], "12.31", ""),
        ("3.8—3.10 活动", [3], "3.8—3.10", "活动"),
        ("11.20—1.5", [11, 12, 1], "11.20—1.5", ""),
    ],
)
def test_dotted_dates(text, months, label, rest):
    assert dotted_date(fold(text)) == (months, label, rest)


@pytest.mark.parametrize("text", ["2.35", "13.1", "1.5万元", "3.8.1", "召开3.8"])
def test_what_is_no_dotted_date(text):
    assert dotted_date(fold(text)) is None


def test_a_word_table_reads_as_the_text_table():
    import io

    import docx

    document = docx.Document()
    for line in HEAD.strip().split("\n"):
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=len(HEADER))
    for row in [HEADER, *ROWS]:
        cells = table.add_row().cells
        for cell, words in zip(cells, row, strict=True):
            # A cell of two paragraphs is read as one cell of two items.
            first, _sep, second = words.partition("；")
            cell.text = first
            if second:
                cell.add_paragraph(second)
    buffer = io.BytesIO()
    document.save(buffer)
    [plan] = parse_document(buffer.getvalue(), "计划.docx")
    assert _schedule(plan) == EXPECTED_SCHEDULE
