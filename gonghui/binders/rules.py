"""The sections of the inspection binder (台账) as data: their order, Chinese titles and
which producer (binders.producers) makes each file.

Source of the order: issue #16 item 5, "in the order inspectors expect (组织建设, 会员,
计划与总结, 职代会, 公开, 活动, 帮扶, 经费, 经审, 安全, 培训, 评优…)", which is the order of
the 规范化建设 / 职工之家 inspections the seed plans prepare for
(../shared/seed/000_3484bbb64bccdd70.txt: "建立健全工作资料档案，做到工作台帐记录详细"
(line 111), "完善各类台账资料" (line 123), "重视工会宣传和工会台帐资料的建立健全工作"
(line 879), "建立困难职工档案" (lines 297, 775), "做好资料的整理归档工作" (line 999)).
A change of the order or a new section is a change here, not in the code that builds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ISSUE = "issue #16 item 5 (台账); seed plans lines 111, 123, 297, 775, 879, 999"
CONTENTS_NAME = "00-目录.pdf"  # the zip's first file: every file in order
FIRST_YEAR = 2000  # years before this are refused (no union keeps such records here)
# A binder still "waiting" or "building" after this long was lost with its worker (the
# demo school's takes about 20 s): asking again starts a new one instead of waiting on it.
STALE_AFTER_MINUTES = 30
# A finished binder is a copy of records that keep changing, and holds personal data
# (the roster, hardship files): its file is deleted this many days after it was built
# (setting BINDER_KEEP_DAYS), and as soon as the same person builds the same union's
# binder of the same year again (only the newest is kept). Our choice, not a rule: an
# inspection is prepared within days, and a binder is rebuilt in under a minute.
KEEP_DAYS = 7


def keep_days() -> int:
    """Days a finished binder's file is kept: settings.BINDER_KEEP_DAYS, else KEEP_DAYS."""
    from django.conf import settings

    days = getattr(settings, "BINDER_KEEP_DAYS", None)
    if days in (None, ""):
        return KEEP_DAYS
    days = int(days)
    if days < 1:
        raise ValueError("BINDER_KEEP_DAYS must be 1 or more")
    return days


@dataclass(frozen=True)
class Section:
    number: int
    title: str  # Chinese, as inspectors name the binder's tabs
    producers: tuple[str, ...]  # keys of binders.producers.PRODUCERS, in file order
    source: str = ISSUE

    @property
    def folder(self) -> str:
        return f"{self.number:02d}-{self.title}"


SECTIONS: tuple[Section, ...] = (
    Section(1, "组织建设", ("organisation",)),
    Section(2, "会员", ("member_changes", "roster")),
    Section(3, "计划与总结", ("plans", "summary")),
    Section(4, "职代会", ("congress", "proposals_sheet")),
    Section(5, "公开", ("openness",)),
    Section(6, "活动", ("activities",)),
    Section(7, "帮扶", ("visits", "visits_sheet", "hardship", "aid")),
    Section(8, "经费", ("ledgers", "ledger_sheets", "statements", "assets")),
    Section(9, "经审", ("oversight",)),
    Section(10, "安全", ("safety",)),
    Section(11, "培训", ("training",)),
    Section(12, "评优", ("awards",)),
)


def producer_keys() -> list[str]:
    """Every producer the sections name, in binder order."""
    return [key for section in SECTIONS for key in section.producers]


def file_name(section: Section, index: int, title: str, ext: str) -> str:
    """ "07-帮扶/07-2-慰问明细.xlsx": numbered so that any unzip tool lists the files in
    the binder's order. A title may hold typed text (a fund's name): it can never name a
    folder or climb out of the zip (no separators, no "..", no control characters)."""
    clean = re.sub(r"[\\/:*?\"<>|\x00-\x1f]+", "_", title).replace("..", "_").strip(" .")
    return f"{section.folder}/{section.number:02d}-{index}-{clean[:60] or '_'}.{ext}"
