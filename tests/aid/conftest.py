"""Fixtures of the aid tests: a fund with a known balance, rounds, schemes, members, and
readers of the books (the vouchers aid posts, their lines, what they net to in a fund).

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
_GRANTS = [0]


def add_money(fund, amount, date=dt.date(2026, 1, 2), actor=None):
    """Money into `fund` as the books receive it: a receipt voucher (上级补助收入)."""
    from gonghui.finance.posting import Item, receipt_post

    _GRANTS[0] += 1
    with unscoped():
        return receipt_post(
            actor=actor or holder("chair", fund.org),
            org=fund.org,
            source="test.grant",
            source_id=str(_GRANTS[0]),
            date=date,
            summary="测试拨入",
            fund=fund,
            items=[Item("40301", Decimal(amount), payee="区总工会")],
        )


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
        add_money(fund, balance, actor=who)
    return fund


def balance(fund) -> Decimal:
    """What the fund holds in the books."""
    from gonghui.finance.posting import fund_balance

    with unscoped():
        return fund_balance(fund)


def voucher_of(source, source_id, *, live=True):
    """The voucher that booked the record (source, source_id): the live posting's, or with
    live=False the newest one's."""
    from gonghui.finance.models import SourcePosting

    with unscoped():
        rows = SourcePosting.objects.filter(source=source, source_id=str(source_id))
        if live:
            rows = rows.filter(reversal__isnull=True)
        return rows.select_related("voucher").latest("id").voucher


def lines(voucher) -> list[tuple]:
    """The voucher's lines as (account, debit, credit, 专项, project code, fund id, payee)."""
    with unscoped():
        return sorted(
            (
                ln.account_code,
                ln.debit,
                ln.credit,
                ln.restricted,
                ln.project.code if ln.project_id else None,
                ln.fund_id,
                ln.payee,
            )
            for ln in voucher.lines.select_related("project")
        )


def vouchers_for(source) -> set:
    """Every voucher booked for `source` and every 红字 voucher reversing one."""
    from gonghui.finance.models import SourcePosting, Voucher

    with unscoped():
        ids = set()
        for voucher_id, reversal_id in SourcePosting.objects.filter(source=source).values_list(
            "voucher_id", "reversal_id"
        ):
            ids |= {voucher_id, reversal_id} - {None}
        return set(Voucher.objects.filter(pk__in=ids))


def books_net(fund, source) -> Decimal:
    """What the vouchers of `source` (and their reversals) took out of `fund` on its cash
    and bank lines: payouts positive, receipts negative."""
    from gonghui.finance.models import VoucherLine

    net = Decimal("0.00")
    with unscoped():
        rows = VoucherLine.objects.filter(
            voucher__in=vouchers_for(source), fund=fund, account_top__in=("101", "102")
        )
        for ln in rows:
            net += ln.credit - ln.debit
    return net


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
