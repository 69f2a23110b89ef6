"""Interest groups and contests in a real browser: a member judge scores on a phone, the
published results of the demo's speech contest, the leader's plan page, the group page."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.core.scoping import unscoped

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

ME = "/o/S0001-G01/activities"


def no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def open_contest_judged_by_member():
    from gonghui.accounts.models import User
    from gonghui.activities.contests import services as svc
    from gonghui.activities.models import Activity
    from gonghui.audit.context import acting
    from gonghui.members.models import Member
    from gonghui.orgs.models import Organisation
    from tests.activities.conftest import make_activity

    a = make_activity(kind="contest", status="in_progress", title="青年教师讲课比赛")
    with unscoped(), acting(source="system"):
        a = Activity.objects.get(pk=a.pk)
        c = svc.contest_create(actor=None, activity=a)
        school = Organisation.objects.get(code="S0001")
        for m in Member.objects.filter(
            org__path__startswith=school.path, user=None, status="active"
        ).order_by("-id")[:4]:
            svc.entrant_add(actor=None, contest=c, member=m)
        svc.judge_add(actor=None, contest=c, user=User.objects.get(username="member"))
    return c


@pytest.mark.parametrize("viewport", [PHONE], ids=["375px"])
def test_member_judge_scores_on_a_phone(page, app, log_in, screenshot, csp_violations, viewport):
    from gonghui.activities.models import Score

    c = open_contest_judged_by_member()
    log_in("member")
    page.goto(f"{app}{ME}/mine/")
    page.click(f"#judging a[href$='/contests/{c.pk}/score/']")
    no_horizontal_scroll(page)
    inputs = page.locator("#score-form input[type=number]")
    assert inputs.count() == 4
    inputs.nth(0).fill("8.5")
    inputs.nth(1).fill("9")
    screenshot("activities-contest-score-phone")
    with page.expect_navigation():
        page.click("#score-form button[type=submit]")
    with unscoped():
        assert sorted(Score.objects.filter(entrant__contest=c).values_list("value", flat=True)) == [
            Decimal("8.50"),
            Decimal("9.00"),
        ]
    assert inputs.nth(0).input_value() == "8.50"
    page.goto(f"{app}{ME}/mine/")
    page.click("#contest-results a")
    no_horizontal_scroll(page)
    assert page.locator("#ranking tbody tr").count() == 6
    screenshot("activities-contest-results-phone")
    page.goto(f"{app}{ME}/groups/led/")
    no_horizontal_scroll(page)
    assert "书法" in page.inner_text("main")
    screenshot("activities-groups-led-phone")
    assert csp_violations() == []


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_cadre_group_and_contest_pages(page, app, log_in, screenshot, csp_violations, viewport):
    from gonghui.activities.models import Contest, InterestGroup

    with unscoped():
        g = InterestGroup.objects.get(org__code="S0001", name="书法")
        c = Contest.objects.get(activity__title__contains="演讲比赛")
    log_in("school_chair")
    page.goto(f"{app}/o/S0001/activities/groups/")
    page.click(f"a[href$='/groups/{g.pk}/']")
    assert "3000.00" in page.inner_text("#spending")
    screenshot("activities-group-detail")
    page.goto(f"{app}/o/S0001/activities/contests/{c.pk}/")
    assert page.locator("#ranking tbody tr").count() == 6
    screenshot("activities-contest-detail")
    assert csp_violations() == []
