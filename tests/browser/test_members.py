"""Members in a real browser on a phone: the roster search, and a member's first login."""

from __future__ import annotations

import re

import pytest
from django.db.models import Q

from gonghui.core.scoping import unscoped

from .conftest import PHONE, SCREENSHOTS, wait_for_requests

pytestmark = pytest.mark.browser

PASSWORD = "Lanmei#2026-qiuyu"  # what the member chooses: long, not common, not numeric


def no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def searchable_member():
    """An on-roll school member whose pinyin initials find them alone, so the list shows
    only them whatever else the demo holds."""
    from gonghui.members.models import ON_ROLL, Member
    from gonghui.orgs.models import Organisation

    with unscoped():
        school = Organisation.objects.get(code="S0001")
        on_roll = Member.objects.filter(org__path__startswith=school.path, status__in=ON_ROLL)
        for member in on_roll.filter(name_initials__regex=r"^[a-z]{3}$").order_by("id"):
            ini = member.name_initials
            if (
                on_roll.filter(Q(name_pinyin__startswith=ini) | Q(name_initials__startswith=ini))
                .exclude(pk=member.pk)
                .exists()
            ):
                continue
            return member
    raise AssertionError("no school member with unique pinyin initials in the demo")


def member_without_login():
    """An active member of a school group who has a mobile number and no account yet."""
    from gonghui.accounts.models import User
    from gonghui.members.models import Member, Status

    with unscoped():
        taken = User.objects.exclude(mobile=None).values("mobile")
        return (
            Member.objects.select_related("org")
            .filter(org__code__startswith="S0001-G", status=Status.ACTIVE, user=None, mobile__gt="")
            .exclude(mobile__in=taken)
            .order_by("id")
            .first()
        )


@pytest.mark.parametrize("viewport", [PHONE], ids=["375px"])
def test_cadre_finds_a_member_by_pinyin_initials(
    page, app, log_in, screenshot, csp_violations, viewport
):
    member = searchable_member()
    initials = member.name_initials
    log_in("school_cadre")
    page.goto(f"{app}/o/S0001/members/")
    rows = page.locator("#roster-rows tbody tr")
    assert rows.count() > 1  # the whole roster, before searching
    no_horizontal_scroll(page)
    screenshot("members-01-phone-roster")

    # htmx asks for the list only, as the cadre types (input, 300 ms after the last key).
    partial = []
    page.on(
        "request",
        lambda r: partial.append(r.url) if r.headers.get("hx-request") == "true" else None,
    )
    with page.expect_response(lambda r: f"q={initials}" in r.url) as answer:
        page.locator("#q").press_sequentially(initials, delay=60)
    assert answer.value.ok
    assert "<html" not in answer.value.text()  # the rows fragment, not a whole page
    page.wait_for_function(
        "n => document.querySelectorAll('#roster-rows tbody tr').length === n", arg=1
    )
    assert partial and all("/o/S0001/members/" in url for url in partial)
    assert member.name in rows.first.inner_text()
    assert f"q={initials}" in page.url  # hx-push-url: the search can be bookmarked
    no_horizontal_scroll(page)
    screenshot("members-02-phone-search-initials")

    with page.expect_navigation():
        rows.first.locator("a", has_text=member.name).click()
    page.wait_for_url(re.compile(rf"/o/S0001/members/{member.pk}/$"))
    assert member.name in page.locator("main h1").inner_text()
    shown = page.locator("#id-number").inner_text()
    assert member.id_number not in page.content()
    assert shown.startswith(member.id_number[:6]) and "*" in shown
    assert member.id_number[-4:] in shown
    no_horizontal_scroll(page)
    screenshot("members-03-phone-member-masked-id")
    assert csp_violations() == [], page.console_messages


def test_member_activates_their_login_on_a_phone(
    page, browser, app, log_in, screenshot, csp_violations
):
    member = member_without_login()
    assert member is not None, "the demo has no school member without a login"
    group = member.org.code

    # The chair prints a code for this one member.
    log_in("school_chair")
    page.goto(f"{app}/o/S0001/members/invitations/")
    form = page.locator("main form[method=post]")
    form.locator(f'input[name="member"][value="{member.pk}"]').check()
    screenshot("members-04-invitations-ticked", full_page=False)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    slips = page.locator("#invitation-sheet .gh-slip")
    assert slips.count() == 1
    assert member.name in slips.first.inner_text()
    code = slips.first.locator(".gh-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}", code), code
    screenshot("members-05-invitation-sheet")
    assert csp_violations() == [], page.console_messages

    # The member, on their own phone: a fresh browser, nobody logged in.
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    context.set_default_timeout(15_000)
    phone = context.new_page()
    console: list[str] = []
    phone.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    phone.on("pageerror", lambda exc: console.append(f"pageerror: {exc}"))

    def shot(name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    try:
        # What the QR code on the slip opens.
        phone.goto(f"{app}/activate/?code={code.replace('-', '')}")
        no_horizontal_scroll(phone)
        phone.fill("#id_mobile", member.mobile)
        phone.fill("#id_code", code)
        phone.fill("#id_password1", PASSWORD)
        phone.fill("#id_password2", PASSWORD)
        shot("members-06-phone-activate")
        with phone.expect_navigation():
            phone.click("main form button[type=submit]")
        # The new login holds the member role at their group: home sends them there.
        phone.wait_for_url(re.compile(rf"/o/{re.escape(group)}/$"))
        no_horizontal_scroll(phone)
        shot("members-07-phone-member-dashboard")

        phone.locator("button.navbar-toggler").click()
        link = phone.locator(f'#gh-nav a[href$="/o/{group}/members/me/"]')
        link.wait_for(state="visible")
        with phone.expect_navigation():
            link.click()
        phone.wait_for_url(re.compile(rf"/o/{re.escape(group)}/members/me/$"))
        record = phone.locator("main dl").first
        assert member.name in record.inner_text()
        assert member.id_number not in phone.content()
        no_horizontal_scroll(phone)
        shot("members-08-phone-my-membership")
        assert [m for m in console if "content security policy" in m.lower()] == [], console
    finally:
        context.close()
    # A page may still be loading a panel: the server's threads share this SQLite
    # connection, and a query from here beside one of theirs waits for ever.
    wait_for_requests()

    from gonghui.members.models import Invitation, Member

    with unscoped():
        member = Member.objects.select_related("user").get(pk=member.pk)
        assert member.user is not None and member.user.username == member.mobile
        assert member.user.check_password(PASSWORD)
        assert Invitation.objects.get(member=member, revoked=False).used_at is not None
