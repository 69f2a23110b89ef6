"""Months, terms and recurrences as plans write them.

Term codes (ParsedTask.term), with the months each covers (term_months):

    h1          上半年                       1–6
    h2          下半年                       7–12
    term1       上学期 / 第一学期 / 秋季学期  9–12, 1   (a Chinese school year starts in autumn)
    term2       下学期 / 第二学期 / 春季学期  2–7
    q1 … q4     第一季度 … 第四季度          three months each
    year_start  年初                         1
    year_end    年底 / 年末 / 年终 / 岁末    12
    summer      暑假 / 暑期                  7–8
    winter      寒假                         1–2
    whole_year  全年 / 常年 / 全学年          1–12

All functions work on width-folded text (lines.fold).
"""

from __future__ import annotations

import datetime as _dt
import re

from .numbers import to_int

TERMS: dict[str, tuple[str, list[int]]] = {
    "h1": ("上半年", [1, 2, 3, 4, 5, 6]),
    "h2": ("下半年", [7, 8, 9, 10, 11, 12]),
    "term1": ("上学期", [9, 10, 11, 12, 1]),
    "term2": ("下学期", [2, 3, 4, 5, 6, 7]),
    "q1": ("第一季度", [1, 2, 3]),
    "q2": ("第二季度", [4, 5, 6]),
    "q3": ("第三季度", [7, 8, 9]),
    "q4": ("第四季度", [10, 11, 12]),
    "year_start": ("年初", [1]),
    "year_end": ("年底", [12]),
    "summer": ("暑假", [7, 8]),
    "winter": ("寒假", [1, 2]),
    "whole_year": ("全年", list(range(1, 13))),
}
TERM_ZH = {code: label for code, (label, _months) in TERMS.items()}

_TERM_PATTERNS = [
    ("h1", r"上半年"),
    ("h2", r"下半年"),
    ("term1", r"上学期|第一学期|秋季学期|秋学期"),
    ("term2", r"下学期|第二学期|春季学期|春学期"),
    ("q1", r"第?一季度"),
    ("q2", r"第?二季度"),
    ("q3", r"第?三季度"),
    ("q4", r"第?四季度"),
    ("year_start", r"年初|岁初"),
    ("year_end", r"年底|年末|年终|岁末"),
    ("summer", r"暑假|暑期"),
    ("winter", r"寒假"),
    ("whole_year", r"全年|常年|全学年"),
]
_TERM_RE = re.compile("|".join(f"(?P<{code}>{rx})" for code, rx in _TERM_PATTERNS))


def term_months(term: str | None) -> list[int]:
    """The months a term code covers ([] for None or an unknown code)."""
    if term is None or term not in TERMS:
        return []
    return list(TERMS[term][1])


# A period followed by its work names what is summed up or revised, not when: "上半年工会
# 工作总结" is done in June (its schedule entry), "下半年工会工作修订" in July–August.
_TERM_AS_OBJECT = re.compile(r"\s*(?:的)?\s*(?:工会)?\s*(?:工作|总结)")
_PERIODS = {"h1", "h2", "term1", "term2", "q1", "q2", "q3", "q4", "whole_year"}


def find_term(text: str) -> str | None:
    """The first term named in the text as the time of the work, as a code."""
    for match in _TERM_RE.finditer(text):
        if match.lastgroup in _PERIODS and _TERM_AS_OBJECT.match(text, match.end()):
            continue
        return match.lastgroup
    return None


# One month: 十一/十二 before 十 so the longer name wins; 元月 is January; Arabic 1–12
# (01–09 too).
_MONTH = r"(?:十[一二]|[一二三四五六七八九十]|元|1[0-2]|0?[1-9])"
# Between months of a group: a range (七—八月, 1~2月, 3至5月, 11月—次年1月) or a list
# (七、八月份, 7,8月, 9月和10月).
_RANGE = r"[—\-~至到]+"
_LIST = r"[、,/和及与]"
MONTH_GROUP = re.compile(
    rf"""
    (?<![\d一二三四五六七八九十百第个])   # not the tail of a bigger number, nor 第三月
    (?P<group>
        {_MONTH}\s*(?:月份?)?
        (?:\s*(?:{_RANGE}|{_LIST})\s*(?:次年)?{_MONTH}\s*(?:月份?)?)*
    )
    (?<=[月份])                          # a group ends with 月 or 月份
    (?!\s*[一二两三四五六七八九十\d]+\s*次)  # "一月一次" is a frequency, not January
    """,
    re.VERBOSE,
)
_TOKEN = re.compile(rf"(?P<month>{_MONTH})|(?P<range>{_RANGE})|(?P<list>{_LIST})")

