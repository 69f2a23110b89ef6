"""Quorum and pass thresholds of ballots, as data with their sources (docs/domain.md §5–6).

Every threshold is an exact fraction compared in integers: "at least 2/3 present" is
`present * 3 >= total * 2`, "more than half" is `yes * 2 > base`. No floats, so exactly
2/3 present meets the quorum and exactly half of all representatives does not pass.

Abstentions and blank marks are simply not "yes": they never help a motion pass, and since
the base of the majority is the whole body (or those who should attend), they count
against it exactly as a "no" does. A tie between yes and no therefore never passes either.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

# The base a majority is counted on.
BASE_TOTAL = "total"  # all representatives / all members (the whole body)
BASE_PRESENT = "present"  # those present (not used by the rules below; kept for local rules)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    # The session is valid with at least `quorum` of `total` present.
    quorum: Fraction
    # A motion (or candidate) passes with strictly more than `majority` of its base.
    majority: Fraction
    majority_base: str
    source: str
    summary: str

    def quorum_needed(self, total: int) -> int:
        """The smallest number present that meets the quorum."""
        if total <= 0:
            return 0
        q = self.quorum * total
        return -(-q.numerator // q.denominator)  # ceiling, exact

    def quorum_met(self, present: int, total: int) -> bool:
        if total <= 0 or present < 0 or present > total:
            return False
        return Fraction(present) >= self.quorum * total

    def majority_base_count(self, present: int, total: int) -> int:
        return present if self.majority_base == BASE_PRESENT else total

    def votes_needed(self, present: int, total: int) -> int:
        """The smallest number of yes votes that is strictly more than the majority."""
        m = self.majority * self.majority_base_count(present, total)
        return m.numerator // m.denominator + 1  # floor + 1: strictly more

    def passes(self, yes: int, present: int, total: int) -> bool:
        """The item passes: quorum met and yes strictly above the majority of its base."""
        if not self.quorum_met(present, total):
            return False
        return Fraction(yes) > self.majority * self.majority_base_count(present, total)


RULES: dict[str, Rule] = {
    r.code: r
    for r in [
        Rule(
            "congress",
            _("Workers' or teachers' congress (职代会/教代会)"),
            quorum=Fraction(2, 3),
            majority=Fraction(1, 2),
            majority_base=BASE_TOTAL,
            source="企业民主管理规定（总工发〔2012〕12号）；学校教职工代表大会规定（教育部令第32号）",
            summary=_(
                "At least 2/3 of all representatives present; a motion passes with more "
                "than half of ALL representatives, not of those present."
            ),
        ),
        Rule(
            "election",
            _("Union election (工会选举)"),
            quorum=Fraction(2, 3),
            majority=Fraction(1, 2),
            majority_base=BASE_TOTAL,
            source="工会基层组织选举工作条例（总工发〔2016〕27号）",
            summary=_(
                "At least 2/3 of those who should attend present; a candidate is elected "
                "with more than half of those who should attend."
            ),
        ),
        Rule(
            "members_meeting",
            _("Members' meeting (会员大会)"),
            quorum=Fraction(2, 3),
            majority=Fraction(1, 2),
            majority_base=BASE_TOTAL,
            source="工会基层组织选举工作条例（总工发〔2016〕27号）；中华人民共和国工会法",
            summary=_(
                "At least 2/3 of all members present; a decision passes with more than "
                "half of ALL members (removing the chair needs the same)."
            ),
        ),
    ]
}


def get(code: str) -> Rule:
    try:
        return RULES[code]
    except KeyError:
        raise LookupError(f"unknown voting rule {code!r}") from None


RULE_CHOICES = [(r.code, r.name) for r in RULES.values()]


@dataclass(frozen=True)
class Elected:
    """The outcome for one candidate of an election."""

    item_id: int
    yes: int
    over_majority: bool  # more than half of those who should attend
    elected: bool
    tie: bool  # tied at the last seat: no one of the tied is elected, another round decides


def elect(
    rule: Rule, yes_by_item: dict[int, int], *, seats: int, present: int, total: int
) -> dict[int, Elected]:
    """Candidates elected: those over the majority, the most votes first, up to `seats`.

    When candidates tied on votes would together take more than the seats left, none of
    them is elected (选举条例: the remaining seats go to another round). `seats` 0 means
    every candidate over the majority is elected (an uncontested list, 等额).
    """
    quorum = rule.quorum_met(present, total)
    over = {i: quorum and rule.passes(y, present, total) for i, y in yes_by_item.items()}
    ranked = sorted((i for i in yes_by_item if over[i]), key=lambda i: -yes_by_item[i])
    elected: set[int] = set()
    tied: set[int] = set()
    if seats <= 0:
        elected = set(ranked)
    else:
        left = seats
        by_votes: dict[int, list[int]] = {}
        for i in ranked:
            by_votes.setdefault(yes_by_item[i], []).append(i)
        for votes in sorted(by_votes, reverse=True):
            group = by_votes[votes]
            if left <= 0:
                break
            if len(group) <= left:
                elected.update(group)
                left -= len(group)
            else:
                tied.update(group)
                break
    return {i: Elected(i, y, over[i], i in elected, i in tied) for i, y in yes_by_item.items()}
