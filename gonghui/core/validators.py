"""Bounds on what people type, shared by the models, forms and API serializers.

A date field of a union's records takes whatever the widget sends: 0001-01-01 or 2999-12-31
were stored, then broke reports and the year pages. Records of real work fall between the
platform's earliest year and a few years ahead (a plan, a booked visit, a contract's end).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .params import YEAR_MAX, YEAR_MIN

EARLIEST = dt.date(YEAR_MIN, 1, 1)
# The largest value of a PostgreSQL smallint (PositiveSmallIntegerField).
SMALLINT_MAX = 32767


@deconstructible
class DateRangeValidator:
    """A date (or a datetime) from `earliest` to the end of the year `years_ahead` years
    after this one, or, when `latest_year` is given, to the end of that year (a fixed
    bound, for calendars)."""

    def __init__(
        self,
        earliest: dt.date = EARLIEST,
        years_ahead: int | None = 5,
        latest_year: int | None = None,
    ):
        self.earliest = earliest
        self.years_ahead = years_ahead if latest_year is None else None
        self.latest_year = latest_year

    def latest(self) -> dt.date:
        if self.latest_year is not None:
            return dt.date(self.latest_year, 12, 31)
        # To the end of a year, so the bound reads plainly and moves once a year.
        return dt.date(timezone.localdate().year + self.years_ahead, 12, 31)

    def __call__(self, value) -> None:
        if value is None:
            return
        day = value.date() if isinstance(value, dt.datetime) else value
        latest = self.latest()
        if not self.earliest <= day <= latest:
            raise ValidationError(
                _("Give a date from %(earliest)s to %(latest)s."),
                code="date_out_of_range",
                params={"earliest": self.earliest.isoformat(), "latest": latest.isoformat()},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, DateRangeValidator) and (
            self.earliest,
            self.years_ahead,
            self.latest_year,
        ) == (other.earliest, other.years_ahead, other.latest_year)

    def __hash__(self) -> int:
        return hash((self.earliest, self.years_ahead, self.latest_year))


# Ledger entries, visits and the other records of work done or planned shortly.
sensible_date = DateRangeValidator()
# Activities are planned by calendar year, within the years every year parameter accepts.
calendar_date = DateRangeValidator(latest_year=YEAR_MAX)
# A number stored in a PostgreSQL smallint (SQLite would store anything).
small_number = MaxValueValidator(SMALLINT_MAX)


def date_problem(value, validator: DateRangeValidator = sensible_date) -> str | None:
    """The message saying why `value` is out of range, or None: for services, which
    raise their own error type with it."""
    try:
        validator(value)
    except ValidationError as exc:
        return exc.messages[0]
    return None
