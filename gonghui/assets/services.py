"""Workflows of the fixed assets: register (and book) a purchase, run a month's
depreciation, count the assets (清查), dispose of one, keep the 备查簿.

Every booking is a voucher made through gonghui.finance.services (voucher_create, then
voucher_submit): it is numbered in its month and waits for review and posting like any
voucher; a closed month or a budget concern refuses it there, and that refusal (a
FinanceError, a DomainError) reaches the person as it is.

The entries, under 工会会计制度（财会〔2021〕7号）(../shared/docs/domain.md §4.1):

- purchase: Dr 162 固定资产 / Cr 301 资产基金, and Dr 507xx 资本性支出 / Cr 102 银行存款, one
  voucher of four lines;
- depreciation: Dr 301 资产基金 / Cr 163 累计折旧, one voucher per month, a pair of lines per
  category;
- disposal: Dr 163 (accumulated) and Dr 301 (net value) / Cr 162 (original value); money
  from a sale Dr 102 / Cr 408 其他收入 in the same voucher;
- stocktake: see `stocktake_submit` and `stocktake_approve`.

Lock order: the asset rows (or the stocktake, the disposal), then inside finance the
voucher and the month's Period row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.core.errors import DomainError
from gonghui.core.models import audited_bulk_create
from gonghui.core.scoping import locked
from gonghui.core.validators import date_problem
from gonghui.finance import chart
from gonghui.finance import services as books
from gonghui.finance.models import VoucherState
from gonghui.finance.posting import fund_available_on
from gonghui.finance.selectors import chart_for
from gonghui.finance.services import LineInput
from gonghui.funds import money

from . import rules, selectors
from .models import (
    ZERO,
    Asset,
    AssetState,
    DepreciationLine,
    DepreciationRun,
    Disposal,
    DisposalKind,
    DisposalState,
    LentItem,
    Stocktake,
    StocktakeItem,
    StocktakeResult,
    StocktakeState,
)


class AssetError(DomainError):
    """An action on fixed assets was refused; the message is for the accountant."""


# -- helpers -------------------------------------------------------------------------
def _text(value, *, label, limit: int, field: str, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise AssetError(_("Enter the %(field)s.") % {"field": label}, field=field)
    if len(value) > limit:
        raise AssetError(
            _("The %(field)s is too long (at most %(limit)s characters).")
            % {"field": label, "limit": limit},
            field=field,
        )
    return value


def _date(value, *, field: str = "date") -> dt.date:
    if not isinstance(value, dt.date):
        raise AssetError(_("Enter the date."), field=field)
    problem = date_problem(value)
    if problem:
        raise AssetError(problem, field=field)
    return value


def _amount(value, *, field: str, allow_zero: bool = False) -> Decimal:
    if isinstance(value, float):
        raise TypeError("amounts are Decimal, never float")
    if value in (None, "") and allow_zero:
        return ZERO
    try:
        amount = money.parse_amount(value)
    except money.AmountError as exc:
        raise AssetError(str(exc), field=field) from None
    if amount <= 0 and not allow_zero:
        raise AssetError(_("The amount must be more than zero."), field=field)
    return amount


def _category(code) -> rules.Category:
    cat = rules.category(code or "")
    if cat is None:
        raise AssetError(_("Choose the category."), field="category")
    return cat


def _leaf(org, code: str, on: dt.date) -> str:
    """`code` itself, or the first sub-account a union keeps under it."""
    accounts = chart_for(org, on)
    if chart.is_leaf(code, accounts.values()):
        return code
    leaves = sorted(
        c for c in accounts if c.startswith(code) and chart.is_leaf(c, accounts.values())
    )
    return leaves[0] if leaves else code


def _book(*, actor, org, date: dt.date, summary: str, lines, override_reason: str = ""):
    """One voucher through the books: prepared, then handed in for review (numbered)."""
    voucher = books.voucher_create(
        actor=actor, org=org, date=date, summary=summary[:200], lines=lines
    )
    return books.voucher_submit(actor=actor, voucher=voucher, override_reason=override_reason)


def _pair(org, on, debit: str, credit: str, amount: Decimal, summary: str, **credit_kw):
    """Dr `debit` Cr `credit` of `amount` (leaves of the union's chart)."""
    return [
        LineInput(_leaf(org, debit, on), debit=amount, summary=summary[:200]),
        LineInput(_leaf(org, credit, on), credit=amount, summary=summary[:200], **credit_kw),
    ]


def _next_number(org, year: int) -> str:
    prefix = f"{year}-"
    taken = set(
        Asset._base_manager.filter(org=org, number__startswith=prefix).values_list(
            "number", flat=True
        )
    )
    n = len(taken) + 1
    while f"{prefix}{n:04d}" in taken:
        n += 1
    return f"{prefix}{n:04d}"


def _save_new(asset: Asset) -> Asset:
    try:
        with transaction.atomic():
            asset.save()
    except IntegrityError:
        raise AssetError(
            _("Asset number %(number)s is taken.") % {"number": asset.number}, field="number"
        ) from None
    return asset


# -- the register --------------------------------------------------------------------
@transaction.atomic
def asset_register(
    *,
    actor,
    org,
    name: str,
    category: str,
    purchased_on: dt.date,
    original_value,
    years: int | None = None,
    number: str = "",
    spec: str = "",
    location: str = "",
    keeper: str = "",
    restricted: bool = False,
    project=None,
    fund=None,
    note: str = "",
    override_reason: str = "",
) -> Asset:
    """A bought asset on the register, and its purchase booked in one voucher of two
    entries: Dr 162 Cr 301 (the asset and the fund it stands for), Dr 507xx Cr 102 (the
    money spent, on the category's expense sub-account), handed in for review.

    Refused under the threshold (¥1,000, ¥1,500 for special equipment: an item below it
    is 库存物品 or an expense) and under the category's minimum years."""
    with books._as_actor(actor):
        name = _text(name, label=_("asset name"), limit=100, field="name", required=True)
        cat = _category(category)
        purchased_on = _date(purchased_on, field="purchased_on")
        value = _amount(original_value, field="original_value")
        problem = rules.value_problem(cat, value)
        if problem:
            raise AssetError(problem, field="original_value")
        years = cat.min_years if years in (None, "") else int(years)
        problem = rules.years_problem(cat, years)
        if problem:
            raise AssetError(problem, field="years")
        if project is not None and project.org_id != org.pk:
            raise AssetError(_("Unknown project."), field="project")
        if fund is not None:
            if fund.org_id != org.pk:
                raise AssetError(_("The fund belongs to another union."), field="fund")
            fund = locked(fund)  # as finance.posting: a second payout waits for this one
            available = fund_available_on(fund, purchased_on)
            if value > available:
                raise AssetError(
                    _("“%(fund)s” holds only %(balance)s yuan.")
                    % {"fund": fund.name, "balance": money.fmt_amount(available)},
                    field="fund",
                )
        number = _text(number, label=_("asset number"), limit=30, field="number")
        asset = Asset(
            org=org,
            number=number or _next_number(org, purchased_on.year),
            name=name,
            category=cat.code,
            spec=_text(spec, label=_("model and specification"), limit=100, field="spec"),
            location=_text(location, label=_("location"), limit=100, field="location"),
            keeper=_text(keeper, label=_("keeper"), limit=50, field="keeper"),
            purchased_on=purchased_on,
            original_value=value,
            years=years,
            restricted=bool(restricted),
            project=project,
            note=_text(note, label=_("note"), limit=200, field="note"),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        _save_new(asset)
        summary = f"购置固定资产：{asset.number} {name}"
        on = purchased_on
        lines = [
            *_pair(org, on, "162", "301", value, summary),
            LineInput(
                _leaf(org, cat.expense_account, on),
                debit=value,
                summary=summary[:200],
                restricted=bool(restricted),
                project=project,
            ),
            LineInput(_leaf(org, "102", on), credit=value, summary=summary[:200], fund=fund),
        ]
        voucher = _book(
            actor=actor,
            org=org,
            date=on,
            summary=summary,
            lines=lines,
            override_reason=override_reason,
        )
        asset.voucher = voucher
        asset.save()
        return asset


@transaction.atomic
def asset_update(
    *, actor, asset: Asset, location: str = "", keeper: str = "", spec: str = "", note: str = ""
) -> Asset:
    """Where the asset is and who keeps it (the card's details; the value never changes
    here: the books hold it)."""
    with books._as_actor(actor):
        fresh = locked(asset)
        fresh.location = _text(location, label=_("location"), limit=100, field="location")
        fresh.keeper = _text(keeper, label=_("keeper"), limit=50, field="keeper")
        fresh.spec = _text(spec, label=_("model and specification"), limit=100, field="spec")
        fresh.note = _text(note, label=_("note"), limit=200, field="note")
        fresh.save()
        return fresh


# -- depreciation --------------------------------------------------------------------
@transaction.atomic
def depreciation_run(*, actor, org, year: int, month: int) -> DepreciationRun:
    """计提折旧 of one month: straight line, no residual value, from the month after the
    purchase, never beyond the original value (the last month takes the rounding). One
    voucher dated the month's last day, Dr 301 Cr 163, a pair of lines per category.

    Once per month: a second run of the month is refused (the unique constraint decides
    when two run at once). A month whose voucher was voided may be run again. Months run
    in order: a month before one already run is refused. A closed month is refused by the
    books."""
    with books._as_actor(actor):
        if not (1 <= int(month) <= 12):
            raise AssetError(_("Choose a month."), field="month")
        year, month = int(year), int(month)
        end = _date(rules.month_end(year, month), field="month")
        # No row lock here: the unique constraint on (org, year, month) decides a race.
        runs = DepreciationRun._base_manager.filter(org=org)
        existing = runs.filter(year=year, month=month).select_related("voucher").first()
        if existing is not None:
            if existing.voucher is None or existing.voucher.state != VoucherState.VOIDED:
                raise AssetError(
                    _("Depreciation of %(year)s-%(month)02d has been run already (%(number)s).")
                    % {
                        "year": year,
                        "month": month,
                        "number": existing.voucher.number if existing.voucher else "",
                    },
                    field="month",
                )
            DepreciationLine._base_manager.filter(run=existing).delete()
            existing.delete()
        later = (runs.filter(year__gt=year) | runs.filter(year=year, month__gt=month)).exclude(
            voucher__state=VoucherState.VOIDED
        )
        last = later.order_by("-year", "-month").first()
        if last is not None:
            raise AssetError(
                _("Depreciation has been run up to %(period)s: months are run in order.")
                % {"period": last},
                field="month",
            )
        run = DepreciationRun(
            org=org,
            year=year,
            month=month,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        try:
            with transaction.atomic():
                run.save()
        except IntegrityError:
            raise AssetError(
                _("Depreciation of %(year)s-%(month)02d has been run already.")
                % {"year": year, "month": month},
                field="month",
            ) from None
        due = selectors.depreciation_due(org, year, month)
        if not due:
            raise AssetError(_("No asset is depreciated in this month."), field="month")
        by_category: dict[str, Decimal] = defaultdict(Decimal)
        for asset, amount in due:
            by_category[asset.category] += amount
        lines = []
        for code, amount in sorted(by_category.items()):
            summary = f"计提{year}年{month}月固定资产折旧：{rules.CATEGORIES[code].name}"
            lines += _pair(org, end, "301", "163", amount, summary)
        run.voucher = _book(
            actor=actor,
            org=org,
            date=end,
            summary=f"计提{year}年{month}月固定资产折旧",
            lines=lines,
        )
        run.total = sum(by_category.values(), ZERO)
        run.save()
        DepreciationLine._base_manager.bulk_create(
            DepreciationLine(run=run, asset=asset, amount=amount) for asset, amount in due
        )
        return run


# -- disposal ------------------------------------------------------------------------
@transaction.atomic
def disposal_request(
    *, actor, asset: Asset, kind: str, date: dt.date, reason: str, proceeds=None
) -> Disposal:
    """The accountant asks to scrap (报废), sell (出售) or transfer out (调出) an asset;
    the chair approves it (`disposal_approve`)."""
    with books._as_actor(actor):
        fresh = locked(asset)
        if not fresh.in_use:
            raise AssetError(_("Only an asset in use can be disposed of."))
        if kind not in DisposalKind.values:
            raise AssetError(_("Choose how it leaves."), field="kind")
        date = _date(date)
        if date < fresh.purchased_on:
            raise AssetError(_("The date is before the purchase."), field="date")
        proceeds = _amount(proceeds, field="proceeds", allow_zero=True)
        if proceeds and kind != DisposalKind.SALE:
            raise AssetError(_("Only a sale brings money in."), field="proceeds")
        if Disposal._base_manager.filter(asset=fresh, state=DisposalState.REQUESTED).exists():
            raise AssetError(_("A disposal of this asset is awaiting approval."))
        disposal = Disposal(
            org=fresh.org,
            asset=fresh,
            kind=kind,
            date=date,
            reason=_text(reason, label=_("reason"), limit=200, field="reason", required=True),
            proceeds=proceeds,
            requested_by=actor if getattr(actor, "pk", None) else None,
        )
        disposal.save()
        return disposal


def _decidable(disposal: Disposal, actor) -> Disposal:
    fresh = locked(disposal)
    if fresh.state != DisposalState.REQUESTED:
        raise AssetError(_("This disposal has been decided already."))
    return fresh


@transaction.atomic
def disposal_approve(*, actor, disposal: Disposal, note: str = "") -> Disposal:
    """The chair approves; the asset leaves the register and the books in one voucher:
    Dr 163 the accumulated depreciation, Dr 301 the net value, Cr 162 the original value;
    money from a sale Dr 102 Cr 408 其他收入 (非专项). Whoever asked cannot approve."""
    with books._as_actor(actor):
        fresh = _decidable(disposal, actor)
        if fresh.requested_by_id and fresh.requested_by_id == getattr(actor, "pk", None):
            raise AssetError(_("You asked for this disposal; another person must approve it."))
        asset = locked(fresh.asset)
        if not asset.in_use:
            raise AssetError(_("Only an asset in use can be disposed of."))
        org, on = asset.org, fresh.date
        accumulated = selectors.accumulated(asset)
        net = asset.original_value - accumulated
        summary = f"{fresh.get_kind_display()}固定资产：{asset.number} {asset.name}"
        lines = []
        if accumulated:
            lines.append(LineInput(_leaf(org, "163", on), debit=accumulated, summary=summary))
        if net:
            lines.append(LineInput(_leaf(org, "301", on), debit=net, summary=summary))
        lines.append(LineInput(_leaf(org, "162", on), credit=asset.original_value, summary=summary))
        if fresh.proceeds:
            lines += _pair(org, on, "102", "408", fresh.proceeds, summary, restricted=False)
        fresh.voucher = _book(actor=actor, org=org, date=on, summary=summary, lines=lines)
        fresh.state = DisposalState.APPROVED
        fresh.decided_by = actor
        fresh.decision_note = _text(note, label=_("note"), limit=200, field="note")
        fresh.save()
        asset.state, asset.ended_on = AssetState.DISPOSED, on
        asset.save()
        return fresh


@transaction.atomic
def disposal_reject(*, actor, disposal: Disposal, note: str) -> Disposal:
    with books._as_actor(actor):
        fresh = _decidable(disposal, actor)
        fresh.decision_note = _text(note, label=_("reason"), limit=200, field="note", required=True)
        fresh.state = DisposalState.REJECTED
        fresh.decided_by = actor
        fresh.save()
        return fresh


# -- stocktake -----------------------------------------------------------------------
@transaction.atomic
def stocktake_open(*, actor, org, date: dt.date) -> Stocktake:
    """清查: lists every asset in use, each found until marked otherwise. One stocktake at
    a time is counted or awaits approval."""
    with books._as_actor(actor):
        date = _date(date)
        # The union's row is the lock: FOR UPDATE on stocktakes that do not exist yet locks
        # nothing, and two accountants opening at once would both find none under way.
        locked(org, no_key=True)
        busy = Stocktake._base_manager.filter(
            org=org, state__in=(StocktakeState.OPEN, StocktakeState.SUBMITTED)
        )
        if busy.exists():
            raise AssetError(_("A stocktake is under way; finish it first."))
        stocktake = Stocktake(
            org=org, date=date, created_by=actor if getattr(actor, "pk", None) else None
        )
        stocktake.save()
        audited_bulk_create(
            StocktakeItem,
            [
                StocktakeItem(stocktake=stocktake, asset=a)
                for a in Asset._base_manager.filter(org=org, state=AssetState.IN_USE)
                .filter(purchased_on__lte=date)
                .order_by("number")
            ],
        )
        return stocktake


def _open_stocktake(stocktake: Stocktake) -> Stocktake:
    fresh = locked(stocktake)
    if fresh.state != StocktakeState.OPEN:
        raise AssetError(_("This stocktake is no longer being counted."))
    return fresh


@transaction.atomic
def stocktake_mark(*, actor, item: StocktakeItem, result: str, note: str = "") -> StocktakeItem:
    """A listed asset found or missing."""
    with books._as_actor(actor):
        _open_stocktake(item.stocktake)
        fresh = locked(item)
        if fresh.asset_id is None or result not in (
            StocktakeResult.FOUND,
            StocktakeResult.MISSING,
        ):
            raise AssetError(_("A registered asset is found or missing."), field="result")
        fresh.result = result
        fresh.note = _text(note, label=_("note"), limit=200, field="note")
        fresh.save()
        return fresh


@transaction.atomic
def stocktake_add_surplus(
    *, actor, stocktake: Stocktake, name: str, category: str, value, note: str = ""
) -> StocktakeItem:
    """盘盈: an asset found that is not on the register, with its appraised value."""
    with books._as_actor(actor):
        fresh = _open_stocktake(stocktake)
        cat = _category(category)
        value = _amount(value, field="value")
        problem = rules.value_problem(cat, value)
        if problem:
            raise AssetError(problem, field="value")
        item = StocktakeItem(
            stocktake=fresh,
            result=StocktakeResult.SURPLUS,
            name=_text(name, label=_("asset name"), limit=100, field="name", required=True),
            category=cat.code,
            value=value,
            note=_text(note, label=_("note"), limit=200, field="note"),
        )
        item.save()
        return item


@transaction.atomic
def stocktake_submit(*, actor, stocktake: Stocktake) -> Stocktake:
    """The count is handed to the chair; its differences go to 182 待处理财产损溢 now, in
    one voucher dated the stocktake's day, so the register and 162 agree at every moment:

    - a missing asset (盘亏) leaves 162 at its book value: Dr 182 the net value, Dr 163 the
      accumulated depreciation, Cr 162 the original value; the asset is written off the
      register (no more depreciation);
    - an asset found but not registered (盘盈) enters at its appraised value: Dr 162 Cr
      182, and is registered (depreciated from the next month, over its category's
      minimum years).

    Why through 182 and not straight to 301: the 2021 system keeps 182 for what is found
    in a count until it is approved (说明 of 182); the approval (`stocktake_approve`)
    then clears 182 against 301 资产基金, the fund that stood for the assets, since in
    this cash-basis system a fixed asset never touched income or expense after its
    purchase. The net effect of a loss is Dr 301 & Dr 163 Cr 162, as for a disposal."""
    with books._as_actor(actor):
        fresh = _open_stocktake(stocktake)
        org, on = fresh.org, fresh.date
        items = list(
            StocktakeItem._base_manager.filter(stocktake=fresh)
            .exclude(result=StocktakeResult.FOUND)
            .select_related("asset")
            .order_by("id")
        )
        lines = []
        for item in items:
            if item.result == StocktakeResult.MISSING:
                asset = locked(item.asset)
                if not asset.in_use:  # disposed of while the count went on
                    raise AssetError(
                        _("%(asset)s is no longer in use; mark it found.") % {"asset": asset}
                    )
                accumulated = selectors.accumulated(asset)
                net = asset.original_value - accumulated
                summary = f"固定资产盘亏：{asset.number} {asset.name}"
                if net:
                    lines.append(LineInput(_leaf(org, "182", on), debit=net, summary=summary))
                if accumulated:
                    lines.append(
                        LineInput(_leaf(org, "163", on), debit=accumulated, summary=summary)
                    )
                lines.append(
                    LineInput(_leaf(org, "162", on), credit=asset.original_value, summary=summary)
                )
                item.value = net
                item.save()
                asset.state, asset.ended_on = AssetState.LOST, on
                asset.save()
            else:
                summary = f"固定资产盘盈：{item.name}"
                lines += _pair(org, on, "162", "182", item.value, summary)
        if lines:
            fresh.voucher = _book(
                actor=actor,
                org=org,
                date=on,
                summary=f"固定资产清查（{on:%Y-%m-%d}）差异转入待处理财产损溢",
                lines=lines,
            )
            for item in items:
                if item.result == StocktakeResult.SURPLUS:
                    cat = rules.CATEGORIES[item.category]
                    asset = Asset(
                        org=org,
                        number=_next_number(org, on.year),
                        name=item.name,
                        category=cat.code,
                        purchased_on=on,
                        original_value=item.value,
                        years=cat.min_years,
                        voucher=fresh.voucher,
                        note=_("Found in the stocktake of %(date)s") % {"date": on.isoformat()},
                        created_by=actor if getattr(actor, "pk", None) else None,
                    )
                    _save_new(asset)
                    item.asset = asset
                    item.save()
        fresh.state = StocktakeState.SUBMITTED
        fresh.submitted_by = actor if getattr(actor, "pk", None) else None
        fresh.save()
        return fresh


@transaction.atomic
def stocktake_approve(*, actor, stocktake: Stocktake) -> Stocktake:
    """The chair approves the count: 182 is cleared against 301 资产基金 (losses: Dr 301
    Cr 182 the net value; surpluses: Dr 182 Cr 301 the appraised value), one voucher.
    Whoever handed the count in cannot approve it."""
    with books._as_actor(actor):
        fresh = locked(stocktake)
        if fresh.state != StocktakeState.SUBMITTED:
            raise AssetError(_("Only a stocktake awaiting approval can be approved."))
        if fresh.submitted_by_id and fresh.submitted_by_id == getattr(actor, "pk", None):
            raise AssetError(_("You handed this stocktake in; another person must approve it."))
        items = StocktakeItem._base_manager.filter(stocktake=fresh)
        loss = sum((i.value for i in items.filter(result=StocktakeResult.MISSING)), ZERO)
        gain = sum((i.value for i in items.filter(result=StocktakeResult.SURPLUS)), ZERO)
        org, on = fresh.org, fresh.date
        lines = []
        if loss:
            lines += _pair(org, on, "301", "182", loss, _("Stocktake losses written off"))
        if gain:
            lines += _pair(org, on, "182", "301", gain, _("Stocktake surpluses taken in"))
        if lines:
            fresh.approval_voucher = _book(
                actor=actor,
                org=org,
                date=on,
                summary=f"固定资产清查（{on:%Y-%m-%d}）损溢报经批准处理",
                lines=lines,
            )
        fresh.state = StocktakeState.APPROVED
        fresh.approved_by = actor if getattr(actor, "pk", None) else None
        fresh.save()
        return fresh


# -- 备查簿 ----------------------------------------------------------------------------
@transaction.atomic
def lent_item_create(
    *, actor, org, name: str, lender: str, lent_on: dt.date, quantity: int = 1, note: str = ""
) -> LentItem:
    """An item the employer lends the union: kept in the 备查簿, never booked."""
    with books._as_actor(actor):
        if not isinstance(quantity, int) or quantity < 1:
            raise AssetError(_("At least one."), field="quantity")
        item = LentItem(
            org=org,
            name=_text(name, label=_("item"), limit=100, field="name", required=True),
            lender=_text(lender, label=_("lent by"), limit=100, field="lender", required=True),
            lent_on=_date(lent_on, field="lent_on"),
            quantity=quantity,
            note=_text(note, label=_("note"), limit=200, field="note"),
        )
        item.save()
        return item


@transaction.atomic
def lent_item_return(*, actor, item: LentItem, returned_on: dt.date) -> LentItem:
    with books._as_actor(actor):
        fresh = locked(item)
        if fresh.returned_on is not None:
            raise AssetError(_("It has been returned already."))
        returned_on = _date(returned_on, field="returned_on")
        if returned_on < fresh.lent_on:
            raise AssetError(_("It cannot be returned before it was lent."), field="returned_on")
        fresh.returned_on = returned_on
        fresh.save()
        return fresh


# -- export --------------------------------------------------------------------------
def register_export(*, actor, org, state: str = "", category: str = "", q: str = ""):
    """The register as .xlsx (file name, bytes, media type), logged. Typed text stays
    text (gonghui.core.exports)."""
    from gonghui.core.files import XLSX

    from .exports import register_xlsx

    with books._as_actor(actor), transaction.atomic():
        rows = selectors.assets(org, state=state, category=category, q=q)
        name, content = register_xlsx(org, rows, user=actor)
        audit.record(
            "assets.register.exported",
            org=org,
            changes={"state": state, "category": category, "q": q},
        )
    return name, content, XLSX
