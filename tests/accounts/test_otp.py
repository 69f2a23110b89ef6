"""Two-factor login (TOTP): setting it up, confirming it at log-in, and organisations that
require it for the roles that can see sensitive data."""

from __future__ import annotations

import base64
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SETUP = "/accounts/otp/setup/"
VERIFY = "/accounts/otp/"
SENSITIVE = "members.sensitive:read"


def code(device: TOTPDevice) -> str:
    """The code the authenticator app shows right now."""
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def wrong_code(device: TOTPDevice) -> str:
    """A six-digit code that is not valid in any time window the device tolerates."""
    valid = {
        f"{totp(device.bin_key, step=device.step, digits=device.digits, drift=d):06d}"
        for d in range(-device.tolerance - 2, device.tolerance + 3)
    }
    candidate = 0
    while f"{candidate:06d}" in valid:
        candidate += 1
    return f"{candidate:06d}"


def assert_redirects_to(response, path: str, nxt: str | None = None) -> None:
    assert response.status_code == 302
    parts = urlsplit(response["Location"])
    assert parts.path == path
    if nxt is not None:
        assert parse_qs(parts.query).get("next") == [nxt]


def password_login(who, **request) -> tuple[Client, object]:
    c = Client()
    r = c.post("/accounts/login/", {"username": who.username, "password": PASSWORD}, **request)
    return c, r


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="totp", confirmed=True)


