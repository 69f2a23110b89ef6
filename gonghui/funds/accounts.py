"""Which account of the books a payout or income typed on the funds pages lands on.

The fund says where the money sits (its cash or bank line); the account says what it was
(工会会计制度 2021, gonghui/finance/chart.py). The pages offer the leaf accounts of the
union's chart and propose one by the kind of fund; the accountant may still change it at
review, before posting.

Defaults, by kind of fund:

* income: 上级拨款 → 40301 一般性转移支付补助, 工会经费 → 402 拨缴经费收入, and the funds
  that collect money from others (捐助, 医疗互助, 帮困, other) → 408 其他收入.
* payouts: 帮困基金, 社会捐助 and 上级拨款 are spent on helping workers in difficulty →
  50404 困难职工帮扶; 医疗互助金 → 50305 其他服务 (互助保障, as aid's claims book it);
  工会经费 → 50105 会员活动 (慰问 and members' activities, its usual use at a grassroots
  union); another fund → 510 其他支出, where nothing fits better.

A caller naming its module (`source`) gets the module's account (gonghui/finance/mapping.py)
when the mapping knows the source without a kind (aid.application, aid.claim).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from gonghui.finance import chart, mapping
from gonghui.finance.selectors import chart_for

INCOME_BY_KIND = {"upper_grant": "40301", "union": "402"}
INCOME_OTHERWISE = "408"
EXPENSE_BY_KIND = {
    "hardship": "50404",
    "donation": "50404",
    "upper_grant": "50404",
    "medical": "50305",
    "union": "50105",
}
EXPENSE_OTHERWISE = "510"


def leaves(org, on: dt.date, *, income: bool) -> dict[str, chart.Account]:
    """The income (or expense) accounts of `org`'s chart on `on` that take postings."""
    accounts = chart_for(org, on)
    wanted = chart.is_income if income else chart.is_expense
    return {
        code: a
        for code, a in accounts.items()
        if wanted(code) and chart.is_leaf(code, accounts.values())
    }


def default_account(fund, *, income: bool, source: str = "") -> str:
    """The account proposed for money into (`income`) or out of `fund`."""
    if source:
        try:
            if income:
                return mapping.income_account(source)
            return mapping.expense_account(source)
        except LookupError:
            pass  # a source that needs a kind, or none known: the fund's kind decides
    if income:
        return INCOME_BY_KIND.get(fund.kind, INCOME_OTHERWISE)
    return EXPENSE_BY_KIND.get(fund.kind, EXPENSE_OTHERWISE)


def choices(org, on: dt.date, *, income: bool) -> list:
    """The leaf accounts as a select's choices in chart order: a first-level account that
    takes postings itself (408 其他收入) alone, sub-accounts grouped under their parent."""
    accounts = chart_for(org, on)
    out: list = []
    groups: dict[str, list] = {}
    for code, a in leaves(org, on, income=income).items():
        option = (code, f"{code} {a.name}")
        if code == a.top:
            out.append(option)
            continue
        if a.top not in groups:
            top = accounts.get(a.top)
            groups[a.top] = []
            out.append((f"{a.top} {top.name if top else ''}".strip(), groups[a.top]))
        groups[a.top].append(option)
    return out


def restricted(account: chart.Account, source: str = "", fund=None) -> bool:
    """专项 or not: by the module's source (医疗互助) or the fund's kind (帮困基金), else the
    account's own default."""
    kind = getattr(fund, "kind", None)
    return mapping.is_restricted(source, kind) or bool(account.restricted_default)


def check(fund, on: dt.date, code: str, *, income: bool, source: str = "") -> chart.Account:
    """The account `code` (or the default when empty) if it takes this money, else
    LookupError with the message for the person."""
    usable = leaves(fund.org, on, income=income)
    code = (code or "").strip()
    if not code:
        code = default_account(fund, income=income, source=source)
        # A union that keeps sub-accounts under the default books on the first one.
        code = next((c for c in sorted(usable) if c.startswith(code)), code)
    found = usable.get(code)
    if found is None:
        raise LookupError(
            _("Choose an income account of the chart.")
            if income
            else _("Choose an expense account of the chart.")
        )
    return found
