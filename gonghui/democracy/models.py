"""Workers' congresses (职代会/教代会/职工大会), their sessions, proposals (提案) and the
collective contracts they approve (issue #7 points 1, 2 and 6).

Every model is a TenantModel: scoped to the union that holds the congress, audited per
row. None of them holds a secret: votes are cast in the voting app's ballots (which keep
who-voted-what out of the log); a resolution here only stores the ballot's id or the
counts of a show of hands.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.models import StoredFile, TenantManager, TenantModel

CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五 (届 and 次 are written in Chinese numerals)."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


class CongressKind(models.TextChoices):
    CONGRESS = "congress", _("Workers' congress (职代会)")
    TEACHERS = "teachers", _("Teachers' congress (教代会)")
    ASSEMBLY = "assembly", _("All-staff assembly (职工大会)")


KIND_NAMES = {"congress": "职工代表大会", "teachers": "教职工代表大会", "assembly": "职工大会"}


class Congress(TenantModel):
    """One term (届) of a unit's congress, with its representatives."""

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="congresses",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CongressKind.choices)
    term_number = models.PositiveSmallIntegerField(_("term number (届)"))
    start_date = models.DateField(_("term starts"))
    end_date = models.DateField(_("term ends"))
    # The workforce the composition rules are measured against. Organisations carry no
    # staff count, so when these are empty the members on the roll stand in for it.
    staff_count = models.PositiveIntegerField(
        _("staff count"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the members on the roll."),
    )
    women_staff_count = models.PositiveIntegerField(
        _("women among the staff"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the women members on the roll."),
    )
    front_line_required = models.BooleanField(
        _("front-line workers must be at least half"),
        default=False,
        help_text=_("Only where a local rule requires it."),
    )
    min_cosigners = models.PositiveSmallIntegerField(_("co-signers a proposal needs"), default=2)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        ordering = ["org", "-term_number"]
        constraints = [
            models.UniqueConstraint(fields=["org", "term_number"], name="uniq_congress_term")
        ]

    def __str__(self) -> str:
        return f"第{chinese_number(self.term_number)}届{KIND_NAMES.get(self.kind, '')}"

    @property
    def is_assembly(self) -> bool:
        return self.kind == CongressKind.ASSEMBLY

    def is_current(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.start_date <= day <= self.end_date


class Delegation(TenantModel):
    """A delegation (代表团) or group (代表组) of representatives."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("congress"), on_delete=models.CASCADE, related_name="delegations"
    )
    name = models.CharField(_("name"), max_length=50)
    leader = models.CharField(_("leader"), max_length=50, blank=True)

    objects = TenantManager()
    scope_org_field = "congress__org"

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["congress", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "name"], name="uniq_delegation_name")
        ]

    def __str__(self) -> str:
        return self.name

    def audit_org(self):
        return self.congress.org


class ManagerLevel(models.TextChoices):
    NONE = "", _("Not a manager")
    MIDDLE = "middle", _("Middle manager (中层)")
    SENIOR = "senior", _("Senior manager (高层)")


class Representative(TenantModel):
    """A member elected as representative for one term. Women are counted from the
    member's sex on the roster, never typed twice."""

    congress = models.ForeignKey(
        Congress,
        verbose_name=_("congress"),
        on_delete=models.CASCADE,
        related_name="representatives",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="representative_terms",
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="representatives",
    )
    manager_level = models.CharField(
        _("manager level"), max_length=8, choices=ManagerLevel.choices, blank=True, default=""
    )
    front_line = models.BooleanField(_("front-line worker"), default=False)
    teacher = models.BooleanField(_("teacher"), default=False)
    elected_on = models.DateField(_("elected on"), null=True, blank=True)
    # A representative who leaves during the term (moved, retired, recalled) stays on
    # record; only current ones count for the quorum and the checks.
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=100, blank=True)

    objects = TenantManager()
    scope_org_field = "congress__org"

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["congress", "delegation__name", "member__name_pinyin", "id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "member"], name="uniq_representative")
        ]

    def __str__(self) -> str:
        return self.member.name

    def audit_org(self):
        return self.congress.org

    @property
    def is_woman(self) -> bool:
        return self.member.sex == "female"

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class SessionStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("session status", "Planned")
    OPEN = "open", _("In session")
    CLOSED = "closed", pgettext_lazy("session status", "Closed")


class Session(TenantModel):
    """One meeting (次) of a congress term: 五届二次会议."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("congress"), on_delete=models.PROTECT, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(_("session number (次)"))
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    # Part of the sign-in QR code: a new key makes every printed code invalid.
    signin_key = models.CharField(_("sign-in key"), max_length=32, editable=False, default="")
    note = models.TextField(_("note"), blank=True)

    objects = TenantManager()
    scope_org_field = "congress__org"
    audit_secret_fields = frozenset({"signin_key"})

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["congress", "number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="uniq_session_number")
        ]

    def __str__(self) -> str:
        return f"{chinese_number(self.congress.term_number)}届{chinese_number(self.number)}次会议"

    def audit_org(self):
        return self.congress.org

    def save(self, *args, **kwargs):
        if not self.signin_key:
            self.signin_key = secrets.token_hex(8)
        super().save(*args, **kwargs)


class AgendaItem(TenantModel):
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="agenda"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("item"), max_length=200)
    presenter = models.CharField(_("presented by"), max_length=50, blank=True)

    objects = TenantManager()
    scope_org_field = "session__congress__org"

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "position", "id"]

    def __str__(self) -> str:
        return self.title

    def audit_org(self):
        return self.session.congress.org


DOCUMENT_TYPES = {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "jpg", "jpeg", "png"}
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024


def _document_path(instance, filename: str) -> str:
    # The stored name is a random token, never the uploader's file name.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return (
        f"democracy/{instance.session.congress.org_id}/{instance.session_id}/{instance.token}.{ext}"
    )


class SessionDocument(StoredFile):
    """A paper of the session (report, draft contract...), served only through a view
    that checks the viewer (MEDIA_URL is not exposed)."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(_("file"), upload_to=_document_path, max_length=300)

    objects = TenantManager()
    scope_org_field = "session__congress__org"

    class Meta:
        verbose_name = _("session document")
        verbose_name_plural = _("session documents")
        ordering = ["session", "id"]

    def audit_org(self):
        return self.session.congress.org

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_hex(16)
        super().save(*args, **kwargs)


class SigninMethod(models.TextChoices):
    QR = "qr", _("QR code")
    LIST = "list", _("Sign-in list")


class Attendance(TenantModel):
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance"
    )
    representative = models.ForeignKey(
        Representative,
        verbose_name=_("representative"),
        on_delete=models.PROTECT,
        related_name="attendance",
    )
    signed_at = models.DateTimeField(_("signed in at"), default=timezone.now)
    method = models.CharField(_("method"), max_length=4, choices=SigninMethod.choices)

    objects = TenantManager()
    scope_org_field = "session__congress__org"

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "representative"], name="uniq_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.representative} · {self.session}"

    def audit_org(self):
        return self.session.congress.org


