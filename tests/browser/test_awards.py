"""Awards in a real browser, as the school would run 优秀教师: the chair opens a round, a
member nominates a colleague with a photo on a 375 px phone, the chair reviews and puts the
list up for 公示, a member objects from the phone, the chair answers, decides once the
notice is over, and downloads the numbered certificates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped

from .conftest import PHONE

pytestmark = pytest.mark.browser

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
    b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.mark.parametrize("viewport", [PHONE], ids=["375px"])
def test_the_school_runs_excellent_teacher_from_call_to_certificates(
    page, app, log_in, screenshot, csp_violations, viewport, tmp_path
):
    from gonghui.awards.models import AwardRound, Nomination

    # The chair drafts and opens the call.
    log_in("school_chair")
    page.goto(f"{app}/o/S0001/awards/new/")
    page.select_option("#id_kind", "excellent_teacher")
    page.fill("#id_quota", "2")
    with page.expect_navigation():
        page.click("#save-round")
    with page.expect_navigation():
        page.click("#open-round")
    with unscoped():
        r = AwardRound.objects.get(org__code="S0001", kind="excellent_teacher")
    assert r.status == "open"

    # A member nominates a colleague from the phone, with a photo.
    page.context.clear_cookies()
    log_in("member")
    page.goto(f"{app}/o/S0001-G01/awards/me/")
    with page.expect_navigation():
        page.click(f"a[href$='/awards/me/{r.pk}/nominate/']")
    options = page.locator("#id_member option").all_inner_texts()
    page.select_option("#id_member", index=1)
    page.fill("#id_story", "刻苦钻研教学，所教班级成绩显著提高，深受学生和家长好评。")
    photo = tmp_path / "课堂.png"
    photo.write_bytes(PNG)
    page.set_input_files("#id_photos", str(photo))
    screenshot("awards-nominate-phone")
    with page.expect_navigation():
        page.click("#send-nomination")
    assert len(options) > 1 and "推荐已提交" in page.content()
    with unscoped():
        n = Nomination.objects.get(round=r)
        assert n.files.count() == 1

    # The chair reviews and puts the list up for 公示.
    page.context.clear_cookies()
    log_in("school_chair")
    page.goto(f"{app}/o/S0001/awards/{r.pk}/")
    with page.expect_navigation():
        page.click("#close-nominations")
    page.goto(f"{app}/o/S0001/awards/{r.pk}/nominations/{n.pk}/")
    page.check("#id_selected_0")
    page.fill("#id_score", "92")
    with page.expect_navigation():
        page.click("#save-review")
    with page.expect_navigation():
        page.click("#publicise")
    assert page.locator("#publicity-end").is_visible()

    # A member objects from the phone.
    page.context.clear_cookies()
    log_in("member")
    page.goto(f"{app}/o/S0001-G01/awards/me/{r.pk}/")
    page.click("#names details summary")
    page.fill("#names textarea[name=text]", "请核实其公开课获奖情况。")
    with page.expect_navigation():
        page.click("#names button[type=submit]")
    assert "请核实其公开课获奖情况。" in page.content()

    # The chair sees who objected and answers.
    page.context.clear_cookies()
    log_in("school_chair")
    page.goto(f"{app}/o/S0001/awards/{r.pk}/")
    assert "郑子涵" in page.locator("#objections").inner_text()
    page.fill("#objections textarea[name=answer]", "经核实，获奖证书齐全。")
    with page.expect_navigation():
        page.click("#objections button[type=submit]")

    # The notice is over (the clock moves on): decide and download the certificates.
    today = timezone.localdate()
    with unscoped(), acting(source="system"):
        r = AwardRound.objects.get(pk=r.pk)
        r.publicity_start = today - dt.timedelta(days=14)
        r.publicity_end = today - dt.timedelta(days=7)
        r.save()
    page.goto(f"{app}/o/S0001/awards/{r.pk}/")
    page.fill("#id_number", "实验中学工〔2026〕8号")
    with page.expect_navigation():
        page.click("#decide")
    assert page.locator("#decision-card").is_visible()
    with page.expect_download() as download:
        page.click("#certificates")
    path = download.value.path()
    assert Path(path).read_bytes()[:4] == b"%PDF"
    with unscoped():
        n.refresh_from_db()
        assert n.status == "awarded" and n.certificate_no.startswith("S0001-")
    screenshot("awards-decided")
    assert csp_violations() == []
