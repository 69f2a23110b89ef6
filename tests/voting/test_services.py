from __future__ import annotations

import pytest
from django.db import connection

from gonghui.audit.models import AuditEntry
from gonghui.voting import services
from gonghui.voting.models import (
    Ballot,
    BallotPaper,
    EvaluationResponse,
    Participation,
    SealedPaper,
    SealedResponse,
    State,
)

pytestmark = pytest.mark.django_db


def _item_ids(ballot):
    return [i.pk for i in ballot.items.all()]


def test_it_counts_each_vote_and_returns_a_receipt(voters, make_ballot, home):
    reps = voters(6)
    ballot = make_ballot(reps, total=6)
    (item,) = _item_ids(ballot)
    receipts = {
        services.vote_cast(voter_user=r, ballot=ballot, choices={item: c})
        for r, c in zip(reps[:5], ["yes", "yes", "yes", "no", "abstain"], strict=True)
    }
    assert len(receipts) == 5
    assert all(len(services.normalise_receipt(r)) == 14 for r in receipts)
    services.ballot_close(actor=home.chair, ballot=ballot)
    result = services.ballot_result(ballot)
    assert (result.items[0].yes, result.items[0].no, result.items[0].abstain) == (3, 1, 1)
    assert result.voted == result.papers == 5 and result.consistent
    # 3 of 6 is exactly half: not passed.
    assert result.quorum_met and not result.items[0].passed


def test_it_refuses_a_second_vote(voters, make_ballot):
    reps = voters(3)
    ballot = make_ballot(reps)
    (item,) = _item_ids(ballot)
    services.vote_cast(voter_user=reps[0], ballot=ballot, choices={item: "yes"})
    with pytest.raises(services.VotingError, match="投过票"):
        services.vote_cast(voter_user=reps[0], ballot=ballot, choices={item: "no"})
    # Sealed while open (docs/ballot-secrecy.md): one sealed paper, no readable one yet.
    assert SealedPaper._base_manager.filter(ballot=ballot).count() == 1
    assert not BallotPaper._base_manager.filter(ballot=ballot).exists()


def test_it_refuses_someone_outside_the_electorate(voters, make_ballot):
    reps = voters(4)
    ballot = make_ballot(reps[:3], total=4)
    (item,) = _item_ids(ballot)
    with pytest.raises(services.VotingError, match="不在本次表决的投票人名单"):
        services.vote_cast(voter_user=reps[3], ballot=ballot, choices={item: "yes"})
    assert not BallotPaper._base_manager.filter(ballot=ballot).exists()
    assert not SealedPaper._base_manager.filter(ballot=ballot).exists()


def test_it_refuses_votes_before_opening_and_after_closing(voters, make_ballot, home):
    reps = voters(3)
    ballot = make_ballot(reps, open_=False)
    (item,) = _item_ids(ballot)
    with pytest.raises(services.VotingError, match="投票未开始或已结束"):
        services.vote_cast(voter_user=reps[0], ballot=ballot, choices={item: "yes"})
    services.ballot_open(actor=home.chair, ballot=ballot)
    services.vote_cast(voter_user=reps[0], ballot=ballot, choices={item: "yes"})
    services.ballot_close(actor=home.chair, ballot=ballot)
    with pytest.raises(services.VotingError, match="投票未开始或已结束"):
        services.vote_cast(voter_user=reps[1], ballot=ballot, choices={item: "yes"})
    assert BallotPaper._base_manager.filter(ballot=ballot).count() == 1
    assert Participation._base_manager.filter(ballot=ballot, voted_on__isnull=False).count() == 1


def test_it_requires_a_mark_on_every_item(voters, make_ballot):
    reps = voters(2)
    ballot = make_ballot(reps, items=[{"text": "议题一"}, {"text": "议题二"}])
    first, _second = _item_ids(ballot)
    with pytest.raises(services.VotingError, match="请对每个事项"):
        services.vote_cast(voter_user=reps[0], ballot=ballot, choices={first: "yes"})
    with pytest.raises(services.VotingError):
        services.vote_cast(voter_user=reps[0], ballot=ballot, choices={first: "maybe"})
    # A refused vote leaves nothing behind: the voter can still vote.
    assert services.has_voted(ballot, reps[0]) is False


