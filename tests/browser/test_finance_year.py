"""A year of the factory union's books as its people live it (#14 "Done means"), on a
1366px screen: the accountant imports last year's vouchers from Excel and loads this
month's dues from the list payroll sends back, a 慰问 batch paid by the chair reaches the
books by itself, the month's depreciation is run and the month closed, 工会01 balances and
prints, the 经审会 reviews and signs, the budget's execution rate shows, and the chair sends
last year's 决算 up to the district, which ratifies it. Then a script with an API token
reads the same statements and budget and finds what the pages showed.

The demo's books of F0001 are closed for January to October 2026; November is the open
month the story works in."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
F = "/o/F0001"
YEAR, MONTH = 2026, 11
BATCH_TITLE = "2026年11月困难职工冬季慰问"

# Vouchers kept in the old bookkeeping software, as its export writes them: a title row
# above the header, the date and number on a voucher's first row only. Dated in the open
# month: the demo's books start with the opening balances of 1 December 2025, and every
# month before that reads as closed when the import is committed.
OLD_VOUCHERS = [
    ("2026-11-05", "记-1", "收三季度行政拨缴经费", "102", "银行存款", "10000.00", ""),
    ("", "", "收三季度行政拨缴经费", "402", "拨缴经费收入", "", "10000.00"),
    ("2026-11-18", "记-2", "职工篮球赛奖品", "50102", "职工活动支出/文体活动", "1200.00", ""),
    ("", "", "职工篮球赛奖品", "102", "银行存款", "", "1200.00"),
    ("2026-11-30", "记-3", "11月银行手续费", "50504", "业务支出/其他业务", "20.00", ""),
    ("", "", "11月银行手续费", "102", "银行存款", "", "20.00"),
]


@pytest.fixture
def viewport():
    return DESKTOP


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def old_vouchers_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["精密机械公司工会 2026年11月记账凭证（原账套导出）"])
    ws.append(["日期", "凭证号", "摘要", "科目编码", "科目名称", "借方金额", "贷方金额"])
    for row in OLD_VOUCHERS:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def payroll_filled(data: bytes) -> tuple[bytes, int, Decimal]:
    """The deduction list as payroll sends it back: 扣缴金额 = 应扣会费 on every row."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    header_row = next(
        r for r in range(1, 10) if "扣缴金额" in [c.value for c in ws[r] if c.value is not None]
    )
    header = [c.value for c in ws[header_row]]
    due_col, paid_col = header.index("应扣会费") + 1, header.index("扣缴金额") + 1
    n, total = 0, Decimal("0")
    for r in range(header_row + 1, ws.max_row + 1):
        due = ws.cell(r, due_col).value
        if due in (None, ""):
            continue
        ws.cell(r, paid_col).value = due
        n += 1
        total += Decimal(str(due))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), n, total


def amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "").strip() or "0")


def balance_sheet(page) -> dict[str, list[Decimal]]:
    """工会01 on the page: every line's name → its amounts (年初, 期末), as read."""
    rows = page.evaluate(
        """() => [...document.querySelectorAll('#statement-1 tbody tr')].map(
            tr => [...tr.querySelectorAll('td')].map(td => td.innerText.trim()))"""
    )
    found: dict[str, list[Decimal]] = {}
    number = re.compile(r"^-?[\d,]+\.\d{2}$")
    for cells in rows:
        name, values = None, []
        for cell in cells:
            if number.match(cell) or (cell in ("", "—", "-") and name):
                values.append(amount(cell) if number.match(cell) else Decimal("0"))
            elif re.search(r"[\u4e00-\u9fff]", cell):
                if name and values:
                    found[name] = values
                name, values = re.sub(r"^[\s\d.、（）()一二三四五六七八九十]+", "", cell), []
        if name and values:
            found[name] = values
    return found


def switch(page, log_in, who: str) -> None:
    page.context.clear_cookies()
    log_in(who)


