"""The union's books (账簿) under 工会会计制度 (财会〔2021〕7号): vouchers and their lines.

Design decisions, written down because the 经审会 and the upper union rely on them
(the whole design is in docs/finance-design.md):

* **Our own small ledger, not a library.** django-hordak and django-ledger were weighed:
  both are general ledgers (multi-currency accounts in an MPTT tree; a business entity
  ledger with invoices) with their own tenancy, and neither has what this chart needs:
  vouchers numbered per month without gaps, prepare → review → post, 专项/非专项, project
  and fund dimensions on each line, the closing to 321/322. We would wrap every model and
  still write all of that; the ledger itself is four tables.
* **The Period row is the lock.** Numbering (记-0001 per month) and closing the month take
  the Period row FOR UPDATE, so two accountants submitting at once get consecutive
  numbers, and a posting racing the month close either precedes it or is refused.
* **Numbers are given at submit and never freed.** A withdrawn voucher is voided (作废)
  with its number: 断号 is the first thing an auditor looks for.
* **Posted vouchers never change.** save() refuses, the line queryset refuses update and
  delete, and on PostgreSQL triggers refuse UPDATE/DELETE of posted rows. A mistake is
  corrected by a 红字 voucher that names the original.
* **Lines carry org, year, month and the first-level account** (denormalised), so ledgers
  and statements are one GROUP BY over one table through one index.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.models import StoredFile, TenantManager, TenantModel
from gonghui.core.scoping import ScopedManager

ZERO = Decimal("0.00")


class PostedVoucherError(RuntimeError):
    """A posted voucher or line was about to change; correct it by a reversing voucher."""


class SubAccount(TenantModel):
    """A sub-account (明细科目) added under a built-in account by an upper union for its
    subtree or by a union for itself. First-level accounts are fixed by the 制度."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("set by"), on_delete=models.PROTECT, related_name="+"
    )
    parent_code = models.CharField(_("parent account"), max_length=12)
    code = models.CharField(_("account code"), max_length=12)
    name = models.CharField(_("account name"), max_length=60)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("sub-account")
        verbose_name_plural = _("sub-accounts")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["org", "code"], name="uniq_subaccount_code_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Project(TenantModel):
    """A project (项目) that 项目支出 and 专项 money are kept by."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("project code"), max_length=20)
    name = models.CharField(_("project name"), max_length=100)
    restricted = models.BooleanField(_("special-purpose money"), default=False)
    finished = models.BooleanField(_("finished"), default=False)

    objects = TenantManager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["org", "code"], name="uniq_project_code_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class PeriodState(models.TextChoices):
    OPEN = "open", pgettext_lazy("accounting period", "Open")
    CLOSED = "closed", pgettext_lazy("accounting period", "Closed")


class Period(TenantModel):
    """One month of one union's books. Its row is the lock of numbering and closing."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    state = models.CharField(
        _("state"), max_length=8, choices=PeriodState.choices, default=PeriodState.OPEN
    )
    # The last voucher number given in the month (记-0007 → 7), under this row's lock.
    last_seq = models.PositiveIntegerField(_("last voucher number"), default=0)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reopened by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopen_reason = models.CharField(_("reason for reopening"), max_length=200, blank=True)

    objects = TenantManager()

    # A number given is logged on its voucher; the counter's every step is not news.
    audit_ignore_fields = frozenset({"last_seq"})

    class Meta:
        verbose_name = _("accounting period")
        verbose_name_plural = _("accounting periods")
        ordering = ["year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year", "month"], name="uniq_period_per_org_month"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="period_month_1_12"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def is_closed(self) -> bool:
        return self.state == PeriodState.CLOSED


class VoucherKind(models.TextChoices):
    NORMAL = "normal", pgettext_lazy("voucher kind", "Ordinary")
    REVERSAL = "reversal", pgettext_lazy("voucher kind", "Reversal")
    OPENING = "opening", pgettext_lazy("voucher kind", "Opening balances")
    CLOSING = "closing", pgettext_lazy("voucher kind", "Year-end closing")
    IMPORTED = "imported", pgettext_lazy("voucher kind", "Imported")
    PAYOUT = "payout", pgettext_lazy("voucher kind", "From a module")  # welfare, aid, activities


