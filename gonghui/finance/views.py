"""Finance pages: the overview, the months (结账) and the chart of accounts (会计科目).

The vouchers are in views_vouchers.py, the statements and the trial balance in
views_reports.py. Every page reads through the selectors the API uses; the few reads no
selector offers yet (month states, counts, cash and bank balances, where a sub-account
was set) are the private helpers below, each one query.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view
from gonghui.core.forms import run
from gonghui.core.params import check_year, year_param

from . import chart, services
from .forms import SubAccountForm
from .models import PENDING_STATES, ZERO, Period, PeriodState, SubAccount, Voucher, VoucherLine
from .models import VoucherState as S
from .selectors import chart_for

CENT = Decimal("0.01")
CATEGORY_LABELS = {
    chart.ASSET: "资产类",
    chart.LIABILITY: "负债类",
    chart.NET_ASSETS: "净资产类",
    chart.INCOME: "收入类",
    chart.EXPENSE: "支出类",
}


# -- reads no selector offers yet ------------------------------------------------------
def _money(value) -> Decimal:
    # SQLite sums decimals as floats: back to the fen.
    return Decimal(value or 0).quantize(CENT)


def _periods(org, year: int | None = None) -> dict[tuple[int, int], Period]:
    rows = Period.objects.filter(org=org).select_related("closed_by", "reopened_by")
    if year is not None:
        rows = rows.filter(year=year)
    return {(p.year, p.month): p for p in rows}


def _state_counts(org) -> dict[str, int]:
    rows = Voucher.objects.filter(org=org).values("state").annotate(n=Count("id")).order_by()
    return {r["state"]: r["n"] for r in rows}


def _cash_and_bank(org) -> dict[str, Decimal]:
    """The balances of 库存现金 (101) and 银行存款 (102) from the posted lines."""
    rows = (
        VoucherLine.objects.filter(org=org, posted=True, account_top__in=("101", "102"))
        .values("account_top")
        .annotate(d=Sum("debit"), c=Sum("credit"))
        .order_by()
    )
    out = {"101": ZERO, "102": ZERO}
    for r in rows:
        out[r["account_top"]] = _money(r["d"]) - _money(r["c"])
    return out


def _month_counts(org, year: int) -> dict[int, dict[str, int]]:
    """Per month of `year`: posted, pending (numbered, not posted) and draft vouchers."""
    rows = (
        Voucher.objects.filter(org=org, year=year)
        .values("month")
        .annotate(
            posted=Count("id", filter=Q(state=S.POSTED)),
            pending=Count("id", filter=Q(state__in=PENDING_STATES)),
            drafts=Count("id", filter=Q(state=S.DRAFT)),
        )
        .order_by()
    )
    return {r["month"]: r for r in rows}


def _next_to_close(org, today: dt.date) -> tuple[int, int] | None:
    """The month 结账 comes to next: the earliest month still open that holds vouchers,
    or the month after the last closed one, whichever comes first. A month after the
    last closed one that holds nothing is offered only once it has begun."""
    open_row = (
        Period.objects.filter(org=org, state=PeriodState.OPEN).order_by("year", "month").first()
    )
    closed = (
        Period.objects.filter(org=org, state=PeriodState.CLOSED).order_by("-year", "-month").first()
    )
    candidates = []
    if open_row is not None:
        candidates.append((open_row.year, open_row.month))
    if closed is not None:
        after = (closed.year + closed.month // 12, closed.month % 12 + 1)
        if after <= (today.year, today.month):
            candidates.append(after)
    return min(candidates) if candidates else None


def _month_shift(year: int, month: int, by: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + by
    return n // 12, n % 12 + 1


# -- the overview ----------------------------------------------------------------------
@org_view("finance.statements:read")
def index(request, org_code):
    """财务: this month and last month, what waits for review and posting, cash and bank.
    Who reads statements only (the upper union) sees the way to the statements."""
    org, access = request.org, request.access
    today = timezone.localdate()
    ctx = {"books": access.has("finance.books:read"), "today": today}
    if ctx["books"]:
        periods = _periods(org)
        months = []
        for y, m in (_month_shift(today.year, today.month, -1), (today.year, today.month)):
            p = periods.get((y, m))
            months.append({"year": y, "month": m, "closed": bool(p and p.is_closed), "period": p})
        counts = _state_counts(org)
        balances = _cash_and_bank(org)
        ctx.update(
            {
                "months": months,
                "counts": {
                    "drafts": counts.get(S.DRAFT, 0),
                    "submitted": counts.get(S.SUBMITTED, 0),
                    "reviewed": counts.get(S.REVIEWED, 0),
                    "rejected": counts.get(S.REJECTED, 0),
                    "posted": counts.get(S.POSTED, 0),
                },
                "cash": balances["101"],
                "bank": balances["102"],
                "next_close": _next_to_close(org, today),
            }
        )
    return render(request, "finance/index.html", ctx)


def dashboard_panel(request) -> dict | None:
    """The dashboard card: vouchers waiting for this person (review, posting, returned
    to them); hidden when nothing waits."""
    org, access, user = request.org, request.access, request.user
    vouchers = Voucher.objects.filter(org=org)
    counts = vouchers.aggregate(
        review=Count("id", filter=Q(state=S.SUBMITTED) & ~Q(prepared_by=user)),
        post=Count("id", filter=Q(state=S.REVIEWED)),
        returned=Count("id", filter=Q(state=S.REJECTED, prepared_by=user)),
    )
    panel = {
        "review": counts["review"] if access.has("finance.voucher:review") else 0,
        "post": counts["post"] if access.has("finance.voucher:post") else 0,
        "returned": counts["returned"] if access.has("finance.voucher:prepare") else 0,
    }
    return panel if any(panel.values()) else None


# -- months ----------------------------------------------------------------------------
@org_view("finance.books:read")
def periods(request, org_code):
    """结账: the twelve months of a year, with the close and reopen buttons."""
    org, access = request.org, request.access
    today = timezone.localdate()
    year = year_param(request)
    rows = _periods(org, year)
    counts = _month_counts(org, year)
    next_close = _next_to_close(org, today)
    months = []
    for m in range(1, 13):
        p = rows.get((year, m))
        months.append(
            {
                "month": m,
                "period": p,
                "closed": bool(p and p.is_closed),
                "counts": counts.get(m, {}),
                "closable": next_close == (year, m),
            }
        )
    return render(
        request,
        "finance/periods.html",
        {
            "year": year,
            "years": sorted({today.year - 1, today.year, today.year + 1, year}),
            "months": months,
            "next_close": next_close,
            "can_close": access.has("finance.voucher:post"),
            "can_reopen": access.has("finance.period:reopen"),
        },
    )


def _month(year: int, month: int) -> tuple[int, int]:
    check_year(year)
    if not 1 <= month <= 12:
        raise Http404
    return year, month


@org_view("finance.voucher:post", methods=("POST",))
def period_close(request, org_code, year, month):
    year, month = _month(year, month)
    period = services.period_close(actor=request.user, org=request.org, year=year, month=month)
    messages.success(request, _("%(period)s is closed.") % {"period": period})
    return redirect(f"{_periods_url(org_code)}?year={year}")


@org_view("finance.period:reopen", methods=("POST",))
def period_reopen(request, org_code, year, month):
    year, month = _month(year, month)
    # The service refuses an empty reason with its own words (back through org_view).
    reopened = services.period_reopen(
        actor=request.user,
        org=request.org,
        year=year,
        month=month,
        reason=request.POST.get("reason", ""),
    )
    messages.success(
        request,
        _("Reopened: %(months)s.") % {"months": "、".join(str(p) for p in reversed(reopened))},
    )
    return redirect(f"{_periods_url(org_code)}?year={year}")


def _periods_url(org_code: str) -> str:
    return reverse("finance:periods", kwargs={"org_code": org_code})


# -- the chart -------------------------------------------------------------------------
def _setters(org) -> dict[str, SubAccount]:
    """code → the sub-account row that chart_for took it from (the nearest setter)."""
    subs = SubAccount.objects.reaching(org).select_related("org")
    found: dict[str, SubAccount] = {}
    for sub in sorted(subs, key=lambda s: (len(s.org.path), s.code)):
        found[sub.code] = sub
    return found


def _chart_page(request, form, status=200):
    org = request.org
    accounts = chart_for(org, timezone.localdate())
    setters = _setters(org)
    everything = accounts.values()
    rows = []
    for account in accounts.values():
        sub = setters.get(account.code) if account.code not in chart.ACCOUNTS else None
        if sub is None:
            origin = _("Set by the accounting system")
        elif sub.org_id == org.pk:
            origin = _("Set by this union")
        else:
            origin = _("Set by %(org)s") % {"org": sub.org.name}
        rows.append(
            {
                "account": account,
                "level": account.level,
                "category": CATEGORY_LABELS.get(account.category, ""),
                "normal": "借" if account.normal == chart.DEBIT else "贷",
                "origin": origin,
                "custom": sub is not None,
                "leaf": chart.is_leaf(account.code, everything),
            }
        )
    return render(
        request,
        "finance/chart.html",
        {
            "rows": rows,
            "form": form,
            "can_add": request.access.has("finance.voucher:post"),
            "source": chart.SOURCE,
        },
        status=status,
    )


@org_view("finance.books:read")
def chart_page(request, org_code):
    form = None
    if request.access.has("finance.voucher:post"):
        form = SubAccountForm(accounts=chart_for(request.org, timezone.localdate()))
    return _chart_page(request, form)


@org_view("finance.voucher:post", methods=("POST",))
def subaccount_create(request, org_code):
    form = SubAccountForm(request.POST, accounts=chart_for(request.org, timezone.localdate()))
    if form.is_valid() and (
        sub := run(
            form,
            services.subaccount_create,
            actor=request.user,
            org=request.org,
            **form.cleaned_data,
        )
    ):
        messages.success(
            request,
            _("Sub-account %(code)s %(name)s added.") % {"code": sub.code, "name": sub.name},
        )
        return redirect("finance:chart", org_code=org_code)
    return _chart_page(request, form)
