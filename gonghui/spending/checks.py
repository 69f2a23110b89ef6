"""The spending rules at the moment of payment: the check the books run on every payout
(gonghui.finance.checks, registered in apps.py), whichever door records it.

It answers for the bases the books can compute: per event (one named payee's lines
above the cap), per member per year (a named payee's year on the rule's accounts) and a
share of the year's budgeted income (the year's spending on the rule's accounts, pending
vouchers included). The share of entrants and the per-festival caps need facts the
books do not hold (who entered, which festival): welfare and the pages name them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from contextvars import ContextVar
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from gonghui.finance.checks import Concern

from .presets import Basis
from .selectors import reaching, resolve

ZERO = Decimal("0.00")
BOOKS_BASES = (Basis.PER_EVENT, Basis.PER_MEMBER_YEAR, Basis.BUDGET_SHARE)
WELFARE = "welfare."

# Set while a module books a payout it has checked against the same rules itself.
_checked_by: ContextVar[str] = ContextVar("spending_checked_by", default="")


@contextlib.contextmanager
def checked_by(module: str):
    """Around a module's `posting.payout_post` when the module has checked the payout
    against the spending rules already (welfare: per payout and per member per year, with
    the chair's override), so the books do not raise the same concern a second time."""
    token = _checked_by.set(module)
    try:
        yield
    finally:
        _checked_by.reset(token)


def _matches(rule, code: str) -> bool:
    return any(code.startswith(a) for a in rule.accounts or ())


def _on_accounts(rule) -> Q:
    q = Q(pk__in=[])
    for a in rule.accounts or ():
        q |= Q(account_code__startswith=a)
    return q


def _committed_lines(org, year: int, voucher):
    from gonghui.finance.models import VoucherLine
    from gonghui.finance.posting import COMMITTED

    rows = VoucherLine._base_manager.filter(
        org_id=org.pk, date__year=year, voucher__state__in=COMMITTED
    )
    if voucher is not None and voucher.pk:
        rows = rows.exclude(voucher_id=voucher.pk)
    return rows


def _net_debit(rows) -> Decimal:
    s = rows.aggregate(d=Sum("debit"), c=Sum("credit"))
    return (Decimal(s["d"] or 0) - Decimal(s["c"] or 0)).quantize(Decimal("0.01"))


def budgeted_income(org, year: int) -> tuple[Decimal | None, str]:
    """The year's budgeted income and what it is: the approved budget's (the budgets app,
    when it answers), else last year's posted income (4xx) as the nearest figure."""
    try:
        from gonghui.budgets import selectors as budgets
    except ImportError:  # pragma: no cover - the budgets app is optional here
        budgets = None
    value = None
    if hasattr(budgets, "approved_income"):
        value = budgets.approved_income(org, year)
    elif all(hasattr(budgets, f) for f in ("in_force", "lines_of", "sums")):
        # The budget in force (the latest ratified budget or adjustment): its income lines.
        budget = budgets.in_force(org, year)
        if budget is not None:
            value = budgets.sums(budgets.lines_of(budget)).get("income")
    if value:
        return Decimal(value), _("the approved budget's income")
    from gonghui.finance.models import VoucherLine

    rows = VoucherLine._base_manager.filter(
        org_id=org.pk, date__year=year - 1, posted=True, account_top__startswith="4"
    )
    income = -_net_debit(rows)
    return (income if income > 0 else None), _("last year's income in the books")


def _welfare_booked(voucher) -> bool:
    from gonghui.finance.models import SourcePosting

    return SourcePosting._base_manager.filter(
        voucher_id=voucher.pk, source__startswith=WELFARE
    ).exists()


def check(*, org, date: dt.date, lines, voucher=None) -> list[Concern]:
    # Welfare checks its own payouts against the same rules (read through
    # selectors.caps_for): per payout and per member per year, knowing the member and the
    # occasion, with the chair's override and reason. Its vouchers are skipped here, or
    # one payout would raise the same concern twice (and welfare's booking, which has
    # settled its findings already, would be refused for want of a second reason).
    # What welfare does not check itself is the year's total against a share of the
    # budgeted income: that one runs for its payouts too (the reason it asks for covers it).
    checked = bool(_checked_by.get()) or (
        voucher is not None and voucher.pk and _welfare_booked(voucher)
    )
    found = [r for r in resolve(reaching(org), org, date).values() if r.basis in BOOKS_BASES]
    spent = [ln for ln in lines if (ln.debit or ZERO) > 0 and str(ln.account_code)[:1] == "5"]
    if not found or not spent:
        return []
    out: list[Concern] = []
    if not checked:
        out += _per_event(found, spent)
        out += _per_member_year(found, spent, org=org, date=date, voucher=voucher)
    out += _budget_share(found, spent, org=org, date=date, voucher=voucher)
    return out


def _per_event(found, spent) -> list[Concern]:
    """Each payee's lines against the highest per-event cap among the rules on their
    account: above it is above every rule that could apply, whatever the occasion.

    Only lines that name a payee: the per-event caps are amounts per person (a gift, a
    prize), while a line without one is an event's total (an activity's actual cost, a
    batch of gifts), which a per-person cap would refuse wrongly."""
    caps = [r for r in found if r.basis == Basis.PER_EVENT and r.amount]
    totals: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    rules = {}
    for ln in spent:
        matching = [r for r in caps if _matches(r, ln.account_code)]
        if not matching or not ln.payee:
            continue
        top = max(matching, key=lambda r: r.amount)
        key = (ln.payee, top.pk)
        totals[key] += ln.debit
        rules[key] = (top, ln.payee)
    out = []
    for key, amount in totals.items():
        rule, payee = rules[key]
        if amount > rule.amount:
            out.append(
                Concern(
                    "spending.per_event",
                    _(
                        "%(who)s %(amount)s yuan is above the spending rule “%(item)s”: "
                        "at most %(cap)s yuan each time (%(source)s)"
                    )
                    % {
                        "who": payee,
                        "amount": amount,
                        "item": rule.get_item_display(),
                        "cap": rule.amount,
                        "source": rule.source,
                    },
                )
            )
    return out


def _per_member_year(found, spent, *, org, date, voucher) -> list[Concern]:
    out = []
    for rule in (r for r in found if r.basis == Basis.PER_MEMBER_YEAR and r.amount):
        now: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for ln in spent:
            if ln.payee and _matches(rule, ln.account_code):
                now[ln.payee] += ln.debit
        for payee, amount in now.items():
            before = _net_debit(
                _committed_lines(org, date.year, voucher).filter(_on_accounts(rule), payee=payee)
            )
            if before + amount > rule.amount:
                out.append(
                    Concern(
                        "spending.member_year",
                        _(
                            "%(who)s will have %(total)s yuan this year, above the spending "
                            "rule “%(item)s”: at most %(cap)s yuan per member per year "
                            "(%(source)s)"
                        )
                        % {
                            "who": payee,
                            "total": before + amount,
                            "item": rule.get_item_display(),
                            "cap": rule.amount,
                            "source": rule.source,
                        },
                    )
                )
    return out


def _budget_share(found, spent, *, org, date, voucher) -> list[Concern]:
    out = []
    for rule in (r for r in found if r.basis == Basis.BUDGET_SHARE and r.percent):
        amount = sum((ln.debit for ln in spent if _matches(rule, ln.account_code)), ZERO)
        if not amount:
            continue
        income, what = budgeted_income(org, date.year)
        if income is None:
            continue
        cap = (income * rule.percent / 100).quantize(Decimal("0.01"))
        total = _net_debit(_committed_lines(org, date.year, voucher).filter(_on_accounts(rule)))
        total += amount
        if total > cap:
            out.append(
                Concern(
                    "spending.budget_share",
                    _(
                        "This year's spending on “%(item)s” will reach %(total)s yuan, above "
                        "the spending rule: at most %(percent)s%% of %(what)s, %(cap)s yuan "
                        "(%(source)s)"
                    )
                    % {
                        "item": rule.get_item_display(),
                        "total": total,
                        "percent": f"{rule.percent.normalize():f}",
                        "what": what,
                        "cap": cap,
                        "source": rule.source,
                    },
                )
            )
    return out
