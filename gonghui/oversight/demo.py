"""Demo of the audit committee: at the factory union (F0001) the committee's first-quarter
review of 2026 with two findings, one rectified by the accountant and accepted on
re-check, the other still open; and a budget review whose opinion is signed.

Deterministic (fixed texts and dates in 2026) and idempotent: a review is found by its
subject, a finding by its text, so running the demo again adds nothing.
"""

from __future__ import annotations

import datetime as dt

from .models import Finding, FindingState, Review
from .services import (
    finding_add,
    finding_recheck,
    finding_rectify,
    opinion_save,
    opinion_sign,
    review_open,
)

UNION = "F0001"
MEMBERS = "孙伟\n周敏"  # factory_auditor (经审会主任) and a fellow member without a login
QUARTER = "2026年第一季度经费收支审查"
BUDGET = "2026年工会经费预算草案审查"
FINDINGS = [
    # text, severity, amount, responsible, due, rectified (text, day) or None
    (
        "3月职工篮球赛奖品采购未附验收单，报销凭证附件不全。",
        "minor",
        "1860.00",
        "工会财务",
        dt.date(2026, 5, 31),
        ("已补附验收单并由经办人签字，今后采购一律附验收单。", dt.date(2026, 5, 20)),
    ),
    (
        "备用金未按月与库存现金日记账核对，2月、3月无盘点记录。",
        "serious",
        None,
        "出纳",
        dt.date(2026, 6, 30),
        None,
    ),
]


def _review(org, actor, subject: str, **data) -> Review:
    found = Review.objects.filter(org=org, subject=subject).first()
    if found is not None:
        return found
    return review_open(
        actor=actor, org=org, data={"subject": subject, "members": MEMBERS, "year": 2026, **data}
    )


def load(ctx) -> None:
    orgs, users = ctx["orgs"], ctx["users"]
    org, auditor, accountant = orgs[UNION], users["factory_auditor"], users["factory_finance"]

    budget = _review(
        org, auditor, BUDGET, kind="budget", period="year", started_on=dt.date(2026, 1, 15)
    )
    if not budget.is_signed:
        opinion_save(
            actor=auditor,
            review=budget,
            text="预算草案收支安排符合《基层工会经费收支管理办法》，同意提交工会委员会审议。",
        )
        opinion_sign(actor=auditor, review=budget, on=dt.date(2026, 1, 20))

    review = _review(
        org,
        auditor,
        QUARTER,
        kind="periodic",
        period="q1",
        started_on=dt.date(2026, 4, 10),
        ended_on=dt.date(2026, 4, 15),
    )
    for text, severity, amount, responsible, due, rectified in FINDINGS:
        finding = Finding.objects.filter(review=review, text=text).first()
        if finding is None:
            finding = finding_add(
                actor=auditor,
                review=review,
                text=text,
                severity=severity,
                amount=amount,
                responsible=responsible,
                due_on=due,
            )
        if rectified and finding.state == FindingState.OPEN:
            finding = finding_rectify(
                actor=accountant, finding=finding, text=rectified[0], on=rectified[1]
            )
        if rectified and finding.state == FindingState.RECTIFIED:
            finding_recheck(
                actor=auditor,
                finding=finding,
                accepted=True,
                note="已核对补附的验收单。",
                on=dt.date(2026, 6, 5),
            )
