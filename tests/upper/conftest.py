"""Builders of the upper union's tests: a district with three unions whose books are
written through the finance services, and a union of another district."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import DistrictFactory, UnionFactory
from tests.finance.conftest import L, make_voucher

YEAR = 2031
LAST_YEAR = dt.date(2030, 6, 1)


@pytest.fixture
def district(db):
    return DistrictFactory()


@pytest.fixture
def tree(district):
    """Three unions of `district`: A keeps books over two years (an opening balance, dues,
    a grant, spending, a submitted voucher and a draft), B one year with a 专项 grant and a
    fixed asset, C none (无账)."""
    a = UnionFactory(parent=district, name="甲公司工会")
    b = UnionFactory(parent=district, name="乙学校工会")
    c = UnionFactory(parent=district, name="丙医院工会")
    make_voucher(a, [L("102", debit="5000"), L("402", credit="5000", restricted=False)],
                 date=LAST_YEAR, summary="去年拨缴经费")  # fmt: skip
    make_voucher(a, [L("102", debit="1200.50"), L("401", credit="1200.50", restricted=False)])
    make_voucher(a, [L("50102", debit="300", restricted=False), L("102", credit="300")],
                 summary="职工篮球赛")  # fmt: skip
    make_voucher(a, [L("102", debit="999"), L("401", credit="999", restricted=False)],
                 state="submitted", summary="未记账")  # fmt: skip
    make_voucher(a, [L("102", debit="777"), L("401", credit="777", restricted=False)],
                 state="draft", summary="草稿")  # fmt: skip
    make_voucher(b, [L("102", debit="8000"), L("40302", credit="8000", restricted=True)],
                 summary="专项补助")  # fmt: skip
    make_voucher(b, [L("50702", debit="2400", restricted=True), L("102", credit="2400")],
                 summary="购电脑")  # fmt: skip
    make_voucher(b, [L("162", debit="2400"), L("301", credit="2400")], summary="电脑入账")
    return a, b, c


@pytest.fixture
def elsewhere(db):
    """A union of another district, with books of the same year."""
    other = UnionFactory()
    make_voucher(other, [L("102", debit="31"), L("401", credit="31", restricted=False)])
    return other
