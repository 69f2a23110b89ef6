"""No internal code on the pages people read, in a real browser (#13 §4).

A chair and a member open their key pages at 1366px and at 375px; the text the browser
shows (`document.body.innerText`, which leaves out what is hidden at that width) goes
through the same scan as the test-client walk in tests/core/test_no_codes_on_pages.py:
no dotted code, no ISO timestamp, no True/False/None, no Python list, no word in Latin
letters outside the allow list. Screenshots of the audit log, a history, the dashboard's
recent changes and the roles page go to var/screenshots/no-codes/ (or $SHOTS) to be
looked at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gonghui.core.scoping import unscoped
from tests.core.test_no_codes_on_pages import findings

from .conftest import PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("SHOTS") or SCREENSHOTS / "no-codes")
DESKTOP = {"width": 1366, "height": 800}
SIZES = {"1366": DESKTOP, "375": PHONE}

# The visible text, without elements marked translate="no" (a login name, a key to type).
VISIBLE_TEXT = """() => {
  const data = [...document.querySelectorAll('[translate="no"]')];
  const shown = data.map((e) => e.style.display);
  data.forEach((e) => { e.style.display = "none"; });
  const text = document.body.innerText;
  data.forEach((e, i) => { e.style.display = shown[i]; });
  return text;
}"""


def member_with_history(org_code: str) -> int:
    """The member of the union whose record was changed most often, among those without a
    login: a login name (member, school_chair) is the person's own data in Latin letters,
    shown on the record as typed."""
    from django.db.models import Count

    from gonghui.audit.models import AuditEntry
    from gonghui.members.models import Member

    with unscoped():
        with_login = [
            str(pk)
            for pk in Member._base_manager.filter(user__isnull=False).values_list("pk", flat=True)
        ]
        row = (
            AuditEntry.objects.filter(content_type__model="member", org__code__startswith=org_code)
            .exclude(object_id__in=with_login)
            .values("object_id")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
    return int(row["object_id"])


def hardship_file(org_code: str) -> int:
    from gonghui.welfare.models import HardshipFile

    with unscoped():
        return HardshipFile.objects.filter(org__code__startswith=org_code).order_by("pk").first().pk


def first_entry(page, app, org_code: str) -> str:
    page.goto(f"{app}/o/{org_code}/audit/")
    return page.locator("#audit-results tbody a").first.get_attribute("href")


def scan(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.ok, url
    return [f"{url}: {f}" for f in findings(page.evaluate(VISIBLE_TEXT))]


def shoot(page, name: str, selector: str | None = None) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    target = page.locator(selector) if selector else page
    if selector:
        target.scroll_into_view_if_needed()
        target.screenshot(path=str(SHOTS / f"{name}.png"))
    else:
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def logged_in(browser, app, username: str, size: str):
    """A page of a new browser context of that width, logged in as the persona."""
    from gonghui.orgs.demo import PASSWORD

    context = browser.new_context(viewport=SIZES[size], locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{app}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    return context, page


# One test per persona, both widths in it: each live-server test reloads the demo data.
def test_the_chairs_pages_show_words_not_codes(browser, app):
    base = f"{app}/o/S0001"
    member, case = member_with_history("S0001"), hardship_file("S0001")
    problems = []
    for size in SIZES:
        context, page = logged_in(browser, app, "school_chair", size)
        try:
            problems += scan(page, f"{base}/")
            shoot(page, f"dashboard-recent-{size}", "#card-recent")
            problems += scan(page, f"{base}/audit/")
            shoot(page, f"audit-log-{size}")
            problems += scan(page, app + first_entry(page, app, "S0001"))
            shoot(page, f"audit-entry-{size}")
            problems += scan(page, f"{base}/members/{member}/")
            shoot(page, f"member-history-{size}", "#history")
            problems += scan(page, f"{base}/welfare/cases/{case}/")
            shoot(page, f"case-history-{size}", "#history")
            problems += scan(page, f"{base}/roles/")
            shoot(page, f"roles-{size}")
            for path in ("members/statistics/", "members/", "openness/", "voting/", "plans/"):
                problems += scan(page, f"{base}/{path}")
            problems += scan(page, f"{app}/accounts/me/")
        finally:
            context.close()
    assert not problems, "\n".join(problems)


def test_the_members_pages_show_words_not_codes(browser, app):
    base = f"{app}/o/S0001-G01"
    problems = []
    for size in SIZES:
        context, page = logged_in(browser, app, "member", size)
        try:
            for path in ("", "members/me/", "activities/mine/", "voting/mine/", "openness/"):
                problems += scan(page, f"{base}/{path}")
            problems += scan(page, f"{app}/accounts/me/")
            shoot(page, f"member-account-{size}")
        finally:
            context.close()
    assert not problems, "\n".join(problems)
