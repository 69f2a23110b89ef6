"""Batches and reminders as a new cadre meets them (#13 §5, §9), on a desktop (1366px) and
a phone (375px): the groups of a 慰问 batch picked by name as one types, paying only after
a page that shows how many people and how much, the 发放表, and the district's 关怀提醒 a
page at a time."""

from __future__ import annotations

import re

import pytest

from gonghui.core.scoping import unscoped

from .conftest import PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
SIZES = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366px", "375px"])
BASE = "/o/F0001/welfare"


def fits(page) -> bool:
    """Nothing wider than the screen (tables scroll inside their own box)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def on_roll(code: str) -> int:
    from gonghui.members.models import ON_ROLL, Member

    with unscoped():
        return Member.objects.filter(org__code=code, status__in=ON_ROLL).count()


@SIZES
def test_a_batch_for_a_group_picked_by_name_is_paid_after_confirming(
    page, app, log_in, screenshot, csp_violations, viewport
):
    size = f"{viewport['width']}px"
    log_in("factory_chair")
    page.goto(f"{app}{BASE}/batches/new/")
    # Paid in December: the demo's books are closed for January to October (结账).
    page.fill("#id_title", "2027年元旦慰问（质检部）")
    page.select_option("#id_occasion", "festival")
    page.select_option("#id_festival", "yuandan")
    page.fill("#id_date", "2026-12-28")
    page.select_option("#id_form", "goods")
    page.fill("#id_amount", "200")
    page.fill("#id_goods", "粽子礼盒")
    page.select_option("#id_fund", label="工会经费")
    page.select_option("#id_selection", "group")

    # A name that matches nothing says so, in Chinese, as one types.
    page.locator("#id_group").press_sequentially("财务科", delay=50)
    page.wait_for_selector("#group-none")
    assert "没有名称含“财务科”" in page.inner_text("#group-choices")

    # Part of a name lists the group; it is ticked, and stays ticked while searching on.
    page.fill("#id_group", "")
    page.locator("#id_group").press_sequentially("质检", delay=50)
    box = page.locator("#group-choices label", has_text="质检部工会小组")
    box.wait_for()
    box.click()
    page.fill("#id_group", "")
    page.locator("#id_group").press_sequentially("车间", delay=50)
    page.locator("#group-choices label", has_text="二车间工会小组").wait_for()
    assert page.locator("#group-choices input:checked").count() == 1
    assert "质检部工会小组" in page.inner_text("#group-choices")
    assert fits(page)
    screenshot(f"welfare-batches-form-{size}")
    with page.expect_navigation():
        page.click("#batch-form button[type=submit]")
    n = on_roll("F0001-G03")
    assert int(page.inner_text("#batch-count")) == n
    total = f"{200 * n:,.2f}"

    # The pay button leads to the figures; nothing is paid before confirming them.
    with page.expect_navigation():
        page.click("#pay-batch")
    assert page.inner_text("#pay-count") == str(n)
    assert page.inner_text("#pay-total") == total
    assert f"确认发放：{n} 人，合计 {total} 元" in page.inner_text("#pay-confirm-button")
    assert fits(page)
    screenshot(f"welfare-batches-confirm-{size}")
    page.click("text=返回发放批次")
    assert page.inner_text("#batch-state") == "计划中"
    with page.expect_navigation():
        page.click("#pay-batch")
    # 203 payouts in one transaction: give it time on a busy machine.
    with page.expect_navigation(timeout=180_000):
        page.click("#pay-confirm-button", no_wait_after=True)
    assert page.inner_text("#batch-state") == "已发放"
    assert fits(page)
    screenshot(f"welfare-batches-paid-{size}")

    # The 发放表: by group then name, kept beside the screenshots to be looked at.
    pdf = page.request.get(app + page.locator("#print-sheet").get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    (SCREENSHOTS / f"welfare-batches-sheet-{size}.pdf").write_bytes(pdf.body())
    assert not csp_violations()


@SIZES
def test_the_district_reminders_come_a_page_at_a_time(
    page, app, log_in, screenshot, csp_violations, viewport
):
    size = f"{viewport['width']}px"
    log_in("district")
    answer = page.goto(f"{app}/o/D0001/welfare/reminders/?days=60")
    assert answer.ok and len(answer.body()) < 1_000_000
    rows = page.locator("#reminders tbody tr")
    assert rows.count() == 50
    assert re.search(r"第 1 页，共 \d+ 页", page.inner_text("main"))
    assert fits(page)
    screenshot(f"welfare-reminders-{size}")
    with page.expect_navigation():
        page.click("text=下一页")
    assert "第 2 页" in page.inner_text("main") and rows.count() == 50
    with page.expect_navigation():
        page.click("#reminder-kinds a:has-text('退休')")
    kinds = {
        t.strip() for t in page.locator("#reminders tbody tr td:nth-child(2)").all_inner_texts()
    }
    assert kinds == {"退休"}
    screenshot(f"welfare-reminders-retirement-{size}")
    assert not csp_violations()
