"""Quorum and thresholds as in docs/domain.md §5–6, on their edge cases."""

from __future__ import annotations

import pytest

from gonghui.voting import rules

CONGRESS = rules.get("congress")
ELECTION = rules.get("election")


@pytest.mark.parametrize(
    ("present", "total", "met"),
    [
        (40, 60, True),  # exactly 2/3
        (39, 60, False),  # just below
        (60, 60, True),
        (2, 3, True),
        (1, 3, False),
        (21, 31, True),  # 2/3 of 31 is 20.67: 21 needed
        (20, 31, False),
        (0, 0, False),
        (61, 60, False),  # more present than exist: refused, not "met"
    ],
)
def test_quorum_is_at_least_two_thirds_of_all(present, total, met):
    assert CONGRESS.quorum_met(present, total) is met


def test_quorum_needed_rounds_up():
    assert CONGRESS.quorum_needed(60) == 40
    assert CONGRESS.quorum_needed(31) == 21
    assert CONGRESS.quorum_needed(62) == 42


def test_exactly_half_of_all_does_not_pass():
    assert not CONGRESS.passes(30, present=50, total=60)
    assert CONGRESS.passes(31, present=50, total=60)


def test_the_majority_is_of_all_representatives_not_of_those_present():
    # 40 present of 60: 25 yes is a clear majority of those present but not of all.
    assert not CONGRESS.passes(25, present=40, total=60)
    assert CONGRESS.votes_needed(present=40, total=60) == 31


def test_odd_totals():
    assert CONGRESS.votes_needed(present=61, total=61) == 31
    assert not CONGRESS.passes(30, present=61, total=61)
    assert CONGRESS.passes(31, present=61, total=61)


def test_a_tie_does_not_pass():
    # 20 for, 20 against of 40 present, 40 total.
    assert not CONGRESS.passes(20, present=40, total=40)


def test_abstentions_count_as_not_yes():
    # 31 for, 0 against, 19 abstain of 50 present of 60: passes (31 > 30) ...
    assert CONGRESS.passes(31, present=50, total=60)
    # ... 30 for, 0 against, 20 abstain does not, though nobody voted against.
    assert not CONGRESS.passes(30, present=50, total=60)


def test_nothing_passes_without_quorum():
    assert not CONGRESS.passes(39, present=39, total=60)


def test_election_needs_more_than_half_of_those_who_should_attend():
    assert ELECTION.source.startswith("工会基层组织选举工作条例")
    assert not ELECTION.passes(50, present=90, total=100)
    assert ELECTION.passes(51, present=90, total=100)


def test_every_rule_names_its_source():
    for rule in rules.RULES.values():
        assert rule.source and rule.summary


def test_elect_takes_the_most_votes_up_to_the_seats():
    out = rules.elect(ELECTION, {1: 80, 2: 70, 3: 60, 4: 40}, seats=2, present=90, total=100)
    assert [i for i, e in out.items() if e.elected] == [1, 2]
    assert out[3].over_majority and not out[3].elected
    assert not out[4].over_majority


def test_elect_a_tie_at_the_last_seat_elects_none_of_the_tied():
    out = rules.elect(ELECTION, {1: 80, 2: 70, 3: 70}, seats=2, present=90, total=100)
    assert out[1].elected
    assert not out[2].elected and not out[3].elected
    assert out[2].tie and out[3].tie


def test_elect_without_seats_elects_everyone_over_the_majority():
    out = rules.elect(ELECTION, {1: 51, 2: 50}, seats=0, present=100, total=100)
    assert out[1].elected and not out[2].elected


def test_elect_without_quorum_elects_nobody():
    out = rules.elect(ELECTION, {1: 60}, seats=1, present=60, total=100)
    assert not out[1].elected
