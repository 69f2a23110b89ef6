"""Rationalisation proposals (合理化建议/金点子) from every member (issue #17 item 3).

An idea belongs to the grassroots union (`org`) of its proposer; it runs the cycle of
domain.md §10 (see rules.py), its department answers through a link of its own
(`DepartmentRequest`, no union role needed), reviewers score it per criterion
(`Review`), and a reward (`Reward`) is paid through the books on 50301. A drive (`Drive`,
征集活动) is a call for ideas over some weeks: the plan evidence of a proposal drive.

Every model is a TenantModel: scoped to the union, audited per row.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.models import StoredFile, TenantManager, TenantModel
from gonghui.core.validators import sensible_date, small_number

from . import rules


class Drive(TenantModel):
    """A call for ideas (金点子征集活动) of the union, over some weeks."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    theme = models.TextField(_("theme and what is asked"), blank=True)
    starts_on = models.DateField(_("starts on"), validators=[sensible_date])
    ends_on = models.DateField(_("ends on"), validators=[sensible_date])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("proposal drive")
        verbose_name_plural = _("proposal drives")
        ordering = ["org", "-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def is_open(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.starts_on <= day <= self.ends_on


class Category(models.TextChoices):
    SAFETY = "safety", _("Safety")
    QUALITY = "quality", _("Quality")
    SAVING = "saving", _("Saving energy and cost")
    TECHNIQUE = "technique", _("Technique and process")
    MANAGEMENT = "management", _("Management")
    SERVICE = "service", _("Services for staff")
    OTHER = "other", pgettext_lazy("idea category", "Other")


class Status(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("idea status", "Submitted")
    NOT_ACCEPTED = "not_accepted", _("Not taken up (初审未通过)")
    ACCEPTED = "accepted", _("Taken up (立项)")
    SENT = "sent", _("With the department")
    ANSWERED = "answered", _("Department answered")
    ADOPTED = "adopted", pgettext_lazy("idea status", "Adopted")
    KEPT = "kept", _("Kept for later")
    REJECTED = "rejected", pgettext_lazy("idea status", "Not adopted")
    IMPLEMENTING = "implementing", _("Being implemented")
    VERIFIED = "verified", _("Value verified")
    REWARDED = "rewarded", pgettext_lazy("idea status", "Rewarded")
    CLOSED = "closed", pgettext_lazy("idea status", "Closed")


# Ideas a decision was made on (the expert review's outcome is recorded).
DECIDED = (
    Status.ADOPTED,
    Status.KEPT,
    Status.REJECTED,
    Status.IMPLEMENTING,
    Status.VERIFIED,
    Status.REWARDED,
    Status.CLOSED,
)
# Still on the committee's desk.
OPEN = (Status.SUBMITTED, Status.ACCEPTED, Status.SENT, Status.ANSWERED)


class Idea(TenantModel):
    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[small_number])
    number = models.PositiveIntegerField(_("number"))
    drive = models.ForeignKey(
        Drive,
        verbose_name=_("proposal drive"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    proposer = models.ForeignKey(
        "members.Member", verbose_name=_("proposer"), on_delete=models.PROTECT, related_name="+"
    )
    # A group's idea (班组/QC小组): its name and the colleagues who proposed it too.
    team = models.CharField(_("team"), max_length=100, blank=True)
    co_proposers = models.ManyToManyField(
        "members.Member", verbose_name=_("co-proposers"), blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("the situation and the suggestion"))
    expected_benefit = models.TextField(_("expected benefit"), blank=True)
    category = models.CharField(
        _("category"), max_length=12, choices=Category.choices, default=Category.OTHER
    )
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered from paper by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # 立项/初审
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    screen_note = models.TextField(_("screening opinion"), blank=True)
    # 转办
    department = models.CharField(_("responsible department"), max_length=100, blank=True)
    deadline = models.DateField(_("answer due by"), null=True, blank=True)
    answer = models.TextField(_("department's answer"), blank=True)
    answered_by = models.CharField(_("answered by"), max_length=50, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # 复审 and the outcome
    outcome = models.CharField(_("outcome"), max_length=8, choices=rules.OUTCOMES, blank=True)
    outcome_reason = models.TextField(_("reason given to the proposer"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # 实施, 验证
    implementation = models.TextField(_("implementation"), blank=True)
    implemented_at = models.DateTimeField(_("implementation started"), null=True, blank=True)
    value_created = models.DecimalField(
        _("value created (10,000 yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    verification = models.TextField(_("how the value was verified"), blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # 反馈
    feedback = models.TextField(_("feedback to the proposer"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("rationalisation proposal")
        verbose_name_plural = _("rationalisation proposals")
        ordering = ["org", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "number"], name="uniq_idea_number")
        ]
        indexes = [models.Index(fields=["org", "year", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def code(self) -> str:
        return f"{self.year}-{self.number:03d}"

    def is_overdue(self, day=None) -> bool:
        """With the department past its deadline."""
        day = day or timezone.localdate()
        return self.status == Status.SENT and self.deadline is not None and self.deadline < day

    @property
    def answered_late(self) -> bool:
        return bool(
            self.answered_at
            and self.deadline
            and timezone.localtime(self.answered_at).date() > self.deadline
        )

    @property
    def adopted(self) -> bool:
        return self.outcome in rules.ADOPTING


def _file_path(instance, filename: str) -> str:
    # The stored name is a random token, never the uploader's file name.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"ideas/{instance.idea.org_id}/{instance.idea_id}/{instance.token}.{ext}"


class IdeaFile(StoredFile):
    """A photo or a document of an idea (the place, a sketch, a measurement)."""

    idea = models.ForeignKey(
        Idea,
        verbose_name=pgettext_lazy("model", "idea"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    file = models.FileField(_("file"), upload_to=_file_path, max_length=300)

    objects = TenantManager()
    scope_org_field = "idea__org"

    class Meta:
        verbose_name = _("idea file")
        verbose_name_plural = _("idea files")
        ordering = ["idea", "id"]

    def audit_org(self):
        return self.idea.org

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_hex(16)
        super().save(*args, **kwargs)


def new_token() -> str:
    # 256 bits: the link is the department's only credential.
    return secrets.token_urlsafe(32)


class DepartmentRequest(TenantModel):
    """The idea sent to a department: a link its person answers once, without a login."""

    idea = models.ForeignKey(
        Idea,
        verbose_name=pgettext_lazy("model", "idea"),
        on_delete=models.CASCADE,
        related_name="requests",
    )
    department = models.CharField(_("department"), max_length=100)
    contact = models.CharField(_("contact person"), max_length=50, blank=True)
    token = models.CharField(_("link key"), max_length=64, unique=True, editable=False)
    deadline = models.DateField(_("answer due by"))
    expires_on = models.DateField(_("link valid until"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.CharField(_("answered by"), max_length=50, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    # Replaced by a new request (another department, a new deadline): the link is dead.
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = TenantManager()
    scope_org_field = "idea__org"
    audit_secret_fields = frozenset({"token"})

    class Meta:
        verbose_name = _("department request")
        verbose_name_plural = _("department requests")
        ordering = ["idea", "-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.idea} · {self.department}"

    def audit_org(self):
        return self.idea.org

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = new_token()
        super().save(*args, **kwargs)

    def usable(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.revoked_at is None and self.answered_at is None and day <= self.expires_on


class Review(TenantModel):
    """One reviewer's points per criterion (复审), and what they recommend. The idea's
    page shows the scores' average and the recommendations' tally, never who recommended
    what (an anonymous vote)."""

    idea = models.ForeignKey(
        Idea,
        verbose_name=pgettext_lazy("model", "idea"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    mass = models.PositiveSmallIntegerField(_("broad participation (群众性)"))
    novelty = models.PositiveSmallIntegerField(_("innovation (创新性)"))
    practical = models.PositiveSmallIntegerField(_("practicality (实用性)"))
    benefit = models.PositiveSmallIntegerField(_("benefit (效益性)"))
    score = models.DecimalField(_("weighted score"), max_digits=4, decimal_places=1)
    recommendation = models.CharField(
        _("recommendation"), max_length=8, choices=rules.OUTCOMES, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), auto_now=True)

    objects = TenantManager()
    scope_org_field = "idea__org"
    # The recommendation is an anonymous vote: the log keeps the points, never who
    # recommended what.
    audit_ignore_fields = frozenset({"recommendation"})

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["idea", "id"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "reviewer"], name="uniq_idea_reviewer")
        ]

    def __str__(self) -> str:
        return f"{self.idea} · {self.score}"

    def audit_org(self):
        return self.idea.org

    def scores(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in rules.CRITERIA_KEYS}


class Reward(TenantModel):
    """The reward of an idea (奖励), paid through the books on 50301."""

    idea = models.OneToOneField(
        Idea,
        verbose_name=pgettext_lazy("model", "idea"),
        on_delete=models.CASCADE,
        related_name="reward",
    )
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    payee = models.CharField(_("paid to"), max_length=200)
    note = models.CharField(_("note"), max_length=200, blank=True)
    awarded_on = models.DateField(_("awarded on"), validators=[sensible_date])
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    # The payout voucher (finance.SourcePosting "ideas.reward" → the voucher); its
    # number is kept here for the pages.
    voucher_number = models.CharField(_("voucher"), max_length=20, blank=True)

    objects = TenantManager()
    scope_org_field = "idea__org"

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ["idea"]

    def __str__(self) -> str:
        return f"{self.idea} · {self.amount}"

    def audit_org(self):
        return self.idea.org
