"""The rules of fixed assets under 工会会计制度（财会〔2021〕7号）, as data with their source.

Pure Python, no database. What ../shared/docs/domain.md §4.1 says [A]: buying a fixed asset
is two entries (Dr 162 Cr 301, Dr 507xx Cr 102); depreciation is monthly, straight line,
no residual value (Dr 301 Cr 163); an item is a fixed asset from ¥1,000 (通用设备) or ¥1,500
(专用设备); the minimum years are 6 for computers and office equipment, 8 for vehicles, 15
for furniture, 5 for 用具, 10 for machinery. The expense sub-accounts of 507 are the
system's (50701 房屋建筑物 … 50707 其他).

Buildings have no minimum in domain.md; 30 years is the government depreciation table's
figure for brick-concrete buildings (政府会计准则第3号应用指南 固定资产折旧年限表) [C],
configurable here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

SOURCE = "工会会计制度（财会〔2021〕7号）162 固定资产、163 累计折旧 说明"
CENT = Decimal("0.01")

# The value from which an item is a fixed asset [A: domain.md §4.1].
GENERAL_THRESHOLD = Decimal("1000.00")  # 通用设备
SPECIAL_THRESHOLD = Decimal("1500.00")  # 专用设备


@dataclass(frozen=True)
class Category:
    code: str  # stored on the asset; never shown
    name: str  # the Chinese name, as the register and the vouchers print it
    min_years: int  # minimum depreciation years
    expense_account: str  # the 507 sub-account a purchase is booked on
    special: bool  # 专用设备: the ¥1,500 threshold instead of ¥1,000
    source: str


CATEGORIES: dict[str, Category] = {
    c.code: c
    for c in [
        Category("building", "房屋及构筑物", 30, "50701", False, "政府固定资产折旧年限表 [C]"),
        Category("office", "办公设备（含计算机）", 6, "50702", False, SOURCE + " [A]"),
        Category("furniture", "家具", 15, "50702", False, SOURCE + " [A]"),
        Category("utensil", "用具、装具", 5, "50707", False, SOURCE + " [A]"),
        Category("machinery", "机械设备", 10, "50703", True, SOURCE + " [A]"),
        Category("special", "专用设备（文体、医疗等）", 10, "50703", True, SOURCE + " [A]"),
        Category("vehicle", "交通工具", 8, "50704", False, SOURCE + " [A]"),
    ]
}
CATEGORY_CHOICES = [(c.code, c.name) for c in CATEGORIES.values()]


def category(code: str) -> Category | None:
    return CATEGORIES.get(code)


def threshold(cat: Category) -> Decimal:
    return SPECIAL_THRESHOLD if cat.special else GENERAL_THRESHOLD


def value_problem(cat: Category, value: Decimal) -> str | None:
    """Why an item of this value is not a fixed asset, or None."""
    limit = threshold(cat)
    if value < limit:
        kind = _("special equipment") if cat.special else _("general equipment")
        return _(
            "%(kind)s under %(limit)s yuan is not a fixed asset: book it as 库存物品 (141) "
            "or as an expense."
        ) % {"kind": kind, "limit": f"{limit:,.2f}"}
    return None


def years_problem(cat: Category, years: int) -> str | None:
    """Why `years` is not allowed for this category, or None."""
    if years < cat.min_years:
        return _("%(name)s is depreciated over at least %(n)s years.") % {
            "name": cat.name,
            "n": cat.min_years,
        }
    if years > 100:
        return _("At most 100 years.")
    return None


# -- depreciation: straight line, monthly, no residual value -------------------------
def months_between(start: dt.date, year: int, month: int) -> int:
    """How many months of depreciation an asset bought on `start` has had by the end of
    (year, month): depreciation starts the month after the purchase."""
    return (year - start.year) * 12 + (month - start.month)


def monthly_amount(original: Decimal, years: int) -> Decimal:
    return (original / (years * 12)).quantize(CENT, rounding=ROUND_HALF_UP)


def accumulated_target(original: Decimal, years: int, months: int) -> Decimal:
    """What the accumulated depreciation is after `months` months: the monthly amount
    times the months, never beyond the original value, and the whole value in the last
    month (which takes the rounding, so the total is exactly the original value)."""
    if months <= 0:
        return Decimal("0.00")
    if months >= years * 12:
        return original
    return min(monthly_amount(original, years) * months, original)


def month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)
