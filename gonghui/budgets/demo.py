"""Demo budgets: the factory union (F0001) has a ratified budget for the demo's year,
consistent with its books, and last year's final accounts (决算) sent up to the district
(D0001), awaiting its ratification.

Runs in `finish`, after the books' demo has posted every voucher the modules handed in:
the budget's lines are the year's income and expenditure in the books, per account, 专项
flag and project, rounded (income down to the hundred, expenditure up to the thousand and
twice as much, the modules' accounts budgeted too), so every execution rate reads
below 100% and no later voucher of the demo is stopped by the budget check. Each step is
taken by the person whose step it is: the
accountant drafts, the chair approves for the committee and sends it up, the 经审 member
reviews, the district's staff ratifies.

Deterministic (fixed dates, amounts from the deterministic books) and idempotent: a step
already taken is not taken again.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from gonghui.finance import chart
from gonghui.finance.demo import YEAR

from . import selectors, services
from .models import Budget, Kind, State

COMMITTEE = (3, 2, dt.date(YEAR, 1, 12))  # 第3届委员会第2次会议
REVIEW = (3, 1, dt.date(YEAR, 1, 16))  # 第3届经审会第1次会议
FINAL_COMMITTEE = (3, 1, dt.date(YEAR, 1, 12))
FINAL_REVIEW = (3, 1, dt.date(YEAR, 1, 16))
BUDGET_NOTES = (
    "一、收入预算：拨缴经费按上年工资总额2%的60%留成测算，另计银行存款利息。\n"
    "二、支出预算：按照《基层工会经费收支管理办法》，重点保障职工活动、职工服务和维权支出，"
    "严格控制业务支出。\n"
    "三、专项资金单独编列，专款专用。"
)
FINAL_NOTES = "本会于上年12月启用本系统，上年收支按原账簿核算，本系统中上年无收支发生额。"


# The accounts the modules book their payouts to (finance/mapping.py): a union budgets
# them for the whole year, so a payout made on the demo (a visit, an aid grant, a fund's
# payout) finds its line with room left, as in a union whose budget was approved in January.
MODULE_ACCOUNTS = ("50101", "50102", "50105", "50106", "50305", "50404", "50405")
# ... and those the hardship fund (帮困基金) pays, whose money is 专项 (finance/mapping.py).
RESTRICTED_MODULE_ACCOUNTS = ("50404", "50405")
FLOOR = Decimal("50000")


def _amount(value: Decimal, *, income: bool) -> Decimal:
    if income:
        return max((value / 100).to_integral_value(ROUND_FLOOR) * 100, Decimal("100"))
    # The books stop in October: the year's budget is twice as much, at least FLOOR.
    padded = max(value * 2, FLOOR)
    return (padded / 1000).to_integral_value(ROUND_CEILING) * 1000


def _lines(org) -> list[dict]:
    """The year's income and expenditure by (account, 专项, project), as budget lines."""
    from gonghui.finance.models import Project

    figures = selectors.book_figures(org, YEAR)
    accounts = {a.code for a in selectors.budget_accounts(org)}
    projects = {p.pk: p for p in Project._base_manager.filter(org=org)}
    lines = []
    for (code, restricted, project_id), fig in sorted(
        figures.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or 0)
    ):
        total = fig.executed + fig.pending
        if total <= 0 or code not in accounts:
            continue
        lines.append(
            {
                "account": code,
                "amount": _amount(total, income=chart.is_income(code)),
                "restricted": restricted,
                "project": projects.get(project_id) if chart.is_expense(code) else None,
            }
        )
    present = {(ln["account"], ln["restricted"]) for ln in lines if ln["project"] is None}
    wanted = [(code, False) for code in MODULE_ACCOUNTS]
    wanted += [(code, True) for code in RESTRICTED_MODULE_ACCOUNTS]
    for code, restricted in wanted:
        if code in accounts and (code, restricted) not in present:
            lines.append(
                {"account": code, "amount": FLOOR, "restricted": restricted, "project": None}
            )
    return lines


def _walk(doc, users, *, to: str, committee, review) -> None:
    chair, auditor = users["factory_chair"], users["factory_auditor"]
    if doc.state == State.DRAFT:
        term, session, date = committee
        services.budget_approve(actor=chair, budget=doc, term=term, session=session, date=date)
    doc.refresh_from_db()
    if doc.state == State.APPROVED:
        term, session, date = review
        services.budget_review(
            actor=auditor,
            budget=doc,
            opinion="经审查，收支编列符合规定，同意报上级工会审批。",
            term=term,
            session=session,
            date=date,
        )
    doc.refresh_from_db()
    if doc.state == State.REVIEWED:
        services.budget_submit(actor=chair, budget=doc)
    doc.refresh_from_db()
    if to == State.RATIFIED and doc.state == State.SUBMITTED:
        services.budget_ratify(actor=users["district"], budget=doc)


def load(ctx) -> None:
    """Nothing before the books are posted: see `finish`."""


def finish(ctx) -> None:
    orgs, users = ctx["orgs"], ctx["users"]
    factory, accountant = orgs["F0001"], users["factory_finance"]

    budget = Budget._base_manager.filter(org=factory, year=YEAR, kind=Kind.BUDGET).first()
    if budget is None:
        budget = services.budget_create(
            actor=accountant, org=factory, year=YEAR, explanation=BUDGET_NOTES
        )
        services.budget_lines_replace(actor=accountant, budget=budget, lines=_lines(factory))
        services.budget_cover_update(
            actor=accountant,
            budget=budget,
            sign_chair="张海燕",
            sign_finance_head="赵丽娟",
            sign_audit_head="孙伟",
            sign_preparer="赵丽娟",
        )
    _walk(budget, users, to=State.RATIFIED, committee=COMMITTEE, review=REVIEW)

    final = Budget._base_manager.filter(org=factory, year=YEAR - 1, kind=Kind.FINAL).first()
    if final is None:
        final = services.final_create(
            actor=accountant, org=factory, year=YEAR - 1, explanation=FINAL_NOTES
        )
        services.budget_cover_update(
            actor=accountant,
            budget=final,
            sign_chair="张海燕",
            sign_finance_head="赵丽娟",
            sign_audit_head="孙伟",
            sign_preparer="赵丽娟",
        )
    _walk(final, users, to=State.SUBMITTED, committee=FINAL_COMMITTEE, review=FINAL_REVIEW)
