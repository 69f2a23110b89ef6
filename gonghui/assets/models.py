"""The fixed-asset register (固定资产卡片), its monthly depreciation, the yearly stocktake,
disposals, and the 备查簿 of items the employer lends (not booked).

Every booking goes through gonghui.finance.services (voucher_create + voucher_submit): the
vouchers wait for review and posting like any other; the records here keep a link to them.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.models import AuditedModel, TenantManager, TenantModel
from gonghui.core.scoping import ScopedManager

from .rules import CATEGORY_CHOICES

ZERO = Decimal("0.00")


def _money(label):
    return models.DecimalField(label, max_digits=14, decimal_places=2, default=ZERO)


def _user(label, **kw):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        **kw,
    )


def _voucher(label):
    return models.ForeignKey(
        "finance.Voucher",
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )


def _union():
    return models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )


class AssetState(models.TextChoices):
    IN_USE = "in_use", pgettext_lazy("asset state", "In use")
    DISPOSED = "disposed", pgettext_lazy("asset state", "Disposed")
    LOST = "lost", pgettext_lazy("asset state", "Written off (missing)")


class Asset(TenantModel):
    org = _union()
    number = models.CharField(_("asset number"), max_length=30)
    name = models.CharField(_("asset name"), max_length=100)
    category = models.CharField(_("category"), max_length=12, choices=CATEGORY_CHOICES)
    spec = models.CharField(_("model and specification"), max_length=100, blank=True)
    location = models.CharField(_("location"), max_length=100, blank=True)
    keeper = models.CharField(_("keeper"), max_length=50, blank=True)
    purchased_on = models.DateField(_("purchase date"))
    original_value = _money(_("original value"))
    years = models.PositiveSmallIntegerField(_("depreciation years"))
    restricted = models.BooleanField(_("special-purpose money"), default=False)
    project = models.ForeignKey(
        "finance.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=AssetState.choices, default=AssetState.IN_USE
    )
    # The purchase voucher (Dr 162 Cr 301, Dr 507xx Cr 102), or the stocktake's voucher
    # for an asset found in a stocktake (盘盈).
    voucher = _voucher(_("purchase voucher"))
    ended_on = models.DateField(_("disposed or written off on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = _user(_("registered by"))

    objects = TenantManager()

    class Meta:
        verbose_name = _("fixed asset")
        verbose_name_plural = _("fixed assets")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["org", "number"], name="uniq_asset_number_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def in_use(self) -> bool:
        return self.state == AssetState.IN_USE


class DepreciationRun(TenantModel):
    """One month's depreciation of a union: one voucher. The unique constraint is the
    database's answer to "the same month twice", however the requests race."""

    org = _union()
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    total = _money(_("amount"))
    voucher = _voucher(pgettext_lazy("accounting record", "voucher"))
    created_by = _user(_("run by"))
    created_at = models.DateTimeField(_("run at"), auto_now_add=True)

    objects = TenantManager()
    audit_ignore_fields = frozenset({"created_at"})

    class Meta:
        verbose_name = _("depreciation run")
        verbose_name_plural = _("depreciation runs")
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year", "month"], name="uniq_depreciation_per_org_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月"


class DepreciationLine(models.Model):
    """One asset's depreciation in a run (written with the run, never changed)."""

    run = models.ForeignKey(DepreciationRun, on_delete=models.CASCADE, related_name="lines")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="depreciation")
    amount = _money(_("amount"))

    objects = ScopedManager()
    scope_org_field = "run__org"

    class Meta:
        verbose_name = _("depreciation line")
        verbose_name_plural = _("depreciation lines")
        ordering = ["run__year", "run__month"]

    def __str__(self) -> str:
        return f"{self.run} {self.amount}"


class StocktakeState(models.TextChoices):
    OPEN = "open", pgettext_lazy("stocktake state", "Counting")
    SUBMITTED = "submitted", pgettext_lazy("stocktake state", "Awaiting approval")
    APPROVED = "approved", pgettext_lazy("stocktake state", "Approved")


