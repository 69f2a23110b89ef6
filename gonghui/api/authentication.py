from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.authentication import SessionScheme
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication

from gonghui.accounts.access import resolve_access
from gonghui.accounts.models import ApiToken, User, token_digest
from gonghui.core import rows as made

# last_used_at is a hint for its owner, not a log: one write a minute at most per token
# instead of one per request.
LAST_USED_PRECISION = timedelta(minutes=1)


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>` against gonghui.accounts.models.ApiToken.

    The header is parsed by DRF; the key is looked up by its SHA-256 digest (one query on
    a unique index, the user joined), and refused when revoked, expired, or its user is
    disabled. drf-spectacular describes it as DRF's token scheme (a subclass).
    """

    model = ApiToken

    def authenticate_credentials(self, key):
        now = timezone.now()
        token = find_token(token_digest(key), now)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token was revoked."))
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is disabled."))
        if stale(token, now):
            if connection.vendor != "postgresql":  # there, find_token has written it
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return (token.user, token)


def stale(token, now) -> bool:
    return token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION


def find_token(digest: str, now):
    """The token with this digest and its user (None if there is none).

    On PostgreSQL its last use is written by the same statement when it is stale: every
    API call starts here, and a crowd signing up at opening time uses each token once,
    so it is one round trip instead of two. The row read is the one before the write
    (the caller sets `last_used_at` on the instance). Elsewhere: the ORM, and the caller
    writes the last use.
    """
    if connection.vendor != "postgresql":
        return ApiToken.objects.select_related("user").filter(digest=digest).first()
    table, users = ApiToken._meta.db_table, User._meta.db_table
    sql = (
        # Written only where the checks below will let the token in, as before.
        f"WITH touched AS (UPDATE {table} SET last_used_at = %s "  # noqa: S608
        "WHERE digest = %s AND (last_used_at IS NULL OR last_used_at <= %s) "
        "AND revoked_at IS NULL AND expires_at > %s "
        f'AND user_id IN (SELECT "id" FROM {users} WHERE is_active)) '
        f"SELECT {made.columns(ApiToken, 't')}, {made.columns(User, 'u')} "
        f'FROM {table} t JOIN {users} u ON u."id" = t."user_id" WHERE t."digest" = %s'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, digest, now - LAST_USED_PRECISION, now, digest])
        row = cursor.fetchone()
    if row is None:
        return None
    n = made.width(ApiToken)
    token = made.instance(ApiToken, row[:n])
    token.user = made.instance(User, row[n:])
    return token


class VerifiedSessionAuthentication(SessionAuthentication):
    """The browser session, but only once the one-time code step is done.

    A user who turned two-factor login on and has typed only the password is sent to
    the code page by the middleware; the API must not be the way round that page. Nor
    round an organisation's mandatory two-factor login: where the pages would send the
    session to the code page (resolve_access(...).needs_otp, the same rule as
    OrgScopeMiddleware), the API refuses it.
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        django_request = request._request
        verified = django_request.user.is_verified()
        if django_request.session.get("otp_pending") and not verified:
            return None
        code = (getattr(request, "parser_context", None) or {}).get("kwargs", {}).get("org_code")
        if code and not verified:
            access = resolve_access(result[0], code, otp_verified=False)
            if access is not None and access.needs_otp:
                raise exceptions.AuthenticationFailed(
                    _(
                        "This organisation requires two-factor login: confirm a one-time "
                        "code on the login page first."
                    )
                )
        return result


class VerifiedSessionScheme(SessionScheme):
    """Describe the session in the OpenAPI schema as the plain session cookie."""

    target_class = "gonghui.api.authentication.VerifiedSessionAuthentication"
