"""The democracy API: the page actions for scripts, same scoping, same rules, audited."""

from __future__ import annotations

import pytest

from gonghui.core.scoping import unscoped
from gonghui.democracy import services
from gonghui.democracy.models import Attendance, Contract, Proposal, ProposalStatus, Resolution
from tests.api.conftest import last_entry_id, new_entries
from tests.factories import UnionFactory

from .conftest import present

pytestmark = pytest.mark.django_db


@pytest.fixture
def API(school_union):
    return f"/api/v1/orgs/{school_union.code}/democracy/"


@pytest.fixture
def ME(group):
    return f"/api/v1/orgs/{group.code}/democracy/me/"


def test_congress_detail_carries_the_checks(token_login, chair, school, API):
    r = token_login(chair).get(f"{API}congresses/{school.pk}/")
    assert r.status_code == 200
    data = r.json()
    assert data["all_pass"] is True and data["workforce"]["from_roll"] is True
    assert {c["key"] for c in data["checks"]} >= {"count", "managers", "women", "teachers"}


def test_scoping_permissions_and_methods(token_login, staff, chair, school, API):
    other = UnionFactory()
    hospital = token_login(staff("chair", other))
    assert hospital.get(f"{API}congresses/").status_code == 404
    assert (
        hospital.get(f"/api/v1/orgs/{other.code}/democracy/congresses/{school.pk}/").status_code
        == 404
    )
    finance = token_login(staff("finance", other))
    assert finance.get(f"/api/v1/orgs/{other.code}/democracy/congresses/").status_code == 403
    r = finance.post(
        f"/api/v1/orgs/{other.code}/democracy/contracts/", {}, content_type="application/json"
    )
    assert r.status_code == 403
    assert token_login(chair).delete(f"{API}congresses/{school.pk}/").status_code == 405


