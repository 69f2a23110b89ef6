"""The levy funds (工会拨缴经费): what arrived for which payroll month and how, what went up,
what was due at year end, the upper union's split rules and its reminders.

Each record that moves money is linked to the voucher that booked it (one voucher per
record; the link is unique, so the same record is never booked twice).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.models import TenantManager, TenantModel

from .rules import WAY_SHORT, Way, levy_due

MONEY = {"max_digits": 14, "decimal_places": 2}


def _user_fk(label):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def _voucher(label, *, null=False):
    return models.OneToOneField(
        "finance.Voucher",
        verbose_name=label,
        null=null,
        blank=null,
        on_delete=models.PROTECT,
        related_name="+",
    )


class SplitRule(TenantModel):
    """An upper union's split for its subtree from `effective_from` (nearest setter wins)."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("set by"), on_delete=models.PROTECT, related_name="+"
    )
    own_percent = models.DecimalField(
        _("share kept by the grassroots union (%)"), max_digits=5, decimal_places=2
    )
    effective_from = models.DateField(_("effective from"))
    source = models.CharField(_("source"), max_length=200)
    set_by = _user_fk(_("entered by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()
    audit_ignore_fields = frozenset({"created_at"})

    class Meta:
        verbose_name = _("split rule")
        verbose_name_plural = _("split rules")
        ordering = ["-effective_from", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "effective_from"], name="levy_split_once")
        ]

    def __str__(self) -> str:
        return f"{self.own_percent}% ({self.effective_from})"


class Arrival(TenantModel):
    """The 2% of one payroll month that reached the union one way, and its voucher.

    经费集中户 (reading of domain.md §4, which names the way without its entries): the
    money sits in the upper union's central account and is the union's claim on it, so
    the arrival books Dr 13102 应收上级转拨经费 Cr 402, and the later transfer into the
    union's bank Dr 102 Cr 13102 (`transfer_voucher`)."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("payroll month"))  # its first day
    way = models.CharField(_("way"), max_length=10, choices=Way.choices)
    payroll_base = models.DecimalField(_("payroll total"), null=True, blank=True, **MONEY)
    amount = models.DecimalField(_("amount"), **MONEY)
    own_share = models.DecimalField(_("union's share"), **MONEY)
    upper_share = models.DecimalField(_("upper union's share"), **MONEY)
    own_percent = models.DecimalField(_("share kept (%)"), max_digits=5, decimal_places=2)
    received_on = models.DateField(_("received on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    voucher = _voucher(pgettext_lazy("accounting record", "voucher"))
    transferred_on = models.DateField(_("transferred on"), null=True, blank=True)
    transfer_voucher = _voucher(_("transfer voucher"), null=True)
    recorded_by = _user_fk(_("recorded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()
    audit_ignore_fields = frozenset({"created_at"})

    class Meta:
        verbose_name = _("levy funds arrival")
        verbose_name_plural = _("levy funds arrivals")
        ordering = ["-month", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "month", "way"], name="levy_arrival_once")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {WAY_SHORT[self.way]}"

    @property
    def way_short(self) -> str:
        return str(WAY_SHORT[self.way])

    @property
    def expected(self):
        """What the employer owes on the payroll total given (2%), else None."""
        return levy_due(self.payroll_base) if self.payroll_base is not None else None

    @property
    def short(self) -> bool:
        """Self-paid below the 2% of the payroll total given."""
        return self.way == Way.SELF and self.expected is not None and self.amount < self.expected

    @property
    def awaits_transfer(self) -> bool:
        return self.way == Way.CENTRAL and self.transfer_voucher_id is None


class Remittance(TenantModel):
    """The upper share paid up (Dr 211 Cr 102)."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount"), **MONEY)
    note = models.CharField(_("note"), max_length=200, blank=True)
    voucher = _voucher(pgettext_lazy("accounting record", "voucher"))
    recorded_by = _user_fk(_("recorded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()
    audit_ignore_fields = frozenset({"created_at"})

    class Meta:
        verbose_name = _("remittance of the upper share")
        verbose_name_plural = _("remittances of the upper share")
        ordering = ["-paid_on", "-id"]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount}"


class Receivable(TenantModel):
    """2% due for `year` and not received by its end (Dr 13102 Cr 402 on 31 December),
    and its receipt the next year (Dr 102 Cr 13102)."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount"), **MONEY)
    note = models.CharField(_("note"), max_length=200, blank=True)
    voucher = _voucher(pgettext_lazy("accounting record", "voucher"))
    collected_on = models.DateField(_("received on"), null=True, blank=True)
    collect_voucher = _voucher(_("receipt voucher"), null=True)
    recorded_by = _user_fk(_("recorded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()
    audit_ignore_fields = frozenset({"created_at"})

    class Meta:
        verbose_name = _("year-end receivable")
        verbose_name_plural = _("year-end receivables")
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="levy_receivable_once")]

    def __str__(self) -> str:
        return f"{self.year} {self.amount}"


class Reminder(TenantModel):
    """An upper union asks a union below to remit the upper share (shown on the union's
    dashboard until it has remitted that much since)."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    sent_from = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("sent by union"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    message = models.CharField(_("message"), max_length=300, blank=True)
    sent_by = _user_fk(_("sent by"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    objects = TenantManager()
    audit_ignore_fields = frozenset({"sent_at"})

    class Meta:
        verbose_name = _("remittance reminder")
        verbose_name_plural = _("remittance reminders")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.amount}"
