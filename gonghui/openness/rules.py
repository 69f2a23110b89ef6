"""What a unit must make public to its staff, and when: the rules of 厂务/校务/院务公开 as data.

Each required item names its source and how sure we are of it (the marks of
docs/domain.md): **[A]** read in the binding text, **[B]** from a secondary source, **[C]**
a default of ours to be configured. The frequencies below are the usual practice of the
texts named: the enterprise texts say "regularly" (定期) for most items and name the
workers' congress as the place for the yearly ones, so a frequency here is a sensible
default that each union can change (ItemRule in models.py disables an item with a
reason or adds one of its own).

Sources, by the union's region (Organisation.region, read as the congress rules read it):
- 企业民主管理规定 (总工发〔2012〕12号), chapter 厂务公开 [B]: the national text, cited for
  enterprises everywhere no regional list is shipped (Anhui, Jiangsu... and Shanghai: no
  厂务公开 list of the Shanghai congress regulation was read). No article numbers of it were
  read, so the chapter is cited. Its list adds social insurance and housing fund payments,
  training funds and work safety to the Zhejiang one; the state-owned enterprises' items
  were read only in the Zhejiang text, so nationally they are marked [C].
- 浙江省企业民主管理条例 (2010) Art.20–22 [A], for enterprises in Zhejiang: what an
  enterprise publishes (plans and operations, rules affecting staff, labour and collective
  contracts, wage agreements; state-owned enterprises also major investments, large
  payments, tenders, 民主评议 results, hospitality spending); channels: the congress,
  notice boards, intranet; comments answered within 30 days (Art.22).
- 学校教职工代表大会规定 (教育部令第32号) [A: identity] and 教育部《关于全面推行校务公开
  工作的意见》 [B] for schools.
- 卫生部《关于全面推行医院院务公开的指导意见》 [B] for hospitals.
- Organs (机关): no binding list was read [C]; the usual items of 机关事务公开.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.democracy.rules import region_rule

# 浙江省企业民主管理条例 Art.22 [A]: comments and questions on what was published are
# answered within 30 days. Outside Zhejiang no deadline was read: the same 30 days is our
# default there [C].
ANSWER_DAYS = 30
# A period's notice is usually put up after the period (the third quarter's accounts in
# October), so a period counts as overdue only this long after it ends. [C]
GRACE_DAYS = 30


class Frequency(models.TextChoices):
    YEARLY = "yearly", _("Every year")
    HALF_YEARLY = "half_yearly", _("Every half year")
    QUARTERLY = "quarterly", _("Every quarter")
    PER_EVENT = "per_event", _("When it happens")


class Category(models.TextChoices):
    MANAGEMENT = "management", _("Plans and operations")  # 发展与经营管理
    STAFF = "staff", _("Staff rights and interests")  # 职工切身利益
    INTEGRITY = "integrity", _("Major decisions and clean conduct")  # 重大事项与廉洁
    OTHER = "other", _("Other")


class Period(models.TextChoices):
    """The span a notice covers. "event" has no span: it counts in the month it is put up."""

    YEAR = "year", _("Whole year")
    H1 = "h1", _("First half")
    H2 = "h2", _("Second half")
    Q1 = "q1", _("First quarter")
    Q2 = "q2", _("Second quarter")
    Q3 = "q3", _("Third quarter")
    Q4 = "q4", _("Fourth quarter")
    EVENT = "event", _("Single event")


PERIOD_MONTHS: dict[str, tuple[int, ...]] = {
    Period.YEAR: tuple(range(1, 13)),
    Period.H1: tuple(range(1, 7)),
    Period.H2: tuple(range(7, 13)),
    Period.Q1: (1, 2, 3),
    Period.Q2: (4, 5, 6),
    Period.Q3: (7, 8, 9),
    Period.Q4: (10, 11, 12),
}
FREQUENCY_PERIODS: dict[str, tuple[str, ...]] = {
    Frequency.YEARLY: (Period.YEAR,),
    Frequency.HALF_YEARLY: (Period.H1, Period.H2),
    Frequency.QUARTERLY: (Period.Q1, Period.Q2, Period.Q3, Period.Q4),
    Frequency.PER_EVENT: (),
}


def period_bounds(year: int, period: str) -> tuple[dt.date, dt.date]:
    months = PERIOD_MONTHS[period]
    start = dt.date(year, months[0], 1)
    last = months[-1]
    end = (dt.date(year + 1, 1, 1) if last == 12 else dt.date(year, last + 1, 1)) - dt.timedelta(
        days=1
    )
    return start, end


def period_containing(frequency: str, day: dt.date) -> str:
    """The period of `frequency` that `day` falls in ("event" for per-event items)."""
    for period in FREQUENCY_PERIODS.get(frequency, ()):
        if day.month in PERIOD_MONTHS[period]:
            return period
    return Period.EVENT


def covers(notice_period: str, notice_month: int | None, required_period: str) -> bool:
    """A notice counts for a required period when what it covers lies inside it: a third
    quarter notice counts for the year, a yearly notice does not count for a quarter.
    A single-event notice counts in the month it was published (`notice_month`)."""
    required = set(PERIOD_MONTHS[required_period])
    if notice_period == Period.EVENT:
        return notice_month is not None and notice_month in required
    return set(PERIOD_MONTHS.get(notice_period, ())) <= required


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    frequency: str
    category: str
    source: str  # the national text and article, with its mark [A]/[B]/[C]
    state_owned_only: bool = False  # 国有及国有控股企业 only
    # (region key, source) where a regional text is cited instead of `source`; the keys
    # are those of gonghui.democracy.rules.REGIONS ("zhejiang", "shanghai").
    regional: tuple[tuple[str, str], ...] = ()

    def source_in(self, region_key: str) -> str:
        return dict(self.regional).get(region_key, self.source)


ZJ = "浙江省企业民主管理条例（2010）"
ZJ_A20 = f"{ZJ}第二十条 [A]"
ZJ_A21 = f"{ZJ}第二十一条（国有企业）[A]"
QY = "企业民主管理规定（总工发〔2012〕12号）厂务公开一章 [B]"
# The state-owned enterprises' items were read in the Zhejiang text only (domain.md §5):
# the national chapter is cited without an article, and marked unconfirmed.
QY_SOE = (
    "企业民主管理规定（总工发〔2012〕12号）厂务公开一章（国有及国有控股企业；"
    "此项据浙江条例第二十一条，全国规定的对应条文未核对）[C]"
)
IN_ZJ_A20 = (("zhejiang", ZJ_A20),)
IN_ZJ_A21 = (("zhejiang", ZJ_A21),)
JY = "教育部《关于全面推行校务公开工作的意见》[B]"
JDH = "学校教职工代表大会规定（教育部令第32号）第七条 [A: 条文名称]"
WS = "卫生部《关于全面推行医院院务公开的指导意见》[B]"
OWN = "本级工会确定的常规公开事项 [C]"

M, S, INT = Category.MANAGEMENT, Category.STAFF, Category.INTEGRITY
Y, H, Q, E = Frequency.YEARLY, Frequency.HALF_YEARLY, Frequency.QUARTERLY, Frequency.PER_EVENT

# `source` is the national text; `regional` the Zhejiang article where there is one. The
# national additions (insurance, training, safety) cite the national chapter in Zhejiang too.
ENTERPRISE: tuple[Item, ...] = (
    Item(
        "plans", _("Development plans and yearly operating targets"), Y, M, QY, regional=IN_ZJ_A20
    ),
    Item(
        "operations",
        _("Production, operations and financial results"),
        H,
        M,
        QY,
        regional=IN_ZJ_A20,
    ),
    Item("rules", _("Rules and regulations affecting staff"), E, S, QY, regional=IN_ZJ_A20),
    Item(
        "contracts", _("Labour contracts and the collective contract"), Y, S, QY, regional=IN_ZJ_A20
    ),
    Item("wages", _("Wage agreement and pay scheme"), Y, S, QY, regional=IN_ZJ_A20),
    Item("insurance", _("Social insurance and housing fund payments"), H, S, QY),
    Item("training", _("Use of the staff training fund"), Y, S, QY),
    Item("safety", _("Work safety and occupational health"), H, S, QY),
    Item(
        "evaluation",
        _("Results of the democratic evaluation of leaders"),
        Y,
        INT,
        QY_SOE,
        True,
        regional=IN_ZJ_A21,
    ),
    Item("investments", _("Major investment decisions"), E, INT, QY_SOE, True, regional=IN_ZJ_A21),
    Item("payments", _("Use of large sums of money"), Q, INT, QY_SOE, True, regional=IN_ZJ_A21),
    Item(
        "tenders",
        _("Tenders for projects and bulk purchases"),
        E,
        INT,
        QY_SOE,
        True,
        regional=IN_ZJ_A21,
    ),
    Item("hospitality", _("Hospitality spending"), H, INT, QY_SOE, True, regional=IN_ZJ_A21),
)

SCHOOL: tuple[Item, ...] = (
    Item("plans", _("School development plan and yearly work plan"), Y, M, JDH),
    Item("finance", _("School income and spending"), Q, M, JY),
    Item("enrolment", _("Enrolment plan and admissions"), Y, M, JY),
    Item("rules", _("Rules and regulations affecting staff"), E, S, JDH),
    Item("titles", _("Professional titles: conditions, procedure and results"), Y, S, JY),
    Item("performance_pay", _("Distribution of performance-related pay"), H, S, JY),
    Item("awards", _("Selection of model teachers and awards"), Y, S, JY),
    Item("insurance", _("Social insurance and housing fund payments"), Y, S, JY),
    Item("construction", _("Building works and purchases: tenders and results"), E, INT, JY),
    Item("hospitality", _("Hospitality spending"), H, INT, JY),
)

HOSPITAL: tuple[Item, ...] = (
    Item("plans", _("Hospital development plan and yearly work plan"), Y, M, WS),
    Item("finance", _("Hospital income and spending"), Q, M, WS),
    Item("rules", _("Rules and regulations affecting staff"), E, S, WS),
    Item("titles", _("Professional titles: conditions, procedure and results"), Y, S, WS),
    Item("performance_pay", _("Distribution of performance-related pay"), H, S, WS),
    Item("awards", _("Selection of model workers and awards"), Y, S, WS),
    Item("insurance", _("Social insurance and housing fund payments"), Y, S, WS),
    Item("purchases", _("Purchase of drugs, equipment and consumables"), Q, INT, WS),
    Item("construction", _("Building works: tenders and results"), E, INT, WS),
    Item("hospitality", _("Hospitality spending"), H, INT, WS),
)

ORGAN: tuple[Item, ...] = (
    Item("plans", _("Yearly work plan and its results"), Y, M, OWN),
    Item("finance", _("Budget and final accounts"), Y, M, OWN),
    Item("rules", _("Rules and regulations affecting staff"), E, S, OWN),
    Item("appointments", _("Staff selection and appointments"), E, S, OWN),
    Item("awards", _("Selection of model workers and awards"), Y, S, OWN),
    Item("welfare", _("Staff welfare spending"), Y, S, OWN),
    Item("hospitality", _("Hospitality spending"), H, INT, OWN),
)

# Unit type (orgs.UnitType) → the items and the name of the system there. A street or
# community union is a joint union of small enterprises (区域性厂务公开): enterprise items.
BY_UNIT_TYPE: dict[str, tuple[Item, ...]] = {
    "enterprise": ENTERPRISE,
    "community": ENTERPRISE,
    "other": ENTERPRISE,
    "school": SCHOOL,
    "hospital": HOSPITAL,
    "organ": ORGAN,
}
SYSTEM_NAMES = {
    "enterprise": _("Factory affairs openness"),  # 厂务公开
    "community": _("Factory affairs openness"),
    "school": _("School affairs openness"),  # 校务公开
    "hospital": _("Hospital affairs openness"),  # 院务公开
    "organ": _("Government affairs openness"),  # 政务公开
    "other": _("Affairs openness"),  # 事务公开
}


def region_key(region: str) -> str:
    """The key of the rules of a region as written on an organisation ("浙江省杭州市" →
    "zhejiang"), read as the congress rules read it; "national" where none is shipped."""
    return region_rule(region).key


def builtin_items(unit_type: str, *, state_owned: bool = False, region: str = "") -> list[Item]:
    """The items the rules require of a unit of this type, before the union's changes,
    each citing the text of the union's `region` (Organisation.region, its own or its
    nearest ancestor's): the regional article where one is shipped, else the national."""
    items = BY_UNIT_TYPE.get(unit_type, ENTERPRISE)
    key = region_key(region)
    return [
        replace(i, source=i.source_in(key)) for i in items if state_owned or not i.state_owned_only
    ]


def system_name(unit_type: str) -> str:
    return str(SYSTEM_NAMES.get(unit_type, SYSTEM_NAMES["other"]))


def answer_due(asked_on: dt.date) -> dt.date:
    return asked_on + dt.timedelta(days=ANSWER_DAYS)