def is_verified(client: Client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


def actions_for(user) -> list[str]:
    with unscoped():
        return list(
            AuditEntry.objects.filter(object_id=str(user.pk), action__startswith="accounts.user.")
            .order_by("id")
            .values_list("action", flat=True)
        )


# -- setting it up ------------------------------------------------------------


def test_setup_shows_a_qr_code_and_the_key(town, login):
    c = login(town.chair)
    r = c.get(SETUP)
    assert r.status_code == 200
    body = r.content.decode()
    assert 'src="data:image/svg+xml;base64,' in body
    device = TOTPDevice.objects.get(user=town.chair)
    assert not device.confirmed
    assert f'id="otp-secret">{base64.b32encode(device.bin_key).decode()}<' in body
    # Opening the page again shows the same key: the device is not replaced.
    c.get(SETUP)
    assert TOTPDevice.objects.filter(user=town.chair).count() == 1


def test_setup_needs_a_login(client):
    r = client.get(SETUP)
    assert_redirects_to(r, "/accounts/login/")


def test_setup_confirms_a_correct_code(town, login):
    c = login(town.chair)
    c.get(SETUP)
    device = TOTPDevice.objects.get(user=town.chair)
    r = c.post(
        f"{SETUP}?next=/o/{town.school.code}/",
        {"token": code(device), "next": f"/o/{town.school.code}/"},
    )
    assert_redirects_to(r, f"/o/{town.school.code}/")
    device.refresh_from_db()
    assert device.confirmed
    assert is_verified(c)
    assert "accounts.user.otp_enabled" in actions_for(town.chair)
    # The page now says it is on and offers to turn it off.
    assert re.search(r'name="action"\s+value="disable"', c.get(SETUP).content.decode())


def test_setup_refuses_a_wrong_code(town, login):
    c = login(town.chair)
    c.get(SETUP)
    device = TOTPDevice.objects.get(user=town.chair)
    r = c.post(SETUP, {"token": wrong_code(device)})
    assert r.status_code == 200
    assert "invalid-feedback" in r.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not is_verified(c)
    assert "accounts.user.otp_enabled" not in actions_for(town.chair)


@pytest.mark.parametrize("token", ["12345", "abcdef", ""])
def test_setup_refuses_malformed_codes(town, login, token):
    c = login(town.chair)
    c.get(SETUP)
    r = c.post(SETUP, {"token": token})
    assert r.status_code == 200
    assert not TOTPDevice.objects.get(user=town.chair).confirmed


def test_setup_ignores_an_outside_next_url(town, login):
    c = login(town.chair)
    c.get(SETUP)
    device = TOTPDevice.objects.get(user=town.chair)
    r = c.post(SETUP, {"token": code(device), "next": "https://evil.example/"})
    assert_redirects_to(r, "/")


# -- logging in with it ----------------------------------------------------------


def test_login_with_a_device_asks_for_the_code(town):
    confirmed_device(town.chair)
    c, r = password_login(town.chair)
    assert_redirects_to(r, VERIFY, nxt="/")
    assert not is_verified(c)
    # Every page outside /accounts/ sends the user back to the code page.
    assert_redirects_to(c.get(f"/o/{town.school.code}/"), VERIFY, nxt=f"/o/{town.school.code}/")
    assert_redirects_to(
        c.get(f"/o/{town.school.code}/roles/"), VERIFY, nxt=f"/o/{town.school.code}/roles/"
    )
    assert_redirects_to(c.get("/"), VERIFY, nxt="/")
    page = c.get(VERIFY)
    assert page.status_code == 200
    assert 'name="token"' in page.content.decode()


def test_login_keeps_the_next_url_through_the_code_page(town):
    confirmed_device(town.chair)
    c = Client()
    r = c.post(
        f"/accounts/login/?next=/o/{town.school.code}/orgs/?q=a%26b",
        {
            "username": town.chair.username,
            "password": PASSWORD,
            "next": f"/o/{town.school.code}/orgs/?q=a%26b",
        },
    )
    assert_redirects_to(r, VERIFY, nxt=f"/o/{town.school.code}/orgs/?q=a%26b")


def test_account_pages_wait_for_the_code_too(town):
    """The password alone must not be enough to change the password or see one's roles."""
    device = confirmed_device(town.chair)
    c, _ = password_login(town.chair)
    assert_redirects_to(c.get("/accounts/me/"), VERIFY, nxt="/accounts/me/")
    assert_redirects_to(c.get("/accounts/password/"), VERIFY, nxt="/accounts/password/")
    new = "Lotus-Harbor-2931"
    r = c.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert_redirects_to(r, VERIFY)
    with unscoped():
        town.chair.refresh_from_db()
    assert town.chair.check_password(PASSWORD)
    # The code pages themselves, and logging out, stay open.
    assert c.get(SETUP).status_code == 200
    c.post(VERIFY, {"token": code(device)})
    assert c.get("/accounts/me/").status_code == 200
    assert c.get("/accounts/password/").status_code == 200


def test_logging_out_works_while_the_code_is_pending(town):
    confirmed_device(town.chair)
    c, _ = password_login(town.chair)
    assert_redirects_to(c.post("/accounts/logout/"), "/accounts/login/")
    assert_redirects_to(c.get(f"/o/{town.school.code}/"), "/accounts/login/")


def test_a_wrong_code_keeps_the_pages_closed(town):
    device = confirmed_device(town.chair)
    c, _ = password_login(town.chair)
    r = c.post(
        f"{VERIFY}?next=/o/{town.school.code}/",
        {"token": wrong_code(device), "next": f"/o/{town.school.code}/"},
    )
    assert r.status_code == 200
    assert "invalid-feedback" in r.content.decode()
    assert not is_verified(c)
    assert_redirects_to(c.get(f"/o/{town.school.code}/"), VERIFY, nxt=f"/o/{town.school.code}/")


def test_the_right_code_opens_the_pages(town):
    u = town.chair
    device = confirmed_device(u)
    c, _ = password_login(town.chair)
    r = c.post(
        f"{VERIFY}?next=/o/{town.school.code}/",
        {"token": code(device), "next": f"/o/{town.school.code}/"},
    )
    assert_redirects_to(r, f"/o/{town.school.code}/")
    assert is_verified(c)
    assert c.get(f"/o/{town.school.code}/").status_code == 200
    assert c.get("/").status_code == 302  # the home redirect, no longer the code page
    assert c.get("/").url == f"/o/{town.school.code}/"
    assert actions_for(u)[-2:] == ["accounts.user.logged_in", "accounts.user.otp_verified"]


def test_a_code_cannot_be_used_twice(town):
    device = confirmed_device(town.chair)
    token = code(device)
    c1, _ = password_login(town.chair)
    assert c1.post(VERIFY, {"token": token}).status_code == 302
    c2, _ = password_login(town.chair)
    assert c2.post(VERIFY, {"token": token}).status_code == 200
    assert not is_verified(c2)


def test_a_user_without_a_device_is_not_asked(town):
    c, r = password_login(town.chair)
    assert_redirects_to(r, "/")
    assert c.get(f"/o/{town.school.code}/").status_code == 200


def test_turning_it_off_needs_the_code_first(town):
    u = town.chair
    device = confirmed_device(u)
    c, _ = password_login(town.chair)
    r = c.post(SETUP, {"action": "disable"})
    assert_redirects_to(r, VERIFY)
    assert TOTPDevice.objects.filter(user=u).exists()
    c.post(VERIFY, {"token": code(device)})
    r = c.post(SETUP, {"action": "disable"})
    assert_redirects_to(r, SETUP)
    assert not TOTPDevice.objects.filter(user=u).exists()
    assert "accounts.user.otp_disabled" in actions_for(u)


# -- organisations that require it -----------------------------------------------


@pytest.fixture(params=["school", "district"])
def school_requires_2fa(request, town):
    """Two-factor login required at the school union itself or at its parent."""
    o = getattr(town, request.param)
    o.require_2fa = True
    with unscoped():
        o.save()
    return o


@pytest.mark.usefixtures("school_requires_2fa")
def test_the_chair_is_sent_to_the_code_page(town, login):
    c = login(town.chair)
    assert_redirects_to(c.get(f"/o/{town.school.code}/"), VERIFY, nxt=f"/o/{town.school.code}/")
    assert_redirects_to(c.get(f"/o/{town.g1.code}/"), VERIFY, nxt=f"/o/{town.g1.code}/")
    # Without a device yet, the code page sends them on to set one up.
    r = c.get(f"{VERIFY}?next=/o/{town.school.code}/")
    assert_redirects_to(r, SETUP, nxt=f"/o/{town.school.code}/")


@pytest.mark.usefixtures("school_requires_2fa")
@pytest.mark.parametrize(
    "persona,at",
    [("member", "g1"), ("leader", "g1"), ("cadre", "school")],
)
def test_roles_without_sensitive_data_are_not_asked(town, login, persona, at):
    r = login(getattr(town, persona)).get(f"/o/{getattr(town, at).code}/")
    assert r.status_code == 200
    assert not r.wsgi_request.access.has(SENSITIVE)


def test_sibling_unions_are_not_affected(town, login):
    school = town.school
    school.require_2fa = True
    with unscoped():
        school.save()
    r = login(town.hospital_union_chair).get(f"/o/{town.hospital.code}/")
    assert r.status_code == 200
    assert r.wsgi_request.access.has(SENSITIVE)


@pytest.mark.usefixtures("school_requires_2fa")
def test_after_setting_it_up_the_chair_sees_sensitive_data(town, login):
    c = login(town.chair)
    c.get(f"{SETUP}?next=/o/{town.school.code}/")
    device = TOTPDevice.objects.get(user=town.chair)
    r = c.post(SETUP, {"token": code(device), "next": f"/o/{town.school.code}/"})
    assert_redirects_to(r, f"/o/{town.school.code}/")
    page = c.get(f"/o/{town.school.code}/")
    assert page.status_code == 200
    assert page.wsgi_request.access.has(SENSITIVE)


@pytest.mark.usefixtures("school_requires_2fa")
def test_a_chair_with_a_device_logs_in_and_verifies(town):
    device = confirmed_device(town.chair)
    c, r = password_login(town.chair)
    assert_redirects_to(r, VERIFY)
    assert_redirects_to(c.get(f"/o/{town.school.code}/"), VERIFY, nxt=f"/o/{town.school.code}/")
    c.post(VERIFY, {"token": code(device)})
    page = c.get(f"/o/{town.school.code}/")
    assert page.status_code == 200
    assert page.wsgi_request.access.has(SENSITIVE)


def test_a_superuser_confirms_the_code_before_the_admin():
    from gonghui.accounts.models import User

    with unscoped():
        root = User.objects.create_superuser("operator", password="Operator-pass-2931")
    confirmed_device(root)
    c = Client()
    c.post("/accounts/login/", {"username": "operator", "password": "Operator-pass-2931"})
    assert_redirects_to(c.get("/admin/"), VERIFY, nxt="/admin/")
