"""Password spraying: failed log-ins are also counted per network address, whatever the
accounts tried, and an address over the limit is paused (in the database, so every app
process sees it). axes' per-account lock is tested in test_throttling.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY, authenticate
from django.test import Client, RequestFactory
from django.utils import timezone

from gonghui.accounts import throttling
from gonghui.accounts.models import FailedLogin
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADDRESS = "203.0.113.7"


@pytest.fixture(autouse=True)
def limit(settings):
    settings.AXES_ENABLED = True
    # High enough that axes' lock of one account (5) never decides these tests.
    settings.AXES_FAILURE_LIMIT = 1000
    return settings.LOGIN_ADDRESS_FAILURE_LIMIT


CHAIR, CADRE = "li_chair", "liu_cadre"  # the logins of `people`


@pytest.fixture(autouse=True)
def people(union, staff):
    """A union's chair and a cadre, each with a login."""
    return staff("chair", union, username=CHAIR), staff("cadre", union, username=CADRE)


def attempt(username, password="wrong-password-1", **extra):
    c = Client()
    extra.setdefault("REMOTE_ADDR", ADDRESS)
    return c, c.post(LOGIN, {"username": username, "password": password}, **extra)


def is_paused(response) -> bool:
    return (
        response.status_code == 429
        and "accounts/locked_out.html" in [t.name for t in response.templates]
        and response.context["message"]
        and int(response["Retry-After"]) > 0
    )


def test_the_limit_is_below_forty(limit):
    assert 0 < limit < 40


def test_forty_usernames_from_one_address_are_stopped_at_the_limit(limit):
    responses = [attempt(f"sprayed{i:02d}")[1] for i in range(40)]
    assert [r.status_code for r in responses[:limit]] == [200] * limit
    assert all(is_paused(r) for r in responses[limit:])
    # Paused means no password is checked at all, even a right one.
    c, r = attempt(CHAIR, PASSWORD)
    assert is_paused(r)
    assert SESSION_KEY not in c.session
    assert FailedLogin.objects.filter(address=ADDRESS).count() == limit


def test_the_message_says_how_long(limit):
    for i in range(limit):
        attempt(f"sprayed{i:02d}")
    r = attempt(CHAIR, PASSWORD)[1]
    wait = int(r["Retry-After"])
    assert 14 * 60 < wait <= 15 * 60
    assert "15" in r.context["message"]  # minutes, rounded up
    assert r.context["message"] in r.content.decode()


def test_other_addresses_are_not_paused(limit):
    for i in range(limit):
        attempt(f"sprayed{i:02d}")
    c, r = attempt(CHAIR, PASSWORD, REMOTE_ADDR="198.51.100.20")
    assert r.status_code == 302 and c.session.get(SESSION_KEY)


def test_failures_older_than_the_window_do_not_count(limit, settings):
    for i in range(limit):
        attempt(f"sprayed{i:02d}")
    long_ago = timezone.now() - timedelta(minutes=settings.LOGIN_ADDRESS_WINDOW_MINUTES + 1)
    FailedLogin.objects.update(at=long_ago)
    c, r = attempt(CHAIR, PASSWORD)
    assert r.status_code == 302
    attempt("sprayed-again")  # a new failure clears the rows out of the window
    assert FailedLogin.objects.count() == 1


def test_a_successful_log_in_does_not_reset_the_address(limit):
    for i in range(limit - 1):
        attempt(f"sprayed{i:02d}")
    assert attempt(CHAIR, PASSWORD)[1].status_code == 302
    attempt("sprayed-last")
    assert is_paused(attempt(CADRE, PASSWORD)[1])


def test_an_ipv6_network_counts_as_one_address(limit):
    for i in range(limit):
        attempt(f"sprayed{i:02d}", REMOTE_ADDR=f"2001:db8:1:2::{i + 1:x}")
    assert is_paused(attempt(CHAIR, PASSWORD, REMOTE_ADDR="2001:db8:1:2:ffff::1")[1])
    other = attempt(CHAIR, PASSWORD, REMOTE_ADDR="2001:db8:1:3::1")[1]
    assert other.status_code == 302


def test_behind_the_proxy_the_address_it_appended_counts(limit, settings):
    settings.USE_X_FORWARDED_FOR = True
    for i in range(limit):
        # A client writing its own X-Forwarded-For gets a different first entry each time;
        # nginx appends the address it saw, which is what counts.
        forwarded = f"10.0.{i}.1, {ADDRESS}"
        attempt(f"sprayed{i:02d}", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    paused = attempt(CHAIR, PASSWORD, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=ADDRESS)[1]
    assert is_paused(paused)
    # Another client behind the same proxy is not.
    c, r = attempt(CHAIR, PASSWORD, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert r.status_code == 302


def test_without_the_proxy_setting_the_header_is_ignored(limit, settings):
    settings.USE_X_FORWARDED_FOR = False
    for i in range(limit):
        attempt(f"sprayed{i:02d}", HTTP_X_FORWARDED_FOR=f"10.0.{i}.1")
    assert is_paused(attempt(CHAIR, PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")[1])


def test_axes_locks_an_account_by_the_proxy_appended_address_too(settings):
    settings.USE_X_FORWARDED_FOR = True
    settings.AXES_FAILURE_LIMIT = 3

    def via_proxy(password, forwarded):
        return attempt(CHAIR, password, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)[1]

    for i in range(3):
        via_proxy("wrong-password-1", f"10.0.{i}.1, {ADDRESS}")
    assert via_proxy(PASSWORD, f"10.1.1.1, {ADDRESS}").status_code == 429
    # The account's owner, elsewhere, is not locked out with the attacker.
    assert via_proxy(PASSWORD, "198.51.100.9").status_code == 302


def test_every_password_check_with_a_request_is_counted_and_refused(limit):
    """The admin's log-in and any form calling authenticate(request, ...) included."""
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR=ADDRESS)
    for i in range(limit):
        assert authenticate(request, username=f"sprayed{i:02d}", password="x") is None
    assert throttling.address_retry_after(request)
    assert authenticate(request, username=CHAIR, password=PASSWORD) is None
    other = RequestFactory().post("/admin/login/", REMOTE_ADDR="198.51.100.20")
    assert authenticate(other, username=CHAIR, password=PASSWORD) is not None


def test_login_throttling_off_turns_it_off(limit, settings):
    settings.AXES_ENABLED = False
    for i in range(limit + 2):
        attempt(f"sprayed{i:02d}")
    assert FailedLogin.objects.count() == 0
    assert attempt(CHAIR, PASSWORD)[1].status_code == 302


@pytest.mark.parametrize(
    "address,bucket",
    [
        ("203.0.113.7", "203.0.113.7"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("not an address", "unknown"),
        (None, "unknown"),
    ],
)
def test_addresses_are_counted_by_bucket(address, bucket):
    assert throttling.address_bucket(address) == bucket


@pytest.mark.parametrize(
    "use_forwarded,forwarded,remote,expected",
    [
        (True, "1.1.1.1, 203.0.113.7", "127.0.0.1", "203.0.113.7"),
        (True, "garbage", "127.0.0.1", "127.0.0.1"),
        (True, "", "127.0.0.1", "127.0.0.1"),
        (False, "1.1.1.1", "127.0.0.1", "127.0.0.1"),
        (False, "", "", None),
    ],
)
def test_client_address(settings, use_forwarded, forwarded, remote, expected):
    settings.USE_X_FORWARDED_FOR = use_forwarded
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert throttling.client_address(request) == expected