def test_it_refuses_more_candidates_than_seats(voters, make_ballot):
    reps = voters(3)
    ballot = make_ballot(
        reps,
        items=[{"text": n, "kind": "candidate"} for n in ("张三", "李四", "王五")],
        rule="election",
        seats=2,
    )
    ids = _item_ids(ballot)
    with pytest.raises(services.VotingError, match="最多只能对 2 名"):
        services.vote_cast(voter_user=reps[0], ballot=ballot, choices=dict.fromkeys(ids, "yes"))
    services.vote_cast(
        voter_user=reps[0], ballot=ballot, choices={ids[0]: "yes", ids[1]: "yes", ids[2]: "no"}
    )


def test_election_result_elects_by_votes_within_seats(voters, make_ballot, home):
    reps = voters(5)
    ballot = make_ballot(
        reps,
        total=5,
        items=[{"text": n, "kind": "candidate"} for n in ("张三", "李四", "王五")],
        rule="election",
        seats=2,
    )
    a, b, c = _item_ids(ballot)
    marks = [(a, b), (a, c), (a, b), (b, c), (a, None)]
    for rep, yes in zip(reps, marks, strict=True):
        choices = {i: ("yes" if i in yes else "no") for i in (a, b, c)}
        services.vote_cast(voter_user=rep, ballot=ballot, choices=choices)
    services.ballot_close(actor=home.chair, ballot=ballot)
    result = services.ballot_result(ballot)
    by = {r.item.text: r for r in result.items}
    assert by["张三"].yes == 4 and by["张三"].elected
    assert by["李四"].yes == 3 and by["李四"].elected  # 3 of 5 > half of all
    assert by["王五"].yes == 2 and not by["王五"].elected


def test_recount_of_the_published_papers_equals_the_result(voters, make_ballot, home):
    reps = voters(7)
    ballot = make_ballot(reps, items=[{"text": "一"}, {"text": "二"}])
    ids = _item_ids(ballot)
    for i, rep in enumerate(reps):
        marks = ["yes", "no", "abstain"]
        services.vote_cast(
            voter_user=rep,
            ballot=ballot,
            choices={ids[0]: marks[i % 3], ids[1]: marks[(i + 1) % 3]},
        )
    chair = home.chair
    services.ballot_close(actor=chair, ballot=ballot)
    services.ballot_publish(actor=chair, ballot=ballot)
    papers = services.published_papers(ballot)
    assert len(papers) == 7
    recount = services.recount(list(ballot.items.all()), [p.choices for p in papers])
    result = services.ballot_result(ballot)
    for r in result.items:
        assert recount[r.id] == {"yes": r.yes, "no": r.no, "abstain": r.abstain}
    assert [p.pk for p in papers] == sorted(p.pk for p in papers)


def test_a_receipt_verifies_its_own_paper_once_published(voters, make_ballot, home):
    reps = voters(3)
    ballot = make_ballot(reps)
    (item,) = _item_ids(ballot)
    code = services.vote_cast(voter_user=reps[0], ballot=ballot, choices={item: "no"})
    services.vote_cast(voter_user=reps[1], ballot=ballot, choices={item: "yes"})
    with pytest.raises(services.VotingError, match="结果公布后"):
        services.receipt_verify(ballot=ballot, code=code)
    chair = home.chair
    services.ballot_close(actor=chair, ballot=ballot)
    services.ballot_publish(actor=chair, ballot=ballot)
    paper = services.receipt_verify(ballot=ballot, code=code.lower().replace("-", " "))
    assert paper is not None and paper.choices == {str(item): "no"}
    assert services.receipt_verify(ballot=ballot, code="AAAA-BBBB-CCCC") is None
    # Only the hash is stored, never the code.
    assert not BallotPaper._base_manager.filter(
        receipt_hash__contains=code.replace("-", "")
    ).exists()
    assert code not in str(list(BallotPaper._base_manager.filter(ballot=ballot).values()))