# A year before a month in a schedule label: 2024年, 20xx年, 20XX年, 二〇二四年, 20**年度.
YEAR_PREFIX = re.compile(
    r"^(?:(?:19|20)[\dxX×*]{2}|[一二〇○零][〇○零一二三四五六七八九xX×]{3})\s*年度?\s*"
)
_ARABIC_MONTH = re.compile(r"\d{1,2}")


def group_months(group: str) -> list[int]:
    """The months of a matched group, ranges expanded (11—次年1月 → 11, 12, 1)."""
    months: list[int] = []
    pending_range = False
    for token in _TOKEN.finditer(group.replace("次年", "")):
        if token.lastgroup == "range":
            pending_range = bool(months)
        elif token.lastgroup == "month":
            value = 1 if token.group() == "元" else to_int(token.group())
            if value is None or not 1 <= value <= 12:
                continue
            if pending_range:
                start = months[-1]
                span = (value - start) % 12
                months.extend(((start + step - 1) % 12) + 1 for step in range(1, span + 1))
            else:
                months.append(value)
            pending_range = False
    seen: list[int] = []
    for month in months:
        if month not in seen:
            seen.append(month)
    return seen


def find_months(text: str) -> list[int]:
    """Every month the text names, in order, without repeats."""
    months: list[int] = []
    for match in MONTH_GROUP.finditer(text):
        for month in group_months(match.group("group")):
            if month not in months:
                months.append(month)
    return months


# Festivals that date a task when it names no month.
_FESTIVALS = [
    (r"元旦", 1),
    # 春节 falls between 21 January and 20 February: the 慰问 before it spans both months.
    (r"春节|新春|除夕", 1),
    (r"春节|新春|除夕|元宵", 2),
    (r"三八|妇女节", 3),
    (r"植树节", 3),
    (r"清明", 4),
    (r"五一|劳动节", 5),
    (r"护士节", 5),
    (r"端午", 6),
    (r"五四|青年节", 5),
    (r"六一|儿童节", 6),
    (r"七一|建党", 7),
    (r"八一|建军节", 8),
    (r"教师节", 9),
    (r"中秋", 9),
    (r"国庆", 10),
    # 十一 alone is November or eleven: National Day only when quoted or named with it.
    (r"[“\"]十一[”\"]|十一国庆|十一长假|十一黄金周", 10),
    (r"重阳", 10),
]


def festival_months(text: str) -> list[int]:
    months: list[int] = []
    for pattern, month in _FESTIVALS:
        if re.search(pattern, text) and month not in months:
            months.append(month)
    return sorted(months)


# A month label at the start of a line (after any year): "三月份:", "九月: ", "十一月 游艺活动",
# "七、八月份", "1~2月", "20xx年3月". Returns the months, the label and the rest.
_AFTER_LABEL = re.compile(r"^\s*(?:[:,、.—\-]+|\s+|$)")
_DAY_AFTER = re.compile(r"^\s*\d{1,2}\s*[日号]|^\s*[上中下]旬|^\s*(?:初|底|末)")
# The day after a month in a schedule's label (3月8日, 5月上旬, 6月底前): part of the label,
# so that the item is "组织春游", not "8日组织春游".
_DAY_OF_LABEL = re.compile(
    r"\s*(?:(?:[12]\d|3[01]|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号]"
    r"|[上中下]旬|初|底|末)(?:\s*(?:前后|左右|前|后))?"
)


def month_label(norm: str, *, strict: bool = True) -> tuple[list[int], str, str] | None:
    """(months, label, rest) when the line starts with a month label.

    strict: the month must be followed by 份, a colon, a space or the end of the line, so
    that "3月8日前，组织……" in the body of a section stays a sentence; inside a schedule any
    line that starts with a month is a new entry.
    """
    year = YEAR_PREFIX.match(norm)
    start = year.end() if year else 0
    match = MONTH_GROUP.match(norm, start)
    if not match:
        return _term_label(norm, start)
    months = group_months(match.group("group"))
    if not months:
        return None
    rest = norm[match.end() :]
    if strict and not match.group("group").endswith("份") and not _AFTER_LABEL.match(rest):
        return None
    if strict and _DAY_AFTER.match(rest) and not match.group("group").endswith("份"):
        return None
    end = match.end()
    if not strict and len(months) == 1:
        day = _DAY_OF_LABEL.match(norm, end)
        if day:
            end = day.end()
            rest = norm[end:]
    label = norm[:end].strip()
    rest = re.sub(r"^\s*[:,、.—\-]*\s*", "", rest)
    return months, label, rest


