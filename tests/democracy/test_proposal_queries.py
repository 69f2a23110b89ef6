"""The committee's proposal lists read a constant number of statements, however many
proposals there are (findings 2026-12, "N+1": the API read each proposal's co-signers one
proposal at a time, 7 statements for 1 proposal and 14 for 8)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.audit.context import acting
from gonghui.core.scoping import scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def enter(school, reps, chair):
    """enter(n, by=None): n more proposals of the school congress, each handed in on paper
    with two co-signers (different ones each time), by `by` or a different proposer each
    time."""
    from gonghui.democracy import services

    made = []

    def make(n: int, by=None) -> list:
        for _ in range(n):
            i = len(made)
            proposer, *cosigners = reps[3 * i + 1 : 3 * i + 4]
            if by is not None:
                proposer = by
            with scope(school.org), acting(user=chair):
                made.append(
                    services.proposal_enter_paper(
                        actor=chair,
                        proposer=proposer,
                        data={"title": f"关于第{i + 1}项改进的建议", "body": "理由和建议。"},
                        cosigners=cosigners,
                    )
                )
        return made

    return make


def statements(client, url: str) -> tuple[int, object]:
    """The statements one GET of `url` runs, and its answer."""
    client.get(url)  # a first call settles what a login's first call writes
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return len(ctx.captured_queries), r


API_LISTS = ["proposals/", "proposals/report/"]


@pytest.mark.parametrize("path", API_LISTS)
def test_the_api_lists_of_proposals_read_as_many_statements_for_1_as_for_8(
    path, enter, token_login, chair, school_union, reps
):
    url = f"/api/v1/orgs/{school_union.code}/democracy/{path}"
    c = token_login(chair)
    enter(1)
    one, r = statements(c, url)
    rows = r.json() if path == "proposals/" else r.json()["items"]
    assert len(rows) == 1 and len(rows[0]["cosigners"]) == 2
    enter(7)
    eight, r = statements(c, url)
    rows = r.json() if path == "proposals/" else r.json()["items"]
    assert len(rows) == 8 and all(len(p["cosigners"]) == 2 for p in rows)
    assert eight == one, f"{url}: {one} statements for 1 proposal, {eight} for 8"


def test_the_co_signers_are_answered_in_the_order_they_signed(
    enter, token_login, chair, school_union, reps
):
    made = enter(3)
    expected = {
        p.pk: [r.member.name for r in reps[3 * i + 2 : 3 * i + 4]] for i, p in enumerate(made)
    }
    api = f"/api/v1/orgs/{school_union.code}/democracy/"
    listed = token_login(chair).get(f"{api}proposals/").json()
    assert {p["id"]: p["cosigners"] for p in listed} == expected
    report = token_login(chair).get(f"{api}proposals/report/").json()
    assert {p["id"]: p["cosigners"] for p in report["items"]} == expected


@pytest.mark.parametrize("path", ["", "proposals/"])
def test_the_representatives_own_lists_read_as_many_statements_for_1_as_for_8(
    path, enter, token_login, me, reps, group
):
    url = f"/api/v1/orgs/{group.code}/democracy/me/{path}"
    c = token_login(me)

    def mine(r):
        return r.json() if path else r.json()["proposals"]

    enter(1, by=reps[0])
    one, r = statements(c, url)
    assert [len(p["cosigners"]) for p in mine(r)] == [2]
    enter(7, by=reps[0])
    eight, r = statements(c, url)
    assert [len(p["cosigners"]) for p in mine(r)] == [2] * 8
    assert eight == one, f"{url}: {one} statements for 1 proposal, {eight} for 8"


PAGES = ["proposals/", "proposals/report/"]


@pytest.mark.parametrize("path", PAGES)
def test_the_proposal_pages_read_as_many_statements_for_1_as_for_8(path, enter, login, chair, base):
    c = login(chair)
    enter(1)
    one, r = statements(c, base + path)
    assert "关于第1项改进的建议" in r.content.decode()
    enter(7)
    eight, r = statements(c, base + path)
    assert "关于第8项改进的建议" in r.content.decode()
    assert eight == one, f"{base + path}: {one} statements for 1 proposal, {eight} for 8"
