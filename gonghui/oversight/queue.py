"""What waits for the funds audit committee (经审会), registered by the modules it reviews.

The budgets module registers its budgets, adjustments and final accounts waiting for the
committee's review; the oversight workspace lists them without importing that module.
A provider takes the union and answers `Waiting` items, newest first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Waiting:
    label: str  # Chinese, what it is ("2026年预算")
    url: str  # the page where the committee reviews it
    since: dt.date | None = None


_PROVIDERS: dict[str, Callable[..., list[Waiting]]] = {}


def register(name: str, provider: Callable[..., list[Waiting]]) -> None:
    """`provider(org)`; registering a name again replaces it."""
    _PROVIDERS[name] = provider


def waiting(org) -> list[Waiting]:
    items: list[Waiting] = []
    for provider in _PROVIDERS.values():
        items.extend(provider(org))
    return items
