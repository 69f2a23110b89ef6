"""大写金额, reading typed amounts, and the thousands format."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.funds.money import AmountError, fmt_amount, parse_amount, rmb_upper

CASES = [
    ("1234.56", "壹仟贰佰叁拾肆元伍角陆分"),
    ("100", "壹佰元整"),
    ("100.00", "壹佰元整"),
    ("0.05", "伍分"),
    ("0.5", "伍角"),
    ("0.55", "伍角伍分"),
    ("0", "零元整"),
    ("1", "壹元整"),
    ("10", "壹拾元整"),
    ("15", "壹拾伍元整"),
    ("101", "壹佰零壹元整"),
    ("110", "壹佰壹拾元整"),
    ("1001", "壹仟零壹元整"),
    ("1010", "壹仟零壹拾元整"),
    ("1100", "壹仟壹佰元整"),
    ("10010.1", "壹万零壹拾元壹角"),
    ("10000", "壹万元整"),
    ("10001", "壹万零壹元整"),
    ("10100", "壹万零壹佰元整"),
    ("11000", "壹万壹仟元整"),
    ("105000", "壹拾万伍仟元整"),
    ("100000", "壹拾万元整"),
    ("1000000.00", "壹佰万元整"),
    ("1001001.01", "壹佰万壹仟零壹元零壹分"),
    ("10000000", "壹仟万元整"),
    ("10000001", "壹仟万零壹元整"),
    ("100000000", "壹亿元整"),
    ("100000001", "壹亿零壹元整"),
    ("100010000", "壹亿零壹万元整"),
    ("110000000", "壹亿壹仟万元整"),
    ("100100000", "壹亿零壹拾万元整"),
    ("1000000000.01", "壹拾亿元零壹分"),
    ("20000000.10", "贰仟万元壹角"),
    ("100.01", "壹佰元零壹分"),
    ("30.06", "叁拾元零陆分"),
    ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
    ("6007.14", "陆仟零柒元壹角肆分"),
    ("325.04", "叁佰贰拾伍元零肆分"),
    ("1409.50", "壹仟肆佰零玖元伍角"),
    ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ("0.015", "贰分"),  # rounded half up to the fen
]


@pytest.mark.parametrize(("amount", "words"), CASES)
def test_rmb_upper(amount, words):
    assert rmb_upper(Decimal(amount)) == words


def test_rmb_upper_takes_integers_and_refuses_negative_floats_and_huge():
    assert rmb_upper(7) == "柒元整"
    with pytest.raises(AmountError):
        rmb_upper(Decimal("-0.01"))
    with pytest.raises(TypeError):
        rmb_upper(1.5)
    with pytest.raises(AmountError):
        rmb_upper(Decimal("1000000000000"))
    with pytest.raises(AmountError):
        rmb_upper(Decimal("NaN"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.5", "1234.50"),
        ("￥1234.50", "1234.50"),
        ("¥ 1,234.50", "1234.50"),
        ("1234.5元", "1234.50"),
        ("1234元整", "1234.00"),
        ("１２３４．５", "1234.50"),
        (" 12 ", "12.00"),
        (".5", "0.50"),
        ("1,234,567.89", "1234567.89"),
        ("1.500", "1.50"),
        (Decimal("3.1"), "3.10"),
        (42, "42.00"),
    ],
)
def test_parse_amount_reads_what_people_type(text, value):
    got = parse_amount(text)
    assert got == Decimal(value) and str(got) == value


@pytest.mark.parametrize(
    "text", ["", "abc", "1.2.3", "1,2,3", "12,34", "-1", "1.005", "1e5", "NaN", "￥", None, 1.5]
)
def test_parse_amount_refuses_in_chinese_terms(text):
    with pytest.raises(AmountError) as err:
        parse_amount(text)
    assert str(err.value)


def test_fmt_amount():
    assert fmt_amount(Decimal("1234.5")) == "1,234.50"
    assert fmt_amount(Decimal("0")) == "0.00"
    assert fmt_amount(Decimal("1234567.891")) == "1,234,567.89"
    assert fmt_amount(Decimal("-50")) == "-50.00"
    assert fmt_amount(None) == ""
