"""Care work (困难帮扶、慰问): hardship files, visits and their payouts, batches.

Hardship files hold a household's personal data: they are read only with
welfare.case:read, every view of one is logged, and ID and phone numbers are masked as in
the roster. Nothing here is deleted: a file is closed with a reason, a payout is corrected
by a reversing entry in the fund and a new visit, both kept.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.models import TenantManager, TenantModel
from gonghui.members import idcard

from . import rules


class NotDeletable(RuntimeError):
    """Welfare records are closed or reversed, never deleted."""


class KeptModel(TenantModel):
    """A tenant record that is never deleted (the issue: "nothing is deleted")."""

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise NotDeletable(f"{self._meta.label} records are never deleted")


class RegionLine(KeptModel):
    """The local poverty lines (低保 and 低收入) a region's hardship test uses.

    Set by an upper union for its subtree (or by a union for itself); the most specific
    setter wins, then the latest line in force. Without one, rules-free defaults apply
    (DEFAULT_LINES), marked as examples to be replaced.
    """

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("set by"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.CharField(_("region"), max_length=30)
    effective_from = models.DateField(_("effective from"))
    dibao_monthly = models.DecimalField(
        _("minimum living line (低保) per person and month"), max_digits=8, decimal_places=2
    )
    low_income_monthly = models.DecimalField(
        _("low-income line per person and month"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: twice the minimum living line."),
    )
    accident_ratio = models.DecimalField(
        _("accident hardship: share of the household income"),
        max_digits=3,
        decimal_places=2,
        default=rules.DEFAULT_ACCIDENT_RATIO,
        help_text=_("Hardship costs above this share of the year's income (青岛: 0.80)."),
    )
    source = models.CharField(_("source"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("poverty line")
        verbose_name_plural = _("poverty lines")
        ordering = ["region", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "region", "effective_from"], name="uniq_welfare_region_line"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region or '—'} {self.effective_from}: {self.dibao_monthly}"

    @property
    def low_line(self):
        return self.low_income_monthly or self.dibao_monthly * 2


class CareSettings(KeptModel):
    """A union's own care rules: its 五必访 list and the reminders it wants."""

    org = models.OneToOneField(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    must_visit = models.JSONField(_("must-visit occasions (五必访)"), default=list)
    reminder_ages = models.JSONField(_("ages to remind of"), default=list)
    retirement_age_male = models.PositiveSmallIntegerField(_("retirement age, men"), default=60)
    retirement_age_female = models.PositiveSmallIntegerField(_("retirement age, women"), default=55)
    long_sick_days = models.PositiveSmallIntegerField(_("long sick leave after (days)"), default=30)

    objects = TenantManager()

    class Meta:
        verbose_name = _("care settings")
        verbose_name_plural = _("care settings")

    def __str__(self) -> str:
        return str(self.org)


# -- hardship files -----------------------------------------------------------------


class CaseState(models.TextChoices):
    # 申报 → 调查核实 → 审批 → 在档帮扶 → 解困脱困 (issue #6; domain.md §7)
    APPLIED = "applied", pgettext_lazy("hardship file status", "Applied")  # 申报
    CHECKING = "checking", _("Home visit and checks")  # 调查核实
    APPROVAL = "approval", _("Waiting for approval")  # 审批
    ACTIVE = "active", _("On file, being helped")  # 在档帮扶
    CLOSED = "closed", _("File closed")  # 解困脱困 / 退休 / 调离 / 去世
    REJECTED = "rejected", _("Not accepted")  # 不予建档


OPEN_STATES = (CaseState.APPLIED, CaseState.CHECKING, CaseState.APPROVAL, CaseState.ACTIVE)


class ExitReason(models.TextChoices):
    # domain.md §7: closed on 脱困/解困, retirement, transfer or death
    RECOVERED = "recovered", _("Out of hardship")  # 解困脱困
    RETIRED = "retired", _("Retired")
    TRANSFERRED = "transferred", _("Moved to another employer")
    DIED = "died", _("Died")
    OTHER = "other", _("Other")


class HardshipFile(KeptModel):
    """困难职工档案: one file per household (一户一档), with its help plan (一户一策)."""

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("union or group"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="hardship_files",
    )
    number = models.CharField(_("file number"), max_length=30)
    state = models.CharField(
        _("state"), max_length=10, choices=CaseState.choices, default=CaseState.APPLIED
    )
    address = models.CharField(_("home address"), max_length=200, blank=True)
    phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    causes = models.JSONField(_("causes of hardship"), default=list)
    exclusions = models.JSONField(_("exclusions found"), default=list, blank=True)
    yearly_income = models.DecimalField(
        _("household disposable income per year"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
    )
    rigid_costs = models.DecimalField(
        _("rigid costs per year (illness, disability, schooling)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
    )
    accident = models.BooleanField(
        _("disaster, accident, epidemic or serious illness this year"), default=False
    )
    hardship_costs = models.DecimalField(
        _("costs of that event this year"), max_digits=12, decimal_places=2, default=Decimal(0)
    )
    situation = models.TextField(_("situation"), blank=True)
    # The assessment as computed at the last save, with the lines it used (kept so a
    # later change of the lines does not silently rewrite history).
    category = models.CharField(_("category"), max_length=10, choices=rules.CATEGORIES, blank=True)
    per_head_monthly = models.DecimalField(
        _("income per head and month"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    dibao_used = models.DecimalField(
        _("minimum living line used"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    low_line_used = models.DecimalField(
        _("low-income line used"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    line_source = models.CharField(_("source of the lines"), max_length=250, blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    applied_on = models.DateField(_("applied on"), default=dt.date.today)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    next_review = models.DateField(_("next review"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    exit_reason = models.CharField(
        _("reason for closing"), max_length=12, choices=ExitReason.choices, blank=True
    )
    exit_note = models.TextField(_("closing note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TenantManager()
    # A household's circumstances are masked in the audit log like ID numbers, so that
    # readers of the log without the right (funds auditors) learn nothing of them.
    audit_sensitive_fields = frozenset(
        {
            "member",
            "phone",
            "address",
            "causes",
            "exclusions",
            "yearly_income",
            "rigid_costs",
            "accident",
            "hardship_costs",
            "situation",
            "category",
            "per_head_monthly",
            "assessment",
            "exit_note",
        }
    )
    audit_ignore_fields = frozenset({"created_at", "updated_at"})

    class Meta:
        verbose_name = _("hardship file")
        verbose_name_plural = _("hardship files")
        ordering = ["-applied_on", "-id"]
        constraints = [
            # 一户一档, no duplicates: one open file per member; a closed file stays and a
            # new one may be opened if hardship returns.
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(state__in=["applied", "checking", "approval", "active"]),
                name="uniq_open_hardship_file",
            ),
            models.UniqueConstraint(fields=["org", "number"], name="uniq_hardship_file_number"),
        ]

    def __str__(self) -> str:
        # No name: the string is what the audit log shows as the record.
        return self.number

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def household_size(self) -> int:
        # The member plus the other people of the household.
        return 1 + self.household.count()

    @property
    def cause_names(self) -> list[str]:
        return [rules.CAUSE_NAMES.get(c, c) for c in self.causes]

    @property
    def phone_masked(self) -> str:
        return idcard.mask_phone(self.phone)

    @property
    def review_due(self) -> bool:
        return (
            self.state == CaseState.ACTIVE
            and self.next_review is not None
            and self.next_review <= dt.date.today()
        )


class HouseholdMember(KeptModel):
    """Another person of the household (the member is the file's own person)."""

    file = models.ForeignKey(
        HardshipFile,
        verbose_name=_("hardship file"),
        on_delete=models.PROTECT,
        related_name="household",
    )
    name = models.CharField(_("name"), max_length=50)
    relation = models.CharField(_("relation"), max_length=20)
    id_number = models.CharField(_("ID number"), max_length=32, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    occupation = models.CharField(_("work or school"), max_length=50, blank=True)
    health = models.CharField(_("health"), max_length=50, blank=True)
    monthly_income = models.DecimalField(
        _("income per month"), max_digits=10, decimal_places=2, default=Decimal(0)
    )
    left_on = models.DateField(_("left the household on"), null=True, blank=True)

    objects = TenantManager()
    scope_org_field = "file__org"
    audit_sensitive_fields = frozenset(
        {"name", "id_number", "birth_year", "occupation", "health", "monthly_income"}
    )

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.file.number} · {self.relation}"

    def audit_org(self):
        return self.file.org

    @property
    def id_number_masked(self) -> str:
        return idcard.mask(self.id_number)


class HelpMeasure(KeptModel):
    """One measure of the help plan (一户一策): what, who is responsible, by when."""

    class Kind(models.TextChoices):
        MONEY = "money", _("Financial aid")
        MEDICAL = "medical", _("Medical aid")
        EDUCATION = "education", _("Education aid")
        EMPLOYMENT = "employment", _("Job help and training")
        CARE = "care", _("Visits and emotional support")
        LEGAL = "legal", _("Legal aid")
        OTHER = "other", _("Other")

    file = models.ForeignKey(
        HardshipFile,
        verbose_name=_("hardship file"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.CharField(_("measure"), max_length=300)
    owner = models.CharField(_("responsible"), max_length=50)
    due = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=300, blank=True)

    objects = TenantManager()
    scope_org_field = "file__org"
    audit_sensitive_fields = frozenset({"text", "result"})

    class Meta:
        verbose_name = _("help measure")
        verbose_name_plural = _("help measures")
        ordering = ["done_on", "due", "id"]

    def __str__(self) -> str:
        return f"{self.file.number} · {self.get_kind_display()}"

    def audit_org(self):
        return self.file.org


class CaseReview(KeptModel):
    """A review (年度复核) or a follow-up after exit (脱困后回访)."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", _("Keep helping")
        RECATEGORISED = "recategorised", _("Category changed")
        EXIT = "exit", _("Propose to close the file")
        FOLLOW_UP = "follow_up", _("Follow-up after closing")

    file = models.ForeignKey(
        HardshipFile,
        verbose_name=_("hardship file"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    date = models.DateField(_("date"))
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices)
    category = models.CharField(_("category"), max_length=10, choices=rules.CATEGORIES)
    note = models.TextField(_("note"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = TenantManager()
    scope_org_field = "file__org"
    audit_sensitive_fields = frozenset({"category", "note"})

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.file.number} {self.date}"

    def audit_org(self):
        return self.file.org


def _document_path(instance, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"welfare/{instance.file.org_id}/{dt.date.today():%Y}/{instance.token}.{ext}"


def new_token() -> str:
    """32 hex characters: what the token column holds (token_hex() alone gives 64)."""
    return secrets.token_hex(16)


class CaseDocument(KeptModel):
    """A document of the file: 档案表, 申请表, proof of income, medical records, 公示."""

    class Kind(models.TextChoices):
        FILE_FORM = "file_form", _("Hardship file form")  # 困难职工档案表
        APPLICATION = "application", _("Aid application")  # 救助申请表
        INCOME = "income", _("Proof of income")
        MEDICAL = "medical", _("Medical records")
        VISIT = "visit", _("Home visit record")
        NOTICE = "notice", _("Public notice")  # 公示
        OTHER = "other", _("Other")

    file = models.ForeignKey(
        HardshipFile,
        verbose_name=_("hardship file"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    token = models.CharField(_("download token"), max_length=32, unique=True, default=new_token)
    upload = models.FileField(_("file"), upload_to=_document_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = TenantManager()
    scope_org_field = "file__org"
    # A document's file name often names the person: logged as changed, never its value.
    audit_secret_fields = frozenset({"name"})

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.file.number} · {self.get_kind_display()}"

    def audit_org(self):
        return self.file.org


class SickLeave(KeptModel):
    """A member's sick leave as the union hears of it, for the long-sick-leave reminder."""

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("union or group"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("back at work on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("sick leave")
        verbose_name_plural = _("sick leaves")
        ordering = ["-start", "-id"]

    def __str__(self) -> str:
        return f"{self.member.name} {self.start}"


# -- visits, payouts and batches ----------------------------------------------------


class VisitState(models.TextChoices):
    RECORDED = "recorded", _("Recorded (no money)")
    PAID = "paid", _("Paid")
    REVERSED = "reversed", _("Reversed")


COUNTED_STATES = (VisitState.RECORDED, VisitState.PAID)


class Visit(KeptModel):
    """A condolence visit (慰问) and what was given: money or goods, from which fund.

    Once paid it is never edited: the money fields are locked by save(), a mistake is
    undone by a 红字 voucher in the books (the visit becomes "reversed", both kept) and a
    new visit recorded in its place (`replaces`). Its voucher is found in the books by
    its source (services.book_key); `fund_entry` and `reversal_entry` are the old funds
    ledger's entries of visits paid before the books and get no new values.
    """

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("union or group"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member visited"),
        on_delete=models.PROTECT,
        related_name="welfare_visits",
    )
    occasion = models.CharField(_("occasion"), max_length=20, choices=rules.OCCASION_CHOICES)
    festival = models.CharField(
        _("festival"), max_length=12, choices=rules.FESTIVAL_CHOICES, blank=True
    )
    event_date = models.DateField(_("date of the event"), null=True, blank=True)
    date = models.DateField(_("date of the visit"))
    visitors = models.CharField(_("visited by"), max_length=200)
    form = models.CharField(_("given as"), max_length=6, choices=rules.FORMS)
    amount = models.DecimalField(
        _("amount or value (yuan)"), max_digits=10, decimal_places=2, default=Decimal(0)
    )
    goods = models.CharField(_("goods"), max_length=200, blank=True)
    fund = models.ForeignKey(
        "funds.Fund",
        verbose_name=_("paid from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    fund_entry = models.OneToOneField(
        "funds.FundEntry",
        verbose_name=_("ledger entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="welfare_visit",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=VisitState.choices, default=VisitState.RECORDED
    )
    batch = models.ForeignKey(
        "welfare.Batch",
        verbose_name=_("batch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    hardship_file = models.ForeignKey(
        HardshipFile,
        verbose_name=_("hardship file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    signed_off = models.BooleanField(_("receipt signed"), default=False)
    receipt = models.CharField(_("receipt or sign-off"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The rules this payout broke and the chair's reason for allowing it anyway.
    findings = models.JSONField(_("rule findings"), default=list, blank=True)
    override_reason = models.CharField(_("reason for the exception"), max_length=300, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exception approved by"),
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
        related_name="welfare_visit_reversed",
    )
    reversal_reason = models.CharField(_("reason for the reversal"), max_length=150, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = TenantManager()
    audit_ignore_fields = frozenset({"created_at"})
    # What a paid visit may still change: its reversal and the receipt collected later.
    AFTER_PAYMENT = frozenset(
        {"state", "reversal_entry", "reversal_reason", "signed_off", "receipt"}
    )

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["member", "occasion", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.member.name} · {self.get_occasion_display()}"

    def save(self, *args, **kwargs):
        before = getattr(self, "_audit_before", None)
        if before and (
            before.get("state") in (VisitState.PAID, VisitState.REVERSED)
            or before.get("fund_entry") is not None
        ):
            after = self._audit_snapshot()
            changed = {k for k, v in after.items() if before.get(k) != v}
            if changed - self.AFTER_PAYMENT:
                raise NotDeletable(
                    f"a paid visit is not edited ({', '.join(sorted(changed))}); reverse it"
                )
        super().save(*args, **kwargs)

    @property
    def occasion_label(self) -> str:
        if self.occasion == "festival" and self.festival:
            return f"{self.get_festival_display()}慰问"
        return self.get_occasion_display()

    @property
    def given(self) -> str:
        if self.form == rules.GOODS:
            return f"{self.goods}（{self.amount}元）" if self.amount else self.goods
        return f"{self.amount}元"


class Batch(KeptModel):
    """A batch of visits planned together (双节送温暖 for 200 people): lines are edited,
    the 慰问金发放表 printed, then every payout is recorded in one atomic step."""

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("batch status", "Planned")
        PAID = "paid", _("Paid")

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=100)
    occasion = models.CharField(_("occasion"), max_length=20, choices=rules.OCCASION_CHOICES)
    festival = models.CharField(
        _("festival"), max_length=12, choices=rules.FESTIVAL_CHOICES, blank=True
    )
    date = models.DateField(_("date of payment"))
    form = models.CharField(_("given as"), max_length=6, choices=rules.FORMS)
    amount = models.DecimalField(
        _("amount or value per person (yuan)"), max_digits=10, decimal_places=2
    )
    goods = models.CharField(_("goods"), max_length=200, blank=True)
    fund = models.ForeignKey(
        "funds.Fund",
        verbose_name=_("paid from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    visitors = models.CharField(_("handled by"), max_length=200, blank=True)
    selection = models.CharField(_("chosen from"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.DRAFT)
    override_reason = models.CharField(_("reason for the exceptions"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paid by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    objects = TenantManager()
    audit_ignore_fields = frozenset({"created_at"})

    class Meta:
        verbose_name = _("batch of visits")
        verbose_name_plural = _("batches of visits")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def occasion_label(self) -> str:
        if self.occasion == "festival" and self.festival:
            return f"{self.get_festival_display()}慰问"
        return self.get_occasion_display()


class BatchLine(TenantModel):
    """One person of a batch. A planned line may be removed; a paid one has its visit."""

    batch = models.ForeignKey(
        Batch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="lines"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("amount or value (yuan)"), max_digits=10, decimal_places=2)
    goods = models.CharField(_("goods"), max_length=200, blank=True)
    visit = models.OneToOneField(
        Visit,
        verbose_name=_("visit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="batch_line",
    )

    objects = TenantManager()
    scope_org_field = "batch__org"

    class Meta:
        verbose_name = _("batch line")
        verbose_name_plural = _("batch lines")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "member"], name="uniq_batch_member")
        ]

    def __str__(self) -> str:
        return f"{self.batch.title} · {self.member.name}"

    def audit_org(self):
        return self.batch.org

    def delete(self, *args, **kwargs):
        if self.visit_id:
            raise NotDeletable("a paid batch line is kept")
        return super().delete(*args, **kwargs)
