"""Collective contracts: recorded with their negotiations and yearly checks, the approving vote, a refused edit."""

from __future__ import annotations

import pytest

from gonghui.core.scoping import unscoped
from gonghui.democracy.models import (
    Contract,
)
from tests.factories import UnionFactory, member_with_login

from .conftest import elements

pytestmark = pytest.mark.django_db


def test_contracts_are_recorded_with_negotiations_and_checks(login, chair, base, factory):
    c = login(factory.chair)
    at = f"/o/{factory.union.code}/democracy/contracts/"
    body = c.get(at).content.decode()
    assert "女职工权益保护专项集体合同" in body and elements(body, data_expiring="1")
    r = c.post(
        f"{at}new/",
        {
            "kind": "wages",
            "title": "工资专项集体合同（2027年）",
            "terms": "工资增长不低于5%",
            "start_date": "2027-01-01",
            "end_date": "2027-12-31",
        },
    )
    with unscoped():
        contract = Contract.objects.get(title="工资专项集体合同（2027年）")
    assert r.status_code == 302 and contract.org == factory.union
    c.post(
        f"{at}{contract.pk}/negotiations/",
        {"date": "2026-11-20", "parties": "双方各5人", "notes": "首轮协商"},
    )
    c.post(
        f"{at}{contract.pk}/checks/",
        {"year": 2027, "checked_on": "2027-12-20", "findings": "已按约增长"},
    )
    with unscoped():
        assert contract.negotiations.count() == 1 and contract.checks.count() == 1
    assert login(chair).get(f"{base}contracts/{contract.pk}/").status_code == 404


def test_the_contract_page_shows_the_approving_vote(login, factory):
    with unscoped():
        contract = Contract.objects.get(org=factory.union, kind="general")
    at = f"/o/{factory.union.code}/democracy/contracts/{contract.pk}/"
    body = login(factory.chair).get(at).content.decode()
    assert "四届三次会议" in body and "36" in body and "2026-01-08" in body
    r = login(factory.chair).post(
        f"{at}edit/",
        {
            "kind": "general",
            "title": contract.title,
            "terms": contract.terms,
            "start_date": "2026-01-01",
            "end_date": "2025-12-31",
        },
    )
    assert r.status_code == 200  # refused: ends before it starts; the form is shown again
    with unscoped():
        contract.refresh_from_db()
    assert contract.end_date.year == 2028


def test_contract_pages_answer_404_403_405(login, staff, group, factory):
    with unscoped():
        contract = Contract.objects.get(org=factory.union, kind="general")
    other = UnionFactory()
    hospital = login(staff("chair", other))
    assert hospital.get(f"/o/{other.code}/democracy/contracts/{contract.pk}/").status_code == 404
    member = login(member_with_login(group).user)
    assert member.get(f"/o/{group.code}/democracy/contracts/").status_code == 403
    chair = login(factory.chair)
    at = f"/o/{factory.union.code}/democracy/contracts/{contract.pk}/checks/"
    assert chair.get(at).status_code == 405
