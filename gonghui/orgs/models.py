"""The organisation tree: 上级工会 → 基层工会 / 联合基层工会 → 分会 → 工会小组, and committees."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import AuditedModel, TenantManager


class OrgKind(models.TextChoices):
    UPPER = "upper", _("Upper union")  # 总工会/上级工会
    GRASSROOTS = "grassroots", _("Grassroots union")  # 基层工会
    JOINT = "joint", _("Joint grassroots union")  # 联合基层工会
    BRANCH = "branch", _("Branch union")  # 分会
    GROUP = "group", _("Union group")  # 工会小组


# Which kinds may sit directly under which. An upper union may nest (省 → 市 → 区总工会).
ALLOWED_PARENTS: dict[str, set[str | None]] = {
    OrgKind.UPPER: {None, OrgKind.UPPER},
    OrgKind.GRASSROOTS: {OrgKind.UPPER},
    OrgKind.JOINT: {OrgKind.UPPER},
    OrgKind.BRANCH: {OrgKind.GRASSROOTS, OrgKind.JOINT},
    OrgKind.GROUP: {OrgKind.GRASSROOTS, OrgKind.JOINT, OrgKind.BRANCH},
}
UNION_KINDS = {OrgKind.GRASSROOTS, OrgKind.JOINT}


class UnitType(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")  # 企业
    SCHOOL = "school", _("School")  # 学校
    HOSPITAL = "hospital", _("Hospital")  # 医院
    ORGAN = "organ", _("Government organ")  # 机关
    COMMUNITY = "community", _("Street or community")  # 街道社区
    OTHER = "other", _("Other")  # 其他


code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$",
    _("A code has letters, digits, '-' or '_' only (at most 32)."),
)


class Organisation(AuditedModel):
    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    unit_name = models.CharField(_("unit name"), max_length=150, blank=True)
    unit_type = models.CharField(
        _("unit type"), max_length=12, choices=UnitType.choices, default=UnitType.OTHER
    )
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    region = models.CharField(
        _("region"),
        max_length=30,
        blank=True,
        help_text=_("Province or city whose rules (caps, congress sizes) apply."),
    )
    require_2fa = models.BooleanField(
        _("require two-factor login for sensitive data"),
        default=False,
        help_text=_(
            "Cadres whose role can see ID numbers must confirm a one-time code to work here."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Materialised path of primary keys ("/1/5/12/"), maintained by save(); the scope of
    # a node is every row whose path starts with its own.
    path = models.CharField(
        _("tree path"), max_length=255, db_index=True, editable=False, default=""
    )
    depth = models.PositiveSmallIntegerField(_("depth in the tree"), default=0, editable=False)

    objects = TenantManager()
    scope_org_field = ""

    audit_ignore_fields = frozenset({"path", "depth"})

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def audit_org(self):
        return self

    def clean(self):
        super().clean()
        parent_kind = self.parent.kind if self.parent_id else None
        if self.kind and parent_kind not in ALLOWED_PARENTS.get(self.kind, set()):
            raise ValidationError(
                {
                    "parent": _("A %(kind)s cannot be placed under %(parent)s.")
                    % {
                        "kind": self.get_kind_display(),
                        "parent": self.parent.get_kind_display()
                        if self.parent_id
                        else _("nothing"),
                    }
                }
            )
        if self.pk and self.parent_id and f"/{self.pk}/" in (self.parent.path or ""):
            raise ValidationError({"parent": _("An organisation cannot be placed under itself.")})

    def save(self, *args, **kwargs):
        old_path = self.path
        with transaction.atomic():
            if self.pk is None:
                super().save(*args, **kwargs)  # the path is built from the primary key
                args, kwargs = (), {}
            self.path = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
            self.depth = self.path.count("/") - 2
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                self._move_descendants(old_path)

    def _move_descendants(self, old_path: str) -> None:
        for child in Organisation._base_manager.filter(path__startswith=old_path).exclude(
            pk=self.pk
        ):
            child.path = self.path + child.path[len(old_path) :]
            child.depth = child.path.count("/") - 2
            Organisation._base_manager.filter(pk=child.pk).update(
                path=child.path, depth=child.depth
            )

    # -- tree helpers ----------------------------------------------------
    @property
    def is_union(self) -> bool:
        return self.kind in UNION_KINDS

    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p][:-1]

    def ancestors(self) -> list[Organisation]:
        """From the root down to the parent. Ancestors are outside a scope, so read them raw."""
        ids = self.ancestor_ids()
        by_id = {o.pk: o for o in Organisation._base_manager.filter(pk__in=ids)}
        return [by_id[i] for i in ids if i in by_id]

    def rules_region(self) -> str:
        """The region whose local rules apply here (welfare caps, congress and openness
        rules): the organisation's own, else its nearest ancestor's; "" for none."""
        if self.region:
            return self.region
        for node in reversed(self.ancestors()):
            if node.region:
                return node.region
        return ""

    def is_descendant_of(self, other: Organisation) -> bool:
        return self.path.startswith(other.path)

    def union(self) -> Organisation | None:
        """The grassroots union this node belongs to (itself when it is one)."""
        if self.is_union:
            return self
        for node in reversed(self.ancestors()):
            if node.is_union:
                return node
        return None


class CommitteeTerm(AuditedModel):
    """One term (届) of a grassroots union's committee (委员会) and its audit committee."""

    org = models.ForeignKey(
        Organisation, verbose_name=_("union"), on_delete=models.PROTECT, related_name="terms"
    )
    number = models.PositiveSmallIntegerField(_("term number"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    note = models.TextField(_("note"), blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("committee term")
        verbose_name_plural = _("committee terms")
        ordering = ["org", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["org", "number"], name="uniq_term_number_per_org")
        ]

    def __str__(self) -> str:
        return _("%(org)s, term %(number)s") % {"org": self.org.name, "number": self.number}

    def clean(self):
        super().clean()
        if self.org_id and not self.org.is_union:
            raise ValidationError({"org": _("Only a grassroots union elects a committee.")})
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("The term must end after it starts.")})
        # 工会法 Art.16: a committee term is three or five years; allow some slack for
        # elections held a few months late, but catch typing mistakes.
        if self.start_date and self.end_date and (self.end_date - self.start_date).days > 6 * 366:
            raise ValidationError({"end_date": _("A term lasts three or five years.")})


