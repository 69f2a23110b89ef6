"""The cadres' ballot pages: the list, creating a ballot, its lifecycle, paper counts and the
papers of a recount; each with its refusals."""

from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.voting import services
from gonghui.voting.models import Ballot, BallotPaper, Participation, State

from .conftest import url

pytestmark = pytest.mark.django_db


def test_index_lists_the_unions_ballots(home, login, voters, make_ballot, make_evaluation):
    make_ballot(voters(2), title="第五届教职工代表大会第三次会议表决")
    make_evaluation(voters(2), title="2025年度学校工会领导班子民主测评")
    resp = login(home.chair).get(url("index", home.union))
    assert resp.status_code == 200
    assert "第五届教职工代表大会第三次会议表决" in resp.content.decode()
    assert "2025年度学校工会领导班子民主测评" in resp.content.decode()


def test_index_of_another_union_is_404(home, login):
    assert login(home.other_chair).get(url("index", home.union)).status_code == 404


def test_index_needs_the_read_permission(home, login):
    assert login(home.member_user).get(url("index", home.group)).status_code == 403


def test_index_answers_get_only(home, login):
    assert login(home.chair).post(url("index", home.union)).status_code == 405


def test_a_cadre_creates_a_ballot_from_the_page(home, login, platform):
    resp = login(home.chair).post(
        url("ballot_create", home.union),
        {
            "title": "审议《教职工请假制度》",
            "rule": "congress",
            "kind": "motion",
            "items": "同意《教职工请假制度》\n同意自2026年9月起施行",
            "seats": 0,
            "total_electorate": 5,
            "secret": "on",
            "mode": "online",
            "voters": f"{home.member_user.username}\n{home.cadre.username}\n13700000009",
        },
    )
    ballot = Ballot.objects.get(title="审议《教职工请假制度》")
    assert resp.status_code == 302 and resp.url == url("ballot", home.union, ballot_id=ballot.pk)
    assert ballot.items.count() == 2 and ballot.state == State.DRAFT
    assert Participation.objects.filter(ballot=ballot).count() == 3  # 13700000009 = group_leader
    entry = AuditEntry.objects.get(action="voting.ballot.created", object_id=str(ballot.pk))
    assert entry.actor == home.chair and entry.source == "web"


def test_create_refuses_unknown_voters(home, login, platform):
    resp = login(home.chair).post(
        url("ballot_create", home.union),
        {
            "title": "x",
            "rule": "congress",
            "kind": "motion",
            "items": "a",
            "total_electorate": 5,
            "mode": "online",
            "voters": "nobody-here",
        },
    )
    assert resp.status_code == 200 and "nobody-here" in resp.content.decode()
    assert not Ballot.objects.filter(title="x").exists()


def test_create_needs_the_write_permission(home, login):
    assert login(home.upper).get(url("ballot_create", home.district)).status_code == 403


def test_the_ballot_lifecycle_from_the_page(home, login, voters, make_ballot, platform):
    ballot = make_ballot(voters(3), open_=False)
    c = login(home.chair)
    for action, state in [
        ("open", State.OPEN),
        ("close", State.CLOSED),
        ("publish", State.PUBLISHED),
    ]:
        resp = c.post(url("ballot_action", home.union, ballot_id=ballot.pk, ballot_action=action))
        assert resp.status_code == 302
        ballot.refresh_from_db()
        assert ballot.state == state
    assert (
        AuditEntry.objects.filter(action="voting.ballot.updated", object_id=str(ballot.pk)).count()
        == 3
    )
    page = c.get(url("ballot", home.union, ballot_id=ballot.pk)).content.decode()
    assert 'id="result-table"' in page and "企业民主管理规定" in page


def test_ballot_actions_are_post_only_and_scoped(home, login, voters, make_ballot):
    ballot = make_ballot(voters(2), open_=False)
    kw = {"ballot_id": ballot.pk, "ballot_action": "open"}
    assert login(home.chair).get(url("ballot_action", home.union, **kw)).status_code == 405
    assert login(home.other_chair).post(url("ballot_action", home.other, **kw)).status_code == 404
    assert login(home.member_user).post(url("ballot_action", home.group, **kw)).status_code == 403