def _physical_order(column: str, table: str, where: str, value) -> list:
    """`column` of the rows in the order the database stores them (what a dump lists):
    ctid on PostgreSQL, rowid on SQLite."""
    key = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {table} WHERE {where} = %s ORDER BY {key}",  # noqa: S608
            [value],
        )
        return [r[0] for r in cursor.fetchall()]


def test_the_close_opens_the_sealed_papers_in_a_random_order(voters, make_ballot, home):
    reps = voters(12)
    ballot = make_ballot(reps)
    (item,) = _item_ids(ballot)
    codes = [
        services.vote_cast(voter_user=rep, ballot=ballot, choices={item: "yes"}) for rep in reps
    ]
    sealed = list(SealedPaper._base_manager.filter(ballot=ballot).values_list("sealed", flat=True))
    assert len(sealed) == 12 and not BallotPaper._base_manager.filter(ballot=ballot).exists()
    for code in codes:  # nothing readable of the vote in a sealed paper
        assert services.receipt_hash(ballot, code).encode() not in b"".join(map(bytes, sealed))
    services.ballot_close(actor=home.chair, ballot=ballot)
    assert not SealedPaper._base_manager.filter(ballot=ballot).exists()
    hashes = [services.receipt_hash(ballot, c) for c in codes]
    stored = _physical_order("receipt_hash", "voting_ballotpaper", "ballot_id", ballot.pk)
    assert sorted(stored) == sorted(hashes)  # same papers, nothing lost or added
    assert stored != hashes  # not stored in the order of voting (1 chance in 12! to fail)


def test_a_sealed_paper_opens_only_with_the_servers_key(voters, make_ballot, home, settings):
    reps = voters(2)
    ballot = make_ballot(reps)
    (item,) = _item_ids(ballot)
    services.vote_cast(voter_user=reps[0], ballot=ballot, choices={item: "abstain"})
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "another-key-" + "x" * 50
    with pytest.raises(services.VotingError, match="密钥"):
        services.ballot_close(actor=home.chair, ballot=ballot)
    ballot.refresh_from_db()
    assert ballot.state == State.OPEN  # nothing lost: still open, the sealed paper kept
    assert SealedPaper._base_manager.filter(ballot=ballot).count() == 1
    # Rotated with the old key kept as a fallback: the close opens it.
    settings.SECRET_KEY_FALLBACKS = [old_key]
    services.ballot_close(actor=home.chair, ballot=ballot)
    (paper,) = BallotPaper._base_manager.filter(ballot=ballot)
    assert paper.choices == {str(item): "abstain"}


def test_cadre_actions_are_audited_and_votes_are_not(voters, make_ballot, home):
    reps = voters(3)
    ballot = make_ballot(reps)
    (item,) = _item_ids(ballot)
    n = AuditEntry._base_manager.count()
    services.vote_cast(voter_user=reps[0], ballot=ballot, choices={item: "yes"})
    assert AuditEntry._base_manager.count() == n  # no per-vote entry, no timestamp per voter
    services.ballot_close(actor=home.chair, ballot=ballot)
    entry = AuditEntry._base_manager.filter(
        action="voting.ballot.counted", object_id=str(ballot.pk)
    ).get()
    assert entry.changes == {"voted": [None, 1], "papers": [None, 1]}
    assert AuditEntry._base_manager.filter(
        action="voting.ballot.created", object_id=str(ballot.pk)
    ).exists()
    created = AuditEntry._base_manager.get(action="voting.ballot.created", object_id=str(ballot.pk))
    assert created.changes["salt"][1] == "******"


