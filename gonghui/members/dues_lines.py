"""Unpaid dues as the lapse rule reads them: a module that keeps dues lines registers here.

Without one, the rule counts unpaid months from `Member.dues_paid_until`. A union that
keeps one line per member per month (the dues app) knows better: six consecutive unpaid
months on its lines, exempt months neither counting nor breaking the run (design §7 Q8).
The members app does not know about dues lines; the dues app adds a provider.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

# provider(months) -> (ids of the unions in the active scope that keep dues lines,
#                      {member id: first month of a run of at least `months` unpaid months})
Provider = Callable[[int], tuple[set[int], dict[int, dt.date]]]
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    PROVIDERS.append(provider)
    return provider


def unpaid_runs(months: int) -> tuple[set[int], dict[int, dt.date]]:
    keeping: set[int] = set()
    runs: dict[int, dt.date] = {}
    for provider in PROVIDERS:
        unions, found = provider(months)
        keeping |= unions
        runs.update(found)
    return keeping, runs
