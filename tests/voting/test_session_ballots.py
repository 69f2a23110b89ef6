"""Ballots held at a congress session (#13 §2): the ballot takes the session's sign-in, and
phones and paper are combined in one ballot, each person voting once.

The world: a union's 职代会 with 40 representatives; 30 sign in at the open session, of
whom 12 have a login (they may vote on their phones) and 18 have none (they vote on paper).
"""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from gonghui.democracy import selectors as democracy_selectors
from gonghui.democracy import services as democracy
from gonghui.voting import services
from gonghui.voting.models import Ballot, Participation
from tests.factories import GroupFactory, MemberFactory, UnionFactory, UserFactory

pytestmark = pytest.mark.django_db

TOTAL, PRESENT, WITH_LOGIN = 40, 30, 12


class World:
    def __init__(self):
        self.union = UnionFactory()
        group = GroupFactory(parent=self.union)
        self.chair = UserFactory(roles=[("chair", self.union)])
        self.voters = []  # logins of the representatives who have one, in order
        members = []
        for i in range(TOTAL):
            login = None
            if i < WITH_LOGIN or i >= PRESENT:  # the absent ten have logins too
                login = UserFactory(roles=[("member", group)])
            members.append(MemberFactory(org=group, user=login))
            if login is not None and i < PRESENT:
                self.voters.append(login)
        with scope(self.union), acting(user=self.chair):
            self.congress = democracy.congress_create(
                actor=self.chair,
                org=self.union,
                data={
                    "kind": "congress",
                    "term_number": 1,
                    "start_date": dt.date(2025, 1, 1),
                    "end_date": dt.date(2029, 12, 31),
                },
            )
            self.reps = democracy.representatives_add(
                actor=self.chair, congress=self.congress, members=members
            )
            self.session = democracy.session_create(
                actor=self.chair, congress=self.congress, data={"date": dt.date(2026, 12, 1)}
            )
            democracy.session_open(actor=self.chair, session=self.session)
            democracy.attendance_set(
                actor=self.chair, session=self.session, present=self.reps[:PRESENT]
            )

    def ballot(self, **kw):
        args = {
            "title": "选举职代会主席团",
            "items": [{"text": "通过选举办法", "kind": "motion"}],
            "electorate_user_ids": [],
            "total_electorate": None,
            "source": ("democracy.session", self.session.pk),
            "mode": "mixed",
        }
        args.update(kw)
        with scope(self.union), acting(user=self.chair):
            return services.ballot_create(actor=self.chair, org=self.union, **args)

    def act(self, fn, **kw):
        with scope(self.union), acting(user=self.chair):
            return fn(actor=self.chair, **kw)


@pytest.fixture
def world():
    return World()


def vote(ballot, user, choice="yes"):
    item = ballot.items.model._base_manager.filter(ballot=ballot).first()
    with unscoped():
        return services.vote_cast(voter_user=user, ballot=ballot, choices={str(item.pk): choice})


def test_the_ballot_takes_the_sessions_sign_in_not_numbers_typed_by_hand(world):
    # What the cadre met: the session said 30 of 40 present while the ballot said 3.
    ballot = world.ballot(electorate_user_ids=[world.voters[0].pk], total_electorate=99)
    assert (ballot.present, ballot.total_electorate) == (PRESENT, TOTAL)
    with unscoped():
        voters = set(Participation.objects.filter(ballot=ballot).values_list("user_id", flat=True))
    assert voters == {u.pk for u in world.voters}
    with scope(world.union):
        q = democracy_selectors.quorum(world.session)
    with unscoped():
        result = services.ballot_result(ballot)
    assert (result.present, result.total, result.quorum_met) == (q.present, q.total, True)


def test_latecomers_who_sign_in_before_voting_opens_are_counted(world):
    ballot = world.ballot()
    late = world.reps[PRESENT]  # absent so far, has a login
    world.act(democracy.attendance_set, session=world.session, present=world.reps[: PRESENT + 1])
    world.act(services.ballot_open, ballot=ballot)
    ballot.refresh_from_db()
    assert ballot.present == PRESENT + 1
    with unscoped():
        assert Participation.objects.filter(ballot=ballot, user=late.member.user).exists()


