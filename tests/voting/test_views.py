from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.audit.models import AuditEntry
from gonghui.voting import services
from gonghui.voting.models import (
    Ballot,
    BallotPaper,
    EvaluationForm,
    EvaluationResponse,
    Participation,
    SealedPaper,
    SealedResponse,
    State,
)

pytestmark = pytest.mark.django_db


def url(name, code="S0001", **kw):
    return reverse(f"voting:{name}", kwargs={"org_code": code, **kw})


def demo_open_ballot():
    return Ballot._base_manager.get(source_kind="demo", source_id="open")


# -- cadre pages -----------------------------------------------------------------------------


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


# -- voter pages -----------------------------------------------------------------------------


def test_the_member_votes_from_their_group_page(client_for, platform):
    ballot = demo_open_ballot()
    c = client_for("member")
    assert ballot.title in c.get(url("mine", code="S0001-G01")).content.decode()
    page = c.get(url("vote", code="S0001-G01", ballot_id=ballot.pk))
    assert page.status_code == 200 and 'id="vote-form"' in page.content.decode()
    ids = [i.pk for i in ballot.items.all()]
    resp = c.post(
        url("vote", code="S0001-G01", ballot_id=ballot.pk), {f"item-{i}": "no" for i in ids}
    )
    assert resp.status_code == 200
    receipt = resp.context["receipt"]
    assert receipt in resp.content.decode()
    assert "no-store" in resp["Cache-Control"]
    assert Participation.objects.get(ballot=ballot, user__username="member").voted_on is not None
    again = c.post(
        url("vote", code="S0001-G01", ballot_id=ballot.pk), {f"item-{i}": "yes" for i in ids}
    )
    assert again.status_code == 400 and "投过票" in again.content.decode()
    # Sealed until the close: two demo votes + this one, no readable paper yet.
    assert SealedPaper._base_manager.filter(ballot=ballot).count() == 3
    assert not BallotPaper._base_manager.filter(ballot=ballot).exists()
    assert 'id="sealed-note"' in resp.content.decode()


def test_someone_outside_the_electorate_is_refused(client_for, voters, make_ballot, platform):
    ballot = make_ballot(voters(2))
    (item,) = ballot.items.all()
    c = client_for("member")
    assert c.get(url("vote", code="S0001-G01", ballot_id=ballot.pk)).status_code == 403
    assert (
        c.post(
            url("vote", code="S0001-G01", ballot_id=ballot.pk), {f"item-{item.pk}": "yes"}
        ).status_code
        == 403
    )
    assert not BallotPaper.objects.filter(ballot=ballot).exists()


def test_a_ballot_of_another_union_is_404_on_the_voter_page(client_for, platform):
    ballot = demo_open_ballot()
    assert (
        client_for("hospital_chair").get(url("vote", code="H0001", ballot_id=ballot.pk)).status_code
        == 404
    )


def test_the_vote_page_answers_get_and_post_only(client_for, platform):
    ballot = demo_open_ballot()
    assert (
        client_for("member").put(url("vote", code="S0001-G01", ballot_id=ballot.pk)).status_code
        == 405
    )


def test_a_receipt_is_checked_on_the_verify_page(client_for, user, platform):
    ballot = demo_open_ballot()
    ids = [i.pk for i in ballot.items.all()]
    c = client_for("member")
    resp = c.post(
        url("vote", code="S0001-G01", ballot_id=ballot.pk), {f"item-{i}": "abstain" for i in ids}
    )
    receipt = resp.context["receipt"]
    early = c.post(url("verify", code="S0001-G01", ballot_id=ballot.pk), {"receipt": receipt})
    assert "结果公布后才能核验" in early.content.decode()
    chair = user("school_chair")
    services.ballot_close(actor=chair, ballot=ballot)
    services.ballot_publish(actor=chair, ballot=ballot)
    page = c.get(url("vote", code="S0001-G01", ballot_id=ballot.pk)).content.decode()
    assert 'id="result-table"' in page and 'id="verify-form"' in page
    ok = c.post(
        url("verify", code="S0001-G01", ballot_id=ballot.pk), {"receipt": receipt}
    ).content.decode()
    paper = services.receipt_verify(ballot=ballot, code=receipt)
    assert paper.fingerprint in ok and 'id="verify-choices"' in ok
    bad = c.post(
        url("verify", code="S0001-G01", ballot_id=ballot.pk), {"receipt": "2222-3333-4444"}
    )
    assert 'id="verify-choices"' not in bad.content.decode()
    assert c.get(url("verify", code="S0001-G01", ballot_id=ballot.pk)).status_code == 405


# -- evaluations -----------------------------------------------------------------------------


def test_a_cadre_creates_an_evaluation(client_for, platform):
    resp = client_for("school_chair").post(
        url("evaluation_create"),
        {
            "title": "测评",
            "scale": "grades",
            "subjects": "李红梅 工会主席\n马文博 工会副主席",
            "items": "德\n能",
            "voters": "member\nschool_cadre",
        },
    )
    form = EvaluationForm.objects.get(title="测评")
    assert resp.status_code == 302
    assert [str(s) for s in form.subjects.all()] == ["李红梅（工会主席）", "马文博（工会副主席）"]
    assert form.participations.count() == 2


def test_the_member_answers_an_evaluation(client_for, voters, make_evaluation, user, platform):
    member = user("member")
    form = make_evaluation([member, *voters(1)])
    c = client_for("member")
    data = {
        f"answer-{s.pk}-{i.pk}": "excellent" for s in form.subjects.all() for i in form.items.all()
    }
    resp = c.post(url("answer", code="S0001-G01", evaluation_id=form.pk), data)
    assert resp.status_code == 200 and 'id="answered"' in resp.content.decode()
    assert services.has_responded(form, member) is True
    again = c.post(url("answer", code="S0001-G01", evaluation_id=form.pk), data)
    assert again.status_code == 400
    assert SealedResponse._base_manager.filter(form=form).count() == 1
    services.evaluation_close(actor=user("school_chair"), form=form)
    assert EvaluationResponse._base_manager.filter(form=form).count() == 1


def test_evaluation_report_is_a_pdf_once_published(client_for, platform):
    form = EvaluationForm.objects.get(source_kind="demo", source_id="evaluation")
    c = client_for("school_chair")
    page = c.get(url("evaluation", evaluation_id=form.pk)).content.decode()
    assert "李红梅" in page and 'id="evaluation-result"' in page and "%" in page
    pdf = c.get(url("evaluation_report", evaluation_id=form.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert (
        client_for("hospital_chair")
        .get(url("evaluation_report", code="H0001", evaluation_id=form.pk))
        .status_code
        == 404
    )
    assert (
        client_for("member")
        .get(url("evaluation_report", code="S0001-G01", evaluation_id=form.pk))
        .status_code
        == 403
    )
    assert c.post(url("evaluation_report", evaluation_id=form.pk)).status_code == 405


def test_evaluation_lifecycle(client_for, voters, make_evaluation, platform):
    form = make_evaluation(voters(2), open_=False)
    c = client_for("school_cadre")
    for action in ("open", "close", "publish"):
        assert (
            c.post(
                url("evaluation_action", evaluation_id=form.pk, evaluation_action=action)
            ).status_code
            == 302
        )
    form.refresh_from_db()
    assert form.state == State.PUBLISHED
    assert AuditEntry.objects.filter(
        action="voting.evaluationform.counted", object_id=str(form.pk)
    ).exists()


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
