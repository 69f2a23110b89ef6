"""The organisation importer itself: row rules, scope, all-or-nothing, idempotence."""

from __future__ import annotations

import io

import pytest

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import scope, unscoped
from gonghui.imports.base import CREATE, ERROR, UNCHANGED, UPDATE, ImportRefused
from gonghui.orgs.importing import OrgImporter
from gonghui.orgs.models import Organisation, OrgKind, UnitType

from ..conftest import audit_count
from .conftest import (
    DISTRICT,
    DISTRICT_NAME,
    FACTORY,
    HEADER,
    HOSPITAL,
    HOSPITAL_NAME,
    INTERNAL,
    INTERNAL_GROUP,
    SCHOOL,
    SCHOOL_NAME,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def _ctx(org):
    return scope(org) if org is not None else unscoped()


def preview(rows, org, **kwargs):
    importer = OrgImporter()
    with _ctx(org):
        _table, p = importer.preview_file(xlsx_bytes([HEADER, *rows], **kwargs), "t.xlsx", org)
    return importer, p


def commit(importer, p, org):
    with acting(source="cli"), _ctx(org):
        return importer.commit(p, org)


def by_row(p):
    return {r.row: r for r in p.rows}


def issues(p, row):
    """(column, message) of each error of Excel row `row`."""
    return [(i.column, i.message) for i in by_row(p)[row].errors]


def org_count() -> int:
    with unscoped():
        return Organisation.objects.count()


def get(code):
    with unscoped():
        return Organisation.objects.get(code=code)


# -- it works ---------------------------------------------------------------------------


def test_it_imports_rows_in_any_order(world):
    district = world.district
    rows = [
        ["N1-B1-G1", "一组", "工会小组", "N1-B1", "", ""],
        ["N1-B1", "一分会", "分会", "N1", "", ""],
        ["N1", "新建公司工会", "基层工会", DISTRICT, "新建公司", "企业"],
    ]
    importer, p = preview(rows, district)
    assert [r.action for r in p.rows] == [CREATE, CREATE, CREATE]
    before = audit_count()
    done = commit(importer, p, district)
    assert done.counts["create"] == 3
    group, branch, union = get("N1-B1-G1"), get("N1-B1"), get("N1")
    assert group.parent == branch and branch.parent == union and union.parent == district
    assert group.path == f"{district.path}{union.pk}/{branch.pk}/{group.pk}/"
    assert union.unit_type == UnitType.ENTERPRISE and union.unit_name == "新建公司"
    assert branch.unit_type == UnitType.OTHER  # empty 单位类型 on a new row
    with unscoped():
        entries = AuditEntry.objects.filter(pk__gt=0).order_by("-id")[: audit_count() - before]
        actions = sorted(e.action for e in entries)
    assert actions == [
        "imports.batch.committed",
        "orgs.organisation.created",
        "orgs.organisation.created",
        "orgs.organisation.created",
    ]
    assert all(e.source == "cli" for e in entries)


def test_it_updates_existing_rows_and_shows_before_and_after(world):
    district = world.district
    importer, p = preview(
        [[HOSPITAL, "临湖区第一中心医院工会", "基层工会", DISTRICT, "临湖区中心医院", "医院"]],
        district,
    )
    row = p.rows[0]
    assert row.action == UPDATE
    assert row.changes == {"名称": [HOSPITAL_NAME, "临湖区第一中心医院工会"]}
    commit(importer, p, district)
    assert get(HOSPITAL).name == "临湖区第一中心医院工会"


def test_it_moves_an_organisation_with_its_subtree(world):
    district = world.district
    importer, p = preview([[INTERNAL, "内科分会", "分会", FACTORY, "", "医院"]], district)
    assert p.rows[0].changes == {"上级编码": [HOSPITAL, FACTORY]}
    commit(importer, p, district)
    branch, factory = get(INTERNAL), get(FACTORY)
    assert branch.parent == factory
    assert get(INTERNAL_GROUP).path.startswith(branch.path)
    assert get(INTERNAL_GROUP).path.startswith(factory.path)


def test_unchanged_rows_write_nothing(world):
    district = world.district
    importer, p = preview(
        [
            [DISTRICT, DISTRICT_NAME, "上级工会", "", "临湖区", "机关"],
            [SCHOOL, SCHOOL_NAME, "基层工会", DISTRICT, "临湖区第一中学", "学校"],
        ],
        district,
    )
    assert [r.action for r in p.rows] == [UNCHANGED, UNCHANGED]
    before = audit_count()
    commit(importer, p, district)
    assert audit_count() == before


def test_importing_the_same_file_twice_changes_nothing(world):
    district = world.district
    rows = [
        ["N2", "第二新工会", "基层工会", DISTRICT, "第二新公司", "企业"],
        ["N2-G1", "第二新工会一组", "小组", "N2", "", ""],
    ]
    importer, p = preview(rows, district)
    commit(importer, p, district)
    orgs_after_first, audit_after_first = org_count(), audit_count()
    importer, p = preview(rows, district)
    assert [r.action for r in p.rows] == [UNCHANGED, UNCHANGED]
    assert not p.changes_anything
    commit(importer, p, district)
    assert org_count() == orgs_after_first
    assert audit_count() == audit_after_first


def test_the_kind_and_unit_words_offices_write_are_understood(world):
    district = world.district
    _importer, p = preview(
        [
            ["U1", "市总工会", "总工会", DISTRICT, "", "机关"],
            ["U2", "联合会", "联合基层工会", "U1", "", "街道"],
            ["U3", "第三分会", "分会", "U2", "", "社区"],
            ["U4", "第四小组", "工会小组", "U3", "", "其他"],
            ["U5", "事业单位工会", "基层工会", "U1", "", "事业单位"],
        ],
        district,
    )
    assert not p.has_errors, p.errors()
    assert [i.column for i in by_row(p)[6].warnings] == ["单位类型"]


# -- every error, with its row and column ------------------------------------------------


def test_missing_values_are_errors_on_their_column(world):
    _importer, p = preview([["N3", "", "基层工会", DISTRICT, "", ""]], world.district)
    assert [c for c, _m in issues(p, 2)] == ["名称"]
    assert p.rows[0].action == ERROR


def test_a_bad_code_is_an_error(world):
    _importer, p = preview([["N/3", "甲", "基层工会", DISTRICT, "", ""]], world.district)
    assert [c for c, _m in issues(p, 2)] == ["编码"]


def test_duplicate_codes_are_errors_on_every_copy(world):
    _importer, p = preview(
        [
            ["N4", "甲", "基层工会", DISTRICT, "", ""],
            ["N5", "乙", "基层工会", DISTRICT, "", ""],
            ["N4", "丙", "基层工会", DISTRICT, "", ""],
        ],
        world.district,
    )
    assert [c for c, _m in issues(p, 2)] == ["编码"]
    assert [c for c, _m in issues(p, 4)] == ["编码"]
    assert "2、4" in issues(p, 4)[0][1]
    assert not issues(p, 3)


def test_an_unknown_parent_is_an_error(world):
    _importer, p = preview([["N6", "甲", "基层工会", "NOPE", "", ""]], world.district)
    assert issues(p, 2) and issues(p, 2)[0][0] == "上级编码"
    assert "NOPE" in issues(p, 2)[0][1]


def test_a_parent_outside_the_scope_is_an_error(world):
    hospital = world.hospital
    _importer, p = preview([["N7", "甲分会", "分会", FACTORY, "", ""]], hospital)
    column, message = issues(p, 2)[0]
    assert column == "上级编码" and FACTORY in message


def test_an_existing_code_outside_the_scope_is_an_error(world):
    hospital = world.hospital
    _importer, p = preview([[SCHOOL, "甲分会", "分会", HOSPITAL, "", ""]], hospital)
    column, message = issues(p, 2)[0]
    assert column == "编码" and SCHOOL in message


def test_a_circle_of_parents_is_an_error(world):
    _importer, p = preview(
        [
            ["N8", "甲", "分会", "N9", "", ""],
            ["N9", "乙", "分会", "N8", "", ""],
        ],
        world.district,
    )
    for row in (2, 3):
        assert "上级编码" in [c for c, _m in issues(p, row)]
        assert "→" in dict(issues(p, row))["上级编码"]


def test_a_circle_through_the_database_is_an_error(world):
    # The hospital under its own grandchild: the loop is only visible through existing rows.
    _importer, p = preview(
        [[HOSPITAL, HOSPITAL_NAME, "基层工会", INTERNAL_GROUP, "", "医院"]], world.district
    )
    assert "上级编码" in [c for c, _m in issues(p, 2)]


def test_a_kind_not_allowed_under_its_parent_is_an_error(world):
    _importer, p = preview([["N10", "甲组", "工会小组", DISTRICT, "", ""]], world.district)
    assert [c for c, _m in issues(p, 2)] == ["类型"]


def test_an_unknown_kind_or_unit_type_is_an_error(world):
    _importer, p = preview(
        [
            ["N11", "甲", "协会", DISTRICT, "", ""],
            ["N12", "乙", "基层工会", DISTRICT, "", "农场"],
        ],
        world.district,
    )
    assert [c for c, _m in issues(p, 2)] == ["类型"]
    assert [c for c, _m in issues(p, 3)] == ["单位类型"]


def test_an_empty_parent_inside_an_organisation_is_an_error(world):
    _importer, p = preview([["N13", "甲", "基层工会", "", "", ""]], world.district)
    assert [c for c, _m in issues(p, 2)] == ["上级编码"]


def test_the_organisation_the_import_runs_in_cannot_be_moved(world):
    _importer, p = preview([[HOSPITAL, HOSPITAL_NAME, "基层工会", FACTORY, "", ""]], world.hospital)
    assert [c for c, _m in issues(p, 2)] == ["上级编码"]


def test_a_type_change_that_strands_children_is_an_error(world):
    _importer, p = preview(
        [[HOSPITAL, HOSPITAL_NAME, "上级工会", DISTRICT, "", ""]], world.district
    )
    assert {c for c, _m in issues(p, 2)} == {"类型"}
    assert any(f"{INTERNAL} " in m for _c, m in issues(p, 2))


def test_errors_carry_the_excel_row_number_below_title_rows(world):
    _importer, p = preview(
        [["N14", "甲", "基层工会", "NOPE", "", ""]],
        world.district,
        title_rows=[["临湖区基层工会名单"], []],
    )
    assert p.rows[0].row == 4
    assert p.errors()[0][0] == 4


# -- all or nothing ----------------------------------------------------------------------


def test_one_bad_row_writes_nothing(world):
    district = world.district
    importer, p = preview(
        [
            ["N15", "甲", "基层工会", DISTRICT, "", ""],
            [HOSPITAL, "改名的医院工会", "基层工会", DISTRICT, "", ""],
            ["N16", "乙", "基层工会", "NOPE", "", ""],
        ],
        district,
    )
    assert p.has_errors
    orgs_before, audit_before = org_count(), audit_count()
    with pytest.raises(ImportRefused) as exc:
        commit(importer, p, district)
    assert [r.row for r in exc.value.preview.rows if r.errors] == [4]
    assert org_count() == orgs_before
    assert audit_count() == audit_before
    assert get(HOSPITAL).name == HOSPITAL_NAME


def test_commit_checks_again_and_refuses_what_changed_since_the_preview(world):
    hospital = world.hospital
    importer, p = preview([["N17", "新分会", "分会", HOSPITAL, "", ""]], hospital)
    assert not p.has_errors
    with unscoped():  # meanwhile someone takes the code elsewhere
        Organisation(code="N17", name="别处", kind=OrgKind.BRANCH, parent=get(FACTORY)).save()
    orgs_before = org_count()
    with pytest.raises(ImportRefused) as exc:
        commit(importer, p, hospital)
    assert exc.value.preview.rows[0].errors[0].column == "编码"
    assert org_count() == orgs_before


# -- platform level (operator tool) ------------------------------------------------------


def test_at_platform_level_an_upper_union_may_stand_at_the_top():
    importer, p = preview(
        [
            ["P0001", "另一区总工会", "上级工会", "", "另一区", "机关"],
            ["P0001-S1", "另一区学校工会", "基层工会", "P0001", "", "学校"],
            ["P0002", "无上级的基层工会", "基层工会", "", "", ""],
        ],
        None,
    )
    assert [r.action for r in p.rows] == [CREATE, CREATE, ERROR]
    assert [c for c, _m in issues(p, 4)] == ["类型"]
    importer, p = preview([["P0001", "另一区总工会", "上级工会", "", "另一区", "机关"]], None)
    commit(importer, p, None)
    top = get("P0001")
    assert top.parent is None and top.path == f"/{top.pk}/"


def test_the_error_report_keeps_rows_where_they_were(world):
    from openpyxl import load_workbook

    from gonghui.imports.report import error_report

    importer = OrgImporter()
    data = xlsx_bytes(
        [
            HEADER,
            ["N20", "甲", "基层工会", DISTRICT, "", ""],
            ["N21", "乙", "基层工会", "NOPE", "", ""],
        ],
        title_rows=[["临湖区基层工会名单"]],
    )
    district = world.district
    with scope(district):
        table, p = importer.preview_file(data, "t.xlsx", district)
    ws = load_workbook(io.BytesIO(error_report(table, p))).active
    assert ws["A1"].value == "临湖区基层工会名单"
    assert [c.value for c in ws[2]] == [*HEADER, "错误说明"]
    assert ws["G3"].value is None
    assert ws["A4"].value == "N21" and "NOPE" in ws["G4"].value
