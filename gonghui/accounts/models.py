"""Users and the roles they hold in organisations."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
        # set_password() leaves the new password in _password until the save; Django's
        # own hash upgrade on log-in clears it first, so that is not counted as a change.
        password_changed = self._password is not None and not self._state.adding
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            super().save(*args, **kwargs)
            if password_changed:
                # Whoever learnt the old password may have made tokens with it: a new
                # password must shut them out too (page, admin, activation, set_password).
                ApiToken.objects.revoke_all(self, note="password changed")


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


def token_digest(key: str) -> str:
    """SHA-256 of a token, as stored.

    A fast hash is enough here, unlike for passwords: a token carries 256 random bits,
    so nobody can try candidates against a stolen digest however cheap each try is; slow
    hashes only protect guessable secrets. It also lets each request find its token by
    one lookup on a unique index instead of verifying candidates one by one.
    """
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenManager(models.Manager):
    def in_force(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def issue(self, user, *, name: str, days: int | None = None) -> tuple[ApiToken, str]:
        """Save a new token of `user`; returns it and its key, which is never stored."""
        token, key = ApiToken.build(user=user, name=name, days=days)
        token.save()
        return token, key

    def revoke_all(self, user, *, note: str) -> int:
        """Revoke every token of `user` still in force; audited when there were any."""
        from gonghui.audit import models as audit

        count = self.in_force().filter(user=user).update(revoked_at=timezone.now())
        if count:
            audit.record(
                "accounts.token.revoked_all", obj=user, changes={"tokens": count}, note=note
            )
        return count


class ApiToken(models.Model):
    """A key for scripts calling the API ("Authorization: Token <key>").

    Only a digest of the key is stored, and a few of its first characters so that its
    owner can tell tokens apart; the key itself is shown once, when it is made.
    """

    PREFIX_LENGTH = 6

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(pgettext_lazy("api token", "name"), max_length=100)
    prefix = models.CharField(_("beginning"), max_length=PREFIX_LENGTH)
    digest = models.CharField(_("token digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Written at most once a minute (see gonghui.api.authentication), not on every call.
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenManager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name}"

    @classmethod
    def build(cls, *, user, name: str, days: int | None = None) -> tuple[ApiToken, str]:
        """An unsaved token and its key (bulk_create many of them for tests and benchmarks)."""
        key = secrets.token_urlsafe(32)
        now = timezone.now()
        days = settings.API_TOKEN_DAYS if days is None else days
        token = cls(
            user=user,
            name=name[:100],
            prefix=key[: cls.PREFIX_LENGTH],
            digest=token_digest(key),
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        return token, key

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired


class FailedLogin(models.Model):
    """One failed password check, by network address (not by account): many accounts
    tried from one address is password spraying, which the per-account lock of axes
    does not see. Rows older than the window are deleted as new ones come in."""

    # An IPv4 address or an IPv6 /64 network (what one customer usually holds).
    address = models.CharField(_("network address"), max_length=50)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        indexes = [models.Index(fields=["address", "at"], name="failedlogin_address_at")]

    def __str__(self) -> str:
        return f"{self.address} {self.at:%Y-%m-%d %H:%M}"
