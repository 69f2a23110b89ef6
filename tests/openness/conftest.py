"""Fixtures of the openness tests: a district of its own with a school, a hospital and a
factory union, their logins, and notices of a union in any state.

A module asks for the `world` fixture (most through `pytestmark`); the helpers below then
find its records by key: `unit("school")`, `person("cadre")`, `signed_in("reader")`,
`token("chair")`, and the page prefixes `base()` (the school's cadres) and `me()` (a member
at the school's group).

Units: district, school, group (a group of the school), hospital, branch (a branch union
of the hospital), factory.
Logins: chair and cadre (of the school), reader (a member at the group, with a member
record), district_staff (upper staff of the district), multi_role (chair of the hospital's
branch and cadre at the school), hospital_head and factory_head (chairs of those unions).
"""

from __future__ import annotations

import datetime as dt
import itertools
from email.message import Message

import pytest
from django.test import Client

from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped

_n = itertools.count(1)
_world: dict = {}


@pytest.fixture
def world(db):
    from gonghui.orgs.models import OrgKind
    from tests.factories import (
        DistrictFactory,
        GroupFactory,
        UnionFactory,
        UserFactory,
        member_with_login,
    )

    district = DistrictFactory(unit_type="organ")
    school = UnionFactory(parent=district, unit_type="school")
    hospital = UnionFactory(parent=district, unit_type="hospital")
    factory = UnionFactory(parent=district, unit_type="enterprise")
    group = GroupFactory(parent=school, unit_type="school")
    branch = GroupFactory(parent=hospital, kind=OrgKind.BRANCH, unit_type="hospital")
    units = {
        "district": district,
        "school": school,
        "hospital": hospital,
        "factory": factory,
        "group": group,
        "branch": branch,
    }
    people = {
        "chair": UserFactory(roles=[("chair", school)]),
        "cadre": UserFactory(roles=[("cadre", school)]),
        "reader": member_with_login(group).user,
        "district_staff": UserFactory(roles=[("upper_staff", district)]),
        "multi_role": UserFactory(roles=[("chair", branch), ("cadre", school)]),
        "hospital_head": UserFactory(roles=[("chair", hospital)]),
        "factory_head": UserFactory(roles=[("chair", factory)]),
    }
    _world.update(units=units, people=people)
    yield _world
    _world.clear()


def unit(key: str = "school"):
    return _world["units"][key]


def person(key: str):
    return _world["people"][key]


def base() -> str:
    """The pages of the school's cadres."""
    return f"/o/{unit('school').code}/openness"


def me() -> str:
    """The pages of a member at one of the school's groups."""
    return f"/o/{unit('group').code}/openness"


def signed_in(key: str) -> Client:
    c = Client()
    c.force_login(person(key))
    return c


def token(key: str) -> Client:
    """A client authenticating like a script, with a token of that login."""
    from gonghui.accounts.models import ApiToken

    with unscoped():
        key_ = ApiToken.objects.issue(person(key), name="test")[1]
    return Client(HTTP_AUTHORIZATION=f"Token {key_}")


def make_notice(
    at: str = "school",
    *,
    status: str = "draft",
    item_code: str = "",
    period: str = "year",
    period_year: int = 2031,
    published_on: dt.date | None = None,
    drafter: str = "cadre",
    **fields,
):
    """A notice of the unit `at` written straight into the database in the state asked for."""
    from gonghui.openness.models import Notice

    data = {
        "title": f"测试公开{next(_n)}",
        "body": "公开内容",
        "category": "other",
        **fields,
    }
    if status in ("approved", "published", "withdrawn"):
        data.setdefault("approved_by", person("chair"))
        data.setdefault("approved_on", published_on or dt.date.today())
    if status in ("published", "withdrawn"):
        published_on = published_on or dt.date.today()
    with unscoped(), acting(source="system"):
        n = Notice(
            org=unit(at),
            status=status,
            item_code=item_code,
            period=period,
            period_year=period_year,
            published_on=published_on,
            created_by=person(drafter) if drafter else None,
            **data,
        )
        n.save()
        return Notice._base_manager.select_related("org").get(pk=n.pk)


def make_question(
    notice, *, asker: str = "reader", asked_on=None, answer: str = "", answered_on=None
):
    from gonghui.openness.models import Question

    with unscoped(), acting(source="system"):
        q = Question(
            notice=notice,
            asked_by=person(asker),
            text="请问具体标准是什么？",
            asked_on=asked_on or dt.date.today(),
            answer=answer,
            answered_on=answered_on,
        )
        q.save()
        return q


def fresh(notice):
    from gonghui.openness.models import Notice

    with unscoped():
        return Notice.objects.get(pk=notice.pk)


def with_file(notice):
    """An attachment added to `notice` through the service (a PDF)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.core.scoping import scope
    from gonghui.openness import services

    with scope(notice.org), acting(source="system"):
        return services.file_add(
            actor=None, notice=notice, upload=SimpleUploadedFile("附表.pdf", b"%PDF-1.4 demo")
        )


def download_name(response) -> tuple[str, str]:
    """(disposition, file name) of a download, the name decoded as a browser does
    (RFC 5987 `filename*=utf-8''…` or a quoted ASCII name)."""
    header = Message()
    header["Content-Disposition"] = response["Content-Disposition"]
    return header.get_content_disposition(), header.get_filename()
