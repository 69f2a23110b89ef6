"""The union's funds (经费, 帮困基金 …): the dimension the books keep money by.

Design decisions, written down because the auditors (经审会) rely on them:

* **A fund is a view of the books.** Its money is the cash (101) and bank (102) lines of
  the vouchers that carry it (finance.VoucherLine.fund), numbered and not voided; its
  balance and ledger are read from there (selectors, finance.posting.fund_balance), and
  every payout or income of the funds pages, welfare, aid and activities is one voucher
  (finance.posting). There is no second set of numbers to drift from the books. List pages
  annotate the sums in one query (selectors.funds_with_balances).
* **The old ledger is frozen history.** Before the books, each fund kept its own entries
  (FundEntry, numbered per fund and year). The table stays as it was, immutable (save() on
  an existing entry, delete(), queryset update() and delete() raise, and on PostgreSQL a
  trigger refuses UPDATE and DELETE), but no new rows are written: the migration
  finance 0004 carried every entry into the books as posted vouchers (the old number in
  `external_no`, a SourcePosting ("funds.entry", id) per entry), and an old entry is
  reversed through the voucher it became.
* **Concurrent writers serialise on the fund row**, then on the month's Period row: every
  service locks the fund with SELECT … FOR UPDATE before reading the balance, so two
  payouts cannot both spend the last yuan, and the Period lock keeps voucher numbers per
  month gapless.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import TenantManager, TenantModel

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


class FundKind(models.TextChoices):
    UNION = "union", _("Union funds")  # 工会经费
    HARDSHIP = "hardship", _("Hardship fund")  # 帮困基金
    UPPER_GRANT = "upper_grant", _("Grant from the upper union")  # 上级拨款
    DONATION = "donation", _("Donations")  # 社会捐助
    MEDICAL = "medical", _("Medical mutual aid fund")  # 医疗互助金
    OTHER = "other", _("Other fund")


class ImmutableEntryError(RuntimeError):
    """A ledger entry was about to be changed or deleted; correct it by reversing it."""


class Fund(TenantModel):
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="funds",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=FundKind.choices)
    name = models.CharField(_("fund name"), max_length=100)
    opened_on = models.DateField(_("opened on"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()

    audit_ignore_fields = frozenset({"created_at"})

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["org", "kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "name"], name="uniq_fund_name_per_org"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def balance(self) -> Decimal:
        """What the fund holds in the books (finance.posting.fund_balance). Uses the sums
        annotated by the selector when there are some (list pages), otherwise one query."""
        income, expense = getattr(self, "income_sum", None), getattr(self, "expense_sum", None)
        if income is not None and expense is not None:
            # SQLite sums decimals as floats: round back to the fen.
            return (Decimal(income) - Decimal(expense)).quantize(CENT)
        from gonghui.finance.posting import fund_balance  # the books import this module

        return fund_balance(self)


def entries_balance(entries: models.QuerySet) -> Decimal:
    """Σ income − Σ expense of old ledger entries (history; the migration compares it)."""
    sums = entries.aggregate(i=Sum("income"), e=Sum("expense"))
    return ((sums["i"] or ZERO) - (sums["e"] or ZERO)).quantize(CENT)


class FundEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableEntryError("ledger entries cannot be changed; reverse them instead")

    def delete(self):
        raise ImmutableEntryError("ledger entries cannot be deleted; reverse them instead")

    def bulk_update(self, objs, fields, batch_size=None):
        raise ImmutableEntryError("ledger entries cannot be changed; reverse them instead")


class FundEntryManager(TenantManager.from_queryset(FundEntryQuerySet)):
    pass


class FundEntry(TenantModel):
    """One line of a fund's old ledger (日记账): income or expense, never both, never
    edited. Frozen history: nothing writes new rows; the books hold the money now."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="entries"
    )
    # 凭证号 "2026-0007": the year of `date` and the entry's place in that year's
    # sequence of this fund, assigned under the fund's row lock.
    voucher_no = models.CharField(_("voucher number"), max_length=16, editable=False)
    voucher_year = models.PositiveSmallIntegerField(_("voucher year"), editable=False)
    voucher_seq = models.PositiveIntegerField(_("voucher number in the year"), editable=False)
    date = models.DateField(_("date"))
    summary = models.CharField(_("summary"), max_length=200)  # 摘要
    income = models.DecimalField(_("income"), max_digits=12, decimal_places=2, default=ZERO)
    expense = models.DecimalField(_("expense"), max_digits=12, decimal_places=2, default=ZERO)
    # The entry this one cancels (冲销). One-to-one: an entry is reversed at most once.
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    payee = models.CharField(_("payee or payer"), max_length=100, blank=True)
    # What caused the entry in another module ("welfare.visit", "aid.grant") and its id.
    source = models.CharField(_("source"), max_length=50, blank=True)
    source_id = models.CharField(_("source record"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = FundEntryManager()
    scope_org_field = "fund__org"

    class Meta:
        verbose_name = _("fund entry")
        verbose_name_plural = _("fund entries")
        ordering = ["fund", "date", "voucher_year", "voucher_seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "voucher_year", "voucher_seq"], name="uniq_fund_voucher"
            ),
            models.UniqueConstraint(fields=["fund", "voucher_no"], name="uniq_fund_voucher_no"),
            # Exactly one side carries the amount, and it is positive.
            models.CheckConstraint(
                condition=(Q(income__gt=0, expense=0) | Q(income=0, expense__gt=0)),
                name="fund_entry_one_side_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["fund", "date"]),
            models.Index(fields=["source", "source_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.voucher_no} {self.summary}"

    def audit_org(self):
        return self.fund.org

    @property
    def amount(self) -> Decimal:
        return self.income or self.expense

    @property
    def is_income(self) -> bool:
        return self.income > 0

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None

    @property
    def is_reversed(self) -> bool:
        try:
            return self.reversed_by is not None
        except FundEntry.DoesNotExist:
            return False

    def save(self, *args, **kwargs):
        if not self._state.adding or self.pk is not None:
            raise ImmutableEntryError(
                f"ledger entry {self.voucher_no} cannot be changed; reverse it instead"
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEntryError(
            f"ledger entry {self.voucher_no} cannot be deleted; reverse it instead"
        )
