"""Demo dues: the factory's (F0001) and the school's (S0001) monthly dues lines for the
demo year up to its current month (January to October 2026), all through the dues
services, as the cadres would do it month by month:

- the month's lines generated from the roster's monthly wage (retired members keep their
  membership and are exempt, with the reason the roster gives);
- most paid by payroll deduction: the list payroll sends back (the month's 扣缴金额) is
  imported, as the deduction page does;
- members who are not on the unit's payroll (dispatched workers), and at the school the
  demo member and a few others of the 语文教研组, pay in cash with a receipt number: to the
  union's office (the factory's cashier, the school's chair), or in the 语文教研组 to its
  group leader;
- the factory members the roster shows behind (paid up to March) pay nothing after March:
  their arrears are on the arrears page;
- each month's total booked to 401 as one receipt voucher into the 工会经费 fund, handed
  in for review (finance.demo posts the factory's).

Deterministic (the roster's order and fixed dates) and idempotent: nothing is written for
a union that has dues lines already.
"""

from __future__ import annotations

import datetime as dt
import io

from gonghui.funds.models import Fund

from . import services
from .models import DuesLine, State

YEAR = 2026
MONTHS = range(1, 11)  # January to October: the demo's current month is November
BEHIND_SINCE = 4  # members.demo: a few factory members have paid only up to March
# union → (who generates, imports and books, who takes cash at the union's office)
UNIONS = {
    "F0001": ("factory_finance", "factory_cashier"),
    "S0001": ("school_chair", "school_chair"),
}
CASH_GROUP, GROUP_LEADER = "S0001-G01", "group_leader"  # the group leader with an account
CASH_PAYERS_IN_GROUP = 6  # besides the dispatched, the first members of it pay in cash


def _behind(member) -> bool:
    """The factory members members.demo left behind with their dues (index % 97 == 5)."""
    card = member.card_number or ""
    return card.startswith("F0001") and (int(card[-5:]) - 1) % 97 == 5


def _cash_payers(union, lines: list[DuesLine]) -> set[int]:
    payers = {ln.member_id for ln in lines if ln.member.member_type == "dispatched"}
    if union.code == "S0001":
        group = sorted(
            (ln for ln in lines if ln.member.org.code == CASH_GROUP),
            key=lambda ln: (ln.member.user_id is None, ln.member_id),
        )
        payers |= {ln.member_id for ln in group[:CASH_PAYERS_IN_GROUP]}
    return payers


def _deduction_file(lines: list[DuesLine]) -> io.BytesIO:
    """What payroll sends back: one row per member deducted, the amount deducted."""
    rows = ["姓名,身份证号,扣缴金额"]
    rows += [f"{ln.member.name},{ln.member.id_number},{ln.amount_due:.2f}" for ln in lines]
    f = io.BytesIO("\n".join(rows).encode("utf-8"))
    f.name = "payroll.csv"
    return f


def load(ctx) -> None:
    orgs, users = ctx["orgs"], ctx["users"]
    for code, (clerk, office) in UNIONS.items():
        union = orgs[code]
        if DuesLine.objects.everywhere(why="demo: loaded once").filter(org=union).exists():
            continue  # already loaded
        _union(union, users[clerk], users[office], users[GROUP_LEADER])


def _union(union, clerk, office, leader) -> None:
    fund = Fund._base_manager.filter(org=union, name="工会经费").first()
    receipt = 0
    for month in MONTHS:
        services.dues_month_generate(actor=clerk, org=union, year=YEAR, month=month)
        lines = list(
            DuesLine.objects.everywhere(why="demo: the month just generated")
            .filter(org=union, month=dt.date(YEAR, month, 1), state=State.UNPAID)
            .select_related("member", "member__org")
            .order_by("member__card_number", "member_id")
        )
        cash = _cash_payers(union, lines)
        payable = [ln for ln in lines if not (month >= BEHIND_SINCE and _behind(ln.member))]
        payroll = [ln for ln in payable if ln.member_id not in cash]
        if payroll:
            services.dues_deductions_import(
                actor=clerk, org=union, year=YEAR, month=month, file=_deduction_file(payroll)
            )
        for line in payable:
            if line.member_id not in cash:
                continue
            receipt += 1
            services.dues_cash_record(
                actor=leader if line.member.org.code == CASH_GROUP else office,
                line=line,
                amount=line.amount_due,
                receipt_no=f"{union.code}-{YEAR}-{receipt:04d}",
                paid_on=dt.date(YEAR, month, 20),
            )
        services.dues_month_post(actor=clerk, org=union, year=YEAR, month=month, fund=fund)
