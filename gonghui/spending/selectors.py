"""Reads of the spending rules that the pages, the API, welfare and the books' check share.

The rules that apply to a union are set above it: they are read past the organisation
scope on purpose (`reaching`: this node and its ancestors), as welfare reads its
poverty lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from gonghui.welfare import rules as welfare_rules

from . import presets
from .models import SpendingRule


def chain(org) -> list[int]:
    """The ids of the nodes whose rules reach `org`: its ancestors (root first), itself."""
    return [*org.ancestor_ids(), org.pk]


def reaching(org) -> QuerySet[SpendingRule]:
    """Every rule row set at `org` or above it, whatever the active scope: the rules of
    the ancestors are the rules this union lives under."""
    return SpendingRule._base_manager.filter(org_id__in=chain(org)).select_related("org")


def own(org) -> QuerySet[SpendingRule]:
    """The rows `org` set itself (its editor), newest first per item."""
    return SpendingRule.objects.filter(org=org).select_related("org", "created_by")


def history(org) -> QuerySet[SpendingRule]:
    """Every row that ever reached `org`, by item, newest first."""
    return reaching(org).select_related("created_by").order_by("item", "-effective_from", "-id")


@dataclass(frozen=True)
class InForce:
    rule: SpendingRule
    origin: str  # "own", "ancestor"
    setter: str  # the name of the node that set it

    @property
    def from_preset(self) -> str:
        return presets.BY_CODE[self.rule.preset].label if self.rule.preset else ""


def resolve(rows, org, on: dt.date) -> dict[str, SpendingRule]:
    """The rule in force for each item on `on`, from `rows` reaching `org`: each setter's
    latest row that had started (an ended one means that setter has none), then the
    nearest setter's."""
    depth = {pk: i for i, pk in enumerate(chain(org))}
    latest: dict[tuple[int, str], SpendingRule] = {}
    for r in rows:
        if r.effective_from > on:
            continue
        key = (r.org_id, r.item)
        best = latest.get(key)
        if best is None or (r.effective_from, r.pk) > (best.effective_from, best.pk):
            latest[key] = r
    out: dict[str, SpendingRule] = {}
    for (setter, item), r in latest.items():
        if r.effective_to is not None and r.effective_to < on:
            continue
        held = out.get(item)
        if held is None or depth[setter] > depth[held.org_id]:
            out[item] = r
    return out


def in_force(org, on: dt.date | None = None) -> list[InForce]:
    """The rules in force for `org` on `on` (today), in the item order, with where each
    comes from."""
    on = on or dt.date.today()
    found = resolve(reaching(org), org, on)
    order = {v: i for i, v in enumerate(presets.Item.values)}
    return [
        InForce(r, "own" if r.org_id == org.pk else "ancestor", r.org.name)
        for r in sorted(found.values(), key=lambda r: order.get(r.item, 99))
    ]


def caps_for(org, on_date: dt.date) -> welfare_rules.CapTable:
    """The caps welfare checks a payout of `org` against, in welfare's own shape. Once an
    upper union has set rules for this union (any row that had started), the rules are
    the table; before that, the built-in table of the union's region, as welfare always
    did."""
    rows = [r for r in reaching(org) if r.effective_from <= on_date]
    if not rows:
        return welfare_rules.cap_table(org.rules_region(), on_date)
    found = resolve(rows, org, on_date)
    setters = sorted({r.org.name for r in found.values()})
    label = setters[0] if len(setters) == 1 else _("the upper unions")
    sources = sorted({r.source for r in found.values()})
    return welfare_rules.table_of(
        ((r.item, r.basis, r.value) for r in found.values()),
        region=org.rules_region(),
        effective_from=max((r.effective_from for r in found.values()), default=on_date),
        label=label,
        source="；".join(sources)[:300],
        mark="B",
    )


# -- the payouts that went beyond a rule ------------------------------------------------


@dataclass(frozen=True)
class Override:
    date: dt.date
    where: str  # "books" or "welfare"
    what: str
    amount: Decimal
    concerns: tuple[str, ...]
    reason: str
    by: str
    org_name: str
    voucher_id: int | None = None
    visit_id: int | None = None


def overrides(org, year: int) -> list[Override]:
    """Payouts of `org` and below in `year` that went beyond a rule and went ahead with a
    reason: vouchers that kept concerns (any door into the books) and welfare's visits the
    chair allowed above the standard. Newest first."""
    from gonghui.finance.models import Voucher, VoucherState
    from gonghui.welfare.models import Visit

    below = Q(org__path__startswith=org.path)
    vouchers = (
        Voucher._base_manager.filter(below, date__year=year)
        .exclude(concerns=[])
        .exclude(state=VoucherState.VOIDED)
        .select_related("org", "prepared_by")
    )
    out = [
        Override(
            v.date,
            "books",
            f"{v.number} {v.summary}",
            v.total,
            tuple(v.concerns),
            v.override_reason,
            str(v.prepared_by or ""),
            v.org.name,
            voucher_id=v.pk,
        )
        for v in vouchers
    ]
    visits = (
        Visit._base_manager.filter(below, date__year=year, override_by__isnull=False)
        .exclude(override_reason="")
        .select_related("org", "member", "override_by")
    )
    out += [
        Override(
            v.date,
            "welfare",
            f"{v.get_occasion_display()}：{v.member.name}",
            v.amount,
            tuple(f.get("message", "") for f in (v.findings or []) if isinstance(f, dict)),
            v.override_reason,
            str(v.override_by),
            v.org.name,
            visit_id=v.pk,
        )
        for v in visits
    ]
    return sorted(out, key=lambda o: (o.date, o.voucher_id or 0, o.visit_id or 0), reverse=True)
