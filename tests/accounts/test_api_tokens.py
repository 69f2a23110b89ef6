"""API tokens: stored as digests only, expiring, revoked with the password, listed and
revoked by their owner on the account page."""

from __future__ import annotations

import importlib
import types
from datetime import timedelta

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework import exceptions

from gonghui.accounts.models import ApiToken, User, token_digest
from gonghui.core.scoping import unscoped
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"
PROFILE = "/accounts/me/"
CREATE = "/accounts/me/tokens/"
NEW_PASSWORD = "Xin-mima-2031!"
CHAIR, MEMBER = "li_chair", "zheng_member"  # the logins of `people`


@pytest.fixture(autouse=True)
def people(union, group, staff):
    """A union's chair (李红梅) and a member of one of its groups, each with a login."""
    return (
        staff("chair", union, username=CHAIR, display_name="李红梅"),
        staff("member", group, username=MEMBER, display_name="郑子涵"),
    )


def _user(username: str) -> User:
    with unscoped():
        return User.objects.get(username=username)


def _client(username: str) -> Client:
    c = Client()
    c.force_login(_user(username))
    return c


def api(key: str, path: str = ME):
    return Client(HTTP_AUTHORIZATION=f"Token {key}").get(path)


def issue(username: str, **kwargs) -> tuple[ApiToken, str]:
    with unscoped():
        return ApiToken.objects.issue(User.objects.get(username=username), name="脚本", **kwargs)


def created_key(response) -> str:
    return response.context["new_key"]


# -- storage -------------------------------------------------------------------------


def test_no_table_holds_the_clear_token():
    c = _client(CHAIR)
    page_key = created_key(c.post(CREATE, {"name": "报表脚本"}))
    _token, model_key = issue(MEMBER)
    for key in (page_key, model_key):
        assert api(key).status_code == 200  # used once, so last_used_at is written too
    leaks = []
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        assert "authtoken_token" not in tables
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - introspected names
            for row in cursor.fetchall():
                text = " ".join(str(v) for v in row)
                leaks += [(table, k[:6]) for k in (page_key, model_key) if k in text]
    assert leaks == []
    stored = ApiToken.objects.get(digest=token_digest(page_key))
    assert stored.prefix == page_key[:6] and stored.name == "报表脚本"


def test_a_token_is_found_by_one_query_and_last_used_is_written_once_a_minute(
    django_assert_num_queries,
):
    token, key = issue(MEMBER)
    c = Client(HTTP_AUTHORIZATION=f"Token {key}")
    c.get(ME)
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    # Authentication itself is one query now (the view adds its own).
    from gonghui.api.authentication import ApiTokenAuthentication

    with django_assert_num_queries(1):
        ApiTokenAuthentication().authenticate_credentials(key)
    token.refresh_from_db()
    assert token.last_used_at == first_use
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    # On PostgreSQL the lookup writes the last use in the same statement.
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        ApiTokenAuthentication().authenticate_credentials(key)
    token.refresh_from_db()
    assert token.last_used_at > first_use - timedelta(minutes=2)


def test_a_refused_token_does_not_count_as_used():
    from gonghui.api.authentication import ApiTokenAuthentication

    token, key = issue(MEMBER)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    with pytest.raises(exceptions.AuthenticationFailed):
        ApiTokenAuthentication().authenticate_credentials(key)
    expired, key2 = issue(MEMBER)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    with pytest.raises(exceptions.AuthenticationFailed):
        ApiTokenAuthentication().authenticate_credentials(key2)
    token.refresh_from_db()
    expired.refresh_from_db()
    assert token.last_used_at is None and expired.last_used_at is None


# -- refused tokens ------------------------------------------------------------------


def test_an_expired_token_is_refused():
    token, key = issue(MEMBER)
    assert api(key).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    r = api(key)
    assert r.status_code == 401
    assert r["WWW-Authenticate"] == "Token"


def test_a_revoked_token_is_refused():
    token, key = issue(MEMBER)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert api(key).status_code == 401


# A WSGI server hands over header bytes decoded as latin-1, as the last case does.
@pytest.mark.parametrize(
    "header",
    ["Token nonsense", "Token ", "Token a b", "Token " + "令牌".encode().decode("latin-1")],
)
def test_unknown_or_malformed_tokens_are_refused(header):
    assert Client(HTTP_AUTHORIZATION=header).get(ME).status_code == 401


def test_a_disabled_account_cannot_use_its_token(platform):
    _token, key = issue(MEMBER)
    member = _user(MEMBER)
    member.is_active = False
    member.save()
    assert api(key).status_code == 401


def test_tokens_expire_after_the_configured_days(settings):
    settings.API_TOKEN_DAYS = 3
    token, _key = issue(MEMBER)
    assert timedelta(days=3) - (token.expires_at - timezone.now()) < timedelta(minutes=1)


# -- password changes revoke ---------------------------------------------------------


def _in_force(username):
    with unscoped():
        return ApiToken.objects.in_force().filter(user__username=username).count()


def test_changing_the_password_on_the_page_revokes_the_tokens():
    _token, key = issue(CHAIR)
    _other_user_token, other_key = issue(MEMBER)
    c = _client(CHAIR)
    r = c.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert r.status_code == 302
    assert api(key).status_code == 401
    assert _in_force(CHAIR) == 0
    assert api(other_key).status_code == 200
    with unscoped():
        from gonghui.audit.models import AuditEntry

        entry = AuditEntry.objects.filter(action="accounts.token.revoked_all").latest("pk")
    assert entry.object_repr == "李红梅" and entry.changes == {"tokens": 1}


