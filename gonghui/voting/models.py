"""Ballots (票决) and democratic evaluations (民主评议/测评).

Secrecy by construction: what a person voted and who they are never share a row.

- `Participation` records THAT a user voted in a ballot, exactly once (unique per ballot and
  user), with the day only. Its rows are created when the electorate is set (sorted by user
  id), before anyone votes, so neither their ids nor their order say anything about when
  someone voted; voting only fills in `voted_on`.
- `BallotPaper` records WHAT was voted: the choices and a hash of the voter's receipt code.
  No user, no timestamp, and a random UUID primary key, so nothing in it can be joined to
  a person or to the order of voting.

Both are plain models with a scoped manager, not AuditedModel/TenantModel: an audited save
would log the field values with the acting user, i.e. the voter next to the choices. The
ballot itself (a cadre's work) is audited as usual, and no per-vote audit entry is written
(an entry carries a precise time; `voted_on` is deliberately only a day).

Sealed while open (docs/ballot-secrecy.md): whatever the vote's transaction writes shares
its PostgreSQL transaction id (xmin) and insertion order with the voter's participation
update, and a `pg_dump` taken while the ballot is open (the daily backup) would show both.
So the vote's transaction writes no paper: it writes a `SealedPaper`, the choices and the
receipt hash encrypted with a key derived from SECRET_KEY (never in the database), padded
to one length per ballot, under a random id. `ballot_close` opens all of them and writes
the `BallotPaper` rows in a random order in its own transaction, with fresh random ids, and
deletes the sealed ones: the papers' xmin is the close's, their physical order (ctid, or
SQLite's rowid) is random, and a sealed vote seen in an earlier dump cannot be matched to
its paper without the key. Every read orders papers by their random id. Outside this
guarantee: whoever holds SECRET_KEY together with a copy of the database taken while the
ballot was open, and an operator of the live server (who could watch votes arrive).

Evaluations use the same split and sealing: `EvaluationParticipation` (who answered),
`SealedResponse` (answers sealed while open) and `EvaluationResponse` (the answers,
anonymous, written at the close).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import TenantModel
from gonghui.core.scoping import ScopedManager

from .rules import RULE_CHOICES


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for voting")
    CLOSED = "closed", _("Closed, being counted")
    PUBLISHED = "published", _("Results published")


class Mode(models.TextChoices):
    ONLINE = "online", _("Online, on each voter's phone")
    PAPER = "paper", _("Paper ballots counted into the system")
    # A meeting where some vote on their phones and the rest (no login, or by choice) on
    # paper: each person once, the paper counts added to the phones' papers.
    MIXED = "mixed", _("Phones and paper ballots together")


# The modes in which people vote on their phones.
PHONE_MODES = (Mode.ONLINE, Mode.MIXED)


class ItemKind(models.TextChoices):
    MOTION = "motion", _("Motion")
    CANDIDATE = "candidate", _("Candidate")


class Choice(models.TextChoices):
    YES = "yes", _("For")
    NO = "no", _("Against")
    ABSTAIN = "abstain", _("Abstain")


CHOICES = tuple(Choice.values)


class Ballot(TenantModel):
    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    rule = models.CharField(_("rule"), max_length=30, choices=RULE_CHOICES, default="congress")
    secret = models.BooleanField(_("secret ballot"), default=True)
    mode = models.CharField(
        _("voting by"), max_length=10, choices=Mode.choices, default=Mode.ONLINE
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    total_electorate = models.PositiveIntegerField(
        _("all representatives"),
        help_text=_(
            "Everyone who should attend (all representatives or members), the base of the majority."
        ),
    )
    # Made for a congress session: the representatives signed in there, whether or not they
    # have a login (the base of the quorum and of "more than half of those present").
    present = models.PositiveIntegerField(
        _("representatives present"),
        null=True,
        blank=True,
        help_text=_("Signed in at the session the ballot is held in."),
    )
    seats = models.PositiveIntegerField(
        _("seats"),
        default=0,
        help_text=_("For a list of candidates: how many are elected (0: no limit)."),
    )
    source_kind = models.CharField(_("made for"), max_length=60, blank=True)  # "democracy.session"
    source_id = models.CharField(_("source record"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("voting opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("voting closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Key of the receipt hashes (HMAC); never shown, never logged.
    salt = models.CharField(_("receipt key"), max_length=64, editable=False)
    # Paper ballots (mode "paper"): what the counting committee reports.
    ballots_issued = models.PositiveIntegerField(_("ballots issued"), null=True, blank=True)
    ballots_returned = models.PositiveIntegerField(_("ballots returned"), null=True, blank=True)
    invalid_papers = models.PositiveIntegerField(_("invalid ballots"), null=True, blank=True)

    audit_secret_fields = frozenset({"salt"})

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == State.OPEN

    @property
    def is_counted(self) -> bool:
        return self.state in (State.CLOSED, State.PUBLISHED)

    @property
    def has_candidates(self) -> bool:
        return any(i.kind == ItemKind.CANDIDATE for i in self.items.all())


class BallotItem(TenantModel):
    scope_org_field = "ballot__org"

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ItemKind.choices, default=ItemKind.MOTION
    )
    text = models.CharField(_("item"), max_length=300)
    # Paper ballots: counts per item as entered by the counting committee (aggregates only).
    paper_yes = models.PositiveIntegerField(_("paper ballots for"), default=0)
    paper_no = models.PositiveIntegerField(_("paper ballots against"), default=0)
    paper_abstain = models.PositiveIntegerField(_("paper ballots abstaining"), default=0)

    class Meta:
        verbose_name = _("ballot item")
        verbose_name_plural = _("ballot items")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text

    def audit_org(self):
        return self.ballot.org


class Participation(models.Model):
    """The electorate of a ballot and who has voted (never what). Not audited: see above."""

    scope_org_field = "ballot__org"

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="participations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    voted_on = models.DateField(_("voted on"), null=True, blank=True)
    # Handed a paper ballot in a mixed ballot: counted in the papers, never on the phone.
    on_paper = models.BooleanField(_("votes on paper"), default=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("ballot participation")
        verbose_name_plural = _("ballot participations")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "user"], name="voting_one_vote_per_ballot")
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}/{self.user_id}"


class BallotPaper(models.Model):
    """One vote's choices: no user, no time, random id. Not audited: see above."""

    scope_org_field = "ballot__org"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="papers"
    )
    receipt_hash = models.CharField(_("receipt digest"), max_length=64)
    # {"<item id>": "yes" | "no" | "abstain"}
    choices = models.JSONField(_("choices made"), default=dict)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("ballot paper")
        verbose_name_plural = _("ballot papers")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "receipt_hash"], name="voting_unique_receipt")
        ]

    def __str__(self) -> str:
        return self.fingerprint

    @property
    def fingerprint(self) -> str:
        return self.receipt_hash[:12]


