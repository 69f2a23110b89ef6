"""Builders of the binder tests: a union under a district of its own with members, a plan,
an activity, a condolence visit paid from a fund and a hardship file, all of YEAR and built
through the modules' services (or factories), and the people who ask for binders.

`fast_pdf` replaces WeasyPrint by the HTML it would render (the bytes start with a marker),
so a test reads each PDF's text from the zip; one test renders for real."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest

from gonghui.activities.models import Activity
from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from tests.factories import GroupFactory, MemberFactory, UnionFactory, UserFactory
from tests.plans.conftest import build_plan
from tests.welfare.conftest import activate, district, file_case, make_fund, record

YEAR = 2026  # the welfare builders' year (their region line starts in 2026)
FAKE_PDF = b"%FAKE-PDF%"


@pytest.fixture
def union(district):
    return UnionFactory(parent=district, name="实验小学工会")


@pytest.fixture
def group(union):
    return GroupFactory(parent=union, name="语文组")


@pytest.fixture
def chair(staff, union):
    return staff("chair", union)


@pytest.fixture
def upper(staff, district):
    return staff("upper_staff", district)


@pytest.fixture
def records(union, group, chair):
    """The union's records of YEAR, one of each kind the binder gathers."""
    members = [
        MemberFactory(org=group, name="张慰问", female=True),
        MemberFactory(org=group, name="李困难"),
        MemberFactory(org=group, name="王普通"),
    ]
    build_plan(union, chair, ["组织春季职工趣味运动会", "开展金秋助学"], year=YEAR, accept=True)
    with unscoped(), acting(source="system"):
        Activity(
            org=union,
            title="教职工羽毛球比赛",
            kind="sports",
            starts_at=dt.datetime(YEAR, 5, 10, 9, tzinfo=dt.UTC),
            ends_at=dt.datetime(YEAR, 5, 10, 12, tzinfo=dt.UTC),
            place="学校体育馆",
            status="finished",
        ).save()
        Activity(
            org=union,
            title="工会干部业务培训",
            kind="lecture",
            starts_at=dt.datetime(YEAR, 6, 3, 9, tzinfo=dt.UTC),
            ends_at=dt.datetime(YEAR, 6, 3, 11, tzinfo=dt.UTC),
            status="finished",
        ).save()
    fund = make_fund(union, chair, name="工会经费")
    record(members[0], chair, fund=fund, amount=Decimal("300.00"))
    activate(file_case(members[1], chair), chair)
    return {"members": members, "fund": fund}


@pytest.fixture
def fast_pdf(monkeypatch):
    from gonghui.binders import services

    monkeypatch.setattr(services, "render_pdf", lambda html: FAKE_PDF + html.encode())


def ask(actor, at, union, year=YEAR, grants=None):
    """binder_request as the page does it, with `actor`'s rights at `at`."""
    from gonghui.accounts.access import resolve_access
    from gonghui.binders import services

    access = resolve_access(actor, at.code)
    with scope(at), acting(user=actor):
        return services.binder_request(
            actor=actor,
            org=at,
            union_code=union.code,
            year=year,
            grants=access.permissions if grants is None else grants,
        )


def unzip(content: bytes) -> dict[str, bytes]:
    """The zip's files by name, in the zip's order."""
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def stored(job) -> dict[str, bytes]:
    with job.file.open("rb") as handle:
        return unzip(handle.read())


def text_of(content: bytes) -> str:
    """A fake PDF's HTML (under fast_pdf)."""
    assert content.startswith(FAKE_PDF)
    return content[len(FAKE_PDF) :].decode()


__all__ = ["UserFactory", "ask", "district", "stored", "text_of", "unzip"]
