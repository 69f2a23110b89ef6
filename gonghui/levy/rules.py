"""The rules of the levy funds (工会拨缴经费) as data, each with its source.

- The employer pays **2% of last month's total payroll, by the 15th** [A: 工会法 Art.43–44;
  domain.md §4].
- The grassroots union keeps **60%** and 40% goes up; the division above varies by
  province, so an upper union may set another split for its subtree (levy.SplitRule):
  the nearest setter above a union wins, from its effective date [B: domain.md §4].
- The amount is split to the fen: the union's share is rounded half up, the upper share
  is the rest, so own + upper is always the total.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CENT = Decimal("0.01")
HUNDRED = Decimal("100")

LEVY_RATE = Decimal("0.02")
LEVY_RATE_SOURCE = "工会法第四十三条、第四十四条（按全部职工工资总额的百分之二按月拨缴）[A]"
DUE_DAY = 15  # of the month after the payroll month
DUE_DAY_SOURCE = "《中华人民共和国工会法》第四十三条、第四十四条及各地工会经费拨缴办法：每月15日前按上月全部职工工资总额的2%拨缴"


@dataclass(frozen=True)
class Split:
    """Who keeps what: `own_percent` stays with the grassroots union, the rest goes up."""

    own_percent: Decimal
    source: str
    effective_from: dt.date
    set_by: str = ""  # the upper union's name; "" for the built-in default

    @property
    def upper_percent(self) -> Decimal:
        return HUNDRED - self.own_percent


DEFAULT_SPLIT = Split(
    own_percent=Decimal("60"),
    source="各省工会经费收缴管理办法：基层工会留成60%，上解40%（上级工会之间的分成各省不同）",
    effective_from=dt.date(2000, 1, 1),
)


class Way(models.TextChoices):
    """How the 2% reaches the union [A: 会计制度 102/131/211/402 说明]."""

    SELF = "self", _("Paid by the employer to the union (自主拨缴)")
    TAX = "tax", _("Collected by the tax office (税务代收)")
    FISCAL = "fiscal", _("Transferred by the treasury (财政划拨)")
    CENTRAL = "central", _("Held in the central funds account (经费集中户)")


# Short names for tables (a column of long names is unreadable).
WAY_SHORT = {
    Way.SELF: pgettext_lazy("levy way", "Self-paid"),
    Way.TAX: pgettext_lazy("levy way", "Tax office"),
    Way.FISCAL: pgettext_lazy("levy way", "Treasury"),
    Way.CENTRAL: pgettext_lazy("levy way", "Central account"),
}


def split_amount(amount: Decimal, own_percent: Decimal) -> tuple[Decimal, Decimal]:
    """(own share, upper share) of `amount`, to the fen; they always add up to `amount`."""
    amount = Decimal(amount).quantize(CENT)
    own = (amount * Decimal(own_percent) / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
    return own, amount - own


def levy_due(payroll_base: Decimal) -> Decimal:
    """What the employer owes on a month's payroll: 2%, to the fen."""
    return (Decimal(payroll_base) * LEVY_RATE).quantize(CENT, rounding=ROUND_HALF_UP)


def due_date(month: dt.date) -> dt.date:
    """The day the 2% on `month`'s payroll is due: the 15th of the next month."""
    year, m = (month.year + 1, 1) if month.month == 12 else (month.year, month.month + 1)
    return dt.date(year, m, DUE_DAY)
