"""The workers' congress in a real browser, as a new user would try it: a cadre sets up a
term and picks its representatives, plans and opens a session and shows its sign-in code;
a representative scans it on a phone, signs in and submits a proposal from the phone;
the cadre's session page shows the quorum moving."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, clear_url_caches, reverse

from .conftest import PHONE

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def go_routes(settings):
    """The QR landing route, when gonghui/urls.py does not mount it yet."""
    try:
        reverse("democracy_go:signin")
    except NoReverseMatch:
        settings.ROOT_URLCONF = "tests.democracy.urls_with_go"
        clear_url_caches()
    yield
    clear_url_caches()


def no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def test_a_term_a_session_a_phone_sign_in_and_a_proposal(
    app, browser, page, log_in, screenshot, csp_violations
):
    from gonghui.orgs.demo import PASSWORD

    # -- the cadre sets up a new term and picks representatives --------------------------
    log_in("school_chair")
    page.goto(f"{app}/o/S0001/democracy/")
    page.click("#congress-create")
    page.fill("#id_term_number", "6")
    page.fill("#id_start_date", "2029-03-01")
    page.fill("#id_end_date", "2034-02-28")
    with page.expect_navigation():
        page.click("#congress-form button[type=submit]")
    assert "第六届教职工代表大会" in page.inner_text("#congress-title")
    page.click("#add-representatives")
    page.fill("#member-search input[name=q]", "wang")
    with page.expect_navigation():
        page.click("#member-search button[type=submit]")
    boxes = page.locator("input[name=members]")
    assert boxes.count() >= 3
    for i in range(3):
        boxes.nth(i).check()
    page.check("#id_teacher")
    with page.expect_navigation():
        page.click("#representatives-save")
    assert page.locator("#representatives tbody tr").count() == 3
    # Three representatives for ~400 staff: the count check fails, shown as such.
    assert page.get_attribute('[data-check="count"]', "data-passed") == "fail"
    assert page.get_attribute('[data-check="teachers"]', "data-passed") == "pass"
    screenshot("democracy-new-term")

    # -- a session of the running term, opened, with its sign-in code ------------------------
    page.goto(f"{app}/o/S0001/democracy/")
    page.click("#congress-list a:has-text('第五届')")
    page.click("#session-create")
    page.fill("#id_place", "学校报告厅")
    with page.expect_navigation():
        page.click("#session-form button[type=submit]")
    with page.expect_navigation():
        page.click("#session-open")
    assert page.inner_text("#quorum-present").strip() == "0 / 40"
    session_url = page.url
    page.click("#signin-code")
    assert page.locator("#signin-qr").is_visible()
    signin_url = page.inner_text("#signin-url").strip()
    assert "/go/democracy/signin/?t=" in signin_url
    screenshot("democracy-signin-code")

    # -- the representative scans it on a phone ----------------------------------------------
    phone = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    phone.set_default_timeout(15_000)
    p = phone.new_page()
    try:
        p.goto(signin_url)  # not logged in: the login page first, then back to the code
        p.fill("#id_username", "member")
        p.fill("#id_password", PASSWORD)
        with p.expect_navigation():
            p.click("main form button[type=submit]")
        p.wait_for_selector("#signin-button")
        assert "/o/S0001-G01/democracy/me/signin/" in p.url
        no_horizontal_scroll(p)
        with p.expect_navigation():
            p.click("#signin-button")
        assert p.locator("#signed-in").is_visible()
        p.screenshot(path=str(_shot("democracy-phone-signed-in")), full_page=True)

        # -- and drafts a proposal from the phone ---------------------------------------------
        p.goto(f"{app}/o/S0001-G01/democracy/me/")
        assert "第五届教职工代表大会" in p.inner_text("#my-seat")
        p.click("#proposal-new")
        p.fill("#id_title", "关于延长图书馆开放时间的建议")
        p.fill("#id_body", "建议晚自习期间开放图书馆，方便教师查阅资料。")
        with p.expect_navigation():
            p.click("#proposal-save")
        assert "关于延长图书馆开放时间的建议" in p.inner_text("#proposal-title")
        no_horizontal_scroll(p)
        p.screenshot(path=str(_shot("democracy-phone-proposal")), full_page=True)
        # Submitting without co-signers is refused with the rule in the message.
        with p.expect_navigation():
            p.click("#proposal-submit")
        assert "附议" in p.inner_text("main")
    finally:
        phone.close()

    # -- the cadre sees the attendance on the session page ---------------------------------------
    page.goto(session_url)
    assert page.inner_text("#quorum-present").strip() == "1 / 40"
    assert page.get_attribute("#quorum-state", "data-met") == "0"
    screenshot("democracy-session")
    assert not csp_violations()


def _shot(name: str):
    from .conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
