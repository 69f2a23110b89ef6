"""The upper union's pages and API take a year; the foreign union's books (finance.py)
are what a roll-up of its district would read, so nothing more is built here."""

from __future__ import annotations

VALUE_KWARGS = {"year": ["2026"]}


def build(union) -> None:
    """Nothing of its own: the roll-ups read the foreign union's vouchers (finance.py)."""