# A term as a schedule label: "一季度：", "下半年：", "暑假期间：" — with a colon (or alone on
# its line), since "上半年组织春游" is a sentence that names its term.
_TERM_LABEL = re.compile(
    "(?:"
    + "|".join(rx for code, rx in _TERM_PATTERNS if code != "whole_year")
    + r")(?:期间|内)?\s*(?::|$)"
)


def _term_label(norm: str, start: int) -> tuple[list[int], str, str] | None:
    match = _TERM_LABEL.match(norm, start)
    if not match:
        return None
    term = find_term(match.group())
    months = term_months(term)
    if not months:
        return None
    return months, norm[: match.end()].rstrip(": "), norm[match.end() :].strip()


# A date written with a dot, as the tables of union and school calendars write them: 3.8
# (三八), 5.1, 6.1, 9.10, a range 3.8—3.10. Month 1–12 and day 1–31, so 1.15 may be a date
# and 2.35 is not, nor 1.5万元; whether 3.1 is a date or an outline number the parser
# decides by where the line stands (a table, a schedule, after 3、).
_DOTTED = r"(?:1[0-2]|0?[1-9])\.(?:3[01]|[12]\d|0?[1-9])(?![\d.]|\s*[万千百亿%元倍])"
_DOTTED_DATE = re.compile(
    rf"(?P<first>{_DOTTED})(?:\s*{_RANGE}\s*(?P<last>{_DOTTED}))?"
    r"(?:\s*(?:前后|左右|以前|之前|前|后|日|号))?"
)


def dotted_date(norm: str) -> tuple[list[int], str, str] | None:
    """(months, label, rest) when the text starts with a dotted date (3.8, 5.1—5.4)."""
    match = _DOTTED_DATE.match(norm)
    if not match:
        return None
    first = int(match.group("first").split(".")[0])
    last = int(match.group("last").split(".")[0]) if match.group("last") else first
    months = [((first + step - 1) % 12) + 1 for step in range((last - first) % 12 + 1)]
    rest = re.sub(r"^\s*[:,、—\-]*\s*", "", norm[match.end() :])
    return months, match.group().strip(), rest


# The weeks of a school term, as a school's calendar (行事历) numbers them: 第一周, 第1周,
# 第3—4周, 第十九、二十周, 1—2周. A term has about twenty weeks.
_WEEK_NUMBER = r"(?:[一二三四五六七八九十]{1,3}|\d{1,2})"
_WEEK_GROUP = re.compile(
    rf"(?P<group>第?\s*{_WEEK_NUMBER}\s*(?:周)?"
    rf"(?:\s*(?:{_RANGE}|{_LIST})\s*第?\s*{_WEEK_NUMBER}\s*(?:周)?)*)(?<=周)(?:次)?"
)
_WEEK_TOKEN = re.compile(rf"(?P<week>{_WEEK_NUMBER})|(?P<range>{_RANGE})")
MAX_WEEK = 25


def week_label(norm: str, *, strict: bool = True) -> tuple[list[int], str, str] | None:
    """(weeks, label, rest) when the line starts with a week of the term (第三周：…).

    Like month_label, strict asks for a colon, a space or the end of the line after it,
    and a label without 第 must be a range (1—2周), so "2周内完成" stays a sentence."""
    match = _WEEK_GROUP.match(norm)
    if not match:
        return None
    group = match.group("group")
    if "第" not in group and not re.search(_RANGE, group):
        return None
    rest = norm[match.end() :]
    if strict and not _AFTER_LABEL.match(rest):
        return None
    weeks: list[int] = []
    pending_range = False
    for token in _WEEK_TOKEN.finditer(group):
        if token.lastgroup == "range":
            pending_range = bool(weeks)
            continue
        value = to_int(token.group())
        if value is None or not 1 <= value <= MAX_WEEK:
            return None
        if pending_range and value > weeks[-1]:
            weeks.extend(range(weeks[-1] + 1, value + 1))
        elif value not in weeks:
            weeks.append(value)
        pending_range = False
    rest = re.sub(r"^\s*[:,、.—\-]*\s*", "", rest)
    return weeks, norm[: match.end()].strip(), rest


# The first day of the autumn term: week n starts 7(n−1) days after it. A spring term's
# first week moves with the Spring Festival (mid-February to early March), so its weeks
# are not turned into months.
_AUTUMN_TERM_START = _dt.date(2001, 9, 1)


