"""Workflows of the bank reconciliation (银行对账): import a statement, match its rows to
the books' bank lines (automatically and by hand), mark a month's reconciliation done.
Each is atomic, takes the acting user and is audited; reading and parsing the statement
and the 余额调节表 itself are in bank.py."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.core.scoping import locked
from gonghui.funds import money

from .bank import (
    MATCH_DAYS,
    BankError,
    _book_lines,
    _check_account,
    reconciliation,
    statement_preview,
)
from .ledgers import q
from .models import BankReconciliation, BankStatement, BankStatementLine, VoucherLine
from .services import _as_actor


def _lock_account(org, account_code: str) -> None:
    """Serialise imports into one bank account (a transaction-scoped PostgreSQL advisory
    lock; SQLite serialises writers anyway): the same file sent twice at once is then
    imported once, and the second finds every transaction known."""
    if connection.vendor != "postgresql":
        return
    key = int(hashlib.sha256(f"bank:{org.pk}:{account_code}".encode()).hexdigest()[:15], 16)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


@transaction.atomic
def bank_statement_import(
    *, actor, org, account_code: str, data: bytes, filename: str
) -> BankStatement | None:
    """Import a bank statement whole, or refuse it naming every bad row. Transactions
    imported before are left as they are; None when the file adds nothing. New ones are
    matched to the books at once (bank_auto_match)."""
    with _as_actor(actor):
        _check_account(org, account_code)
        _lock_account(org, account_code)
        parsed = statement_preview(org=org, account_code=account_code, data=data, filename=filename)
        if parsed.errors:
            shown = parsed.errors[:20]
            more = len(parsed.errors) - len(shown)
            text = "；".join(shown) + (f"……（另有{more}处）" if more else "")
            raise BankError(_("Nothing was imported: %(errors)s") % {"errors": text}, field="file")
        new = parsed.new
        if not new:
            return None
        statement = BankStatement.objects.create(
            org=org,
            account_code=account_code,
            filename=filename[:200],
            sha256=parsed.sha256,
            first_date=min(ln.date for ln in new),
            last_date=max(ln.date for ln in new),
            lines_count=len(new),
            imported_by=actor if getattr(actor, "pk", None) else None,
        )
        try:
            with transaction.atomic():
                BankStatementLine.objects.bulk_create(
                    BankStatementLine(
                        statement=statement,
                        org=org,
                        account_code=account_code,
                        row=ln.row,
                        date=ln.date,
                        summary=ln.summary,
                        counterparty=ln.counterparty,
                        receipt=ln.receipt,
                        payment=ln.payment,
                        balance=ln.balance,
                        fingerprint=ln.fingerprint,
                    )
                    for ln in new
                )
        except IntegrityError as exc:  # the same file imported at the same moment
            raise BankError(
                _("The statement changed while importing. Preview the file again and retry."),
                field="file",
            ) from exc
        _auto_match(org, account_code)
        return statement


STATEMENT_MAX_BYTES = 2 * 1024 * 1024


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def bank_statement_receive(*, actor, org, account_code: str, upload, dry_run: bool) -> dict:
    """A statement sent by a script: checked like the page's upload, then only previewed
    (`dry_run`) or imported whole (bank_statement_import). The answer says what was or
    would be imported, row by row."""
    if upload.size > STATEMENT_MAX_BYTES:
        raise BankError(_("The file is larger than 2 MB."), field="file")
    if not upload.name.lower().endswith((".xlsx", ".xls", ".csv")):
        raise BankError(_("Upload an .xlsx or .csv file."), field="file")
    content = upload.read()
    parsed = statement_preview(
        org=org, account_code=account_code, data=content, filename=upload.name
    )
    if parsed.errors:  # the words the import refuses with; nothing written
        raise BankError(
            _("Nothing was imported: %(errors)s") % {"errors": "；".join(parsed.errors[:20])},
            field="file",
        )
    imported = 0
    if not dry_run:
        statement = bank_statement_import(
            actor=actor, org=org, account_code=account_code, data=content, filename=upload.name
        )
        imported = statement.lines_count if statement else 0
    return {
        "dry_run": dry_run,
        "imported": imported,
        "new": len(parsed.new),
        "known": len(parsed.lines) - len(parsed.new),
        "notes": [str(n) for n in parsed.notes],
        "lines": [
            {
                "row": ln.row,
                "date": ln.date,
                "summary": ln.summary,
                "counterparty": ln.counterparty,
                "receipt": _money(ln.receipt),
                "payment": _money(ln.payment),
                "balance": _money(ln.balance),
                "known": ln.known,
            }
            for ln in parsed.lines
        ],
    }


def _done_months(org, account_code: str) -> set[tuple[int, int]]:
    return set(
        BankReconciliation.objects.filter(
            org=org, account_code=account_code, done=True
        ).values_list("year", "month")
    )


def _auto_match(org, account_code: str) -> int:
    done = _done_months(org, account_code)
    bank = [
        b
        for b in BankStatementLine.objects.filter(
            org=org, account_code=account_code, voucher_line__isnull=True
        )
        if (b.date.year, b.date.month) not in done
    ]
    if not bank:
        return 0
    lo = min(b.date for b in bank) - dt.timedelta(days=MATCH_DAYS)
    hi = max(b.date for b in bank) + dt.timedelta(days=MATCH_DAYS)
    books = list(
        _book_lines(org, account_code).filter(bank_line__isnull=True, date__gte=lo, date__lte=hi)
    )
    by_key: dict[tuple[str, Decimal], list[VoucherLine]] = {}
    for ln in books:
        if ln.debit > 0:
            by_key.setdefault(("in", q(ln.debit)), []).append(ln)
        elif ln.credit > 0:
            by_key.setdefault(("out", q(ln.credit)), []).append(ln)
    pairs = []
    for b in bank:
        key = ("in", q(b.receipt)) if b.receipt else ("out", q(b.payment))
        for ln in by_key.get(key, ()):
            gap = abs((ln.date - b.date).days)
            if gap <= MATCH_DAYS:
                pairs.append((gap, b.date, b.pk, ln.pk, b, ln))
    pairs.sort(key=lambda p: p[:4])
    used_bank, used_book, count = set(), set(), 0
    for _gap, _d, bpk, lpk, b, ln in pairs:
        if bpk in used_bank or lpk in used_book:
            continue
        used_bank.add(bpk)
        used_book.add(lpk)
        b.voucher_line = ln
        b.matched_auto = True
        count += 1
    changed = [b for b in bank if b.pk in used_bank]
    try:
        with transaction.atomic():
            BankStatementLine.objects.bulk_update(changed, ["voucher_line", "matched_auto"])
    except IntegrityError as exc:  # a match by hand took one of these book lines meanwhile
        raise BankError(
            _("The statement changed while importing. Preview the file again and retry.")
        ) from exc
    return count


@transaction.atomic
def bank_auto_match(*, actor, org, account_code: str) -> int:
    """Match what can be matched of one bank account; returns how many pairs were made."""
    with _as_actor(actor):
        _check_account(org, account_code)
        count = _auto_match(org, account_code)
        if count:
            audit.record(
                "finance.bank.matched",
                org=org,
                changes={"account": account_code, "automatic": count},
            )
        return count


def _refuse_done(org, line: BankStatementLine) -> None:
    """Refuse a change in a month marked done; the month's row is locked (FOR UPDATE), so
    marking it done waits for the change, or the change for the marking."""
    record = (
        BankReconciliation.objects.select_for_update()
        .filter(
            org=org,
            account_code=line.account_code,
            year=line.date.year,
            month=line.date.month,
        )
        .first()
    )
    if record is not None and record.done:
        raise BankError(
            _("The reconciliation of %(year)s-%(month)02d is marked done; undo that first.")
            % {"year": line.date.year, "month": line.date.month}
        )


@transaction.atomic
def bank_match(*, actor, org, bank_line: BankStatementLine, voucher_line: VoucherLine):
    """Match a bank transaction with a book line by hand: same account, same direction
    and amount, both unmatched."""
    with _as_actor(actor):
        bank_line = locked(bank_line)
        _refuse_done(org, bank_line)
        if bank_line.voucher_line_id:
            raise BankError(_("This bank transaction is matched already."), field="bank_line")
        if (
            voucher_line.org_id != org.pk
            or not voucher_line.posted
            or voucher_line.account_code != bank_line.account_code
        ):
            raise BankError(
                _("Choose a posted line of the same bank account."), field="voucher_line"
            )
        voucher_line = locked(voucher_line)  # two bank lines racing for one book line
        if BankStatementLine.objects.filter(voucher_line=voucher_line).exists():
            raise BankError(_("This book line is matched already."), field="voucher_line")
        same = (bank_line.receipt and voucher_line.debit == bank_line.receipt) or (
            bank_line.payment and voucher_line.credit == bank_line.payment
        )
        if not same:
            raise BankError(
                _(
                    "The amounts or the directions differ: money in matches a debit of the same amount, money out a credit."
                ),
                field="voucher_line",
            )
        bank_line.voucher_line = voucher_line
        bank_line.matched_auto = False
        bank_line.save(update_fields=["voucher_line", "matched_auto"])
        audit.record(
            "finance.bank.matched",
            org=org,
            changes={
                "account": bank_line.account_code,
                "bank": f"{bank_line.date} {bank_line.amount}",
                "voucher": voucher_line.voucher.number,
            },
        )
        return bank_line


@transaction.atomic
def bank_unmatch(*, actor, org, bank_line: BankStatementLine) -> BankStatementLine:
    with _as_actor(actor):
        bank_line = locked(bank_line)
        _refuse_done(org, bank_line)
        if not bank_line.voucher_line_id:
            raise BankError(_("This bank transaction is not matched."), field="bank_line")
        number = bank_line.voucher_line.voucher.number
        bank_line.voucher_line = None
        bank_line.matched_auto = False
        bank_line.save(update_fields=["voucher_line", "matched_auto"])
        audit.record(
            "finance.bank.unmatched",
            org=org,
            changes={
                "account": bank_line.account_code,
                "bank": f"{bank_line.date} {bank_line.amount}",
                "voucher": number,
            },
        )
        return bank_line


@transaction.atomic
def bank_reconciliation_done(
    *, actor, org, account_code: str, year: int, month: int, done: bool = True
) -> BankReconciliation:
    """Mark a month's reconciliation done (its figures kept), or undo that. Only a
    reconciliation whose adjusted balances agree can be marked done."""
    with _as_actor(actor):
        _check_account(org, account_code)
        record, _created = BankReconciliation.objects.get_or_create(
            org=org, account_code=account_code, year=year, month=month
        )
        record = locked(record)
        if not done:
            if not record.done:
                raise BankError(_("This reconciliation is not marked done."))
            record.done, record.done_by, record.done_at = False, None, None
            record.save()
            return record
        if record.done:
            raise BankError(_("This reconciliation is marked done already."))
        result = reconciliation(org, account_code, year, month)
        if result.bank_balance is None:
            raise BankError(
                _("No bank balance is known for this month: import the bank statement first.")
            )
        if not result.balanced:
            raise BankError(
                _(
                    "The adjusted balances differ by %(diff)s: find the difference before "
                    "marking the reconciliation done."
                )
                % {"diff": money.fmt_amount(result.difference)}
            )
        record.book_balance = result.book_balance
        record.bank_balance = result.bank_balance
        record.adjusted_balance = result.adjusted_book
        record.done = True
        record.done_by = actor if getattr(actor, "pk", None) else None
        record.done_at = timezone.now()
        record.save()
        return record
