"""Awards (评优评先, issue #17 item 1) and the register of titles held (劳模/先进人物, item 4).

A union runs an `AwardRound` of one award kind (rules.py: its own titles such as 师德标兵,
or its list for an upper award such as the 五一劳动奖章): a call for nominations → members
and groups nominate from the phone (`Nomination`, with the 事迹 and photos or documents,
`NominationFile`) → the committee reviews (score, votes, selected or not) → 公示 on the
members' page for a number of working days, when members may raise an `Objection` (who
raised it is for the committee alone) and get an answer → the `Decision` (表彰决定 .docx),
numbered certificates, the honour roll. Awarded members enter the `TitleHeld` register,
which also keeps titles from elsewhere (劳模 of the city, the province...).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.models import StoredFile, TenantManager, TenantModel
from gonghui.core.validators import sensible_date

from . import rules


class RoundStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("award round", "Draft")
    OPEN = "open", pgettext_lazy("award round", "Open for nominations")
    REVIEW = "review", pgettext_lazy("award round", "Under review")
    PUBLICITY = "publicity", pgettext_lazy("award round", "Public notice")
    DECIDED = "decided", pgettext_lazy("award round", "Decided")
    CLOSED = "closed", pgettext_lazy("award round", "Closed")


# What members see of a round: its call, its 公示, its result.
MEMBER_VISIBLE = (
    RoundStatus.OPEN,
    RoundStatus.REVIEW,
    RoundStatus.PUBLICITY,
    RoundStatus.DECIDED,
    RoundStatus.CLOSED,
)
AWARDED_STATES = (RoundStatus.DECIDED, RoundStatus.CLOSED)


class AwardRound(TenantModel):
    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("award"), max_length=30, choices=rules.kind_choices())
    title = models.CharField(_("title"), max_length=150)
    call_text = models.TextField(_("call for nominations"), blank=True)
    quota = models.PositiveSmallIntegerField(_("places"))
    nomination_deadline = models.DateField(_("nominations close on"), validators=[sensible_date])
    publicity_days = models.PositiveSmallIntegerField(
        _("public notice (working days)"), default=rules.DEFAULT_PUBLICITY_DAYS
    )
    publicity_start = models.DateField(_("public notice from"), null=True, blank=True)
    publicity_end = models.DateField(_("public notice until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()

    audit_ignore_fields = frozenset({"created_at"})

    class Meta:
        verbose_name = _("award round")
        verbose_name_plural = _("award rounds")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def award(self) -> rules.AwardKind:
        return rules.kind(self.kind)

    @property
    def award_name(self) -> str:
        return self.award.name


class NominationStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("nomination", "Submitted")
    WITHDRAWN = "withdrawn", pgettext_lazy("nomination", "Withdrawn")
    SELECTED = "selected", pgettext_lazy("nomination", "Selected")
    NOT_SELECTED = "not_selected", pgettext_lazy("nomination", "Not selected")
    AWARDED = "awarded", pgettext_lazy("nomination", "Awarded")


class Nomination(TenantModel):
    round = models.ForeignKey(
        AwardRound,
        verbose_name=_("award round"),
        on_delete=models.CASCADE,
        related_name="nominations",
    )
    nominee_type = models.CharField(
        _("nominee"), max_length=12, choices=rules.Nominee.choices, default=rules.Nominee.MEMBER
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    nominee_org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("group or union"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The nominee's name as shown (the member's, the group's, or a department typed).
    nominee_name = models.CharField(_("nominee's name"), max_length=100)
    nominee_unit = models.CharField(_("unit or group"), max_length=100, blank=True)
    tags = models.JSONField(_("counts as"), default=list, blank=True)
    # The negative-list items declared as present (any one bars the nomination).
    negatives = models.JSONField(_("negative list"), default=list, blank=True)
    story = models.TextField(_("deeds"))
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    nominated_on = models.DateField(_("nominated on"))
    status = models.CharField(
        _("status"),
        max_length=14,
        choices=NominationStatus.choices,
        default=NominationStatus.SUBMITTED,
    )
    score = models.DecimalField(
        _("review score"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_cast = models.PositiveSmallIntegerField(_("votes cast"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certificate_no = models.CharField(_("certificate number"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()
    scope_org_field = "round__org"

    audit_ignore_fields = frozenset({"created_at"})

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["round", "id"]

    def __str__(self) -> str:
        return f"{self.nominee_name}（{self.round.title}）"

    def audit_org(self):
        return self.round.org

    @property
    def is_active(self) -> bool:
        return self.status != NominationStatus.WITHDRAWN

    def tag_labels(self) -> list[str]:
        return [str(rules.Tag(t).label) for t in self.tags if t in rules.Tag.values]

    def negative_labels(self) -> list[str]:
        return [str(rules.Negative(n).label) for n in self.negatives if n in rules.Negative.values]


ATTACHMENT_TYPES = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx")
PHOTO_TYPES = ("image/jpeg", "image/png")
MAX_FILES = 12


def _file_path(instance, filename: str) -> str:
    # Namespaced by union; the stored name is a random token, never the user's file name.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    n = instance.nomination
    return f"awards/{n.round.org_id}/{n.pk}/{instance.token}.{ext}"


class NominationFile(StoredFile):
    """A photo or a document of a nomination (a required document names itself)."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="files"
    )
    document = models.CharField(_("document"), max_length=60, blank=True)
    file = models.FileField(_("file"), upload_to=_file_path, max_length=300)

    objects = TenantManager()
    scope_org_field = "nomination__round__org"

    class Meta:
        verbose_name = _("nomination file")
        verbose_name_plural = _("nomination files")
        ordering = ["id"]

    def audit_org(self):
        return self.nomination.round.org

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_hex(16)
        super().save(*args, **kwargs)

    @property
    def is_photo(self) -> bool:
        return self.content_type in PHOTO_TYPES


