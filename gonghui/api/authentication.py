from __future__ import annotations

from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication


class VerifiedSessionAuthentication(SessionAuthentication):
    """The browser session, but only once the one-time code step is done.

    A user who turned two-factor login on and has typed only the password is sent to
    the code page by the middleware; the API must not be the way round that page.
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        django_request = request._request
        if django_request.session.get("otp_pending") and not django_request.user.is_verified():
            return None
        return result


class VerifiedSessionScheme(SessionScheme):
    """Describe the session in the OpenAPI schema as the plain session cookie."""

    target_class = "gonghui.api.authentication.VerifiedSessionAuthentication"
