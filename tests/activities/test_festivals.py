"""The festival calendar's dates and rules (gonghui/activities/festivals.py), no database."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.activities.festivals import (
    GIFT_FESTIVALS,
    GIFT_RULE_SOURCE,
    KINDS,
    RULE_KEYS,
    festivals,
    upcoming,
)
from gonghui.plans.taxonomy import CATEGORY_CODES

D = dt.date


def date_of(key: str, year: int) -> dt.date:
    [day] = [f.date for f in festivals(year) if f.key == key]
    return day


def one(key: str, year: int):
    [f] = [f for f in festivals(year) if f.key == key]
    return f


# Dates published on the State Council's holiday notices and printed calendars.
KNOWN = [
    ("chunjie", D(2020, 1, 25)),
    ("chunjie", D(2023, 1, 22)),
    ("chunjie", D(2024, 2, 10)),
    ("chunjie", D(2025, 1, 29)),
    ("chunjie", D(2026, 2, 17)),
    ("chuxi", D(2024, 2, 9)),
    ("chuxi", D(2025, 1, 28)),
    ("chuxi", D(2026, 2, 16)),
    ("yuanxiao", D(2025, 2, 12)),
    ("qingming", D(2023, 4, 5)),
    ("qingming", D(2024, 4, 4)),
    ("qingming", D(2025, 4, 4)),
    ("duanwu", D(2024, 6, 10)),
    ("duanwu", D(2025, 5, 31)),
    ("qixi", D(2025, 8, 29)),
    ("zhongqiu", D(2023, 9, 29)),
    ("zhongqiu", D(2024, 9, 17)),
    ("zhongqiu", D(2025, 10, 6)),
    ("chongyang", D(2024, 10, 11)),
    ("chongyang", D(2025, 10, 29)),
    ("dongzhi", D(2024, 12, 21)),
    ("dongzhi", D(2025, 12, 21)),
    ("laba", D(2025, 1, 7)),
    ("laba", D(2026, 1, 26)),
    # The new moon of 1978-09-03 came 9 minutes after Beijing midnight: 中秋 on the 17th
    # (some Hong Kong tables, and the lunardate package, say the 16th).
    ("zhongqiu", D(1978, 9, 17)),
]


@pytest.mark.parametrize(("key", "day"), KNOWN, ids=[f"{k}-{d}" for k, d in KNOWN])
def test_known_dates(key, day):
    assert date_of(key, day.year) == day


def test_fixed_dates_fall_on_their_day():
    by_key = {f.key: f.date for f in festivals(2031)}
    assert by_key["yuandan"] == D(2031, 1, 1)
    assert by_key["funu"] == D(2031, 3, 8)
    assert by_key["zhishu"] == D(2031, 3, 12)
    assert by_key["laodong"] == D(2031, 5, 1)
    assert by_key["qingnian"] == D(2031, 5, 4)
    assert by_key["hushi"] == D(2031, 5, 12)
    assert by_key["ertong"] == D(2031, 6, 1)
    assert by_key["jiandang"] == D(2031, 7, 1)
    assert by_key["jianjun"] == D(2031, 8, 1)
    assert by_key["jiaoshi"] == D(2031, 9, 10)
    assert by_key["guoqing"] == D(2031, 10, 1)


def test_chuxi_is_the_29th_when_the_twelfth_month_is_short_and_the_30th_when_long():
    assert one("chuxi", 2025).lunar_label == "腊月廿九"  # 2025 to 2029 have no 年三十
    assert one("chuxi", 2026).lunar_label == "腊月廿九"
    assert one("chuxi", 2024).lunar_label == "腊月三十"
    assert one("chuxi", 2030).lunar_label == "腊月三十"


@pytest.mark.parametrize("year", [1901, 1950, 1978, 2000, 2033, 2057, 2099])
def test_every_year_has_each_festival_once_and_chuxi_the_eve_of_chunjie(year):
    items = festivals(year)
    keys = [f.key for f in items if f.key != "laba"]  # 腊八: see the next test
    assert sorted(keys) == sorted(k for k in RULE_KEYS if k != "laba")
    assert [f.date for f in items] == sorted(f.date for f in items)
    assert all(f.date.year == year for f in items)
    assert date_of("chuxi", year) == date_of("chunjie", year) - dt.timedelta(days=1)
    assert one("chuxi", year).lunar_label in ("腊月廿九", "腊月三十")
    assert one("chunjie", year).lunar_label == "正月初一"
    assert one("zhongqiu", year).lunar_label == "八月十五"
    assert D(year, 4, 3) <= date_of("qingming", year) <= D(year, 4, 6)
    assert D(year, 12, 20) <= date_of("dongzhi", year) <= D(year, 12, 23)


def test_laba_can_fall_twice_in_one_gregorian_year_and_not_at_all_in_the_next():
    assert [f.date for f in festivals(2022) if f.key == "laba"] == [D(2022, 1, 10), D(2022, 12, 30)]
    assert [f for f in festivals(2023) if f.key == "laba"] == []
    assert [f for f in festivals(2099) if f.key == "laba"] == []


def test_lunar_and_solar_term_flags():
    by_key = {f.key: f for f in festivals(2025)}
    assert {k for k, f in by_key.items() if f.lunar} == {
        "laba",
        "chuxi",
        "chunjie",
        "yuanxiao",
        "duanwu",
        "qixi",
        "zhongqiu",
        "chongyang",
    }
    assert {k for k, f in by_key.items() if f.solar_term} == {"qingming", "dongzhi"}
    assert by_key["guoqing"].lunar_label == ""


def test_festival_goods_are_allowed_on_exactly_the_seven_festivals():
    items = festivals(2025)
    allowed = {f.name for f in items if f.gift_allowed}
    assert allowed == {"元旦", "春节", "清明节", "五一劳动节", "端午节", "中秋节", "国庆节"}
    assert len(GIFT_FESTIVALS) == 7
    assert "总工办发〔2017〕32号" in GIFT_RULE_SOURCE


def test_kinds():
    by_key = {f.key: f for f in festivals(2025)}
    assert all(f.kind in KINDS for f in by_key.values())
    assert {k for k, f in by_key.items() if f.kind == "statutory"} == GIFT_FESTIVALS | {"chuxi"}
    assert by_key["jiaoshi"].kind == by_key["hushi"].kind == "professional"
    assert by_key["funu"].kind == "union"
    assert by_key["chongyang"].kind == "traditional"
    # 除夕 was a holiday day 2008–2013 and again from 2025; 清明/端午/中秋 only since 2008.
    assert one("chuxi", 2024).kind == "traditional"
    assert one("chuxi", 2010).kind == "statutory"
    assert one("zhongqiu", 2007).kind == "traditional"
    assert one("zhongqiu", 2008).kind == "statutory"


def test_suggestions_and_activity_kinds():
    by_key = {f.key: f for f in festivals(2025)}
    assert {"女职工座谈会", "女职工健康讲座", "踏青"} <= set(by_key["funu"].suggestions)
    assert {"劳模表彰", "职工运动会"} <= set(by_key["laodong"].suggestions)
    assert "优秀教师表彰" in by_key["jiaoshi"].suggestions
    assert {"走访慰问退休职工", "登高"} <= set(by_key["chongyang"].suggestions)
    assert {"新春联欢会"} <= set(by_key["chunjie"].suggestions)
    assert any("送温暖" in s for s in by_key["chunjie"].suggestions)
    assert "中秋慰问" in by_key["zhongqiu"].suggestions
    assert "包粽子比赛" in by_key["duanwu"].suggestions
    assert by_key["funu"].category == "women"
    assert by_key["chongyang"].activity_kind == "retirees"
    assert by_key["zhongqiu"].activity_kind == "festival"
    assert all(f.suggestions and f.category in CATEGORY_CODES for f in by_key.values())


def test_activity_kinds_are_kinds_of_activity():
    from gonghui.activities.models import Kind

    assert {f.activity_kind for f in festivals(2025)} <= set(Kind.values)


def test_upcoming_spans_the_year_end():
    items = upcoming(D(2025, 12, 15), days=60)
    assert [(f.key, f.date) for f in items] == [
        ("dongzhi", D(2025, 12, 21)),
        ("yuandan", D(2026, 1, 1)),
        ("laba", D(2026, 1, 26)),
    ]


def test_upcoming_includes_today_and_the_last_day_only():
    assert [f.key for f in upcoming(D(2025, 10, 1), days=5)] == ["guoqing", "zhongqiu"]
    assert [f.key for f in upcoming(D(2025, 10, 2), days=3)] == []
    assert [f.key for f in upcoming(D(2025, 10, 2), days=4)] == ["zhongqiu"]


def test_upcoming_over_more_than_a_year():
    items = upcoming(D(2025, 1, 1), days=800)
    assert [f.date for f in items if f.key == "chunjie"] == [
        D(2025, 1, 29),
        D(2026, 2, 17),
        D(2027, 2, 6),
    ]


def test_festivals_returns_a_fresh_list():
    festivals(2025).clear()
    assert festivals(2025)
