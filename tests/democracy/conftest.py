"""Fixtures of the democracy tests: the demo school's 教代会 and its representatives, and
logins for representatives (the demo links only the `member` persona)."""

from __future__ import annotations

import itertools
from html.parser import HTMLParser

import pytest

from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped
from tests.api.conftest import token_client  # noqa: F401 - a fixture for the API tests

_n = itertools.count(1)
BASE = "/o/S0001/democracy/"  # the school union, which holds the 教代会
ME = "/o/S0001-G01/democracy/me/"  # the `member` persona's own pages, at their group


@pytest.fixture
def school(db, demo):
    from gonghui.democracy.models import Congress

    with unscoped():
        return Congress.objects.select_related("org").get(org__code="S0001", term_number=5)


@pytest.fixture
def reps(school):
    """The school congress's current representatives, the `member` persona's first."""
    from gonghui.democracy.models import Representative

    with unscoped():
        return list(
            Representative.objects.filter(congress=school, left_on=None)
            .select_related("member", "congress", "congress__org")
            .order_by("pk")
        )


@pytest.fixture
def login_for(db):
    """login_for(rep): a user linked to the representative's member record (created once)."""
    from gonghui.accounts.models import RoleAssignment, User

    def make(rep):
        with unscoped(), acting(source="system"):
            member = rep.member
            if member.user_id:
                return member.user
            user = User.objects.create(
                username=f"rep{next(_n)}_{member.pk}", display_name=member.name
            )
            member.user = user
            member.save()
            RoleAssignment.objects.create(user=user, org=member.org, role="member")
            return user

    return make


@pytest.fixture
def open_session(school):
    """A fresh session of the school congress, open, with nobody signed in."""
    from django.utils import timezone

    from gonghui.democracy.models import Session, SessionStatus

    with unscoped(), acting(source="system"):
        last = Session.objects.filter(congress=school).order_by("-number").first()
        return Session.objects.create(
            congress=school,
            number=last.number + 10,
            date=timezone.localdate(),
            place="会议室",
            status=SessionStatus.OPEN,
        )


def present(session, reps_) -> None:
    from gonghui.democracy.models import Attendance

    with unscoped(), acting(source="system"):
        for r in reps_:
            Attendance.objects.get_or_create(
                session=session, representative=r, defaults={"method": "list"}
            )


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[dict] = []

    def handle_starttag(self, tag, attrs):
        self.found.append({"tag": tag, **{k: v or "" for k, v in attrs}})


def elements(body: str, tag: str | None = None, **attrs: str) -> list[dict]:
    """The elements of a page (each its attributes, and "tag") that carry `attrs`, written
    with underscores (`data_check="teachers"` for data-check): what a browser reads, however
    the template lays the attributes out over lines."""
    parser = _Elements()
    parser.feed(body)
    wanted = {k.replace("_", "-"): v for k, v in attrs.items()}
    return [
        e
        for e in parser.found
        if (tag is None or e["tag"] == tag) and all(e.get(k) == v for k, v in wanted.items())
    ]
