"""Builders of the audit tests: aid records with scans, a welfare batch."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped

PDF = b"%PDF-1.4\n%test\n"


def _scan(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def aid_records(union, member, actor):
    """An education-aid application with its proof and a medical claim with one bill scan,
    of `member` of `union`, built through the aid and funds services as `actor`."""
    from gonghui.aid import services as aid
    from gonghui.funds import services as funds

    with scope(union), acting(user=actor):
        rnd = aid.round_create(
            actor=actor,
            org=union,
            year=2026,
            name="2026年金秋助学",
            opens_on=dt.date(2026, 7, 1),
            closes_on=dt.date(2026, 12, 31),
        )
        application = aid.application_create(
            actor=actor,
            rnd=rnd,
            member=member,
            data={
                "child_name": "小明",
                "school": "合肥工业大学",
                "level": "undergraduate",
                "household_size": 3,
                "income_per_head": Decimal("900.00"),
            },
            proof=_scan("录取通知书.pdf"),
            today=dt.date(2026, 9, 10),
        )
        fund = funds.fund_create(
            actor=actor, org=union, kind="medical", name="医疗互助金", opened_on=dt.date(2026, 1, 1)
        )
        scheme = aid.scheme_create(actor=actor, org=union, year=2026, fund=fund)
        aid.enrolment_create(actor=actor, scheme=scheme, member=member, date=dt.date(2026, 1, 5))
        claim = aid.claim_create(
            actor=actor,
            scheme=scheme,
            member=member,
            hospital="市第一人民医院",
            admitted_on=dt.date(2026, 5, 1),
            discharged_on=dt.date(2026, 5, 8),
            bills=[
                {
                    "category": "inpatient",
                    "total": Decimal("8000.00"),
                    "eligible": Decimal("6000.00"),
                    "file": _scan("住院发票.pdf"),
                }
            ],
        )
        bill = claim.bills.get()
    return application, bill


def welfare_batch(union, title="2026年春节慰问"):
    """A planned welfare batch (a plain record: only its name is needed)."""
    from gonghui.welfare.models import Batch

    with unscoped(), acting(source="system"):
        batch = Batch(
            org=union,
            title=title,
            occasion="festival",
            festival="chunjie",
            date=dt.date(2026, 2, 1),
            form="goods",
            amount=Decimal("0"),
            goods="米面油",
        )
        batch.save()
    return batch


def hardship_file_and_visit(member, actor):
    """A hardship file of `member` and a visit (goods, no money), through the welfare services."""
    from gonghui.welfare import services

    with scope(member.org.union()), acting(user=actor):
        file = services.case_create(
            actor=actor,
            member=member,
            data={
                "causes": ["illness"],
                "yearly_income": Decimal(18000),
                "rigid_costs": Decimal(0),
                "address": "幸福路1号",
                "phone": "13912345678",
                "applied_on": dt.date(2026, 3, 1),
            },
        )
        visit = services.visit_record(
            actor=actor,
            member=member,
            data={
                "occasion": "hospital",
                "form": "goods",
                "goods": "水果",
                "amount": Decimal("0"),
                "date": dt.date(2026, 6, 1),
                "visitors": "张海燕",
            },
        )
    return file, visit


@pytest.fixture
def district(db):
    """A district (upper staff `upper`) with a school union (`school`: `school_union_chair`,
    `school_union_cadre`) and a factory union (`factory`: `factory_union_chair`, `factory_union_auditor`)
    whose log holds an aid application, a hardship file and a visit."""
    from tests.factories import (
        DistrictFactory,
        GroupFactory,
        MemberFactory,
        UnionFactory,
        UserFactory,
    )

    d = DistrictFactory(name="测试区总工会")
    d.upper = UserFactory(roles=[("upper_staff", d)])
    d.school = UnionFactory(parent=d, name="实验中学工会", unit_type="school")
    d.school_union_chair = UserFactory(roles=[("chair", d.school)])
    d.school_union_cadre = UserFactory(roles=[("cadre", d.school)])
    d.factory = UnionFactory(parent=d, name="精密机械公司工会", unit_type="enterprise")
    d.factory_union_chair = UserFactory(roles=[("chair", d.factory)])
    d.factory_union_auditor = UserFactory(roles=[("auditor", d.factory)])
    workshop = GroupFactory(parent=d.factory, name="一车间工会小组")
    aid_records(d.factory, MemberFactory(org=workshop), d.factory_union_chair)
    hardship_file_and_visit(MemberFactory(org=workshop), d.factory_union_chair)
    return d
