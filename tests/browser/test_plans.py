"""The work plan in a real browser: a cadre imports a plan, corrects it, accepts it,
assigns an owner and records what was done; the task's progress follows the record."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.core.scoping import unscoped

pytestmark = pytest.mark.browser

PLAN = """测试中学工会{year}年工作计划
一、主要工作
（一）民主管理
1、三月份召开教职工代表大会。
2、坚持校务公开。
（二）文体活动
1、每月开展一次教职工羽毛球活动。
2、组织教职工合唱比赛；开展教职工书法展。
二、月工作安排
三月份：召开教代会。
十月份：重阳节慰问退休教师。
"""


def test_a_cadre_imports_corrects_and_tracks_a_plan(page, app, log_in, screenshot, csp_violations):
    from gonghui.plans.models import Plan, Task

    year = dt.date.today().year + 1  # a year without the demo plan
    log_in("school_chair")
    page.goto(f"{app}/o/S0001/plans/import/")
    page.fill("#id_year", str(year))
    page.fill("#id_text", PLAN.format(year=year))
    with page.expect_navigation():
        page.click("#plan-import-form button[type=submit]")
    assert page.locator("#plan-status").inner_text().startswith("草稿")
    assert page.locator("#outline").get_by_text("召开教职工代表大会").count() >= 1
    screenshot("plans-draft")

    with unscoped():
        plan = Plan.objects.get(org__code="S0001", year=year)
        combined = Task.objects.filter(plan=plan, text__contains="合唱").get()
    # Split the task that holds two items, from its page.
    page.goto(f"{app}/o/S0001/plans/tasks/{combined.pk}/")
    page.fill("#split-form textarea", "组织教职工合唱比赛\n开展教职工书法展")
    with page.expect_navigation():
        page.click("#split-form button[type=submit]")
    with unscoped():
        assert Task.objects.filter(plan=plan, text="开展教职工书法展").exists()

    # Re-categorise two ticked tasks with the bulk bar.
    boxes = page.locator("#outline input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.select_option("#bulk-action", "category")
    page.select_option("#bulk-category", "democracy")
    with page.expect_navigation():
        page.click("#bulk-apply")
    with page.expect_navigation():
        page.click("#accept-plan")
    assert page.locator("#plan-status").inner_text().startswith("已确认")

    with unscoped():
        task = Task.objects.filter(plan=plan, text__contains="羽毛球").get()
    page.goto(f"{app}/o/S0001/plans/tasks/{task.pk}/")
    page.select_option("#task-form select[name=owner]", index=1)
    with page.expect_navigation():
        page.click("#task-form button[type=submit]")
    page.goto(f"{app}/o/S0001/plans/tasks/{task.pk}/")
    page.fill("#record-form input[name=title]", "三月羽毛球活动")
    page.fill("#record-form input[name=date]", f"{year}-03-15")
    page.fill("#record-form input[name=participants]", "24")
    page.set_input_files(
        "#record-files",
        files=[{"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff test"}],
    )
    with page.expect_navigation():
        page.click("#record-form button[type=submit]")
    assert "三月羽毛球活动" in page.locator("#evidence-list").inner_text()
    label = page.locator("#progress-label").inner_text()
    assert "1" in label and "12" in label, label
    screenshot("plans-task")
    with unscoped():
        task.refresh_from_db()
        assert task.owner_id is not None and task.status == "doing"
    page.goto(f"{app}/o/S0001/plans/calendar/?year={year}")
    assert "羽毛球" in page.locator("#month-3").inner_text()
    screenshot("plans-calendar")

    # The year-end summary: a draft written from the records, then the Word file.
    page.goto(f"{app}/o/S0001/plans/summary/{year}/")
    with page.expect_navigation():
        page.locator("form[action$='/generate/'] button[type=submit]").click()
    body = page.locator("textarea").first.input_value()
    assert "羽毛球" in body and str(year) in body
    screenshot("plans-summary")
    with page.expect_download() as download:
        page.locator("a[href$='summary.docx']").click()
    assert download.value.suggested_filename.endswith(".docx")
    assert csp_violations() == []
