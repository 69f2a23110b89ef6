"""Quantities with units: 500人, 70650元, 1.5万元, 200万件, 12次, 两次, 三户, 98%."""

from __future__ import annotations

import re

from .model import Quantity
from .numbers import to_int

# Longest first, so 人次 wins over 人 and 课时 over 时. 个 not before 月 (3个月 is a span);
# 元 not in 元旦 / 元月; 次 not in 次年 / 一次性; 条 not in 条例 (一法两条例).
_UNITS = (
    r"人次|户次|平方米|课时|学时|小时|万元|周岁|岁|"
    r"人|名|元(?![旦月])|件|次(?![年性])|户|场|期|个(?!月)|项|篇|所|家|支|队|份|套|册|本|条(?!例)|"
    r"天|批|班|台|张|幅|首|部|%"
)
_QUANTITY = re.compile(
    rf"""
    (?<![第届每\d.零〇两一二三四五六七八九十百千])   # not ordinal (第三次, 七届四次), 每一名, mid-number
    (?P<num>\d+(?:\.\d+)?|[零〇两一二三四五六七八九十百千]+)
    \s*(?P<mult>万|亿)?
    (?:余|多)?\s*
    (?P<unit>{_UNITS})
    """,
    re.VERBOSE,
)
# A bare Chinese 一 counts only with units where it means a real number ("召开一次",
# "慰问一户"); "一个中心", "一支队伍", "一项制度", "一批新图书" are figures of speech.
_ONE_UNITS = {"次", "场", "期", "户", "名", "人", "天"}
# A quantity in quotation marks is a name: 女职工"五期"保护 (经期、孕期…), “三八”.
_OPEN_QUOTES = "“\"'‘「『"
_CLOSE_QUOTES = "”\"'’」』"
# Chinese numerals before 个 are slogans: 三个代表, 四个意识.
_CN_NOT_WITH = {"个"}


def find_quantities(text: str, skip: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Quantities in folded text; matches overlapping a span in skip (a recurrence, a month)
    are left out."""
    skip = skip or []
    found: list[Quantity] = []
    for match in _QUANTITY.finditer(text):
        if any(match.start() < end and start < match.end() for start, end in skip):
            continue
        quantity = _quantity(match)
        if quantity is not None:
            found.append(quantity)
    return found


def _quantity(match: re.Match) -> Quantity | None:
    num, unit = match.group("num"), match.group("unit")
    chinese = not num[0].isdigit()
    if chinese and (unit in _CN_NOT_WITH or (num == "一" and unit not in _ONE_UNITS)):
        return None
    if num == "一" and match.string[match.end() : match.end() + 1] == "一":
        return None  # 一户一策, 一人一档: a slogan
    before = match.string[match.start() - 1 : match.start()]
    after = match.string[match.end() : match.end() + 1]
    if before and after and before in _OPEN_QUOTES and after in _CLOSE_QUOTES:
        return None
    if num in ("百", "千", "万"):
        return None  # 千名学生评老师, 百名好人: the name of an activity, not a count
    value: float | int | None = to_int(num) if chinese else (float(num) if "." in num else int(num))
    if value is None:
        return None
    multiplier = {"万": 10_000, "亿": 100_000_000}.get(match.group("mult") or "", 1)
    if unit == "万元":
        multiplier, unit = multiplier * 10_000, "元"
    value = value * multiplier
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return Quantity(value=value, unit=unit)
