"""Login throttling helpers for django-axes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model


def lockout_username(request, credentials=None) -> str | None:
    """The name under which axes counts failed log-ins (AXES_USERNAME_CALLABLE).

    One can log in with the username or the mobile number; counting what was typed would
    give each account two separate allowances of failures. Resolve the login the way
    UsernameOrMobileBackend does, so both share the account's username; an unknown login
    is counted as typed.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        login = credentials.get(field)
    else:
        login = getattr(request, "data", request.POST).get(field)
    if not login:
        return login
    login = str(login).strip()
    users = get_user_model()._default_manager
    if users.filter(username=login).exists():
        return login
    if login.isdigit():
        username = users.filter(mobile=login).values_list("username", flat=True).first()
        if username:
            return username
    return login