def test_a_password_set_by_an_administrator_revokes_the_tokens(platform):
    """The admin's and activation's way: a SetPasswordForm or set_password() and save()."""
    _token, key = issue(MEMBER)
    form = SetPasswordForm(
        _user(MEMBER), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert form.is_valid()
    form.save()
    assert api(key).status_code == 401
    _token, key = issue(MEMBER)
    member = _user(MEMBER)
    member.set_password(NEW_PASSWORD + "2")
    member.save(update_fields=["password"])
    assert api(key).status_code == 401


def test_saving_a_user_without_a_new_password_keeps_the_tokens(platform):
    _token, key = issue(MEMBER)
    member = _user(MEMBER)
    member.display_name = "郑子涵（新）"
    member.save()
    assert api(key).status_code == 200


def test_the_hash_upgrade_at_log_in_is_not_a_password_change(settings, platform):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    old_hash = make_password(PASSWORD, hasher="pbkdf2_sha256")
    User.objects.filter(username=MEMBER).update(password=old_hash)
    _token, key = issue(MEMBER)
    r = Client().post("/accounts/login/", {"username": MEMBER, "password": PASSWORD})
    assert r.status_code == 302
    assert _user(MEMBER).password.startswith("md5$")  # upgraded
    assert api(key).status_code == 200


# -- the account page ----------------------------------------------------------------


def test_the_account_page_lists_the_owners_tokens_only():
    mine, _ = issue(CHAIR)
    ApiToken.objects.filter(pk=mine.pk).update(last_used_at=timezone.now())
    theirs, _ = issue(MEMBER)
    r = _client(CHAIR).get(PROFILE)
    assert r.status_code == 200
    assert list(r.context["tokens"]) == [mine]
    html = r.content.decode()
    assert f"{mine.prefix}…" in html and "脚本" in html
    assert f"{theirs.prefix}…" not in html


def test_a_new_token_is_shown_once():
    c = _client(CHAIR)
    r = c.post(CREATE, {"name": "报表脚本"})
    assert r.status_code == 200
    key = created_key(r)
    assert key in r.content.decode()
    assert r["Cache-Control"] == "no-store, private"
    assert api(key).status_code == 200
    again = c.get(PROFILE)
    assert key not in again.content.decode()
    assert "报表脚本" in again.content.decode()


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_token_needs_a_sensible_name(name):
    r = _client(CHAIR).post(CREATE, {"name": name})
    assert r.status_code == 400
    assert not r.context["new_key"]
    assert _in_force(CHAIR) == 0


def test_the_number_of_tokens_in_force_is_capped():
    from gonghui.accounts.services import MAX_ACTIVE_TOKENS

    for _ in range(MAX_ACTIVE_TOKENS):
        issue(CHAIR)
    r = _client(CHAIR).post(CREATE, {"name": "再来一个"})
    assert r.status_code == 400
    assert _in_force(CHAIR) == MAX_ACTIVE_TOKENS


def test_the_owner_revokes_a_token():
    token, key = issue(CHAIR)
    r = _client(CHAIR).post(f"/accounts/me/tokens/{token.pk}/revoke/")
    assert r.status_code == 302 and r["Location"] == PROFILE
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api(key).status_code == 401
    with unscoped():
        from gonghui.audit.models import AuditEntry

        entry = AuditEntry.objects.filter(action="accounts.token.revoked").latest("pk")
    assert entry.changes["token"] == token.prefix and key not in str(entry.changes)


def test_another_users_token_id_is_a_404():
    token, key = issue(MEMBER)
    r = _client(CHAIR).post(f"/accounts/me/tokens/{token.pk}/revoke/")
    assert r.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert api(key).status_code == 200


def test_token_pages_take_posts_from_logged_in_users_only(client):
    token, _ = issue(CHAIR)
    assert client.post(CREATE, {"name": "x"}).status_code == 302  # to the login page
    assert client.post(f"/accounts/me/tokens/{token.pk}/revoke/").status_code == 302
    c = _client(CHAIR)
    assert c.get(CREATE).status_code == 405
    assert c.get(f"/accounts/me/tokens/{token.pk}/revoke/").status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


# -- tokens of the old authtoken table -----------------------------------------------


def test_the_migration_keeps_old_tokens_working_and_deletes_the_clear_keys(platform):
    migration = importlib.import_module("gonghui.accounts.migrations.0004_tokens_from_authtoken")
    old_key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, "
            "created timestamp with time zone NOT NULL, user_id bigint NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            [old_key, timezone.now(), _user(MEMBER).pk],
        )
    from django.apps import apps

    migration.forwards(apps, types.SimpleNamespace(connection=connection))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
    token = ApiToken.objects.get(digest=token_digest(old_key))
    assert token.user == _user(MEMBER) and token.is_active
    assert api(old_key).status_code == 200


# -- the admin -----------------------------------------------------------------------


@pytest.fixture
def operator_client():
    with unscoped():
        op = User.objects.create_superuser("operator", password="Yunwei-2031-ok!")
    c = Client()
    c.force_login(op)
    return c


def test_operators_see_tokens_without_their_digest_and_revoke_them(operator_client):
    token, key = issue(MEMBER)
    page = operator_client.get(f"/admin/accounts/apitoken/{token.pk}/change/")
    assert page.status_code == 200
    assert token.digest not in page.content.decode() and token.prefix in page.content.decode()
    assert operator_client.get("/admin/accounts/apitoken/add/").status_code == 403
    r = operator_client.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert r.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api(key).status_code == 401


def test_a_password_set_in_the_admin_revokes_the_tokens(operator_client, platform):
    _token, key = issue(MEMBER)
    r = operator_client.post(
        f"/admin/accounts/user/{_user(MEMBER).pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    assert api(key).status_code == 401