def test_phones_and_paper_are_counted_together_each_person_once(world):
    ballot = world.ballot()
    world.act(services.ballot_open, ballot=ballot)
    # Two representatives with a login ask for paper; their phones are then refused.
    asked = world.voters[:2]
    assert world.act(services.ballot_hand_paper, ballot=ballot, user_ids=[u.pk for u in asked]) == 2
    with pytest.raises(services.VotingError, match="纸质|paper"):
        vote(ballot, asked[0])
    phones = world.voters[2:]
    for user in phones[:8]:
        vote(ballot, user, "yes")
    for user in phones[8:]:
        vote(ballot, user, "no")
    # Someone who voted on the phone is handed no paper.
    with pytest.raises(services.VotingError):
        world.act(services.ballot_hand_paper, ballot=ballot, user_ids=[phones[0].pk])
    world.act(services.ballot_close, ballot=ballot)
    room = services.paper_capacity(ballot)
    assert room == PRESENT - (WITH_LOGIN - 2)  # 18 without a login + the 2 who asked
    item = ballot.items.model._base_manager.get(ballot=ballot)
    # One paper more than those who may vote on paper is refused.
    with pytest.raises(services.VotingError, match=str(room)):
        world.act(
            services.paper_ballots_count,
            ballot=ballot,
            tallies={item.pk: {"yes": room + 1}},
            ballots_issued=room + 1,
            ballots_returned=room + 1,
            invalid=0,
        )
    world.act(
        services.paper_ballots_count,
        ballot=ballot,
        tallies={item.pk: {"yes": 15, "no": 3, "abstain": 1}},
        ballots_issued=room,
        ballots_returned=room - 1,
        invalid=0,
    )
    with unscoped():
        result = services.ballot_result(Ballot.objects.get(pk=ballot.pk))
    row = result.items[0]
    assert (row.yes, row.no, row.abstain) == (8 + 15, 2 + 3, 1)
    assert result.voted == 10 + (room - 1)
    assert result.present == PRESENT and result.consistent
    # 23 for of 40 representatives: more than half of all.
    assert row.passed


def test_a_meeting_of_another_union_is_refused(world):
    other = World()
    with pytest.raises(services.VotingError):
        world.ballot(source=("democracy.session", other.session.pk))


def test_the_resolution_ballot_counts_everyone_present(world):
    with scope(world.union), acting(user=world.chair):
        resolution = democracy.resolution_create(
            actor=world.chair, session=world.session, title="关于修订职工休假办法的决议"
        )
        ballot = democracy.resolution_open_ballot(actor=world.chair, resolution=resolution)
    assert ballot.mode == "mixed" and ballot.present == PRESENT
    with unscoped():
        assert services.ballot_result(ballot).quorum_met


def test_a_ballot_held_at_a_session_keeps_its_electorate_from_the_sign_in(world):
    ballot = world.ballot()
    with pytest.raises(services.VotingError):
        world.act(
            services.ballot_set_electorate,
            ballot=ballot,
            electorate_user_ids=[world.voters[0].pk],
        )


def test_the_pages_make_a_ballot_at_the_session_and_hand_out_papers(world, login):
    chair = login(world.chair)
    base = f"/o/{world.union.code}/voting/"
    form = chair.get(f"{base}ballots/new/?session={world.session.pk}").content.decode()
    assert f"democracy.session:{world.session.pk}" in form and "30" in form
    made = chair.post(
        f"{base}ballots/new/",
        {
            "title": "职代会主席团选举",
            "rule": "congress",
            "kind": "motion",
            "items": "通过选举办法",
            "seats": 0,
            "meeting": f"democracy.session:{world.session.pk}",
            "secret": "on",
            "mode": "mixed",
        },
    )
    assert made.status_code == 302, made.content.decode()[:2000]
    with unscoped():
        ballot = Ballot.objects.get(title="职代会主席团选举")
    assert (ballot.present, ballot.total_electorate) == (PRESENT, TOTAL)
    page = chair.get(made["Location"]).content.decode()
    assert 'id="hand-paper-form"' in page
    assert world.voters[0].member.name in page
    handed = chair.post(f"{base}ballots/{ballot.pk}/hand-paper/", {"user": [world.voters[0].pk]})
    assert handed.status_code == 302
    with unscoped():
        assert Participation.objects.get(ballot=ballot, user=world.voters[0]).on_paper
    # The person handed a paper is told to vote on it, on their phone.
    group = world.voters[0].member.org.code
    chair.post(f"{base}ballots/{ballot.pk}/open/")
    phone = login(world.voters[0]).get(f"/o/{group}/voting/ballots/{ballot.pk}/vote/")
    assert 'id="vote-form"' not in phone.content.decode()
    assert "纸质" in phone.content.decode() or "paper" in phone.content.decode()


def test_the_api_makes_a_ballot_at_the_session_and_hands_out_papers(world, login):
    api = login(world.chair)
    url = f"/api/v1/orgs/{world.union.code}/voting/ballots/"
    made = api.post(
        url,
        {
            "title": "表决集体合同草案",
            "items": [{"text": "通过集体合同草案", "kind": "motion"}],
            "mode": "mixed",
            "session_id": world.session.pk,
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    ballot = made.json()
    assert (ballot["present"], ballot["total_electorate"]) == (PRESENT, TOTAL)
    handed = api.post(
        f"{url}{ballot['id']}/hand-paper/",
        {"user_ids": [world.voters[1].pk]},
        content_type="application/json",
    )
    assert handed.status_code == 200 and handed.json() == {"handed": 1}
    other = World()
    refused = api.post(
        url,
        {"title": "x", "items": [{"text": "x"}], "mode": "mixed", "session_id": other.session.pk},
        content_type="application/json",
    )
    assert refused.status_code == 400
