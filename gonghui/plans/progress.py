"""How far a task is, computed from its evidence (issue #4: "evidence, not ticks").

A task's span is its months (or its term's months, or the whole year). Its recurrence says
how many records each period needs:
- per month, n times: every month of the span is a period (每月一次 from March to December
  has 10 periods; 7 months with a record is 7/10);
- per quarter / per term / per year: the span's quarters, its school terms (Feb–Jul and
  Sep–Jan), or the year as one period needing n records (一年两次 → one period of 2);
- per week, n times: counted per month as 4 × n records (plans say 每周 loosely);
- no recurrence: one record anywhere in the span completes the task.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    label: str
    months: tuple[int, ...]
    needed: int
    found: int

    @property
    def done(self) -> bool:
        return self.found >= self.needed


@dataclass(frozen=True)
class Progress:
    periods: tuple[Period, ...]
    unit: str  # "month", "quarter", "term", "year", "once"

    @property
    def done(self) -> int:
        return sum(1 for p in self.periods if p.done)

    @property
    def total(self) -> int:
        return len(self.periods)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def label(self) -> str:
        if self.unit == "month":
            return _("%(done)s of %(total)s months") % {"done": self.done, "total": self.total}
        if self.unit == "once" or self.total == 1:
            found = self.periods[0].found if self.periods else 0
            needed = self.periods[0].needed if self.periods else 1
            return _("%(found)s of %(needed)s records") % {
                "found": min(found, needed),
                "needed": needed,
            }
        return _("%(done)s of %(total)s periods") % {"done": self.done, "total": self.total}

    def is_covered(self, month: int) -> bool:
        """Whether the period containing `month` already has its records."""
        return any(p.done for p in self.periods if month in p.months)


def _quarters(span):
    for q in range(4):
        months = tuple(m for m in span if q * 3 < m <= q * 3 + 3)
        if months:
            yield f"Q{q + 1}", months


def _terms(span):
    spring = tuple(m for m in span if 2 <= m <= 7)
    autumn = tuple(m for m in span if m >= 9 or m == 1)
    if spring:
        yield _("Spring term"), spring
    if autumn:
        yield _("Autumn term"), autumn


def compute(span: list[int], recurrence: dict | None, dates: list[dt.date]) -> Progress:
    """Progress of a task spanning `span` months with evidence dated `dates`."""
    per_month: dict[int, int] = {}
    for d in dates:
        per_month[d.month] = per_month.get(d.month, 0) + 1

    def found(months) -> int:
        return sum(per_month.get(m, 0) for m in months)

    per = (recurrence or {}).get("per")
    times = max(1, int((recurrence or {}).get("times") or 1))
    if per in ("month", "week"):
        needed = times * (4 if per == "week" else 1)
        periods = tuple(
            Period(_("Month %(m)s") % {"m": m}, (m,), needed, found((m,))) for m in span
        )
        return Progress(periods, "month")
    if per == "quarter":
        periods = tuple(Period(label, ms, times, found(ms)) for label, ms in _quarters(span))
        return Progress(periods, "quarter")
    if per == "term":
        periods = tuple(Period(label, ms, times, found(ms)) for label, ms in _terms(span))
        return Progress(periods, "term")
    needed = times if per == "year" else 1
    return Progress(
        (Period(_("Year"), tuple(span), needed, found(span)),), "year" if per else "once"
    )


def recurrence_label(recurrence: dict | None) -> str:
    if not recurrence:
        return ""
    per = {
        "month": _("a month"),
        "week": _("a week"),
        "quarter": _("a quarter"),
        "term": _("a term"),
        "year": _("a year"),
    }.get(recurrence.get("per"), "")
    times = int(recurrence.get("times") or 1)
    text = _("%(times)s× %(per)s") % {"times": times, "per": per}
    if recurrence.get("at_least"):
        text = _("at least %(text)s") % {"text": text}
    return text
