"""The roll-up of the unions' annual statements (gonghui.upper.finance): the sum of each
union's own statement_set, posted vouchers only, the subtree only, 无账 flagged, and a
constant number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.core.scoping import scope
from gonghui.finance import statements
from gonghui.finance.selectors import statement_set
from gonghui.upper.finance import statements_rollup
from tests.factories import UnionFactory
from tests.finance.conftest import L, make_voucher

from .conftest import YEAR

D = Decimal


def _rollup(district, year=YEAR):
    with scope(district):
        return statements_rollup(district, year)


def _own(union, year=YEAR):
    with scope(union):
        return statement_set(union, year)


def _lines(result):
    return {ln.name: (ln.opening, ln.closing) for ln in result.balance_sheet} | {
        ln.name: (ln.period, ln.year_to_date) for ln in result.income_expense
    }


def test_the_total_is_the_sum_of_each_unions_own_statements_line_by_line(district, tree):
    a, b, c = tree
    rollup = _rollup(district)
    own = [_lines(_own(u)) for u in (a, b, c)]
    total = _lines(rollup.total)
    assert list(total) == [*statements.BALANCE_SHEET_LINES, *statements.INCOME_EXPENSE_LINES]
    for name, (first, second) in total.items():
        assert first == sum(o[name][0] for o in own), name
        assert second == sum(o[name][1] for o in own), name
    # Each union's column is exactly its own statements.
    columns = {u.org.pk: u for u in rollup.unions}
    for union in (a, b):
        assert columns[union.pk].result.as_json() == _own(union).as_json()
    # Next year both years of A's books are its opening balances: still its own figures.
    later = {u.org.pk: u for u in _rollup(district, YEAR + 1).unions}
    for union in (a, b):
        assert later[union.pk].result.as_json() == _own(union, YEAR + 1).as_json()
    # And the figures are the ones booked: dues of A (posted only), B's grant, both years.
    assert total["会费收入"] == (D("1200.50"), D("1200.50"))
    assert total["上级补助收入"][1] == D("8000.00")
    assert total["支出合计"][1] == D("2700.00")
    assert total["年初资金结余"][1] == D("5000.00")
    sheet = {ln.name: ln for ln in rollup.total.balance_sheet}
    assert sheet["货币资金"].opening == D("5000.00")
    assert sheet["货币资金"].closing == D("5000") + D("1200.50") - 300 + 8000 - 2400
    assert sheet["资产总计"].closing == sheet["负债和净资产总计"].closing


def test_unposted_vouchers_are_left_out(district, tree):
    a, _b, _c = tree
    before = _lines(_rollup(district).total)
    make_voucher(a, [L("102", debit="55"), L("401", credit="55", restricted=False)],
                 state="reviewed")  # fmt: skip
    assert _lines(_rollup(district).total) == before
    make_voucher(a, [L("102", debit="55"), L("401", credit="55", restricted=False)])
    assert _lines(_rollup(district).total)["会费收入"][1] == before["会费收入"][1] + D("55")


def test_a_union_of_another_district_is_not_counted(district, tree, elsewhere):
    rollup = _rollup(district)
    assert elsewhere.pk not in {u.org.pk for u in rollup.unions}
    assert _lines(rollup.total)["会费收入"][1] == D("1200.50")
    # Its own district sees it, alone.
    other = _rollup(elsewhere.parent)
    assert [u.org.pk for u in other.unions] == [elsewhere.pk]
    assert _lines(other.total)["会费收入"][1] == D("31.00")


def test_a_union_without_books_is_flagged_not_zeroed(district, tree):
    a, b, c = tree
    rollup = _rollup(district)
    by_pk = {u.org.pk: u for u in rollup.unions}
    assert sorted(by_pk) == sorted([a.pk, b.pk, c.pk])  # tree order (by path)
    assert by_pk[c.pk].has_books is False and by_pk[c.pk].result is None
    assert set(by_pk[c.pk].figures().values()) == {None}
    assert [u.org.pk for u in rollup.without_books] == [c.pk]
    # Next year, with no voucher yet, A and B have books: their opening balances.
    assert {u.org for u in _rollup(district, YEAR + 1).with_books} == {a, b}
    # Before any voucher nobody has books, and the total is the empty statement.
    early = _rollup(district, 2020)
    assert early.with_books == []
    assert all(v == (0, 0) for v in _lines(early.total).values())


def test_as_json_is_the_statements_command_shape(district, tree):
    a, b, c = tree
    data = _rollup(district).as_json()
    assert list(data) == ["org", "year", "unions", "balance_sheet", "income_expense"]
    assert data["org"] == district.code and data["year"] == YEAR
    assert {u["org"]: u["has_books"] for u in data["unions"]} == {
        a.code: True,
        b.code: True,
        c.code: False,
    }
    assert data["balance_sheet"][0] == {"line": "货币资金", "opening": "5000.00",
                                        "closing": "11500.50"}  # fmt: skip
    assert {ln["line"] for ln in data["income_expense"]} == set(statements.INCOME_EXPENSE_LINES)


def test_the_number_of_queries_does_not_grow_with_the_unions(
    district, tree, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        small = _rollup(district)
    for _ in range(4):
        more = UnionFactory(parent=district)
        make_voucher(more, [L("102", debit="10"), L("401", credit="10", restricted=False)])
    with django_assert_max_num_queries(2):
        big = _rollup(district)
    assert len(big.unions) == len(small.unions) + 4
    assert _lines(big.total)["会费收入"][1] == _lines(small.total)["会费收入"][1] + 40


@pytest.mark.parametrize("kind", ["upper"])
def test_unions_under_a_nested_upper_union_are_counted(district, tree, kind):
    from tests.factories import DistrictFactory

    street = DistrictFactory(parent=district, kind=kind)
    deep = UnionFactory(parent=street)
    make_voucher(deep, [L("102", debit="7"), L("401", credit="7", restricted=False)])
    rollup = _rollup(district)
    assert deep.pk in {u.org.pk for u in rollup.unions}
    assert _lines(rollup.total)["会费收入"][1] == D("1207.50")
    assert [u.org.pk for u in _rollup(street).unions] == [deep.pk]
