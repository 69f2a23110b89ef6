"""Numbered and unnumbered headings of Chinese plans.

Each numbering style has a rank, the level it conventionally takes (第一部分 above 一、
above （一） above 1、 above （1） above ①). The outline builder uses the ranks only to
place a style it has not seen yet; once seen, a style keeps its level, so plans that
start late (三、 first), skip (（一）（三）) or restart numbering under each parent still
nest correctly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import CIRCLED, DOTTED_DIGITS, PAREN_DIGITS

_CN = r"[一二三四五六七八九十]{1,3}"


@dataclass
class Heading:
    style: str
    rank: float
    number: str  # as written in the original line, trailing 、,.: and spaces removed
    rest: str  # the original text after the number
    plain: bool = False  # an unnumbered heading (指导思想：)
    title: str = ""  # an unnumbered heading's words; rest is then its inline text


# (style, rank, regex). Tried in order; each regex matches the number and its separator.
_NUMBERED: list[tuple[str, float, re.Pattern]] = [
    # 第一部分 / 第二章: the parts of long plans.
    ("part", 0, re.compile(rf"^第\s*(?:{_CN}|\d{{1,2}})\s*(?:部分|章)\s*[、,.:]?\s*")),
    # 一、 一， 一. 一: — and "一 指导思想" with a space, if a word follows.
    ("cn", 1, re.compile(rf"^{_CN}\s*(?:[、,.:]|\s+(?=[^\s\d]))\s*")),
    # （一） (一)、 （一）.
    ("paren_cn", 2, re.compile(rf"^\(\s*{_CN}\s*\)\s*[、,.:]?\s*")),
    # 1.1 / 2.3.1: decimal outline numbers (before the plain 1. so 1.1 is not 1 + ".1").
    ("decimal", 3.5, re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,3}(?:\s+|[、,.](?!\d)|(?=[^\d\s.]))\s*")),
    # 1、 1. 1， 1．(folded) ⒈ — not 1.5万 (a decimal) and not "2023年" (no separator).
    (
        "arabic",
        3,
        re.compile(rf"^(?:\d{{1,2}}\s*(?:、|[,.](?!\d)|\s+(?=[^\s\d]))|[{DOTTED_DIGITS}])\s*"),
    ),
    # 1) — a half-parenthesis, usually one level below 1、.
    ("arabic_rparen", 4, re.compile(r"^\d{1,2}\s*\)\s*[、,.]?\s*")),
    # （1） (1)、 ⑴.
    ("paren_arabic", 4, re.compile(rf"^(?:\(\s*\d{{1,2}}\s*\)|[{PAREN_DIGITS}])\s*[、,.]?\s*")),
    # ① ②.
    ("circled", 5, re.compile(rf"^[{CIRCLED}]\s*[、,.]?\s*")),
]
# After a number, words that show it was a quantity or a date, not a heading ("3 月", "20 人").
_NOT_AFTER_NUMBER = re.compile(r"^[月年日号次个人名元%天周期届]")

PLAIN_RANK = 0.5
# Unnumbered headings: the usual section names of plans, whole or with a short qualifier
# (主要工作及措施, 具体活动安排, 月份工作安排). Short, so a sentence never matches.
_PLAIN_EXACT = (
    "指导思想|总体思路|工作思路|基本思路|指导方针|总体要求|基本要求|工作目标|目标任务|主要目标"
    "|总体目标|工作任务|主要任务|重点工作|工作重点|主要工作|具体工作|主要措施|具体措施|工作措施"
    "|保障措施|主要内容|工作内容|工作要求|具体要求|活动安排|工作安排|具体安排|月份安排|月度安排"
    "|逐月安排|行事历|工作行事历|工作日程|日程安排|时间安排|实施步骤|工作步骤|基本情况|工作原则"
    "|组织领导|工作思想|奋斗目标|工作措施|工作要点|措施|要求|目标"
)
_PLAIN = re.compile(
    rf"^(?P<title>[\u4e00-\u9fff]{{0,6}}?(?:{_PLAIN_EXACT})(?:[及和与、][\u4e00-\u9fff]{{1,6}})?(?:一览表|表)?)\s*(?::\s*|$)"
)
# A heading's usual name followed by a space and its text, as a plan pasted on one line
# writes it ("一、指导思想 以……为指导"): the name is the title.
NAME_BEFORE_TEXT = re.compile(rf"^(?P<title>[\u4e00-\u9fff]{{0,6}}?(?:{_PLAIN_EXACT}))\s+(?=\S)")
# Headings whose content is a statement of principle, never tasks.
NON_TASK_TITLE = re.compile(
    r"^[\u4e00-\u9fff]{0,4}(?:指导思想|总体思路|工作思路|基本思路|指导方针|总体要求|基本情况|工作原则"
    r"|背景|意义|目的)(?:[和与及][\u4e00-\u9fff]{2,6})?$"
)


def detect(norm: str, original: str) -> Heading | None:
    """The heading a line starts with, or None. norm is the folded twin of original."""
    for style, rank, rx in _NUMBERED:
        match = rx.match(norm)
        if not match:
            continue
        rest_norm = norm[match.end() :]
        separated = bool(re.search(r"[、,.:)]", norm[: match.end()]))
        if (
            style in ("cn", "arabic")
            and rest_norm
            and not separated
            and _NOT_AFTER_NUMBER.match(rest_norm)
        ):
            # "3 月", "20 人": a number before its unit, not a heading number.
            return None
        if not rest_norm and style not in ("cn", "paren_cn", "part"):
            # "一、" alone on a line is a heading whose words follow; a bare "3." is not.
            return None
        number = original[: match.end()].strip().rstrip("、,，.．:：").strip()
        if style == "decimal":
            style = f"decimal{number.count('.') + 1}"
            rank = 3 + 0.1 * number.count(".")
        return Heading(style, rank, number, original[match.end() :].strip())
    match = _PLAIN.match(norm)
    if match and len(match.group("title")) <= 12:
        title = original[: match.end("title")].strip()
        return Heading("plain", PLAIN_RANK, "", original[match.end() :].strip(), True, title)
    return None
