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
from gonghui.orgs.demo import PASSWORD

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


def login(username: str, **request) -> tuple[Client, object]:
    c = Client()
    r = c.post("/accounts/login/", {"username": username, "password": PASSWORD}, **request)
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


def test_setup_shows_a_qr_code_and_the_key(client_for, user):
    c = client_for("school_chair")
    r = c.get(SETUP)
    assert r.status_code == 200
    body = r.content.decode()
    assert 'src="data:image/svg+xml;base64,' in body
    device = TOTPDevice.objects.get(user=user("school_chair"))
    assert not device.confirmed
    assert f'id="otp-secret">{base64.b32encode(device.bin_key).decode()}<' in body
    # Opening the page again shows the same key: the device is not replaced.
    c.get(SETUP)
    assert TOTPDevice.objects.filter(user=user("school_chair")).count() == 1


def test_setup_needs_a_login(client):
    r = client.get(SETUP)
    assert_redirects_to(r, "/accounts/login/")


def test_setup_confirms_a_correct_code(client_for, user):
    c = client_for("school_chair")
    c.get(SETUP)
    device = TOTPDevice.objects.get(user=user("school_chair"))
    r = c.post(f"{SETUP}?next=/o/S0001/", {"token": code(device), "next": "/o/S0001/"})
    assert_redirects_to(r, "/o/S0001/")
    device.refresh_from_db()
    assert device.confirmed
    assert is_verified(c)
    assert "accounts.user.otp_enabled" in actions_for(user("school_chair"))
    # The page now says it is on and offers to turn it off.
    assert re.search(r'name="action"\s+value="disable"', c.get(SETUP).content.decode())


def test_setup_refuses_a_wrong_code(client_for, user):
    c = client_for("school_chair")
    c.get(SETUP)
    device = TOTPDevice.objects.get(user=user("school_chair"))
    r = c.post(SETUP, {"token": wrong_code(device)})
    assert r.status_code == 200
    assert "invalid-feedback" in r.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not is_verified(c)
    assert "accounts.user.otp_enabled" not in actions_for(user("school_chair"))


@pytest.mark.parametrize("token", ["12345", "abcdef", ""])
def test_setup_refuses_malformed_codes(client_for, user, token):
    c = client_for("school_chair")
    c.get(SETUP)
    r = c.post(SETUP, {"token": token})
    assert r.status_code == 200
    assert not TOTPDevice.objects.get(user=user("school_chair")).confirmed


def test_setup_ignores_an_outside_next_url(client_for, user):
    c = client_for("school_chair")
    c.get(SETUP)
    device = TOTPDevice.objects.get(user=user("school_chair"))
    r = c.post(SETUP, {"token": code(device), "next": "https://evil.example/"})
    assert_redirects_to(r, "/")


# -- logging in with it ----------------------------------------------------------


def test_login_with_a_device_asks_for_the_code(user):
    confirmed_device(user("school_chair"))
    c, r = login("school_chair")
    assert_redirects_to(r, VERIFY, nxt="/")
    assert not is_verified(c)
    # Every page outside /accounts/ sends the user back to the code page.
    assert_redirects_to(c.get("/o/S0001/"), VERIFY, nxt="/o/S0001/")
    assert_redirects_to(c.get("/o/S0001/roles/"), VERIFY, nxt="/o/S0001/roles/")
    assert_redirects_to(c.get("/"), VERIFY, nxt="/")
    page = c.get(VERIFY)
    assert page.status_code == 200
    assert 'name="token"' in page.content.decode()


def test_login_keeps_the_next_url_through_the_code_page(user):
    confirmed_device(user("school_chair"))
    c = Client()
    r = c.post(
        "/accounts/login/?next=/o/S0001/orgs/?q=a%26b",
        {"username": "school_chair", "password": PASSWORD, "next": "/o/S0001/orgs/?q=a%26b"},
    )
    assert_redirects_to(r, VERIFY, nxt="/o/S0001/orgs/?q=a%26b")


def test_account_pages_wait_for_the_code_too(user):
    """The password alone must not be enough to change the password or see one's roles."""
    device = confirmed_device(user("school_chair"))
    c, _ = login("school_chair")
    assert_redirects_to(c.get("/accounts/me/"), VERIFY, nxt="/accounts/me/")
    assert_redirects_to(c.get("/accounts/password/"), VERIFY, nxt="/accounts/password/")
    new = "Lotus-Harbor-2931"
    r = c.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert_redirects_to(r, VERIFY)
    assert user("school_chair").check_password(PASSWORD)
    # The code pages themselves, and logging out, stay open.
    assert c.get(SETUP).status_code == 200
    c.post(VERIFY, {"token": code(device)})
    assert c.get("/accounts/me/").status_code == 200
    assert c.get("/accounts/password/").status_code == 200


def test_logging_out_works_while_the_code_is_pending(user):
    confirmed_device(user("school_chair"))
    c, _ = login("school_chair")
    assert_redirects_to(c.post("/accounts/logout/"), "/accounts/login/")
    assert_redirects_to(c.get("/o/S0001/"), "/accounts/login/")


