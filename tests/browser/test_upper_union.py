"""The upper union's week in a real browser (#16 "Done means"): as `district`, every union
in one table with its figures and one opened; a form sent to the school unions (by unit
type), filled on a phone by `school_chair` and accepted; the statistics survey computed,
added up and exported; a union's 台账 built in the background and downloaded as a zip."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from .conftest import PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser


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


def test_the_unions_table_a_form_to_the_schools_and_a_binder(page, app, browser, csp_violations):
    login(page, app, "district")
    # Every union in one table; one opened.
    page.goto(f"{app}/o/D0001/upper/unions/")
    table = page.locator("table tbody").first.inner_text()
    for name in ("示范区实验中学工会", "华东精密机械有限公司工会", "示范区人民医院工会"):
        assert name in table
    shot(page, "upper-01-unions")
    with page.expect_navigation():
        page.click("table tbody a:has-text('示范区实验中学工会') >> nth=0")
    assert "/o/S0001/" in page.url

    # A form to the school unions only.
    page.goto(f"{app}/o/D0001/assignments/new/")
    page.fill("#id_title", "教职工之家阵地情况")
    page.fill("#id_deadline", (dt.date.today() + dt.timedelta(days=14)).isoformat())
    page.check("input[name=target_mode][value=unit_type]")
    page.check("input[name=unit_types][value=school]")
    page.fill("#id_lines", "阵地面积|数字|必填")
    with page.expect_navigation():
        page.click("#save-assignment")
    preview = page.locator("#draft-card").inner_text()
    assert "示范区实验中学工会" in preview and "华东精密机械有限公司工会" not in preview
    with page.expect_navigation():
        page.click("#send-assignment")
    board_url = page.url
    assert page.locator('#board [data-union="S0001"]').count() == 1
    assert page.locator('#board [data-union="F0001"]').count() == 0

    # Filled on a phone by the school's chair.
    phone = browser.new_context(viewport=PHONE, locale="zh-CN")
    p = phone.new_page()
    login(p, app, "school_chair")
    p.goto(f"{app}/o/S0001/assignments/inbox/")
    with p.expect_navigation():
        p.click("a:has-text('教职工之家阵地情况')")
    p.fill("#answer-form input[inputmode=decimal]", "260")
    with p.expect_navigation():
        p.click("#submit-answer")
    assert "已提交" in p.locator("#answer-status").inner_text()
    shot(p, "upper-02-form-phone")
    phone.close()

    # Accepted by the district.
    page.goto(board_url)
    with page.expect_navigation():
        page.click('#board [data-union="S0001"] a')
    assert "260" in page.content()
    with page.expect_navigation():
        page.click("#accept-answer")
    page.goto(board_url)
    assert "已通过" in page.locator('#board [data-union="S0001"]').inner_text()

    # The statistics survey of the demo's period: computed again, added up, exported.
    page.goto(f"{app}/o/D0001/survey/")
    with page.expect_navigation():
        page.click("#period-list a >> nth=0")
    with page.expect_navigation():
        page.click("#survey-compute")
    assert page.locator("#survey-board").count() == 1
    with page.expect_navigation():
        page.click("#survey-aggregate")
    assert "示范区总工会" in page.locator("#survey-aggregate-table").inner_text()
    assert "入会率" in page.locator("#survey-formulas").inner_text()
    shot(page, "upper-03-survey")
    with page.expect_download() as got:
        page.click("#survey-export")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(got.value.path().read_bytes()))
    text = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value)
    assert "华东精密机械有限公司工会" in text and "会员人数" in text  # the accepted survey

    # The school's 台账 for this year, built in the background, downloaded.
    page.goto(f"{app}/o/D0001/binders/")
    page.select_option("#binder-form select[name=union]", label="示范区实验中学工会")
    with page.expect_navigation():
        page.click("#build-binder")
    page.wait_for_selector("#binder-download", timeout=120_000)
    shot(page, "upper-04-binder")
    with page.expect_download() as got:
        page.click("#binder-download")
    data = got.value.path().read_bytes()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names[0] == "00-目录.pdf" and any(n.startswith("01-") for n in names)
    assert csp_violations() == []
