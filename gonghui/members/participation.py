"""Who took part in union life: modules that record participation register here.

The lapse rule needs to know whether a member took part in any activity. The members
app does not know about activities, trainings or congresses; each of those modules adds
a provider, so this list grows without touching this file's callers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

# provider(member_ids, since) -> ids of those members who took part in something since `since`
Provider = Callable[[Iterable[int], dt.date], set[int]]
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    PROVIDERS.append(provider)
    return provider


def took_part(member_ids: Iterable[int], since: dt.date) -> set[int] | None:
    """Members with a recorded participation since `since`; None when nothing records it."""
    if not PROVIDERS:
        return None
    ids = list(member_ids)
    seen: set[int] = set()
    for provider in PROVIDERS:
        seen |= provider(ids, since)
    return seen
