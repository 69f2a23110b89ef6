from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gonghui.audit.context import acting
from gonghui.core.scoping import scope
from gonghui.voting import services
from gonghui.voting.models import Ballot
from tests.api.conftest import token_client  # noqa: F401 - a fixture for the API tests


@pytest.fixture
def voters(db, platform):
    """Make `n` active users (representatives) with a predictable username prefix."""
    User = get_user_model()

    def make(n: int, prefix: str = "rep") -> list:
        out = []
        for i in range(n):
            u, _ = User.objects.get_or_create(
                username=f"{prefix}{i:04d}", defaults={"display_name": f"代表{i}"}
            )
            out.append(u)
        return out

    return make


@pytest.fixture
def make_ballot(org, user, platform):
    def make(
        electorate,
        *,
        total=None,
        items=({"text": "审议通过《2026年工作报告》", "kind": "motion"},),
        rule="congress",
        mode="online",
        seats=0,
        open_=True,
        code="S0001",
    ):
        union = org(code)
        chair = user("school_chair")
        with scope(union), acting(user=chair, source="web"):
            ballot = services.ballot_create(
                actor=chair,
                org=union,
                title="测试票决",
                items=list(items),
                electorate_user_ids=[u.pk for u in electorate],
                total_electorate=total if total is not None else len(electorate),
                rule=rule,
                mode=mode,
                seats=seats,
                source=("democracy.session", "1"),
            )
            if open_:
                ballot = services.ballot_open(actor=chair, ballot=ballot)
        return ballot

    return make


@pytest.fixture
def make_evaluation(org, user, platform):
    def make(electorate, *, scale="grades", open_=True, code="S0001"):
        union = org(code)
        chair = user("school_chair")
        with scope(union), acting(user=chair, source="web"):
            form = services.evaluation_create(
                actor=chair,
                org=union,
                title="2025年度领导班子民主测评",
                subjects=[
                    {"name": "李红梅", "title": "工会主席"},
                    {"name": "马文博", "title": "工会副主席"},
                ],
                items=["德", "能"],
                scale=scale,
                electorate_user_ids=[u.pk for u in electorate],
            )
            if open_:
                form = services.evaluation_open(actor=chair, form=form)
        return form

    return make


def url(name, code="S0001", **kw):
    """A voting page of `code`."""
    return reverse(f"voting:{name}", kwargs={"org_code": code, **kw})


def demo_open_ballot():
    """The demo's open ballot (the voter pages' tests vote in it)."""
    return Ballot._base_manager.get(source_kind="demo", source_id="open")