class Resolution(TenantModel):
    """A matter the session decided. The result comes from the voting app's ballot when
    one is linked (`ballot_id`), or from counts recorded after a show of hands or a paper
    count; either way it is adopted only with more than half of ALL representatives."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="resolutions"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    # The voting app's Ballot (gonghui.voting): an id, not a foreign key, so that this
    # app does not depend on that app's migrations; always looked up through its scope.
    ballot_id = models.PositiveIntegerField(_("ballot"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("against"), null=True, blank=True)
    abstentions = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    # Frozen when the counts are recorded: the representatives present and in office then.
    present = models.PositiveIntegerField(
        _("representatives present"), null=True, blank=True, editable=False
    )
    total = models.PositiveIntegerField(
        _("representatives in all"), null=True, blank=True, editable=False
    )
    adopted = models.BooleanField(_("adopted"), null=True, blank=True)

    objects = TenantManager()
    scope_org_field = "session__congress__org"

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["session", "id"]

    def __str__(self) -> str:
        return self.title

    def audit_org(self):
        return self.session.congress.org


# -- proposals (提案) ----------------------------------------------------------------------


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft, seeking co-signers")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Registered (立案)")
    OPINION = "opinion", _("Not registered, handled as an opinion")
    ASSIGNED = "assigned", _("Assigned to a department")
    ANSWERED = "answered", pgettext_lazy("proposal status", "Answered")
    IMPLEMENTED = "implemented", _("Implemented")
    RATED = "rated", _("Rated by the proposer")


# The states in which a department still owes an answer.
AWAITING_ANSWER = (ProposalStatus.ACCEPTED, ProposalStatus.ASSIGNED)


class ProposalCategory(models.TextChoices):
    OPERATIONS = "operations", _("Work and operations")
    PAY = "pay", _("Pay and welfare")
    SAFETY = "safety", _("Safety and labour protection")
    TEACHING = "teaching", _("Teaching and research")
    SERVICES = "services", _("Canteen, housing and services")
    DEMOCRACY = "democracy", _("Democratic management")
    OTHER = "other", _("Other")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    PARTLY = "partly", _("Mostly satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


class Proposal(TenantModel):
    congress = models.ForeignKey(
        Congress, verbose_name=_("congress"), on_delete=models.PROTECT, related_name="proposals"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    proposer = models.ForeignKey(
        Representative,
        verbose_name=_("proposer"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("reasons and suggestions"))
    category = models.CharField(
        _("category"), max_length=12, choices=ProposalCategory.choices, default="other"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_reason = models.TextField(_("review opinion"), blank=True)
    department = models.CharField(_("responsible department"), max_length=100, blank=True)
    deadline = models.DateField(_("answer due by"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    implementation = models.TextField(_("implementation"), blank=True)
    implemented_at = models.DateTimeField(_("implemented at"), null=True, blank=True)
    satisfaction = models.CharField(
        _("proposer's satisfaction"), max_length=12, choices=Satisfaction.choices, blank=True
    )
    satisfaction_note = models.TextField(_("proposer's comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # A draft is the proposer's alone, unless they ask the union committee for help with it.
    help_requested = models.BooleanField(
        _("the proposer asks the committee for help"), default=False
    )
    # Handed in on paper and entered by the committee for the proposer.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered from paper by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TenantManager()
    scope_org_field = "congress__org"

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["congress", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "number"],
                condition=models.Q(number__isnull=False),
                name="uniq_proposal_number",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def audit_org(self):
        return self.congress.org

    @property
    def code(self) -> str:
        return f"第{self.number}号" if self.number else ""

    def is_overdue(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.status in AWAITING_ANSWER and self.deadline is not None and self.deadline < day


class Cosign(TenantModel):
    """A representative's co-signature (附议) of a proposal."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="cosigns"
    )
    representative = models.ForeignKey(
        Representative,
        verbose_name=_("representative"),
        on_delete=models.PROTECT,
        related_name="cosigns",
    )
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    objects = TenantManager()
    scope_org_field = "proposal__congress__org"

    class Meta:
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")
        ordering = ["proposal", "signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "representative"], name="uniq_cosign")
        ]

    def __str__(self) -> str:
        return f"{self.representative} · {self.proposal}"

    def audit_org(self):
        return self.proposal.congress.org