def test_paper_counts_are_validated(voters, make_ballot, home):
    chair = home.chair
    ballot = make_ballot([], total=60, mode="paper", items=[{"text": "一"}, {"text": "二"}])
    a, b = _item_ids(ballot)
    with pytest.raises(services.VotingError):  # still open
        services.paper_ballots_count(
            actor=chair, ballot=ballot, tallies={}, ballots_issued=1, ballots_returned=1, invalid=0
        )
    services.ballot_close(actor=chair, ballot=ballot)
    ok = {a: {"yes": 40, "no": 5, "abstain": 3}, b: {"yes": 30, "no": 10, "abstain": 8}}
    cases = [
        (dict(ballots_issued=50, ballots_returned=51, invalid=2), "收回选票数多于发出选票数"),
        (dict(ballots_issued=61, ballots_returned=50, invalid=2), "发出选票数多于全体代表人数"),
        (dict(ballots_issued=50, ballots_returned=50, invalid=51), "无效票数多于"),
        (dict(ballots_issued=50, ballots_returned=50, invalid=1), "有效票为"),
    ]
    for kwargs, message in cases:
        with pytest.raises(services.VotingError, match=message):
            services.paper_ballots_count(actor=chair, ballot=ballot, tallies=ok, **kwargs)
    with pytest.raises(services.VotingError, match="请先录入纸质选票"):
        services.ballot_publish(actor=chair, ballot=ballot)
    services.paper_ballots_count(
        actor=chair, ballot=ballot, tallies=ok, ballots_issued=50, ballots_returned=50, invalid=2
    )
    result = services.ballot_result(ballot)
    assert result.present == 50 and result.invalid == 2 and result.papers == 48
    assert result.quorum_met  # 50 of 60 ≥ 40
    assert result.items[0].passed  # 40 > 30
    assert not result.items[1].passed  # 30 = half of 60
    services.ballot_publish(actor=chair, ballot=ballot)
    with pytest.raises(services.VotingError, match="纸质选票"):
        services.vote_cast(voter_user=chair, ballot=ballot, choices={a: "yes", b: "yes"})


def test_an_online_ballot_refuses_paper_counts(voters, make_ballot, home):
    ballot = make_ballot(voters(2))
    services.ballot_close(actor=home.chair, ballot=ballot)
    with pytest.raises(services.VotingError, match="网上投票"):
        services.paper_ballots_count(
            actor=home.chair,
            ballot=ballot,
            tallies={},
            ballots_issued=0,
            ballots_returned=0,
            invalid=0,
        )


def test_quorum_not_met_means_nothing_passes(voters, make_ballot, home):
    reps = voters(3)
    ballot = make_ballot(reps, total=5)  # 3 of 5 present < 2/3
    (item,) = _item_ids(ballot)
    for rep in reps:
        services.vote_cast(voter_user=rep, ballot=ballot, choices={item: "yes"})
    services.ballot_close(actor=home.chair, ballot=ballot)
    result = services.ballot_result(ballot)
    assert not result.quorum_met and result.items[0].yes == 3 and not result.items[0].passed


def test_create_validates_its_input(voters, home):
    chair, union = home.chair, home.union
    reps = voters(3)
    base = dict(
        actor=chair,
        org=union,
        title="t",
        items=[{"text": "x"}],
        electorate_user_ids=[r.pk for r in reps],
    )
    with pytest.raises(services.VotingError, match="多于全体代表人数"):
        services.ballot_create(**base, total_electorate=2)
    with pytest.raises(services.VotingError, match="至少需要一个事项"):
        services.ballot_create(**(base | {"items": []}), total_electorate=3)
    with pytest.raises(services.VotingError, match="不存在或已停用"):
        services.ballot_create(**(base | {"electorate_user_ids": [10**9]}), total_electorate=3)
    # A session that is not this union's is refused (its sign-in would decide the voters).
    with pytest.raises(services.VotingError, match="不属于本组织"):
        services.ballot_create(**base, total_electorate=3, source=("democracy.session", 10**9))
    ballot = services.ballot_create(**base, total_electorate=3, source=("plans.task", 7))
    assert (ballot.source_kind, ballot.source_id, ballot.state) == (
        "plans.task",
        "7",
        State.DRAFT,
    )
    services.ballot_set_electorate(actor=chair, ballot=ballot, electorate_user_ids=[reps[0].pk])
    assert Participation._base_manager.filter(ballot=ballot).count() == 1


