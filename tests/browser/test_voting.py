"""Voting in a real browser: a representative votes on a phone-sized page, keeps the
receipt code, and checks it once the results are published; the cadre reads the results
and the evaluation report."""

from __future__ import annotations

import re

import pytest

from gonghui.core.scoping import unscoped

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

ME = "/o/S0001-G01/voting"


def demo_open_ballot():
    from gonghui.voting.models import Ballot

    with unscoped():
        return Ballot._base_manager.get(source_kind="demo", source_id="open")


def no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


@pytest.mark.parametrize("viewport", [PHONE], ids=["375px"])
def test_a_representative_votes_on_a_phone_and_checks_the_receipt(
    page, app, log_in, screenshot, csp_violations, viewport
):
    from gonghui.accounts.models import User
    from gonghui.audit.context import acting
    from gonghui.voting import services
    from gonghui.voting.models import BallotPaper

    ballot = demo_open_ballot()
    log_in("member")
    page.goto(f"{app}{ME}/mine/")
    page.click(f"#my-ballots a:has-text('{ballot.title}')")
    page.wait_for_selector("#vote-form")
    no_horizontal_scroll(page)
    screenshot("voting-phone-ballot")
    for label in page.locator("#vote-form fieldset").all():
        label.locator("label.btn-outline-success").click()
    page.locator("#vote-form fieldset").last.locator("label.btn-outline-secondary").click()
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation():
        page.click("#vote-button")
    receipt = page.inner_text("#receipt-code").strip()
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", receipt)
    no_horizontal_scroll(page)
    screenshot("voting-phone-receipt")

    # Back on the ballot: voted, no second form.
    page.goto(f"{app}{ME}/ballots/{ballot.pk}/vote/")
    assert page.locator("#vote-form").count() == 0
    assert "✓" in page.inner_text("#state-text")

    with unscoped(), acting(source="system"):
        chair = User.objects.get(username="school_chair")
        services.ballot_close(actor=chair, ballot=ballot)
        services.ballot_publish(actor=chair, ballot=ballot)
        paper = services.receipt_verify(ballot=ballot, code=receipt)
        assert BallotPaper._base_manager.filter(ballot=ballot).count() == 3
    page.goto(f"{app}{ME}/ballots/{ballot.pk}/vote/")
    assert "3" in page.inner_text("#result-table")
    page.fill("#receipt", receipt.lower())
    with page.expect_navigation():
        page.click("#verify-button")
    assert paper.fingerprint in page.inner_text("#verify-result")
    choices = page.inner_text("#verify-choices")
    assert "赞成" in choices and "弃权" in choices
    no_horizontal_scroll(page)
    screenshot("voting-phone-verified")
    assert not csp_violations()


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_the_cadre_reads_results_and_the_evaluation(
    page, app, log_in, screenshot, csp_violations, viewport
):
    log_in("school_chair")
    page.goto(f"{app}/o/S0001/voting/")
    page.click("#ballots a:has-text('第五届教职工代表大会第三次会议表决')")
    table = page.inner_text("#result-table")
    assert "55" in table and "通过" in table
    screenshot("voting-desktop-ballot-result")
    page.goto(f"{app}/o/S0001/voting/")
    page.click("#evaluations a:has-text('民主测评')")
    assert "李红梅" in page.inner_text("#evaluation-result")
    screenshot("voting-desktop-evaluation")
    assert page.locator("#report-link").count() == 1
    assert not csp_violations()


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["1366px"])
def test_a_ballot_held_at_a_session_asks_for_no_voters(page, app, log_in, screenshot, viewport):
    """From a session's page the ballot takes its voters and headcount from the sign-in:
    the fields to choose voters by hand are hidden, and come back without a session."""
    log_in("school_chair")
    page.goto(f"{app}/o/S0001/voting/ballots/new/")
    values = page.eval_on_selector_all("#id_meeting option", "os => os.map(o => o.value)")
    session = next(v for v in values if v.startswith("democracy.session:")).rpartition(":")[2]
    page.goto(f"{app}/o/S0001/voting/ballots/new/?session={session}")
    meeting = page.locator("#id_meeting")
    assert meeting.input_value() == f"democracy.session:{session}"
    for name in ("total_electorate", "voters"):
        assert page.locator(f'[data-field="{name}"]').is_hidden(), name
    screenshot("voting-ballot-at-session")
    meeting.select_option("")
    for name in ("total_electorate", "voters"):
        assert page.locator(f'[data-field="{name}"]').is_visible(), name
