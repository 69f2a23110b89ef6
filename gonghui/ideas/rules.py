"""The rules of rationalisation proposals (合理化建议/金点子), as data with their source.

domain.md §10 [B]: submit (person or group) → 立项/初审 → 转办 to a department → expert
复审 by 群众性, 创新性, 实用性, 效益性 → adopt / trial / file / reject with reasons to the
proposer → implement → verify the value created (节创价值, 万元) → reward → feedback.
Costs and prizes book to 50301 [A: 工会会计制度]. The criteria's weights, the
department's answer time and how long its link stays valid are not given by any text we
hold [C]: defaults here, named as such.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

SOURCE_CYCLE = "domain.md §10 [B] (合理化建议/金点子 cycle)"
SOURCE_BOOKS = "工会会计制度 财会〔2021〕7号, domain.md §10 [A]: 50301 劳动和技能竞赛"
SOURCE_DEFAULT = "no text held: a default [C]"


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    weight: Decimal  # share of the weighted score; the weights add up to 1
    max_points: int  # a reviewer gives 0..max_points
    source: str


# 群众性, 创新性, 实用性, 效益性 (domain.md §10); the weights are a default [C].
CRITERIA: tuple[Criterion, ...] = (
    Criterion("mass", _("Broad participation (群众性)"), Decimal("0.20"), 10, SOURCE_DEFAULT),
    Criterion("novelty", _("Innovation (创新性)"), Decimal("0.25"), 10, SOURCE_DEFAULT),
    Criterion("practical", _("Practicality (实用性)"), Decimal("0.25"), 10, SOURCE_DEFAULT),
    Criterion("benefit", _("Benefit (效益性)"), Decimal("0.30"), 10, SOURCE_DEFAULT),
)
CRITERIA_KEYS = tuple(c.key for c in CRITERIA)
assert sum(c.weight for c in CRITERIA) == 1


def weighted_score(scores: dict[str, int]) -> Decimal:
    """The weighted score out of 100 of one reviewer's points per criterion."""
    total = Decimal("0")
    for c in CRITERIA:
        points = scores.get(c.key)
        if points is None:
            raise ValueError(f"missing score for {c.key}")
        if not 0 <= int(points) <= c.max_points:
            raise ValueError(f"score of {c.key} out of range")
        total += Decimal(int(points)) / c.max_points * 100 * c.weight
    return total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# The outcomes of the expert review (domain.md §10: adopt / trial / file / reject).
OUTCOME_ADOPT, OUTCOME_TRIAL, OUTCOME_LATER, OUTCOME_REJECT = "adopt", "trial", "later", "reject"
OUTCOMES = (
    (OUTCOME_ADOPT, _("Adopt (采纳)")),
    (OUTCOME_TRIAL, _("Adopt on trial (试行)")),
    (OUTCOME_LATER, _("Keep for later (留存备用)")),
    (OUTCOME_REJECT, _("Not adopted (不采纳)")),
)
# Counted as adopted in the adoption rate (采纳率) and carried on to implementation.
ADOPTING = frozenset({OUTCOME_ADOPT, OUTCOME_TRIAL})
# The proposer is told why (domain.md §10: "reject with reasons to the proposer").
NEEDS_REASON = frozenset({OUTCOME_LATER, OUTCOME_REJECT})

# The department's answer is due this many days after the idea is sent [C].
ANSWER_DAYS = 15
# Its link keeps working this long after the deadline (a late answer is still an
# answer, and is flagged late) [C].
LINK_GRACE_DAYS = 30

# Where a reward is booked: 50301 (劳动和技能竞赛) [A].
REWARD_ACCOUNT = "50301"
# domain.md gives no reward tiers: the committee types the amount.
REWARD_TIERS: tuple = ()

# What the department's page shows of the proposer: domain.md says nothing about it, so
# nothing (the idea is judged on its merits; the union knows who proposed it).
SHOW_PROPOSER_TO_DEPARTMENT = False


def default_deadline(sent_on: dt.date) -> dt.date:
    return sent_on + dt.timedelta(days=ANSWER_DAYS)


def link_expiry(deadline: dt.date) -> dt.date:
    """The last day the department's link works."""
    return deadline + dt.timedelta(days=LINK_GRACE_DAYS)


def rate(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """`part` of `whole` in per cent with one decimal; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def per_capita(count: int, members: int) -> Decimal | None:
    """Ideas per member (人均件数), two decimals."""
    if not members:
        return None
    return (Decimal(count) / Decimal(members)).quantize(Decimal("0.01"), ROUND_HALF_UP)
