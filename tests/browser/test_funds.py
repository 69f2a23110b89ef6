"""The funds ledger in a real browser, as the factory's accountant uses it: the balances
on the dashboard, a payout from the hardship fund, a payout refused above the balance (the
form keeps what was typed), a reversal, and the auditor's workbook."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from gonghui.core.scoping import unscoped

pytestmark = pytest.mark.browser
YEAR = 2026


def _hardship():
    from gonghui.funds.models import Fund

    with unscoped():
        return Fund.objects.get(org__code="F0001", name="帮困基金")


def test_the_accountant_pays_reverses_and_exports(page, app, log_in, screenshot, csp_violations):
    fund = _hardship()
    with unscoped():
        before = fund.balance
    log_in("factory_finance")
    page.goto(f"{app}/o/F0001/")
    card = page.locator("#card-funds")
    assert card.is_visible() and "帮困基金" in card.inner_text()
    screenshot("funds-01-dashboard")

    page.click("[data-nav=funds]")
    page.wait_for_url(re.compile(r"/o/F0001/funds/$"))
    screenshot("funds-02-index")
    page.click(".gh-funds-table a:text('帮困基金')")
    page.wait_for_url(re.compile(rf"/o/F0001/funds/{fund.pk}/\d+/$"))
    page.goto(f"{app}/o/F0001/funds/{fund.pk}/{YEAR}/")

    # A payout through the form on the ledger page.
    page.fill("#id_out-date", f"{YEAR}-11-20")
    page.fill("#id_out-amount", "1,200.5")
    page.fill("#id_out-summary", "困难职工慰问金（浏览器测试）")
    page.fill("#id_out-payee", "测试职工")
    with page.expect_navigation():
        page.click("#payout-form button[type=submit]")
    row = page.locator("#ledger tbody tr", has_text="困难职工慰问金（浏览器测试）")
    assert row.count() == 1 and "1,200.50" in row.inner_text()
    after = before - D("1200.50")
    assert f"{after:,.2f}" in page.locator("#fund-balance").inner_text()
    screenshot("funds-03-ledger")

    # Too much: refused, the form keeps the typed values and names the balance.
    page.fill("#id_out-date", f"{YEAR}-11-21")
    page.fill("#id_out-amount", "99999999")
    page.fill("#id_out-summary", "超额支出")
    with page.expect_navigation():
        page.click("#payout-form button[type=submit]")
    assert page.locator("#id_out-amount").input_value() == "99999999"
    assert page.locator("#id_out-summary").input_value() == "超额支出"
    assert f"{after:,.2f}" in page.locator(".alert-danger").inner_text()
    screenshot("funds-04-refused")

    # Reverse the payout.
    page.goto(f"{app}/o/F0001/funds/{fund.pk}/{YEAR}/")
    page.locator("#ledger tbody tr", has_text="困难职工慰问金（浏览器测试）").locator(
        "text=冲销"
    ).click()
    page.fill("#id_reason", "金额录错")
    with page.expect_navigation():
        page.click("#reverse-form button[type=submit]")
    assert page.locator("#ledger tbody tr", has_text="冲销").count() >= 1
    assert f"{before:,.2f}" in page.locator("#fund-balance").inner_text()
    screenshot("funds-05-reversed")

    with page.expect_download() as dl:
        page.click("#export-xlsx")
    with open(dl.value.path(), "rb") as fh:
        rows = list(load_workbook(fh).active.iter_rows(values_only=True))
    assert any(r[2] and "金额录错" in str(r[2]) for r in rows)
    assert not csp_violations()
    with unscoped():
        assert _hardship().balance == before


def test_the_auditor_reads_without_forms(page, app, log_in, screenshot):
    fund = _hardship()
    log_in("factory_auditor")
    page.goto(f"{app}/o/F0001/funds/{fund.pk}/{YEAR}/")
    assert page.locator("#ledger").is_visible()
    assert page.locator("#payout-form").count() == 0 and page.locator("text=冲销").count() == 0
    screenshot("funds-06-auditor")
