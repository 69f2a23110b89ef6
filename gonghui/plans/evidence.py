"""Evidence: the records that show a plan task was done.

A task is not ticked; it is linked to records (an activity held, a congress session, a
batch of condolence visits...). Each module registers its record kinds here in
AppConfig.ready(), so a new module plugs in without this app knowing it:

    from gonghui.plans import evidence
    evidence.register(evidence.EvidenceKind(
        key="activities.activity",
        label=_("Activity"),
        model="activities.Activity",
        describe=lambda a: evidence.Described(title=a.title, date=a.starts_at.date(), ...),
        candidates=lambda org, year: Activity.objects.filter(...),
    ))

Until a module exists, a task carries a free-text record (plans.Record) with attachments,
registered here under the key "plans.record".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps


@dataclass(frozen=True)
class Described:
    """What the plan pages and the summary show of one linked record."""

    title: str
    date: dt.date  # the month this record counts for in the task's progress
    url: str = ""  # the record's own page, when the viewer may open it
    summary: str = ""  # one line: "42 participants", "¥3,000 to 12 households"
    # Figures summed into the year-end summary, e.g. {"participants": 42}
    figures: dict[str, int | float] = field(default_factory=dict)


@dataclass(frozen=True)
class EvidenceKind:
    key: str  # "<app>.<model>", the value stored on the link
    label: str
    model: str  # "app_label.ModelName"; a TenantModel, so lookups stay scoped
    describe: Callable[[object], Described]
    # Records of `org` (and its subtree) from `year` that could be linked to a task,
    # newest first. Called inside the request's scope.
    candidates: Callable[[object, int], object]
    # Task categories this kind usually fulfils (used to suggest links), optional.
    categories: tuple[str, ...] = ()

    @property
    def model_class(self):
        return apps.get_model(self.model)


_KINDS: dict[str, EvidenceKind] = {}


def register(kind: EvidenceKind) -> EvidenceKind:
    _KINDS[kind.key] = kind
    return kind


def kinds() -> list[EvidenceKind]:
    return list(_KINDS.values())


def get(key: str) -> EvidenceKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"unknown evidence kind {key!r}") from None


def suggest(kind: EvidenceKind, tasks, when: dt.date):
    """The task a record of `kind` dated `when` most likely proves, or None.

    Only the category can match (a record knows no task), so among the tasks of the
    kind's categories the month decides: the task whose planned months hold `when`; of
    several, the one planned most narrowly (a task for May before a task for the
    spring term before a task of the whole year). None when no task of the categories
    is planned for that month, or when two are planned equally narrowly for it: a
    preselected wrong task is worse than a choice left to the person."""
    if not kind.categories:
        return None
    month = when.month
    fitting = [
        (len(months), task)
        for task in tasks
        if task.category in kind.categories and month in (months := task.span_months())
    ]
    if not fitting:
        return None
    narrowest = min(n for n, _task in fitting)
    best = [task for n, task in fitting if n == narrowest]
    return best[0] if len(best) == 1 else None
