"""A union officer adds a committee seat through the page, in a real browser."""

from __future__ import annotations

import re

import pytest

from gonghui.core.scoping import unscoped

pytestmark = pytest.mark.browser

NEW_MEMBER = "欧阳晓雯"


def school_term_id() -> int:
    from gonghui.orgs.models import CommitteeTerm

    with unscoped():
        return CommitteeTerm.objects.get(org__code="S0001", number=5).pk


def test_add_a_committee_seat(page, app, log_in, screenshot, csp_violations):
    term_id = school_term_id()
    log_in("school_chair")
    url = f"{app}/o/S0001/orgs/committee/{term_id}/"
    page.goto(url)
    table = page.locator("main table").first  # the seats; the history table follows
    assert "李红梅" in table.inner_text()
    assert NEW_MEMBER not in table.inner_text()

    page.locator("details summary").click()
    form = page.locator(f'form[action$="/committee/{term_id}/seats/new/"]')
    form.wait_for(state="visible")
    form.locator('[name="person_name"]').fill(NEW_MEMBER)
    form.locator('[name="position"]').select_option("member")
    form.locator('[name="portfolio"]').select_option("propaganda")
    form.locator('[name="order"]').fill("20")
    screenshot("09-committee-seat-form")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    page.wait_for_url(re.compile(rf"/o/S0001/orgs/committee/{term_id}/$"))
    assert page.locator("#messages .alert-success").is_visible()
    row = page.locator("main table").first.locator("tbody tr", has_text=NEW_MEMBER)
    assert row.count() == 1
    screenshot("10-committee-seat-added")

    from gonghui.orgs.models import CommitteeSeat

    with unscoped():
        seat = CommitteeSeat.objects.get(term_id=term_id, person_name=NEW_MEMBER)
    assert seat.position == "member"
    assert seat.portfolio == "propaganda"
    assert csp_violations() == [], page.console_messages
