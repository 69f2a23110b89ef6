"""Education aid (金秋助学) and mutual medical aid (职工医疗互助).

Money never lives here: every payment and contribution is a voucher of the books, posted
through gonghui.finance.posting with the record as its source ("aid.application", "12"), so
the voucher of a record is found through finance.SourcePosting and nothing here points at
it. `Payment` says that an application or a claim was paid and, once corrected, when it was
reversed. Payments are never edited in substance or deleted. `fund_entry` and
`reversal_entry` are the old funds ledger's entries of records paid before the books; they
get no new values.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import TenantManager, TenantModel

from . import rules

MONEY = {"max_digits": 12, "decimal_places": 2}


def _upload_path(instance, filename: str) -> str:
    # Namespaced by organisation; the stored name never comes from the user's path.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"aid/{instance.audit_org().pk}/{dt.date.today():%Y}/{instance.file_token}.{ext}"


# -- 金秋助学 -----------------------------------------------------------------------------


class AidRound(TenantModel):
    """One 金秋助学 round of a union, with its standards per school level."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("round name"), max_length=100)
    opens_on = models.DateField(_("applications open"))
    closes_on = models.DateField(_("applications close"))
    standards_source = models.TextField(
        _("source of the amounts"),
        help_text=_("The document the standards come from (金秋助学 amounts are local)."),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()
    audit_ignore_fields = frozenset({"created_at"})

    class Meta:
        verbose_name = _("education aid round")
        verbose_name_plural = _("education aid rounds")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "name"], name="uniq_aid_round_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def standards(self) -> dict[str, Decimal]:
        return {s.level: s.amount for s in self.standard_rows.all()}

    def is_open(self, day: dt.date) -> bool:
        return self.opens_on <= day <= self.closes_on


class RoundStandard(TenantModel):
    """The amount of a round for one school level."""

    round = models.ForeignKey(
        AidRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="standard_rows"
    )
    level = models.CharField(_("school level"), max_length=20, choices=rules.LEVELS)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)

    objects = TenantManager()
    scope_org_field = "round__org"

    class Meta:
        verbose_name = _("education aid standard")
        verbose_name_plural = _("education aid standards")
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "level"], name="uniq_aid_round_level"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.get_level_display()} · {self.amount}"

    def audit_org(self):
        return self.round.org


class ApplicationState(models.TextChoices):
    APPLIED = "applied", _("Applied, awaiting review")  # 申请
    APPROVED = "approved", _("Approved for aid")  # 审核通过
    REJECTED = "rejected", _("Not approved")  # 不通过
    PAID = "paid", _("Paid")  # 已发放
    REVERSED = "reversed", _("Payment reversed")  # 已冲正，可重新审核或发放


