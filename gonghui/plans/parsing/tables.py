"""Tables of a plan flattened into text: a row a line with its cells apart (tabs, bars,
wide spaces: how .docx tables and copied web tables arrive), or one cell a line.

A table is known by its header (月份 / 活动内容 / 参加人员): the role of each column tells
the time of a row from what is done and from who does it, so a row gives a schedule entry
whose items are its content cells only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import dates

CELL_SPLIT = re.compile(r"\t+|\s*\|\s*|\s{3,}")

MONTH, CONTENT, OTHER = "month", "content", "other"
_HEADER_WORDS = {
    # The time of a row: a month, a date (3.8), a week of the term (第3周).
    MONTH: {
        "月份",
        "时间",
        "日期",
        "月",
        "时间安排",
        "活动时间",
        "工作时间",
        "活动日期",
        "具体时间",
        "实施时间",
        "开展时间",
        "计划时间",
        "时间节点",
        "周次",
        "周",
        "周别",
    },
    CONTENT: {
        "工作内容",
        "活动内容",
        "内容",
        "主要工作",
        "工作安排",
        "工作项目",
        "活动项目",
        "主要内容",
        "工作任务",
        "项目",
        "活动名称",
        "工作要点",
        "重点工作",
        "主要活动",
        "工作事项",
        "活动主题",
        "主题",
        "具体内容",
    },
    OTHER: {
        "负责人",
        "责任人",
        "责任部门",
        "负责部门",
        "牵头部门",
        "参加人员",
        "参加对象",
        "参与人员",
        "参与对象",
        "活动对象",
        "参加者",
        "参加人",
        "参与人",
        "备注",
        "完成时限",
        "序号",
        "地点",
        "活动地点",
        "配合部门",
        "协办部门",
        "承办部门",
        "责任单位",
        "牵头单位",
        "责任处室",
        "责任科室",
        "参加范围",
        "对象",
        "组织部门",
        "负责",
        "完成时间",
        "牵头领导",
        "责任领导",
        "活动形式",
        "形式",
        "经费预算",
    },
}
_HEADER_ROLE = {word: role for role, words in _HEADER_WORDS.items() for word in words}


def header_role(cell: str) -> str | None:
    """MONTH, CONTENT or OTHER for a column header's words; None for anything else."""
    return _HEADER_ROLE.get(cell.strip().rstrip(":").replace(" ", ""))


def cells(norm: str, text: str) -> list[tuple[str, str]]:
    """The cells of a row: (folded, original) pairs, empty cells left out. Split on the
    folded twin (an ideographic space is a space there) and cut the original at the same
    places, which hold since folding keeps the length."""
    out = []
    start = 0
    for gap in [*CELL_SPLIT.finditer(norm), None]:
        end = gap.start() if gap is not None else len(norm)
        if norm[start:end].strip():
            out.append((norm[start:end].strip(), text[start:end].strip()))
        if gap is not None:
            start = gap.end()
    return out


@dataclass
class TimeLabel:
    """The time a schedule entry is labelled with, as found at the start of a line or in
    a table's time cell."""

    months: list[int]
    text: str  # the label as written (folded)
    rest: str  # the words after it (folded)
    weeks: list[int] = field(default_factory=list)


def line_label(norm: str, *, strict: bool) -> TimeLabel | None:
    """A month (三月份：, 七、八月份, 一季度：) or a week of the term (第三周：) opening a line."""
    found = dates.month_label(norm, strict=strict)
    if found is not None:
        return TimeLabel(*found)
    found = dates.week_label(norm, strict=strict)
    if found is not None:
        weeks, text, rest = found
        return TimeLabel([], text, rest, weeks)
    return None


def time_cell(norm: str) -> TimeLabel | None:
    """The time of a table row: a month, a week, or a date written with a dot (3.8, 5.1),
    which in a table's time column is never an outline number."""
    found = line_label(norm, strict=False)
    if found is None and (dotted := dates.dotted_date(norm)) is not None:
        found = TimeLabel(*dotted)
    return found
