"""Demo funds: a 工会经费 and a 帮困基金 fund in each demo union, with the year's opening
income (拨缴经费, 会费, 上级拨款, 行政补助) and a small payout, so ledgers, exports and the other
modules' payouts have money to work with. The money goes through the books (one voucher
each, on the account it belongs to, handed in for review), as the pages would book it.

Deterministic (fixed amounts and dates in 2026) and idempotent: funds are found by name,
each voucher by its demo key (source "funds.demo" of finance.SourcePosting), so running
the demo again adds nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gonghui.finance.models import SourcePosting

from .models import Fund, FundKind
from .services import fund_create, fund_income, fund_payout

SOURCE = "funds.demo"
OPENED = dt.date(2025, 1, 1)
# union → (who keeps the books in the demo, members, 帮困 grant, 2% 拨缴经费 share)
UNIONS = {
    "S0001": ("school_chair", 420, "60000.00", "186000.00"),
    "H0001": ("hospital_chair", 760, "100000.00", "428000.00"),
    "F0001": ("factory_finance", 620, "80000.00", "352000.00"),
    "C0001": ("community_chair", 200, "30000.00", "64000.00"),
}
UNION_FUND = "工会经费"
HARDSHIP_FUND = "帮困基金"
DUES_BY_MONTH = {"F0001", "S0001"}


def _fund(union, kind: str, name: str, actor) -> Fund:
    fund = Fund.objects.filter(org=union, name=name).first()
    if fund is None:
        fund = fund_create(actor=actor, org=union, kind=kind, name=name, opened_on=OPENED)
    return fund


def _entry(fund: Fund, key: str, action, **kwargs) -> None:
    source_id = f"{fund.org.code}-{key}"
    booked = SourcePosting._base_manager.filter(org=fund.org, source=SOURCE, source_id=source_id)
    if booked.exists():
        return
    action(fund=fund, source=SOURCE, source_id=source_id, **kwargs)


def load(ctx) -> None:
    orgs, users = ctx["orgs"], ctx["users"]
    for code, (username, members, grant, allocation) in UNIONS.items():
        union, actor = orgs[code], users[username]
        upper = union.parent.name if union.parent_id else "上级工会"
        dues = Decimal(members) * Decimal("60.00")  # about 5 yuan a month per member

        funds = _fund(union, FundKind.UNION, UNION_FUND, actor)
        _entry(
            funds,
            "allocation-q1",
            fund_income,
            actor=actor,
            amount=Decimal(allocation),
            date=dt.date(2026, 1, 12),
            summary="收行政拨缴经费（2%，基层留成60%）",
            account="402",
            payee=union.unit_name or union.name,
        )
        # The factory's and the school's dues are booked month by month by the dues demo
        # (gonghui/dues/demo.py); a lump sum here would count them twice.
        if code not in DUES_BY_MONTH:
            _entry(
                funds,
                "dues-2026",
                fund_income,
                actor=actor,
                amount=dues,
                date=dt.date(2026, 1, 20),
                summary="收2026年度会员会费",
                account="401",
                payee="本会会员",
            )
        _entry(
            funds,
            "congress-2026",
            fund_payout,
            actor=actor,
            amount=Decimal("3680.00"),
            date=dt.date(2026, 3, 18),
            summary="会员代表大会会务费",
            account="50502",
            payee="会务承办单位",
        )

        hardship = _fund(union, FundKind.HARDSHIP, HARDSHIP_FUND, actor)
        _entry(
            hardship,
            "grant-2026",
            fund_income,
            actor=actor,
            amount=Decimal(grant),
            date=dt.date(2026, 1, 8),
            summary="上级拨款：困难职工帮扶资金",
            account="40302",
            payee=upper,
        )
        _entry(
            hardship,
            "subsidy-2026",
            fund_income,
            actor=actor,
            amount=Decimal(members) * Decimal("50.00"),
            date=dt.date(2026, 2, 2),
            summary="行政补助：困难职工帮扶专项",
            account="405",
            payee=union.unit_name or union.name,
        )
