"""The district's staff compare the unions of 示范区 (#16 item 1) in a real browser: the
menu entry leads to this year's table of every union × figures, a column heading sorts
it, the chart draws the chosen figure with the vendored ECharts (no inline script: the
Content-Security-Policy reports nothing), a figure leads to the union's own page, and the
member statistics narrow to one union."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

UNIONS = (
    "华东精密机械有限公司工会",
    "示范区实验中学工会",
    "示范区人民医院工会",
    "阳光街道联合工会",
)


@pytest.fixture
def viewport():
    return {"width": 1366, "height": 900}


def _union_order(page) -> list[str]:
    names = page.locator("#unions-table tbody th").all_inner_texts()
    return [n.strip() for n in names]


def test_the_district_compares_its_unions(page, app, log_in, screenshot, csp_violations):
    log_in("district")
    page.goto(f"{app}/o/D0001/")
    with page.expect_navigation():
        page.get_by_role("link", name="基层工会统计").first.click()
    assert page.url.endswith("/o/D0001/upper/unions/")
    assert sorted(_union_order(page)) == sorted(UNIONS)
    header = page.inner_text("#unions-table thead")
    for label in (
        "在册会员",
        "参与人次",
        "慰问金额（元）",
        "应公开（期）",
        "完成率（%）",
        "收入合计（元）",
    ):
        assert label in header, label
    # The chart of the members on the roll: one bar per union, drawn as SVG.
    page.wait_for_selector("#unions-chart svg")
    assert page.locator("#unions-chart svg text", has_text="示范区人民医院工会").count()
    screenshot("upper-rollup-01-table")
    # Scrolled to the books' columns, each row still says which union it is.
    page.evaluate("document.querySelector('.gh-rollup').scrollLeft = 10000")
    name = page.locator("#unions-table tbody th").first.bounding_box()
    table = page.locator(".gh-rollup").bounding_box()
    assert table["x"] <= name["x"] < table["x"] + 5
    assert page.locator("#unions-table thead a:text-is('收入合计（元）')").is_visible()
    screenshot("upper-rollup-01b-scrolled", full_page=False)
    page.evaluate("document.querySelector('.gh-rollup').scrollLeft = 0")

    # Sorted by the members on the roll, largest first: the hospital (the largest roll).
    with page.expect_navigation():
        page.click("#unions-table thead a:text-is('在册会员')")
    assert page.get_attribute("#unions-table thead th[aria-sort]", "aria-sort") == "descending"
    assert _union_order(page)[0] == "示范区人民医院工会"
    # Another figure in the chart, the sort kept.
    page.select_option("#figure", "attendances")
    with page.expect_navigation():
        page.click("#figure-form button[type=submit]")
    assert "sort=-on_roll" in page.url and "figure=attendances" in page.url
    page.wait_for_selector("#unions-chart svg")
    page.locator("#chart").scroll_into_view_if_needed()
    screenshot("upper-rollup-02-chart", full_page=False)
    assert not csp_violations()

    # A figure of the school leads to the school's own statistics of the year.
    row = page.locator("#unions-table tbody tr", has_text="示范区实验中学工会")
    with page.expect_navigation():
        row.locator("td").nth(5).locator("a").click()  # 举办活动
    assert "/o/S0001/activities/statistics/" in page.url
    assert "活动统计" in page.inner_text("h1")

    # The member statistics of the district, narrowed to the school.
    page.goto(f"{app}/o/D0001/members/statistics/")
    page.select_option("#union-filter select[name=union]", "S0001")
    with page.expect_navigation():
        page.click("#union-filter button[type=submit]")
    assert "示范区实验中学工会" in page.inner_text("h1")
    screenshot("upper-rollup-03-member-statistics")
    assert not csp_violations()
