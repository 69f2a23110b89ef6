"""#11 low finding: visits are dated from 2000 to five years ahead (not 2999)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from gonghui.core.scoping import unscoped
from gonghui.welfare.models import Visit

from .conftest import make_fund

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "status"), [("2999-05-05", 400), ("1999-05-05", 400), ("2026-05-05", 201)]
)
def test_a_visit_is_dated_within_a_sensible_range(union, chair, new_member, login, day, status):
    fund = make_fund(union, actor=chair, amount=Decimal("5000.00"))
    m = new_member()
    data = {
        "member": m.pk,
        "occasion": "hospital",
        "form": "cash",
        "amount": "300.00",
        "date": day,
        "visitors": "刘芳",
        "fund": fund.pk,
    }
    r = login(chair).post(
        f"/api/v1/orgs/{union.code}/welfare/visits/",
        json.dumps(data),
        content_type="application/json",
    )
    assert r.status_code == status, r.content
    with unscoped():
        assert Visit.objects.filter(member=m).count() == (1 if status == 201 else 0)
