"""Union activities (工会活动): the activity, who signed up, who came, and its record.

An activity belongs to its organiser (a union, a branch or a group: `org`), which is
the node whose cadres run it and whose subtree its audience is drawn from. Sign-ups are
visible from both sides: the organiser's cadres and the member's own group (see
Signup.scope_org_field), so a member whose login sits at a group can read their own
sign-up to the union's activity.

Kept open for the modules still to come: interest groups (an optional organising group
and an audience rule of their own) and contests add a field and an audience rule by
migration; nothing here assumes the list of kinds or audiences is final.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import TenantManager, TenantModel


class Kind(models.TextChoices):
    SPORTS = "sports", _("Culture and sports")  # 文体
    FESTIVAL = "festival", _("Festival celebration")  # 节日庆祝
    OUTING = "outing", _("Visit or spring outing")  # 参观/春游
    LECTURE = "lecture", _("Lecture or training")  # 讲座培训
    CONTEST = "contest", _("Competition")  # 比赛
    VOLUNTEER = "volunteer", _("Volunteer service")  # 志愿服务
    RETIREES = "retirees", _("Retired workers' activity")  # 退休职工活动
    OTHER = "other", _("Other")  # 其他


# The plan task categories (plans.taxonomy) an activity of each kind usually fulfils.
KIND_CATEGORIES: dict[str, tuple[str, ...]] = {
    Kind.SPORTS: ("culture",),
    Kind.FESTIVAL: ("culture", "care"),
    Kind.OUTING: ("culture",),
    Kind.LECTURE: ("training",),
    Kind.CONTEST: ("contest", "culture"),
    Kind.VOLUNTEER: ("publicity", "culture"),
    Kind.RETIREES: ("care", "culture"),
    Kind.OTHER: ("other",),
}


class Status(models.TextChoices):
    # 草稿 → 发布 → 报名中 → 进行中 → 已结束 → 已归档
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SIGNUP_OPEN = "signup_open", _("Sign-up open")
    IN_PROGRESS = "in_progress", _("In progress")
    FINISHED = "finished", _("Finished")
    ARCHIVED = "archived", _("Archived")


# Which stored status may follow which: the services check every transition against it.
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.PUBLISHED, Status.SIGNUP_OPEN},
    Status.PUBLISHED: {Status.SIGNUP_OPEN, Status.IN_PROGRESS, Status.FINISHED},
    Status.SIGNUP_OPEN: {Status.IN_PROGRESS, Status.FINISHED},
    Status.IN_PROGRESS: {Status.FINISHED},
    Status.FINISHED: {Status.ARCHIVED},
    Status.ARCHIVED: set(),
}
# Members see an activity from publication on; drafts are the cadres' own.
VISIBLE = {
    Status.PUBLISHED,
    Status.SIGNUP_OPEN,
    Status.IN_PROGRESS,
    Status.FINISHED,
    Status.ARCHIVED,
}
HELD = {Status.IN_PROGRESS, Status.FINISHED, Status.ARCHIVED}
# Sign-ups are possible (subject to the window's dates) in these stored states.
SIGNUP_STATES = {Status.PUBLISHED, Status.SIGNUP_OPEN}


class Audience(models.TextChoices):
    """Who may sign up, on top of "on the roll of the organiser's subtree" (audience.py)."""

    ALL = "all", _("All members")
    WOMEN = "women", _("Women members")
    RETIREES = "retirees", _("Retired members")
    UNDER_35 = "under_35", _("Members under 35")


class Activity(TenantModel):
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SPORTS)
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.ALL
    )
    # Empty: the organiser's whole subtree. Otherwise only members of these groups (and
    # the groups below them), combined with `audience` (e.g. the women of two groups).
    groups = models.ManyToManyField(
        "orgs.Organisation",
        verbose_name=_("only these groups"),
        blank=True,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    signup_opens_at = models.DateTimeField(_("sign-up opens"), null=True, blank=True)
    signup_closes_at = models.DateTimeField(
        _("sign-up closes"),
        null=True,
        blank=True,
        help_text=_("Members may cancel until then. Empty: until the activity starts."),
    )
    quota = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no limit. When full, further sign-ups join the waiting list."),
    )
    family_allowed = models.BooleanField(_("family members may come"), default=False)
    family_max = models.PositiveSmallIntegerField(
        _("family members per sign-up"), default=2, help_text=_("At most, per member.")
    )
    family_counts = models.BooleanField(
        _("family members take places"),
        default=True,
        help_text=_("Family members count against the places."),
    )
    cost_per_person = models.DecimalField(
        _("cost per person (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    budget = models.DecimalField(
        _("total budget (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    actual_cost = models.DecimalField(
        _("actual cost (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    report = models.TextField(
        _("report"), blank=True, help_text=_("What happened: the record the ledger (台账) keeps.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    # An activity an interest group holds (its page lists them against its budget).
    interest_group = models.ForeignKey(
        "activities.InterestGroup",
        verbose_name=_("interest group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    # Part of the check-in QR code's signed token: drawing a new key voids printed codes.
    checkin_key = models.CharField(_("check-in key"), max_length=16, default="", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TenantManager()

    audit_secret_fields = frozenset({"checkin_key"})
    audit_ignore_fields = frozenset({"created_at", "updated_at"})

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["org", "starts_at"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.title

    def prepare_for_save(self) -> None:
        if not self.checkin_key:
            self.checkin_key = secrets.token_hex(8)

    def save(self, *args, **kwargs):
        self.prepare_for_save()
        super().save(*args, **kwargs)

    # -- derived state ---------------------------------------------------------
    @property
    def signup_deadline(self) -> dt.datetime:
        """Sign-ups and cancellations end here: the window's close, or the start."""
        return self.signup_closes_at or self.starts_at

    def signup_is_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.status not in SIGNUP_STATES:
            return False
        if self.signup_opens_at and now < self.signup_opens_at:
            return False
        return now < self.signup_deadline

    @property
    def effective_status(self) -> str:
        """What the pages show: a published activity whose window has opened reads
        "sign-up open" without anyone pressing a button (the dates drive it)."""
        if self.status == Status.PUBLISHED and self.signup_is_open():
            return Status.SIGNUP_OPEN
        return self.status

    def get_effective_status_display(self) -> str:
        return Status(self.effective_status).label

    @property
    def is_held(self) -> bool:
        return self.status in HELD

    @property
    def year(self) -> int:
        return timezone.localtime(self.starts_at).year

    @property
    def budget_left(self) -> Decimal | None:
        if self.budget is None or self.actual_cost is None:
            return None
        return self.budget - self.actual_cost


