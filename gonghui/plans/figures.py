"""The year's figures for the year-end summary (工作总结), computed from the records.

Each module registers a provider in AppConfig.ready(); the summary calls every provider
for the union and year and writes their figures into its prose, so a figure in a summary
always comes from records, never from memory:

    from gonghui.plans import figures
    figures.register(figures.Provider(key="activities", category="culture", compute=year_figures))

`compute(org, year)` runs inside the organisation's scope and returns Figure rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Figure:
    key: str  # stable, e.g. "members.joined"
    label: str  # "新入会会员"
    value: int | Decimal
    unit: str = ""  # "人", "次", "元"
    # A sentence with {value} and {unit} the summary uses, e.g. "全年新发展会员{value}{unit}".
    sentence: str = ""


@dataclass(frozen=True)
class Provider:
    key: str
    category: str  # a task category code (plans.taxonomy), the summary section it feeds
    compute: Callable[[object, int], list[Figure]]
    order: int = 100


_PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> Provider:
    _PROVIDERS[provider.key] = provider
    return provider


def providers() -> list[Provider]:
    return sorted(_PROVIDERS.values(), key=lambda p: p.order)


def compute_all(org, year: int) -> dict[str, list[Figure]]:
    """Figures per category code for `org` and `year`."""
    out: dict[str, list[Figure]] = {}
    for provider in providers():
        rows = provider.compute(org, year)
        if rows:
            out.setdefault(provider.category, []).extend(rows)
    return out