# -- collective contracts (集体合同) -------------------------------------------------------


class ContractKind(models.TextChoices):
    GENERAL = "general", _("Collective contract (综合)")
    WAGES = "wages", _("Special contract on wages (工资专项)")
    WOMEN = "women", _("Special contract for women workers (女职工专项)")


# Dashboard reminder this many days before a contract ends.
EXPIRY_NOTICE_DAYS = 90


class Contract(TenantModel):
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="collective_contracts",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ContractKind.choices)
    title = models.CharField(_("title"), max_length=200)
    terms = models.TextField(_("terms"))
    employer = models.CharField(_("employer's representative"), max_length=100, blank=True)
    start_date = models.DateField(_("in force from"))
    end_date = models.DateField(_("in force until"))
    # The congress vote that approved it (上海 Art.10: the congress must approve).
    approved_by = models.ForeignKey(
        Resolution,
        verbose_name=_("approved by the resolution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    filed_on = models.DateField(_("filed (备案) on"), null=True, blank=True)
    filed_with = models.CharField(_("filed with"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("collective contract")
        verbose_name_plural = _("collective contracts")
        ordering = ["org", "-start_date", "id"]

    def __str__(self) -> str:
        return self.title

    def days_left(self, day=None) -> int:
        day = day or timezone.localdate()
        return (self.end_date - day).days

    def expiring(self, day=None) -> bool:
        return self.days_left(day) <= EXPIRY_NOTICE_DAYS


def _negotiation_path(instance, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"democracy/{instance.contract.org_id}/contracts/{instance.token}.{ext}"


class Negotiation(TenantModel):
    """One round of collective bargaining (协商): who sat, what was said, the minutes."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="negotiations"
    )
    date = models.DateField(_("date"))
    parties = models.CharField(_("parties present"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    token = models.CharField(_("download token"), max_length=32, unique=True, editable=False)
    file = models.FileField(_("minutes"), upload_to=_negotiation_path, max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)

    objects = TenantManager()
    scope_org_field = "contract__org"
    # The log keeps file_name; an empty FileField cannot be serialised by the audit log
    # (audit.jsonable asks it for its url).
    audit_ignore_fields = frozenset({"file"})

    class Meta:
        verbose_name = _("negotiation")
        verbose_name_plural = _("negotiations")
        ordering = ["contract", "date", "id"]

    def __str__(self) -> str:
        return f"{self.contract} · {self.date}"

    def audit_org(self):
        return self.contract.org

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_hex(16)
        super().save(*args, **kwargs)


class HonouringCheck(TenantModel):
    """The yearly check of how the contract was honoured (履约检查), reported to a session."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="checks"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    checked_on = models.DateField(_("checked on"))
    findings = models.TextField(_("findings"))
    reported_to = models.ForeignKey(
        Session,
        verbose_name=_("reported to the session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contract_checks",
    )

    objects = TenantManager()
    scope_org_field = "contract__org"

    class Meta:
        verbose_name = _("honouring check")
        verbose_name_plural = _("honouring checks")
        ordering = ["contract", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "year"], name="uniq_contract_check_year")
        ]

    def __str__(self) -> str:
        return f"{self.contract} · {self.year}"

    def audit_org(self):
        return self.contract.org