class SignupState(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    REMOVED = "removed", _("Removed by the organiser")


class Source(models.TextChoices):
    SELF = "self", _("By the member")
    CADRE = "cadre", _("By a cadre")
    WALK_IN = "walk_in", _("At the door")


class CheckinMethod(models.TextChoices):
    QR = "qr", _("QR code")
    SHEET = "sheet", _("Sign-in sheet")


class Signup(TenantModel):
    """One member's place (or waiting-list position) at one activity.

    One row per (activity, member) forever: cancelling and signing up again reuses it
    with a new `seq`, so "no one twice" is a database constraint, not a check.
    """

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="signups"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("state"), max_length=12, choices=SignupState.choices)
    # Order of arrival within the activity (taken under the activity's row lock): the
    # waiting list is promoted in this order.
    seq = models.PositiveIntegerField(_("order"))
    family_count = models.PositiveSmallIntegerField(_("family members"), default=0)
    family_names = models.CharField(_("names of family members"), max_length=200, blank=True)
    source = models.CharField(_("signed up"), max_length=8, choices=Source.choices)
    signed_up_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    signed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed up by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checkin_method = models.CharField(
        _("checked in by"), max_length=8, choices=CheckinMethod.choices, blank=True
    )
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("check-in recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TenantManager()
    # The organiser's cadres see all sign-ups of their activities; a member (or group
    # leader) sees those of the members of their own subtree, whoever organised.
    scope_org_field = ("activity__org", "member__org")

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["activity", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="activities_signup_once"),
            models.UniqueConstraint(fields=["activity", "seq"], name="activities_signup_seq"),
        ]
        indexes = [
            models.Index(fields=["activity", "state", "seq"]),
            models.Index(fields=["member", "checked_in_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}·{self.member_id}"

    def audit_org(self):
        return self.activity.org

    @property
    def places(self) -> int:
        """Places this sign-up takes: the member, and their family when they count."""
        return 1 + (self.family_count if self.activity.family_counts else 0)

    @property
    def attended(self) -> bool:
        return self.checked_in_at is not None


PHOTO_TYPES = {"jpg", "jpeg", "png", "webp"}
ATTACHMENT_TYPES = PHOTO_TYPES | {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt"}


def _file_path(instance, filename: str) -> str:
    # Namespaced by organiser; the stored name is a random token, never the user's name.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"activities/{instance.activity.org_id}/{instance.activity_id}/{instance.token}.{ext}"


class ActivityFile(TenantModel):
    """A photo of the activity or an attachment (programme, notice, receipt scan).

    Stored in the default storage under a random name and served only through a view
    that checks the viewer's scope: MEDIA_URL is not exposed for these files.
    """

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="files"
    )
    is_photo = models.BooleanField(_("photo"), default=False)
    token = models.CharField(_("download token"), max_length=32, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=_file_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
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
    scope_org_field = "activity__org"

    class Meta:
        verbose_name = _("activity file")
        verbose_name_plural = _("activity files")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def audit_org(self):
        return self.activity.org

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_hex(16)
        super().save(*args, **kwargs)


# -- interest groups (兴趣小组) ----------------------------------------------------------------


class InterestGroup(TenantModel):
    """A hobby group of a union (书法, 合唱, 羽毛球...): its members, its leader (an
    ordinary member), its yearly plan and budget, and the activities it organises."""

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="interest_groups",
    )
    name = models.CharField(_("name"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    leader = models.ForeignKey(
        "members.Member",
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()
    audit_ignore_fields = frozenset({"created_at"})

    class Meta:
        verbose_name = _("interest group")
        verbose_name_plural = _("interest groups")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "name"], name="activities_group_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class GroupMembership(TenantModel):
    group = models.ForeignKey(
        InterestGroup,
        verbose_name=_("interest group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)

    objects = TenantManager()
    scope_org_field = "group__org"

    class Meta:
        verbose_name = _("interest group membership")
        verbose_name_plural = _("interest group memberships")
        ordering = ["group", "joined_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="activities_group_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.group_id}·{self.member_id}"

    def audit_org(self):
        return self.group.org


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class GroupPlan(TenantModel):
    """An interest group's plan for one year and the budget it asks the committee for."""

    group = models.ForeignKey(
        InterestGroup,
        verbose_name=_("interest group"),
        on_delete=models.CASCADE,
        related_name="plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.TextField(_("plan"))
    budget = models.DecimalField(_("budget requested (yuan)"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    reason = models.TextField(_("reason"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TenantManager()
    scope_org_field = "group__org"

    class Meta:
        verbose_name = _("interest group plan")
        verbose_name_plural = _("interest group plans")
        ordering = ["group", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["group", "year"], name="activities_group_plan_once")
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.year}"

    def audit_org(self):
        return self.group.org


# -- contests (比赛) ----------------------------------------------------------------------------


class ContestMode(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    TEAM = "team", _("Team")


class Contest(TenantModel):
    """The scoring of a contest activity: entrants, judges, their scores, the ranking."""

    activity = models.OneToOneField(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="contest"
    )
    mode = models.CharField(
        _("entrants"), max_length=12, choices=ContestMode.choices, default=ContestMode.INDIVIDUAL
    )
    score_min = models.DecimalField(
        _("lowest score"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    score_max = models.DecimalField(
        _("highest score"), max_digits=5, decimal_places=2, default=Decimal("10")
    )
    result_published = models.BooleanField(_("results published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = TenantManager()
    scope_org_field = "activity__org"

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["-id"]

    def __str__(self) -> str:
        return str(self.activity)

    def audit_org(self):
        return self.activity.org


class Entrant(TenantModel):
    """A member (individual contest) or a team with its members."""

    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="entrants"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    team_name = models.CharField(_("team"), max_length=80, blank=True)
    team_members = models.ManyToManyField(
        "members.Member", verbose_name=_("team members"), blank=True, related_name="+"
    )

    objects = TenantManager()
    scope_org_field = "contest__activity__org"

    class Meta:
        verbose_name = _("entrant")
        verbose_name_plural = _("entrants")
        ordering = ["contest", "id"]

    def __str__(self) -> str:
        return self.team_name or (self.member.name if self.member_id else "?")

    def audit_org(self):
        return self.contest.activity.org


class Judge(TenantModel):
    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="judges"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=60)

    objects = TenantManager()
    scope_org_field = "contest__activity__org"

    class Meta:
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        ordering = ["contest", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "user"], name="activities_judge_once")
        ]

    def __str__(self) -> str:
        return self.name

    def audit_org(self):
        return self.contest.activity.org


class Score(TenantModel):
    """One judge's score for one entrant; editable until the results are published,
    every change audited (a contest's scores are public once published, not secret)."""

    judge = models.ForeignKey(
        Judge, verbose_name=_("judge"), on_delete=models.CASCADE, related_name="scores"
    )
    entrant = models.ForeignKey(
        Entrant, verbose_name=_("entrant"), on_delete=models.CASCADE, related_name="scores"
    )
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TenantManager()
    scope_org_field = "entrant__contest__activity__org"
    audit_ignore_fields = frozenset({"updated_at"})

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["entrant", "judge"]
        constraints = [
            models.UniqueConstraint(fields=["judge", "entrant"], name="activities_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.judge_id}·{self.entrant_id}: {self.value}"

    def audit_org(self):
        return self.entrant.contest.activity.org