def week_months(weeks: list[int], start_month: int) -> list[int]:
    """The months of a school year's weeks (start_month 9: weeks count from 1 September);
    [] when the plan's year is not known to start with the autumn term."""
    if start_month != 9 or not weeks:
        return []
    months: list[int] = []
    for week in weeks:
        month = (_AUTUMN_TERM_START + _dt.timedelta(days=7 * (week - 1))).month
        if month not in months:
            months.append(month)
    return months


# Recurrence. per: month / week / quarter / term / year / day.
_PER = {
    "月": "month",
    "个月": "month",
    "周": "week",
    "星期": "week",
    "礼拜": "week",
    "季度": "quarter",
    "季": "quarter",
    "学期": "term",
    "年": "year",
    "年度": "year",
    "天": "day",
    "日": "day",
}
_PER_RX = r"(?:个月|月|周|星期|礼拜|季度|季|学期|年度|年|天|日)"
_COUNT = r"[\d一二两三四五六七八九十]{1,3}"
_LEAST = r"(?:至少|不少于|不低于|最少)"
# 每月一次 / 每季度召开一次 / 每学期至少一次 / 每年组织两次
_EVERY = re.compile(
    rf"每(?:个)?(?P<half>半)?(?P<per>{_PER_RX})(?:[^,;。每]{{0,16}}?(?P<least>{_LEAST})?\s*(?P<n>{_COUNT})\s*(?:次|回|场|期|批)(?P<more>以上)?)?"
)
# 一年两次 / 一学期一次 / 半年一次 / 一年一度
_ONE_PER = re.compile(
    rf"(?<![\d一二三四五六七八九十第])(?:(?:一|1)(?:个)?(?P<per>{_PER_RX})|(?P<half>半年))(?P<least>{_LEAST})?\s*(?P<n>{_COUNT})\s*(?:次|回|度)(?P<more>以上)?"
)


def find_recurrence(text: str) -> tuple[dict | None, tuple[int, int] | None]:
    """({"per", "times", "at_least"}, span) or (None, None)."""
    for rx in (_EVERY, _ONE_PER):
        match = rx.search(text)
        if not match:
            continue
        per = _PER.get(match.group("per") or "年", "year")
        times = to_int(match.group("n")) if match.group("n") else 1
        if not times:
            continue
        if match.group("half"):
            # 每半年一次 / 半年一次: twice a year.
            per, times = "year", times * 2
        # 每学期至少召开一次: the 至少 may come before the verb as well as before the count.
        at_least = bool(
            match.group("least") or match.group("more") or re.search(_LEAST, match.group(0))
        )
        return {"per": per, "times": times, "at_least": at_least}, match.span()
    return None, None


def find_year(text: str) -> int | None:
    """A plan's year: 2024年 / 2024—2025学年 (the first) / 二〇二四年; 20xx is no year."""
    match = re.search(r"(?<!\d)((?:19|20)\d{2})\s*(?:年|学年|[—\-~至]\s*(?:19|20)?\d{2})", text)
    if match:
        return int(match.group(1))
    match = re.search(r"([一二〇○零][〇○零一二三四五六七八九]{3})\s*年", text)
    if match:
        value = to_int(match.group(1))
        if value and 1900 <= value <= 2100:
            return value
    return None


_SPRING_TERM = re.compile(r"第二学期|下学期|春季学期|春学期")
_AUTUMN_TERM = re.compile(r"第一学期|上学期|秋季学期|秋学期")


def school_year(title: str, schedule_months: list[list[int]]) -> tuple[int, int]:
    """(month the plan's year starts in, years to add to the year in its title).

    A 学年 or an autumn term runs from September into the next calendar year: it starts
    in month 9. A spring term of "2023—2024学年" is in 2024: a calendar span one year on.
    Without words in the title, a schedule that starts in August–September and goes on
    into January–July is a school year too."""
    if _SPRING_TERM.search(title):
        return 1, 1 if "学年" in title else 0
    if "学年" in title or _AUTUMN_TERM.search(title):
        return 9, 0
    firsts = [min(months) for months in schedule_months if months]
    if firsts and firsts[0] in (8, 9) and any(m <= 7 for m in firsts[1:]):
        return 9, 0
    return 1, 0


def to_int_safe(number: str) -> int:
    """A heading's number as an int (0 when it is none): "12" / "十二" / "（3）"."""
    digits = re.sub(r"[^\d一二三四五六七八九十两]", "", number)
    return to_int(digits) or 0 if digits else 0
