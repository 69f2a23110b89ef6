"""Demo care work: hardship households of the school and the factory in various states, a
春节 batch already paid at the factory, a 中秋 batch planned at the school, and visits
through the year, all paid from the demo funds through the welfare services, which book
each visit's payout, and the factory's batch as one voucher, in the books (finance.posting);
the vouchers wait for the accountant's review like any other payout.

Deterministic (members picked by their place in the roster, fixed dates in 2026) and
idempotent: nothing is added when the demo unions already have care records.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gonghui.audit.context import acting
from gonghui.funds.models import Fund
from gonghui.members.models import Member, Status

from . import services
from .models import HardshipFile, RegionLine, Visit

D = Decimal


def _members(union, n: int, skip: int = 0) -> list[Member]:
    qs = Member.objects.filter(
        org__path__startswith=union.path, status=Status.ACTIVE, user__isnull=True
    ).select_related("org")
    return list(qs.order_by("id")[skip : skip + n])


def _fund(union, name: str) -> Fund:
    return Fund.objects.get(org=union, name=name)


def _file(actor, member, steps, *, applied, household=(), measures=(), **facts) -> HardshipFile:
    f = services.case_create(actor=actor, member=member, data={"applied_on": applied, **facts})
    for name, relation, income, occupation in household:
        services.household_add(
            actor=actor,
            file=f,
            data={
                "name": name,
                "relation": relation,
                "monthly_income": D(income),
                "occupation": occupation,
            },
        )
    for step, day, extra in steps:
        f = services.case_transition(actor=actor, file=f, action=step, date=day, **extra)
    for kind, text, owner, due, done in measures:
        m = services.measure_add(
            actor=actor, file=f, data={"kind": kind, "text": text, "owner": owner, "due": due}
        )
        if done:
            services.measure_done(actor=actor, measure=m, date=done, result="已完成")
    return f


APPROVE = [
    ("check", dt.date(2026, 3, 5), {}),
    ("submit", dt.date(2026, 3, 12), {}),
    ("approve", dt.date(2026, 3, 20), {}),
]


def load(ctx) -> None:
    orgs, users = ctx["orgs"], ctx["users"]
    school, factory = orgs["S0001"], orgs["F0001"]
    if HardshipFile.objects.filter(org__path__startswith=orgs["D0001"].path).exists():
        return  # already loaded
    if not RegionLine.objects.filter(org=orgs["D0001"]).exists():
        RegionLine(
            org=orgs["D0001"],
            region="安徽",
            effective_from=dt.date(2026, 1, 1),
            dibao_monthly=D("800.00"),
            source="示范区民政局2026年城乡最低生活保障标准（演示数据）",
        ).save()
    with acting(users["school_chair"], source="cli"):
        _school(school, users["school_chair"])
    with acting(users["factory_chair"], source="cli"):
        _factory(factory, users["factory_chair"])


def _school(union, chair) -> None:
    people = _members(union, 14)
    union_fund, hardship_fund = _fund(union, "工会经费"), _fund(union, "帮困基金")
    deep = _file(
        chair,
        people[0],
        APPROVE,
        applied=dt.date(2026, 3, 1),
        causes=["illness", "schooling"],
        yearly_income=D(16000),
        rigid_costs=D(4000),
        address="示范区幸福路18号",
        phone="13955550101",
        situation="配偶患尿毒症长期透析，子女读高中，家庭主要靠本人工资。",
        household=[("王桂兰", "配偶", "0", "无业（患病）"), ("王子轩", "子", "0", "高二在读")],
        measures=[
            (
                "medical",
                "协助申请医疗互助补助",
                "林建华",
                dt.date(2026, 5, 31),
                dt.date(2026, 5, 20),
            ),
            ("education", "金秋助学申请", "林建华", dt.date(2026, 9, 30), None),
        ],
    )
    _file(
        chair,
        people[1],
        [("check", dt.date(2026, 10, 20), {})],
        applied=dt.date(2026, 10, 15),
        causes=["disability"],
        yearly_income=D(30000),
        rigid_costs=D(6000),
        household=[("李秀英", "母亲", "0", "退休（残疾）")],
    )
    closed = _file(
        chair,
        people[2],
        [
            *APPROVE,
            (
                "close",
                dt.date(2026, 9, 1),
                {"exit_reason": "recovered", "note": "配偶再就业，家庭收入稳定"},
            ),
        ],
        applied=dt.date(2026, 3, 2),
        causes=["unemployed"],
        yearly_income=D(14000),
    )
    services.case_review(
        actor=chair,
        file=closed,
        date=dt.date(2026, 11, 10),
        outcome="follow_up",
        note="回访：生活稳定",
    )

    def visit(member, **data):
        data.setdefault("visitors", "李红梅、林建华")
        return services.visit_record(
            actor=chair,
            member=member,
            data=data,
            override_reason=data.pop("override", ""),
            may_override=True,
        )

    visit(
        deep.member,
        occasion="hardship",
        form="cash",
        amount=D(2000),
        date=dt.date(2026, 1, 20),
        fund=hardship_fund,
        hardship_file=deep,
        note="春节前送温暖",
        signed_off=True,
        receipt="SW-2026-01",
    )
    visit(
        people[3],
        occasion="hospital",
        form="cash",
        amount=D(800),
        date=dt.date(2026, 4, 8),
        fund=union_fund,
        signed_off=True,
    )
    visit(
        people[4],
        occasion="hospital_surgery",
        form="cash",
        amount=D(2500),
        date=dt.date(2026, 6, 2),
        fund=union_fund,
        override="心脏搭桥大手术，经工会委员会研究同意",
    )
    visit(
        people[5],
        occasion="wedding",
        form="goods",
        amount=D(600),
        goods="床上用品四件套",
        date=dt.date(2026, 5, 1),
        fund=union_fund,
        event_date=dt.date(2026, 4, 30),
    )
    visit(
        people[6],
        occasion="childbirth",
        form="goods",
        amount=D(500),
        goods="母婴用品",
        date=dt.date(2026, 7, 15),
        fund=union_fund,
    )
    # Last December, before the demo funds' first entry: a wreath, no money (the
    # anniversary reminder comes from it).
    visit(
        people[7],
        occasion="death_relative",
        form="goods",
        amount=D(0),
        goods="花圈挽联",
        date=dt.date(2025, 12, 3),
        event_date=dt.date(2025, 12, 1),
    )
    visit(
        people[12],
        occasion="death_relative",
        form="cash",
        amount=D(1000),
        date=dt.date(2026, 3, 3),
        fund=union_fund,
        event_date=dt.date(2026, 3, 1),
    )
    visit(
        people[8],
        occasion="birthday",
        form="goods",
        amount=D(150),
        goods="生日蛋糕券",
        date=dt.date(2026, 8, 8),
        fund=union_fund,
    )
    visit(
        people[9],
        occasion="summer",
        form="goods",
        amount=D(80),
        goods="防暑降温用品",
        date=dt.date(2026, 7, 20),
        fund=union_fund,
    )
    wrong = visit(
        people[10],
        occasion="hospital",
        form="cash",
        amount=D(1000),
        date=dt.date(2026, 9, 9),
        fund=union_fund,
    )
    services.visit_correct(
        actor=chair,
        visit=wrong,
        reason="金额录入错误，应为500元",
        data={
            "occasion": "hospital",
            "form": "cash",
            "amount": D(500),
            "date": dt.date(2026, 9, 10),
            "visitors": "李红梅",
            "fund": union_fund,
        },
    )
    services.sick_leave_record(
        actor=chair, member=people[11], start=dt.date(2026, 9, 1), note="腰椎手术后休养"
    )
    services.batch_create(
        actor=chair,
        org=union,
        selection="retirees",
        data={
            "title": "2026年中秋慰问退休会员",
            "occasion": "festival",
            "festival": "zhongqiu",
            "date": dt.date(2026, 9, 20),
            "form": "goods",
            "amount": D(200),
            "goods": "月饼、水果",
            "fund": union_fund,
            "visitors": "李红梅",
        },
    ) if services.batch_candidates(union, "retirees").exists() else None


def _factory(union, chair) -> None:
    people = _members(union, 8, skip=40)
    union_fund, hardship_fund = _fund(union, "工会经费"), _fund(union, "帮困基金")
    due = _file(
        chair,
        people[0],
        [
            ("check", dt.date(2025, 11, 20), {}),
            ("submit", dt.date(2025, 11, 28), {}),
            ("approve", dt.date(2025, 12, 5), {}),
        ],
        applied=dt.date(2025, 11, 10),
        causes=["single_parent", "low_income"],
        yearly_income=D(36000),
        household=[("陈思雨", "女", "0", "小学在读"), ("陈思远", "子", "0", "初中在读")],
        measures=[
            (
                "employment",
                "推荐参加数控技能培训",
                "曹勇",
                dt.date(2026, 6, 30),
                dt.date(2026, 6, 18),
            )
        ],
    )
    _file(
        chair,
        people[1],
        [("check", dt.date(2026, 8, 3), {}), ("submit", dt.date(2026, 8, 10), {})],
        applied=dt.date(2026, 8, 1),
        causes=["accident"],
        accident=True,
        yearly_income=D(90000),
        hardship_costs=D(85000),
        situation="房屋遭遇洪水受损。",
    )
    _file(
        chair,
        people[2],
        [],
        applied=dt.date(2026, 11, 18),
        causes=["illness"],
        yearly_income=D(20000),
        rigid_costs=D(8000),
    )
    services.visit_record(
        actor=chair,
        member=due.member,
        data={
            "occasion": "hardship",
            "form": "cash",
            "amount": D(1500),
            "date": dt.date(2026, 6, 1),
            "fund": hardship_fund,
            "visitors": "张海燕",
            "hardship_file": due,
            "signed_off": True,
        },
    )
    services.visit_record(
        actor=chair,
        member=people[3],
        data={
            "occasion": "retirement",
            "form": "goods",
            "amount": D(800),
            "goods": "退休纪念品",
            "date": dt.date(2026, 10, 30),
            "fund": union_fund,
            "visitors": "张海燕",
        },
    )
    batch = services.batch_create(
        actor=chair,
        org=union,
        selection="group",
        group="F0001-G01",
        data={
            "title": "2026年春节送温暖（一车间）",
            "occasion": "festival",
            "festival": "chunjie",
            "date": dt.date(2026, 2, 10),
            "form": "goods",
            "amount": D(300),
            "goods": "米、面、油",
            "fund": union_fund,
            "visitors": "张海燕、曹勇",
        },
    )
    services.batch_pay(actor=chair, batch=batch)
    assert Visit.objects.filter(batch=batch).count() == batch.lines.count()
