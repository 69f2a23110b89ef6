"""The real-name member roster (会员花名册) and each member's membership history."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.accounts.models import mobile_validator
from gonghui.core.models import TenantManager, TenantModel

from . import idcard, vocab


class Status(models.TextChoices):
    # domain.md §1: 在会 → 保留会籍 / 转出(待接收) → 转入 / 退会 / 自动退会 / 开除
    APPLIED = "applied", pgettext_lazy("membership status", "Applied")  # 入会申请，待委员会批准
    ACTIVE = "active", _("In membership")  # 在会
    RETAINED = "retained", _("Retained membership")  # 保留会籍 (退休、离休、失业)
    TRANSFERRING = "transferring", _("Transfer pending")  # 转出，待接收
    LEFT = "left", _("Left")  # 退会
    LAPSED = "lapsed", _("Lapsed")  # 自动退会
    EXPELLED = "expelled", _("Expelled")  # 开除
    REJECTED = "rejected", _("Application rejected")


# A person holds at most one of these on the whole platform.
CURRENT = {Status.APPLIED, Status.ACTIVE, Status.RETAINED, Status.TRANSFERRING}
# Counted as members in statistics and rosters by default.
ON_ROLL = {Status.ACTIVE, Status.RETAINED, Status.TRANSFERRING}


def pinyin_keys(name: str) -> tuple[str, str]:
    """张三 → ("zhangsan", "zs"): what the roster search matches."""
    # Imported on first use: its phrase dictionary takes a fifth of a second to load, and
    # every process (each management command, each worker) would pay it at start-up.
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(name, style=Style.NORMAL, errors="ignore")
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables if s).lower()
    return full, initials


class Member(TenantModel):
    # The owning node: the union group (工会小组) when the member is in one, otherwise the
    # grassroots union or branch. Group leaders are scoped to their group through it.
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("union or group"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    name = models.CharField(_("name"), max_length=50)
    # Derived from a resident ID number by clean(); required by clean() otherwise.
    sex = models.CharField(_("sex"), max_length=6, choices=vocab.SEXES, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=12, blank=True)
    id_type = models.CharField(
        _("ID type"), max_length=12, choices=vocab.ID_TYPES, default="resident"
    )
    id_number = models.CharField(_("ID number"), max_length=32)
    native_place = models.CharField(_("native place"), max_length=50, blank=True)
    mobile = models.CharField(
        _("mobile number"), max_length=11, blank=True, validators=[mobile_validator]
    )
    hukou_type = models.CharField(
        _("household registration"), max_length=20, choices=vocab.HUKOU_TYPES, blank=True
    )
    hukou_place = models.CharField(_("place of household registration"), max_length=100, blank=True)
    political_status = models.CharField(_("political status"), max_length=12, blank=True)
    education = models.CharField(_("education"), max_length=12, blank=True)
    skill_level = models.CharField(_("skill level"), max_length=12, blank=True)
    professional_title = models.CharField(_("professional title"), max_length=30, blank=True)
    job_type = models.CharField(_("trade"), max_length=30, blank=True)
    work_start_year = models.PositiveSmallIntegerField(
        _("year started work"), null=True, blank=True
    )
    employment_status = models.CharField(
        _("employment status"), max_length=10, blank=True, default="在岗"
    )
    member_type = models.CharField(
        _("member type"), max_length=12, choices=vocab.MEMBER_TYPES, default="regular"
    )
    department = models.CharField(_("department"), max_length=50, blank=True)
    post = models.CharField(_("post"), max_length=50, blank=True)
    monthly_wage = models.DecimalField(
        _("monthly wage"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Base for the monthly dues (0.5%)."),
    )
    card_number = models.CharField(_("member card number"), max_length=30, blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)
    # The last month whose dues are paid; the lapse rule counts unpaid months from it.
    dues_paid_until = models.DateField(_("dues paid until"), null=True, blank=True)
    # Dues stop from this month for retained members (章程 Art.8).
    dues_stop_month = models.DateField(_("dues stop from"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    # Search keys, kept in step with the name by save().
    name_pinyin = models.CharField(
        _("name in pinyin"), max_length=200, blank=True, editable=False, db_index=True
    )
    name_initials = models.CharField(
        _("initials of the name"), max_length=50, blank=True, editable=False, db_index=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TenantManager()

    audit_sensitive_fields = frozenset({"id_number", "mobile"})
    audit_ignore_fields = frozenset({"name_pinyin", "name_initials", "created_at", "updated_at"})

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name_pinyin", "id"]
        constraints = [
            # One record per person on the whole platform: membership follows the person
            # from union to union (一次入会、动态接转), so a second active membership
            # cannot exist.
            models.UniqueConstraint(fields=["id_type", "id_number"], name="uniq_member_person"),
        ]
        indexes = [
            models.Index(fields=["org", "status"]),
            models.Index(fields=["org", "name_pinyin"]),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.id_type == "resident" and self.id_number:
            try:
                info = idcard.parse(self.id_number)
            except idcard.IdNumberError as exc:
                raise ValidationError({"id_number": str(exc)}) from None
            self.id_number = info.number
            if self.birth_date and self.birth_date != info.birth_date:
                raise ValidationError(
                    {"birth_date": _("The date of birth does not match the ID number.")}
                )
            if self.sex and self.sex != info.sex:
                raise ValidationError({"sex": _("The sex does not match the ID number.")})
            self.birth_date = info.birth_date
            self.sex = info.sex
        elif not self.sex:
            raise ValidationError({"sex": _("Choose the sex.")})

    def prepare_for_save(self) -> None:
        # Spaces typed inside a short name (张 三) are not part of it; longer names
        # (阿依古丽·买买提) keep their inner spacing apart from the ends.
        name = (self.name or "").strip()
        self.name = "".join(name.split()) if len(name) <= 4 else name
        self.name_pinyin, self.name_initials = pinyin_keys(self.name)

    def save(self, *args, **kwargs):
        self.prepare_for_save()
        super().save(*args, **kwargs)

    @property
    def id_number_masked(self) -> str:
        return idcard.mask(self.id_number)

    @property
    def mobile_masked(self) -> str:
        return idcard.mask_phone(self.mobile)

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT


class EventKind(models.TextChoices):
    APPLIED = "applied", _("Applied to join")
    JOINED = "joined", _("Joined")
    REJECTED = "rejected", _("Application rejected")
    TRANSFER_OUT = "transfer_out", _("Transfer requested")
    TRANSFER_IN = "transfer_in", _("Transferred in")
    TRANSFER_REFUSED = "transfer_refused", _("Transfer refused")
    RETAINED = "retained", _("Membership retained")
    RESTORED = "restored", _("Back to active membership")
    LEFT = "left", _("Left")
    LAPSED = "lapsed", _("Lapsed")
    EXPELLED = "expelled", _("Expelled")
    GROUP_CHANGED = "group_changed", _("Moved to another group")
    IMPORTED = "imported", pgettext_lazy("membership event", "Imported")


class MembershipEvent(TenantModel):
    """One change of membership (会籍变化): type, date, reason, who decided."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="events"
    )
    # Where it happened: the old union's events stay in its own log after a transfer.
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("change"), max_length=20, choices=EventKind.choices)
    date = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    from_org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("membership change")
        verbose_name_plural = _("membership changes")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.member.name} · {self.get_kind_display()} · {self.date}"


