"""Hand-written expected outlines and schedules of the test plans (tests/plans/docs).

Each document uses a different numbering style; the expectations were written from the
documents, not from the parser's output.
"""

from __future__ import annotations

import pytest

from .test_parser_helpers import only_plan, outline, schedule_months, task


def test_school_plan_cn_paren_and_arabic_numbering():
    plan = only_plan("school_jiaodaihui.txt")
    assert plan.title == "青山区第二中学工会2024年工作计划"
    assert plan.year == 2024
    assert outline(plan) == [
        ("1", "一", "指导思想"),
        ("2", "二", "工作目标"),
        ("3", "三", "主要工作"),
        ("3.1", "（一）", "健全以教代会为基本形式的民主管理制度"),
        ("3.2", "（二）", "关心教职工生活，做好帮扶送温暖工作"),
        ("3.3", "（三）", "丰富校园文化生活"),
        ("3.4", "（四）", "加强工会自身建设"),
        ("4", "四", "主要活动安排"),
    ]
    # 七、八月份 is July and August, not a section numbered 七.
    assert schedule_months(plan) == [[2], [3], [4], [5], [6], [7, 8], [9], [10], [11], [12]]
    assert plan.schedule[5].label == "七、八月份"
    assert plan.schedule[0].items == ["慰问寒假期间生病住院的教职工", "制定本年度工会工作计划"]
    # The signature (union name, date) under the plan is not a schedule entry or a task.
    assert not any(t.text == "青山区第二中学工会" for t in plan.tasks)


def test_school_plan_items_are_tasks_of_their_section():
    plan = only_plan("school_jiaodaihui.txt")
    # "1、3月份召开…" is item 1 that names March, not months 1 and 3.
    congress = task(plan, "召开第六届教代会第三次会议，审议")
    assert congress.months == [3]
    assert congress.section_key == "3.1"
    assert congress.category == "democracy"
    assert not any("以习近平新时代" in t.text for t in plan.tasks)  # 指导思想 is no task


def test_hospital_plan_with_parts_and_circled_items():
    plan = only_plan("hospital.txt")
    assert plan.title == "市第三人民医院工会20xx年工作要点"
    assert plan.year is None  # 20xx is a placeholder
    assert outline(plan) == [
        ("1", "第一部分", "总体要求"),
        ("2", "第二部分", "重点工作"),
        ("2.1", "一", "深化院务公开和民主管理"),
        ("2.2", "二", "开展劳动竞赛和岗位练兵"),
        ("2.3", "三", "维护职工合法权益"),
        ("2.4", "四", "帮扶送温暖"),
        ("3", "第三部分", "保障措施"),
        ("4", "第四部分", "月度安排"),
    ]
    # 九月: with an ASCII colon; the signature 20xx年1月10日 is not an entry.
    assert schedule_months(plan) == [[1], [2], [3], [4], [5], [9], [10], [12]]
    assert plan.schedule[2].items == ["召开职工代表大会", "庆祝“三八”国际妇女节"]


def test_factory_plan_decimal_numbering_and_flattened_table():
    plan = only_plan("factory.txt")
    assert plan.year == 2024
    assert outline(plan) == [
        ("1", "1", "围绕生产经营，深入开展劳动竞赛"),
        ("2", "2", "抓好安全生产和劳动保护"),
        ("3", "3", "推进厂务公开和集体协商"),
        ("4", "4", "做好帮扶送温暖工作"),
        ("5", "5", "加强工会组织和经费管理"),
        ("6", "", "月度工作安排表"),
    ]
    # The table was pasted one cell a line: 月份 / 工作内容 / 责任部门.
    assert schedule_months(plan) == [[1], [3], [4], [6], [7, 8], [12]]
    assert plan.schedule[0].items == ["春节送温暖慰问"]  # not the 责任部门 cell
    assert plan.schedule[4].label == "7-8月"


def test_community_plan_unnumbered_headings_and_every_month_style():
    plan = only_plan("community_joint.txt")
    assert outline(plan) == [
        ("1", "", "指导思想"),
        ("2", "", "工作目标"),
        ("3", "", "主要措施"),
        ("4", "", "活动安排"),
    ]
    assert [(e.label, e.months) for e in plan.schedule] == [
        ("1~2月", [1, 2]),
        ("3-4月", [3, 4]),
        ("五月份", [5]),
        ("六月份", [6]),
        ("7,8月", [7, 8]),
        ("九月", [9]),
        ("十月份", [10]),
        ("十一月", [11]),
        ("十二月", [12]),
    ]
    assert plan.schedule[7].items == ["游艺活动"]  # 十一月 游艺活动: month and item on one line
    texts = " ".join(t.text for t in plan.tasks)
    for noise in ("www", "本文来源", "推荐阅读", "更多相关", "社区工会工作总结"):
        assert noise not in texts


