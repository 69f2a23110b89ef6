"""Openness notices (厂务/校务/院务公开): what the unit publishes to its staff, who approved
it, when it went up and came down, and the members' questions with their answers.

A notice belongs to the openness unit (a grassroots or joint union, or an upper union for
its own organ): the node whose cadres write it and whose staff read it. Members whose
login sits at a group read their unit's published notices from there (selectors.py).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import TenantManager, TenantModel

from .rules import Category, Frequency, Period


class OpennessSettings(TenantModel):
    """A union's openness settings: whether the extra items of state-owned enterprises apply."""

    org = models.OneToOneField(
        "orgs.Organisation",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="openness_settings",
    )
    state_owned = models.BooleanField(
        _("state-owned or state-controlled enterprise"),
        default=False,
        help_text=_(
            "Adds the items state-owned enterprises must publish (the items list their source)."
        ),
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("openness settings")
        verbose_name_plural = _("openness settings")

    def __str__(self) -> str:
        return str(self.org)


class ItemRule(TenantModel):
    """A union's change to the required items: a built-in item switched off (with the
    reason), or an item of its own. One row per (union, item code)."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.SlugField(_("code"), max_length=40)
    # Empty for a built-in item (its name, frequency and source come from rules.py).
    name = models.CharField(_("item"), max_length=120, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, blank=True
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    custom = models.BooleanField(_("own item"), default=False)
    disabled = models.BooleanField(_("not required"), default=False)
    reason = models.CharField(_("reason"), max_length=200)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("required item change")
        verbose_name_plural = _("required item changes")
        ordering = ["org", "code"]
        constraints = [
            models.UniqueConstraint(fields=["org", "code"], name="openness_itemrule_once")
        ]

    def __str__(self) -> str:
        return self.name or self.code


class Channel(models.TextChoices):
    BOARD = "board", _("Notice board")  # 公开栏
    CONGRESS = "congress", _("Workers' congress")  # 职代会/教代会
    INTRANET = "intranet", _("Intranet")  # 内网
    MEETING = "meeting", _("Staff meeting")  # 职工大会/会议


class Status(models.TextChoices):
    # 草稿 → 已审批 → 已公开 → 已撤下
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Notice(TenantModel):
    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    # A required item's code (rules.py or the union's own ItemRule), or "" for a notice
    # outside the required items.
    item_code = models.CharField(_("required item"), max_length=40, blank=True)
    category = models.CharField(
        _("category"), max_length=12, choices=Category.choices, default=Category.OTHER
    )
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("content"))
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.BOARD
    )
    period_year = models.PositiveSmallIntegerField(_("year covered"))
    period = models.CharField(
        _("period covered"), max_length=6, choices=Period.choices, default=Period.YEAR
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdraw_reason = models.CharField(_("reason for withdrawal"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TenantManager()

    audit_ignore_fields = frozenset({"created_at", "updated_at"})

    class Meta:
        verbose_name = _("openness notice")
        verbose_name_plural = _("openness notices")
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["org", "status", "period_year"])]

    def __str__(self) -> str:
        return self.title

    @property
    def was_published(self) -> bool:
        """Put up at some time (a notice taken down at the end of its display still counts)."""
        return self.published_on is not None

    @property
    def self_approved(self) -> bool:
        return bool(self.approved_by_id and self.approved_by_id == self.created_by_id)


ATTACHMENT_TYPES = {"pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "txt"}


def _file_path(instance, filename: str) -> str:
    # Namespaced by unit; the stored name is a random token, never the user's file name.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"openness/{instance.notice.org_id}/{instance.notice_id}/{instance.token}.{ext}"


class NoticeFile(TenantModel):
    """An attachment of a notice (the accounts, the tender result), served only through a
    view that checks the reader may see the notice: MEDIA_URL is not exposed."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("openness notice"), on_delete=models.CASCADE, related_name="files"
    )
    token = models.CharField(_("download token"), max_length=32, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=_file_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = TenantManager()
    scope_org_field = "notice__org"

    class Meta:
        verbose_name = _("notice attachment")
        verbose_name_plural = _("notice attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def audit_org(self):
        return self.notice.org

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_hex(16)
        super().save(*args, **kwargs)


class Question(TenantModel):
    """A member's question or comment on a published notice, and the answer.

    The cadres see who asked; other members see the question without a name."""

    notice = models.ForeignKey(
        Notice,
        verbose_name=_("openness notice"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("question"))
    asked_on = models.DateField(_("asked on"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()
    scope_org_field = "notice__org"

    audit_ignore_fields = frozenset({"created_at"})

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["asked_on", "id"]

    def __str__(self) -> str:
        # How the log and the history name it: the question's own words, not ids.
        return Truncator(self.text).chars(20)

    def audit_org(self):
        return self.notice.org

    @property
    def due_on(self):
        from .rules import answer_due

        return answer_due(self.asked_on)

    @property
    def is_answered(self) -> bool:
        return self.answered_on is not None

    def overdue_on(self, today) -> bool:
        """Unanswered past the 30 days (浙江 Art.22), as of `today`."""
        return not self.is_answered and today > self.due_on

    @property
    def answered_late(self) -> bool:
        return self.is_answered and self.answered_on > self.due_on

    @property
    def on_time(self) -> bool:
        return self.is_answered and self.answered_on <= self.due_on


# The published finances (issue #14 item 10) live with their workflows in finance.py.
from .finance import FinanceOpenness, FinancePublication  # noqa: E402, F401
