"""Who may vote in a ballot made for a meeting, read from the meeting itself.

A ballot held at a congress session must not be typed in by hand: the session already
knows who signed in. An app that holds meetings registers, for its source kind (for
example "democracy.session"), a function that returns the meeting's headcount; the ballot
takes it when it is created and again when voting opens, so latecomers who signed in are
counted and the ballot never disagrees with its session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Headcount:
    org_id: int  # the organisation holding the meeting: a ballot of another is refused
    present: int  # people signed in, with or without a login
    total: int  # all who should attend: the base of "more than half of all"
    voter_ids: tuple[int, ...]  # the logins of those present: they may vote on their phones


@dataclass(frozen=True)
class Source:
    kind: str  # the ballot's source_kind, e.g. "democracy.session"
    read: Callable[[str], Headcount | None]  # the meeting's headcount (None: not found)
    # The meetings of an organisation a new ballot can be made for: [(id, label)].
    meetings: Callable[[object], list[tuple[str, str]]] | None = None


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    _SOURCES[source.kind] = source


def of(source_kind: str, source_id: str) -> Headcount | None:
    """The headcount of the meeting a ballot was made for (None: not made for one)."""
    source = _SOURCES.get(source_kind)
    return source.read(source_id) if source and source_id else None


def known(source_kind: str) -> bool:
    return source_kind in _SOURCES


def meetings(org) -> list[tuple[str, str]]:
    """("kind:id", label) of every meeting of `org` a ballot can be made for."""
    out = []
    for source in _SOURCES.values():
        if source.meetings is not None:
            out += [(f"{source.kind}:{ident}", label) for ident, label in source.meetings(org)]
    return out
