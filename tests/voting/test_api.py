from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.voting import services
from gonghui.voting.models import BallotPaper, EvaluationForm
from tests.api.conftest import last_entry_id, new_entries

pytestmark = pytest.mark.django_db


def api(name, org, **kw):
    """A voting API endpoint of `org`."""
    return reverse(f"api-voting-{name}", kwargs={"org_code": org.code, **kw})


def test_a_cadre_runs_a_ballot_through_the_api(home, token_login, platform):
    c = token_login(home.chair)
    since = last_entry_id()
    voters = [home.member_user.pk, home.leader.pk, home.cadre.pk]
    resp = c.post(
        api("ballots", home.union),
        {
            "title": "API表决",
            "items": [{"text": "同意"}, {"text": "张三", "kind": "candidate"}],
            "electorate_user_ids": voters,
            "total_electorate": 4,
            "rule": "election",
            "seats": 1,
        },
        content_type="application/json",
    )
    assert resp.status_code == 201, resp.content
    ballot_id = resp.json()["id"]
    (entry,) = new_entries("voting.ballot.created", since)
    assert entry.source == "api" and entry.actor == home.chair
    assert (
        c.post(api("ballot-action", home.union, ballot_id=ballot_id, ballot_action="open")).json()[
            "state"
        ]
        == "open"
    )
    items = [i["id"] for i in resp.json()["items"]]

    member = token_login(home.member_user)
    vote = member.post(
        api("vote", home.group, ballot_id=ballot_id),
        {"choices": {str(items[0]): "yes", str(items[1]): "yes"}},
        content_type="application/json",
    )
    assert vote.status_code == 201 and len(vote.json()["receipt"]) == 14
    twice = member.post(
        api("vote", home.group, ballot_id=ballot_id),
        {"choices": {str(items[0]): "no", str(items[1]): "no"}},
        content_type="application/json",
    )
    assert twice.status_code == 400 and "detail" in twice.json()
    assert member.get(api("vote", home.group, ballot_id=ballot_id)).json()["voted"] is True
    mine = member.get(api("mine", home.group)).json()["ballots"]
    assert {"id": ballot_id, "title": "API表决", "state": "open", "voted": True} in mine

    c.post(api("ballot-action", home.union, ballot_id=ballot_id, ballot_action="close"))
    c.post(api("ballot-action", home.union, ballot_id=ballot_id, ballot_action="publish"))
    detail = c.get(api("ballot", home.union, ballot_id=ballot_id)).json()
    assert detail["result"]["voted"] == 1
    assert detail["result"]["quorum_met"] is True  # 3 present of 4 ≥ 2/3
    assert detail["result"]["items"][0]["passed"] is False  # 1 "for" of 4
    papers = c.get(api("papers", home.union, ballot_id=ballot_id)).json()
    assert len(papers["papers"]) == 1 and papers["papers"][0]["choices"] == {
        str(items[0]): "yes",
        str(items[1]): "yes",
    }
    check = member.post(
        api("verify", home.group, ballot_id=ballot_id),
        {"receipt": vote.json()["receipt"]},
        content_type="application/json",
    )
    assert check.json()["counted"] is True


def test_voter_endpoints_refuse_outsiders_and_other_unions(
    home, token_login, voters, make_ballot, platform
):
    ballot = make_ballot(voters(2))
    (item,) = ballot.items.all()
    body = {"choices": {str(item.pk): "yes"}}
    assert (
        token_login(home.member_user)
        .post(
            api("vote", home.group, ballot_id=ballot.pk),
            body,
            content_type="application/json",
        )
        .status_code
        == 403
    )
    assert (
        token_login(home.other_chair)
        .post(api("vote", home.other, ballot_id=ballot.pk), body, content_type="application/json")
        .status_code
        == 404
    )
    assert (
        token_login(home.other_chair)
        .get(api("ballot", home.union, ballot_id=ballot.pk))
        .status_code
        == 404
    )
    assert (
        token_login(home.member_user)
        .delete(api("vote", home.group, ballot_id=ballot.pk))
        .status_code
        == 405
    )
    assert token_login(home.member_user).get(api("ballots", home.group)).status_code == 403
    assert not BallotPaper.objects.filter(ballot=ballot).exists()


