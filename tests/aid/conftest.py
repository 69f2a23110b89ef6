"""Fixtures of the aid tests: a fund with a known balance, rounds, schemes, members."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.aid.models import AidRound
from gonghui.core.scoping import unscoped

DAY = dt.date(2026, 9, 10)
PDF = b"%PDF-1.4\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


def proof(name="录取通知书.pdf", content=PDF):
    ctype = "application/pdf" if name.endswith(".pdf") else "image/png"
    return SimpleUploadedFile(name, content, content_type=ctype)


def person(username):
    from gonghui.accounts.models import User

    with unscoped():
        return User.objects.get(username=username)


def union(code):
    from gonghui.orgs.models import Organisation

    with unscoped():
        return Organisation.objects.get(code=code)


def members(code, n, offset=0):
    """Active members of a union not used by the demo's aid records (those take the first)."""
    from gonghui.members.models import Member, Status

    with unscoped():
        return list(
            Member.objects.filter(org__path__startswith=union(code).path, status=Status.ACTIVE)
            .select_related("org")
            .order_by("-card_number")[offset : offset + n]
        )


_FUNDS = [0]


def make_fund(code="F0001", kind="hardship", balance=Decimal("10000.00"), actor="factory_chair"):
    from gonghui.funds import services

    _FUNDS[0] += 1
    with unscoped():
        fund = services.fund_create(
            actor=person(actor),
            org=union(code),
            kind=kind,
            name=f"测试基金{_FUNDS[0]}",
            opened_on=dt.date(2026, 1, 1),
        )
        if balance:
            services.fund_income(
                actor=person(actor),
                fund=fund,
                amount=balance,
                date=dt.date(2026, 1, 2),
                summary="测试拨入",
            )
    return fund


def make_round(code="F0001", actor="factory_chair", name="2031年金秋助学", **kw):
    from gonghui.aid import services

    data = {
        "year": 2031,
        "name": name,
        "opens_on": dt.date(2026, 7, 1),
        "closes_on": dt.date(2026, 12, 31),
        **kw,
    }
    with unscoped():
        return services.round_create(actor=person(actor), org=union(code), **data)


def make_application(rnd, member, *, level="undergraduate", child="小明", actor="factory_chair"):
    from gonghui.aid import services

    with unscoped():
        return services.application_create(
            actor=person(actor),
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


def make_scheme(code="H0001", actor="hospital_chair", year=2031, fund=None, **kw):
    from gonghui.aid import services

    fund = fund or make_fund(code, "medical", Decimal("0"), actor)
    with unscoped():
        return services.scheme_create(
            actor=person(actor), org=union(code), year=year, fund=fund, **kw
        )


def demo_round() -> AidRound:
    with unscoped():
        return AidRound.objects.get(org__code="F0001", name="2026年金秋助学")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


from tests.api.conftest import token_client  # noqa: E402, F401 - the API tests use it
