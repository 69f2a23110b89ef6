"""The roll-up of a large tree from kept figures (issue #16 item 7).

A tree of up to LIVE_UNIONS unions is rolled up live, as its unions' own pages count (a
few grouped queries, well under a second). Above that the grouped queries themselves take
seconds (bench/upper_rollup.py: 5,000 unions, 1,000,000 members), so the figures come from
the snapshot a background job computed with the same functions, with the time they were
computed shown beside them; the reader refreshes them with a button, and the job runs
every night for every kept tree. The first reader of a tree with no snapshot waits once.
"""

from __future__ import annotations

import time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gonghui.orgs.models import UNION_KINDS, Organisation, OrgKind

from .models import RollupSnapshot
from .rollup import FAMILIES, FIGURES, UnionRow, UnionsRollup, unions_rollup

LIVE_UNIONS = 300


def is_large(org: Organisation) -> bool:
    """More unions below `org` than a live roll-up answers in time."""
    below = Organisation.objects.filter(path__startswith=org.path, kind__in=list(UNION_KINDS))
    return below.exclude(pk=org.pk)[: LIVE_UNIONS + 1].count() > LIVE_UNIONS


def _stored(value, money: bool):
    return f"{value:.2f}" if money and value is not None else value


def _loaded(value, money: bool):
    return Decimal(value) if money and value is not None else value


@transaction.atomic
def snapshot_refresh(*, org: Organisation, year: int) -> RollupSnapshot:
    """Compute every union's figures below `org` for `year` and keep them, for `org` and
    for each upper union below it (the same rows, sliced by the tree)."""
    started = time.perf_counter()
    rollup = unions_rollup(org, year, families=FAMILIES)
    seconds = time.perf_counter() - started
    now = timezone.now()
    rows = [
        (
            r.org.path,
            {
                "union": r.org.pk,
                "values": {k: _stored(v, FIGURES[k].money) for k, v in r.values.items()},
            },
        )
        for r in rollup.rows
    ]
    kept = None
    nodes = Organisation.objects.filter(path__startswith=org.path, kind=OrgKind.UPPER)
    for node in nodes:
        mine = [row for path, row in rows if path.startswith(node.path) and path != node.path]
        snap, _ = RollupSnapshot.objects.update_or_create(
            org=node,
            year=year,
            defaults={"computed_at": now, "seconds": round(seconds, 3), "rows": mine},
        )
        if node.pk == org.pk:
            kept = snap
    return kept


def kept_rollup(org: Organisation, year: int, families) -> UnionsRollup | None:
    """The kept figures of `org`'s tree for `year` in the families given (None when
    nothing is kept): the unions as they are now, their figures as computed then."""
    snap = RollupSnapshot.objects.filter(org=org, year=year).first()
    if snap is None:
        return None
    families = list(families)
    keys = {f.key for family in families for f in family.figures}
    unions = Organisation.objects.in_bulk([row["union"] for row in snap.rows])
    rows = []
    for row in snap.rows:
        union = unions.get(row["union"])
        if union is None:  # moved out of the tree since
            continue
        values = {k: _loaded(v, FIGURES[k].money) for k, v in row["values"].items() if k in keys}
        rows.append(UnionRow(union, values))
    rows.sort(key=lambda r: r.org.path)
    return UnionsRollup(
        org=org, year=year, families=families, rows=rows, computed_at=snap.computed_at
    )


def rollup_for(org: Organisation, year: int, families) -> UnionsRollup:
    """The table the page, the API and the workbook show: live for a small tree, kept
    figures for a large one (computed now when none are kept yet)."""
    if not is_large(org):
        return unions_rollup(org, year, families=families)
    found = kept_rollup(org, year, families)
    if found is None:
        snapshot_refresh(org=org, year=year)
        found = kept_rollup(org, year, families)
    return found
