"""What a document is, before it is imported as a plan: a work plan, a year-end summary, a
report to a congress, an openness notice.

A summary imported as a plan turns last year's achievements into this year's tasks, so
the import says what it found first (#15 §5). The title decides when it names its kind
(工作计划, 工作总结, 在职代会上的工作报告, 公示); otherwise the tense of the text does: a
plan says what will be done (将, 要, 计划, 力争), a summary what was done (共举办, 完成了,
取得, 回顾).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lines import fold

PLAN, SUMMARY, CONGRESS_REPORT, NOTICE, UNKNOWN = (
    "plan",
    "summary",
    "congress_report",
    "notice",
    "unknown",
)

_TITLE_RULES = [
    # Order matters: a congress's work report names 报告 and the congress; a "总结和计划"
    # is a plan that opens with the year behind it.
    (
        PLAN,
        re.compile(
            r"(?:总结|回顾).{0,6}(?:计划|打算|安排|思路)|计划|要点|打算|工作安排|工作思路|规划"
        ),
    ),
    (
        CONGRESS_REPORT,
        re.compile(r"(?:职代会|教代会|代表大会|会员大会|职工大会).{0,12}报告|工作报告"),
    ),
    (SUMMARY, re.compile(r"总结|述职|回顾")),
    (NOTICE, re.compile(r"公开|公示|公告|通知|通报")),
]
_FUTURE = re.compile(r"将|要|计划|拟|力争|争取|继续|准备|预计|确保|努力")
_PAST = re.compile(
    r"共举办|共开展|共组织|共慰问|共计|全年共|累计|已经|完成了|取得了|开展了|举办了|组织了|"
    r"慰问了|发放了|回顾|过去的一年|一年来|成绩|不足之处"
)


@dataclass(frozen=True)
class Kind:
    code: str
    evidence: str  # the words that decided, in the document's own Chinese


def document_kind(text: str) -> Kind:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[:3]:
        norm = fold(line)
        if len(norm) > 60:
            break
        for code, rx in _TITLE_RULES:
            match = rx.search(norm)
            if match:
                return Kind(code, line[:60])
    body = fold(" ".join(lines[:200]))
    future, past = len(_FUTURE.findall(body)), len(_PAST.findall(body))
    if past >= 5 and past > 2 * future:
        words = sorted(set(_PAST.findall(body)), key=body.index)[:3]
        return Kind(SUMMARY, "、".join(words))
    return Kind(PLAN if future else UNKNOWN, "")
