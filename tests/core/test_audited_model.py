"""AuditedModel works out a loaded record's "before" state only when it is saved (#13 §9):
the entries must be the same as when every loaded row was snapshotted at once."""

from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.members.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def entries(obj, verb):
    with unscoped():
        return list(
            AuditEntry._base_manager.filter(
                action=f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}",
                object_id=str(obj.pk),
            )
        )


def test_a_change_to_a_loaded_record_logs_the_loaded_value_as_before(group):
    made = MemberFactory(org=group, name="张三")
    with unscoped():
        loaded = Member._base_manager.get(pk=made.pk)
    assert "_audit_before_state" not in loaded.__dict__  # nothing worked out on load
    loaded.name = "张叁"
    loaded.mobile = "13912345678"
    loaded.save()
    (entry,) = entries(made, "updated")
    assert entry.changes["name"] == ["张三", "张叁"]
    assert entry.changes["mobile"][1] == "13912345678"
    assert "birth_date" not in entry.changes


def test_saving_a_loaded_record_unchanged_logs_nothing(group):
    made = MemberFactory(org=group)
    with unscoped():
        loaded = Member._base_manager.get(pk=made.pk)
    loaded.save()
    assert entries(made, "updated") == []


def test_a_second_save_compares_with_the_first(group):
    made = MemberFactory(org=group, name="李四")
    with unscoped():
        loaded = Member._base_manager.get(pk=made.pk)
    loaded.name = "李肆"
    loaded.save()
    loaded.name = "李思"
    loaded.save()
    changes = [e.changes["name"] for e in sorted(entries(made, "updated"), key=lambda e: e.pk)]
    assert changes == [["李四", "李肆"], ["李肆", "李思"]]


def test_a_json_value_changed_in_place_is_still_logged(union):
    from gonghui.aid.models import Scheme
    from tests.aid.conftest import make_scheme

    scheme = make_scheme(union)
    with unscoped():
        loaded = Scheme._base_manager.get(pk=scheme.pk)
    count = len(loaded.brackets)
    loaded.brackets.append({"upto": None, "rate": "0.9000"})  # changed in place
    loaded.save()
    (entry,) = entries(scheme, "updated")
    before, after = entry.changes["brackets"]
    assert len(before) == count and len(after) == count + 1


def test_a_field_left_out_of_the_load_is_logged_with_its_stored_value(group):
    made = MemberFactory(org=group, mobile="13911112222")
    with unscoped():
        partial = Member._base_manager.only("id", "name").get(pk=made.pk)
    partial.mobile = "13933334444"  # never loaded, now assigned
    partial.save()
    (entry,) = entries(made, "updated")
    assert entry.changes["mobile"] == ["13911112222", "13933334444"]


def test_a_json_model_loaded_with_a_deferred_field_can_be_saved(union):
    from gonghui.aid.models import Scheme
    from tests.aid.conftest import make_scheme

    scheme = make_scheme(union)
    with unscoped():
        partial = Scheme._base_manager.defer("rules_source").get(pk=scheme.pk)
    partial.rules_source = "新的依据"
    partial.save()
    (entry,) = entries(scheme, "updated")
    assert entry.changes["rules_source"][1] == "新的依据"
    assert entry.changes["rules_source"][0] != "新的依据"


def test_after_a_refresh_another_requests_change_is_not_this_saves_change(group):
    made = MemberFactory(org=group, name="王五", mobile="13955556666")
    with unscoped():
        mine = Member._base_manager.get(pk=made.pk)
        theirs = Member._base_manager.get(pk=made.pk)
    theirs.name = "王伍"
    theirs.save()
    mine.refresh_from_db()
    mine.mobile = "13977778888"
    mine.save()
    last = max(entries(made, "updated"), key=lambda e: e.pk)
    assert set(last.changes) == {"mobile"}
    assert last.changes["mobile"] == ["13955556666", "13977778888"]


def test_a_deferred_field_read_on_first_use_is_its_before_value(group):
    made = MemberFactory(org=group, mobile="13912121212")
    with unscoped():
        partial = Member._base_manager.only("id", "name").get(pk=made.pk)
        assert partial.mobile == "13912121212"  # read on first use
    partial.mobile = "13934343434"
    partial.save()
    (entry,) = entries(made, "updated")
    assert entry.changes["mobile"] == ["13912121212", "13934343434"]
