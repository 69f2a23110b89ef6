"""500 representatives vote at the same moment, on PostgreSQL, with real threads each on
its own database connection (a pool of 40 released together by a barrier):

- every vote is counted once: papers = participations marked = successful calls, and the
  tally equals the choices of the successful calls;
- nobody votes twice: 40 of them press twice at once with different choices, exactly one
  of the two is counted;
- nobody votes after the ballot closes: in a second ballot the close races the crowd, and
  no paper is added after the close has committed.

Nothing in the test serialises the voters: the FOR SHARE / FOR UPDATE pair on the ballot
row and the conditional update of the participation row in services.vote_cast do. The
data is committed (a transactional test) and built here (a union of its own, its chair and
the crowd); a later test that reads the demo loads it again through the `demo` fixture.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections

from gonghui.core.scoping import unscoped
from gonghui.voting import services
from gonghui.voting.models import BallotPaper, Participation, SealedPaper

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent sessions need PostgreSQL (SQLite serialises every "
        "writer anyway); run with DATABASE_URL=postgres://...",
    ),
]

CROWD = 500
POOL = 40
TWICE = 40
MARKS = ("yes", "no", "abstain")


@pytest.fixture
def office(transactional_db):
    """A union of its own and its chair, who runs the ballot."""
    from types import SimpleNamespace

    from tests.factories import UnionFactory, UserFactory

    union = UnionFactory()
    return SimpleNamespace(union=union, chair=UserFactory(roles=[("chair", union)]))


@pytest.fixture
def crowd(transactional_db):
    User = get_user_model()
    with unscoped():
        User._base_manager.bulk_create(
            [User(username=f"crowd{i:04d}", display_name=f"代表{i}") for i in range(CROWD)]
        )
        return list(User._base_manager.filter(username__startswith="crowd").order_by("username"))


def _ballot(crowd, office):
    from gonghui.audit.context import acting

    chair = office.chair
    with unscoped(), acting(user=chair):
        ballot = services.ballot_create(
            actor=chair,
            org=office.union,
            title="职代会表决（并发测试）",
            items=[{"text": "议题一"}, {"text": "议题二"}, {"text": "议题三"}],
            electorate_user_ids=[u.pk for u in crowd],
            total_electorate=CROWD + 20,
        )
        return services.ballot_open(actor=chair, ballot=ballot)


def _run(jobs, *, before_each=None):
    """Run `jobs` (callables) on POOL threads released together; each thread closes its
    own connection at the end."""
    barrier = threading.Barrier(POOL)
    chunks = [jobs[i::POOL] for i in range(POOL)]

    def worker(chunk):
        barrier.wait()
        try:
            return [job() for job in chunk]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(POOL) as pool:
        return [r for rs in pool.map(worker, chunks) for r in rs]


def _vote(ballot, voter, choices):
    def job():
        try:
            services.vote_cast(voter_user=voter, ballot=ballot, choices=choices)
        except services.VotingError as exc:
            return (voter.pk, None, str(exc))
        return (voter.pk, choices, "")

    return job


def test_500_voters_at_once_each_counted_once(crowd, office):
    ballot = _ballot(crowd, office)
    ids = [i.pk for i in ballot.items.model._base_manager.filter(ballot=ballot)]
    jobs = []
    for n, voter in enumerate(crowd):
        jobs.append(_vote(ballot, voter, {i: MARKS[(n + k) % 3] for k, i in enumerate(ids)}))
        if n < TWICE:  # the same person presses again with other choices
            jobs.append(
                _vote(ballot, voter, {i: MARKS[(n + k + 1) % 3] for k, i in enumerate(ids)})
            )
    results = _run(jobs)

    ok = [r for r in results if r[1] is not None]
    refused = [r for r in results if r[1] is None]
    assert len(ok) == CROWD
    assert len(refused) == TWICE
    assert all("投过票" in r[2] for r in refused)
    assert len({r[0] for r in ok}) == CROWD  # each person exactly once

    with unscoped():
        # Sealed while open (docs/ballot-secrecy.md); opened into papers by the close.
        assert SealedPaper._base_manager.filter(ballot=ballot).count() == CROWD
        assert not BallotPaper._base_manager.filter(ballot=ballot).exists()
        assert (
            Participation._base_manager.filter(ballot=ballot, voted_on__isnull=False).count()
            == CROWD
        )
        services.ballot_close(actor=office.chair, ballot=ballot)
        result = services.ballot_result(ballot)
    assert result.consistent and result.voted == result.papers == CROWD
    assert not SealedPaper._base_manager.filter(ballot=ballot).exists()
    for r in result.items:
        expected = Counter(choices[r.id] for _pk, choices, _e in ok)
        assert (r.yes, r.no, r.abstain) == (expected["yes"], expected["no"], expected["abstain"])


def test_nobody_votes_after_the_close(crowd, office):
    ballot = _ballot(crowd, office)
    ids = [i.pk for i in ballot.items.model._base_manager.filter(ballot=ballot)]
    closed_with = {}

    def close():
        with unscoped():
            services.ballot_close(actor=office.chair, ballot=ballot)
            # Counted right after the close committed: nothing may be added later.
            closed_with["papers"] = BallotPaper._base_manager.filter(ballot=ballot).count()
        return (None, None, "close")

    jobs = [_vote(ballot, v, dict.fromkeys(ids, "yes")) for v in crowd[:300]]
    jobs.insert(POOL * 3 + 7, close)  # runs in the fourth round of the pool
    results = _run(jobs)
    ok = [r for r in results if r[1] is not None]
    late = [r for r in results if r[2] and r[2] != "close"]
    assert late, "the close should have cut some voters off"
    assert all("投票未开始或已结束" in r[2] for r in late)
    with unscoped():
        papers = BallotPaper._base_manager.filter(ballot=ballot).count()
        marked = Participation._base_manager.filter(ballot=ballot, voted_on__isnull=False).count()
        result = services.ballot_result(ballot)
    assert papers == marked == len(ok) == closed_with["papers"]
    assert not SealedPaper._base_manager.filter(ballot=ballot).exists()  # none left behind
    assert result.items[0].yes == len(ok)
