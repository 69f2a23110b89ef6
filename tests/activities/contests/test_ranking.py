"""The contest ranking rule (contests/ranking.py, no database)."""

from __future__ import annotations

from gonghui.activities.contests.ranking import final_score, rank

from .conftest import D


class TestRanking:
    def test_two_judges_plain_mean(self):
        assert final_score([D("8"), D("9")]) == (D("8.50"), ())

    def test_three_judges_drop_highest_and_lowest(self):
        assert final_score([D("7"), D("9.5"), D("8.2")]) == (D("8.20"), (D("7"), D("9.5")))

    def test_five_judges_drop_one_of_each_only(self):
        final, dropped = final_score([D("9"), D("9"), D("8"), D("6"), D("6")])
        assert dropped == (D("6"), D("9"))
        assert final == D("7.67")  # (6 + 8 + 9) / 3, half up

    def test_all_equal(self):
        out = rank({1: [D("8")] * 3, 2: [D("8")] * 3, 3: [D("8")] * 3}, 3)
        assert [r.rank for r in out] == [1, 1, 1]

    def test_ties_at_the_top_skip_the_next_rank(self):
        out = rank({1: [D(9), D(9), D(9)], 2: [D(7), D(7), D(7)], 3: [D(9), D(9), D(9)]}, 3)
        assert [(r.key, r.rank) for r in out] == [(1, 1), (3, 1), (2, 3)]

    def test_ties_in_the_middle(self):
        out = rank({"a": [D(9)], "b": [D(8)], "c": [D(8)], "d": [D(7)]}, 1)
        assert [r.rank for r in out] == [1, 2, 2, 4]

    def test_missing_scores_are_not_ranked_yet(self):
        out = rank({1: [D(9), D(8)], 2: [D(7), D(7), D(7)]}, 3)
        assert (out[0].key, out[0].rank) == (2, 1)
        assert (out[1].key, out[1].rank, out[1].final) == (1, None, None)

    def test_no_judges_nobody_ranked(self):
        assert [r.rank for r in rank({1: []}, 0)] == [None]

    def test_rounding_decides_ties(self):
        # 8.333.. and 8.33 both round to 8.33: a tie, as the scoreboard shows them.
        out = rank({1: [D("8.33"), D("8.34"), D("8.33")], 2: [D("8.33")] * 3}, 3)
        assert [r.final for r in out] == [D("8.33"), D("8.33")]
        assert [r.rank for r in out] == [1, 1]
