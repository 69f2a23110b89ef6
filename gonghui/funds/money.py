"""Money as Chinese finance writes it: 大写金额 on vouchers, amounts typed by people.

Only Decimal, never float: a float cannot hold 0.10 and the books must add up to the fen.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
# DecimalField(max_digits=12, decimal_places=2): at most 9,999,999,999.99.
MAX_AMOUNT = Decimal("9999999999.99")

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ["", "拾", "佰", "仟"]
# Each group of four digits from the right: 个, 万, 亿.
_GROUP_UNITS = ["", "万", "亿"]


class AmountError(ValueError):
    """An amount could not be read or written; the message is for the user."""


def _group(n: int) -> str:
    """0 < n < 10000 written with 拾佰仟, zeros inside collapsed to one 零, none at the end."""
    out = []
    zero = False
    for pos in range(3, -1, -1):
        d = (n // 10**pos) % 10
        if d == 0:
            zero = bool(out)  # a zero only counts once something was written before it
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_DIGITS[d] + _SMALL_UNITS[pos])
    return "".join(out)


def _integer(n: int) -> str:
    """The yuan part (0 < n < 10**12): groups of four digits with 万 and 亿.

    A 零 is written where zeros stand between two written digits, inside a group or
    across a group boundary (10010 → 壹万零壹拾, 100000001 → 壹亿零壹); none at the end.
    """
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out = []
    gap = False  # zeros seen since the last written digit
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            gap = True
            continue
        if out and (gap or g < 1000):
            out.append("零")
        out.append(_group(g) + _GROUP_UNITS[i])
        gap = False
    return "".join(out)


def _to_decimal(amount) -> Decimal:
    if isinstance(amount, float):
        raise TypeError("money is Decimal, never float")
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        raise AmountError(_("This is not an amount.")) from None
    if not value.is_finite():
        raise AmountError(_("This is not an amount."))
    return value


def rmb_upper(amount) -> str:
    """大写金额 of a non-negative Decimal, rounded to the fen.

    1234.56 → 壹仟贰佰叁拾肆元伍角陆分; 100 → 壹佰元整; 0.05 → 伍分; 10010.1 → 壹万零壹拾元壹角;
    100.01 → 壹佰元零壹分; 0 → 零元整. The rules of 中国人民银行《支付结算办法》附件一
    (正确填写票据和结算凭证的基本规定): 整 after 元 (not after 分; after 角 it may be left
    out, and we do); 零 where zeros stand between written digits, one 零 for a run of
    them; 零 after 元 when the 角 is 0 but a 分 follows. Where the rules allow either
    (元位 0 before a 角, 万位 0 before a 仟), we write no 零.
    """
    value = _to_decimal(amount)
    if value < 0:
        raise AmountError(_("A negative amount cannot be written in capitals."))
    value = value.quantize(CENT, rounding=ROUND_HALF_UP)
    if value >= Decimal(10) ** 12:  # 万亿: far beyond any union's books
        raise AmountError(_("This amount is too large."))
    fen_total = int(value * 100)
    yuan, jiao, fen = fen_total // 100, (fen_total // 10) % 10, fen_total % 10
    if fen_total == 0:
        return "零元整"
    out = _integer(yuan) + "元" if yuan else ""
    if jiao:
        out += _DIGITS[jiao] + "角"
    elif yuan and fen:
        out += "零"
    if fen:
        out += _DIGITS[fen] + "分"
    elif not jiao:
        out += "整"
    return out


_STRIP = re.compile(r"\s|￥|¥|RMB|CNY|人民币|元整|元|圆整|圆|整", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
# Thousands separators only where they belong: "1,234.5" yes, "1,2,3" no.
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def parse_amount(text) -> Decimal:
    """An amount as people type it → Decimal with two places.

    "1,234.5", "￥1234.50", "1234.5元", "１２３４.５" → Decimal("1234.50"). Refuses with a
    Chinese message what is not a number, negative, or has more than two decimals.
    """
    if isinstance(text, Decimal):
        raw = text
    elif isinstance(text, int) and not isinstance(text, bool):
        raw = Decimal(text)
    elif isinstance(text, str):
        # Full-width digits and dot (１２３４．５) come from Chinese input methods.
        s = text.translate(
            {0xFF10 + i: 0x30 + i for i in range(10)} | {0xFF0E: ord("."), 0x3002: ord(".")}
        )
        s = _STRIP.sub("", s.strip()).replace("，", ",")
        if "," in s and _GROUPED.match(s):
            s = s.replace(",", "")
        if not s or not _NUMBER.match(s):
            raise AmountError(
                _("“%(text)s” is not an amount; write it like 1234.50.") % {"text": text}
            )
        raw = Decimal(s)
    else:
        raise AmountError(_("This is not an amount."))
    if not raw.is_finite():
        raise AmountError(_("This is not an amount."))
    if raw < 0:
        raise AmountError(_("The amount cannot be negative."))
    if raw != raw.quantize(CENT, rounding=ROUND_HALF_UP):
        raise AmountError(_("An amount has at most two decimals (fen)."))
    value = raw.quantize(CENT)
    if value > MAX_AMOUNT:
        raise AmountError(_("This amount is too large."))
    return value


def fmt_amount(amount) -> str:
    """Decimal("1234.5") → "1,234.50"; negative amounts keep their sign; None → ""."""
    if amount is None:
        return ""
    value = _to_decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{value:,.2f}"
