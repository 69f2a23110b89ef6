"""A 金点子 in a real browser, as the people involved would try it: a worker of the factory
submits an idea with a photo on a 375 px phone; the committee takes it up and sends it to
the equipment department; the department's person answers through the link on their phone
without a login; the committee adopts it, records the implementation, verifies the value
created and pays the reward through the books; the figures page counts it."""

from __future__ import annotations

import io

import pytest
from django.urls import NoReverseMatch, clear_url_caches, reverse
from django.utils import timezone

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def go_routes(settings):
    """The department's link routes, when gonghui/urls.py does not mount them yet."""
    try:
        reverse("ideas_public:answer", kwargs={"token": "x" * 43})
    except NoReverseMatch:
        settings.ROOT_URLCONF = "tests.ideas.urls_with_go"
        clear_url_caches()
    yield
    clear_url_caches()


@pytest.fixture
def viewport():
    return PHONE


@pytest.fixture
def worker(app):
    """A worker of the factory's first workshop who has activated a login."""
    from gonghui.accounts.models import RoleAssignment, User
    from gonghui.audit.context import acting
    from gonghui.core.scoping import unscoped
    from gonghui.members.models import Member
    from gonghui.orgs.models import Organisation

    with unscoped(), acting(source="system"):
        group = Organisation.objects.get(code="F0001-G01")
        member = Member.objects.filter(org=group, user=None, status="active").order_by("pk")[0]
        user = User(username="worker_f1", display_name=member.name)
        user.set_password("Gonghui@2026")
        user.save()
        RoleAssignment.objects.create(user=user, org=group, role="member")
        member.user = user
        member.save()
    return member


def png(path) -> str:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 140, 60)).save(buf, "PNG")
    path.write_bytes(buf.getvalue())
    return str(path)


def no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def test_a_golden_idea_from_the_phone_to_the_reward(
    app, browser, page, log_in, worker, screenshot, csp_violations, tmp_path
):
    # -- the worker, on the phone ------------------------------------------------------
    log_in("worker_f1", "Gonghui@2026")
    page.goto(f"{app}/o/F0001-G01/ideas/me/")
    no_horizontal_scroll(page)
    page.click("#idea-new")
    page.fill("#id_title", "数控车床加装排屑挡板")
    page.select_option("#id_category", "safety")
    page.fill("#id_text", "车床排屑时铁屑飞溅，建议在防护门下方加装挡板。")
    page.fill("#id_expected_benefit", "减少铁屑伤人，每年节约清扫工时约200小时。")
    page.set_input_files("#id_files", png(tmp_path / "现场.png"))
    no_horizontal_scroll(page)
    with page.expect_navigation():
        page.click("#idea-submit")
    assert "数控车床加装排屑挡板" in page.inner_text("#idea-title")
    assert page.locator(".gh-idea-photos img").count() == 1
    no_horizontal_scroll(page)
    screenshot("ideas-phone-submitted")
    idea_path = page.url  # /o/F0001-G01/ideas/me/<id>/
    idea_id = idea_path.rstrip("/").rsplit("/", 1)[1]

    # -- the committee, on a desktop ----------------------------------------------------------
    desk = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    chair = desk.new_page()
    chair.goto(f"{app}/accounts/login/")
    from gonghui.orgs.demo import PASSWORD

    chair.fill("#id_username", "factory_chair")
    chair.fill("#id_password", PASSWORD)
    with chair.expect_navigation():
        chair.click("main form button[type=submit]")
    chair.goto(f"{app}/o/F0001/ideas/")
    with chair.expect_navigation():
        chair.click("#ideas a:has-text('数控车床加装排屑挡板')")
    with chair.expect_navigation():
        chair.click("#do-accept")
    chair.fill("#form-send #id_department", "设备部")
    chair.fill("#form-send #id_contact", "刘工")
    with chair.expect_navigation():
        chair.click("#do-send")
    link = chair.inner_text("#link-url").strip()
    assert "/go/ideas/answer/" in link

    # -- the department's person, through the link, on the phone, without a login -----------
    dept = browser.new_context(viewport=PHONE, locale="zh-CN")
    phone = dept.new_page()
    phone.goto(link)
    assert "数控车床加装排屑挡板" in phone.inner_text("#idea-title")
    assert worker.name not in phone.content()
    no_horizontal_scroll(phone)
    phone.fill("#id_answer", "可行。设备部下周在6台车床上加装挡板，费用约3000元。")
    phone.fill("#id_name", "刘工")
    with phone.expect_navigation():
        phone.click("#answer-submit")
    assert phone.locator("#answered").is_visible()
    no_horizontal_scroll(phone)
    phone.screenshot(path=str(tmp_path / "dept.png"))
    dept.close()

    # -- the committee adopts, follows it through, pays the reward --------------------------
    chair.reload()
    assert "可行" in chair.inner_text("#idea-answer")
    chair.fill("#form-review #id_mass", "8")
    chair.fill("#form-review #id_novelty", "7")
    chair.fill("#form-review #id_practical", "9")
    chair.fill("#form-review #id_benefit", "8")
    chair.select_option("#form-review #id_recommendation", "adopt")
    with chair.expect_navigation():
        chair.click("#do-review")
    assert chair.locator("#review-summary").is_visible()
    chair.select_option("#form-decide #id_outcome", "adopt")
    with chair.expect_navigation():
        chair.click("#do-decide")
    chair.fill("#form-implement #id_implementation", "6台车床已加装挡板。")
    with chair.expect_navigation():
        chair.click("#do-implement")
    chair.fill("#form-verify #id_value_created", "1.80")
    chair.fill("#form-verify #id_verification", "按减少的清扫工时和工伤风险测算，设备部确认。")
    with chair.expect_navigation():
        chair.click("#do-verify")
    assert "1.80" in chair.inner_text("#idea-value")
    chair.fill("#form-reward #id_amount", "500")
    chair.fill("#form-reward #id_note", "年度金点子奖")
    chair.fill("#form-reward #id_override_reason", "职代会通过的合理化建议奖励办法")
    with chair.expect_navigation():
        chair.click("#do-reward")
    assert chair.locator("#reward-paid").is_visible(), chair.inner_text("main")
    chair.screenshot(path=str(tmp_path / "chair.png"), full_page=True)

    # -- the figures count it ------------------------------------------------------------------
    chair.goto(f"{app}/o/F0001/ideas/metrics/")
    from gonghui.core.scoping import unscoped
    from gonghui.ideas.models import Idea

    with unscoped():
        n = Idea.objects.filter(org__code="F0001", year=timezone.localdate().year).count()
    assert chair.inner_text("#m-ideas").strip() == str(n)
    assert chair.locator("#chart-months svg").count() == 1
    desk.close()

    # -- the worker sees what became of it --------------------------------------------------------
    page.goto(idea_path)
    assert page.locator("#idea-reward").is_visible()
    assert "1.80" in page.inner_text("#idea-value")
    no_horizontal_scroll(page)
    assert idea_id.isdigit()
    assert csp_violations() == []
