"""Next year's plan, drafted (#15 §7), in a real browser on the demo: the school's and the
factory's chairs open this year's plan from the menu, press 起草下一年计划, and find next
year's draft in the plan's sections, each task badged 延续/常规/新增 with why, filtered by
origin, ready to edit and accept."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.core.scoping import unscoped
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

BADGES = {"延续", "常规", "新增"}


def _draft_from_the_menu(page, app, username: str, code: str, screenshot=None):
    """Log in, open this year's plan from the menu, press the button; the draft's page."""
    from gonghui.plans.models import Plan

    year = dt.date.today().year
    page.goto(f"{app}/o/{code}/")
    page.locator(".gh-sidebar a[data-nav=plans]").click()
    page.wait_for_url(f"**/o/{code}/plans/**")
    with unscoped():
        plan = Plan.objects.get(org__code=code, year=year, status="accepted")
    with page.expect_navigation():
        page.locator("#plans-table a", has_text=plan.title).click()
    button = page.locator("#draft-next-year")
    assert button.inner_text().strip() == "起草下一年计划"
    if screenshot is not None:
        screenshot(f"plans-this-year-{code}", full_page=False)
    with page.expect_navigation():
        button.click()
    with unscoped():
        draft = Plan.objects.get(drafted_from=plan)
    assert page.url.endswith(f"/o/{code}/plans/{draft.pk}/")
    assert draft.year == year + 1 and str(year + 1) in page.locator("#plan-title").inner_text()
    assert page.locator("#plan-status").inner_text().startswith("草稿")
    return plan, draft


def _badges(page) -> list[str]:
    return [b.strip() for b in page.locator("#outline .gh-origin").all_inner_texts()]


@pytest.mark.parametrize(
    "username,code,new_words",
    [
        # The school's registered proposals still awaiting their answer.
        ("school_chair", "S0001", "提案"),
        # The factory: nothing new from its records this year; its 学雷锋 activity, held
        # outside the plan, recurs.
        ("factory_chair", "F0001", None),
    ],
)
def test_a_chair_drafts_next_years_plan_and_finds_each_task_badged(
    page, app, log_in, screenshot, csp_violations, username, code, new_words
):
    from gonghui.plans.models import Task

    log_in(username)
    plan, draft = _draft_from_the_menu(page, app, username, code, screenshot)
    assert (
        "已根据本年计划和工作记录起草下一年计划"
        in page.locator(".alert-success, .alert").first.inner_text()
    )
    assert page.locator("#drafted-from").get_by_text(plan.title).count() == 1

    badges = _badges(page)
    with unscoped():
        tasks = list(Task.objects.filter(plan=draft))
    assert len(badges) == len(tasks) > 0 and set(badges) <= BADGES
    assert {"延续", "常规"} <= set(badges)
    # Each task says where it comes from.
    assert page.locator("#outline .gh-origin-note").count() == len(tasks)
    assert page.locator("#outline").get_by_text(f"{plan.year}年已办").count() >= 1
    # The sections are this year's.
    with unscoped():
        assert [s.title for s in draft.sections.order_by("position")] == [
            s.title.replace(str(plan.year), str(draft.year))
            for s in plan.sections.order_by("position")
        ]
    screenshot(f"plans-draft-next-year-{code}")

    # The filter by origin.
    filter_bar = page.locator("#origin-filter")
    with page.expect_navigation():
        filter_bar.get_by_role("link", name="延续").click()
    assert set(_badges(page)) == {"延续"}
    assert page.locator("#outline").get_by_text(f"{plan.year}年未").count() >= 1
    screenshot(f"plans-draft-next-year-{code}-carried")
    with page.expect_navigation():
        filter_bar.get_by_role("link", name="新增").click()
    if new_words:
        assert set(_badges(page)) == {"新增"}
        assert page.locator("#outline").get_by_text(new_words).count() >= 1
        screenshot(f"plans-draft-next-year-{code}-new")
    else:
        assert _badges(page) == []
        assert "本计划中没有这一来源的任务。" in page.locator("#outline").inner_text()
    with page.expect_navigation():
        filter_bar.get_by_role("link", name="全部").click()
    assert len(_badges(page)) == len(tasks)

    # What was left out, and a task opened: its origin and last year's task.
    left_out = page.locator("#left-out")
    if left_out.count():
        left_out.locator("summary").click()
        screenshot(f"plans-draft-next-year-{code}-left-out", full_page=False)
    with page.expect_navigation():
        page.locator("#outline .gh-task-text").first.click()
    origin = page.locator("#task-origin")
    assert origin.locator(".badge").inner_text().strip() in BADGES
    screenshot(f"plans-draft-next-year-{code}-task", full_page=False)

    # Back on this year's plan, the button has become the way to the draft.
    page.goto(f"{app}/o/{code}/plans/{plan.pk}/")
    assert page.locator("#draft-next-year").count() == 0
    with page.expect_navigation():
        page.locator("#next-year-draft").click()
    assert page.url.endswith(f"/plans/{draft.pk}/")

    # On a phone the badges and the filter still fit.
    page.set_viewport_size(PHONE)
    page.reload()
    assert page.locator("#origin-filter").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    screenshot(f"plans-draft-next-year-{code}-phone", full_page=False)
    page.set_viewport_size(DESKTOP)

    # The cadres accept it through the plan's own button.
    with page.expect_navigation():
        page.locator("#accept-plan").click()
    assert page.locator("#plan-status").inner_text().startswith("已确认")
    assert csp_violations() == []