def test_paper_counts_through_the_api(home, token_login, make_ballot, platform):
    ballot = make_ballot([], total=30, mode="paper")
    services.ballot_close(actor=home.chair, ballot=ballot)
    (item,) = ballot.items.all()
    c = token_login(home.cadre)
    body = {
        "tallies": {str(item.pk): {"yes": 20, "no": 3, "abstain": 1}},
        "ballots_issued": 25,
        "ballots_returned": 25,
        "invalid": 1,
    }
    resp = c.post(
        api("paper", home.union, ballot_id=ballot.pk), body, content_type="application/json"
    )
    assert resp.status_code == 200, resp.content
    assert resp.json()["items"][0]["passed"] is True  # 20 > 15
    body["invalid"] = 2
    assert (
        c.post(
            api("paper", home.union, ballot_id=ballot.pk), body, content_type="application/json"
        ).status_code
        == 400
    )
    ballot.refresh_from_db()
    assert ballot.invalid_papers == 1


def test_an_evaluation_through_the_api(home, token_login, platform):
    c = token_login(home.chair)
    resp = c.post(
        api("evaluations", home.union),
        {
            "title": "API测评",
            "subjects": [{"name": "李红梅", "title": "主席"}],
            "items": ["德"],
            "electorate_user_ids": [home.member_user.pk],
        },
        content_type="application/json",
    )
    assert resp.status_code == 201, resp.content
    form = EvaluationForm.objects.get(pk=resp.json()["id"])
    c.post(api("evaluation-action", home.union, evaluation_id=form.pk, evaluation_action="open"))
    s, i = form.subjects.get(), form.items.get()
    m = token_login(home.member_user)
    ans = m.post(
        api("answer", home.group, evaluation_id=form.pk),
        {"answers": {str(s.pk): {str(i.pk): "competent"}}},
        content_type="application/json",
    )
    assert ans.status_code == 201, ans.content
    c.post(api("evaluation-action", home.union, evaluation_id=form.pk, evaluation_action="close"))
    c.post(api("evaluation-action", home.union, evaluation_id=form.pk, evaluation_action="publish"))
    result = c.get(api("evaluation", home.union, evaluation_id=form.pk)).json()["result"]
    grades = {g["key"]: g["count"] for g in result["subjects"][0]["items"][0]["grades"]}
    assert grades["competent"] == 1 and result["responses"] == 1


def test_ballot_list(home, token_login, voters, make_ballot):
    make_ballot(voters(2), title="第五届教职工代表大会第三次会议表决")
    titles = [b["title"] for b in token_login(home.chair).get(api("ballots", home.union)).json()]
    assert "第五届教职工代表大会第三次会议表决" in titles
    assert token_login(home.other_chair).get(api("ballots", home.other)).json() == []


def test_the_voter_api_shows_the_same_items_as_the_voter_page(
    home, token_login, login, make_ballot, make_evaluation, platform
):
    """The member's login sits at a group and the ballot at the union above it:
    the page lists the items, so must the API (it used to answer "items": [])."""
    member = home.member_user
    ballot = make_ballot(
        [member], items=[{"text": "议题甲"}, {"text": "候选人乙", "kind": "candidate"}]
    )
    api_items = (
        token_login(home.member_user).get(api("vote", home.group, ballot_id=ballot.pk)).json()
    )["ballot"]["items"]
    page = login(home.member_user).get(
        reverse("voting:vote", kwargs={"org_code": home.group.code, "ballot_id": ballot.pk})
    )
    page_items = page.context["items"]
    assert [(i["id"], i["text"], i["kind"]) for i in api_items] == [
        (i.pk, i.text, i.kind) for i in page_items
    ]
    assert [i["text"] for i in api_items] == ["议题甲", "候选人乙"]

    form = make_evaluation([member])
    data = (
        token_login(home.member_user)
        .get(api("answer", home.group, evaluation_id=form.pk))
        .json()["evaluation"]
    )
    page = login(home.member_user).get(
        reverse("voting:answer", kwargs={"org_code": home.group.code, "evaluation_id": form.pk})
    )
    assert [s["id"] for s in data["subjects"]] == [s.pk for s in page.context["subjects"]]
    assert [i["id"] for i in data["items"]] == [i.pk for i in page.context["items"]]
    assert [s["name"] for s in data["subjects"]] == ["李红梅", "马文博"]
    assert [i["text"] for i in data["items"]] == ["德", "能"]
