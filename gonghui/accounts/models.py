"""Users and the roles they hold in organisations."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import AuditedModel, TenantManager

from .permissions import ROLE_CHOICES, ROLES

mobile_validator = RegexValidator(r"^1[3-9]\d{9}$", _("Enter an 11-digit mainland mobile number."))


class GonghuiUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(**{self.model.USERNAME_FIELD: username})


class User(AuditedModel, AbstractUser):
    """A login. Users are platform-wide (one person, roles in several organisations)."""

    mobile = models.CharField(
        _("mobile number"),
        max_length=11,
        unique=True,
        null=True,
        blank=True,
        validators=[mobile_validator],
    )
    display_name = models.CharField(_("name"), max_length=50, blank=True)
    must_change_password = models.BooleanField(_("must change password"), default=False)

    objects = GonghuiUserManager()

    audit_secret_fields = frozenset({"password"})
    audit_ignore_fields = frozenset({"last_login"})

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def audit_org(self):
        return None

    def save(self, *args, **kwargs):
        if self.mobile == "":
            self.mobile = None
        super().save(*args, **kwargs)


class RoleAssignment(AuditedModel):
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="roles"
    )
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=ROLE_CHOICES)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["org__path", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "org", "role"], name="uniq_role_per_user_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.org}"

    @property
    def role_def(self):
        return ROLES[self.role]
