"""The lines of 工会01 资产负债表 and 工会02 收入支出表 and their formulas, pure.

No database (docs/finance-design.md §2): the selectors sum the posted lines into `Net`
mappings with one GROUP BY and hand them here, so the formulas are tested on their own.
The line names are the official ones and part of the `statements` command's contract
(§1.14); 负债合计, 净资产合计, 年初资金结转/结余 and 年末资金结转/结余 are marked [C] there.

`Net` maps (first-level account code, restricted) to Σdebit − Σcredit, signed; restricted is
True (专项) / False (非专项) for income and expense accounts and None for the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from . import chart

Net = Mapping[tuple[str, bool | None], Decimal]

ZERO = Decimal("0.00")
CARRIED, SURPLUS = "321", "322"  # 工会资金结转 (专项), 工会资金结余 (非专项)


@dataclass(frozen=True)
class BalanceLine:
    name: str
    opening: Decimal  # 年初余额
    closing: Decimal  # 期末余额
    total: bool = False


@dataclass(frozen=True)
class FlowLine:
    name: str
    period: Decimal  # 本月数 (the year for the annual statement)
    year_to_date: Decimal  # 本年累计数
    total: bool = False


BALANCE_SHEET_LINES: tuple[str, ...] = (
    "货币资金",
    "应收上级经费",
    "其他应收款",
    "库存物品",
    "固定资产原值",
    "累计折旧",
    "固定资产净值",
    "待处理财产损溢",
    "资产总计",
    "应付上级经费",
    "其他应付款",
    "负债合计",
    "资产基金",
    "工会资金结转",
    "工会资金结余",
    "净资产合计",
    "负债和净资产总计",
)
_BALANCE_TOTALS = frozenset({"资产总计", "负债合计", "净资产合计", "负债和净资产总计"})

INCOME_LINES: tuple[tuple[str, str], ...] = (
    ("会费收入", "401"),
    ("拨缴经费收入", "402"),
    ("上级补助收入", "403"),
    ("行政补助收入", "405"),
    ("其他收入", "408"),
)
EXPENSE_LINES: tuple[tuple[str, str], ...] = (
    ("职工活动支出", "501"),
    ("职工服务支出", "503"),
    ("维权支出", "504"),
    ("业务支出", "505"),
    ("资本性支出", "507"),
    ("其他支出", "510"),
)
INCOME_EXPENSE_LINES: tuple[str, ...] = (
    "年初资金结转",
    "年初资金结余",
    *(name for name, _ in INCOME_LINES),
    "收入合计",
    *(name for name, _ in EXPENSE_LINES),
    "支出合计",
    "本期收支差额",
    "年末资金结转",
    "年末资金结余",
)
_FLOW_TOTALS = frozenset({"收入合计", "支出合计", "本期收支差额"})


def _checked(code: str, restricted: bool | None) -> str:
    """The first-level code of a Net key; refuses what would silently drop out of a total."""
    top = code[:3]
    if top not in chart.FIRST_LEVEL:
        raise ValueError(f"{code} is not an account of the grassroots chart")
    if chart.needs_restricted(top) and restricted is None:
        raise ValueError(f"{code}: an income or expense balance needs 专项/非专项")
    return top


def fold(net: Net) -> dict[str, Decimal]:
    """Every first-level balance-sheet account -> its balance on its normal side.

    Income and expense not yet closed are folded in as the year-end closing would do it:
    the 专项 difference (income − expense) into 321, the 非专项 one into 322. That keeps the
    monthly 工会01 balanced before the year is closed (design §7 Q1 [C]); after closing the
    4xx/5xx balances are zero and folding changes nothing."""
    out = {
        code: ZERO
        for code in chart.FIRST_LEVEL
        if not chart.needs_restricted(code)  # 4xx/5xx are folded away
    }
    for (code, restricted), amount in net.items():
        top = _checked(code, restricted)
        if chart.needs_restricted(top):
            # Income is credit normal: −net is income, +net expense; their difference is −net.
            out[CARRIED if restricted else SURPLUS] -= amount
        elif chart.ACCOUNTS[top].normal == chart.DEBIT:
            out[top] += amount
        else:
            out[top] -= amount
    return out


def _balance_values(net: Net) -> dict[str, Decimal]:
    b = fold(net)
    cash = b["101"] + b["102"]
    net_fixed = b["162"] - b["163"]
    assets = cash + b["131"] + b["135"] + b["141"] + net_fixed + b["182"]
    liabilities = b["211"] + b["215"]
    net_assets = b["301"] + b[CARRIED] + b[SURPLUS]
    return {
        "货币资金": cash,
        "应收上级经费": b["131"],
        "其他应收款": b["135"],
        "库存物品": b["141"],
        "固定资产原值": b["162"],
        "累计折旧": b["163"],
        "固定资产净值": net_fixed,
        "待处理财产损溢": b["182"],
        "资产总计": assets,
        "应付上级经费": b["211"],
        "其他应付款": b["215"],
        "负债合计": liabilities,
        "资产基金": b["301"],
        "工会资金结转": b[CARRIED],
        "工会资金结余": b[SURPLUS],
        "净资产合计": net_assets,
        "负债和净资产总计": liabilities + net_assets,
    }


def balance_sheet(opening: Net, closing: Net) -> list[BalanceLine]:
    """工会01: `opening` is the balance at 1 January (年初余额), `closing` at the period's end."""
    start, end = _balance_values(opening), _balance_values(closing)
    return [
        BalanceLine(name, start[name], end[name], total=name in _BALANCE_TOTALS)
        for name in BALANCE_SHEET_LINES
    ]


def _moves_by_account(moves: Net) -> dict[str, Decimal]:
    """Income (as a positive amount) and expense per first-level 4xx/5xx account."""
    out = {code: ZERO for _, code in INCOME_LINES + EXPENSE_LINES}
    for (code, restricted), amount in moves.items():
        top = _checked(code, restricted)
        if chart.is_income(top):
            out[top] -= amount
        elif chart.is_expense(top):
            out[top] += amount
    return out


def _flow_values(start: Net, end: Net, moves: Net) -> dict[str, Decimal]:
    opening, closing, by_account = fold(start), fold(end), _moves_by_account(moves)
    values = {
        "年初资金结转": opening[CARRIED],
        "年初资金结余": opening[SURPLUS],
    }
    income = expense = ZERO
    for name, code in INCOME_LINES:
        values[name] = by_account[code]
        income += by_account[code]
    values["收入合计"] = income
    for name, code in EXPENSE_LINES:
        values[name] = by_account[code]
        expense += by_account[code]
    values["支出合计"] = expense
    values["本期收支差额"] = income - expense
    values["年末资金结转"] = closing[CARRIED]
    values["年末资金结余"] = closing[SURPLUS]
    return values


def income_expense(
    *, year_start: Net, period_start: Net, period_end: Net, period_moves: Net, ytd_moves: Net
) -> list[FlowLine]:
    """工会02. The moves leave out the year-end closing voucher (the caller filters it),
    which would otherwise net every income and expense account to zero. For the annual
    statement pass period_start = year_start and period_moves = ytd_moves.

    年初 lines: the period column starts at the period's start, the year column at 1 January;
    年末 lines: both columns end at the period's end (balances with income and expense
    folded in, see `fold`)."""
    period = _flow_values(period_start, period_end, period_moves)
    ytd = _flow_values(year_start, period_end, ytd_moves)
    return [
        FlowLine(name, period[name], ytd[name], total=name in _FLOW_TOTALS)
        for name in INCOME_EXPENSE_LINES
    ]
