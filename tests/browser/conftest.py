"""Fixtures for end-to-end tests in headless Chromium (Playwright, sync API).

Debian's Chromium is used (`apt-get install chromium`), never a browser downloaded by
`playwright install`. Without it every browser test is skipped with a message saying so.
Run them with `make test-browser` or `pytest -m browser`.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# database access from it ("You cannot call this from an async context").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")

CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(settings.BASE_DIR).parent / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}


# One Playwright and one Chromium per test process, however many modules request the
# `browser` fixture (other test packages import these fixtures into their own modules,
# which makes pytest create one session fixture per importing module; a second
# sync_playwright() in the same thread would fail with "Sync API inside the asyncio loop").
_SHARED: dict = {}


def _close_shared() -> None:
    browser = _SHARED.pop("browser", None)
    playwright = _SHARED.pop("playwright", None)
    if browser is not None:
        browser.close()
    if playwright is not None:
        playwright.stop()


@pytest.fixture(scope="session")
def browser(request):
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM}: apt-get install -y chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    if "browser" not in _SHARED:
        _SHARED["playwright"] = sync_api.sync_playwright().start()
        _SHARED["browser"] = _SHARED["playwright"].chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        request.addfinalizer(_close_shared)
    return _SHARED["browser"]


@pytest.fixture
def app(live_server, demo):
    """The base URL of a live Gonghui with the demo data (re)loaded: live_server tests
    are transactional, so the database is emptied after each of them."""
    return live_server.url


@pytest.fixture
def viewport():
    """Overridden by tests that need another size (pytest.mark.parametrize or a fixture)."""
    return DESKTOP


def wait_for_requests(timeout: float = 30.0) -> None:
    """Until the live server has answered every request still under way. The server's
    threads share the test's SQLite connection: the flush after a test (a failed one
    above all, whose page may still be loading) must not run beside a request, or the
    two wait on each other for ever."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any("process_request_thread" in t.name for t in threading.enumerate()):
            return
        time.sleep(0.05)


@pytest.fixture
def page(browser, viewport, app):
    # After `app` (the live server and the demo): torn down before the database is.
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.console_messages = []  # every console message, as "type: text"
    page.on("console", lambda msg: page.console_messages.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda exc: page.console_messages.append(f"pageerror: {exc}"))
    try:
        yield page
    finally:
        context.close()  # other contexts a test opens are closed by the test itself
        wait_for_requests()


@pytest.fixture
def screenshot(page):
    """screenshot("name") saves var/screenshots/name.png and returns its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        # caret="initial": hiding the text caret makes Playwright inject a <style>, which the
        # pages' Content-Security-Policy reports as a violation when an input has focus.
        page.screenshot(path=str(path), full_page=full_page, caret="initial")
        return path

    return take


@pytest.fixture
def log_in(page, app):
    """log_in("school_chair"): log in through the login form, wait for the page after it."""
    from gonghui.orgs.demo import PASSWORD

    def do(username: str, password: str = PASSWORD) -> None:
        page.goto(f"{app}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.click("main form button[type=submit]")

    return do


@pytest.fixture
def csp_violations(page):
    """csp_violations(): console messages about the Content-Security-Policy so far."""

    def get() -> list[str]:
        return [m for m in page.console_messages if "content security policy" in m.lower()]

    return get