def test_results_are_hidden_from_readers_until_published(home, login, voters, make_ballot):
    ballot = make_ballot(voters(2))
    services.ballot_close(actor=home.chair, ballot=ballot)
    # The upper union reads ballots but does not run them: no result before publication.
    page = login(home.upper).get(url("ballot", home.district, ballot_id=ballot.pk))
    assert page.status_code == 200 and 'id="result-table"' not in page.content.decode()
    assert (
        login(home.upper).get(url("papers", home.district, ballot_id=ballot.pk)).status_code == 404
    )
    assert (
        'id="result-table"'
        in login(home.chair).get(url("ballot", home.union, ballot_id=ballot.pk)).content.decode()
    )


def test_paper_counts_from_the_page(home, login, make_ballot, platform):
    ballot = make_ballot([], total=60, mode="paper", items=[{"text": "一"}])
    services.ballot_close(actor=home.chair, ballot=ballot)
    (item,) = ballot.items.all()
    c = login(home.cadre)
    data = {
        "ballots_issued": 50,
        "ballots_returned": 49,
        "invalid": 1,
        f"item-{item.pk}-yes": 40,
        f"item-{item.pk}-no": 5,
        f"item-{item.pk}-abstain": 2,
    }
    resp = c.post(url("paper_count", home.union, ballot_id=ballot.pk), data)
    assert resp.status_code == 200 and "48" in resp.content.decode()  # 47 ≠ 48 valid
    data[f"item-{item.pk}-abstain"] = 3
    assert c.post(url("paper_count", home.union, ballot_id=ballot.pk), data).status_code == 302
    item.refresh_from_db()
    ballot.refresh_from_db()
    assert (item.paper_yes, item.paper_no, item.paper_abstain) == (40, 5, 3)
    assert (ballot.ballots_issued, ballot.ballots_returned, ballot.invalid_papers) == (50, 49, 1)


def test_the_papers_page_lists_every_paper_for_a_recount(home, login, voters, make_ballot):
    reps = voters(3)
    ballot = make_ballot(reps)
    (item,) = ballot.items.all()
    for rep in reps:
        services.vote_cast(voter_user=rep, ballot=ballot, choices={item.pk: "yes"})
    chair = home.chair
    services.ballot_close(actor=chair, ballot=ballot)
    services.ballot_publish(actor=chair, ballot=ballot)
    page = login(home.upper).get(url("papers", home.district, ballot_id=ballot.pk)).content.decode()
    for paper in BallotPaper._base_manager.filter(ballot=ballot):
        assert paper.receipt_hash[:12] in page
    for rep in reps:
        assert rep.username not in page and rep.display_name not in page


def test_voters_see_every_paper_of_a_published_ballot(home, login, voters, make_ballot):
    member = home.member_user
    ballot = make_ballot([member, *voters(2)])
    (item,) = ballot.items.all()
    services.vote_cast(voter_user=member, ballot=ballot, choices={item.pk: "yes"})
    page = url("voter_papers", home.group, ballot_id=ballot.pk)
    assert login(home.member_user).get(page).status_code == 404  # not published yet
    chair = home.chair
    services.ballot_close(actor=chair, ballot=ballot)
    services.ballot_publish(actor=chair, ballot=ballot)
    body = login(home.member_user).get(page).content.decode()
    (paper,) = BallotPaper._base_manager.filter(ballot=ballot)
    table = body.split('id="papers"')[1].split("</table>")[0]
    assert paper.fingerprint in table and home.member.name not in table
    assert home.member_user.username not in table and home.member_user.display_name not in table
    assert login(home.leader).get(page).status_code == 403  # not in this electorate
    assert login(home.member_user).post(page).status_code == 405
