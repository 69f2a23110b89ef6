"""What a payment is checked against when it is recorded, whichever door records it.

Other modules register checks here (the budget's approved lines, the spending rules of
the upper union); the books call them when a voucher is handed in (`voucher_submit`) and
when a module books its own payout (`posting.payout_post`). A check answers concerns in
Chinese; any concern stops the booking unless the person gives a reason, and then the
voucher keeps the concerns and the reason, so the 经审会 can list every override.

A check receives the voucher's built lines (unsaved `VoucherLine`s with account_code,
restricted, project, debit, credit, fund) and must not write anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Concern:
    code: str  # for tests and filters, never shown
    message: str  # Chinese, shown to the person and kept on the voucher


Check = Callable[..., Sequence[Concern]]
_CHECKS: dict[str, Check] = {}


def register(name: str, check: Check) -> None:
    """`check(org=…, date=…, lines=…, voucher=…)`; `voucher` is None for a module's payout
    before it exists. Registering a name again replaces it (apps reload in tests)."""
    _CHECKS[name] = check


def concerns(*, org, date: dt.date, lines, voucher=None) -> list[Concern]:
    found: list[Concern] = []
    for check in _CHECKS.values():
        found.extend(check(org=org, date=date, lines=lines, voucher=voucher))
    return found


def settle(*, org, date: dt.date, lines, reason: str = "", voucher=None) -> tuple[list[str], str]:
    """The concerns' messages and the cleaned reason, or FinanceError asking for one."""
    from .services import FinanceError

    found = concerns(org=org, date=date, lines=lines, voucher=voucher)
    reason = (reason or "").strip()[:300]
    if found and not reason:
        raise FinanceError(
            _("%(concerns)s Give a reason to go ahead; it is kept for the audit committee.")
            % {"concerns": "；".join(c.message for c in found)},
            field="override_reason",
        )
    return [c.message for c in found], reason if found else ""
