"""`manage.py import_members FILE --org CODE [--dry-run] [--errors OUT.xlsx]`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.members.models import Member

from .conftest import DISTRICT, MEMBER_HEADER, SCHOOL, ident, person
from .test_member_importer import totals

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_members", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def line(row: int, column: str, message: str) -> str:
    return _("Row %(row)s [%(column)s] %(message)s") % {
        "row": row,
        "column": column,
        "message": message,
    }


def test_it_imports_and_exits_0(world, write_xlsx):
    path = write_xlsx([MEMBER_HEADER, person(seq=1), person(seq=2, group="新组工会小组")], "m.xlsx")
    out, _err = run(path, "--org", SCHOOL)
    assert (
        _("Imported: %(summary)s")
        % {
            "summary": _("%(create)s new, %(update)s updated, %(unchanged)s unchanged.")
            % {"create": 2, "update": 0, "unchanged": 0}
        }
        in out
    )
    assert "新组工会小组" in out  # the note that the group is created
    with unscoped():
        assert Member.objects.filter(id_number__in=[ident(seq=1), ident(seq=2)]).count() == 2
        entry = AuditEntry.objects.filter(action="members.member.imported").latest("id")
        assert (entry.source, entry.actor_id, entry.changes["file"]) == ("cli", None, path.name)
    before = totals()
    out, _err = run(path, "--org", SCHOOL)
    assert totals() == before


def test_it_refuses_with_every_error_by_excel_row_and_writes_nothing(world, write_xlsx, tmp_path):
    bad = person(seq=4)
    bad[2] = bad[2][:-1] + ("0" if bad[2][-1] != "0" else "1")
    path = write_xlsx(
        [MEMBER_HEADER, person(seq=3), bad, person(seq=5, mobile="12345"), person("重复", seq=3)],
        "m.xlsx",
        title_rows=[["某某公司工会会员花名册"]],
    )
    report = tmp_path / "errors.xlsx"
    before = totals()
    with pytest.raises(CommandError) as exc:
        run(path, "--org", DISTRICT, "--errors", report)
    assert exc.value.returncode == 1
    assert str(exc.value) == _("Nothing was imported: %(n)s rows have errors.") % {"n": 3}
    stderr = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_members", str(path), "--org", DISTRICT, stdout=StringIO(), stderr=stderr
        )
    lines = stderr.getvalue().splitlines()
    assert lines[0] == line(
        4, "证件号码", _("The check digit of the ID number is wrong; a digit was mistyped.")
    )
    assert lines[1] == line(
        5,
        "手机号码",
        _("%(value)s is not a mobile number: 11 digits starting with 1.") % {"value": "12345"},
    )
    assert lines[2] == line(
        6, "证件号码", _("The same ID number is already on row %(row)s.") % {"row": 3}
    )
    assert totals() == before
    ws = load_workbook(report).active
    assert ws.cell(row=2, column=8).value == "错误说明"
    assert ws.cell(row=3, column=8).value is None
    assert "证件号码" in ws.cell(row=4, column=8).value


def test_dry_run_checks_and_writes_nothing(world, write_xlsx):
    path = write_xlsx([MEMBER_HEADER, person(seq=6)], "m.xlsx")
    before = totals()
    out, _err = run(path, "--org", SCHOOL, "--dry-run")
    assert _("Checked, nothing written: %(summary)s") % {"summary": ""} in out
    assert totals() == before


@pytest.mark.parametrize(
    "args",
    [
        ("--org", "NOPE"),  # no such organisation
        (),  # --org is required
    ],
)
def test_it_needs_an_existing_organisation(world, write_xlsx, args):
    path = write_xlsx([MEMBER_HEADER, person(seq=7)], "m.xlsx")
    with pytest.raises(CommandError):
        run(path, *args)


def test_a_missing_or_unreadable_file_is_an_error(world, tmp_path):
    with pytest.raises(CommandError):
        run(tmp_path / "nope.xlsx", "--org", SCHOOL)
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(CommandError):
        run(junk, "--org", SCHOOL)
