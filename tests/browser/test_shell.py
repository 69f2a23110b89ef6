"""The shell in a real browser: log in, switch organisation, the layout on a phone."""

from __future__ import annotations

import re

import pytest

from .conftest import PHONE

pytestmark = pytest.mark.browser

SCHOOL = "示范区实验中学工会"
INTERNAL = "内科分会"


def dashboard_heading(page) -> str:
    return page.locator("main h1").first.inner_text()


def test_log_in_and_switch_organisation(page, app, log_in, screenshot, csp_violations):
    log_in("multi")
    # multi is a cadre of the school union and chair of the internal medicine branch; the
    # home page sends them to the first of their organisations.
    page.wait_for_url(re.compile(r"/o/S0001/$"))
    assert SCHOOL in dashboard_heading(page)
    switcher = page.locator("#org-switcher")
    assert switcher.is_visible()
    assert SCHOOL in switcher.inner_text()
    screenshot("01-multi-dashboard-school")

    switcher.click()
    item = page.locator('[data-org-code="H0001-B01"]')
    item.wait_for(state="visible")
    screenshot("02-multi-switcher-open", full_page=False)
    with page.expect_navigation():
        item.click()
    page.wait_for_url(re.compile(r"/o/H0001-B01/$"))
    assert INTERNAL in dashboard_heading(page)
    assert INTERNAL in page.locator("#org-switcher").inner_text()
    screenshot("03-multi-dashboard-branch")

    # The home page now remembers the organisation last worked in.
    page.goto(f"{app}/")
    page.wait_for_url(re.compile(r"/o/H0001-B01/$"))
    assert csp_violations() == []


@pytest.mark.parametrize("viewport", [PHONE], ids=["375px"])
def test_the_shell_on_a_phone(page, app, log_in, screenshot, csp_violations, viewport):
    def no_horizontal_scroll():
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{page.url} is {width}px wide"

    page.goto(f"{app}/accounts/login/")
    no_horizontal_scroll()
    screenshot("04-phone-login")

    log_in("multi")
    page.wait_for_url(re.compile(r"/o/S0001/$"))
    toggler = page.locator("button.navbar-toggler")
    assert toggler.is_visible()
    # The navbar is collapsed: the switcher and the sidebar are hidden.
    assert not page.locator("#gh-nav").is_visible()
    assert not page.locator("#org-switcher").is_visible()
    assert not page.locator("aside.gh-sidebar").is_visible()
    no_horizontal_scroll()
    screenshot("05-phone-dashboard")

    toggler.click()
    switcher = page.locator("#org-switcher")
    switcher.wait_for(state="visible")
    # Wait for the menu to finish opening: a click while it still slides open can land
    # on a moving switcher and open nothing (the menu grew with 财务 and 会费).
    page.locator("#gh-nav.collapse.show").wait_for()
    # The module links of the sidebar are in the menu instead.
    assert page.locator("#gh-nav .navbar-nav a.nav-link").first.is_visible()
    switcher.click()
    item = page.locator('[data-org-code="H0001-B01"]')
    item.wait_for(state="visible")
    no_horizontal_scroll()
    screenshot("06-phone-menu-open")
    with page.expect_navigation():
        item.click()
    page.wait_for_url(re.compile(r"/o/H0001-B01/$"))
    assert INTERNAL in dashboard_heading(page)
    assert not page.locator("#gh-nav").is_visible()
    no_horizontal_scroll()
    screenshot("07-phone-dashboard-branch")

    # Pages with tables scroll inside their own box, never the page.
    for path in ("/o/H0001-B01/orgs/", "/o/H0001-B01/roles/"):
        page.goto(f"{app}{path}")
        no_horizontal_scroll()
    screenshot("08-phone-roles")
    assert csp_violations() == []