class Application(TenantModel):
    """An application for a member's child in one round (one per child and round)."""

    round = models.ForeignKey(
        AidRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="applications"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    child_name = models.CharField(_("child's name"), max_length=50)
    school = models.CharField(_("school"), max_length=100)
    level = models.CharField(_("school level"), max_length=20, choices=rules.LEVELS)
    enrolled_on = models.DateField(_("admission date"), null=True, blank=True)
    household_size = models.PositiveSmallIntegerField(_("household size"), default=1)
    income_per_head = models.DecimalField(
        _("monthly household income per head"),
        help_text=_("(Yearly disposable income − rigid costs) ÷ 12 ÷ household size."),
        **MONEY,
    )
    hardship_file = models.BooleanField(_("household has a hardship file"), default=False)
    proof = models.FileField(_("admission proof"), upload_to=_upload_path, max_length=300)
    proof_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_token = models.CharField(_("proof download token"), max_length=32, unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ApplicationState.choices, default="applied"
    )
    amount = models.DecimalField(_("approved amount (yuan)"), null=True, blank=True, **MONEY)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()
    scope_org_field = "round__org"
    # The stored path is logged as proof_name; audit.jsonable fails on an empty FieldFile.
    audit_ignore_fields = frozenset({"file_token", "proof", "created_at"})
    # A proof's file name often names the child: the log says it changed, not what it is.
    audit_secret_fields = frozenset({"proof_name"})

    class Meta:
        verbose_name = _("education aid application")
        verbose_name_plural = _("education aid applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "member", "child_name"], name="uniq_aid_application_child"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round.name} · {self.child_name}"

    def audit_org(self):
        return self.round.org


# -- 医疗互助 -----------------------------------------------------------------------------


class Scheme(TenantModel):
    """A union's mutual medical aid plan for one year, with its rules as data."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("scheme name"), max_length=100)
    contribution = models.DecimalField(_("contribution per member (yuan)"), **MONEY)
    deductible = models.DecimalField(_("deductible per claim (起付线)"), **MONEY)
    # [{"upto": "10000.00" | null, "rate": "0.5000"}, ...] ascending, see rules.Bracket
    brackets = models.JSONField(_("reimbursement brackets"), default=list)
    yearly_cap = models.DecimalField(_("yearly cap per member (yuan)"), **MONEY)
    categories = models.JSONField(_("bill categories that count"), default=list)
    rules_source = models.TextField(_("where the rules come from"))
    fund = models.ForeignKey(
        "funds.Fund",
        verbose_name=_("medical aid fund"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Contributions are paid into it and claims paid out of it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()
    audit_ignore_fields = frozenset({"created_at"})

    class Meta:
        verbose_name = _("mutual medical aid scheme")
        verbose_name_plural = _("mutual medical aid schemes")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="uniq_aid_scheme_year"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def rules(self) -> rules.MedicalRules:
        return rules.MedicalRules(
            deductible=self.deductible,
            brackets=tuple(
                rules.Bracket(
                    None if b.get("upto") in (None, "") else Decimal(str(b["upto"])),
                    Decimal(str(b["rate"])),
                )
                for b in self.brackets
            ),
            yearly_cap=self.yearly_cap,
            categories=frozenset(self.categories),
        )

    def set_rules(self, r: rules.MedicalRules) -> None:
        rules.validate_rules(r)
        self.deductible = rules.to_fen(r.deductible)
        self.yearly_cap = rules.to_fen(r.yearly_cap)
        self.brackets = [
            {"upto": None if b.upto is None else str(rules.to_fen(b.upto)), "rate": str(b.rate)}
            for b in r.brackets
        ]
        self.categories = [c for c in rules.BILL_CATEGORY_CODES if c in r.categories]

    def category_labels(self) -> list[str]:
        labels = dict(rules.BILL_CATEGORIES)
        return [str(labels.get(c, c)) for c in self.categories]


class Enrolment(TenantModel):
    """A member in a year's scheme, with the contribution paid into the medical fund."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="enrolments"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    contribution = models.DecimalField(_("contribution (yuan)"), **MONEY)
    paid_on = models.DateField(_("paid on"))
    # The old funds ledger's entry of an enrolment recorded before the books (one entry
    # could carry a whole bulk enrolment); empty since: the voucher is found by its source.
    fund_entry = models.ForeignKey(
        "funds.FundEntry",
        verbose_name=_("ledger entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TenantManager()
    scope_org_field = "scheme__org"

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["scheme", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "member"], name="uniq_aid_enrolment"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.name} · {self.member.name}"

    def audit_org(self):
        return self.scheme.org

    @property
    def booking(self):
        """The voucher its contribution was received by (books.Booking), or None. A list
        attaches all of them in one query (books.attach_enrolments)."""
        if not hasattr(self, "_booking"):
            from .books import attach_enrolments

            attach_enrolments([self])
        return self._booking


class ClaimState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")  # 提交
    REVIEWING = "reviewing", _("Under review")  # 审核
    APPROVED = "approved", _("Payout approved")  # 核准
    PAID = "paid", _("Claim paid")  # 已赔付
    REJECTED = "rejected", _("Rejected")  # 拒绝
    REVERSED = "reversed", _("Payment reversed")  # 已冲正，可重新审核或赔付


# Claims whose payout uses up the member's yearly cap.
CAP_STATES = {ClaimState.APPROVED, ClaimState.PAID}


class Claim(TenantModel):
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="claims"
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="claims"
    )
    hospital = models.CharField(_("hospital"), max_length=100)
    admitted_on = models.DateField(_("admitted on"))
    discharged_on = models.DateField(_("discharged on"))
    state = models.CharField(
        _("state"), max_length=10, choices=ClaimState.choices, default="submitted"
    )
    # Snapshots taken at approval: later edits of the rules do not change a decided claim.
    counted_amount = models.DecimalField(_("counted amount"), null=True, blank=True, **MONEY)
    payout = models.DecimalField(_("payout (yuan)"), null=True, blank=True, **MONEY)
    breakdown = models.JSONField(_("calculation"), default=dict, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()
    scope_org_field = "scheme__org"
    audit_ignore_fields = frozenset({"created_at", "breakdown"})

    class Meta:
        verbose_name = _("medical aid claim")
        verbose_name_plural = _("medical aid claims")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.scheme.name} · {self.enrolment.member.name} · {self.admitted_on}"

    def audit_org(self):
        return self.scheme.org

    @property
    def member(self):
        return self.enrolment.member


class ClaimBill(TenantModel):
    """One hospital bill of a claim, with its scan."""

    claim = models.ForeignKey(
        Claim, verbose_name=_("medical aid claim"), on_delete=models.CASCADE, related_name="bills"
    )
    category = models.CharField(_("category"), max_length=20, choices=rules.BILL_CATEGORIES)
    total = models.DecimalField(_("bill total (yuan)"), **MONEY)
    eligible = models.DecimalField(
        _("eligible amount (yuan)"),
        help_text=_("The part the member bears after basic medical insurance."),
        **MONEY,
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    file = models.FileField(_("scan"), upload_to=_upload_path, max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_token = models.CharField(_("bill download token"), max_length=32, unique=True)

    objects = TenantManager()
    scope_org_field = "claim__scheme__org"
    # The scan is optional: audit.jsonable fails on an empty FieldFile; file_name is logged.
    audit_ignore_fields = frozenset({"file_token", "file"})
    # A scan's file name often names the patient: logged as changed, never its value.
    audit_secret_fields = frozenset({"file_name"})

    class Meta:
        verbose_name = _("hospital bill")
        verbose_name_plural = _("hospital bills")
        ordering = ["claim", "id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.total}"

    def audit_org(self):
        return self.claim.scheme.org


# -- payments of both programmes -----------------------------------------------------------


class Payment(TenantModel):
    """A payout of an application or a claim, booked as a voucher (source "aid.application"
    or "aid.claim" and the record's id; `booking` reads it).

    Never deleted and never changed in amount: a mistake is corrected by a 红字 voucher
    reversing the payout (`reversed_on`), which keeps both vouchers and their audit trail.
    """

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("education aid application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    claim = models.ForeignKey(
        Claim,
        verbose_name=_("medical aid claim"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    paid_on = models.DateField(_("paid on"))
    # The old funds ledger's entries of a payment made before the books; empty since.
    fund_entry = models.OneToOneField(
        "funds.FundEntry",
        verbose_name=_("ledger entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reversal_entry = models.OneToOneField(
        "funds.FundEntry",
        verbose_name=_("reversing entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reversed_on = models.DateField(_("date of the reversal"), null=True, blank=True)
    reversal_reason = models.TextField(_("reason for the reversal"), blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paid by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()
    audit_ignore_fields = frozenset({"created_at"})

    class Meta:
        verbose_name = _("aid payment")
        verbose_name_plural = _("aid payments")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=False, claim__isnull=True)
                | models.Q(application__isnull=True, claim__isnull=False),
                name="aid_payment_one_target",
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="aid_payment_positive"),
        ]

    def __str__(self) -> str:
        target = self.application or self.claim
        return f"{target} · ¥{self.amount}"

    @property
    def reversed(self) -> bool:
        return self.reversed_on is not None

    @property
    def source(self) -> tuple[str, str]:
        """The (source, source_id) its voucher was booked under."""
        if self.application_id:
            return "aid.application", str(self.application_id)
        return "aid.claim", str(self.claim_id)

    @property
    def booking(self):
        """Its voucher and the reversing one (books.Booking), or None when the books hold
        none. A list attaches all of them in one query (books.attach_payments)."""
        if not hasattr(self, "_booking"):
            from .books import attach_payments

            attach_payments([self])
        return self._booking

    def save(self, *args, **kwargs):
        before = getattr(self, "_audit_before", None)
        if before and not self._state.adding:
            for name in ("amount", "paid_on", "fund_entry", "application", "claim", "org"):
                if str(before.get(name)) != str(self._audit_snapshot().get(name)):
                    raise ValueError("a recorded payment is not edited: reverse it instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("a recorded payment is never deleted: reverse it instead")
