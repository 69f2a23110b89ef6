"""Upper-union staff import organisations on a phone, in a real browser.

Reads the demo: a browser test (marked `browser`), it signs in as the demo's district staff
and imports under the demo's district, as the other browser tests use the demo.
"""

from __future__ import annotations

import re

import pytest

from gonghui.core.scoping import unscoped
from tests.browser import conftest as _browser

from .conftest import HEADER, xlsx_bytes

# The browser fixtures live in tests/browser/conftest.py; this test sits with the other
# import tests, so it borrows them.
PHONE = _browser.PHONE
app, browser, page = _browser.app, _browser.browser, _browser.page
csp_violations, log_in, screenshot = _browser.csp_violations, _browser.log_in, _browser.screenshot


pytestmark = pytest.mark.browser


@pytest.fixture
def viewport():
    return PHONE


def test_import_organisations_on_a_phone(page, app, log_in, screenshot, csp_violations, tmp_path):
    path = tmp_path / "基层工会名单.xlsx"
    path.write_bytes(
        xlsx_bytes(
            [
                HEADER,
                ["B1-G1", "浏览器一组", "工会小组", "B1", "", ""],
                ["B1", "浏览器导入工会", "基层工会", "D0001", "浏览器公司", "企业"],
                ["B2", "坏行", "分会", "D0001", "", ""],
            ],
            title_rows=[["示范区基层工会名单"]],
        )
    )
    log_in("district")
    page.goto(f"{app}/o/D0001/orgs/")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("导入|Import")).first.click()
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator('tr[data-row="5"][data-action="error"]').is_visible()
    assert page.locator("#has-errors").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot("imports-01-preview-with-error-phone")

    path.write_bytes(
        xlsx_bytes(
            [
                HEADER,
                ["B1-G1", "浏览器一组", "工会小组", "B1", "", ""],
                ["B1", "浏览器导入工会", "基层工会", "D0001", "浏览器公司", "企业"],
            ]
        )
    )
    page.goto(f"{app}/o/D0001/imports/orgs/")
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.on("dialog", lambda dialog: dialog.accept())  # the confirm() before importing
    with page.expect_navigation():
        page.locator("#commit").click()
    assert page.locator("#messages .alert-success").is_visible()
    screenshot("imports-02-committed-phone")

    from gonghui.orgs.models import Organisation

    with unscoped():
        assert Organisation.objects.get(code="B1-G1").parent.code == "B1"
    assert csp_violations() == [], page.console_messages
