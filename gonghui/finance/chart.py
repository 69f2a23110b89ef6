"""The grassroots chart of accounts of the 2021 union accounting system, as data.

Pure Python, no database (docs/finance-design.md §2, ../shared/docs/domain.md §4.1). The 24
first-level accounts are fixed by the system: they may not be added, merged or renamed [A].
The built-in second-level accounts are the ones domain.md lists; an upper union may add
sub-accounts for its subtree and a union for itself (finance.models.SubAccount, merged by
`selectors.chart_for`), which is why the helpers below take the custom ones as `extra`.

Account names are the official Chinese names: vouchers and statements print them exactly as
the system writes them ("a code alone is not enough"), so they are data, not interface text.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

SOURCE = "工会会计制度（财会〔2021〕7号）基层工会会计科目"
MARK = "A"  # read in the official text (domain.md §4.1)
IN_FORCE = datetime.date(2022, 1, 1)

# The five elements of the system (资产 = 负债 + 净资产; 收入 and 支出 close to 321/322).
ASSET, LIABILITY, NET_ASSETS, INCOME, EXPENSE = (
    "asset",
    "liability",
    "net_assets",
    "income",
    "expense",
)
CATEGORIES = (ASSET, LIABILITY, NET_ASSETS, INCOME, EXPENSE)
DEBIT, CREDIT = "debit", "credit"


@dataclass(frozen=True)
class Account:
    code: str
    name: str  # the official Chinese name, e.g. "库存现金"
    category: str  # one of CATEGORIES
    normal: str  # DEBIT or CREDIT: the side its balance normally sits on
    parent: str | None = None
    # 专项 (True) / 非专项 (False) proposed for a line on this account; None: the line says.
    restricted_default: bool | None = None

    @property
    def level(self) -> int:
        """1 for the 24 first-level accounts, 2 for their sub-accounts (a custom
        sub-account of a sub-account is 3: each level adds two digits)."""
        return (len(self.code) - 3) // 2 + 1

    @property
    def top(self) -> str:
        """The first-level account this one rolls up into."""
        return self.code[:3]


def _first(code: str, name: str, category: str, normal: str | None = None) -> Account:
    if normal is None:
        normal = DEBIT if category in (ASSET, EXPENSE) else CREDIT
    return Account(code, name, category, normal)


def _subs(parent: Account, names: Iterable[tuple[str, str]], **kw) -> list[Account]:
    return [
        Account(code, name, parent.category, parent.normal, parent=parent.code, **kw)
        for code, name in names
    ]


_FIRST = [
    _first("101", "库存现金", ASSET),
    _first("102", "银行存款", ASSET),
    _first("131", "应收上级经费", ASSET),
    _first("135", "其他应收款", ASSET),
    _first("141", "库存物品", ASSET),
    _first("162", "固定资产", ASSET),
    # A contra-asset: its balance is on the credit side and is shown as a positive deduction.
    _first("163", "累计折旧", ASSET, CREDIT),
    _first("182", "待处理财产损溢", ASSET),
    _first("211", "应付上级经费", LIABILITY),
    _first("215", "其他应付款", LIABILITY),
    _first("301", "资产基金", NET_ASSETS),
    _first("321", "工会资金结转", NET_ASSETS),
    _first("322", "工会资金结余", NET_ASSETS),
    _first("401", "会费收入", INCOME),
    _first("402", "拨缴经费收入", INCOME),
    _first("403", "上级补助收入", INCOME),
    _first("405", "行政补助收入", INCOME),
    _first("408", "其他收入", INCOME),
    _first("501", "职工活动支出", EXPENSE),
    _first("503", "职工服务支出", EXPENSE),
    _first("504", "维权支出", EXPENSE),
    _first("505", "业务支出", EXPENSE),
    _first("507", "资本性支出", EXPENSE),
    _first("510", "其他支出", EXPENSE),
]
_BY_CODE = {a.code: a for a in _FIRST}

_SECOND = [
    *_subs(_BY_CODE["131"], [("13101", "应收上级补助"), ("13102", "应收上级转拨经费")]),
    *_subs(
        _BY_CODE["321"],
        [
            ("32101", "年初余额调整"),
            ("32102", "单位内部调剂"),
            ("32103", "本年收支结转"),
            ("32104", "累计结转"),
        ],
    ),
    *_subs(
        _BY_CODE["322"],
        [
            ("32201", "年初余额调整"),
            ("32202", "单位内部调剂"),
            ("32203", "本年收支结转"),
            ("32204", "结转转入"),
            ("32205", "累计结余"),
        ],
    ),
    *_subs(_BY_CODE["403"], [("40301", "一般性转移支付补助")]),
    # A special transfer from above is earmarked money: it closes to 321, not 322.
    *_subs(_BY_CODE["403"], [("40302", "专项转移支付补助")], restricted_default=True),
    *_subs(
        _BY_CODE["501"],
        [
            ("50101", "职工教育"),
            ("50102", "文体活动"),
            ("50103", "宣传活动"),
            ("50104", "劳模职工疗休养"),
            ("50105", "会员活动"),
            ("50106", "其他活动"),
        ],
    ),
    *_subs(
        _BY_CODE["503"],
        [
            ("50301", "劳动和技能竞赛"),
            ("50302", "建家活动"),
            ("50303", "职工创新"),
            ("50304", "职工书屋"),
            ("50305", "其他服务"),
        ],
    ),
    *_subs(
        _BY_CODE["504"],
        [
            ("50401", "劳动关系协调"),
            ("50402", "劳动保护"),
            ("50403", "法律援助"),
            ("50404", "困难职工帮扶"),
            ("50405", "送温暖"),
            ("50406", "其他维权"),
        ],
    ),
    *_subs(
        _BY_CODE["505"],
        [("50501", "培训"), ("50502", "会议"), ("50503", "专项业务"), ("50504", "其他业务")],
    ),
    *_subs(
        _BY_CODE["507"],
        [
            ("50701", "房屋建筑物"),
            ("50702", "办公设备"),
            ("50703", "专用设备"),
            ("50704", "交通工具"),
            ("50705", "大型修缮"),
            ("50706", "信息网络"),
            ("50707", "其他"),
        ],
    ),
]

# Sorting the codes as strings puts every parent right before its sub-accounts: chart order.
ACCOUNTS: dict[str, Account] = {a.code: a for a in sorted(_FIRST + _SECOND, key=lambda a: a.code)}
FIRST_LEVEL: tuple[str, ...] = tuple(a.code for a in _FIRST)

# Codes of the full 2021 chart that a grassroots union does not use: the import and the
# voucher form refuse them with this reason instead of a bare "unknown account".
NOT_GRASSROOTS: dict[str, str] = {
    code: f"{code} 是县级以上工会的科目，基层工会不使用" for code in ("502", "506", "508", "509")
}


def account(code: str) -> Account | None:
    """The built-in account with this code (custom sub-accounts come from chart_for)."""
    return ACCOUNTS.get(code)


def _parent_of(a: Account) -> str | None:
    if a.parent:
        return a.parent
    return a.code[:-2] if len(a.code) > 3 else None


def _merged(extra: Iterable[Account]) -> dict[str, Account]:
    merged = dict(ACCOUNTS)
    merged.update((a.code, a) for a in extra)  # chart_for passes built-ins too: one per code
    return merged


def children(code: str, extra: Iterable[Account] = ()) -> list[Account]:
    """The direct sub-accounts of `code`, built-in and `extra`, in code order."""
    found = [a for a in _merged(extra).values() if _parent_of(a) == code]
    return sorted(found, key=lambda a: a.code)


def is_leaf(code: str, extra: Iterable[Account] = ()) -> bool:
    """True when `code` is an account (built-in or in `extra`) without sub-accounts: only a
    leaf takes postings. An unknown code is not a leaf of this chart."""
    merged = _merged(extra)
    if code not in merged:
        return False
    return not any(_parent_of(a) == code for a in merged.values())


def is_income(code: str) -> bool:
    return code[:1] == "4"


def is_expense(code: str) -> bool:
    return code[:1] == "5"


def needs_restricted(code: str) -> bool:
    """Every income and expense line says 专项 or 非专项: 专项 closes to 321, 非专项 to 322."""
    return is_income(code) or is_expense(code)


def is_cash(code: str) -> bool:
    """库存现金 or 银行存款 (and their sub-accounts, e.g. one per bank account)."""
    return code[:3] in ("101", "102")
