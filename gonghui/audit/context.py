"""Who is acting, from where: set once per request, command or job; read by the audit log."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class Actor:
    user: Any = None  # accounts.User or None for the system itself
    ip: str | None = None
    source: str = "system"  # web / api / cli / job / system


_actor: ContextVar[Actor] = ContextVar("gonghui_actor", default=Actor())  # noqa: B039 - frozen


def current_actor() -> Actor:
    return _actor.get()


@contextmanager
def acting(user=None, *, ip: str | None = None, source: str = "system") -> Iterator[Actor]:
    actor = Actor(user=user, ip=ip, source=source)
    token = _actor.set(actor)
    try:
        yield actor
    finally:
        _actor.reset(token)


def set_actor(actor: Actor):
    return _actor.set(actor)


def reset_actor(token) -> None:
    _actor.reset(token)


def client_ip(request) -> str | None:
    """The caller's address, for the log and for every throttle.

    Behind the proxy (USE_X_FORWARDED_FOR) it is the LAST X-Forwarded-For entry, the one
    nginx appended ($proxy_add_x_forwarded_for): the entries before it are whatever the
    client sent, and taking the first would let anyone write any address into the log or
    pose as a new address for each throttled attempt.
    """
    if settings.USE_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            found = _valid_ip(forwarded.split(",")[-1])
            if found:
                return found
    return _valid_ip(request.META.get("REMOTE_ADDR"))


def _valid_ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None