def test_a_session_runs_through_the_api(token_login, chair, school, reps, API):
    c = token_login(chair)
    since = last_entry_id()
    r = c.post(
        f"{API}congresses/{school.pk}/sessions/",
        {"date": "2026-11-25", "place": "报告厅"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    sid = r.json()["id"]
    assert c.post(f"{API}sessions/{sid}/open/").status_code == 200
    r = c.put(
        f"{API}sessions/{sid}/attendance/",
        {"present": [x.pk for x in reps[:26]]},
        content_type="application/json",
    )
    assert r.status_code == 200 and len(r.json()) == 26
    res = c.post(
        f"{API}sessions/{sid}/resolutions/",
        {"title": "关于测试的决议"},
        content_type="application/json",
    )
    rid = res.json()["id"]
    votes = {"votes_for": 26, "votes_against": 0, "abstentions": 0}
    r = c.post(f"{API}resolutions/{rid}/votes/", votes, content_type="application/json")
    assert r.status_code == 400 and "27" in r.json()["detail"]  # no quorum
    c.put(
        f"{API}sessions/{sid}/attendance/",
        {"present": [x.pk for x in reps[:30]]},
        content_type="application/json",
    )
    votes = {"votes_for": 21, "votes_against": 6, "abstentions": 3}
    r = c.post(f"{API}resolutions/{rid}/votes/", votes, content_type="application/json")
    assert r.status_code == 200 and r.json()["adopted"] is True and r.json()["total"] == 40
    detail = c.get(f"{API}sessions/{sid}/").json()
    assert detail["quorum"] == {"present": 30, "total": 40, "needed": 27, "met": True}
    entries = new_entries("democracy.attendance.created", since)
    assert len(entries) == 30 and entries[0].source == "api"


def test_a_resolution_is_voted_on_phones_through_the_voting_app(
    token_login, chair, reps, open_session, login_for, API
):
    from gonghui.voting import services as voting
    from gonghui.voting.models import Ballot, Participation

    for r in reps[:28]:
        login_for(r)
    present(open_session, reps[:28])
    c = token_login(chair)
    rid = c.post(
        f"{API}sessions/{open_session.pk}/resolutions/",
        {"title": "关于绩效方案的决议"},
        content_type="application/json",
    ).json()["id"]
    r = c.post(f"{API}resolutions/{rid}/ballot/", {"secret": True}, content_type="application/json")
    assert r.status_code == 200, r.content
    with unscoped():
        ballot = Ballot.objects.get(pk=r.json()["ballot_id"])
        assert ballot.total_electorate == 40 and ballot.state == "open"
        assert Participation.objects.filter(ballot=ballot).count() == 28
        item = ballot.items.get()
        voters = [x.member.user for x in reps[:28]]
        for i, u in enumerate(voters):
            voting.vote_cast(
                voter_user=u, ballot=ballot, choices={str(item.pk): "yes" if i < 20 else "no"}
            )
        voting.ballot_close(actor=None, ballot=ballot)
    r = c.post(f"{API}resolutions/{rid}/result/")
    assert r.status_code == 200, r.content
    # 20 for of 40 representatives is exactly half: not adopted.
    assert r.json()["votes_for"] == 20 and r.json()["adopted"] is False


def test_proposals_from_draft_to_answer(token_login, chair, me, reps, login_for, API, ME):
    mine = token_login(me)
    r = mine.post(
        f"{ME}proposals/",
        {
            "title": "关于增设母婴室的建议",
            "body": "建议在行政楼设立母婴室。",
            "category": "services",
        },
        content_type="application/json",
    )
    assert r.status_code == 201
    pid = r.json()["id"]
    assert mine.post(f"{ME}proposals/{pid}/submit/").status_code == 400
    for rep in reps[1:3]:
        user = login_for(rep)
        from gonghui.accounts.models import ApiToken

        with unscoped():
            key = ApiToken.objects.issue(user, name="test")[1]
        from django.test import Client

        other = Client(HTTP_AUTHORIZATION=f"Token {key}")
        url = f"/api/v1/orgs/{rep.member.org.code}/democracy/me/proposals/{pid}/cosign/"
        assert other.post(url).status_code == 200
    r = mine.post(f"{ME}proposals/{pid}/submit/")
    assert (
        r.status_code == 200
        and r.json()["status"] == "submitted"
        and len(r.json()["cosigners"]) == 2
    )
    committee = token_login(chair)
    assert (
        committee.post(
            f"{API}proposals/{pid}/review/", {"accept": False}, content_type="application/json"
        ).status_code
        == 400
    )
    committee.post(
        f"{API}proposals/{pid}/review/", {"accept": True}, content_type="application/json"
    )
    committee.post(
        f"{API}proposals/{pid}/assign/",
        {"department": "总务处", "deadline": "2026-12-31"},
        content_type="application/json",
    )
    r = committee.post(
        f"{API}proposals/{pid}/answer/", {"answer": "年内建成。"}, content_type="application/json"
    )
    assert r.json()["status"] == "answered"
    r = mine.post(
        f"{ME}proposals/{pid}/rate/", {"satisfaction": "satisfied"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["status"] == "rated"
    report = committee.get(f"{API}proposals/report/?year=2026").json()
    assert any(i["id"] == pid for i in report["items"])


def test_a_non_representative_member_is_refused(token_login, leader, school, ME):
    c = token_login(leader)
    assert c.get(ME).json()["seats"] == []
    r = c.post(f"{ME}proposals/", {"title": "x", "body": "y"}, content_type="application/json")
    assert r.status_code == 400
    with unscoped():
        assert not Proposal.objects.filter(title="x").exists()


def test_signin_through_the_api(token_login, me, leader, reps, open_session, ME):
    token = services.signin_token(open_session)
    r = token_login(me).post(f"{ME}signin/", {"token": token}, content_type="application/json")
    assert r.status_code == 200 and r.json()["method"] == "qr"
    with unscoped():
        assert Attendance.objects.filter(session=open_session, representative=reps[0]).exists()
    r = token_login(leader).post(f"{ME}signin/", {"token": token}, content_type="application/json")
    assert r.status_code == 400


def test_a_draft_is_not_shown_to_the_committee(token_login, chair, school, history, API):
    with unscoped():
        draft = Proposal.objects.get(congress=school, status=ProposalStatus.DRAFT)
    assert token_login(chair).get(f"{API}proposals/{draft.pk}/").status_code == 404


def test_contracts_through_the_api(token_login, factory):
    c = token_login(factory.chair)
    base = f"/api/v1/orgs/{factory.union.code}/democracy/contracts/"
    with unscoped():
        approval = Resolution.objects.get(
            session__congress__org=factory.union, title__startswith="关于通过"
        )
    r = c.post(
        base,
        {
            "kind": "wages",
            "title": "工资专项集体合同（API）",
            "terms": "增长5%",
            "start_date": "2027-01-01",
            "end_date": "2027-12-31",
            "approved_by": approval.pk,
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    r = c.post(
        f"{base}{cid}/negotiations/",
        {"date": "2026-11-01", "parties": "双方"},
        content_type="application/json",
    )
    assert r.status_code == 201
    r = c.post(
        f"{base}{cid}/checks/",
        {"year": 2027, "checked_on": "2027-12-01", "findings": "履行良好"},
        content_type="application/json",
    )
    assert r.status_code == 200
    detail = c.get(f"{base}{cid}/").json()
    assert len(detail["negotiations"]) == 1 and len(detail["checks"]) == 1
    with unscoped():
        assert Contract.objects.get(pk=cid).approved_by == approval
