"""Assigned tasks and report forms in a real browser: the district's board of the demo
form (F0001 handed in, S0001 a draft, H0001 reminded); the school's chair fills the form
on a phone (attaching a photo keeps what was typed) and hands it in; the district returns nothing and accepts the factory's."""

from __future__ import annotations

import pytest

from .conftest import PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


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


def test_the_board_and_an_answer_on_a_phone(page, app, browser, csp_violations):
    login(page, app, "district")
    page.goto(f"{app}/o/D0001/assignments/")
    with page.expect_navigation():
        page.click("#assignment-list a:has-text('职工之家建设情况统计')")
    assert page.locator('#board [data-union="F0001"]').inner_text().count("已提交") == 1
    assert "草稿" in page.locator('#board [data-union="S0001"]').inner_text()
    shot(page, "assignments-01-board")

    phone = browser.new_context(viewport=PHONE, locale="zh-CN")
    p = phone.new_page()
    login(p, app, "school_chair")
    p.goto(f"{app}/o/S0001/")
    assert p.locator("#card-assignments").count() == 1
    with p.expect_navigation():
        p.click("#card-assignments a >> nth=0")
    assert p.input_value("#id_staff") == "215"  # the demo's draft
    # Attaching a photo after typing keeps the typing (saved as a draft with the file).
    p.fill("#id_notes", "阅览室、健身房已建成")
    p.set_input_files(
        '[data-field="photos"] input[type=file]',
        files=[{"name": "阵地.png", "mimeType": "image/png", "buffer": PNG}],
    )
    with p.expect_navigation():
        p.click('[data-field="photos"] button[name=save]')
    assert p.input_value("#id_notes") == "阅览室、健身房已建成"
    assert "阵地.png" in p.locator('[data-field="photos"]').inner_text()
    p.fill("#id_members", "很多")
    with p.expect_navigation():
        p.click("#submit-answer")
    assert "会员人数：请填写数字。" in p.content()
    assert p.input_value("#id_members") == "很多"
    shot(p, "assignments-02-answer-phone")
    p.fill("#id_members", "198")
    with p.expect_navigation():
        p.click("#submit-answer")
    assert "已提交" in p.locator("#answer-status").inner_text()
    phone.close()
    assert csp_violations() == []
