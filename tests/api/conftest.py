"""Helpers of the API tests: the audit entries a call wrote (token clients: `token_login`
in tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from gonghui.core.scoping import unscoped


def new_entries(action: str, since_id: int) -> list:
    """Audit entries of `action` written after entry `since_id`, oldest first."""
    from gonghui.audit.models import AuditEntry

    with unscoped():
        return list(
            AuditEntry.objects.filter(action=action, pk__gt=since_id)
            .select_related("actor", "org")
            .order_by("pk")
        )


def last_entry_id() -> int:
    from gonghui.audit.models import AuditEntry

    with unscoped():
        return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def enrol(org, who, name: str, *, female: bool = False, status: str = "active", **data):
    """A member of `org` registered by `who` through the members service (with the JOINED or
    APPLIED event the pages would write); a valid ID number and a mobile number of their own."""
    from gonghui.audit.context import acting
    from gonghui.core.scoping import scope
    from gonghui.members import services
    from tests.factories import id_number

    n = next(_enrolled)
    birth = dt.date(1970 + n % 30, 5, 20)
    fields = {
        "name": name,
        "id_number": id_number(birth, female=female),
        "mobile": f"137{n:08d}",
        **data,
    }
    with scope(org), acting(user=who):
        return services.member_create(actor=who, org=org, data=fields, status=status)


_enrolled = itertools.count(1)


# -- a union of our own, with its staff -------------------------------------------------


@pytest.fixture
def school(db):
    """A grassroots union with three groups under a district, its staff and a second union.

    The codes are fixed so that URLs read plainly: district AD01, union AS01 with groups
    AS01-G01..G03, the other union AF01. school.union, .district, .groups (G01-G03), .chair, .cadre, .leader (group leader of
    G01), .member (a login of a member of G01, .member_record is the member), .district_staff
    (upper staff of the district), .other (a second union of the same district) and
    .other_chair.
    """
    from types import SimpleNamespace

    from tests.factories import (
        DistrictFactory,
        GroupFactory,
        UnionFactory,
        UserFactory,
        member_with_login,
    )

    district = DistrictFactory(code="AD01", name="测试区总工会")
    union = UnionFactory(parent=district, code="AS01", name="测试实验中学工会", unit_type="school")
    groups = [
        GroupFactory(parent=union, code=f"{union.code}-G0{i}", name=f"第{i}工会小组")
        for i in (1, 2, 3)
    ]
    other = UnionFactory(
        parent=district, code="AF01", name="测试精密机械有限公司工会", unit_type="enterprise"
    )
    member_record = member_with_login(groups[0])
    return SimpleNamespace(
        district=district,
        union=union,
        groups=groups,
        other=other,
        chair=UserFactory(roles=[("chair", union)], username="li_hongmei", display_name="李红梅"),
        cadre=UserFactory(roles=[("cadre", union)]),
        leader=UserFactory(roles=[("group_leader", groups[0])]),
        member=member_record.user,
        member_record=member_record,
        district_staff=UserFactory(roles=[("upper_staff", district)]),
        other_chair=UserFactory(roles=[("chair", other)]),
    )