class Stocktake(TenantModel):
    """清查: every asset in use is listed, then marked found or missing; items found but
    not registered are added as surplus. See services.stocktake_submit for the entries."""

    org = _union()
    date = models.DateField(_("stocktake date"))
    state = models.CharField(
        _("state"), max_length=10, choices=StocktakeState.choices, default=StocktakeState.OPEN
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = _user(_("counted by"))
    submitted_by = _user(_("submitted by"))
    approved_by = _user(_("approved by"))
    voucher = _voucher(_("voucher of the differences"))
    approval_voucher = _voucher(_("write-off voucher"))

    objects = TenantManager()

    class Meta:
        verbose_name = _("stocktake")
        verbose_name_plural = _("stocktakes")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}"


class StocktakeResult(models.TextChoices):
    FOUND = "found", pgettext_lazy("stocktake result", "Found")
    MISSING = "missing", pgettext_lazy("stocktake result", "Missing")
    SURPLUS = "surplus", pgettext_lazy("stocktake result", "Surplus (not registered)")


class StocktakeItem(AuditedModel):
    stocktake = models.ForeignKey(Stocktake, on_delete=models.CASCADE, related_name="items")
    asset = models.ForeignKey(
        Asset, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(
        _("result"), max_length=8, choices=StocktakeResult.choices, default=StocktakeResult.FOUND
    )
    # For a surplus item: what was found and its appraised value.
    name = models.CharField(_("asset name"), max_length=100, blank=True)
    category = models.CharField(_("category"), max_length=12, choices=CATEGORY_CHOICES, blank=True)
    value = _money(_("value"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedManager()
    scope_org_field = "stocktake__org"

    class Meta:
        verbose_name = _("stocktake item")
        verbose_name_plural = _("stocktake items")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.asset) if self.asset_id else self.name

    def audit_org(self):
        return self.stocktake.org


class DisposalKind(models.TextChoices):
    SCRAP = "scrap", pgettext_lazy("disposal", "Scrapped (报废)")
    SALE = "sale", pgettext_lazy("disposal", "Sold (出售)")
    TRANSFER = "transfer", pgettext_lazy("disposal", "Transferred out (调出)")


class DisposalState(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("disposal state", "Awaiting approval")
    APPROVED = "approved", pgettext_lazy("disposal state", "Approved")
    REJECTED = "rejected", pgettext_lazy("disposal state", "Rejected")


class Disposal(TenantModel):
    org = _union()
    asset = models.ForeignKey(
        Asset, verbose_name=_("fixed asset"), on_delete=models.PROTECT, related_name="disposals"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=DisposalKind.choices)
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200)
    proceeds = _money(_("proceeds"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=DisposalState.choices,
        default=DisposalState.REQUESTED,
    )
    requested_by = _user(_("requested by"))
    decided_by = _user(_("decided by"))
    decision_note = models.CharField(_("note"), max_length=200, blank=True)
    voucher = _voucher(pgettext_lazy("accounting record", "voucher"))

    objects = TenantManager()

    class Meta:
        verbose_name = _("disposal")
        verbose_name_plural = _("disposals")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["asset"],
                condition=Q(state="requested"),
                name="uniq_open_disposal_per_asset",
            )
        ]

    def __str__(self) -> str:
        return f"{self.asset} {self.get_kind_display()}"


class LentItem(TenantModel):
    """备查簿: what the employer lends the union. Not booked: it is not the union's."""

    org = _union()
    name = models.CharField(_("item"), max_length=100)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    lender = models.CharField(_("lent by"), max_length=100)
    lent_on = models.DateField(_("lent on"))
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("lent item")
        verbose_name_plural = _("lent items")
        ordering = ["-lent_on", "-id"]

    def __str__(self) -> str:
        return self.name
