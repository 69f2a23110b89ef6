"""Posting of imported vouchers: books kept elsewhere (用友, 金蝶, 畅捷通, by hand) that
were reviewed and posted there already.

A voucher of Gonghui is prepared by one person and reviewed by another before it is
posted (services.voucher_review refuses the preparer). An imported voucher is history:
the review happened in the books it comes from, and asking a second person to review a
year of old vouchers one by one would only train them to click. So the import posts them
itself: the importing user is the preparer, the voucher is marked reviewed (with nobody
named as reviewer, since nobody here reviewed it) and posted, with an audit entry saying
so. Only kinds IMPORTED and OPENING may take this path; everything else goes through
submit → review → post.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.core.scoping import locked

from .models import Voucher, VoucherKind, VoucherLine, VoucherState
from .services import FinanceError, _as_actor, _copy_back, _number

IMPORT_KINDS = (VoucherKind.IMPORTED, VoucherKind.OPENING)


@transaction.atomic
def voucher_import_post(*, actor, voucher: Voucher, batch_id: int | None = None) -> Voucher:
    """Number a draft imported (or opening) voucher in its month and post it at once;
    `batch_id` is the import (imports.ImportBatch) it came with, None from the command.

    Locks the voucher row, then the Period row of its month (the order of services.py);
    a closed month refuses it as it refuses any posting."""
    with _as_actor(actor):
        fresh = locked(voucher)
        if fresh.kind not in IMPORT_KINDS:
            raise FinanceError(
                _("Only imported vouchers are posted without a review; this one is %(kind)s.")
                % {"kind": fresh.get_kind_display()}
            )
        if fresh.state != VoucherState.DRAFT:
            raise FinanceError(
                _("This voucher is %(state)s; that cannot be done now.")
                % {"state": fresh.get_state_display()}
            )
        _number(fresh)  # under the Period lock; refuses a closed month
        now = timezone.now()
        fresh.state = VoucherState.POSTED
        fresh.reviewed_by = None  # reviewed in the books it came from, not here
        fresh.reviewed_at = now
        fresh.posted_by = actor if getattr(actor, "pk", None) else None
        fresh.posted_at = now
        if batch_id is not None:
            fresh.import_batch_id = batch_id  # set while still a draft: posted never changes
        fresh.save()
        VoucherLine._base_manager.filter(voucher_id=fresh.pk).update(posted=True)
        original = fresh.external_no or "—"
        audit.record(
            "finance.voucher.imported",
            obj=fresh,
            note=_(
                "Imported as %(number)s (originally %(original)s): reviewed and posted "
                "in the books it came from, posted here by the import."
            )
            % {"number": fresh.number, "original": original},
        )
        return _copy_back(voucher, fresh)
