from __future__ import annotations

from django import template

from gonghui.funds import money

register = template.Library()


@register.filter
def yuan(value) -> str:
    """Decimal("1234.5") → "1,234.50"; empty for None and zero-less cells stays empty."""
    if value in (None, ""):
        return ""
    return money.fmt_amount(value)


@register.filter
def capitals(value) -> str:
    """大写金额: 1234.56 → 壹仟贰佰叁拾肆元伍角陆分."""
    if value in (None, ""):
        return ""
    if value < 0:
        return "负" + money.rmb_upper(-value)
    return money.rmb_upper(value)
