"""What other modules show on a plan's pages, registered in their AppConfig.ready()
(the plans app does not know them): a panel on the plan's page (the tasks the upper
union assigned for its year) and one on a task's page (pass it down to the unions).

    extras.register(extras.Panel("plan", "assignments/_plan_panel.html",
                                 "assignments.task:read", hooks.plan_panel))

`context(request, obj)` gets the plan or the task and answers the template's context,
or None to show nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    page: str  # "plan" or "task"
    template: str
    permission: str
    context: Callable[[object, object], dict | None]


_PANELS: list[Panel] = []


def register(panel: Panel) -> Panel:
    if panel not in _PANELS:
        _PANELS.append(panel)
    return panel


def panels(request, page: str, obj) -> list[tuple[str, dict]]:
    """(template, context) of each panel the viewer may see that has something to show."""
    out = []
    for panel in _PANELS:
        if panel.page != page or not request.access.has(panel.permission):
            continue
        ctx = panel.context(request, obj)
        if ctx is not None:
            out.append((panel.template, ctx))
    return out
