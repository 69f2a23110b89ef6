"""The reviews a committee holds each year, as data with their source.

The budget, its adjustment and the final accounts are each reviewed by the committee
before the upper union approves them (domain.md §4.2 [B]: 2017 办法 Art.3 as quoted); an
adjustment happens only when the union adjusts, so it is not counted as due. Periodic
reviews beyond that, and whether the chair is audited on leaving office, are local [C]:
the union's settings (OversightSettings) say how many.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import ReviewKind


@dataclass(frozen=True)
class Required:
    kind: str
    per_year: int
    source: str


YEARLY: tuple[Required, ...] = (
    Required(ReviewKind.BUDGET, 1, "domain.md §4.2 [B]: 年初预算 → 经审会审查"),
    Required(ReviewKind.FINAL, 1, "domain.md §4.2 [B]: 年末决算 → 经审会审查"),
)
PERIODIC_MAX = 12  # monthly at most


def yearly_reviews(settings) -> list[tuple[str, int]]:
    """(kind, how many a year) the union's committee owes."""
    out = [(r.kind, r.per_year) for r in YEARLY]
    if settings.periodic_per_year:
        out.append((ReviewKind.PERIODIC, settings.periodic_per_year))
    return out
