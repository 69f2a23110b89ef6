"""The export_members command: a union's whole roster with full numbers, on the record."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.members.models import Member, Status
from gonghui.orgs.models import Organisation
from tests.factories import GroupFactory, MemberFactory, UnionFactory

pytestmark = pytest.mark.django_db

ON_ROLL = [Status.ACTIVE, Status.RETAINED, Status.TRANSFERRING]
HEADER = ("姓名", "性别", "出生日期", "民族", "证件类型", "证件号码")


def last_entry_id() -> int:
    with unscoped():
        return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def exported_entries(since: int) -> list[AuditEntry]:
    with unscoped():
        return list(
            AuditEntry.objects.filter(action="members.roster.exported", pk__gt=since)
            .select_related("org", "actor")
            .order_by("pk")
        )


def subtree(code: str):
    with unscoped():
        path = Organisation.objects.get(code=code).path
        return Member.objects.filter(org__path__startswith=path, status__in=ON_ROLL)


@pytest.fixture
def school(union, group):
    """A union with two groups, members on the roll in both and on the union itself, and
    one who left (not on the roll)."""
    second = GroupFactory(parent=union)
    for where in (group, group, second, second, second, union):
        MemberFactory(org=where)
    MemberFactory(org=second, status=Status.RETAINED)
    MemberFactory(org=second, status=Status.LEFT)
    MemberFactory(org=GroupFactory(parent=UnionFactory()))  # another union's
    union.second = second
    return union


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command("export_members", *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_it_writes_the_whole_subtree_with_full_id_numbers(school, tmp_path):
    target = tmp_path / "roster.xlsx"
    since = last_entry_id()
    printed = run(str(target), org=school.code)
    members = subtree(school.code)
    count = members.count()
    assert count == 7
    assert str(count) in printed

    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0][:6] == HEADER
    data = [row for row in rows[1:] if row and row[5]]
    assert len(data) == count
    # The groups below the union are in it, with full ID and mobile numbers.
    with unscoped():
        known = members.filter(org=school.second, mobile__gt="").order_by("pk").first()
    [row] = [r for r in data if r[5] == known.id_number]
    assert row[0] == known.name
    assert row[7] == known.mobile
    assert {r[5] for r in data} == set(members.values_list("id_number", flat=True))
    assert "导出人：system" in str(rows[-1][0])

    [entry] = exported_entries(since)
    assert entry.changes["rows"] == [None, count]
    assert entry.changes["full_ids"] == [None, True]
    assert (entry.source, entry.actor, entry.org) == ("cli", None, school)


def test_nothing_outside_the_subtree_goes_out(school, group, tmp_path):
    target = tmp_path / "group.xlsx"
    run("--org", group.code.lower(), str(target))
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    ids = {row[5] for row in rows[1:] if row and row[5]}
    assert ids and ids == set(subtree(group.code).values_list("id_number", flat=True))
    with unscoped():
        elsewhere = Member.objects.exclude(org=group).values_list("id_number", flat=True)
    assert not ids & set(elsewhere)


def test_an_unknown_code_fails_and_writes_nothing(school, tmp_path):
    target = tmp_path / "nope.xlsx"
    since = last_entry_id()
    with pytest.raises(CommandError, match="NOPE"):
        run(str(target), org="NOPE")
    assert not target.exists()
    assert exported_entries(since) == []


def test_an_unknown_code_exits_non_zero_on_the_command_line(school, tmp_path):
    from django.core.management import ManagementUtility

    target = tmp_path / "nope.xlsx"
    with pytest.raises(SystemExit) as exc:
        ManagementUtility(["manage.py", "export_members", "--org", "NOPE", str(target)]).execute()
    assert exc.value.code != 0
    assert not target.exists()


def test_an_unwritable_target_fails_and_logs_nothing(school, tmp_path):
    since = last_entry_id()
    with pytest.raises(CommandError):
        run(str(tmp_path / "missing-dir" / "roster.xlsx"), org=school.code)
    assert exported_entries(since) == []


def test_it_has_help_and_needs_the_org(db):
    from django.core.management import load_command_class

    command = load_command_class("gonghui.members", "export_members")
    assert "FULL" in command.help
    parser = command.create_parser("manage.py", "export_members")
    assert "--org" in parser.format_help() and "OUT.xlsx" in parser.format_help()
    with pytest.raises(CommandError):
        call_command("export_members", "x.xlsx")
