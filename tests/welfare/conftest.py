from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped


def members_of(code: str, n: int = 5, **filters):
    """On-roll members of a demo union, in a stable order."""
    from gonghui.members.models import ON_ROLL, Member
    from gonghui.orgs.models import Organisation

    with unscoped():
        union = Organisation.objects.get(code=code)
        qs = Member.objects.filter(
            org__path__startswith=union.path, status__in=ON_ROLL, **filters
        ).select_related("org")
        return list(qs.exclude(user__isnull=False).order_by("id")[:n])


def fresh_member(code: str = "S0001"):
    """A member of `code` without any hardship file or visit (not touched by the demo)."""
    from gonghui.welfare.models import HardshipFile

    with unscoped():
        taken = set(HardshipFile.objects.values_list("member_id", flat=True))
    for m in members_of(code, 400):
        if m.pk not in taken and not _visited(m):
            return m
    raise AssertionError("no fresh member")


def _visited(member) -> bool:
    try:
        from gonghui.welfare.models import Visit
    except ImportError:
        return False
    with unscoped():
        return Visit.objects.filter(member=member).exists()


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


@pytest.fixture
def chair(user):
    return user("school_chair")


def make_fund(code="S0001", actor=None, *, kind="union", amount=Decimal("100000.00"), name=""):
    """A fund of the union with money in it."""
    from gonghui.funds.services import fund_create, fund_income
    from gonghui.orgs.models import Organisation

    with unscoped():
        union = Organisation.objects.get(code=code)
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
            fund_income(
                actor=actor, fund=fund, amount=amount, date=dt.date(2026, 1, 2), summary="拨入"
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
    from gonghui.funds.models import FundEntry, entries_balance

    with unscoped():
        return entries_balance(FundEntry.objects.filter(fund=fund))
