"""The cadres' ballot pages: the list, creating a ballot, its lifecycle, paper counts and the
papers of a recount; each with its refusals."""

from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.voting import services
from gonghui.voting.models import Ballot, BallotPaper, Participation, State

from .conftest import url

pytestmark = pytest.mark.django_db


def test_index_lists_the_unions_ballots(client_for):
    resp = client_for("school_chair").get(url("index"))
    assert resp.status_code == 200
    assert "第五届教职工代表大会第三次会议表决" in resp.content.decode()
    assert "2025年度学校工会领导班子民主测评" in resp.content.decode()


def test_index_of_another_union_is_404(client_for):
    assert client_for("hospital_chair").get(url("index")).status_code == 404


def test_index_needs_the_read_permission(client_for):
    assert client_for("member").get(url("index", code="S0001-G01")).status_code == 403


def test_index_answers_get_only(client_for):
    assert client_for("school_chair").post(url("index")).status_code == 405


def test_a_cadre_creates_a_ballot_from_the_page(client_for, platform):
    resp = client_for("school_chair").post(
        url("ballot_create"),
        {
            "title": "审议《教职工请假制度》",
            "rule": "congress",
            "kind": "motion",
            "items": "同意《教职工请假制度》\n同意自2026年9月起施行",
            "seats": 0,
            "total_electorate": 5,
            "secret": "on",
            "mode": "online",
            "voters": "member\nschool_cadre\n13800000009",
        },
    )
    ballot = Ballot.objects.get(title="审议《教职工请假制度》")
    assert resp.status_code == 302 and resp.url == url("ballot", ballot_id=ballot.pk)
    assert ballot.items.count() == 2 and ballot.state == State.DRAFT
    assert Participation.objects.filter(ballot=ballot).count() == 3  # 13800000009 = group_leader
    entry = AuditEntry.objects.get(action="voting.ballot.created", object_id=str(ballot.pk))
    assert entry.actor.username == "school_chair" and entry.source == "web"


def test_create_refuses_unknown_voters(client_for, platform):
    resp = client_for("school_chair").post(
        url("ballot_create"),
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


def test_create_needs_the_write_permission(client_for):
    assert client_for("district").get(url("ballot_create", code="D0001")).status_code == 403


def test_the_ballot_lifecycle_from_the_page(client_for, voters, make_ballot, platform):
    ballot = make_ballot(voters(3), open_=False)
    c = client_for("school_chair")
    for action, state in [
        ("open", State.OPEN),
        ("close", State.CLOSED),
        ("publish", State.PUBLISHED),
    ]:
        resp = c.post(url("ballot_action", ballot_id=ballot.pk, ballot_action=action))
        assert resp.status_code == 302
        ballot.refresh_from_db()
        assert ballot.state == state
    assert (
        AuditEntry.objects.filter(action="voting.ballot.updated", object_id=str(ballot.pk)).count()
        == 3
    )
    page = c.get(url("ballot", ballot_id=ballot.pk)).content.decode()
    assert 'id="result-table"' in page and "企业民主管理规定" in page


def test_ballot_actions_are_post_only_and_scoped(client_for, voters, make_ballot):
    ballot = make_ballot(voters(2), open_=False)
    kw = {"ballot_id": ballot.pk, "ballot_action": "open"}
    assert client_for("school_chair").get(url("ballot_action", **kw)).status_code == 405
    assert (
        client_for("hospital_chair").post(url("ballot_action", code="H0001", **kw)).status_code
        == 404
    )
    assert (
        client_for("member").post(url("ballot_action", code="S0001-G01", **kw)).status_code == 403
    )


def test_results_are_hidden_from_readers_until_published(client_for, voters, make_ballot, user):
    ballot = make_ballot(voters(2))
    services.ballot_close(actor=user("school_chair"), ballot=ballot)
    # The upper union reads ballots but does not run them: no result before publication.
    page = client_for("district").get(url("ballot", code="D0001", ballot_id=ballot.pk))
    assert page.status_code == 200 and 'id="result-table"' not in page.content.decode()
    assert (
        client_for("district").get(url("papers", code="D0001", ballot_id=ballot.pk)).status_code
        == 404
    )
    assert (
        'id="result-table"'
        in client_for("school_chair").get(url("ballot", ballot_id=ballot.pk)).content.decode()
    )


def test_paper_counts_from_the_page(client_for, make_ballot, platform, user):
    ballot = make_ballot([], total=60, mode="paper", items=[{"text": "一"}])
    services.ballot_close(actor=user("school_chair"), ballot=ballot)
    (item,) = ballot.items.all()
    c = client_for("school_cadre")
    data = {
        "ballots_issued": 50,
        "ballots_returned": 49,
        "invalid": 1,
        f"item-{item.pk}-yes": 40,
        f"item-{item.pk}-no": 5,
        f"item-{item.pk}-abstain": 2,
    }
    resp = c.post(url("paper_count", ballot_id=ballot.pk), data)
    assert resp.status_code == 200 and "48" in resp.content.decode()  # 47 ≠ 48 valid
    data[f"item-{item.pk}-abstain"] = 3
    assert c.post(url("paper_count", ballot_id=ballot.pk), data).status_code == 302
    item.refresh_from_db()
    ballot.refresh_from_db()
    assert (item.paper_yes, item.paper_no, item.paper_abstain) == (40, 5, 3)
    assert (ballot.ballots_issued, ballot.ballots_returned, ballot.invalid_papers) == (50, 49, 1)


def test_the_papers_page_lists_every_paper_for_a_recount(client_for, voters, make_ballot, user):
    reps = voters(3)
    ballot = make_ballot(reps)
    (item,) = ballot.items.all()
    for rep in reps:
        services.vote_cast(voter_user=rep, ballot=ballot, choices={item.pk: "yes"})
    chair = user("school_chair")
    services.ballot_close(actor=chair, ballot=ballot)
    services.ballot_publish(actor=chair, ballot=ballot)
    page = (
        client_for("district")
        .get(url("papers", code="D0001", ballot_id=ballot.pk))
        .content.decode()
    )
    for paper in BallotPaper._base_manager.filter(ballot=ballot):
        assert paper.receipt_hash[:12] in page
    for rep in reps:
        assert rep.username not in page and rep.display_name not in page


def test_voters_see_every_paper_of_a_published_ballot(client_for, voters, make_ballot, user):
    member = user("member")
    ballot = make_ballot([member, *voters(2)])
    (item,) = ballot.items.all()
    services.vote_cast(voter_user=member, ballot=ballot, choices={item.pk: "yes"})
    page = url("voter_papers", code="S0001-G01", ballot_id=ballot.pk)
    assert client_for("member").get(page).status_code == 404  # not published yet
    chair = user("school_chair")
    services.ballot_close(actor=chair, ballot=ballot)
    services.ballot_publish(actor=chair, ballot=ballot)
    body = client_for("member").get(page).content.decode()
    (paper,) = BallotPaper._base_manager.filter(ballot=ballot)
    table = body.split('id="papers"')[1].split("</table>")[0]
    assert paper.fingerprint in table and "郑子涵" not in table and "member" not in table
    assert client_for("group_leader").get(page).status_code == 403  # not in this electorate
    assert client_for("member").post(page).status_code == 405
