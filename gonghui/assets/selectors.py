"""Reads of the fixed assets that pages, API, exports and services share."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from gonghui.finance.models import Voucher, VoucherState

from . import rules
from .models import (
    ZERO,
    Asset,
    AssetState,
    DepreciationLine,
    DepreciationRun,
    Disposal,
    DisposalState,
    LentItem,
    Stocktake,
    StocktakeItem,
)

CENT = Decimal("0.01")


def _live(lines):
    """Depreciation lines whose voucher was not voided."""
    return lines.exclude(run__voucher__state=VoucherState.VOIDED)


def _sum(rows) -> Decimal:
    return Decimal(rows.aggregate(s=Sum("amount"))["s"] or 0).quantize(CENT)


def accumulated(asset: Asset) -> Decimal:
    """累计折旧 of the asset: every month run so far (a voided run's voucher aside)."""
    return _sum(_live(DepreciationLine._base_manager.filter(asset_id=asset.pk)))


def accumulated_by_asset(asset_ids) -> dict[int, Decimal]:
    rows = (
        _live(DepreciationLine._base_manager.filter(asset_id__in=list(asset_ids)))
        .values("asset_id")
        .annotate(s=Sum("amount"))
        .order_by()
    )
    return {r["asset_id"]: Decimal(r["s"] or 0).quantize(CENT) for r in rows}


def assets(org, *, state: str = "", category: str = "", q: str = ""):
    """The register, with each asset's accumulated depreciation and net value
    (`accumulated`, `net` set on every row)."""
    qs = Asset.objects.filter(org=org).select_related("voucher", "project")
    if state:
        qs = qs.filter(state=state)
    if category:
        qs = qs.filter(category=category)
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(number__icontains=q)
            | Q(location__icontains=q)
            | Q(keeper__icontains=q)
        )
    return qs.order_by("number")


def with_values(rows) -> list[Asset]:
    rows = list(rows)
    acc = accumulated_by_asset(a.pk for a in rows)
    for a in rows:
        a.accumulated = acc.get(a.pk, ZERO)
        a.net = a.original_value - a.accumulated
    return rows


def asset(org, pk: int) -> Asset:
    return Asset.objects.filter(org=org).select_related("voucher", "project").get(pk=pk)


@dataclass(frozen=True)
class ScheduleRow:
    year: int
    month: int
    amount: Decimal
    accumulated: Decimal
    net: Decimal
    voucher: Voucher | None


def schedule(a: Asset) -> list[ScheduleRow]:
    """折旧明细: each month run for the asset, with the accumulated amount and the net value
    after it, and its voucher."""
    lines = (
        _live(DepreciationLine._base_manager.filter(asset_id=a.pk))
        .select_related("run__voucher")
        .order_by("run__year", "run__month")
    )
    out, total = [], ZERO
    for line in lines:
        total += line.amount
        out.append(
            ScheduleRow(
                line.run.year,
                line.run.month,
                line.amount,
                total,
                a.original_value - total,
                line.run.voucher,
            )
        )
    return out


def vouchers_of(a: Asset) -> list[Voucher]:
    """The asset's vouchers: purchase, depreciation runs, disposal, stocktake."""
    ids = {a.voucher_id}
    ids |= set(
        _live(DepreciationLine._base_manager.filter(asset_id=a.pk)).values_list(
            "run__voucher_id", flat=True
        )
    )
    ids |= set(Disposal._base_manager.filter(asset_id=a.pk).values_list("voucher_id", flat=True))
    counted = Stocktake._base_manager.filter(
        items__asset_id=a.pk, items__result__in=("missing", "surplus")
    )
    for st in counted:
        ids |= {st.voucher_id, st.approval_voucher_id}
    ids.discard(None)
    return list(Voucher.objects.filter(org=a.org, pk__in=ids).order_by("date", "seq"))


def depreciation_due(org, year: int, month: int) -> list[tuple[Asset, Decimal]]:
    """What each asset in use is depreciated by in (year, month): what its accumulated
    depreciation should be by the month's end, less what it is (a month missed before is
    caught up), never beyond its original value."""
    end = rules.month_end(year, month)
    rows = list(
        Asset._base_manager.filter(
            org=org, state=AssetState.IN_USE, purchased_on__lt=end.replace(day=1)
        ).order_by("number")
    )
    acc = accumulated_by_asset(a.pk for a in rows)
    due = []
    for a in rows:
        months = rules.months_between(a.purchased_on, year, month)
        amount = rules.accumulated_target(a.original_value, a.years, months) - acc.get(a.pk, ZERO)
        if amount > 0:
            due.append((a, amount))
    return due


def runs(org):
    return DepreciationRun.objects.filter(org=org).select_related("voucher", "created_by")


def stocktakes(org):
    return Stocktake.objects.filter(org=org).select_related("voucher", "approval_voucher")


def stocktake(org, pk: int) -> Stocktake:
    return stocktakes(org).get(pk=pk)


def stocktake_items(st: Stocktake):
    return StocktakeItem.objects.filter(stocktake=st).select_related("asset").order_by("id")


def stocktake_items_of(org):
    return StocktakeItem.objects.filter(stocktake__org=org).select_related("stocktake")


def disposals(org, *, state: str = ""):
    qs = Disposal.objects.filter(org=org).select_related(
        "asset", "voucher", "requested_by", "decided_by"
    )
    return qs.filter(state=state) if state else qs


def disposal(org, pk: int) -> Disposal:
    return disposals(org).get(pk=pk)


def lent_items(org):
    return LentItem.objects.filter(org=org)


def summary(org) -> dict:
    """The dashboard card: assets in use, their original and net value, what waits."""
    in_use = with_values(Asset.objects.filter(org=org, state=AssetState.IN_USE))
    return {
        "count": len(in_use),
        "original": sum((a.original_value for a in in_use), ZERO),
        "net": sum((a.net for a in in_use), ZERO),
        "waiting": Disposal.objects.filter(org=org, state=DisposalState.REQUESTED).count(),
        "last_run": runs(org).first(),
    }
