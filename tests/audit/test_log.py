from __future__ import annotations

import pytest

from gonghui.audit.context import acting
from gonghui.audit.models import AppendOnlyError, AuditEntry
from gonghui.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_save_writes_field_level_before_and_after(org, user):
    factory = org("F0001")
    with acting(user("factory_chair"), ip="10.1.2.3", source="web"):
        factory.region = "浙江"
        factory.save()
    entry = AuditEntry.objects.filter(
        object_id=str(factory.pk), action="orgs.organisation.updated"
    ).latest("at")
    assert entry.changes == {"region": ["", "浙江"]}
    assert entry.ip == "10.1.2.3"
    assert entry.actor.username == "factory_chair"


def test_an_unchanged_save_writes_nothing(org):
    factory = org("F0001")
    before = AuditEntry.objects.count()
    factory.save()
    assert AuditEntry.objects.count() == before


def test_entries_cannot_be_changed_or_deleted(platform):
    entry = AuditEntry.objects.first()
    entry.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(note="x")


def test_bulk_update_on_audited_models_is_refused(platform):
    with pytest.raises(TypeError):
        Organisation.objects.filter(code="F0001").update(name="sneaky")


def test_passwords_never_reach_the_log(user):
    u = user("member")
    u.set_password("another-Secret-42")
    u.save()
    entry = AuditEntry.objects.filter(action="accounts.user.updated", object_id=str(u.pk)).latest(
        "at"
    )
    assert entry.changes["password"] == ["******", "******"]
    assert "pbkdf2" not in str(entry.changes)
