"""The lapse rule's "six months unpaid" (章程 Art.6) read from the dues lines.

members.selectors.lapse_candidates counts unpaid months from Member.dues_paid_until. A
union that keeps dues lines knows better: six consecutive unpaid, non-exempt months on
its lines (design §7 Q8; exempt months and months with nothing due neither count nor
break the run, a paid month ends it). `provider` answers members.dues_lines for the
active scope; registered in apps.ready().
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from gonghui.members.rules import LAPSE

from .models import DuesLine
from .selectors import unpaid_runs


def keeping_unions(union_ids) -> set[int]:
    """Of `union_ids`, the unions that keep dues lines (have generated a month)."""
    rows = DuesLine.objects.everywhere(why="whether a union keeps dues lines")
    return set(rows.filter(org_id__in=list(union_ids)).values_list("org_id", flat=True).distinct())


def unpaid_since(member_ids, *, months: int = LAPSE.unpaid_months) -> dict[int, dt.date]:
    """member id → the first month of a run of at least `months` consecutive unpaid
    months, for the members of `member_ids` whose lines show one."""
    ids = list(member_ids)
    base = DuesLine.objects.everywhere(why="the lapse rule reads each member's own lines")
    runs = unpaid_runs(base.filter(Q(member_id__in=ids)))
    return {
        member_id: unpaid[-run] for member_id, (unpaid, run, _owed) in runs.items() if run >= months
    }


def provider(months: int) -> tuple[set[int], dict[int, dt.date]]:
    """The unions of the active scope that keep dues lines, and the members of the scope
    whose lines show a run of at least `months` unpaid months (its first month)."""
    scoped = DuesLine.objects.all()
    keeping = set(scoped.values_list("org_id", flat=True).distinct())
    runs = unpaid_runs(scoped)
    return keeping, {m: unpaid[-run] for m, (unpaid, run, _owed) in runs.items() if run >= months}
