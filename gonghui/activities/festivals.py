"""The festival calendar of a union's year (issue #5): which festivals fall when, for any
year, and what a union usually does for each.

Pure Python, no Django: lunar dates and solar terms come from `lunar_python` (6tail's
calendar library, pure Python, covering far more than 1901–2099), so nothing here is a
hand-made table that runs out.

Festival names and activity suggestions are the domain's own Chinese words (like the plan
taxonomy's CATEGORY_ZH), not interface text to translate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from lunar_python import Lunar, Solar

Kind = Literal["statutory", "traditional", "union", "professional"]
KINDS: tuple[Kind, ...] = ("statutory", "traditional", "union", "professional")

# 基层工会经费收支管理办法: festival goods for all members may be bought with union funds
# only on these seven (plus approved minority festivals, which are provincial).
GIFT_RULE_SOURCE = "基层工会经费收支管理办法（总工办发〔2017〕32号）"
GIFT_FESTIVALS = frozenset(
    {"yuandan", "chunjie", "qingming", "laodong", "duanwu", "zhongqiu", "guoqing"}
)

# 全国年节及纪念日放假办法: 清明, 端午 and 中秋 became public holidays on 2008-01-01;
# 除夕 was a holiday day from 2008 to 2013 and again from 2025 (the 2024 revision).
HOLIDAY_SINCE_2008 = frozenset({"qingming", "duanwu", "zhongqiu"})


def _chuxi_is_holiday(year: int) -> bool:
    return 2008 <= year <= 2013 or year >= 2025


@dataclass(frozen=True)
class Festival:
    key: str  # stable identifier, e.g. "chunjie"
    name: str  # Chinese name, e.g. "春节"
    date: dt.date
    kind: Kind
    lunar: bool  # fixed by the lunar calendar (春节, 中秋, ...)
    gift_allowed: bool  # one of GIFT_FESTIVALS
    suggestions: tuple[str, ...]  # activities a union usually holds
    activity_kind: str  # suggested kind of activity, a code of activities.models.Kind
    category: str  # the plan task category it serves, a code of gonghui.plans.taxonomy
    solar_term: bool = False  # 清明 and 冬至: computed from the sun, not fixed
    lunar_label: str = ""  # e.g. "腊月廿九" for lunar festivals

    @property
    def suggestion_text(self) -> str:
        return "、".join(self.suggestions)


@dataclass(frozen=True)
class _Rule:
    key: str
    name: str
    kind: Kind
    category: str
    suggestions: tuple[str, ...]
    solar: tuple[int, int] | None = None  # Gregorian (month, day)
    lunar: tuple[int, int] | None = None  # lunar (month, day), never a leap month
    term: str | None = None  # solar term name, as lunar_python spells it
    last_of_lunar_year: bool = False  # 除夕: 腊月廿九 or 三十, whichever ends the year
    activity_kind: str = "festival"  # 节日庆祝, unless another kind fits better


GIFT = "发放节日慰问品"

RULES: tuple[_Rule, ...] = (
    _Rule(
        "yuandan",
        "元旦",
        "statutory",
        "culture",
        ("迎新年联欢会", "新年健步走", GIFT),
        solar=(1, 1),
    ),
    _Rule("laba", "腊八节", "traditional", "care", ("送腊八粥", "走访慰问一线职工"), lunar=(12, 8)),
    _Rule(
        "chuxi",
        "除夕",
        "traditional",
        "care",
        ("慰问节日值班职工", "送年夜饭"),
        last_of_lunar_year=True,
    ),
    _Rule(
        "chunjie",
        "春节",
        "statutory",
        "care",
        ("送温暖走访慰问困难职工", "新春联欢会", "写春联送福字", GIFT),
        lunar=(1, 1),
    ),
    _Rule("yuanxiao", "元宵节", "traditional", "culture", ("猜灯谜", "包汤圆"), lunar=(1, 15)),
    _Rule(
        "funu",
        "三八妇女节",
        "union",
        "women",
        ("女职工座谈会", "女职工健康讲座", "踏青"),
        solar=(3, 8),
    ),
    _Rule(
        "zhishu",
        "植树节",
        "union",
        "culture",
        ("义务植树",),
        solar=(3, 12),
        activity_kind="volunteer",
    ),
    _Rule(
        "qingming",
        "清明节",
        "statutory",
        "culture",
        ("缅怀先烈祭扫活动", "春季踏青", GIFT),
        term="清明",
        activity_kind="outing",
    ),
    _Rule(
        "laodong",
        "五一劳动节",
        "statutory",
        "awards",
        ("劳模表彰", "职工运动会", "劳动技能竞赛", GIFT),
        solar=(5, 1),
        activity_kind="sports",
    ),
    _Rule(
        "qingnian",
        "五四青年节",
        "union",
        "culture",
        ("青年职工座谈会", "青年职工联谊"),
        solar=(5, 4),
    ),
    _Rule(
        "hushi",
        "护士节",
        "professional",
        "awards",
        ("优秀护士表彰", "护理技能竞赛", "慰问一线护士"),
        solar=(5, 12),
    ),
    _Rule(
        "duanwu",
        "端午节",
        "statutory",
        "culture",
        ("包粽子比赛", "龙舟赛", GIFT),
        lunar=(5, 5),
    ),
    _Rule("ertong", "六一儿童节", "union", "culture", ("职工子女亲子活动",), solar=(6, 1)),
    _Rule(
        "jiandang",
        "七一建党节",
        "union",
        "training",
        ("党史学习", "重温入党誓词"),
        solar=(7, 1),
        activity_kind="lecture",
    ),
    _Rule(
        "jianjun",
        "八一建军节",
        "union",
        "care",
        ("走访慰问退役军人职工", "拥军优属活动"),
        solar=(8, 1),
    ),
    _Rule("qixi", "七夕", "traditional", "culture", ("青年职工联谊交友",), lunar=(7, 7)),
    _Rule(
        "jiaoshi",
        "教师节",
        "professional",
        "awards",
        ("优秀教师表彰", "慰问教师"),
        solar=(9, 10),
    ),
    _Rule(
        "zhongqiu",
        "中秋节",
        "statutory",
        "care",
        ("中秋慰问", "中秋游园会", GIFT),
        lunar=(8, 15),
    ),
    _Rule(
        "guoqing",
        "国庆节",
        "statutory",
        "culture",
        ("国庆主题活动", "爱国主义教育", GIFT),
        solar=(10, 1),
    ),
    _Rule(
        "chongyang",
        "重阳节",
        "traditional",
        "care",
        ("走访慰问退休职工", "登高"),
        lunar=(9, 9),
        activity_kind="retirees",
    ),
    _Rule("dongzhi", "冬至", "traditional", "culture", ("包饺子",), term="冬至"),
)
RULE_KEYS = tuple(r.key for r in RULES)
_ORDER = {k: i for i, k in enumerate(RULE_KEYS)}
# lunar_python names the solar terms of the neighbouring years in pinyin in the same table.
_TERM_PINYIN = {"清明": "QING_MING", "冬至": "DONG_ZHI"}


def _date(solar: Solar) -> dt.date:
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def _lunar_label(day: dt.date) -> str:
    lunar = Lunar.fromSolar(Solar.fromYmd(day.year, day.month, day.day))
    return f"{lunar.getMonthInChinese()}月{lunar.getDayInChinese()}"


def _dates(rule: _Rule, year: int) -> list[dt.date]:
    """The Gregorian dates of `rule` in `year`: usually one, but a lunar festival late in
    the lunar year can fall twice in one Gregorian year and not at all in the next
    (腊八 was on 2022-01-10 and 2022-12-30, and not in 2023)."""
    if rule.solar:
        return [dt.date(year, *rule.solar)]
    if rule.term:
        found = set()
        for lunar_year in (year - 1, year, year + 1):
            table = Lunar.fromYmd(lunar_year, 6, 1).getJieQiTable()
            for name in (rule.term, _TERM_PINYIN[rule.term]):
                if name in table and table[name].getYear() == year:
                    found.add(_date(table[name]))
        return sorted(found)
    if rule.last_of_lunar_year:
        # The day before 春节: 腊月三十 when the twelfth month is long, 腊月廿九 when short.
        return [_date(Lunar.fromYmd(year, 1, 1).getSolar()) - dt.timedelta(days=1)]
    month, day = rule.lunar
    out = []
    for lunar_year in (year - 1, year):
        d = _date(Lunar.fromYmd(lunar_year, month, day).getSolar())
        if d.year == year:
            out.append(d)
    return out


def _kind(rule: _Rule, year: int) -> Kind:
    if rule.key in HOLIDAY_SINCE_2008 and year < 2008:
        return "traditional"
    if rule.key == "chuxi" and _chuxi_is_holiday(year):
        return "statutory"
    return rule.kind


def festivals(year: int) -> list[Festival]:
    """Every festival of the Gregorian `year`, in date order."""
    return list(_festivals(year))


@lru_cache(maxsize=32)  # the conversions take tens of milliseconds a year; Festival is frozen
def _festivals(year: int) -> tuple[Festival, ...]:
    out = []
    for rule in RULES:
        lunar = bool(rule.lunar or rule.last_of_lunar_year)
        for day in _dates(rule, year):
            out.append(
                Festival(
                    key=rule.key,
                    name=rule.name,
                    date=day,
                    kind=_kind(rule, year),
                    lunar=lunar,
                    gift_allowed=rule.key in GIFT_FESTIVALS,
                    suggestions=rule.suggestions,
                    activity_kind=rule.activity_kind,
                    category=rule.category,
                    solar_term=bool(rule.term),
                    lunar_label=_lunar_label(day) if lunar else "",
                )
            )
    out.sort(key=lambda f: (f.date, _ORDER[f.key]))
    return tuple(out)


def upcoming(today: dt.date, days: int = 60) -> list[Festival]:
    """Festivals from `today` (included) to `today + days` (included), across year ends."""
    end = today + dt.timedelta(days=days)
    out = []
    for year in range(today.year, end.year + 1):
        out.extend(f for f in festivals(year) if today <= f.date <= end)
    return out
