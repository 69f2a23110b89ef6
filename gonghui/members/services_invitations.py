"""Member logins (services): one-time invitation codes and first-login activation.

A cadre prints a sheet of codes (or QR codes) for the members of a union; each member
opens the activation page on their phone, types their mobile number and the code, and
chooses their own password. The account's username is the mobile number, and it gets
the `member` role at the member's group, which shows exactly their own data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.accounts.models import RoleAssignment, User
from gonghui.audit import models as audit
from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped

from .models import Invitation, Member, Status
from .services import MemberError

# No 0/O, 1/I/L: codes are read off paper.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
VALID_DAYS = 30


def normalise_code(code: str) -> str:
    return "".join(c for c in code.upper() if c in ALPHABET)


def code_hash(code: str) -> str:
    # A keyed hash (not a slow password hash) so the code can be looked up directly;
    # the codes are random and expire, and activation attempts are throttled.
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, normalise_code(code).encode(), hashlib.sha256).hexdigest()


def pretty(code: str) -> str:
    return "-".join(code[i : i + 5] for i in range(0, len(code), 5))


@transaction.atomic
def invitations_create(*, actor, members: list[Member], org) -> list[tuple[Member, str]]:
    """New codes for members without a login; earlier unused codes stop working."""
    issued = []
    now = timezone.now()
    for member in members:
        if member.user_id or member.status not in (Status.ACTIVE, Status.RETAINED):
            continue
        for old in Invitation.objects.filter(member=member, used_at__isnull=True, revoked=False):
            old.revoked = True
            old.save()
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        Invitation(
            member=member,
            org=member.org,
            code_hash=code_hash(code),
            created_by=actor,
            expires_at=now + dt.timedelta(days=VALID_DAYS),
        ).save()
        issued.append((member, pretty(code)))
    return issued


class ActivationError(MemberError):
    pass


class ExistingLoginError(ActivationError):
    """The mobile number already belongs to a login: only its owner may link it.

    Raised before anything is written. The caller asks for that login's own password
    (and second factor) and calls `invitation_accept` again with them.
    """


def _check_existing(
    user: User, *, password: str, otp_token: str, authenticate: Callable[[User, str], bool]
) -> None:
    """Prove that the person activating owns `user`: its password, then its second factor.

    The code and the mobile number prove only that the person holds the member's slip.
    A cadre types the roster's mobile numbers, so they prove nothing about a login that
    has the same number (it may be a chair's, or an upper-union staffer's).
    """
    refused = ExistingLoginError(
        _(
            "This mobile number already has a login. To add your membership to it, enter "
            "that login's current password (and its verification code if it uses two-step "
            "verification). If the login is not yours, ask the union to check your mobile "
            "number."
        )
    )
    if not password or not authenticate(user, password):
        raise refused
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        device = match_token(user, "".join(otp_token.split())) if otp_token else None
        if device is None:
            raise refused


def _password_matches(user: User, password: str) -> bool:
    return user.check_password(password) and user.is_active


def invitation_accept(
    *,
    code: str,
    mobile: str,
    password: str,
    otp_token: str = "",
    ip: str | None = None,
    authenticate: Callable[[User, str], bool] = _password_matches,
) -> User:
    """Give the member a login: a new one, or their existing one once they prove it is theirs.

    With no login on the mobile number, `password` is the new login's password. With one,
    `password` (and `otp_token` where it has a confirmed device) must be that login's own,
    checked by `authenticate` (the doors pass Django's authenticate so that lockouts count);
    otherwise ExistingLoginError and nothing is written. Raises ActivationError with a
    Chinese message.
    """
    mobile = "".join(mobile.split())
    proven = None
    with unscoped():
        inv = _usable_invitation(code, mobile)
        existing = _login_for(mobile) if inv is not None else None
    if existing is not None:
        # Outside the transaction below: a wrong password is a failed log-in that the
        # throttles (axes, the per-address count) must keep, not roll back with the refusal.
        _check_existing(existing, password=password, otp_token=otp_token, authenticate=authenticate)
        proven = existing
    return _accept(code=code, mobile=mobile, password=password, ip=ip, proven=proven)


def _usable_invitation(code: str, mobile: str, *, lock: bool = False) -> Invitation | None:
    """The unused, unexpired invitation of `code` whose member has `mobile`, or None."""
    qs = Invitation.objects.select_related("member").filter(
        code_hash=code_hash(code), used_at__isnull=True, revoked=False
    )
    inv = (qs.select_for_update() if lock else qs).first()
    if inv is None or inv.expires_at < timezone.now():
        return None
    if not inv.member.mobile or inv.member.mobile != mobile:
        return None
    return inv


def _login_for(mobile: str) -> User | None:
    return User.objects.filter(Q(mobile=mobile) | Q(username=mobile)).first()


@transaction.atomic
def _accept(*, code: str, mobile: str, password: str, ip, proven: User | None) -> User:
    with unscoped():
        inv = _usable_invitation(code, mobile, lock=True)
        if inv is None:
            # One message for every failure: it must not tell which part was wrong.
            raise ActivationError(
                _("The code or the mobile number is wrong, or the code has expired.")
            )
        member = inv.member
        if member.user_id is not None:
            raise ActivationError(_("This member already has a login: sign in with it."))
        user = _login_for(mobile)
        if user is None and proven is None:
            user = User(username=mobile, mobile=mobile, display_name=member.name)
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise ActivationError("；".join(exc.messages)) from exc
            user.set_password(password)
            with acting(None, ip=ip, source="web"):
                user.save()
            event = "members.invitation.accepted"
        elif user is not None and proven is not None and user.pk == proven.pk:
            if Member.objects.filter(user=user).exists():
                # One person, one membership: a login already tied to a member is someone's.
                raise ActivationError(
                    _("That login already belongs to a member. Ask the union to check your record.")
                )
            event = "members.invitation.linked"
        else:
            # A login appeared or changed on this number meanwhile: prove it again.
            raise ExistingLoginError(
                _("This mobile number already has a login. Enter that login's current password.")
            )
        # From here on the member acts for themself: the entries name their account.
        with acting(user, ip=ip, source="web"):
            member.user = user
            member.save()
            RoleAssignment.objects.get_or_create(user=user, org=member.org, role="member")
            inv.used_at = timezone.now()
            inv.save()
            audit.record(event, obj=member)
    return user
