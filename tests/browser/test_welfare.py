"""Care work in a real browser, as a new user would: a chair files a household, plans a
festival batch, prints the 慰问金发放表 and records the payouts; the report agrees with the
fund ledger."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from gonghui.core.scoping import unscoped

pytestmark = pytest.mark.browser

BASE = "/o/S0001/welfare"


def a_member_without_a_file():
    from gonghui.members.models import Member
    from gonghui.welfare.models import HardshipFile

    with unscoped():
        taken = HardshipFile.objects.values_list("member_id", flat=True)
        return (
            Member.objects.filter(
                org__code__startswith="S0001",
                status="active",
                user__isnull=True,
                welfare_visits__isnull=True,
            )
            .exclude(pk__in=taken)
            .order_by("-id")
            .first()
        )


def test_chair_files_a_household_and_pays_a_batch(page, app, log_in, screenshot, csp_violations):
    log_in("school_chair")
    page.goto(f"{app}{BASE}/")
    screenshot("welfare-01-overview")
    assert page.locator("#year-totals").is_visible()

    # File a household: find the member by name, fill the facts, take it to approval.
    m = a_member_without_a_file()
    page.click("#new-case")
    page.fill("#member-search input[name=q]", m.name)
    page.click("#member-search button")
    page.click(f"#member-matches a[data-member='{m.pk}']")
    assert page.inner_text("#chosen-member") == m.name
    page.check("input[name=causes][value=illness]")
    page.check("input[name=causes][value=schooling]")
    page.fill("#id_yearly_income", "12000")
    page.fill("#id_rigid_costs", "3000")
    page.fill("#id_address", "示范区和平路5号")
    page.fill("#id_phone", "13966667777")
    screenshot("welfare-02-file-form")
    with page.expect_navigation():
        page.click("#case-form button[type=submit]")
    assert "深度困难" in page.inner_text("#case-category")
    assert "139****7777" in page.inner_text("#case-phone")
    for step in ("check", "submit", "approve"):
        with page.expect_navigation():
            page.click(f"#step-form button[data-step={step}]")
    assert page.inner_text("#case-state") == "在档帮扶"
    screenshot("welfare-03-file-on-record")

    # Plan a 元旦 batch for one group from the union funds, print the sheet, pay (in
    # December: the demo's books are closed from January to October).
    page.goto(f"{app}{BASE}/batches/new/")
    page.fill("#id_title", "2027年元旦慰问（数学组）")
    page.select_option("#id_occasion", "festival")
    page.select_option("#id_festival", "yuandan")
    page.fill("#id_date", "2026-12-28")
    page.select_option("#id_form", "goods")
    page.fill("#id_amount", "150")
    page.fill("#id_goods", "水果礼盒")
    page.select_option("#id_fund", label="工会经费")
    page.select_option("#id_selection", "group")
    # The group is found by (part of) its name as one types, then ticked.
    page.locator("#id_group").press_sequentially("数学", delay=50)
    box = page.locator("#group-choices label", has_text="数学")
    box.first.wait_for()
    box.first.click()
    expect(page.locator("#group-choices input:checked")).to_have_count(1)
    screenshot("welfare-04-batch-form")
    with page.expect_navigation():
        page.click("#batch-form button[type=submit]")
    count = int(page.inner_text("#batch-count"))
    assert count > 10
    screenshot("welfare-05-batch-planned")
    pdf = page.request.get(app + page.locator("#print-sheet").get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    with page.expect_navigation():
        page.click("#pay-batch")
    # Paying asks first, with the number of people the cadre is about to pay.
    assert str(count) in page.inner_text("#pay-figures")
    with page.expect_navigation():
        page.click("#pay-confirm-button")
    assert page.inner_text("#batch-state") == "已发放"
    screenshot("welfare-06-batch-paid")

    page.goto(f"{app}{BASE}/reports/")
    assert "与经费账相符" in page.inner_text("#ledger-check")
    screenshot("welfare-07-report")
    assert not csp_violations()