def test_a_wrong_code_keeps_the_pages_closed(user):
    device = confirmed_device(user("school_chair"))
    c, _ = login("school_chair")
    r = c.post(f"{VERIFY}?next=/o/S0001/", {"token": wrong_code(device), "next": "/o/S0001/"})
    assert r.status_code == 200
    assert "invalid-feedback" in r.content.decode()
    assert not is_verified(c)
    assert_redirects_to(c.get("/o/S0001/"), VERIFY, nxt="/o/S0001/")


def test_the_right_code_opens_the_pages(user):
    u = user("school_chair")
    device = confirmed_device(u)
    c, _ = login("school_chair")
    r = c.post(f"{VERIFY}?next=/o/S0001/", {"token": code(device), "next": "/o/S0001/"})
    assert_redirects_to(r, "/o/S0001/")
    assert is_verified(c)
    assert c.get("/o/S0001/").status_code == 200
    assert c.get("/").status_code == 302  # the home redirect, no longer the code page
    assert c.get("/").url == "/o/S0001/"
    assert actions_for(u)[-2:] == ["accounts.user.logged_in", "accounts.user.otp_verified"]


def test_a_code_cannot_be_used_twice(user):
    device = confirmed_device(user("school_chair"))
    token = code(device)
    c1, _ = login("school_chair")
    assert c1.post(VERIFY, {"token": token}).status_code == 302
    c2, _ = login("school_chair")
    assert c2.post(VERIFY, {"token": token}).status_code == 200
    assert not is_verified(c2)


def test_a_user_without_a_device_is_not_asked(user):
    c, r = login("school_chair")
    assert_redirects_to(r, "/")
    assert c.get("/o/S0001/").status_code == 200


def test_turning_it_off_needs_the_code_first(user):
    u = user("school_chair")
    device = confirmed_device(u)
    c, _ = login("school_chair")
    r = c.post(SETUP, {"action": "disable"})
    assert_redirects_to(r, VERIFY)
    assert TOTPDevice.objects.filter(user=u).exists()
    c.post(VERIFY, {"token": code(device)})
    r = c.post(SETUP, {"action": "disable"})
    assert_redirects_to(r, SETUP)
    assert not TOTPDevice.objects.filter(user=u).exists()
    assert "accounts.user.otp_disabled" in actions_for(u)


# -- organisations that require it -----------------------------------------------


@pytest.fixture(params=["S0001", "D0001"])
def school_requires_2fa(request, org):
    """Two-factor login required at the school union itself or at its parent."""
    o = org(request.param)
    o.require_2fa = True
    o.save()
    return o


@pytest.mark.usefixtures("school_requires_2fa")
def test_the_chair_is_sent_to_the_code_page(client_for):
    c = client_for("school_chair")
    assert_redirects_to(c.get("/o/S0001/"), VERIFY, nxt="/o/S0001/")
    assert_redirects_to(c.get("/o/S0001-G01/"), VERIFY, nxt="/o/S0001-G01/")
    # Without a device yet, the code page sends them on to set one up.
    r = c.get(f"{VERIFY}?next=/o/S0001/")
    assert_redirects_to(r, SETUP, nxt="/o/S0001/")


@pytest.mark.usefixtures("school_requires_2fa")
@pytest.mark.parametrize(
    "username,code_",
    [("member", "S0001-G01"), ("group_leader", "S0001-G01"), ("school_cadre", "S0001")],
)
def test_roles_without_sensitive_data_are_not_asked(client_for, username, code_):
    r = client_for(username).get(f"/o/{code_}/")
    assert r.status_code == 200
    assert not r.wsgi_request.access.has(SENSITIVE)


def test_sibling_unions_are_not_affected(client_for, org):
    school = org("S0001")
    school.require_2fa = True
    school.save()
    r = client_for("hospital_chair").get("/o/H0001/")
    assert r.status_code == 200
    assert r.wsgi_request.access.has(SENSITIVE)


@pytest.mark.usefixtures("school_requires_2fa")
def test_after_setting_it_up_the_chair_sees_sensitive_data(client_for, user):
    c = client_for("school_chair")
    c.get(f"{SETUP}?next=/o/S0001/")
    device = TOTPDevice.objects.get(user=user("school_chair"))
    r = c.post(SETUP, {"token": code(device), "next": "/o/S0001/"})
    assert_redirects_to(r, "/o/S0001/")
    page = c.get("/o/S0001/")
    assert page.status_code == 200
    assert page.wsgi_request.access.has(SENSITIVE)


@pytest.mark.usefixtures("school_requires_2fa")
def test_a_chair_with_a_device_logs_in_and_verifies(user):
    device = confirmed_device(user("school_chair"))
    c, r = login("school_chair")
    assert_redirects_to(r, VERIFY)
    assert_redirects_to(c.get("/o/S0001/"), VERIFY, nxt="/o/S0001/")
    c.post(VERIFY, {"token": code(device)})
    page = c.get("/o/S0001/")
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
