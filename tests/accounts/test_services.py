"""The account workflows the doors share: refusals of role changes are DomainErrors (the
API answers 400 {detail, field}, pages put them on the form or show them), and two-factor
login is switched on and off through services that write the audit entry."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.accounts import services
from gonghui.accounts.access import resolve_access
from gonghui.accounts.selectors import account_by_login
from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.errors import DomainError
from gonghui.core.scoping import scope, unscoped
from tests.factories import GroupFactory, UnionFactory, UserFactory

pytestmark = pytest.mark.django_db


def actions_for(user) -> list[str]:
    with unscoped():
        return list(
            AuditEntry.objects.filter(object_id=str(user.pk), action__startswith="accounts.user.")
            .order_by("pk")
            .values_list("action", flat=True)
        )


def test_otp_enable_confirms_the_device_and_audits_it():
    user = UserFactory()
    device = TOTPDevice.objects.create(user=user, name="totp", confirmed=False)
    with acting(user=user):
        services.otp_enable(actor=user, device=device)
    device.refresh_from_db()
    assert device.confirmed
    assert actions_for(user)[-1] == "accounts.user.otp_enabled"


def test_otp_disable_removes_every_device_and_audits_it():
    user = UserFactory()
    TOTPDevice.objects.create(user=user, name="totp", confirmed=True)
    TOTPDevice.objects.create(user=user, name="new", confirmed=False)
    with acting(user=user):
        services.otp_disable(actor=user, user=user)
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert actions_for(user)[-1] == "accounts.user.otp_disabled"


def test_a_refused_grant_is_a_domain_error_on_its_field():
    union = UnionFactory()
    chair = UserFactory(roles=[("chair", union)])
    other = UserFactory()
    with unscoped():
        access = resolve_access(chair, union.code)
    with scope(union), pytest.raises(DomainError) as refused:
        services.role_grant(actor=chair, access=access, user=other, org=union, role="upper_staff")
    assert refused.value.field == "role"
    outside = GroupFactory()
    with scope(union), pytest.raises(services.RoleError) as refused:
        services.role_grant(actor=chair, access=access, user=other, org=outside, role="member")
    assert refused.value.field == "org"


def test_an_account_is_found_by_username_or_mobile_and_only_while_active():
    user = UserFactory(mobile="13912345678")
    assert account_by_login(f" {user.username} ") == user
    assert account_by_login("13912345678") == user
    user.is_active = False
    with unscoped(), acting(source="system"):
        user.save()
    assert account_by_login(user.username) is None


def test_password_change_clears_the_request_in_one_audited_save_and_revokes_tokens():
    user = UserFactory()
    with unscoped(), acting(source="system"):
        user.must_change_password = True
        user.save()
    services.api_token_create(actor=user, user=user, name="脚本")
    with acting(user=user):
        had_tokens = services.password_change(actor=user, user=user, password="Xin@Mima2026")
    user.refresh_from_db()
    assert had_tokens and user.check_password("Xin@Mima2026") and not user.must_change_password
    assert not user.api_tokens.filter(revoked_at__isnull=True).exists()
    with unscoped():
        [entry] = AuditEntry.objects.filter(
            object_id=str(user.pk), action="accounts.user.updated", actor=user
        )
    assert entry.changes["password"] == ["******", "******"]
    assert entry.changes["must_change_password"] == [True, False]
    with acting(user=user):
        assert services.password_change(actor=user, user=user, password="Xin@Mima2027") is False