class Transfer(TenantModel):
    """A two-sided transfer (组织关系接转): the old union sends, the new union accepts."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the receiving union")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")
        CANCELLED = "cancelled", _("Cancelled")

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="transfers"
    )
    from_org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        related_name="transfers_out",
    )
    to_org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("to"),
        on_delete=models.PROTECT,
        related_name="transfers_in",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_on = models.DateField(_("requested on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = TenantManager()
    scope_org_field = ("from_org", "to_org")

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=models.Q(state="pending"), name="uniq_pending_transfer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member.name}: {self.from_org.name} → {self.to_org.name}"

    def audit_org(self):
        return self.from_org


class Invitation(TenantModel):
    """A one-time code that lets a member create their own login (no default passwords).

    Only a hash of the code is stored: the printed sheet is the one place it exists.
    """

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="invitations"
    )
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    code_hash = models.CharField(_("code digest"), max_length=128)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    objects = TenantManager()
    audit_secret_fields = frozenset({"code_hash"})

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.member.name} · {self.created_at:%Y-%m-%d}"


class ChangeRequest(TenantModel):
    """A member asks to correct their name or ID number; a cadre approves it."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    FIELDS = ("name", "id_number")

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="change_requests"
    )
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    field = models.CharField(_("field"), max_length=20)
    old_value = models.CharField(_("old value"), max_length=50)
    new_value = models.CharField(_("new value"), max_length=50)
    reason = models.TextField(_("reason"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()
    audit_sensitive_fields = frozenset({"old_value", "new_value"})

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.member.name}: {self.field}"


class LapseTalk(TenantModel):
    """A cadre talked to a member about unpaid dues (教育谈话): one condition of lapse."""

    class Outcome(models.TextChoices):
        REFUSED = "refused", _("Refused to pay or take part")
        WILL_PAY = "will_pay", _("Will pay and take part again")
        VALID_REASON = "valid_reason", _("Has a valid reason")

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="lapse_talks"
    )
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField(_("date"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("talk about unpaid dues")
        verbose_name_plural = _("talks about unpaid dues")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.member.name} · {self.date} · {self.get_outcome_display()}"