class VoucherState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("voucher state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("voucher state", "Awaiting review")
    REVIEWED = "reviewed", pgettext_lazy("voucher state", "Reviewed")
    REJECTED = "rejected", pgettext_lazy("voucher state", "Returned")
    POSTED = "posted", pgettext_lazy("voucher state", "Posted")
    VOIDED = "voided", pgettext_lazy("voucher state", "Voided")


# Vouchers that hold a number and count against a fund, but are not yet in the ledgers.
PENDING_STATES = (VoucherState.SUBMITTED, VoucherState.REVIEWED, VoucherState.REJECTED)


class Voucher(TenantModel):
    """A 记账凭证: prepared by one person, reviewed (审核) by another, then posted (记账)."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("voucher date"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    month = models.PositiveSmallIntegerField(_("month"), editable=False)
    # Given at submit under the Period lock; a draft has none.
    seq = models.PositiveIntegerField(_("number in the month"), null=True, blank=True)
    number = models.CharField(_("voucher number"), max_length=16, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=VoucherKind.choices, default=VoucherKind.NORMAL
    )
    state = models.CharField(
        _("state"), max_length=10, choices=VoucherState.choices, default=VoucherState.DRAFT
    )
    summary = models.CharField(_("summary"), max_length=200)
    attachments_count = models.PositiveSmallIntegerField(_("attached documents"), default=0)
    total = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, default=ZERO)
    reverses = models.ForeignKey(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversals",
    )
    # The number the voucher had in the books it was imported from (用友 记-12).
    external_no = models.CharField(_("original number"), max_length=30, blank=True)
    # The import (imports.ImportBatch) that brought an imported voucher in through the
    # pages or the API; empty for every other voucher and for the import command. A
    # posted voucher never changes, so the batch is never deleted from under it.
    import_batch = models.ForeignKey(
        "imports.ImportBatch",
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vouchers",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    # What the registered checks (gonghui.finance.checks: budget lines, spending rules)
    # found when it was handed in, and the reason given to go ahead: the 经审会 lists these.
    concerns = models.JSONField(_("concerns"), default=list, blank=True)
    override_reason = models.CharField(_("reason for going ahead"), max_length=300, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    prepared_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)

    objects = TenantManager()

    audit_ignore_fields = frozenset({"prepared_at"})

    class Meta:
        verbose_name = pgettext_lazy("accounting record", "voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["year", "month", "seq", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year", "month", "seq"],
                condition=Q(seq__isnull=False),
                name="uniq_voucher_number_per_org_month",
            ),
            # Four eyes: whoever prepared a voucher never reviews it.
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True) | ~Q(reviewed_by=models.F("prepared_by")),
                name="voucher_reviewer_not_preparer",
            ),
        ]
        indexes = [models.Index(fields=["org", "state"], name="finance_voucher_org_state")]

    def __str__(self) -> str:
        return self.number or str(_("Draft voucher"))

    @property
    def is_posted(self) -> bool:
        return self.state == VoucherState.POSTED

    def save(self, *args, **kwargs):
        if self.pk and not self._state.adding:
            before = getattr(self, "_audit_before", None) or {}
            if before.get("state") == VoucherState.POSTED:
                raise PostedVoucherError("a posted voucher cannot change; reverse it instead")
        self.year, self.month = self.date.year, self.date.month
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.state != VoucherState.DRAFT:
            raise PostedVoucherError("only a draft voucher can be deleted; void it instead")
        return super().delete(*args, **kwargs)


# The original documents (原始凭证) of a voucher: receipts photographed or scanned, a
# 发放表. Their kinds are known by their first bytes, not their names.
ATTACHMENT_TYPES = {
    "pdf": ("application/pdf", (b"%PDF",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
}
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


def _attachment_path(instance, filename: str) -> str:
    # The stored name is a random token, never the uploader's file name.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"finance/{instance.voucher.org_id}/{instance.voucher_id}/{instance.token}.{ext}"


class VoucherAttachment(StoredFile):
    """A receipt or list attached to a voucher, served only through a view that checks the
    viewer (MEDIA_URL is not exposed). Fixed once the voucher is reviewed: what the
    reviewer saw is what the books keep."""

    voucher = models.ForeignKey(
        Voucher,
        verbose_name=pgettext_lazy("accounting record", "voucher"),
        on_delete=models.PROTECT,
        related_name="files",
    )
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=300)

    objects = TenantManager()

    scope_org_field = "voucher__org"

    class Meta:
        verbose_name = _("original document")
        verbose_name_plural = _("original documents")
        ordering = ["id"]

    def audit_org(self):
        return self.voucher.org


class ExpenseType(models.TextChoices):
    BASIC = "basic", _("Basic expenditure")  # 基本支出
    PROJECT = "project", _("Project expenditure")  # 项目支出


class VoucherLineQuerySet(models.QuerySet):
    """Lines are written with their voucher and never rewritten once posted. Drafts are
    edited by replacing their lines (delete of unposted lines is allowed)."""

    def update(self, **kwargs):
        if set(kwargs) != {"posted"}:
            raise PostedVoucherError("voucher lines are written once; edit the draft instead")
        return super().update(**kwargs)

    def delete(self):
        if self.filter(posted=True).exists():
            raise PostedVoucherError("posted voucher lines cannot be deleted; reverse them")
        return super().delete()


class VoucherLineManager(ScopedManager.from_queryset(VoucherLineQuerySet)):
    pass


class VoucherLine(models.Model):
    """One line of a voucher: one account, one side. Not audited one by one: the voucher's
    entry records the lines it was saved with (count and totals)."""

    voucher = models.ForeignKey(
        Voucher,
        verbose_name=pgettext_lazy("accounting record", "voucher"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    order = models.PositiveSmallIntegerField(_("line"))
    # Denormalised from the voucher: ledgers and statements read this table alone.
    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("voucher date"))
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    posted = models.BooleanField(_("posted"), default=False)
    closing = models.BooleanField(_("year-end closing"), default=False)
    account_top = models.CharField(_("first-level account"), max_length=3)
    account_code = models.CharField(_("account code"), max_length=12)
    # The name as it was when written: "a code alone is not enough" (制度).
    account_name = models.CharField(_("account name"), max_length=120)
    summary = models.CharField(_("summary"), max_length=200)
    # Negative amounts only on a 红字 reversal.
    debit = models.DecimalField(_("debit"), max_digits=14, decimal_places=2, default=ZERO)
    credit = models.DecimalField(_("credit"), max_digits=14, decimal_places=2, default=ZERO)
    # 专项 (True) / 非专项 (False) on income and expense lines, None elsewhere.
    restricted = models.BooleanField(_("special-purpose money"), null=True, blank=True)
    expense_type = models.CharField(
        _("expenditure type"), max_length=8, choices=ExpenseType.choices, blank=True
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lines",
    )
    economic_class = models.CharField(_("economic class"), max_length=8, blank=True)
    # The fund (经费/帮困基金…) a cash or bank line moves: the auxiliary dimension of 101/102.
    fund = models.ForeignKey(
        "funds.Fund",
        verbose_name=_("fund"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="voucher_lines",
    )
    payee = models.CharField(_("payee or payer"), max_length=100, blank=True)

    objects = VoucherLineManager()

    class Meta:
        verbose_name = _("voucher line")
        verbose_name_plural = _("voucher lines")
        ordering = ["voucher_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["voucher", "order"], name="uniq_voucher_line_order"),
            # One side only.
            models.CheckConstraint(
                condition=Q(debit=0) | Q(credit=0), name="voucher_line_one_side"
            ),
        ]
        indexes = [
            models.Index(fields=["org", "year", "account_top"], name="finance_line_org_year_top"),
            models.Index(fields=["org", "account_code", "date"], name="finance_line_org_account"),
            models.Index(fields=["fund", "date"], name="finance_line_fund_date"),
        ]

    def __str__(self) -> str:
        return f"{self.account_code} {self.account_name}"

    @property
    def amount(self) -> Decimal:
        return self.debit or self.credit

    def save(self, *args, **kwargs):
        if self.pk and type(self)._base_manager.filter(pk=self.pk, posted=True).exists():
            raise PostedVoucherError("posted voucher lines cannot change; reverse them")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.posted:
            raise PostedVoucherError("posted voucher lines cannot be deleted; reverse them")
        return super().delete(*args, **kwargs)


class SourcePosting(models.Model):
    """Which voucher paid a record of another module ("welfare.batch", "12").

    The partial unique constraint is the database's answer to "the same payout cannot be
    posted twice": a second posting of the same source fails however the requests race.
    """

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("source"), max_length=40)
    source_id = models.CharField(_("source record"), max_length=64)
    voucher = models.ForeignKey(
        Voucher,
        verbose_name=pgettext_lazy("accounting record", "voucher"),
        on_delete=models.PROTECT,
        related_name="sources",
    )
    # For a part of a voucher (one visit of a batch): what it booked, so it can be
    # reversed alone. Empty for the record the whole voucher books.
    account_code = models.CharField(_("account code"), max_length=12, blank=True)
    restricted = models.BooleanField(_("special-purpose money"), null=True, blank=True)
    project = models.ForeignKey(
        Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.PROTECT
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, null=True)
    reversal = models.ForeignKey(
        Voucher,
        verbose_name=_("reversed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("posted payout")
        verbose_name_plural = _("posted payouts")
        constraints = [
            models.UniqueConstraint(
                fields=["org", "source", "source_id"],
                condition=Q(reversal__isnull=True),
                name="uniq_live_posting_per_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.source_id}"


# -- bank reconciliation (银行对账) and the notes to the annual statements (附注) ----------
class BankStatement(TenantModel):
    """A bank statement (银行对账单) imported for one bank account (102 or a leaf under
    it). Its lines are kept once per account: importing the same file again adds nothing."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    account_code = models.CharField(_("bank account"), max_length=12)
    filename = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("file checksum"), max_length=64)
    first_date = models.DateField(_("first transaction"), null=True, blank=True)
    last_date = models.DateField(_("last transaction"), null=True, blank=True)
    lines_count = models.PositiveIntegerField(pgettext_lazy("bank statement", "lines"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    objects = TenantManager()

    audit_ignore_fields = frozenset({"imported_at"})

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.filename


class BankStatementLine(models.Model):
    """One transaction of a bank statement, and the book line (a 102 line of the same
    sub-account) it is matched to: one-to-one, held by the unique `voucher_line`."""

    statement = models.ForeignKey(
        BankStatement,
        verbose_name=_("bank statement"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    account_code = models.CharField(_("bank account"), max_length=12)
    row = models.PositiveIntegerField(_("row in the file"))
    date = models.DateField(_("transaction date"))
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    counterparty = models.CharField(_("counterparty"), max_length=100, blank=True)
    # 收入 (money in: the books debit 102) and 支出 (money out: the books credit 102).
    receipt = models.DecimalField(_("money in"), max_digits=14, decimal_places=2, default=ZERO)
    payment = models.DecimalField(_("money out"), max_digits=14, decimal_places=2, default=ZERO)
    balance = models.DecimalField(
        _("balance"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # What identifies the transaction across imports of overlapping statements.
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    voucher_line = models.OneToOneField(
        VoucherLine,
        verbose_name=_("book line"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bank_line",
    )
    matched_auto = models.BooleanField(_("matched automatically"), default=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("bank statement line")
        verbose_name_plural = _("bank statement lines")
        ordering = ["date", "row", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "account_code", "fingerprint"], name="uniq_bank_line_per_account"
            ),
            models.CheckConstraint(
                condition=(Q(receipt=0) & Q(payment__gt=0)) | (Q(payment=0) & Q(receipt__gt=0)),
                name="bank_line_one_side",
            ),
        ]
        indexes = [
            models.Index(fields=["org", "account_code", "date"], name="finance_bank_line_date")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.summary}"

    @property
    def amount(self) -> Decimal:
        return self.receipt or self.payment


class BankReconciliation(TenantModel):
    """A month's reconciliation of one bank account, marked done with the two balances
    (book and bank) as they were then; undone by the same permission."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    account_code = models.CharField(_("bank account"), max_length=12)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    book_balance = models.DecimalField(
        _("book balance"), max_digits=14, decimal_places=2, default=ZERO
    )
    bank_balance = models.DecimalField(
        _("bank balance"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    adjusted_balance = models.DecimalField(
        _("adjusted balance"), max_digits=14, decimal_places=2, default=ZERO
    )
    done = models.BooleanField(pgettext_lazy("bank reconciliation", "done"), default=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("bank reconciliation")
        verbose_name_plural = _("bank reconciliations")
        ordering = ["-year", "-month", "account_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "account_code", "year", "month"],
                name="uniq_bank_reconciliation_month",
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="bank_reconciliation_month_1_12"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_code} {self.year}年{self.month}月"


# The eight items of the notes to the annual statements (finance/notes.py says where the
# names come from): stored as their number, shown by their name.
NOTE_ITEMS: tuple[tuple[int, str], ...] = (
    (1, "遵循会计制度的声明"),
    (2, "重要会计政策和会计估计"),
    (3, "重要资产项目的说明"),
    (4, "净资产项目的说明"),
    (5, "收入支出的说明"),
    (6, "重大事项说明"),
    (7, "资产负债表日后事项"),
    (8, "其他需要说明的事项"),
)
NOTE_NUMERALS = "一二三四五六七八"


class StatementNote(TenantModel):
    """The free text of one item of the notes to a year's statements (会计报表附注)."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    item = models.PositiveSmallIntegerField(
        _("item"),
        choices=[(n, f"{NOTE_NUMERALS[n - 1]}、{title}") for n, title in NOTE_ITEMS],
    )
    text = models.TextField(_("text"), max_length=5000, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("note to the statements")
        verbose_name_plural = _("notes to the statements")
        ordering = ["year", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year", "item"], name="uniq_statement_note_item"
            ),
            models.CheckConstraint(
                condition=Q(item__gte=1, item__lte=8), name="statement_note_item_1_8"
            ),
        ]

    def __str__(self) -> str:
        # 2026年度附注 三、重要资产项目的说明: the item by its name, never its number alone.
        return f"{self.year}年度附注 {self.get_item_display()}"
