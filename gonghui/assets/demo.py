"""Demo fixed assets: the factory union (F0001) bought a computer, a projector and a
conference table in 2026 (each a purchase voucher: Dr 162 Cr 301, Dr 507xx Cr 102, paid
from its 工会经费 fund), and its accountant ran the depreciation of every month since, up
to the month before the demo's "today" (November 2026). The books' demo (finance.demo
`finish`) then reviews and posts the vouchers and closes the months.

Deterministic and idempotent: assets are found by their number, a month's run by its
month; a month already closed is left as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gonghui.core.errors import DomainError

from .models import Asset, DepreciationRun
from .services import asset_register, depreciation_run

UNION, ACCOUNTANT = "F0001", "factory_finance"
YEAR, LAST_MONTH = 2026, 10
REASON = "演示数据：年度预算已列资本性支出"
ASSETS = [
    # number, name, category, spec, location, keeper, bought, value
    ("GH-2026-001", "台式电脑", "office", "联想 M740", "工会办公室", "李会计", (2, 16), "5800.00"),
    (
        "GH-2026-002",
        "投影仪",
        "office",
        "爱普生 CB-X50",
        "职工之家活动室",
        "王干事",
        (3, 9),
        "4600.00",
    ),
    (
        "GH-2026-003",
        "会议桌椅",
        "furniture",
        "2.4米会议桌+10椅",
        "会议室",
        "王干事",
        (4, 20),
        "8200.00",
    ),
]


def load(ctx) -> None:
    union, actor = ctx["orgs"][UNION], ctx["users"][ACCOUNTANT]
    from gonghui.funds.models import Fund

    fund = Fund._base_manager.filter(org=union, name="工会经费").first()
    for number, name, category, spec, location, keeper, (month, day), value in ASSETS:
        if Asset._base_manager.filter(org=union, number=number).exists():
            continue
        asset_register(
            actor=actor,
            org=union,
            number=number,
            name=name,
            category=category,
            spec=spec,
            location=location,
            keeper=keeper,
            purchased_on=dt.date(YEAR, month, day),
            original_value=Decimal(value),
            fund=fund,
            override_reason=REASON,
        )
    for month in range(3, LAST_MONTH + 1):
        if DepreciationRun._base_manager.filter(org=union, year=YEAR, month=month).exists():
            continue
        try:
            depreciation_run(actor=actor, org=union, year=YEAR, month=month)
        except DomainError as exc:  # a month closed before the assets came: say so
            ctx.setdefault("warnings", []).append(f"{UNION} {YEAR}-{month:02d}: {exc.message}")
