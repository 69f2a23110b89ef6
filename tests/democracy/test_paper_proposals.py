"""Proposals the committee enters for a representative from paper, and drafts a
representative shows the committee to get help (#13 §2)."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from gonghui.democracy import services
from gonghui.democracy.models import Proposal, ProposalStatus
from tests.factories import (
    GroupFactory,
    MemberFactory,
    UnionFactory,
    UserFactory,
    member_with_login,
)

pytestmark = pytest.mark.django_db


class Congress:
    """A union's 职代会 with six representatives; the first has a login."""

    def __init__(self):
        self.union = UnionFactory()
        group = GroupFactory(parent=self.union)
        self.chair = UserFactory(roles=[("chair", self.union)])
        self.cadre = UserFactory(roles=[("cadre", self.union)])
        members = [member_with_login(group)] + [MemberFactory(org=group) for _ in range(5)]
        with scope(self.union), acting(user=self.chair):
            self.congress = services.congress_create(
                actor=self.chair,
                org=self.union,
                data={
                    "kind": "congress",
                    "term_number": 2,
                    "start_date": dt.date(2025, 1, 1),
                    "end_date": dt.date(2029, 12, 31),
                    "min_cosigners": 2,
                },
            )
            self.reps = services.representatives_add(
                actor=self.chair, congress=self.congress, members=members
            )
        self.me = members[0].user
        self.base = f"/o/{self.union.code}/democracy/"


@pytest.fixture
def c():
    return Congress()


def test_the_committee_enters_a_paper_proposal_submitted_under_the_same_rules(c, login):
    page = login(c.chair).get(c.base + "proposals/paper/")
    assert page.status_code == 200
    assert c.reps[3].member.name in page.content.decode()
    # One co-signer where two are needed: refused, and what was typed stays in the form.
    form = {
        "proposer": c.reps[1].pk,
        "title": "关于增设职工书屋的建议",
        "category": "services",
        "body": "职工希望在三楼增设书屋。",
        "cosigners": [c.reps[2].pk],
    }
    refused = login(c.chair).post(c.base + "proposals/paper/", form)
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "关于增设职工书屋的建议" in text and "2" in text
    with unscoped():
        assert not Proposal.objects.filter(congress=c.congress).exists()
    form["cosigners"] = [c.reps[2].pk, c.reps[3].pk]
    done = login(c.chair).post(c.base + "proposals/paper/", form)
    assert done.status_code == 302
    with unscoped():
        p = Proposal.objects.get(congress=c.congress)
        assert (p.proposer, p.status, p.number, p.entered_by) == (
            c.reps[1],
            ProposalStatus.SUBMITTED,
            1,
            c.chair,
        )
        assert {x.representative_id for x in p.cosigns.all()} == {c.reps[2].pk, c.reps[3].pk}
    detail = login(c.chair).get(done["Location"]).content.decode()
    assert 'id="entered-by"' in detail


def test_only_the_committee_enters_one(c, login, staff):
    url = c.base + "proposals/paper/"
    # The upper union reads the congress but does not handle its proposals.
    upper = staff("upper_staff", c.union.parent)
    assert login(upper).get(url).status_code == 403
    assert login(UserFactory(roles=[("chair", UnionFactory())])).get(url).status_code == 404
    assert login(c.chair).put(url).status_code == 405


def test_the_api_enters_a_paper_proposal(c, login):
    client = login(c.chair)
    url = f"/api/v1/orgs/{c.union.code}/democracy/proposals/paper/"
    body = {
        "proposer_id": c.reps[1].pk,
        "title": "关于食堂延长供餐时间的建议",
        "body": "夜班职工用餐不便。",
        "cosigner_ids": [c.reps[4].pk, c.reps[5].pk],
    }
    made = client.post(url, body, content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["on_paper"] is True and made.json()["number"] == 1
    other = Congress()
    body["proposer_id"] = other.reps[1].pk
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 400 and "proposer_id" in refused.json()


def test_a_draft_is_seen_by_the_committee_only_when_its_proposer_asks_for_help(c, login):
    with scope(c.union), acting(user=c.me):
        draft = services.proposal_create(
            actor=c.me,
            representative=c.reps[0],
            data={"title": "关于完善带薪休假的建议", "body": "草稿"},
        )
    committee = login(c.chair)
    url = f"{c.base}proposals/{draft.pk}/"
    assert committee.get(url).status_code == 404
    assert "关于完善带薪休假的建议" not in committee.get(c.base + "proposals/").content.decode()
    me = login(c.me)
    mine = me.get(f"/o/{c.reps[0].member.org.code}/democracy/me/proposals/{draft.pk}/")
    assert 'id="ask-help"' in mine.content.decode()
    asked = me.post(f"/o/{c.reps[0].member.org.code}/democracy/me/proposals/{draft.pk}/ask_help/")
    assert asked.status_code == 302
    listing = committee.get(c.base + "proposals/").content.decode()
    assert 'id="help-drafts"' in listing and "关于完善带薪休假的建议" in listing
    assert committee.get(url).status_code == 200
    api = committee.get(f"/api/v1/orgs/{c.union.code}/democracy/proposals/{draft.pk}/")
    assert api.status_code == 200 and api.json()["help_requested"] is True
    me.post(f"/o/{c.reps[0].member.org.code}/democracy/me/proposals/{draft.pk}/withdraw_help/")
    assert committee.get(url).status_code == 404
