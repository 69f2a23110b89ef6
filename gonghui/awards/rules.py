"""Award kinds as data, their quotas and mix quotas, the negative list, and working days.

Sources (marks of ../shared/docs/domain.md: [A] binding text read, [B] secondary source,
[C] a default of ours, to configure):
- 全国五一劳动奖 (§9) [B]: the unit nominates → the 职工(代表)大会 discusses and approves →
  the upper union reviews → 公示. Mix quotas of the 奖章 (2022/2024 notices): 产业工人 ≥ 35%,
  一线职工 ≥ 20%, 科教人员 ≥ 20%, 农民工 ≥ 10%, 非公有制企业 ≥ 35%. Negative list: wage or
  social-insurance arrears, no union / 职代会 / 集体合同, a serious safety accident within
  three years.
- 模范职工之家/小家, 优秀工会工作者, 优秀工会积极分子, 优秀工会之友 (全总办公厅 2020-08-10)
  [B]: membership ≥ 90%, 会员评家 satisfaction ≥ 90% (asked here as documents).
- Grassroots practice (§9, and the seed plans' own words: 评选先进, 优秀工会工作者, 工会积极分子,
  先进工会小组, 文明家庭, 师德标兵, 优秀教师, 先进员工): nominated per 小组, opinions sought, 公示
  for 5 working days, common but configurable [C].

Award names are the domain's own Chinese words (like the festival names of
activities/festivals.py), not interface text to translate. Working days follow the State
Council's holiday schedule (调休 included) as `lunar_python` ships it (already the project's
calendar library); a year it does not hold yet falls back to weekends and the statutory
festival days of activities/festivals.py [C].
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

DEFAULT_PUBLICITY_DAYS = 5  # domain.md §9 [C]: "5 working days is common"
MAX_PUBLICITY_DAYS = 30

SRC_WUYI = "全国五一劳动奖推荐评选通知（2022、2024年）[B]"
SRC_ACFTU_2020 = "全总办公厅《关于表彰全国模范职工之家…的通知》（2020-08-10）[B]"
SRC_OWN = "本单位工会评选办法（工作计划：推荐评选、征求意见、公示）[C]"
SRC_PUBLICITY = "公示5个工作日为通行做法，可按奖项调整（domain.md §9）[C]"


class Nominee(models.TextChoices):
    MEMBER = "member", pgettext_lazy("nominee", "Member")
    GROUP = "group", pgettext_lazy("nominee", "Union group")
    DEPARTMENT = "department", pgettext_lazy("nominee", "Department or team")
    UNION = "union", pgettext_lazy("nominee", "Union")


class Source(models.TextChoices):
    OWN = "own", _("The union's own title")
    UPPER = "upper", _("Nomination to an upper award")


# What a nominee "is", for the mix quotas. Women and 农民工 are read from the member's record;
# the others are declared with the nomination (the roster does not hold them).
class Tag(models.TextChoices):
    INDUSTRIAL = "industrial", _("Industrial worker")  # 产业工人
    FRONTLINE = "frontline", _("Front-line worker")  # 一线职工
    SCI_EDU = "sci_edu", _("Scientist, engineer or teacher")  # 科教人员
    MIGRANT = "migrant", _("Migrant worker")  # 农民工
    NON_PUBLIC = "non_public", _("From a non-public enterprise")  # 非公
    WOMEN = "women", _("Woman")


DERIVED_TAGS = (Tag.WOMEN, Tag.MIGRANT)
DECLARED_TAGS = tuple(t for t in Tag if t not in DERIVED_TAGS)


# The negative list of the 五一 awards (domain.md §9 [B]): a unit with any of these is not
# nominated (for a person, their employer).
class Negative(models.TextChoices):
    WAGE_ARREARS = "wage_arrears", _("Wage arrears")
    INSURANCE_ARREARS = "insurance_arrears", _("Social insurance arrears")
    NO_UNION = "no_union", _("No union set up")
    NO_CONGRESS = "no_congress", _("No workers' congress")
    NO_CONTRACT = "no_contract", _("No collective contract")
    SAFETY = "safety", _("A serious safety accident in the last three years")


@dataclass(frozen=True)
class Mix:
    tag: str
    min_percent: int
    source: str


@dataclass(frozen=True)
class AwardKind:
    key: str
    name: str  # the title as awarded
    source: str  # Source: own title or upper award
    nominees: tuple[str, ...]  # Nominee values
    source_text: str  # where the rules of this kind come from
    level: str = "unit"  # the level of the title once held (TitleLevel)
    quota: int | None = None  # default number of places
    quota_percent: int | None = None  # or a share of the members (rounded up)
    mix: tuple[Mix, ...] = ()
    negatives: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()  # required documents, by name
    publicity_days: int = DEFAULT_PUBLICITY_DAYS
    congress_approval: bool = False  # the 职代会 discusses and approves the list

    @property
    def mix_lines(self) -> list[str]:
        """The mix quotas as people read them: 一线职工 ≥ 20%."""
        return [f"{Tag(m.tag).label} ≥ {m.min_percent}%" for m in self.mix]

    @property
    def nominee_labels(self) -> str:
        return "、".join(str(Nominee(n).label) for n in self.nominees)


PERSON, GROUPS = (Nominee.MEMBER,), (Nominee.GROUP, Nominee.DEPARTMENT)
UNITS = (Nominee.UNION, Nominee.DEPARTMENT)
WUYI_MIX = (
    Mix(Tag.INDUSTRIAL, 35, SRC_WUYI),
    Mix(Tag.FRONTLINE, 20, SRC_WUYI),
    Mix(Tag.SCI_EDU, 20, SRC_WUYI),
    Mix(Tag.MIGRANT, 10, SRC_WUYI),
    Mix(Tag.NON_PUBLIC, 35, SRC_WUYI),
)
ALL_NEGATIVES = tuple(Negative.values)
UPPER_FORM = "推荐表（上级工会格式）"
STORY = "事迹材料"

KINDS: tuple[AwardKind, ...] = (
    # The union's own titles.
    AwardKind("model_teacher", "师德标兵", Source.OWN, PERSON, SRC_OWN, quota_percent=5),
    AwardKind("excellent_teacher", "优秀教师", Source.OWN, PERSON, SRC_OWN, quota_percent=10),
    AwardKind("union_worker", "优秀工会工作者", Source.OWN, PERSON, SRC_OWN, quota=3),
    AwardKind("activist", "工会积极分子", Source.OWN, PERSON, SRC_OWN, quota_percent=5),
    AwardKind("advanced_group", "先进工会小组", Source.OWN, (Nominee.GROUP,), SRC_OWN, quota=2),
    AwardKind("civilised_family", "文明家庭", Source.OWN, PERSON, SRC_OWN, quota=5),
    AwardKind("advanced_staff", "先进员工", Source.OWN, PERSON, SRC_OWN, quota_percent=5),
    # Nominations to upper awards: the union's list, for the upper union to review.
    AwardKind(
        "wuyi_medal",
        "全国五一劳动奖章",
        Source.UPPER,
        PERSON,
        SRC_WUYI,
        level="national",
        quota=1,
        mix=WUYI_MIX,
        negatives=ALL_NEGATIVES,
        documents=(UPPER_FORM, STORY, "职代会审议意见"),
        congress_approval=True,
    ),
    AwardKind(
        "wuyi_banner",
        "全国五一劳动奖状",
        Source.UPPER,
        UNITS,
        SRC_WUYI,
        level="national",
        quota=1,
        negatives=ALL_NEGATIVES,
        documents=(UPPER_FORM, STORY, "职代会审议意见"),
        congress_approval=True,
    ),
    AwardKind(
        "pioneer",
        "工人先锋号",
        Source.UPPER,
        GROUPS,
        SRC_WUYI,
        level="national",
        quota=1,
        negatives=ALL_NEGATIVES,
        documents=(UPPER_FORM, STORY),
    ),
    AwardKind(
        "model_home",
        "模范职工之家",
        Source.UPPER,
        (Nominee.UNION,),
        SRC_ACFTU_2020,
        level="national",
        quota=1,
        documents=(UPPER_FORM, "入会率证明（≥90%）", "会员评家测评表（满意率≥90%）"),
    ),
    AwardKind(
        "model_small_home",
        "模范职工小家",
        Source.UPPER,
        GROUPS,
        SRC_ACFTU_2020,
        level="national",
        quota=1,
        documents=(UPPER_FORM, "会员评家测评表（满意率≥90%）"),
    ),
    AwardKind(
        "upper_union_worker",
        "优秀工会工作者（上级表彰）",
        Source.UPPER,
        PERSON,
        SRC_ACFTU_2020,
        level="national",
        quota=1,
        documents=(UPPER_FORM, STORY),
    ),
    AwardKind(
        "upper_activist",
        "优秀工会积极分子（上级表彰）",
        Source.UPPER,
        PERSON,
        SRC_ACFTU_2020,
        level="national",
        quota=1,
        documents=(UPPER_FORM, STORY),
    ),
    AwardKind(
        "union_friend",
        "优秀工会之友",
        Source.UPPER,
        PERSON,
        SRC_ACFTU_2020,
        level="national",
        quota=1,
        documents=(UPPER_FORM, STORY),
    ),
)
BY_KEY = {k.key: k for k in KINDS}


def kind(key: str) -> AwardKind:
    try:
        return BY_KEY[key]
    except KeyError:
        raise LookupError(f"unknown award kind {key!r}") from None


def kind_choices() -> list[tuple[str, str]]:
    return [(k.key, k.name) for k in KINDS]


# -- quotas ------------------------------------------------------------------------------------


def default_quota(award: AwardKind, members: int) -> int:
    """The places a round of `award` offers by default: a count, or a share of the union's
    members rounded up (at least one)."""
    if award.quota_percent:
        return max(1, math.ceil(members * award.quota_percent / 100))
    return award.quota or 1


@dataclass(frozen=True)
class MixShortfall:
    mix: Mix
    have: int
    need: int
    total: int


def mix_shortfalls(award: AwardKind, tag_sets: list[set[str]]) -> list[MixShortfall]:
    """The mix quotas the list (one set of tags per selected person) misses: each share is
    counted of the whole list and rounded up, so 5 names at 35% need 2."""
    total = len(tag_sets)
    out = []
    if not total:
        return out
    for mix in award.mix:
        need = math.ceil(total * mix.min_percent / 100)
        have = sum(1 for tags in tag_sets if mix.tag in tags)
        if have < need:
            out.append(MixShortfall(mix, have, need, total))
    return out


# -- working days ------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _schedule(year: int) -> dict[dt.date, bool] | None:
    """{day: is a working day} for the days the State Council's schedule names in `year`
    (holidays and the weekend days worked instead), or None when it is not known yet."""
    from lunar_python.util import HolidayUtil

    holidays = HolidayUtil.getHolidays(year) or []
    if len(holidays) < 10:  # a year that is not published (or only its New Year's day)
        return None
    out = {}
    for h in holidays:
        day = dt.date.fromisoformat(h.getDay())
        out[day] = bool(h.isWork())
    return out


@lru_cache(maxsize=16)
def _fallback_holidays(year: int) -> frozenset[dt.date]:
    from gonghui.activities.festivals import festivals

    return frozenset(f.date for f in festivals(year) if f.kind == "statutory")


def is_working_day(day: dt.date) -> bool:
    schedule = _schedule(day.year)
    if schedule is not None and day in schedule:
        return schedule[day]
    if schedule is None and day in _fallback_holidays(day.year):
        return False
    return day.weekday() < 5


def publicity_end(start: dt.date, working_days: int) -> dt.date:
    """The last day of a 公示 of `working_days` working days from `start`: `start` counts
    when it is a working day, holidays and weekends do not, worked weekend days do."""
    day, counted = start, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted >= working_days:
                return day
        day += dt.timedelta(days=1)
