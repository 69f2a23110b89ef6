"""The member's check-in page on a 375px phone after the window closed (issue #13 §7): no
我已到场 button, the reason with the moment check-in closed, the window as the rule has it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from .conftest import PHONE
from .test_activities import no_horizontal_scroll, running_activity_with, the_member

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots")  # noqa: S108 - where the reviewer looks at the screenshot


def ended_activity_with(member):
    """The school lecture of test_activities, the member holding a place, moved to have
    ended three hours ago (nobody pressed Finish): check-in closed an hour ago."""
    from gonghui.activities.models import Activity

    a = running_activity_with(member)
    now = timezone.now()
    moved = {"starts_at": now - dt.timedelta(hours=5), "ends_at": now - dt.timedelta(hours=3)}
    Activity._base_manager.filter(pk=a.pk).update(**moved)
    a.refresh_from_db()
    return a


@pytest.mark.parametrize("viewport", [PHONE], ids=["375px"])
def test_check_in_closed_on_a_phone(page, app, log_in, csp_violations, viewport):
    from gonghui.activities import services
    from gonghui.activities.rules import checkin_window

    a = ended_activity_with(the_member())
    closes = timezone.localtime(checkin_window(a).closes_at).strftime("%H:%M")
    log_in("member")
    page.goto(f"{app}/o/S0001-G01/activities/checkin/?t={services.checkin_token(a)}")
    assert a.title in page.locator("#activity-title").inner_text()
    assert page.locator("#checkin-button").count() == 0
    assert "我已到场" not in page.locator("main, body").first.inner_text()
    text = page.locator("#checkin-reason").inner_text()
    assert text.startswith("签到已结束") and closes in text
    assert page.locator("#checkin-window").inner_text().endswith(closes)
    no_horizontal_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "activities-checkin-closed-375.png"), full_page=True)
    assert csp_violations() == [], page.console_messages