def test_government_plan_late_start_skips_and_restart():
    plan = only_plan("government_organ.txt")
    assert plan.title == "区人力资源和社会保障局机关工会工作安排（2024年）"
    numbers = [(key, number) for key, number, _title in outline(plan)]
    assert numbers == [
        ("1", "二"),  # starts at 二
        ("1.1", "（一）"),
        ("1.2", "（三）"),  # skips （二）
        ("2", "三"),
        ("2.1", "（一）"),  # restarts under each parent
        ("2.2", "（二）"),
        ("3", "四"),
        ("3.1", "（一）"),
        ("3.2", "（二）"),
        ("3.3", "（三）"),
        ("4", "五"),
        ("4.1", "（一）"),
        ("4.2", "（二）"),
        ("4.3", "（三）"),
        ("5", "六"),
        ("5.1", "（一）"),
        ("5.2", "（二）"),
        ("5.3", "（三）"),
        ("6", "一"),  # a restart of the top numbering
    ]
    assert outline(plan)[0][2] == "加强思想建设，提升干部职工素质"
    assert outline(plan)[-1][2] == "时间安排"
    # Quarters and half-years as schedule labels.
    assert [(e.label, e.months) for e in plan.schedule] == [
        ("一季度", [1, 2, 3]),
        ("第二季度", [4, 5, 6]),
        ("下半年", [7, 8, 9, 10, 11, 12]),
    ]


def test_women_plan_fullwidth_dot_and_paren_items():
    plan = only_plan("women.txt")
    assert outline(plan) == [
        ("1", "一", "主要任务"),
        ("2", "二", "重点活动"),
        ("3", "三", "活动日程"),
        ("4", "四", "工作要求"),
    ]
    assert schedule_months(plan) == [[3], [4], [5], [7, 8], [10], [12]]
    assert plan.schedule[3].label == "七—八月份"
    # The （1）、 items were folded into their section as tasks.
    screening = task(plan, "“两癌”免费筛查")
    assert screening.section_key == "1"
    assert screening.category == "women"


def test_primary_school_semester_plan():
    plan = only_plan("primary_semester.txt")
    assert plan.title == "阳光小学工会2023—2024学年第二学期工作计划"
    # The spring term of the 2023—2024 school year is February to July 2024 (#15 §3).
    assert (plan.year, plan.start_month) == (2024, 1)
    assert outline(plan) == [
        ("1", "一", "工作重点"),
        ("1.1", "1", "民主管理"),
        ("1.2", "2", "师德建设和业务提升"),
        ("1.3", "3", "关爱教职工"),
        ("1.4", "4", "文体活动"),
        ("2", "二", "逐月安排"),
    ]
    assert schedule_months(plan) == [[2], [3], [4], [5], [6], [7]]
    assert plan.schedule[1].items == ["召开教代会", "庆“三八”女教职工活动"]


def test_university_plan_with_a_tab_table_and_ranges_across_the_year():
    plan = only_plan("university.txt")
    assert plan.year is None  # 20xx—20xx学年
    assert outline(plan) == [
        ("1", "第一部分", "工作思路"),
        ("2", "第二部分", "主要任务"),
        ("2.1", "（一）", "推进二级教代会建设"),
        ("2.2", "（二）", "服务教职工发展"),
        ("2.3", "（三）", "建设温馨教工之家"),
        ("3", "第三部分", "学年工作安排"),
    ]
    assert [(e.label, e.months) for e in plan.schedule] == [
        ("9—10月", [9, 10]),
        ("11月—次年1月", [11, 12, 1]),
        ("3月", [3]),
        ("4—5月", [4, 5]),
        ("6月", [6]),
    ]
    assert plan.schedule[0].items == ["新教职工入会", "庆祝教师节", "教职工秋季运动会"]


def test_construction_plan_half_parenthesis_and_circled_numbers():
    plan = only_plan("construction.txt")
    assert outline(plan) == [
        ("1", "一", "工作目标"),
        ("2", "二", "重点工作"),
        ("2.1", "1）", "深入开展劳动竞赛"),
        ("2.2", "2）", "抓好安全生产"),
        ("2.3", "3）", "关心农民工生活"),
        ("2.4", "1）", "加强组织建设"),  # numbering restarts by mistake: still a sibling
        ("3", "三", "时间安排"),
    ]
    # "2024年3月：" — a year before the month.
    assert schedule_months(plan) == [[3], [6], [7, 8], [12]]


def test_school_affairs_plan_inline_numbered_schedule_items():
    plan = only_plan("xiaowu_gongkai.txt")
    assert [s.title for s in plan.sections] == ["工作任务", "具体安排"]
    assert schedule_months(plan) == [[9], [10], [11], [12], [1]]
    assert plan.schedule[0].items == [
        "新学期校务公开内容公示",
        "庆祝教师节表彰优秀教师",
        "新教师入会",
    ]
    # 一是…二是…三是… in one paragraph: three tasks, without their 一是.
    opened = [t for t in plan.tasks if t.section_key == "1.1"]
    assert [t.text[:4] for t in opened] == ["健全校务", "通过校园", "每学期末"]


def test_traditional_characters_plan():
    plan = only_plan("retail_traditional.txt")
    assert [s.title for s in plan.sections] == ["組織建設", "民主管理", "關愛職工", "活動安排"]
    assert schedule_months(plan) == [[3], [5], [9], [12]]
    assert task(plan, "召開職工代表大會").category == "democracy"


@pytest.mark.parametrize(
    "name",
    [
        "school_jiaodaihui.txt",
        "hospital.txt",
        "factory.txt",
        "community_joint.txt",
        "government_organ.txt",
        "women.txt",
        "primary_semester.txt",
        "university.txt",
        "construction.txt",
        "xiaowu_gongkai.txt",
        "retail_traditional.txt",
    ],
)
def test_every_document_has_sections_and_several_tasks(name):
    plan = only_plan(name)
    assert plan.title
    assert plan.sections
    assert len(plan.tasks) >= 5
    for item in plan.tasks:
        assert len(item.text) >= 2
        assert not item.text.endswith(("。", "；"))
