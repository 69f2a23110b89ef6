"""`manage.py import_orgs`: the operator's import, with a file from gen_roster.py too.

Reads the demo: test_the_district_row_of_gen_roster_matches_the_demo checks that the upper
union gen_roster.py heads its files with by default is the demo's district, unchanged, so that
its files import onto the demo. The other tests build their own organisations.
"""

from __future__ import annotations

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.orgs.models import Organisation, UnitType
from tests.factories import DistrictFactory

from ..conftest import audit_count
from .conftest import DISTRICT, FACTORY, HEADER, HOSPITAL

pytestmark = pytest.mark.django_db

GEN_ROSTER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "gen_roster.py"


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_orgs", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def org_count() -> int:
    with unscoped():
        return Organisation.objects.count()


def gen_orgs(tmp_path, *more) -> Path:
    if not GEN_ROSTER.is_file():
        pytest.skip(f"{GEN_ROSTER} not found")
    out = tmp_path / "orgs.xlsx"
    subprocess.run(  # noqa: S603 - our own interpreter and script
        [
            sys.executable,
            str(GEN_ROSTER),
            str(tmp_path / "x.xlsx"),
            "--rows",
            "5",
            "--orgs",
            "20",
            "--orgs-out",
            str(out),
            *more,
        ],
        check=True,
    )
    return out


@pytest.fixture
def roster_orgs(tmp_path) -> Path:
    """The list of 20 unions gen_roster.py writes by default (under the demo's district)."""
    return gen_orgs(tmp_path)


GEN_DISTRICT = "QR01"


@pytest.fixture
def own_roster_orgs(db, tmp_path) -> Path:
    """gen_roster.py's list of 20 unions under a district of ours, described as the file
    describes its upper union."""
    DistrictFactory(
        code=GEN_DISTRICT, name="示范区总工会", unit_name="示范区", unit_type=UnitType.ORGAN
    )
    return gen_orgs(tmp_path, "--parent-code", GEN_DISTRICT)


def test_it_imports_the_file_gen_roster_writes_and_twice_changes_nothing(own_roster_orgs):
    out, _err = run(own_roster_orgs)
    assert "20" in out and "1" in out
    with unscoped():
        district = Organisation.objects.get(code=GEN_DISTRICT)
        unions = Organisation.objects.filter(code__startswith="G0")
        assert unions.count() == 20
        assert {o.parent_id for o in unions} == {district.pk}
        first = Organisation.objects.get(code="G0001")
        assert (first.name, first.unit_type) == ("第0001基层工会", "school")
        assert AuditEntry.objects.filter(action="imports.batch.committed", source="cli").exists()
    orgs_before, audit_before = org_count(), audit_count()
    out, _err = run(own_roster_orgs)
    assert org_count() == orgs_before
    assert audit_count() == audit_before


def test_the_district_row_of_gen_roster_matches_the_demo(demo, roster_orgs):
    from gonghui.orgs.importing import OrgImporter

    with unscoped():
        district = Organisation.objects.get(code="D0001")
        _table, preview = OrgImporter().preview_file(
            roster_orgs.read_bytes(), "orgs.xlsx", district
        )
    assert preview.rows[0].values["编码"] == "D0001"
    assert preview.rows[0].action == "unchanged"
    assert preview.counts == {"create": 20, "update": 0, "unchanged": 1, "error": 0, "total": 21}


def test_it_refuses_a_file_with_errors_lists_them_and_writes_nothing(world, write_xlsx, tmp_path):
    path = write_xlsx(
        [
            HEADER,
            ["N1", "甲工会", "基层工会", DISTRICT, "", ""],
            ["N2", "", "基层工会", "NOPE", "", ""],
            ["N3", "丙工会", "协会", DISTRICT, "", ""],
        ]
    )
    orgs_before, audit_before = org_count(), audit_count()
    report = tmp_path / "errors.xlsx"
    err = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command(
            "import_orgs", str(path), "--errors", str(report), stdout=StringIO(), stderr=err
        )
    assert exc.value.returncode == 1
    lines = err.getvalue()
    assert "3" in lines and "名称" in lines and "上级编码" in lines and "NOPE" in lines
    assert "4" in lines and "类型" in lines
    assert org_count() == orgs_before
    assert audit_count() == audit_before

    ws = load_workbook(report).active
    header = [c.value for c in ws[1]]
    assert header[-1] == "错误说明"
    assert ws.cell(row=2, column=len(header)).value is None
    assert "上级编码" in ws.cell(row=3, column=len(header)).value
    assert ws.cell(row=4, column=1).value == "N3"


def test_dry_run_writes_nothing(world, write_xlsx):
    path = write_xlsx([HEADER, ["N1", "甲工会", "基层工会", DISTRICT, "", ""]])
    orgs_before, audit_before = org_count(), audit_count()
    out, _err = run(path, "--dry-run")
    assert "1" in out
    assert (org_count(), audit_count()) == (orgs_before, audit_before)
    with unscoped():
        assert not Organisation.objects.filter(code="N1").exists()


def test_with_org_parents_must_be_inside_it(world, write_xlsx):
    path = write_xlsx([HEADER, ["N1", "甲分会", "分会", FACTORY, "", ""]])
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_orgs", str(path), "--org", HOSPITAL, stdout=StringIO(), stderr=err)
    assert FACTORY in err.getvalue()
    path = write_xlsx([HEADER, ["N1", "甲分会", "分会", HOSPITAL, "", ""]], name="ok.xlsx")
    run(path, "--org", HOSPITAL)
    with unscoped():
        assert Organisation.objects.get(code="N1").parent.code == HOSPITAL


def test_an_unreadable_file_or_unknown_org_is_a_clear_error(tmp_path):
    garbage = tmp_path / "x.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(CommandError) as exc:
        run(garbage)
    assert str(exc.value)
    with pytest.raises(CommandError):
        run(tmp_path / "missing.xlsx")
    ok = tmp_path / "ok.csv"
    ok.write_text(",".join(HEADER) + "\n", encoding="utf-8")
    with pytest.raises(CommandError):
        run(ok, "--org", "NOPE")


def test_it_has_help():
    from gonghui.orgs.management.commands.import_orgs import Command

    assert "编码" in Command.help
