"""Openness notices in a real browser: the chair drafts, approves and publishes a notice;
a member reads it on a phone and asks a question; the chair answers; the yearly report."""

from __future__ import annotations

import re

import pytest

from gonghui.core.scoping import unscoped

from .conftest import PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser

CADRE = "/o/S0001/openness"
ME = "/o/S0001-G01/openness"
TITLE = "关于教职工体检安排的公开"


def login(page, app, username):
    from gonghui.orgs.demo import PASSWORD

    page.goto(f"{app}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_publish_read_on_a_phone_ask_and_answer(page, app, browser, csp_violations):
    from gonghui.openness.models import Notice, Question

    # 1. The chair sees what is due and drafts a notice.
    login(page, app, "school_chair")
    page.goto(f"{app}{CADRE}/")
    assert page.locator("#system-name").inner_text() == "校务公开"
    assert page.locator('#due-table [data-state="due"]').count() >= 1
    shot(page, "openness-01-cadre-index")
    page.click("#new-notice")
    page.select_option("#id_item_code", "rules")
    page.fill("#id_title", TITLE)
    page.fill(
        "#id_body", "经校务委员会研究，全体教职工年度体检定于下月进行。\n体检项目和费用标准见附件。"
    )
    page.select_option("#id_period", "event")
    with page.expect_navigation():
        page.click("#save-notice")
    page.wait_for_url(re.compile(rf"{CADRE}/\d+/$"))
    # The chair may approve her own draft (the exception is shown on the notice).
    with page.expect_navigation():
        page.click("#approve-button")
    assert "起草人（主席）自行审批" in page.locator("#approved-by").inner_text()
    with page.expect_navigation():
        page.click("#publish-button")
    assert page.locator('[data-status="published"]').count() == 1
    shot(page, "openness-02-cadre-published")
    with unscoped():
        notice = Notice.objects.get(title=TITLE)
    assert notice.status == "published" and notice.published_on is not None

    # 2. A member reads it on a phone and asks a question.
    ctx = browser.new_context(viewport=PHONE, locale="zh-CN")
    phone = ctx.new_page()
    try:
        login(phone, app, "member")
        phone.goto(f"{app}{ME}/")
        item = phone.locator(f'#published-notices [data-notice="{notice.pk}"]')
        assert TITLE in item.inner_text()
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{width}px wide"
        shot(phone, "openness-03-phone-list")
        with phone.expect_navigation():
            item.click()
        assert phone.locator("#notice-title").inner_text() == TITLE
        phone.fill("#id_text", "体检可以选择在其他医院进行吗？")
        with phone.expect_navigation():
            phone.click("#ask-button")
        assert "您的提问" in phone.locator("#questions").inner_text()
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        shot(phone, "openness-04-phone-asked")
    finally:
        ctx.close()
    with unscoped():
        q = Question.objects.get(notice=notice)
    assert q.asked_by.username == "member" and not q.answer

    # 3. The chair answers from the questions list.
    page.goto(f"{app}{CADRE}/questions/?open=1")
    row = page.locator(f'#question-list [data-question="{q.pk}"]')
    assert "郑子涵" in row.inner_text()
    row.locator("textarea").fill("可以，凭体检报告按标准报销。")
    with page.expect_navigation():
        row.locator("button[type=submit]").click()
    with unscoped():
        q.refresh_from_db()
    assert q.answer == "可以，凭体检报告按标准报销。" and q.answered_on is not None
    shot(page, "openness-05-cadre-answered")

    # 4. The yearly report.
    page.goto(f"{app}{CADRE}/")
    with page.expect_navigation():
        page.click("#report-link")
    assert int(page.locator("#total-notices").inner_text()) >= 1
    assert TITLE in page.locator("#report-table").inner_text()
    shot(page, "openness-06-report")
    assert csp_violations() == []
