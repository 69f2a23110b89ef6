"""Login throttling: django-axes locks an account after failures from one address (the
AXES_* settings), and the per-address limit here refuses an address that fails too often
whatever the accounts it tries (password spraying)."""

from __future__ import annotations

import ipaddress
import math
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from gonghui.audit.context import client_ip


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


def client_address(request) -> str | None:
    """The caller's address for throttling, here and in axes (AXES_CLIENT_IP_CALLABLE):
    the one the audit log records (`audit.context.client_ip`, which says why it is the
    last X-Forwarded-For entry behind the proxy)."""
    return client_ip(request)


def address_bucket(address: str | None) -> str:
    """What failures are counted under: an IPv4 address, or the /64 network of an IPv6
    one (a single customer usually holds a whole /64 and could rotate through it)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "unknown"
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_ADDRESS_WINDOW_MINUTES)


def _enabled() -> bool:
    # LOGIN_THROTTLING=0 (AXES_ENABLED) turns every login throttle off, this one included.
    return settings.AXES_ENABLED and settings.LOGIN_ADDRESS_FAILURE_LIMIT > 0


def address_retry_after(request) -> int | None:
    """Seconds until the caller's address may check a password again; None when it may now.

    Refused once LOGIN_ADDRESS_FAILURE_LIMIT failures from the address fall within the
    last LOGIN_ADDRESS_WINDOW_MINUTES, until the oldest of them leaves the window. One
    indexed query: the limit-th most recent failure.
    """
    from .models import FailedLogin

    if not _enabled():
        return None
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    now = timezone.now()
    window = _window()
    found = list(
        FailedLogin.objects.filter(
            address=address_bucket(client_address(request)), at__gt=now - window
        )
        .order_by("-at")
        .values_list("at", flat=True)[limit - 1 : limit]
    )
    if not found:
        return None
    return max(1, math.ceil((found[0] + window - now).total_seconds()))


def failed_login_record(request) -> None:
    """Count a failed password check against the caller's address.

    Stored in the database, so every app process sees the same count; each failure is its
    own row (an insert, never a read-modify-write), so concurrent failures are not lost.
    """
    from .models import FailedLogin

    if not _enabled():
        return
    now = timezone.now()
    FailedLogin.objects.create(address=address_bucket(client_address(request)), at=now)
    FailedLogin.objects.filter(at__lte=now - _window()).delete()
