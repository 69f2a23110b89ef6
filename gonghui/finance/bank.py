"""Bank reconciliation (银行对账): the bank's statement against the books' 102 lines.

The 制度 asks for a 余额调节表 at least monthly (domain.md §4.1). A statement (.xlsx or
.csv in UTF-8 or GBK, as banks' online banking exports them) is read with the import
reader (gonghui.imports.tabular: header synonyms, title rows above the header, columns
in any order); every row is checked and the file is kept whole or not at all, each
refusal naming the Excel row. A transaction is identified by its date, amounts, balance,
summary, counterparty and how many identical ones came before it in the file, so the same
file (or an overlapping one) imported again adds nothing.

Matching is one-to-one (the unique BankStatementLine.voucher_line): a bank receipt (收入)
with a posted debit of the same sub-account and amount, a payment (支出) with a credit,
dated within MATCH_DAYS of each other, the nearest first. What stays unmatched at a
month's end is one of the four kinds of the 余额调节表:

    银行已收单位未收 / 银行已付单位未付 adjust the book balance,
    单位已收银行未收 / 单位已付银行未付 adjust the bank balance,

and the two adjusted balances must be the same figure. Book lines dated before the
account's first imported transaction (its month) are taken as reconciled before the
statements were kept here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from gonghui.core.exports import render_pdf
from gonghui.funds import money
from gonghui.imports.tabular import Column, ImportFileError, read_table

from .importing import parse_day
from .ledgers import _month_end, bank_accounts, q
from .models import ZERO, BankReconciliation, BankStatement, BankStatementLine, VoucherLine
from .services import FinanceError

# Days a bank transaction and its book line may lie apart and still match automatically:
# a cheque booked on the 30th clears on the 2nd. [C] common practice; no rule sets it.
MATCH_DAYS = 3
MAX_ROWS = 5000  # a month's statement of a union has tens of rows; a year's a few hundred

# The columns as banks name them (the file's vocabulary, not interface text).
DATE, SUMMARY, RECEIPT, PAYMENT = "交易日期", "摘要", "收入", "支出"
BALANCE, COUNTERPARTY = "余额", "对方户名"
COLUMNS = (
    Column(DATE, ("日期", "记账日期", "交易时间", "入账日期", "交易日"), compact=True),
    Column(SUMMARY, ("用途", "交易摘要", "摘要/用途", "附言", "交易用途"), max_length=200),
    Column(
        RECEIPT,
        ("贷方发生额", "存入", "收入金额", "贷方金额", "存入金额", "贷方"),
        compact=True,
    ),
    Column(
        PAYMENT,
        ("借方发生额", "支取", "支出金额", "借方金额", "支取金额", "借方"),
        compact=True,
    ),
    Column(BALANCE, ("账户余额", "余额金额", "当前余额"), compact=True),
    Column(
        COUNTERPARTY,
        ("对方账户名", "对方名称", "对方单位", "对方户名称", "收付款人"),
        max_length=100,
    ),
)
FOOTER_WORDS = ("合计", "总计", "小计")


class BankError(FinanceError):
    """A bank statement or a match was refused; the message says why, for the cashier."""


@dataclass
class ParsedLine:
    row: int
    date: dt.date
    summary: str
    counterparty: str
    receipt: Decimal
    payment: Decimal
    balance: Decimal | None
    fingerprint: str = ""
    known: bool = False  # imported before


@dataclass
class Parsed:
    lines: list[ParsedLine] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sha256: str = ""

    @property
    def new(self) -> list[ParsedLine]:
        return [ln for ln in self.lines if not ln.known]


def _row_error(row: int, message: str) -> str:
    return _("Row %(row)s: %(problem)s") % {"row": row, "problem": message}


def _amount(text: str, row: int, column: str, errors: list[str]) -> Decimal | None:
    if text in ("", "-", "--", "—"):
        return ZERO
    try:
        return money.parse_amount(text)
    except money.AmountError as exc:
        errors.append(_row_error(row, f"{column}：{exc}"))
        return None


def _balance(text: str, row: int, errors: list[str]) -> Decimal | None:
    if text in ("", "-", "--", "—"):
        return None
    negative = text.startswith(("-", "－"))
    value = _amount(text.lstrip("-－"), row, BALANCE, errors)
    return -value if (value is not None and negative) else value


def _fingerprint(line: ParsedLine, nth: int) -> str:
    balance = "" if line.balance is None else f"{line.balance:.2f}"
    text = "|".join(
        [
            line.date.isoformat(),
            f"{line.receipt:.2f}",
            f"{line.payment:.2f}",
            balance,
            line.summary,
            line.counterparty,
            str(nth),
        ]
    )
    return hashlib.sha256(text.encode()).hexdigest()


def parse_statement(data: bytes, filename: str) -> Parsed:
    """The rows of a bank statement, checked; nothing read from the database."""
    try:
        table = read_table(data, filename, COLUMNS, max_rows=MAX_ROWS)
    except ImportFileError as exc:
        raise BankError(exc.message, field="file") from exc
    missing = [c for c in (DATE, RECEIPT, PAYMENT) if c not in table.columns]
    if missing:
        raise BankError(
            _("The header (row %(row)s) lacks the columns %(missing)s.")
            % {"row": table.header_row, "missing": "、".join(missing)},
            field="file",
        )
    out = Parsed(sha256=table.sha256)
    seen: Counter = Counter()
    for r in table.rows:
        v = r.values
        date_text = v.get(DATE, "")
        summary = v.get(SUMMARY, "")
        day = parse_day(date_text) if date_text else None
        if day is None and any(word in "".join(v.values()) for word in FOOTER_WORDS):
            out.notes.append(
                _("Row %(row)s is a total line of the bank's and was left out.") % {"row": r.number}
            )
            continue
        if not date_text:
            out.errors.append(_row_error(r.number, _("the transaction date is missing.")))
            continue
        if day is None:
            out.errors.append(
                _row_error(r.number, _("“%(text)s” is not a date.") % {"text": date_text})
            )
            continue
        receipt = _amount(v.get(RECEIPT, ""), r.number, RECEIPT, out.errors)
        payment = _amount(v.get(PAYMENT, ""), r.number, PAYMENT, out.errors)
        balance = _balance(v.get(BALANCE, ""), r.number, out.errors)
        if receipt is None or payment is None:
            continue
        if receipt and payment:
            out.errors.append(
                _row_error(r.number, _("a transaction has money in or money out, not both."))
            )
            continue
        if not receipt and not payment:
            out.errors.append(_row_error(r.number, _("neither money in nor money out.")))
            continue
        line = ParsedLine(
            row=r.number,
            date=day,
            summary=summary[:200],
            counterparty=v.get(COUNTERPARTY, "")[:100],
            receipt=receipt,
            payment=payment,
            balance=balance,
        )
        key = (line.date, line.receipt, line.payment, line.balance, line.summary, line.counterparty)
        line.fingerprint = _fingerprint(line, seen[key])
        seen[key] += 1
        out.lines.append(line)
    for row, issue in ((r.number, e) for r in table.rows for _c, e in r.errors):
        out.errors.append(_row_error(row, issue))
    if not out.lines and not out.errors:
        out.errors.append(_("The file has no transactions."))
    return out


def _check_account(org, account_code: str) -> str:
    codes = [a.code for a in bank_accounts(org)]
    if account_code not in codes:
        raise BankError(
            _("Choose the bank account (银行存款 or one of its sub-accounts) from the list."),
            field="account",
        )
    return account_code


def statement_preview(*, org, account_code: str, data: bytes, filename: str) -> Parsed:
    """What importing the file would do: its rows, errors, and which are known already."""
    _check_account(org, account_code)
    parsed = parse_statement(data, filename)
    known = set(
        BankStatementLine.objects.filter(
            org=org,
            account_code=account_code,
            fingerprint__in=[ln.fingerprint for ln in parsed.lines],
        ).values_list("fingerprint", flat=True)
    )
    for ln in parsed.lines:
        ln.known = ln.fingerprint in known
    return parsed


# -- matching --------------------------------------------------------------------------
def _book_lines(org, account_code: str):
    """The posted lines of one bank account, with their voucher."""
    return VoucherLine.objects.filter(org=org, account_code=account_code, posted=True)


# -- the 余额调节表 ---------------------------------------------------------------------
@dataclass
class Reconciliation:
    org: object
    account_code: str
    account_name: str
    year: int
    month: int
    book_balance: Decimal
    bank_balance: Decimal | None
    bank_received: list  # 银行已收单位未收 (bank lines)
    bank_paid: list  # 银行已付单位未付 (bank lines)
    book_received: list  # 单位已收银行未收 (book lines)
    book_paid: list  # 单位已付银行未付 (book lines)
    record: BankReconciliation | None = None
    bank_lines: list = field(default_factory=list)  # the month's bank lines

    @staticmethod
    def _sum(rows, attr) -> Decimal:
        return sum((getattr(r, attr) for r in rows), ZERO)

    @property
    def adjusted_book(self) -> Decimal:
        return (
            self.book_balance
            + self._sum(self.bank_received, "receipt")
            - self._sum(self.bank_paid, "payment")
        )

    @property
    def adjusted_bank(self) -> Decimal | None:
        if self.bank_balance is None:
            return None
        return (
            self.bank_balance
            + self._sum(self.book_received, "debit")
            - self._sum(self.book_paid, "credit")
        )

    @property
    def difference(self) -> Decimal | None:
        bank = self.adjusted_bank
        return None if bank is None else self.adjusted_book - bank

    @property
    def balanced(self) -> bool:
        return self.difference == ZERO

    @property
    def done(self) -> bool:
        return bool(self.record and self.record.done)

    def totals(self) -> dict[str, Decimal]:
        return {
            "bank_received": self._sum(self.bank_received, "receipt"),
            "bank_paid": self._sum(self.bank_paid, "payment"),
            "book_received": self._sum(self.book_received, "debit"),
            "book_paid": self._sum(self.book_paid, "credit"),
        }

    def as_json(self) -> dict:
        def money_(v):
            return None if v is None else f"{v:.2f}"

        def bank_row(b, attr):
            return {
                "id": b.pk,
                "date": b.date.isoformat(),
                "summary": b.summary,
                "counterparty": b.counterparty,
                "amount": money_(getattr(b, attr)),
            }

        def book_row(ln, attr):
            return {
                "id": ln.pk,
                "date": ln.date.isoformat(),
                "voucher": ln.voucher.number,
                "summary": ln.summary,
                "amount": money_(getattr(ln, attr)),
            }

        return {
            "account": self.account_code,
            "year": self.year,
            "month": self.month,
            "book_balance": money_(self.book_balance),
            "bank_balance": money_(self.bank_balance),
            "bank_received_not_booked": [bank_row(b, "receipt") for b in self.bank_received],
            "bank_paid_not_booked": [bank_row(b, "payment") for b in self.bank_paid],
            "booked_received_not_in_bank": [book_row(x, "debit") for x in self.book_received],
            "booked_paid_not_in_bank": [book_row(x, "credit") for x in self.book_paid],
            "adjusted_book_balance": money_(self.adjusted_book),
            "adjusted_bank_balance": money_(self.adjusted_bank),
            "balanced": self.balanced,
            "done": self.done,
        }


def reconciliation(org, account_code: str, year: int, month: int) -> Reconciliation:
    """The 余额调节表 of one bank account at the end of a month."""
    account = {a.code: a for a in bank_accounts(org)}.get(account_code)
    end = _month_end(year, month)
    bank = list(
        BankStatementLine.objects.filter(org=org, account_code=account_code, date__lte=end)
        .select_related("voucher_line__voucher")
        .order_by("date", "row", "id")
    )
    since = dt.date(bank[0].date.year, bank[0].date.month, 1) if bank else None
    books = (
        _book_lines(org, account_code)
        .filter(date__lte=end)
        .exclude(bank_line__date__lte=end)
        .select_related("voucher")
        .order_by("date", "voucher__seq", "order")
    )
    books = list(books.filter(date__gte=since)) if since else []
    # The book balance: every posted line up to the month's end (one aggregate).
    sums = (
        _book_lines(org, account_code)
        .filter(date__lte=end)
        .aggregate(d=Sum("debit"), c=Sum("credit"))
    )
    book_balance = q(sums["d"]) - q(sums["c"])
    unmatched = [b for b in bank if b.voucher_line is None or b.voucher_line.date > end]
    with_balance = [b for b in bank if b.balance is not None]
    record = BankReconciliation.objects.filter(
        org=org, account_code=account_code, year=year, month=month
    ).first()
    return Reconciliation(
        org=org,
        account_code=account_code,
        account_name=account.name if account else account_code,
        year=year,
        month=month,
        book_balance=book_balance,
        bank_balance=with_balance[-1].balance if with_balance else None,
        bank_received=[b for b in unmatched if b.receipt],
        bank_paid=[b for b in unmatched if b.payment],
        book_received=[ln for ln in books if ln.debit],
        book_paid=[ln for ln in books if ln.credit],
        record=record,
        bank_lines=[b for b in bank if (b.date.year, b.date.month) == (year, month)],
    )


def unmatched_book_lines(org, account_code: str, year: int, month: int):
    """Posted lines of the account in the month (and MATCH_DAYS around it) that no bank
    transaction is matched to: what a manual match may choose."""
    first = dt.date(year, month, 1) - dt.timedelta(days=31)
    end = _month_end(year, month) + dt.timedelta(days=31)
    return (
        _book_lines(org, account_code)
        .filter(bank_line__isnull=True, date__gte=first, date__lte=end)
        .select_related("voucher")
        .order_by("date", "voucher__seq", "order")
    )


def reconciliation_pdf(result: Reconciliation, *, user=None) -> tuple[str, bytes]:
    from .ledgers import _footer

    html = render_to_string(
        "finance/bank_reconciliation_pdf.html",
        {"r": result, "totals": result.totals(), "footer": _footer(user)},
    )
    name = f"{result.org.name}-银行存款余额调节表-{result.account_code}-{result.year}年{result.month}月.pdf"
    return name, render_pdf(html)


def bank_lines_of(org, pk: int) -> BankStatementLine:
    return BankStatementLine.objects.filter(org=org).select_related("voucher_line").get(pk=pk)


def statements(org, account_code: str):
    return BankStatement.objects.filter(org=org, account_code=account_code).select_related(
        "imported_by"
    )


__all__ = ["BankError", "reconciliation", "statement_preview"]
