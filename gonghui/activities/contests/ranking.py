"""The contest ranking rule, as a pure function (no database).

The usual rule of union contests: with three judges or more, each entrant's highest and
lowest score are dropped (one of each, however many judges gave them) and the rest are
averaged; with one or two judges it is the plain mean. The final score is rounded to two
places (half up), and equal final scores share a rank, the next rank skipping (1, 1, 3).
An entrant is ranked only once every judge has scored them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Ranked:
    key: object
    final: Decimal | None  # None: not every judge has scored yet
    rank: int | None
    dropped: tuple[Decimal, ...] = ()


def final_score(values: Sequence[Decimal]) -> tuple[Decimal, tuple[Decimal, ...]]:
    """(final score, the scores dropped) of one entrant's complete scores."""
    if not values:
        raise ValueError("no scores")
    values = sorted(Decimal(v) for v in values)
    dropped: tuple[Decimal, ...] = ()
    if len(values) >= 3:
        dropped = (values[0], values[-1])
        values = values[1:-1]
    mean = sum(values, Decimal(0)) / len(values)
    return mean.quantize(CENT, rounding=ROUND_HALF_UP), dropped


def rank(scores: Mapping[object, Sequence[Decimal]], judges: int) -> list[Ranked]:
    """Rank entrants from their scores ({entrant: [score, ...]}) given the number of
    judges. Ranked entrants first (best first, ties in the given order), then the unranked."""
    done, pending = [], []
    for key, values in scores.items():
        if judges > 0 and len(values) >= judges:
            final, dropped = final_score(values)
            done.append((key, final, dropped))
        else:
            pending.append(key)
    done.sort(key=lambda r: -r[1])  # stable: ties keep the given order
    out: list[Ranked] = []
    previous, previous_rank = None, 0
    for i, (key, final, dropped) in enumerate(done, start=1):
        r = previous_rank if final == previous else i
        out.append(Ranked(key, final, r, dropped))
        previous, previous_rank = final, r
    out += [Ranked(key, None, None) for key in pending]
    return out