class SealedPaper(models.Model):
    """A vote cast while its ballot is open: choices and receipt hash, encrypted (sealing.py).

    Written in the vote's transaction, so it shares that transaction's id with the voter's
    participation: its content must be unreadable without SECRET_KEY, and all its rows of a
    ballot have the same length. Opened and deleted by the close. Not audited: see above."""

    scope_org_field = "ballot__org"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="+"
    )
    sealed = models.BinaryField(_("sealed content"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("sealed ballot paper")
        verbose_name_plural = _("sealed ballot papers")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.id)[:8]


# -- democratic evaluation ------------------------------------------------------------------


class Scale(models.TextChoices):
    GRADES = "grades", _("Grades: excellent / competent / basically competent / incompetent")
    SCORES = "scores", _("Scores from 1 to 10")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    COMPETENT = "competent", _("Competent")
    BASIC = "basic", _("Basically competent")
    INCOMPETENT = "incompetent", _("Incompetent")


GRADES = tuple(Grade.values)
SCORES = tuple(range(1, 11))


class EvaluationForm(TenantModel):
    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    scale = models.CharField(_("scale"), max_length=10, choices=Scale.choices, default=Scale.GRADES)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    source_kind = models.CharField(_("made for"), max_length=60, blank=True)
    source_id = models.CharField(_("source record"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("answering opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("answering closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == State.OPEN


class EvaluationSubject(TenantModel):
    """A leader being evaluated."""

    scope_org_field = "form__org"

    form = models.ForeignKey(
        EvaluationForm,
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="subjects",
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=60)
    title = models.CharField(_("position"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("evaluation subject")
        verbose_name_plural = _("evaluation subjects")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）" if self.title else self.name

    def audit_org(self):
        return self.form.org


class EvaluationItem(TenantModel):
    """An aspect rated for every leader (德/能/勤/绩/廉, or "overall")."""

    scope_org_field = "form__org"

    form = models.ForeignKey(
        EvaluationForm, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    text = models.CharField(_("item"), max_length=100)

    class Meta:
        verbose_name = _("evaluation item")
        verbose_name_plural = _("evaluation items")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text

    def audit_org(self):
        return self.form.org


class EvaluationParticipation(models.Model):
    """Who may answer an evaluation and whether they have (never what). Not audited."""

    scope_org_field = "form__org"

    form = models.ForeignKey(
        EvaluationForm,
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    responded_on = models.DateField(_("responded on"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("evaluation participation")
        verbose_name_plural = _("evaluation participations")
        constraints = [
            models.UniqueConstraint(fields=["form", "user"], name="voting_one_response_per_form")
        ]

    def __str__(self) -> str:
        return f"{self.form_id}/{self.user_id}"


class EvaluationResponse(models.Model):
    """One anonymous answer sheet: no user, no time, random id. Not audited."""

    scope_org_field = "form__org"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    form = models.ForeignKey(
        EvaluationForm,
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    # {"<subject id>": {"<item id>": "excellent" | ... | 1..10}}
    answers = models.JSONField(_("answers"), default=dict)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("evaluation answer sheet")
        verbose_name_plural = _("evaluation answer sheets")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.id)[:8]


class SealedResponse(models.Model):
    """An answer sheet given while its evaluation is open, encrypted like `SealedPaper`."""

    scope_org_field = "form__org"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    form = models.ForeignKey(
        EvaluationForm, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="+"
    )
    sealed = models.BinaryField(_("sealed content"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("sealed answer sheet")
        verbose_name_plural = _("sealed answer sheets")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.id)[:8]
