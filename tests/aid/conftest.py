"""Fixtures of the aid tests: a fund with a known balance, rounds, schemes, members.

Everything is built for a union made by the factories (`union`, `other_union`); the
helpers act as that union's chair (`holder("chair", org)`) unless given an actor.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.scoping import unscoped
from tests.funds.conftest import holder  # noqa: F401 - holder(role, org)

DAY = dt.date(2026, 9, 10)
PDF = b"%PDF-1.4\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


def proof(name="录取通知书.pdf", content=PDF):
    ctype = "application/pdf" if name.endswith(".pdf") else "image/png"
    return SimpleUploadedFile(name, content, content_type=ctype)


def members(org, n):
    """`n` new active members of the union `org`, in a group of their own."""
    from tests.factories import GroupFactory, MemberFactory

    group = GroupFactory(parent=org)
    return [MemberFactory(org=group) for _ in range(n)]


_FUNDS = [0]


def make_fund(org, kind="hardship", balance=Decimal("10000.00"), actor=None):
    from gonghui.funds import services

    _FUNDS[0] += 1
    who = actor or holder("chair", org)
    with unscoped():
        fund = services.fund_create(
            actor=who,
            org=org,
            kind=kind,
            name=f"测试基金{_FUNDS[0]}",
            opened_on=dt.date(2026, 1, 1),
        )
        if balance:
            services.fund_income(
                actor=who,
                fund=fund,
                amount=balance,
                date=dt.date(2026, 1, 2),
                summary="测试拨入",
            )
    return fund


def make_round(org, actor=None, name="2031年金秋助学", **kw):
    from gonghui.aid import services

    data = {
        "year": 2031,
        "name": name,
        "opens_on": dt.date(2026, 7, 1),
        "closes_on": dt.date(2026, 12, 31),
        **kw,
    }
    with unscoped():
        return services.round_create(actor=actor or holder("chair", org), org=org, **data)


def make_application(rnd, member, *, level="undergraduate", child="小明", actor=None):
    from gonghui.aid import services

    with unscoped():
        return services.application_create(
            actor=actor or holder("chair", rnd.org),
            rnd=rnd,
            member=member,
            data={
                "child_name": child,
                "school": "合肥工业大学",
                "level": level,
                "household_size": 3,
                "income_per_head": Decimal("900.00"),
            },
            proof=proof(),
            today=DAY,
        )


def make_scheme(org, actor=None, year=2031, fund=None, **kw):
    from gonghui.aid import services

    who = actor or holder("chair", org)
    fund = fund or make_fund(org, "medical", Decimal("0"), who)
    with unscoped():
        return services.scheme_create(actor=who, org=org, year=year, fund=fund, **kw)


@pytest.fixture
def chair(union):
    """The chair of `union`, who handles its aid."""
    return holder("chair", union)


@pytest.fixture
def other_union(db):
    """A second union, under a district of its own, with a chair."""
    from tests.factories import UnionFactory

    other = UnionFactory()
    holder("chair", other)
    return other


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
