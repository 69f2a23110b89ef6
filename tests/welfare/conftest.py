"""Builders of the care tests: a union under a district of the 安徽 region (whose 低保 line
is 800 a month from 2026), its chair, fresh members and funds, built by the factories and
the services (as the pages would)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped


@pytest.fixture
def district(db):
    """A district of the 安徽 region that set its 低保 line (800 a month from 2026-01-01)."""
    from gonghui.welfare.models import RegionLine
    from tests.factories import DistrictFactory

    district = DistrictFactory(region="安徽")
    with unscoped(), acting(source="system"):
        RegionLine(
            org=district,
            region="安徽",
            effective_from=dt.date(2026, 1, 1),
            dibao_monthly=Decimal("800.00"),
            source="示范区民政局2026年城乡最低生活保障标准",
        ).save()
    return district


@pytest.fixture
def union(district):
    """A grassroots union of the district (the shared `union`, placed in a region)."""
    from tests.factories import UnionFactory

    return UnionFactory(parent=district)


@pytest.fixture
def chair(staff, union):
    return staff("chair", union)


@pytest.fixture
def new_member(group):
    """new_member(**fields) -> a member of `group` with no hardship file and no visit."""
    from tests.factories import MemberFactory

    def make(**fields):
        return MemberFactory(org=group, **fields)

    return make


def members_of(union, n: int = 5, **filters):
    """On-roll members of a union without a login, in a stable order."""
    from gonghui.members.models import ON_ROLL, Member

    with unscoped():
        qs = Member.objects.filter(
            org__path__startswith=union.path, status__in=ON_ROLL, **filters
        ).select_related("org")
        return list(qs.exclude(user__isnull=False).order_by("id")[:n])


def file_case(member, actor, **data):
    from gonghui.welfare import services

    facts = {
        "causes": ["illness"],
        "yearly_income": Decimal(18000),
        "rigid_costs": Decimal(0),
        "address": "幸福路1号",
        "phone": "13912345678",
        "applied_on": dt.date(2026, 3, 1),
    }
    facts.update(data)
    with scope(member.org.union() or member.org), acting(user=actor):
        return services.case_create(actor=actor, member=member, data=facts)


def activate(file, actor):
    """Take a file through the checks and approval."""
    from gonghui.welfare import services

    with scope(file.org), acting(user=actor):
        for action in ("check", "submit", "approve"):
            file = services.case_transition(
                actor=actor, file=file, action=action, date=dt.date(2026, 3, 10)
            )
    return file


def make_fund(union, actor=None, *, kind="union", amount=Decimal("100000.00"), name=""):
    """A fund of the union with money in it: a grant received into it in the books."""
    from gonghui.finance.posting import Item, receipt_post
    from gonghui.funds.services import fund_create

    with unscoped():
        n = union.funds.count()
    with scope(union), acting(user=actor):
        fund = fund_create(
            actor=actor,
            org=union,
            kind=kind,
            name=name or f"测试经费{n + 1}",
            opened_on=dt.date(2026, 1, 1),
        )
        if amount:
            receipt_post(
                actor=actor,
                org=union,
                source="test.grant",
                source_id=str(fund.pk),
                date=dt.date(2026, 1, 2),
                summary="拨入",
                fund=fund,
                items=[Item("40301", amount, payee="上级工会")],
            )
    return fund


def visit_data(**kw):
    data = {
        "occasion": "hospital",
        "form": "cash",
        "amount": Decimal("500.00"),
        "date": dt.date(2026, 6, 1),
        "visitors": "李红梅、林建华",
    }
    data.update(kw)
    return data


def record(member, actor, **kw):
    from gonghui.welfare import services

    override = kw.pop("override_reason", "")
    may = kw.pop("may_override", False)
    with scope(member.org.union()), acting(user=actor):
        return services.visit_record(
            actor=actor,
            member=member,
            data=visit_data(**kw),
            override_reason=override,
            may_override=may,
        )


def balance(fund):
    """What the fund holds in the books."""
    from gonghui.finance.posting import fund_balance

    with unscoped():
        return fund_balance(fund)


def booked(source, source_id):
    """The live SourcePosting of a record ((source, source_id)), with its voucher."""
    from gonghui.finance.models import SourcePosting

    with unscoped():
        return (
            SourcePosting.objects.select_related("voucher")
            .filter(source=source, source_id=str(source_id), reversal__isnull=True)
            .first()
        )


def book_again(fund, actor, source, source_id, date):
    """Book (source, source_id) once more past welfare, as any module could try: the books
    must refuse it (the caller expects FinanceError)."""
    from gonghui.finance.posting import Item, payout_post

    with scope(fund.org), acting(user=actor):
        payout_post(
            actor=actor,
            org=fund.org,
            source=source,
            source_id=str(source_id),
            date=date,
            summary="again",
            fund=fund,
            items=[Item("50105", Decimal(300))],
        )
