"""Demo: a 2026 金秋助学 round at the factory union with a few applications (some paid), and
a 2026 mutual medical aid scheme at the hospital union with its enrolments and two claims.

Deterministic (fixed dates, members taken in card-number order) and idempotent (skipped when
the round or scheme exists). Runs after the funds demo; opens the funds it needs if absent,
with money put in through the books. Every payment and contribution is a voucher of the
books, waiting for the accountant's review.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from gonghui.finance.posting import Item, receipt_post
from gonghui.funds.models import FundKind
from gonghui.funds.services import fund_create, funds_for
from gonghui.members.models import Member, Status

from . import services
from .models import AidRound, Scheme

ROUND_NAME = "2026年金秋助学"
# (child, school, level, household size, income per head, hardship file, outcome)
APPLICATIONS = [
    ("李思远", "合肥工业大学", "undergraduate", 4, "980.00", True, "paid"),
    ("王雨桐", "安徽职业技术学院", "college", 3, "1150.00", True, "paid"),
    ("陈浩然", "示范区第一中学", "high_school", 5, "760.00", True, "approved"),
    ("赵梓萱", "中国科学技术大学", "undergraduate", 3, "2600.00", False, "applied"),
    ("刘嘉豪", "示范区职业学校", "vocational", 4, "3900.00", False, "rejected"),
]


def _pdf(title: str) -> ContentFile:
    # A minimal one-page PDF, enough for the proof to open.
    body = (
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]>>endobj\n"
        "trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    f = ContentFile(body.encode(), name=f"{title}.pdf")
    return f


def _fund(union, kind: str, name: str, actor, opening: Decimal):
    fund = funds_for(union, kind).first()
    if fund is None:
        fund = fund_create(
            actor=actor, org=union, kind=kind, name=name, opened_on=dt.date(2026, 1, 1)
        )
        # The district's grant for it (上级补助收入), booked as any receipt.
        receipt_post(
            actor=actor,
            org=union,
            source="aid.demo",
            source_id=str(fund.pk),
            date=dt.date(2026, 1, 5),
            summary=f"上级工会拨入{name}（演示）",
            fund=fund,
            items=[Item("40301", opening, payee="示范区总工会")],
        )
    return fund


def _members(union, n: int) -> list[Member]:
    return list(
        Member.objects.filter(org__path__startswith=union.path, status=Status.ACTIVE)
        .select_related("org")
        .order_by("card_number")[:n]
    )


def load(ctx) -> None:
    orgs, users = ctx["orgs"], ctx["users"]
    _education(orgs["F0001"], users["factory_chair"])
    _medical(orgs["H0001"], users["hospital_chair"])


def _education(union, actor) -> None:
    if AidRound.objects.filter(org=union, name=ROUND_NAME).exists():
        return
    fund = _fund(union, FundKind.HARDSHIP, "帮困基金", actor, Decimal("50000.00"))
    rnd = services.round_create(
        actor=actor,
        org=union,
        year=2026,
        name=ROUND_NAME,
        opens_on=dt.date(2026, 7, 1),
        closes_on=dt.date(2026, 9, 30),
        note="对象：本会会员子女当年考入高中、中职、大学者，困难职工家庭优先。",
    )
    for member, (child, school, level, size, income, hardship, outcome) in zip(
        _members(union, len(APPLICATIONS)), APPLICATIONS, strict=True
    ):
        app = services.application_create(
            actor=actor,
            rnd=rnd,
            member=member,
            data={
                "child_name": child,
                "school": school,
                "level": level,
                "enrolled_on": dt.date(2026, 9, 1),
                "household_size": size,
                "income_per_head": Decimal(income),
                "hardship_file": hardship,
            },
            proof=_pdf(f"{child}录取通知书"),
            today=dt.date(2026, 8, 20),
        )
        if outcome == "applied":
            continue
        if outcome == "rejected":
            services.application_decide(
                actor=actor,
                application=app,
                approve=False,
                date=dt.date(2026, 9, 5),
                reason="家庭人均收入高于本轮标准（当地低保标准的2倍）",
            )
            continue
        services.application_decide(
            actor=actor, application=app, approve=True, date=dt.date(2026, 9, 5)
        )
        if outcome == "paid":
            services.application_pay(
                actor=actor, application=app, fund=fund, date=dt.date(2026, 9, 10)
            )


def _medical(union, actor) -> None:
    if Scheme.objects.filter(org=union, year=2026).exists():
        return
    fund = _fund(union, FundKind.MEDICAL, "职工医疗互助金", actor, Decimal("20000.00"))
    scheme = services.scheme_create(actor=actor, org=union, year=2026, fund=fund)
    services.enrolment_bulk(actor=actor, scheme=scheme, date=dt.date(2026, 1, 20))
    first, second = _members(union, 2)
    paid = services.claim_create(
        actor=actor,
        scheme=scheme,
        member=first,
        hospital="示范区人民医院",
        admitted_on=dt.date(2026, 3, 2),
        discharged_on=dt.date(2026, 3, 12),
        bills=[
            {
                "category": "inpatient",
                "total": Decimal("18650.40"),
                "eligible": Decimal("6820.40"),
                "note": "住院费用结算单（医保报销后）",
            },
            {
                "category": "outpatient",
                "total": Decimal("320.00"),
                "eligible": Decimal("320.00"),
                "note": "出院后普通门诊复查",
            },
        ],
    )
    services.claim_review(actor=actor, claim=paid)
    services.claim_decide(actor=actor, claim=paid, approve=True, date=dt.date(2026, 3, 20))
    services.claim_pay(actor=actor, claim=paid, date=dt.date(2026, 3, 25))
    waiting = services.claim_create(
        actor=actor,
        scheme=scheme,
        member=second,
        hospital="省立医院",
        admitted_on=dt.date(2026, 10, 8),
        discharged_on=dt.date(2026, 10, 19),
        bills=[
            {
                "category": "inpatient",
                "total": Decimal("42310.00"),
                "eligible": Decimal("15400.00"),
                "note": "住院费用结算单（医保报销后）",
            },
        ],
    )
    services.claim_review(actor=actor, claim=waiting)