def review_and_post(page, app, log_in, vouchers: list[str]) -> None:
    """Each voucher reviewed by someone other than its preparer, then posted by the
    accountant, through the voucher's page."""
    for url in vouchers:
        switch(page, log_in, "factory_chair")
        page.goto(url)
        if page.locator("#action-review").count() == 0:
            switch(page, log_in, "factory_finance")
            page.goto(url)
        with page.expect_navigation():
            page.click("#action-review")
        assert "已审核" in page.inner_text("#voucher")
    switch(page, log_in, "factory_finance")
    for url in vouchers:
        page.goto(url)
        with page.expect_navigation():
            page.click("#action-post")
        assert "已记账" in page.inner_text("#voucher")


def waiting_vouchers(page, app) -> list[str]:
    page.goto(f"{app}{F}/finance/vouchers/?year={YEAR}&month={MONTH}&state=submitted")
    hrefs = page.eval_on_selector_all(
        "#voucher-list tbody a[href*='/finance/vouchers/']", "els => els.map(e => e.href)"
    )
    return sorted(set(h for h in hrefs if re.search(r"/vouchers/\d+/$", h)))


def test_a_year_of_the_factory_books(page, app, log_in, screenshot, csp_violations, tmp_path):
    shot = iter(range(1, 100))
    page.on("dialog", lambda dialog: dialog.accept())  # the pages' "are you sure?" questions

    def step(name: str, *, full_page: bool = True) -> None:
        assert fits(page), f"{name}: the page is wider than the screen"
        screenshot(f"finance-year-{next(shot):02d}-{name}", full_page=full_page)

    # 1. Last year's vouchers from Excel: preview, then import.
    log_in("factory_finance")
    page.goto(f"{app}{F}/finance/")
    page.goto(f"{app}{F}/imports/vouchers/")
    path = tmp_path / "原账套11月凭证.xlsx"
    path.write_bytes(old_vouchers_xlsx())
    page.set_input_files("input[type=file]", str(path))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    page.wait_for_selector("#commit", timeout=60_000)
    assert page.locator("#has-errors").count() == 0
    step("import-preview")
    assert page.inner_text("#counts").split()[0] == "3"  # three vouchers (six rows)
    with page.expect_navigation():
        page.click("#commit")
    step("import-committed")
    assert page.locator("#commit").count() == 0, page.inner_text("main")[:800]
    step("import-done")
    page.goto(f"{app}{F}/finance/vouchers/?year={YEAR}&month={MONTH}")
    listed = page.inner_text("#voucher-list")
    for summary in ("收三季度行政拨缴经费", "职工篮球赛奖品", "11月银行手续费"):
        assert summary in listed
    step("import-vouchers-listed")

    # 2. This month's dues: the roll, the list for payroll, the list payroll sends back.
    page.goto(f"{app}{F}/dues/{YEAR}/{MONTH}/")
    with page.expect_navigation():
        page.click("#generate")
    step("dues-generated", full_page=False)  # 605 members: the top is what is read
    answer = page.request.get(app + page.locator("#deductions").get_attribute("href"))
    assert answer.ok
    filled, n_paid, dues_total = payroll_filled(answer.body())
    assert n_paid > 0
    back = tmp_path / "会费代扣回执.xlsx"
    back.write_bytes(filled)
    with page.expect_navigation():
        page.click("#deducted")
    page.set_input_files("#import-form input[type=file]", str(back))
    with page.expect_navigation():
        page.click("#import-form button[type=submit]")
    assert page.locator("#import-errors").count() == 0
    assert page.locator("#import-rows tbody tr").count() >= n_paid
    step("dues-deducted-preview", full_page=False)  # 605 members: the top is what is read
    with page.expect_navigation():
        page.click("#confirm")
    assert "代扣" in page.inner_text("main")
    step("dues-deducted-imported", full_page=False)  # 605 members: the top is what is read
    page.select_option("#post-box select[name=fund]", label="工会经费")
    with page.expect_navigation():
        page.click("#post")
    assert page.locator("#booked").is_visible()
    step("dues-booked", full_page=False)  # 605 members: the top is what is read

    # 3. The chair pays a 慰问 batch; its voucher reaches the books by itself.
    switch(page, log_in, "factory_chair")
    page.goto(f"{app}{F}/welfare/batches/new/")
    page.fill("#id_title", BATCH_TITLE)
    page.select_option("#id_occasion", "hardship")
    page.fill("#id_date", f"{YEAR}-{MONTH:02d}-20")
    page.select_option("#id_form", "cash")
    page.fill("#id_amount", "500")
    page.select_option("#id_fund", label="工会经费")
    page.select_option("#id_selection", "hardship")
    with page.expect_navigation():
        page.click("#batch-form button[type=submit]")
    people = int(page.inner_text("#batch-count"))
    assert people > 0
    with page.expect_navigation():
        page.click("#pay-batch")
    step("welfare-batch-confirm")
    if page.locator("#id_override_reason").count():
        page.fill("#id_override_reason", "经工会委员会研究同意，冬季集中慰问在档困难职工。")
    with page.expect_navigation(timeout=120_000):
        page.click("#pay-confirm-button", no_wait_after=True)
    assert page.inner_text("#batch-state") == "已发放"
    step("welfare-batch-paid")
    switch(page, log_in, "factory_finance")
    page.goto(f"{app}{F}/finance/vouchers/?year={YEAR}&month={MONTH}")
    assert BATCH_TITLE in page.inner_text("#voucher-list")
    step("vouchers-with-batch")

    # 4. The month's depreciation, then every voucher reviewed and posted, then 结账.
    page.goto(f"{app}{F}/assets/depreciation/")
    page.fill("#depreciation-run [name=year]", str(YEAR))
    page.fill("#depreciation-run [name=month]", str(MONTH))
    with page.expect_navigation():
        page.click("#depreciation-run button[type=submit]")
    assert "折旧" in page.inner_text("main")
    step("depreciation-run")
    waiting = waiting_vouchers(page, app)
    assert len(waiting) >= 3  # dues, the batch, depreciation
    review_and_post(page, app, log_in, waiting)
    page.goto(f"{app}{F}/finance/periods/?year={YEAR}")
    step("periods-before-close")
    with page.expect_navigation():
        page.click(f"#close-{MONTH}")
    assert page.locator(f"#close-{MONTH}").count() == 0, page.inner_text("main")
    step("periods-closed")

    # 5. 工会01 and 工会02 of November: balanced, in Excel and PDF.
    page.goto(f"{app}{F}/finance/statements/?year={YEAR}&month={MONTH}")
    sheet = balance_sheet(page)
    assets_total, claims_total = sheet["资产总计"], sheet["负债和净资产总计"]
    assert assets_total == claims_total
    assert "收入支出表" in page.inner_text("main")
    step("statements")
    xlsx = page.request.get(app + page.locator("#statements-xlsx").get_attribute("href"))
    assert xlsx.ok and xlsx.body()[:2] == b"PK"
    pdf = page.request.get(app + page.locator("#statements-pdf").get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    (SCREENSHOTS / "finance-year-statements.pdf").write_bytes(pdf.body())

    # 6. The budget's execution rate.
    page.goto(f"{app}{F}/budgets/execution/{YEAR}/")
    rates = page.locator("#execution-table tbody tr[data-account] td:nth-child(7)")
    shown_rates = [t.strip() for t in rates.all_inner_texts() if t.strip()]
    assert shown_rates and all(t.endswith("%") for t in shown_rates)
    step("budget-execution")

    # 7. Last year's 决算: the district returns it to be drawn from the books again,
    # the accountant takes the figures again, the committee approves, the 经审会 reviews
    # and signs, the chair sends it up, the district ratifies.
    switch(page, log_in, "district")
    page.goto(f"{app}/o/D0001/budgets/inbox/")
    step("district-inbox")
    with page.expect_navigation():
        page.locator("#inbox-list tr", has_text="精密机械").filter(has_text="2025").locator(
            "a"
        ).first.click()
    final_url = page.url
    page.fill("#return-form [name=reason]", "请按账簿重新取数，并补记经审会审查意见后再报。")
    with page.expect_navigation():
        page.click("#action-return")
    step("district-returned")

    switch(page, log_in, "factory_finance")
    page.goto(f"{app}{F}/budgets/")
    with page.expect_navigation():
        page.locator("#budget-list tr", has_text="2025").locator("a").first.click()
    final_page = page.url
    assert page.locator("#return-reason").is_visible()
    with page.expect_navigation():
        page.click("#action-refresh")
    step("final-refreshed")

    switch(page, log_in, "factory_chair")
    page.goto(final_page)
    page.fill("#approve-form [name=term]", "3")
    page.fill("#approve-form [name=session]", "5")
    page.fill("#approve-form [name=date]", f"{YEAR}-12-01")
    with page.expect_navigation():
        page.click("#action-approve")
    step("final-approved")

    switch(page, log_in, "factory_auditor")
    page.goto(final_page)
    page.fill("#review-form [name=term]", "3")
    page.fill("#review-form [name=session]", "3")
    page.fill("#review-form [name=date]", f"{YEAR}-12-03")
    page.fill("#review-form [name=opinion]", "经审查，2025年决算收支真实，同意报上级工会审批。")
    with page.expect_navigation():
        page.click("#action-review")
    step("final-reviewed")
    # The 经审会's own review record with its signed opinion.
    page.goto(f"{app}{F}/oversight/reviews/new/")
    page.select_option("#id_kind", "final")
    page.fill("#id_year", "2025")
    page.select_option("#id_period", "year")
    page.fill("#id_subject", "2025年度工会经费决算审查")
    page.fill("#id_members", "孙伟\n周敏")
    page.fill("#id_started_on", f"{YEAR}-12-02")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    page.fill("#opinion-form textarea", "经审查，2025年度决算收支真实、完整，同意报上级工会审批。")
    with page.expect_navigation():
        page.click("#opinion-form button[type=submit]")
    with page.expect_navigation():
        page.click("#sign")
    assert page.inner_text("#review-state") == "意见已签署"
    step("oversight-signed")
    opinion = page.request.get(app + page.locator("#opinion-pdf").get_attribute("href"))
    assert opinion.ok and opinion.body().startswith(b"%PDF")
    (SCREENSHOTS / "finance-year-opinion.pdf").write_bytes(opinion.body())

    switch(page, log_in, "factory_chair")
    page.goto(final_page)
    with page.expect_navigation():
        page.click("#action-submit")
    assert "待上级批复" in page.inner_text("#document-title")
    step("final-submitted")

    switch(page, log_in, "district")
    page.goto(final_url)
    with page.expect_navigation():
        page.click("#action-ratify")
    assert "已核定" in page.inner_text("#document-title")
    step("final-ratified")
    switch(page, log_in, "factory_chair")
    page.goto(f"{app}{F}/budgets/")
    final_row = page.locator("#budget-list tr", has_text="2025")
    assert "已核定" in final_row.inner_text()
    step("budgets-list")

    # 8. A script with a token reads the same figures.
    switch(page, log_in, "factory_finance")
    page.goto(f"{app}/accounts/me/")
    page.fill("#id_name", "年度核对脚本")
    with page.expect_navigation():
        page.click("form[action$='/me/tokens/'] button[type=submit]")
    key = page.inner_text("#new-token").strip()
    page.context.clear_cookies()
    auth = {"Authorization": f"Token {key}"}
    api = f"{app}/api/v1/orgs/F0001"
    got = page.request.get(f"{api}/finance/statements/{YEAR}/?month={MONTH}", headers=auth)
    assert got.ok, got.text()
    lines = {ln["line"]: ln for ln in got.json()["balance_sheet"]}
    assert amount(lines["资产总计"]["closing"]) == assets_total[-1]
    assert amount(lines["负债和净资产总计"]["closing"]) == claims_total[-1]
    assert amount(lines["资产总计"]["opening"]) == assets_total[0]
    got = page.request.get(f"{api}/budgets/documents/", headers=auth)
    assert got.ok, got.text()
    docs = got.json()
    docs = docs.get("results", docs) if isinstance(docs, dict) else docs
    final = next(d for d in docs if d["year"] == 2025 and d["kind"] == "final")
    assert final["state"] == "ratified"
    got = page.request.get(f"{api}/budgets/execution/{YEAR}/", headers=auth)
    assert got.ok, got.text()
    api_rates = [
        f"{Decimal(r['rate']):.1f}%"
        for r in got.json()["expense"] + got.json()["income"]
        if r["rate"] is not None
    ]
    assert sorted(api_rates) == sorted(shown_rates)
    assert not csp_violations()
