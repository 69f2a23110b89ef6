"""The 民主测评 results on a 375px phone (#13 §7): the page never scrolls sideways, and
every grade's count and share is on the screen (one line per item instead of a table
wider than the phone)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import PHONE

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots")  # noqa: S108 - where the reviewers look at screenshots


@pytest.mark.parametrize("viewport", [PHONE], ids=["375px"])
def test_the_evaluation_results_fit_a_phone(
    page, app, log_in, screenshot, csp_violations, viewport
):
    log_in("school_chair")
    page.goto(f"{app}/o/S0001/voting/")
    page.click("#evaluations a:has-text('民主测评')")
    result = page.locator("#evaluation-result")
    assert "李红梅" in result.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "voting-phone-evaluation-results.png"), full_page=True)
    screenshot("voting-phone-evaluation-results")
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width, f"the page is {scroll_width}px wide"
    # Nothing scrolls inside its own box either: the last grade is on the screen.
    assert result.locator("table").first.is_hidden()
    first = result.locator(".gh-eval-list li").first
    assert first.is_visible()
    for grade in ("优秀", "称职", "基本称职", "不称职"):
        chip = first.locator(f"span.text-nowrap:has-text('{grade}')").first
        box = chip.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= inner_width, grade
    assert "%" in first.inner_text()
    assert not csp_violations()
