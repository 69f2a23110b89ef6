from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.authentication import SessionScheme
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication

from gonghui.accounts.access import resolve_access
from gonghui.accounts.models import ApiToken, token_digest

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
        token = ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token was revoked."))
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is disabled."))
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return (token.user, token)


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
