"""工会01 and 工会02 from account balances: the line names and the formulas, by hand.

The fixture union, in yuan. Balances at 1 January (after last year's closing):
101 库存现金 500 · 102 银行存款 10,000 · 162 固定资产 6,000 · 163 累计折旧 1,200 (credit) ·
301 资产基金 4,800 · 321 工会资金结转 2,000 · 322 工会资金结余 8,500. (15,300 = 15,300.)

Postings (F = 非专项, T = 专项):
  P1  Jan  Dr 102 1,200              Cr 401 1,200 F          dues by payroll
  P2  Jan  Dr 102 5,000              Cr 402 3,000 F, Cr 211 2,000   自主拨缴, 60/40
  P3  Feb  Dr 50105 400 F            Cr 101 400              春节 gifts
  P4  Jan  Dr 301 100                Cr 163 100              depreciation
  P5  Feb  Dr 301 100                Cr 163 100              depreciation
  P6  Mar  Dr 102 3,000              Cr 40302 3,000 T        专项 grant from above
  P7  Mar  Dr 50405 1,800 T          Cr 102 1,800            送温暖 from the grant
  P8  Mar  Dr 50105 650 F            Cr 102 650              member activity
  P9  Mar  Dr 162 4,500              Cr 301 4,500            a computer bought ...
  P10 Mar  Dr 50702 4,500 F          Cr 102 4,500            ... and paid
  P11 Mar  Dr 301 100                Cr 163 100              depreciation
  P12 Mar  Dr 211 1,500              Cr 102 1,500            part of the upper share remitted
  P13 Mar  Dr 101 1,300              Cr 401 1,300 F          dues in cash
  P14 Mar  Dr 135 300                Cr 101 300              an advance

Start of March (period_start), income and expense folded in: 101 100, 102 16,200,
162 6,000, 163 1,400, 211 2,000, 301 4,600, 321 2,000, 322 8,500 + (1,200 + 3,000 − 400) =
12,300.
End of March: 101 1,100, 102 10,750, 135 300, 162 10,500, 163 1,500, 211 500, 301 9,000,
321 2,000 + 3,000 − 1,800 = 3,200, 322 8,500 + (2,500 + 3,000) − (1,050 + 4,500) = 8,450.

工会01 for March (年初余额 / 期末余额):
  货币资金 10,500 / 11,850 · 应收上级经费 0 / 0 · 其他应收款 0 / 300 · 库存物品 0 / 0 ·
  固定资产原值 6,000 / 10,500 · 累计折旧 1,200 / 1,500 · 固定资产净值 4,800 / 9,000 ·
  待处理财产损溢 0 / 0 · 资产总计 15,300 / 21,150 · 应付上级经费 0 / 500 · 其他应付款 0 / 0 ·
  负债合计 0 / 500 · 资产基金 4,800 / 9,000 · 工会资金结转 2,000 / 3,200 ·
  工会资金结余 8,500 / 8,450 · 净资产合计 15,300 / 20,650 · 负债和净资产总计 15,300 / 21,150.

工会02 for March (本月数 / 本年累计数):
  年初资金结转 2,000 / 2,000 · 年初资金结余 12,300 / 8,500 · 会费收入 1,300 / 2,500 ·
  拨缴经费收入 0 / 3,000 · 上级补助收入 3,000 / 3,000 · 行政补助收入 0 / 0 · 其他收入 0 / 0 ·
  收入合计 4,300 / 8,500 · 职工活动支出 650 / 1,050 · 职工服务支出 0 / 0 · 维权支出 1,800 / 1,800 ·
  业务支出 0 / 0 · 资本性支出 4,500 / 4,500 · 其他支出 0 / 0 · 支出合计 6,950 / 7,350 ·
  本期收支差额 −2,650 / 1,150 · 年末资金结转 3,200 / 3,200 · 年末资金结余 8,450 / 8,450.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from gonghui.finance import statements
from gonghui.finance.statements import (
    BALANCE_SHEET_LINES,
    INCOME_EXPENSE_LINES,
    balance_sheet,
    fold,
    income_expense,
)

D = Decimal
F, T = False, True

OPENING = {
    ("101", None): D("500"),
    ("102", None): D("10000"),
    ("162", None): D("6000"),
    ("163", None): D("-1200"),
    ("301", None): D("-4800"),
    ("321", None): D("-2000"),
    ("322", None): D("-8500"),
}

# (month, [(account, debit, credit, restricted)])
POSTINGS = [
    (1, [("102", 1200, 0, None), ("401", 0, 1200, F)]),
    (1, [("102", 5000, 0, None), ("402", 0, 3000, F), ("211", 0, 2000, None)]),
    (2, [("50105", 400, 0, F), ("101", 0, 400, None)]),
    (1, [("301", 100, 0, None), ("163", 0, 100, None)]),
    (2, [("301", 100, 0, None), ("163", 0, 100, None)]),
    (3, [("102", 3000, 0, None), ("40302", 0, 3000, T)]),
    (3, [("50405", 1800, 0, T), ("102", 0, 1800, None)]),
    (3, [("50105", 650, 0, F), ("102", 0, 650, None)]),
    (3, [("162", 4500, 0, None), ("301", 0, 4500, None)]),
    (3, [("50702", 4500, 0, F), ("102", 0, 4500, None)]),
    (3, [("301", 100, 0, None), ("163", 0, 100, None)]),
    (3, [("211", 1500, 0, None), ("102", 0, 1500, None)]),
    (3, [("101", 1300, 0, None), ("401", 0, 1300, F)]),
    (3, [("135", 300, 0, None), ("101", 0, 300, None)]),
]


def moves(first: int, last: int) -> dict:
    """Σdebit − Σcredit by (first-level code, restricted) over months first..last."""
    net: dict = defaultdict(Decimal)
    for month, lines in POSTINGS:
        if first <= month <= last:
            assert sum(d for _, d, _, _ in lines) == sum(c for _, _, c, _ in lines)
            for code, debit, credit, restricted in lines:
                net[(code[:3], restricted)] += D(debit) - D(credit)
    return dict(net)


def plus(*nets) -> dict:
    out: dict = defaultdict(Decimal)
    for net in nets:
        for key, amount in net.items():
            out[key] += amount
    return dict(out)


def at_end_of(month: int) -> dict:
    return plus(OPENING, moves(1, month))


def march():
    return income_expense(
        year_start=OPENING,
        period_start=at_end_of(2),
        period_end=at_end_of(3),
        period_moves=moves(3, 3),
        ytd_moves=moves(1, 3),
    )


def as_dict(lines, *columns):
    return {line.name: tuple(getattr(line, c) for c in columns) for line in lines}


def test_the_fixture_is_balanced():
    assert sum(OPENING.values()) == 0
    assert sum(at_end_of(3).values()) == 0


def test_balance_sheet_line_by_line():
    lines = balance_sheet(OPENING, at_end_of(3))
    assert [line.name for line in lines] == list(BALANCE_SHEET_LINES)
    expected = {
        "货币资金": (10500, 11850),
        "应收上级经费": (0, 0),
        "其他应收款": (0, 300),
        "库存物品": (0, 0),
        "固定资产原值": (6000, 10500),
        "累计折旧": (1200, 1500),
        "固定资产净值": (4800, 9000),
        "待处理财产损溢": (0, 0),
        "资产总计": (15300, 21150),
        "应付上级经费": (0, 500),
        "其他应付款": (0, 0),
        "负债合计": (0, 500),
        "资产基金": (4800, 9000),
        "工会资金结转": (2000, 3200),
        "工会资金结余": (8500, 8450),
        "净资产合计": (15300, 20650),
        "负债和净资产总计": (15300, 21150),
    }
    assert as_dict(lines, "opening", "closing") == {
        name: (D(a), D(b)) for name, (a, b) in expected.items()
    }
    totals = [line.name for line in lines if line.total]
    assert totals == ["资产总计", "负债合计", "净资产合计", "负债和净资产总计"]


def test_income_expense_line_by_line():
    lines = march()
    assert [line.name for line in lines] == list(INCOME_EXPENSE_LINES)
    expected = {
        "年初资金结转": (2000, 2000),
        "年初资金结余": (12300, 8500),
        "会费收入": (1300, 2500),
        "拨缴经费收入": (0, 3000),
        "上级补助收入": (3000, 3000),
        "行政补助收入": (0, 0),
        "其他收入": (0, 0),
        "收入合计": (4300, 8500),
        "职工活动支出": (650, 1050),
        "职工服务支出": (0, 0),
        "维权支出": (1800, 1800),
        "业务支出": (0, 0),
        "资本性支出": (4500, 4500),
        "其他支出": (0, 0),
        "支出合计": (6950, 7350),
        "本期收支差额": (-2650, 1150),
        "年末资金结转": (3200, 3200),
        "年末资金结余": (8450, 8450),
    }
    assert as_dict(lines, "period", "year_to_date") == {
        name: (D(a), D(b)) for name, (a, b) in expected.items()
    }
    assert [line.name for line in lines if line.total] == ["收入合计", "支出合计", "本期收支差额"]


def test_income_expense_identities():
    got = as_dict(march(), "period", "year_to_date")
    sheet = as_dict(balance_sheet(OPENING, at_end_of(3)), "closing")
    for column in (0, 1):
        assert got["收入合计"][column] - got["支出合计"][column] == got["本期收支差额"][column]
        start = got["年初资金结转"][column] + got["年初资金结余"][column]
        end = got["年末资金结转"][column] + got["年末资金结余"][column]
        assert start + got["本期收支差额"][column] == end
        assert end == sheet["工会资金结转"][0] + sheet["工会资金结余"][0]


@pytest.mark.parametrize("month", [1, 2, 3])
def test_balance_sheet_balances_every_month(month):
    got = as_dict(balance_sheet(OPENING, at_end_of(month)), "opening", "closing")
    assert got["资产总计"] == got["负债和净资产总计"]
    assert got["负债和净资产总计"][1] == got["负债合计"][1] + got["净资产合计"][1]


def test_annual_statement_period_is_the_year():
    ytd = moves(1, 3)
    lines = income_expense(
        year_start=OPENING,
        period_start=OPENING,
        period_end=at_end_of(3),
        period_moves=ytd,
        ytd_moves=ytd,
    )
    assert all(line.period == line.year_to_date for line in lines)


def test_monthly_income_adds_up_to_the_year():
    months = [
        as_dict(
            income_expense(
                year_start=OPENING,
                period_start=at_end_of(m - 1),
                period_end=at_end_of(m),
                period_moves=moves(m, m),
                ytd_moves=moves(1, m),
            ),
            "period",
        )
        for m in (1, 2, 3)
    ]
    ytd = as_dict(march(), "year_to_date")
    for name in ("收入合计", "支出合计", "本期收支差额", "会费收入", "职工活动支出"):
        assert sum(m[name][0] for m in months) == ytd[name][0]


def test_closing_the_year_changes_no_line():
    """After the year-end closing voucher (4xx/5xx into 32103/32203) the balance sheet is
    the same: folding does what the closing entries do."""
    end = at_end_of(3)
    closed = {k: v for k, v in end.items() if not k[0].startswith(("4", "5"))}
    special = sum(v for k, v in end.items() if k[0][0] in "45" and k[1] is True)
    general = sum(v for k, v in end.items() if k[0][0] in "45" and k[1] is False)
    closed[("321", None)] += special
    closed[("322", None)] += general
    assert balance_sheet(OPENING, closed) == balance_sheet(OPENING, end)


def test_fold():
    folded = fold(at_end_of(3))
    assert folded["321"] == D("3200") and folded["322"] == D("8450")
    assert folded["163"] == D("1500")  # the contra-asset shown positive
    assert folded["211"] == D("500")
    assert not any(code.startswith(("4", "5")) for code in folded)
    assert fold({}) == {code: D("0") for code in folded}


def test_fold_refuses_what_would_drop_out():
    with pytest.raises(ValueError):
        fold({("401", None): D("-1")})  # income must say 专项/非专项
    with pytest.raises(ValueError):
        fold({("506", False): D("1")})  # not a grassroots account
    with pytest.raises(ValueError):
        income_expense(
            year_start={},
            period_start={},
            period_end={},
            period_moves={("404", False): D("-1")},
            ytd_moves={},
        )


# The line names the `statements` command promises (docs/finance-design.md §1.14).
CONTRACT = """货币资金 固定资产原值 累计折旧 资产总计 应付上级经费 资产基金 负债和净资产总计 会费收入
拨缴经费收入 上级补助收入 行政补助收入 收入合计 职工活动支出 职工服务支出 维权支出 业务支出 资本性支出
支出合计 本期收支差额 年末资金结转 年末资金结余""".split()


def test_every_contract_name_is_a_line():
    assert len(CONTRACT) == 21
    names = set(BALANCE_SHEET_LINES) | set(INCOME_EXPENSE_LINES)
    assert [n for n in CONTRACT if n not in names] == []
    assert len(set(BALANCE_SHEET_LINES)) == len(BALANCE_SHEET_LINES) == 17
    assert len(set(INCOME_EXPENSE_LINES)) == len(INCOME_EXPENSE_LINES) == 18
    assert statements.INCOME_EXPENSE_LINES[:2] == ("年初资金结转", "年初资金结余")
