"""Activities in a real browser: a member signs up and checks in on a phone; the cadre's
sign-in sheet, check-in code and statistics (charts drawn by the static script)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from gonghui.core.scoping import unscoped

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

ME = "/o/S0001-G01/activities"


def no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def demo_activity(title: str):
    from gonghui.activities.models import Activity

    with unscoped():
        return Activity.objects.select_related("org").get(title=title)


def the_member():
    from gonghui.members.models import Member

    with unscoped():
        return Member.objects.select_related("org").get(user__username="member")


def running_activity_with(member):
    """A school activity under way, the member holding a place."""
    from gonghui.activities import services
    from gonghui.activities.models import Activity
    from gonghui.audit.context import acting
    from gonghui.orgs.models import Organisation

    now = timezone.now()
    with unscoped(), acting(source="system"):
        a = Activity(
            org=Organisation.objects.get(code="S0001"),
            title="教职工健康知识讲座",
            kind="lecture",
            starts_at=now - dt.timedelta(minutes=10),
            ends_at=now + dt.timedelta(hours=2),
            signup_opens_at=now - dt.timedelta(days=7),
            signup_closes_at=now - dt.timedelta(days=1),
            place="学校报告厅",
            quota=100,
            status="in_progress",
        )
        a.save()
        services.signup_create(actor=None, activity=a, member=member, source="cadre")
    return a


@pytest.mark.parametrize("viewport", [PHONE], ids=["375px"])
def test_member_signs_up_on_a_phone_and_cancels(
    page, app, log_in, screenshot, csp_violations, viewport
):
    a = demo_activity("迎新年教职工趣味运动会")  # open, family members welcome
    log_in("member")
    page.goto(f"{app}{ME}/mine/")
    item = page.locator(f'#open-activities a[data-activity="{a.pk}"]')
    assert a.title in item.inner_text()
    no_horizontal_scroll(page)
    screenshot("activities-01-phone-open-to-me")

    with page.expect_navigation():
        item.click()
    page.wait_for_url(re.compile(rf"{ME}/{a.pk}/signup/$"))
    assert a.title in page.locator("#activity-title").inner_text()
    page.fill("#id_family_count", "1")
    page.fill("#id_family_names", "郑小宝")
    no_horizontal_scroll(page)
    screenshot("activities-02-phone-signup-form")
    with page.expect_navigation():
        page.click("#signup-button")
    assert "报名成功" in page.locator("#state-text").inner_text()
    no_horizontal_scroll(page)
    screenshot("activities-03-phone-signed-up")

    from gonghui.activities.models import Signup

    with unscoped():
        s = Signup.objects.get(activity=a, member=the_member())
    assert (s.state, s.family_count, s.family_names, s.source) == (
        "confirmed",
        1,
        "郑小宝",
        "self",
    )

    page.once("dialog", lambda d: d.accept())  # "Cancel your sign-up?"
    with page.expect_navigation():
        page.click("#cancel-button")
    assert page.locator("#signup-button").is_visible()
    with unscoped():
        s.refresh_from_db()
    assert s.state == "cancelled"
    screenshot("activities-04-phone-cancelled")
    assert csp_violations() == [], page.console_messages


@pytest.mark.parametrize("viewport", [PHONE], ids=["375px"])
def test_member_checks_in_with_the_qr_code(page, app, log_in, screenshot, csp_violations, viewport):
    from gonghui.activities import services
    from gonghui.activities.models import Signup

    member = the_member()
    a = running_activity_with(member)
    token = services.checkin_token(a)
    log_in("member")
    # What the check-in code on the wall opens (the organiser's code's URL falls back to
    # the member's own organisation when /go/ is not mounted).
    page.goto(f"{app}{ME}/checkin/?t={token}")
    assert a.title in page.locator("#activity-title").inner_text()
    no_horizontal_scroll(page)
    screenshot("activities-05-phone-checkin-confirm")
    with page.expect_navigation():
        page.click("#checkin-button")
    assert "已签到" in page.locator("#checked-in").inner_text()
    no_horizontal_scroll(page)
    screenshot("activities-06-phone-checked-in")
    with unscoped():
        s = Signup.objects.get(activity=a, member=member)
    assert s.checked_in_at is not None and s.checkin_method == "qr"

    page.goto(f"{app}{ME}/mine/")
    assert "已参加" in page.locator("#my-signups").inner_text()
    screenshot("activities-07-phone-my-signups")
    assert csp_violations() == [], page.console_messages


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_cadre_sheet_code_and_statistics(page, app, log_in, screenshot, csp_violations, viewport):
    member = the_member()
    a = running_activity_with(member)
    log_in("school_cadre")
    page.goto(f"{app}/o/S0001/activities/{a.pk}/checkin-code/")
    assert page.locator("#checkin-qr").is_visible()
    screenshot("activities-08-checkin-code", full_page=False)

    page.goto(f"{app}/o/S0001/activities/{a.pk}/sheet/")
    page.check('input[name="present"][value]')
    with page.expect_navigation():
        page.click("#sheet-form button[type=submit]")
    screenshot("activities-09-sheet")
    from gonghui.activities.models import Signup

    with unscoped():
        assert Signup.objects.get(activity=a, member=member).checkin_method == "sheet"

    page.goto(f"{app}/o/S0001/activities/statistics/?year=2026")
    page.wait_for_selector("#chart-months svg")
    page.wait_for_selector("#chart-groups svg")
    assert int(page.locator("#stat-activities").inner_text()) >= 5
    screenshot("activities-10-statistics")
    assert csp_violations() == [], page.console_messages
