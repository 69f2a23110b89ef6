from __future__ import annotations

import pytest

from gonghui.audit.context import acting
from gonghui.audit.models import AppendOnlyError, AuditEntry
from gonghui.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_save_writes_field_level_before_and_after(union, staff, platform):
    factory = union
    chair = staff("chair", union)
    with acting(chair, ip="10.1.2.3", source="web"):
        factory.region = "浙江"
        factory.save()
    entry = AuditEntry.objects.filter(
        object_id=str(factory.pk), action="orgs.organisation.updated"
    ).latest("at")
    assert entry.changes == {"region": ["", "浙江"]}
    assert entry.ip == "10.1.2.3"
    assert entry.actor == chair


def test_an_unchanged_save_writes_nothing(union, platform):
    factory = Organisation.objects.get(pk=union.pk)
    before = AuditEntry.objects.count()
    factory.save()
    assert AuditEntry.objects.count() == before


def test_entries_cannot_be_changed_or_deleted(union, platform):
    entry = AuditEntry.objects.filter(object_id=str(union.pk)).first()
    assert entry is not None
    entry.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(note="x")


def test_bulk_update_on_audited_models_is_refused(union, platform):
    with pytest.raises(TypeError):
        Organisation.objects.filter(code=union.code).update(name="sneaky")
    assert Organisation.objects.get(pk=union.pk).name == union.name


def test_passwords_never_reach_the_log(group, staff, platform):
    u = staff("member", group)
    u.set_password("another-Secret-42")
    u.save()
    entry = AuditEntry.objects.filter(action="accounts.user.updated", object_id=str(u.pk)).latest(
        "at"
    )
    assert entry.changes["password"] == ["******", "******"]
    assert "pbkdf2" not in str(entry.changes)