def test_a_draft_can_be_deleted_with_its_electorate(voters, make_ballot, home):
    ballot = make_ballot(voters(2), open_=False)
    services.ballot_delete(actor=home.chair, ballot=ballot)
    assert not Ballot._base_manager.filter(pk=ballot.pk).exists()
    assert not Participation._base_manager.filter(ballot_id=ballot.pk).exists()


# -- evaluations -----------------------------------------------------------------------------


def test_evaluation_counts_and_percentages(voters, make_evaluation, home):
    reps = voters(4)
    form = make_evaluation(reps)
    chair_s, vice_s = form.subjects.all()
    de, neng = form.items.all()
    grades = ["excellent", "excellent", "competent", "basic"]
    for rep, g in zip(reps, grades, strict=True):
        services.evaluation_respond(
            voter_user=rep,
            form=form,
            answers={
                chair_s.pk: {de.pk: g, neng.pk: "excellent"},
                vice_s.pk: {de.pk: "competent", neng.pk: "incompetent"},
            },
        )
    with pytest.raises(services.VotingError, match="参加过本次测评"):
        services.evaluation_respond(voter_user=reps[0], form=form, answers={})
    services.evaluation_close(actor=home.chair, form=form)
    result = services.evaluation_result(form)
    assert result.responses == result.responded == 4
    s = result.subjects[0]
    counts = {g.key: (g.count, g.percent) for g in s.items[0].grades}
    assert counts == {
        "excellent": (2, 50.0),
        "competent": (1, 25.0),
        "basic": (1, 25.0),
        "incompetent": (0, 0.0),
    }
    assert s.approval == 87.5  # 7 of 8 marks excellent or competent
    assert result.subjects[1].approval == 50.0


def test_evaluation_scores_have_a_mean(voters, make_evaluation, home):
    reps = voters(3)
    form = make_evaluation(reps, scale="scores")
    subj = list(form.subjects.all())
    item_ids = [i.pk for i in form.items.all()]
    for rep, score in zip(reps, [10, 8, 7], strict=True):
        services.evaluation_respond(
            voter_user=rep, form=form, answers={s.pk: dict.fromkeys(item_ids, score) for s in subj}
        )
    with pytest.raises(services.VotingError):
        services.evaluation_respond(
            voter_user=reps[0], form=form, answers={subj[0].pk: {item_ids[0]: 11}}
        )
    assert SealedResponse._base_manager.filter(form=form).count() == 3
    services.evaluation_close(actor=home.chair, form=form)
    assert not SealedResponse._base_manager.filter(form=form).exists()
    result = services.evaluation_result(form)
    assert result.subjects[0].mean == pytest.approx(8.33, abs=0.01)


def test_evaluation_refuses_incomplete_answers_and_outsiders(voters, make_evaluation):
    reps = voters(3)
    form = make_evaluation(reps[:2])
    s = form.subjects.first()
    with pytest.raises(services.VotingError, match="请对"):
        services.evaluation_respond(voter_user=reps[0], form=form, answers={s.pk: {}})
    answers = {x.pk: {i.pk: "competent" for i in form.items.all()} for x in form.subjects.all()}
    with pytest.raises(services.VotingError, match="不在本次测评"):
        services.evaluation_respond(voter_user=reps[2], form=form, answers=answers)
    assert not EvaluationResponse._base_manager.filter(form=form).exists()
    assert not SealedResponse._base_manager.filter(form=form).exists()
