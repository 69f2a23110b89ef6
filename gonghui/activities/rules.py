"""The self check-in window as data with its source, and the one function that applies it.

`checkin_window` is what every door asks: the service refuses a check-in outside it, the
member's check-in page shows the 我已到场 button only inside it (and says otherwise why,
with the window's real times), and the cadres' detail, the member's sign-up page and the
printed check-in code display the window it computes. Nobody recomputes the times.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from .models import Activity, Status


@dataclass(frozen=True)
class CheckinRule:
    """Self check-in by QR code runs from `early` before the start to `late` after the end."""

    early: dt.timedelta
    late: dt.timedelta
    source: str


CHECKIN = CheckinRule(
    early=dt.timedelta(hours=1),
    late=dt.timedelta(hours=2),
    source=(
        "本系统约定（非上级文件规定）：活动开始前1小时起可扫码签到，结束后2小时止——"
        "早到的会员进门即可签到，离场时扫码的也能签上；逾时请组织者在签到表上补记"
    ),
)

# Check-in is refused outright for these, whatever the time.
NO_CHECKIN = (Status.DRAFT, Status.ARCHIVED)


class Phase:
    NOT_YET = "not_yet"
    OPEN = "open"
    CLOSED = "closed"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class CheckinWindow:
    """When the activity's check-in opens and closes, and where `now` stands."""

    opens_at: dt.datetime
    closes_at: dt.datetime
    phase: str
    now: dt.datetime

    @property
    def is_open(self) -> bool:
        return self.phase == Phase.OPEN

    @property
    def reason(self) -> str:
        """Why check-in is not possible now, for the member ("" while it is open)."""
        if self.phase == Phase.UNAVAILABLE:
            return _("Check-in is not possible for this activity.")
        if self.phase == Phase.NOT_YET:
            return _("Check-in has not opened yet: it opens at %(time)s.") % {
                "time": self._moment(self.opens_at)
            }
        if self.phase == Phase.CLOSED:
            return _("Check-in has closed: it closed at %(time)s.") % {
                "time": self._moment(self.closes_at)
            }
        return ""

    def _moment(self, when: dt.datetime) -> str:
        """HH:MM on the day itself, with the date on any other day."""
        local = timezone.localtime(when)
        if local.date() == timezone.localtime(self.now).date():
            return date_format(local, "H:i")
        return date_format(local, "n月j日 H:i")


def checkin_window(activity: Activity, now: dt.datetime | None = None) -> CheckinWindow:
    """The check-in window of `activity` (rule CHECKIN) and whether it is open at `now`."""
    now = now or timezone.now()
    opens_at = activity.starts_at - CHECKIN.early
    closes_at = activity.ends_at + CHECKIN.late
    if activity.status in NO_CHECKIN:
        phase = Phase.UNAVAILABLE
    elif now < opens_at:
        phase = Phase.NOT_YET
    elif now > closes_at:
        phase = Phase.CLOSED
    else:
        phase = Phase.OPEN
    return CheckinWindow(opens_at=opens_at, closes_at=closes_at, phase=phase, now=now)
