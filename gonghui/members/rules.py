"""Membership rules as data, each naming its source (domain.md §1)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LapseRule:
    """Automatic lapse (自动退会) only when ALL hold; the software flags, a cadre decides."""

    unpaid_months: int
    source: str


LAPSE = LapseRule(
    unpaid_months=6,
    source="中国工会章程 第六条：连续六个月不交纳会费、不参加工会组织生活，经教育拒不改正，视为自动退会 [A]",
)

# 保留会籍: no dues, no vote or candidacy in union elections (章程 Art.8; 选举条例 2016 Art.4).
RETAINED_PAYS_DUES = False
RETAINED_MAY_VOTE = False
