from __future__ import annotations

import datetime as dt

import pytest

from gonghui.members import idcard

VALID = "11010519491231002X"  # the GB 11643 example: born 1949-12-31, female


def test_it_accepts_the_standard_example_and_derives_birth_and_sex():
    info = idcard.parse(VALID)
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.sex == "female"


def test_a_lower_case_x_and_spaces_are_normalised():
    assert idcard.parse(" 110105 19491231 002x ").number == VALID


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("110105194912310021", "check digit"),
        ("11010519491231002", "18"),
        ("1101051949123100XX", "17 digits"),
        ("110105194913310023", "not a real date"),
        ("1.10105E+17", "Excel"),
        ("110105203012310027", "impossible"),
    ],
)
def test_it_refuses_bad_numbers_with_a_reason(raw, fragment, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"), pytest.raises(idcard.IdNumberError) as exc:
        idcard.parse(raw, today=dt.date(2026, 11, 25))
    assert fragment.lower() in str(exc.value).lower()


def test_the_check_character_follows_the_weights():
    # 17 digits whose weighted sum is a multiple of 11 give "1"
    first17 = "11010519491231002"
    total = sum(int(c) * w for c, w in zip(first17, idcard.WEIGHTS, strict=True))
    assert idcard.check_char(first17) == idcard.CHECK[total % 11] == "X"


def test_masks_keep_region_and_last_four():
    assert idcard.mask(VALID) == "110105********002X"
    assert idcard.mask_phone("13812345678") == "138****5678"