class Position(models.TextChoices):
    CHAIR = "chair", _("Chair")  # 主席
    VICE_CHAIR = "vice_chair", _("Vice chair")  # 副主席
    MEMBER = "member", _("Committee member")  # 委员
    AUDIT_CHAIR = "audit_chair", _("Head of the funds audit committee")  # 经审会主任
    AUDIT_MEMBER = "audit_member", _("Funds audit committee member")  # 经审会委员
    ACCOUNTANT = "accountant", _("Accountant")  # 会计
    CASHIER = "cashier", _("Cashier")  # 出纳


class Portfolio(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")  # 组织
    PROPAGANDA = "propaganda", _("Publicity")  # 宣传
    CULTURE = "culture", _("Culture and sports")  # 文体
    WELFARE = "welfare", _("Livelihood and welfare")  # 生活福利
    PROTECTION = "protection", _("Labour protection")  # 劳动保护
    WOMEN = "women", _("Women workers")  # 女职工


AUDIT_POSITIONS = {Position.AUDIT_CHAIR, Position.AUDIT_MEMBER}
# domain.md §4 [B]: the chair, vice-chairs, finance head and anyone handling money may
# not sit on the funds audit committee (经审会) of the same term.
INCOMPATIBLE_WITH_AUDIT = {
    Position.CHAIR,
    Position.VICE_CHAIR,
    Position.ACCOUNTANT,
    Position.CASHIER,
}


class CommitteeSeat(AuditedModel):
    term = models.ForeignKey(
        CommitteeTerm, verbose_name=_("term"), on_delete=models.PROTECT, related_name="seats"
    )
    person_name = models.CharField(_("name"), max_length=50)
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    position = models.CharField(_("position"), max_length=16, choices=Position.choices)
    portfolio = models.CharField(
        _("portfolio"), max_length=16, choices=Portfolio.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TenantManager()
    scope_org_field = "term__org"

    class Meta:
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        ordering = ["term", "order", "id"]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.get_position_display()})"

    def audit_org(self):
        return self.term.org

    def clean(self):
        super().clean()
        if (
            self.portfolio
            and self.position != Position.MEMBER
            and self.position != Position.VICE_CHAIR
        ):
            raise ValidationError({"portfolio": _("Only committee members hold a portfolio.")})
        if not self.term_id or not self.person_name:
            return
        others = CommitteeSeat._base_manager.filter(
            term_id=self.term_id, person_name=self.person_name.strip()
        ).exclude(pk=self.pk)
        held = set(others.values_list("position", flat=True))
        if self.position in AUDIT_POSITIONS and held & INCOMPATIBLE_WITH_AUDIT:
            raise ValidationError(
                {
                    "position": _(
                        "The chair, vice chairs and those who handle money cannot sit on the funds audit committee."
                    )
                }
            )
        if self.position in INCOMPATIBLE_WITH_AUDIT and held & AUDIT_POSITIONS:
            raise ValidationError(
                {
                    "position": _(
                        "A member of the funds audit committee cannot also hold this position."
                    )
                }
            )
        if self.position == Position.CHAIR and (
            CommitteeSeat._base_manager.filter(term_id=self.term_id, position=Position.CHAIR)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"position": _("This term already has a chair.")})
