"""The rules of union money, as data with their source (domain.md §3–4, design §2).

Pure Python, no database: dues, the split of the 2% funds, the economic classes an expense
line carries, fixed-asset categories and thresholds, and straight-line depreciation. Marks as
in domain.md: [A] read in the binding text, [B] secondary source, [C] unconfirmed (so the
value is a default a union or an upper union can change).

Money is Decimal only: a float cannot hold 0.10 and the books must add up to the fen, so a
float argument raises TypeError (as funds/money.py does).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")


def _decimal(value, what: str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    raise TypeError(f"{what} must be a Decimal, not {type(value).__name__}")


# -- dues (会费) -------------------------------------------------------------------------

DUES_SOURCE = (
    "会费按本人每月工资收入的0.5%交纳，「工资尾数不足十元不计」[B]；"
    "取舍方式各地自定 [C]（../shared/docs/domain.md §3）"
)
ROUNDING_UNITS = {"fen": Decimal("0.01"), "jiao": Decimal("0.1"), "yuan": Decimal("1")}
ROUNDING_CHOICES = [
    ("fen", _("Round to the fen (0.01 yuan)")),
    ("jiao", _("Round to the jiao (0.1 yuan)")),
    ("yuan", _("Round to the yuan")),
]


@dataclass(frozen=True)
class DuesRule:
    rate: Decimal = Decimal("0.005")  # 0.5% of the monthly wage [B]
    tail: Decimal = Decimal("10")  # the part of the wage under ¥10 is not counted [B]
    rounding: str = "fen"  # the amount, half up: "fen" | "jiao" | "yuan" [C]
    source: str = DUES_SOURCE

    def __post_init__(self):
        if self.rounding not in ROUNDING_UNITS:
            raise ValueError(f"unknown rounding {self.rounding!r}")
        if _decimal(self.rate, "rate") < 0 or _decimal(self.tail, "tail") <= 0:
            raise ValueError("the rate cannot be negative and the tail must be positive")


DUES_RULE = DuesRule()


def dues_base(wage: Decimal, rule: DuesRule = DUES_RULE) -> Decimal:
    """The wage counted for dues: whole multiples of the tail (¥10), the rest dropped."""
    wage = _decimal(wage, "wage")
    if wage < 0:
        raise ValueError("a wage cannot be negative")
    return wage - wage % rule.tail


def dues_amount(wage: Decimal, rule: DuesRule = DUES_RULE) -> Decimal:
    """The month's dues, rounded half up to the rule's unit and written to the fen."""
    amount = dues_base(wage, rule) * rule.rate
    return amount.quantize(ROUNDING_UNITS[rule.rounding], ROUND_HALF_UP).quantize(CENT)


# -- the 2% funds (拨缴经费) ---------------------------------------------------------------

SPLIT_SOURCE = "基层工会留成60%，上解40%（各省分成比例不同）[B]（../shared/docs/domain.md §4）"


@dataclass(frozen=True)
class FundingSplit:
    grassroots_share: Decimal = Decimal("0.60")  # kept by the grassroots union
    source: str = SPLIT_SOURCE

    def __post_init__(self):
        if not 0 <= _decimal(self.grassroots_share, "grassroots_share") <= 1:
            raise ValueError("the grassroots share is between 0 and 1")


DEFAULT_SPLIT = FundingSplit()


def split_allocation(
    total: Decimal, split: FundingSplit = DEFAULT_SPLIT
) -> tuple[Decimal, Decimal]:
    """(own share, upper share) of a 自主拨缴 arrival: Cr 402 own share, Cr 211 upper share.

    The own share is rounded to the fen half up and the upper share is the remainder, so the
    two always add up to the total received."""
    total = _decimal(total, "total")
    if total != total.quantize(CENT):
        raise ValueError("an amount of money has at most two decimals")
    own = (total * split.grassroots_share).quantize(CENT, ROUND_HALF_UP)
    return own, total - own


# -- economic classes (政府支出经济分类) ----------------------------------------------------

ECONOMIC_SOURCE = "政府收支分类科目（支出经济分类，当年版）[C]：常用款级科目，上级工会可增补"
ECONOMIC_CLASSES: dict[str, str] = {
    "30201": "办公费",
    "30202": "印刷费",
    "30211": "差旅费",
    "30215": "会议费",
    "30216": "培训费",
    "30226": "劳务费",
    "30299": "其他商品和服务支出",
    "30305": "生活补助",
    "30399": "其他对个人和家庭的补助",
    "31002": "办公设备购置",
    "31099": "其他资本性支出",
}


# -- fixed assets (固定资产) ---------------------------------------------------------------

ASSET_SOURCE = "工会会计制度（财会〔2021〕7号）固定资产 [A]（../shared/docs/domain.md §4.1）"


@dataclass(frozen=True)
class AssetCategory:
    code: str
    name: str
    min_years: int  # the shortest useful life allowed for depreciation


ASSET_CATEGORIES: dict[str, AssetCategory] = {
    c.code: c
    for c in [
        AssetCategory("office", "计算机、办公设备", 6),
        AssetCategory("vehicle", "交通工具", 8),
        AssetCategory("furniture", "家具", 15),
        AssetCategory("utensil", "用具", 5),
        AssetCategory("machinery", "机器设备", 10),
    ]
}
# Below its threshold an item is 库存物品 or expensed, not a fixed asset.
ASSET_THRESHOLDS: dict[str, Decimal] = {"general": Decimal(1000), "special": Decimal(1500)}
ASSET_KIND_CHOICES = [
    ("general", _("General equipment")),
    ("special", _("Special equipment")),
]


def depreciation_schedule(cost: Decimal, years: int) -> list[Decimal]:
    """Monthly straight-line depreciation with no residual value (Dr 301 Cr 163).

    cost ÷ (years × 12) rounded to the fen, the last month taking the remainder, so the
    months add up to the cost exactly. For a cost so small that rounding up would leave the
    last month negative, the monthly amount is rounded down instead."""
    cost = _decimal(cost, "cost")
    if not isinstance(years, int) or isinstance(years, bool):
        raise TypeError("years must be an int")
    if years < 1 or cost < 0:
        raise ValueError("depreciation needs at least one year and a cost of zero or more")
    if cost != cost.quantize(CENT):
        raise ValueError("an amount of money has at most two decimals")
    months = years * 12
    monthly = (cost / months).quantize(CENT, ROUND_HALF_UP)
    if monthly * (months - 1) > cost:
        monthly = (cost / months).quantize(CENT, ROUND_DOWN)
    return [monthly] * (months - 1) + [cost - monthly * (months - 1)]
