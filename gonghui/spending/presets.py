"""The spending rules as data: what a rule is about (item), how its cap is measured
(basis), and the built-in rule sets of the provinces with their source (domain.md §4.2).

Pure Python, no database. An upper union adopts a preset (services.preset_adopt): its rows
become SpendingRule rows of that union, effective from a date it picks, which it then
edits (a change is a new row). welfare.rules builds its built-in cap tables from these
presets, so the numbers live in one place.

Item names are the domain's own Chinese words (like welfare's occasions, which they match
where they exist): they are printed in the rule tables exactly as written. Marks as in
domain.md: [B] from a secondary source, [C] unconfirmed (a date or a value to check
against the province's own text).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# -- what a rule is about -------------------------------------------------------------

# Festivals on which festival goods may be given (the 2017 rules); the codes are welfare's.
FESTIVALS = {
    "yuandan": "元旦",
    "chunjie": "春节",
    "qingming": "清明",
    "laodong": "劳动节",
    "duanwu": "端午",
    "zhongqiu": "中秋",
    "guoqing": "国庆",
}


class Item(models.TextChoices):
    FESTIVAL = "festival", "节日慰问品"
    FESTIVAL_YUANDAN = "festival_yuandan", "元旦慰问品"
    FESTIVAL_CHUNJIE = "festival_chunjie", "春节慰问品"
    FESTIVAL_QINGMING = "festival_qingming", "清明慰问品"
    FESTIVAL_LAODONG = "festival_laodong", "劳动节慰问品"
    FESTIVAL_DUANWU = "festival_duanwu", "端午慰问品"
    FESTIVAL_ZHONGQIU = "festival_zhongqiu", "中秋慰问品"
    FESTIVAL_GUOQING = "festival_guoqing", "国庆慰问品"
    BIRTHDAY = "birthday", "生日"
    WEDDING = "wedding", "结婚"
    CHILDBIRTH = "childbirth", "生育"
    HOSPITAL = "hospital", "生病住院"
    HOSPITAL_SURGERY = "hospital_surgery", "住院手术"
    DEATH_MEMBER = "death_member", "会员去世"
    DEATH_RELATIVE = "death_relative", "直系亲属去世"
    RETIREMENT = "retirement", "退休"
    CONTEST_FIRST_PRIZE = "contest_first_prize", "竞赛一等奖奖金"
    CONTEST_WINNERS = "contest_winners", "竞赛获奖人数"
    GALA_PRIZE = "gala_prize", "文艺联欢奖品"
    OUTING = "outing", "春秋游"


# Items that are welfare occasions (same codes), and festival items → welfare's festival.
WELFARE_OCCASIONS = frozenset(
    {"birthday", "wedding", "childbirth", "hospital", "hospital_surgery"}
    | {"death_member", "death_relative", "retirement"}
)


def festival_of(item: str) -> str:
    """The welfare festival code of a named-festival item ("festival_chunjie" → "chunjie")."""
    return item.removeprefix("festival_") if item.startswith("festival_") else ""


class Basis(models.TextChoices):
    PER_MEMBER_YEAR = "member_year", _("per member per year")
    PER_FESTIVAL = "festival", _("per member per festival")
    BUDGET_SHARE = "budget_share", _("share of the year's budgeted income")
    PER_EVENT = "event", _("per event")
    ENTRANTS_SHARE = "entrants_share", _("share of the entrants")


# Bases measured in percent (the others in yuan).
PERCENT_BASES = frozenset({Basis.BUDGET_SHARE, Basis.ENTRANTS_SHARE})

# The expense sub-accounts an item is usually booked on (domain.md §4.1; the defaults of
# finance.mapping): 会员活动 for 慰问, 文体活动 for prizes of shows, 劳动和技能竞赛.
MEMBER_ACTIVITY, SPORTS, CONTEST = "50105", "50102", "50301"
DEFAULT_ACCOUNTS: dict[str, tuple[str, ...]] = {
    **{i.value: (MEMBER_ACTIVITY,) for i in Item},
    Item.CONTEST_FIRST_PRIZE.value: (CONTEST,),
    Item.CONTEST_WINNERS.value: (CONTEST,),
    Item.GALA_PRIZE.value: (SPORTS,),
}


# -- the presets ----------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    item: str
    basis: str
    value: Decimal  # yuan, or percent for PERCENT_BASES

    @property
    def accounts(self) -> tuple[str, ...]:
        return DEFAULT_ACCOUNTS.get(self.item, ())


@dataclass(frozen=True)
class Preset:
    code: str
    region: str
    label: str
    effective_from: dt.date  # when the province's text took effect
    source: str
    rows: tuple[Row, ...]
    mark: str = "B"
    date_mark: str = "B"
    note: str = ""


D = Decimal
E, Y, F = Basis.PER_EVENT, Basis.PER_MEMBER_YEAR, Basis.PER_FESTIVAL
SHARE, ENTRANTS = Basis.BUDGET_SHARE, Basis.ENTRANTS_SHARE


def _per_event(**caps: int) -> tuple[Row, ...]:
    return tuple(Row(item, E, D(v)) for item, v in caps.items())


PRESETS: list[Preset] = [
    Preset(
        "anhui-2018",
        "安徽",
        "安徽 2018",
        dt.date(2018, 1, 1),
        "安徽省基层工会经费收支管理实施细则（2018）",
        (
            Row("festival", Y, D(1500)),
            *_per_event(
                birthday=300,
                wedding=600,
                childbirth=600,
                hospital=1000,
                death_member=2000,
                death_relative=1000,
                retirement=1000,
            ),
        ),
    ),
    Preset(
        "anhui-later",
        "安徽",
        "安徽（修订后）",
        dt.date(2022, 1, 1),
        "安徽省基层工会经费收支管理实施细则（修订）",
        (
            Row("festival", Y, D(2000)),
            *_per_event(
                birthday=300,
                wedding=2000,
                childbirth=1000,
                hospital=1000,
                hospital_surgery=2000,
                death_member=2000,
                death_relative=1000,
                retirement=1000,
                contest_first_prize=500,
            ),
            Row("contest_winners", ENTRANTS, D("33.33")),
        ),
        date_mark="C",
        note="修订生效日期未核实（[C]），请按本省文件核对。",
    ),
    Preset(
        "other-2018",
        "另一省份",
        "另一省份 2018",
        dt.date(2018, 1, 1),
        "某省基层工会经费收支管理实施细则（2018，各省细则汇编表第三列）",
        (
            Row("festival", SHARE, D(30)),
            *_per_event(
                birthday=400,
                wedding=1000,
                childbirth=1000,
                hospital=2000,
                death_member=3000,
                death_relative=1000,
                retirement=1000,
            ),
            Row("contest_winners", ENTRANTS, D("66.67")),
        ),
        note="节日慰问品总额不超过当年经费收入的30%（按单位总额控制，不设每人上限）。",
    ),
    Preset(
        "guizhou",
        "贵州",
        "贵州",
        dt.date(2018, 1, 1),
        "贵州省基层工会经费收支管理实施细则",
        (
            *_per_event(birthday=300),
            Row("festival_chunjie", F, D(500)),
            *(Row(f"festival_{f}", F, D(200)) for f in FESTIVALS if f != "chunjie"),
        ),
        date_mark="C",
    ),
    Preset(
        "beijing-2019",
        "北京",
        "北京 2019",
        dt.date(2019, 1, 1),
        "北京市基层工会经费收支管理办法（2019）",
        (
            Row("festival", SHARE, D(50)),
            *_per_event(birthday=300, gala_prize=150),
        ),
        date_mark="C",
        note="慰问品须由会员本人实名签收；春节联欢奖品每人不超过150元。",
    ),
    Preset(
        "zhejiang-2020",
        "浙江",
        "浙江 2020",
        dt.date(2020, 1, 1),
        "浙江省基层工会经费收支管理实施办法（2020）",
        (Row("festival", Y, D(1500)),),
        date_mark="C",
    ),
    Preset(
        "ningxia",
        "宁夏",
        "宁夏",
        dt.date(2018, 1, 1),
        "宁夏回族自治区基层工会经费收支管理实施细则",
        (Row("contest_winners", ENTRANTS, D("33.33")),),
        date_mark="C",
    ),
]
BY_CODE: dict[str, Preset] = {p.code: p for p in PRESETS}
PRESET_CHOICES = [(p.code, p.label) for p in PRESETS]
