"""The layouts of #15 §3 in random text: glued numbers, dates, weeks, table headers and
rows, page numbers and rules of tables never crash the parser (parse_plan turns any
exception into a PlanParseError, so the parser is called underneath it here)."""

from __future__ import annotations

import json
import random

from gonghui.plans.parsing import split_plans
from gonghui.plans.parsing.parser import parse_lines

ALPHABET = list(
    "一二三四五六七八九十月份周第、，。：；（）()1234567890.- \n篇召开组织每次元万人①\t|序号时间内容"
)
PIECES = [
    "一、",
    "（一）",
    "1、",
    "七、八月份：",
    "第三周：",
    "第1—2周",
    "3.8",
    "5.1 ",
    "\t",
    " | ",
    "序号\t时间\t活动内容\t参加人员\n",
    "时间\n活动内容\n参加人员\n",
    "|---|---|\n",
    "。五、",
    "。 1、",
    "：1、",
    "；2、",
    "- 3 -\n",
    "第3页\n",
    "2027—2028学年第一学期",
    "指导思想：",
    "以上工作",
    "全年",
    "篇1\n",
]


def test_random_layouts_never_crash_the_parser():
    rng = random.Random(15)
    for _round in range(300):
        text = "".join(
            rng.choice(PIECES) if rng.random() < 0.35 else rng.choice(ALPHABET)
            for _ in range(rng.randint(0, 400))
        )
        for part in split_plans(text):
            json.dumps(parse_lines(part).to_dict(), ensure_ascii=False)
