"""Aid's money in the books: which voucher booked a payment or a contribution, and the
finance project of a medical aid scheme.

Aid posts through gonghui.finance.posting (services.py) with its records as sources:

- a 金秋助学 payment: ("aid.application", "<application id>"), 50405 送温暖;
- a 医疗互助 payment: ("aid.claim", "<claim id>"), 50305 其他服务, 专项, the scheme's project;
- a contribution: ("aid.enrolment", "<scheme id>:<member id>") for one member, or one
  voucher ("<scheme id>:bulk:<first member id>-<count>") for a bulk enrolment with a part
  per member ("<that>:<member id>"), 408 其他收入, 专项, the scheme's project.

Nothing on an aid record points at its voucher: it is found through finance.SourcePosting
by (source, source_id), one query for a whole list (`attach_payments`,
`attach_enrolments`). An application or claim paid, reversed and paid again has several
postings under the same source id; each payment takes the one that fits it (standing or
reversed, its date and amount, the date of its reversal).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery

from gonghui.finance import mapping
from gonghui.finance.models import Project, SourcePosting, VoucherLine

APPLICATION, CLAIM, ENROLMENT = "aid.application", "aid.claim", "aid.enrolment"


@dataclass(frozen=True)
class Booking:
    """What the books say about one aid record: its voucher (记-0007, 待审核/已记账), the
    fund on its cash or bank line and, once reversed, the 红字 voucher."""

    number: str
    state: str
    state_label: str
    fund_id: int | None = None
    fund_name: str = ""
    # None until reversed.
    reversal_number: str | None = None
    reversal_state: str | None = None
    reversal_state_label: str | None = None


# -- the scheme's project ----------------------------------------------------------------


def project_code(scheme) -> str:
    return f"YL-{scheme.pk}"


def scheme_project(*, actor, scheme) -> Project:
    """The 专项 project the scheme's contributions and payouts are booked on (YL-<id>),
    created the first time money moves. The caller holds the scheme's row lock, so two
    requests do not both create it."""
    from gonghui.finance.services import project_create

    code = project_code(scheme)
    project = Project._base_manager.filter(org_id=scheme.org_id, code=code).first()
    if project is None:
        project = project_create(
            actor=actor,
            org=scheme.org,
            code=code,
            name=scheme.name,
            restricted=mapping.is_restricted(CLAIM),
        )
    return project


# -- reading the vouchers back -------------------------------------------------------------


def _postings(org_ids, condition: Q):
    cash = VoucherLine._base_manager.filter(
        voucher_id=OuterRef("voucher_id"), account_top__in=("101", "102")
    ).order_by("order")
    return (
        SourcePosting._base_manager.filter(org_id__in=org_ids)
        .filter(condition)
        .select_related("voucher", "reversal")
        .annotate(
            cash_fund_id=Subquery(cash.values("fund_id")[:1]),
            cash_fund_name=Subquery(cash.values("fund__name")[:1]),
        )
        .order_by("id")
    )


def _booking(row) -> Booking | None:
    if row is None:
        return None
    voucher, red = row.voucher, row.reversal
    return Booking(
        number=voucher.number,
        state=voucher.state,
        state_label=str(voucher.get_state_display()),
        fund_id=row.cash_fund_id,
        fund_name=row.cash_fund_name or "",
        reversal_number=red.number if red else None,
        reversal_state=red.state if red else None,
        reversal_state_label=str(red.get_state_display()) if red else None,
    )


def _fits(payment, row, *, strict: bool) -> bool:
    if payment.reversed != (row.reversal_id is not None):
        return False
    if not strict:
        return True
    voucher = row.voucher
    if voucher.date != payment.paid_on or voucher.total != payment.amount:
        return False
    return not payment.reversed or row.reversal.date == payment.reversed_on


def _pair(payments, rows) -> None:
    """Give each payment of one application or claim its posting: the standing payment the
    live one, the reversed ones those reversed, by date and amount first, then in order."""
    used: set[int] = set()
    for payment in sorted(payments, key=lambda p: p.pk):
        pick = None
        for strict in (True, False):
            pick = next(
                (r for r in rows if r.pk not in used and _fits(payment, r, strict=strict)), None
            )
            if pick is not None:
                break
        if pick is not None:
            used.add(pick.pk)
        payment._booking = _booking(pick)


def attach_payments(payments):
    """Set `booking` on every payment (of any applications and claims) in one query."""
    todo = [p for p in payments if not hasattr(p, "_booking")]
    if not todo:
        return payments
    by_source = defaultdict(list)
    for p in todo:
        by_source[p.source].append(p)
    ids = defaultdict(set)
    for source, source_id in by_source:
        ids[source].add(source_id)
    condition = Q()
    for source, source_ids in ids.items():
        condition |= Q(source=source, source_id__in=sorted(source_ids))
    rows = defaultdict(list)
    for row in _postings({p.org_id for p in todo}, condition):
        rows[(row.source, row.source_id)].append(row)
    for key, group in by_source.items():
        _pair(group, rows.get(key, []))
    return payments


def attach_payments_of(targets):
    """Set `booking` on every payment of the applications or claims in one query."""
    attach_payments([p for target in targets for p in target.payments.all()])
    return targets


def enrolment_source_id(scheme_id, member_id) -> str:
    """The source id of a member enrolled alone (a bulk enrolment's part ends the same)."""
    return f"{scheme_id}:{member_id}"


def _pick(rows):
    """The live posting of a record, else the latest reversed one."""
    live = [r for r in rows if r.reversal_id is None]
    return (live or rows)[-1] if rows else None


MEMBERS_IN_PATTERN = 200


def attach_enrolments(enrolments):
    """Set `booking` on every enrolment in one query: a member enrolled alone is the
    record "<scheme>:<member>", one of a bulk enrolment a part "<scheme>:bulk:…:<member>";
    an enrolment of the old funds ledger is found by its entry's source record (a bulk
    one shares the voucher of the whole bulk)."""
    todo = [e for e in enrolments if not hasattr(e, "_booking")]
    if not todo:
        return enrolments
    legacy = {e.fund_entry.source_id for e in todo if e.fund_entry_id is not None}
    schemes = "|".join(sorted({str(e.scheme_id) for e in todo}, key=int))
    # A page names its members; a whole scheme (the API's list) reads all of its postings
    # rather than a pattern of thousands of ids.
    members = (
        "|".join(sorted({str(e.member_id) for e in todo}, key=int))
        if len(todo) <= MEMBERS_IN_PATTERN
        else "[0-9]+"
    )
    parts = rf"^({schemes})(:bulk:[0-9]+-[0-9]+)?:({members})$"
    condition = Q(source=ENROLMENT) & (Q(source_id__in=sorted(legacy)) | Q(source_id__regex=parts))
    found = defaultdict(list)
    for row in _postings({e.scheme.org_id for e in todo}, condition):
        found[row.source_id].append(row)
    pattern = re.compile(parts)
    by_member = defaultdict(list)
    for source_id, rows in found.items():
        match = pattern.match(source_id)
        if match:
            by_member[(match.group(1), match.group(3))].extend(rows)
    for e in todo:
        rows = by_member.get((str(e.scheme_id), str(e.member_id)), [])
        if not rows and e.fund_entry_id is not None:
            rows = found.get(e.fund_entry.source_id, [])
        e._booking = _booking(_pick(sorted(rows, key=lambda r: r.pk)))
    return enrolments
