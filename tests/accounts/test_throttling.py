"""Login throttling (django-axes): a username is locked for one address after
LOGIN_FAILURE_LIMIT failures from it, and nothing else is."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADDRESS = "203.0.113.7"
CHAIR, CHAIR_MOBILE, CADRE = "li_chair", "13900000002", "liu_cadre"  # the logins of `people`


@pytest.fixture(autouse=True)
def people(union, staff):
    """A union's chair (with a mobile number) and a cadre, each with a login."""
    return (
        staff("chair", union, username=CHAIR, mobile=CHAIR_MOBILE),
        staff("cadre", union, username=CADRE),
    )


@pytest.fixture(autouse=True)
def throttling(settings):
    settings.AXES_ENABLED = True
    return settings.AXES_FAILURE_LIMIT


def _attempt(username, password, *, address=ADDRESS, client=None):
    c = client or Client()
    r = c.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)
    return c, r


def _fail(username, times, *, address=ADDRESS):
    return [_attempt(username, "wrong-password-1", address=address)[1] for _ in range(times)]


def _is_locked_out(response) -> bool:
    return response.status_code == 429 and "accounts/locked_out.html" in [
        t.name for t in response.templates
    ]


def test_the_limit_is_the_configured_one(throttling):
    assert throttling == 5


def test_failures_below_the_limit_only_show_the_form_error(throttling):
    for r in _fail(CHAIR, throttling - 1):
        assert r.status_code == 200
    c, r = _attempt(CHAIR, PASSWORD)
    assert r.status_code == 302
    assert c.session.get(SESSION_KEY)


def test_after_the_limit_even_the_right_password_is_refused(throttling):
    responses = _fail(CHAIR, throttling)
    assert all(r.status_code == 200 for r in responses[:-1])
    assert _is_locked_out(responses[-1])  # the failure that reaches the limit locks
    c, r = _attempt(CHAIR, PASSWORD)
    assert _is_locked_out(r)
    assert SESSION_KEY not in c.session
    assert "alert-warning" in r.content.decode()


def test_a_successful_login_resets_the_count(throttling):
    _fail(CHAIR, throttling - 1)
    assert _attempt(CHAIR, PASSWORD)[1].status_code == 302
    for r in _fail(CHAIR, throttling - 1):
        assert r.status_code == 200
    assert _attempt(CHAIR, PASSWORD)[1].status_code == 302


def test_another_user_from_the_same_address_is_not_locked(throttling):
    _fail(CHAIR, throttling)
    c, r = _attempt(CADRE, PASSWORD)
    assert r.status_code == 302
    assert c.session.get(SESSION_KEY)


def test_the_same_user_from_another_address_is_not_locked(throttling):
    _fail(CHAIR, throttling)
    c, r = _attempt(CHAIR, PASSWORD, address="198.51.100.20")
    assert r.status_code == 302
    assert c.session.get(SESSION_KEY)


def test_failures_of_several_users_do_not_add_up(throttling):
    _fail(CHAIR, throttling - 1)
    _fail(CADRE, throttling - 1)
    assert _attempt(CHAIR, PASSWORD)[1].status_code == 302
    assert _attempt(CADRE, PASSWORD)[1].status_code == 302


def test_the_mobile_number_is_counted_as_typed(throttling):
    """The lock is keyed on the login as typed: failures on the mobile number lock it."""
    mobile = CHAIR_MOBILE
    _fail(mobile, throttling)
    assert _is_locked_out(_attempt(mobile, PASSWORD)[1])


def test_locking_the_username_locks_the_mobile_number_too(throttling):
    """A username and the same account's mobile number share one failure count."""
    _fail(CHAIR, throttling)
    c, r = _attempt(CHAIR_MOBILE, PASSWORD)
    assert _is_locked_out(r)


@pytest.mark.parametrize("locked_by", [CHAIR, CHAIR_MOBILE])
def test_with_the_username_callable_both_logins_share_one_count(throttling, settings, locked_by):
    settings.AXES_USERNAME_CALLABLE = "gonghui.accounts.throttling.lockout_username"
    _fail(locked_by, throttling)
    for login in (CHAIR, CHAIR_MOBILE):
        assert _is_locked_out(_attempt(login, PASSWORD)[1])
    # Other accounts and unknown logins are unaffected.
    assert _attempt(CADRE, PASSWORD)[1].status_code == 302
    assert _attempt("nobody-by-this-name", "x")[1].status_code == 200