class Objection(TenantModel):
    """A member's objection to a name on the 公示 and the committee's answer. Who raised it
    is the committee's to know: members see their own objections, never others'."""

    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.CASCADE,
        related_name="objections",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("objection"))
    raised_on = models.DateField(_("raised on"))
    answer = models.TextField(_("answer"), blank=True)
    upheld = models.BooleanField(_("upheld"), default=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()
    scope_org_field = "nomination__round__org"

    audit_ignore_fields = frozenset({"created_at"})

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["raised_on", "id"]

    def __str__(self) -> str:
        return Truncator(self.text).chars(20)

    def audit_org(self):
        return self.nomination.round.org

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class Decision(TenantModel):
    """The 表彰决定 of a round: its document number and date, and its preamble."""

    round = models.OneToOneField(
        AwardRound, verbose_name=_("award round"), on_delete=models.CASCADE, related_name="decision"
    )
    number = models.CharField(_("document number"), max_length=60)
    date = models.DateField(_("decided on"), validators=[sensible_date])
    text = models.TextField(_("preamble"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TenantManager()
    scope_org_field = "round__org"

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")

    def __str__(self) -> str:
        return self.number

    def audit_org(self):
        return self.round.org


class TitleLevel(models.TextChoices):
    NATIONAL = "national", _("National")  # 国家级
    PROVINCIAL = "provincial", _("Provincial")  # 省级
    MUNICIPAL = "municipal", _("Municipal")  # 市级
    DISTRICT = "district", _("District or county")  # 区县级
    UNIT = "unit", _("Own unit")  # 校级/厂级


class TitleHeld(TenantModel):
    """A title a member holds (劳模, 五一劳动奖章, 师德标兵...): from a round of this union,
    or entered from the awarding body's decision."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=TitleLevel.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    awarding_body = models.CharField(_("awarded by"), max_length=100)
    nomination = models.OneToOneField(
        Nomination,
        verbose_name=_("nomination"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="title_held",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()

    audit_ignore_fields = frozenset({"created_at"})

    class Meta:
        verbose_name = _("title held")
        verbose_name_plural = _("titles held")
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.year}）"
