"""Dashboard panels: each module registers its cards in AppConfig.ready().

The dashboard view knows nothing of plans or activities; a module adds a panel with a
permission, a template and a function computing its context (None hides the card).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    template: str  # rendered with `panel` = the context function's result
    permission: str
    context: Callable[[object], dict | None]  # (request) -> context or None
    order: int = 100


_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _PANELS[panel.key] = panel


def panels_for(request) -> list[dict]:
    access = getattr(request, "access", None)
    if access is None:
        return []
    out = []
    for panel in sorted(_PANELS.values(), key=lambda p: p.order):
        if not access.has(panel.permission):
            continue
        ctx = panel.context(request)
        if ctx is not None:
            out.append({"key": panel.key, "template": panel.template, "context": ctx})
    return out
