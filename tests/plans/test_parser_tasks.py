"""Tasks (months, terms, recurrence, quantities, categories), collections and the JSON."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from gonghui.plans.parsing import (
    PlanParseError,
    categorise,
    parse_document,
    parse_plan,
    plans_to_json,
    split_plans,
    term_months,
)
from gonghui.plans.parsing.dates import find_months, find_recurrence, find_term, month_label
from gonghui.plans.parsing.lines import fold
from gonghui.plans.parsing.numbers import to_int
from gonghui.plans.parsing.quantities import find_quantities
from gonghui.plans.taxonomy import CATEGORY_CODES, CATEGORY_ZH

from .test_parser_helpers import DOCS, only_plan, parse_doc, task

SEED = Path(__file__).resolve().parents[2].parent / "shared/seed/000_3484bbb64bccdd70.txt"


# -- the small pieces -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("十二", 12),
        ("两", 2),
        ("二十", 20),
        ("一百二十", 120),
        ("二〇二四", 2024),
        ("③", 3),
    ],
)
def test_numerals(text, value):
    assert to_int(text) == value


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("三月份召开教代会", [3]),
        ("七、八月份", [7, 8]),
        ("七—八月份", [7, 8]),
        ("1~2月", [1, 2]),
        ("7,8月", [7, 8]),
        ("3至5月", [3, 4, 5]),
        ("11月—次年1月", [11, 12, 1]),
        ("十一、十二月", [11, 12]),
        ("元月", [1]),
        ("2024年12月31日前完成", [12]),
        ("每月一次", []),
        ("三个月内", []),
        ("一年两次", []),
    ],
)
def test_months_in_text(text, months):
    assert find_months(fold(text)) == months


@pytest.mark.parametrize(
    ("line", "months", "rest"),
    [
        ("三月份：召开教代会", [3], "召开教代会"),
        ("九月: 教师节慰问", [9], "教师节慰问"),
        ("十一月 游艺活动", [11], "游艺活动"),
        ("20xx年3月：春游", [3], "春游"),
        ("七、八月份", [7, 8], ""),
    ],
)
def test_month_labels(line, months, rest):
    found = month_label(fold(line))
    assert found is not None and found[0] == months and found[2] == rest


def test_a_date_in_a_sentence_is_not_a_label():
    assert month_label(fold("3月8日前，组织女职工活动")) is None


@pytest.mark.parametrize(
    ("text", "recurrence"),
    [
        ("每月一次组织安全检查", {"per": "month", "times": 1, "at_least": False}),
        ("每学期至少一次公开", {"per": "term", "times": 1, "at_least": True}),
        ("一年两次", {"per": "year", "times": 2, "at_least": False}),
        ("每年两次向会员公开", {"per": "year", "times": 2, "at_least": False}),
        ("每季度召开一次会议", {"per": "quarter", "times": 1, "at_least": False}),
        ("每周组织一次", {"per": "week", "times": 1, "at_least": False}),
        ("每半年公开一次", {"per": "year", "times": 2, "at_least": False}),
        ("召开教代会", None),
    ],
)
def test_recurrence(text, recurrence):
    assert find_recurrence(fold(text))[0] == recurrence


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("上半年组织春游", "h1"),
        ("下学期召开教代会", "term2"),
        ("第一学期", "term1"),
        ("年底前完成", "year_end"),
        ("暑期疗休养", "summer"),
        ("全年发展会员", "whole_year"),
        ("召开教代会", None),
    ],
)
def test_terms(text, term):
    assert find_term(fold(text)) == term


def test_term_months():
    assert term_months("h2") == [7, 8, 9, 10, 11, 12]
    assert term_months("term1") == [9, 10, 11, 12, 1]
    assert term_months("summer") == [7, 8]
    assert term_months(None) == [] and term_months("nonsense") == []


@pytest.mark.parametrize(
    ("text", "quantities"),
    [
        ("慰问500人", [(500, "人")]),
        ("发放帮扶资金70650元", [(70650, "元")]),
        ("完成产品200万件", [(2000000, "件")]),
        ("节约1.5万元", [(15000, "元")]),
        ("开展活动12次", [(12, "次")]),
        ("开展巡视两次", [(2, "次")]),
        ("慰问三户", [(3, "户")]),
        ("全年十二次", [(12, "次")]),
        ("入会率达到98%", [(98, "%")]),
        ("第三次会议", []),
        ("七届四次职代会", []),
        ("三个代表", []),
        ("一户一策", []),
        ("慰问500余人次", [(500, "人次")]),
    ],
)
def test_quantities(text, quantities):
    assert [(q.value, q.unit) for q in find_quantities(fold(text))] == quantities


def test_a_recurrence_is_not_also_a_quantity():
    plan = parse_plan("工会计划\n一、文体\n1、每月一次组织读书会。\n2、每周开展一次健身活动。")
    assert all(item.quantities == [] for item in plan.tasks)
    assert [item.recurrence["per"] for item in plan.tasks] == ["month", "week"]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("召开第六届教代会", "democracy"),
        ("推进厂务公开", "democracy"),
        ("签订工资专项集体合同", "rights"),
        ("开展安全生产隐患排查", "rights"),
        ("春节前走访慰问困难职工", "care"),
        ("开展金秋助学活动", "care"),
        ("组织职工篮球比赛", "culture"),
        ("开展劳动竞赛", "contest"),  # 竞赛 of a 劳动竞赛 is not culture
        ("征集合理化建议", "contest"),
        ("组织工会干部培训", "training"),
        ("评选表彰先进集体", "awards"),
        ("开展女职工两癌筛查", "women"),
        ("编制工会经费预算", "funds"),
        ("向上级工会网站投稿", "publicity"),
        ("发展会员200人", "organisation"),
        ("完成上级交办的其他工作", "other"),
    ],
)
def test_categories(text, category):
    assert categorise(fold(text)) == category


def test_a_task_without_keywords_takes_its_sections_category():
    # #15: "认真落实各项措施" is a vague statement, no longer a task; a concrete sentence
    # without category keywords stands in for it.
    plan = parse_plan(
        "工会计划\n一、关心职工生活，做好帮扶工作\n（一）登记职工诉求，做到件件有回音。"
    )
    assert plan.tasks[0].category == "care"


# -- whole plans ------------------------------------------------------------------------------


def test_task_facts_of_the_factory_plan():
    plan = only_plan("factory.txt")
    contest = task(plan, "全年完成产品200万件")
    assert contest.category == "contest"
    assert [(q.value, q.unit) for q in contest.quantities] == [(2000000, "件"), (8, "%")]
    assert contest.section_key == "1"
    assert task(plan, "每月一次组织群众安全监督员").recurrence == {
        "per": "month",
        "times": 1,
        "at_least": False,
    }
    aid = task(plan, "全年发放帮扶资金70650元")
    assert aid.category == "care" and aid.term == "whole_year"
    assert [(q.value, q.unit) for q in aid.quantities] == [(70650, "元")]
    july = task(plan, "夏季送清凉")
    assert july.months == [7, 8] and july.from_schedule


def test_task_facts_of_the_school_plan():
    plan = only_plan("school_jiaodaihui.txt")
    affairs = task(plan, "深化校务公开")
    assert affairs.recurrence == {"per": "term", "times": 1, "at_least": True}
    assert affairs.category == "democracy"
    assert task(plan, "年底前完成").term == "year_end"
    assert task(plan, "上半年组织一次教职工春游").term == "h1"
    checkup = task(plan, "重阳节慰问退休教师")
    assert checkup.months == [10]
    homes = task(plan, "不少于5户")
    assert [(q.value, q.unit) for q in homes.quantities] == [(5, "户")]


def test_page_numbers_and_boilerplate_never_become_tasks():
    for name in (
        "school_jiaodaihui.txt",
        "factory.txt",
        "community_joint.txt",
        "xiaowu_gongkai.txt",
    ):
        for item in only_plan(name).tasks:
            assert "页" not in item.text or "页面" in item.text
            assert "www" not in item.text and "来源" not in item.text
            assert item.text.strip("- ").strip() != ""


def test_noise_lines_are_dropped():
    text = "\n".join(
        [
            "工会工作计划",
            "一、主要工作",
            "1、召开职工代表大会。",
            "第 2 页 共 5 页",
            "- 3 -",
            "更多相关：工会工作计划范文",
            "本文来源于www.example.com",
            "推荐阅读：工会工作总结",
            "免费下载本文档",
            "2、组织职工春游。",
        ]
    )
    plan = parse_plan(text)
    assert [t.text for t in plan.tasks] == ["召开职工代表大会", "组织职工春游"]


def test_the_json_contract():
    data = plans_to_json(parse_doc("school_jiaodaihui.txt"))
    assert isinstance(data, dict)
    json.dumps(data, ensure_ascii=False)
    assert isinstance(data["title"], str)
    section = data["sections"][2]
    assert {"number", "title", "children"} <= set(section)
    assert isinstance(section["children"], list) and section["children"][0]["title"]
    entry = data["schedule"][0]
    assert isinstance(entry["months"], list) and isinstance(entry["items"], list)
    for item in data["tasks"]:
        assert {"text", "months", "category", "quantities", "recurrence"} <= set(item)
        assert item["category"] in CATEGORY_CODES
        assert item["category_label"] == CATEGORY_ZH[item["category"]]
        assert all(set(q) == {"value", "unit"} for q in item["quantities"])
        assert item["recurrence"] is None or set(item["recurrence"]) == {"per", "times", "at_least"}
    congress = next(t for t in data["tasks"] if t["text"].startswith("3月份召开第六届"))
    assert congress["section"] == "3.1"
    assert congress["section_title"] == "健全以教代会为基本形式的民主管理制度"


# -- collections -------------------------------------------------------------------------------


def test_a_collection_is_split_into_its_plans():
    plans = parse_doc("collection.txt")
    assert len(plans) == 6
    # The collection's title with each plan's 篇 number: six drafts that can be told apart.
    assert [plan.title for plan in plans] == [f"基层工会工作计划（篇{n}）" for n in range(1, 7)]
    assert [[s.title for s in plan.sections] for plan in plans] == [
        ["指导思想", "主要工作", "活动安排"],
        ["加强组织建设", "维护职工权益", "月度安排"],
        ["指导思想", "主要措施", "月份安排"],
        ["工作目标", "工作措施", "时间安排"],
        ["加强工会经费管理", "做好宣传信息工作", "活动安排"],
        ["民主管理", "关爱职工", "工作安排"],
    ]
    assert [[e.months for e in plan.schedule] for plan in plans][2] == [[7, 8], [11], [12]]
    data = plans_to_json(plans)
    assert isinstance(data, list) and len(data) == 6
    everything = json.dumps(data, ensure_ascii=False)
    for noise in ("点击下载", "相关推荐", "www.", "热门推荐", "小编", "阅读次数"):
        assert noise not in everything


def test_a_single_plan_is_not_split():
    text = (DOCS / "women.txt").read_text(encoding="utf-8")
    assert split_plans(text) == [text]


def test_a_table_of_contents_is_not_a_plan():
    body = (DOCS / "collection.txt").read_text(encoding="utf-8")
    toc = "目录\n篇1 基层工会工作计划\n篇2 基层工会工作计划\n篇3 基层工会工作计划\n"
    assert len(split_plans(toc + body)) == 6


@pytest.mark.skipif(not SEED.exists(), reason=f"the seed collection {SEED} is not on this machine")
def test_the_seed_collection_parses_into_31_plans():
    plans = parse_document(SEED.read_bytes(), SEED.name)
    assert len(plans) == 31
    for number, plan in enumerate(plans, start=1):
        assert len(plan.tasks) >= 3, plan.title
        if number == 9:
            # 篇9 is written as plain paragraphs, without a heading: its tasks come from them.
            assert not plan.sections and all(t.section_key is None for t in plan.tasks)
        else:
            assert plan.sections, plan.title
    # Each plan is titled by its own heading or by its 篇 number and the unit that wrote it:
    # thirty drafts of one collection can be told apart (#15 §1).
    titles = [plan.title for plan in plans]
    assert len(set(titles)) == 31, titles
    assert all(f"篇{n}" in title for n, title in enumerate(titles, start=1)), titles
    assert titles[1] == "XX中学工会第一学期工作计划（篇2）"  # its own heading
    assert titles[8] == "2024年工会工作计划范例（篇9·后勤管理中心）"  # the unit that wrote it
    assert titles[10] == "2024年工会工作计划范例（篇11·舒城一中）"
    assert titles[0].endswith("（篇1·医院）")  # "我院"


def test_a_plan_of_a_collection_without_its_own_heading_names_its_unit():
    from gonghui.plans.parsing import parse_plan

    plan = parse_plan(
        "基层工会工作计划 篇3\n"
        "2031年,我们自来水公司工会将围绕中心工作开展工作。\n"
        "一、组织建设\n1、3月召开会员代表大会。\n"
    )
    assert plan.title == "基层工会工作计划（篇3·自来水公司）"
    own = parse_plan(
        "基层工会工作计划 篇4\n阳光小学工会2031年工作计划\n一、活动\n1、5月举办运动会。\n"
    )
    assert own.title == "阳光小学工会2031年工作计划（篇4）"
    assert [t.text for t in own.tasks] == ["5月举办运动会"]  # the heading is not a task
    plain = parse_plan("基层工会工作计划 篇5\n一、活动\n1、5月举办运动会。\n")
    assert plain.title == "基层工会工作计划（篇5）"


# -- robustness ----------------------------------------------------------------------------------


def test_text_without_a_plan_is_refused():
    with pytest.raises(PlanParseError) as caught:
        parse_document("今天天气很好。".encode(), "x.txt")
    assert "工作计划" in str(caught.value)


def test_parse_plan_survives_random_text():
    rng = random.Random(4)
    alphabet = list(
        "一二三四五六七八九十月份、，。：；（）()1234567890.- \n篇第部分召开组织每次年元万人①②\t|xX"
    )
    pieces = [
        "一、",
        "（一）",
        "1、",
        "七、八月份：",
        "1~2月",
        "篇1\n",
        "第一部分",
        "每学期至少一次",
        "200万件",
        "\n",
    ]
    for _round in range(300):
        text = "".join(
            rng.choice(pieces) if rng.random() < 0.3 else rng.choice(alphabet)
            for _ in range(rng.randint(0, 300))
        )
        for part in split_plans(text):
            plan = parse_plan(part)
            json.dumps(plan.to_dict(), ensure_ascii=False)


def test_a_large_plan_parses_in_reasonable_time():
    import time

    text = (DOCS / "school_jiaodaihui.txt").read_text(encoding="utf-8") * 300  # ≈ 1 MB
    started = time.monotonic()
    plan = parse_plan(text)
    assert time.monotonic() - started < 30
    assert len(plan.tasks) > 1000


def test_a_month_list_right_after_numbered_items_keeps_its_own_items():
    text = "\n".join(
        [
            "学校工会工作计划",
            "（一）完善教代会制度",
            "1、参与学校民主管理，加强教代会制度建设。",
            "4月份",
            "1, 组织教工广播操比赛;",
            "2, 开展教工阳光体育活动;",
            "5月份",
            "1、做好发展新教工入会工作;",
        ]
    )
    plan = parse_plan(text)
    assert [s.title for s in plan.all_sections()] == ["完善教代会制度"]
    assert [(e.months, e.items) for e in plan.schedule] == [
        ([4], ["组织教工广播操比赛", "开展教工阳光体育活动"]),
        ([5], ["做好发展新教工入会工作"]),
    ]


@pytest.mark.parametrize("year_line", ["20xx年:", "20XX年：", "2024年", "二〇二四年度:"])
def test_a_line_that_is_only_a_year_is_no_task(year_line):
    # The seed's 篇18 has "20xx年:" between 一月 and 三月 of its schedule (#13 §6).
    plan = parse_plan(
        f"某校工会工作计划\n一、主要工作\n1、召开教代会。\n一月:举行教代会。\n{year_line}\n"
        "三月:开展庆“三八”活动。\n"
    )
    texts = [t.text for t in plan.tasks]
    assert not any(text.rstrip(":：").endswith(("年", "年度")) for text in texts)
    assert [t.months for t in plan.tasks if "三八" in t.text] == [[3]]


# -- what is a task (#15 §2) ---------------------------------------------------------------------


def test_slogans_statements_and_labels_are_not_tasks():
    plan = parse_plan(
        "工会计划\n一、维护职工权益\n"
        "建立和谐稳定的劳动关系，是工会组织践行“三个代表”重要思想的具体体现。\n"
        "一是校本培训。开展以现代教育信息技术为主要内容的校本培训。\n"
        "加强教职工的师德师风建设，提高教师队伍的整体素质。\n"
    )
    assert [task.text for task in plan.tasks] == ["开展以现代教育信息技术为主要内容的校本培训"]


def test_enumerations_in_prose_and_under_guiding_ideas_are_mined():
    plan = parse_plan(
        "工会计划\n"
        "新的一年我们将继续开展工作：\n"
        "一是组织农业技术专家开展科普讲座。二是加快完善服务体系建设。\n"
        "一、工作思路\n"
        "1.加强工作研究，实现工作创新。\n"
        "2.增多活动载体。要进一步开展文体活动、拓展培训、教学比赛等活动。\n"
    )
    texts = [task.text for task in plan.tasks]
    assert texts == [
        "组织农业技术专家开展科普讲座",
        "要进一步开展文体活动、拓展培训、教学比赛等活动",
    ]


def test_work_named_twice_is_one_task_with_both_months():
    plan = parse_plan(
        "工会计划\n一、活动\n"
        "（一）划分工会小组并推选出小组长。此项工作在3月底前完成。\n"
        "（二）开展“百名职工健步走”比赛活动，增强体质。\n"
        "二、月份安排\n五月份：组织“百名职工健步走”比赛\n"
    )
    texts = [(task.text, task.months) for task in plan.tasks]
    assert texts == [
        ("划分工会小组并推选出小组长", [3]),
        ("开展“百名职工健步走”比赛活动，增强体质", [5]),
    ]
    assert [section.title for section in plan.sections] == ["活动", "月份安排"]


def test_an_item_that_lost_its_number_is_still_an_item():
    plan = parse_plan(
        "工会计划\n三、工作目标\n1、组织召开全体会员代表大会。\n"
        "、组织开展“双爱双评”活动。\n4、学习宣传《工会法》。\n"
    )
    assert [task.text for task in plan.tasks] == [
        "组织召开全体会员代表大会",
        "组织开展“双爱双评”活动",
        "学习宣传《工会法》",
    ]
    assert [section.title for section in plan.sections] == ["工作目标"]
