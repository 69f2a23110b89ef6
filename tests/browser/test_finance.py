"""The books in a real browser, as the factory union keeps them: the accountant prepares a
voucher (an unbalanced one is refused and keeps what was typed), hands it in, the chair
reviews it, the accountant posts it, and the month's statements show it."""

from __future__ import annotations

import datetime as dt
import re

import pytest

pytestmark = pytest.mark.browser


def test_a_voucher_from_the_form_to_the_statements(page, app, log_in, screenshot, csp_violations):
    today = dt.date.today()
    log_in("factory_finance")
    page.goto(f"{app}/o/F0001/finance/vouchers/new/")
    page.fill("#id_date", today.isoformat())
    page.fill("#id_summary", "购买篮球赛奖品（浏览器测试）")
    page.fill("#id_attachments_count", "2")
    page.select_option("#id_lines-0-account", "50102")
    page.fill("#id_lines-0-debit", "720")
    page.select_option("#id_lines-0-restricted", "0")
    page.select_option("#id_lines-1-account", "102")
    page.fill("#id_lines-1-credit", "700")
    with page.expect_navigation():
        page.click("#save-voucher")
    # Not balanced: refused in words, nothing lost.
    assert "借贷不平" in page.inner_text("#voucher-errors")
    assert page.input_value("#id_summary") == "购买篮球赛奖品（浏览器测试）"
    assert page.input_value("#id_lines-0-debit") == "720"
    screenshot("finance-01-unbalanced")
    page.fill("#id_lines-1-credit", "720")
    with page.expect_navigation():
        page.click("#save-voucher")
    page.wait_for_url(re.compile(r"/o/F0001/finance/vouchers/\d+/$"))
    url = page.url
    with page.expect_navigation():
        page.click("#action-submit")
    number = page.inner_text("#voucher-number")
    assert re.fullmatch(r"记-\d{4}", number)
    assert "柒佰贰拾元整" in page.inner_text("#voucher-capitals")
    # The preparer may not review it, and the page says why.
    assert page.locator("#action-review").count() == 0
    assert page.locator("#review-blocked").is_visible()
    screenshot("finance-02-submitted")

    page.context.clear_cookies()
    log_in("factory_chair")
    page.goto(url)
    with page.expect_navigation():
        page.click("#action-review")
    assert "已审核" in page.inner_text("#voucher")

    page.context.clear_cookies()
    log_in("factory_finance")
    page.goto(url)
    with page.expect_navigation():
        page.click("#action-post")
    assert "已记账" in page.inner_text("#voucher")
    screenshot("finance-03-posted")

    page.goto(f"{app}/o/F0001/finance/statements/?year={today.year}&month={today.month}")
    text = page.inner_text("main")
    assert "资产负债表" in text and "收入支出表" in text and "职工活动支出" in text
    assert "720.00" in text
    screenshot("finance-04-statements")
    assert not csp_violations()
