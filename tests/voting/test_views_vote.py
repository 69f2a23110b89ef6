"""The voter's pages: casting a vote from one's own organisation's page, the refusals, and
checking a receipt."""

from __future__ import annotations

import pytest

from gonghui.voting import services
from gonghui.voting.models import BallotPaper, Participation, SealedPaper

from .conftest import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_ballot(home, voters, make_ballot):
    """An open ballot of two items: the member and two representatives may vote, and the
    two have voted."""
    reps = voters(2)
    ballot = make_ballot(
        [home.member_user, *reps],
        title="第五届教职工代表大会第三次会议表决",
        items=[{"text": "审议通过《工会工作报告》"}, {"text": "审议通过《经费审查报告》"}],
    )
    ids = [i.pk for i in ballot.items.all()]
    for rep in reps:
        services.vote_cast(voter_user=rep, ballot=ballot, choices=dict.fromkeys(ids, "yes"))
    return ballot


def test_the_member_votes_from_their_group_page(home, login, open_ballot, platform):
    ballot = open_ballot
    c = login(home.member_user)
    assert ballot.title in c.get(url("mine", home.group)).content.decode()
    page = c.get(url("vote", home.group, ballot_id=ballot.pk))
    assert page.status_code == 200 and 'id="vote-form"' in page.content.decode()
    ids = [i.pk for i in ballot.items.all()]
    resp = c.post(url("vote", home.group, ballot_id=ballot.pk), {f"item-{i}": "no" for i in ids})
    assert resp.status_code == 200
    receipt = resp.context["receipt"]
    assert receipt in resp.content.decode()
    assert "no-store" in resp["Cache-Control"]
    assert Participation.objects.get(ballot=ballot, user=home.member_user).voted_on is not None
    again = c.post(url("vote", home.group, ballot_id=ballot.pk), {f"item-{i}": "yes" for i in ids})
    assert again.status_code == 400 and "投过票" in again.content.decode()
    # Sealed until the close: the two earlier votes + this one, no readable paper yet.
    assert SealedPaper._base_manager.filter(ballot=ballot).count() == 3
    assert not BallotPaper._base_manager.filter(ballot=ballot).exists()
    assert 'id="sealed-note"' in resp.content.decode()


def test_someone_outside_the_electorate_is_refused(home, login, voters, make_ballot, platform):
    ballot = make_ballot(voters(2))
    (item,) = ballot.items.all()
    c = login(home.member_user)
    assert c.get(url("vote", home.group, ballot_id=ballot.pk)).status_code == 403
    assert (
        c.post(url("vote", home.group, ballot_id=ballot.pk), {f"item-{item.pk}": "yes"}).status_code
        == 403
    )
    assert not BallotPaper.objects.filter(ballot=ballot).exists()


def test_a_ballot_of_another_union_is_404_on_the_voter_page(home, login, open_ballot, platform):
    ballot = open_ballot
    assert (
        login(home.other_chair).get(url("vote", home.other, ballot_id=ballot.pk)).status_code == 404
    )


def test_the_vote_page_answers_get_and_post_only(home, login, open_ballot, platform):
    ballot = open_ballot
    assert (
        login(home.member_user).put(url("vote", home.group, ballot_id=ballot.pk)).status_code == 405
    )


def test_a_receipt_is_checked_on_the_verify_page(home, login, open_ballot, platform):
    ballot = open_ballot
    ids = [i.pk for i in ballot.items.all()]
    c = login(home.member_user)
    resp = c.post(
        url("vote", home.group, ballot_id=ballot.pk), {f"item-{i}": "abstain" for i in ids}
    )
    receipt = resp.context["receipt"]
    early = c.post(url("verify", home.group, ballot_id=ballot.pk), {"receipt": receipt})
    assert "结果公布后才能核验" in early.content.decode()
    chair = home.chair
    services.ballot_close(actor=chair, ballot=ballot)
    services.ballot_publish(actor=chair, ballot=ballot)
    page = c.get(url("vote", home.group, ballot_id=ballot.pk)).content.decode()
    assert 'id="result-table"' in page and 'id="verify-form"' in page
    ok = c.post(
        url("verify", home.group, ballot_id=ballot.pk), {"receipt": receipt}
    ).content.decode()
    paper = services.receipt_verify(ballot=ballot, code=receipt)
    assert paper.fingerprint in ok and 'id="verify-choices"' in ok
    bad = c.post(url("verify", home.group, ballot_id=ballot.pk), {"receipt": "2222-3333-4444"})
    assert 'id="verify-choices"' not in bad.content.decode()
    assert c.get(url("verify", home.group, ballot_id=ballot.pk)).status_code == 405
