"""Who is acting, from where: set once per request, command or job; read by the audit log."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


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
    from django.conf import settings

    if settings.USE_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None
