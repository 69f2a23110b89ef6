"""The member roster import: every kind of mess union offices send, all or nothing, and
importing the same file twice changing nothing."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import PatternFill

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry, imported_action, record_entries
from gonghui.core.scoping import scope, unscoped
from gonghui.imports.base import ImportRefused
from gonghui.imports.report import error_report
from gonghui.members.importing import MemberImporter, parse_date
from gonghui.members.models import EventKind, Member, MembershipEvent, Status
from gonghui.orgs.models import Organisation
from tests.factories import MemberFactory

from .conftest import (
    CHINESE,
    COMMUNITY,
    DISTRICT,
    DISTRICT_NAME,
    FACTORY,
    FACTORY_NAME,
    HOSPITAL,
    HOSPITAL_NAME,
    INTERNAL,
    MATHS,
    MEMBER_HEADER,
    NURSING,
    SCHOOL,
    ident,
    person,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

GEN_ROSTER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "gen_roster.py"
OTHER_UNION = _(
    "This ID number cannot be registered here: the person already holds a "
    "membership in another union. A membership moves by transfer; the upper "
    "union can help find where it is."
)


def totals() -> tuple[int, int, int]:
    """Members, membership events and audit entries on the whole platform."""
    with unscoped():
        return Member.objects.count(), MembershipEvent.objects.count(), AuditEntry.objects.count()


def member(id_number: str) -> Member:
    with unscoped():
        return Member.objects.select_related("org").get(id_number=id_number)


def errors(preview) -> list[tuple[int, str, str]]:
    return [(row, i.column, i.message) for row, i in preview.errors()]


def book(rows, *, title_rows=(), merge=(), fill_rows=()) -> bytes:
    """An .xlsx as a person makes it: rows of cells (numbers and dates kept as they are)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "会员花名册"
    for r in [*title_rows, *rows]:
        ws.append(r)
    for area in merge:
        ws.merge_cells(area)
    for n in fill_rows:  # formatted but empty
        for col in "ABCDEFG":
            ws[f"{col}{n}"].fill = PatternFill("solid", fgColor="FFFF00")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def imported_entry(obj) -> AuditEntry:
    """The "imported" entry whose range of records holds `obj`."""
    with unscoped():
        return AuditEntry.objects.filter(record_entries(obj), action=imported_action(obj)).get()


def test_it_creates_members_with_a_joined_event_and_audit_entries(import_members):
    rows = [MEMBER_HEADER, person("李明", seq=1, group="语文教研组工会小组")]
    rows[0] = [*MEMBER_HEADER, "入会时间", "月工资", "政治面貌"]
    rows[1] = [*rows[1], "2015-09-01", "8600", "党员"]
    before = totals()
    data = xlsx_bytes(rows)
    done = import_members(data, commit=True)
    assert done.counts["create"] == 1
    m = member(ident(seq=1))
    assert (m.name, m.sex, m.birth_date) == ("李明", "male", dt.date(1990, 1, 1))
    assert m.org.code == CHINESE
    assert m.status == Status.ACTIVE and m.joined_on == dt.date(2015, 9, 1)
    assert m.monthly_wage == Decimal("8600.00") and m.political_status == "中共党员"
    assert (m.name_pinyin, m.name_initials) == ("liming", "lm")
    with unscoped():
        event = MembershipEvent.objects.get(member=m)
    assert (event.kind, event.date, event.org.code) == ("joined", m.joined_on, SCHOOL)
    # The log has who imported the member, when, from which file, and which records:
    # one entry for the members of a group, one for the events of a union.
    entry = imported_entry(m)
    assert (entry.action, entry.source, entry.actor_name) == (
        "members.member.imported",
        "cli",
        "cli",
    )
    assert entry.org_id == m.org_id and entry.object_id == f"{m.pk}-{m.pk}"
    assert entry.object_repr == "李明"
    assert entry.changes["first_id"] == entry.changes["last_id"] == m.pk
    assert entry.changes["count"] == 1 and entry.changes["file"] == "roster.xlsx"
    assert entry.changes["sha256"] == hashlib.sha256(data).hexdigest()
    event_entry = imported_entry(event)
    assert event_entry.action == "members.membershipevent.imported"
    assert event_entry.org_id == event.org_id and event_entry.changes["first_id"] == event.pk
    # One member, one event, their two entries and the import's summary.
    assert totals() == (before[0] + 1, before[1] + 1, before[2] + 3)


def test_a_member_without_joining_date_gets_an_imported_event(import_members):
    import_members(xlsx_bytes([MEMBER_HEADER, person(seq=2)]), commit=True)
    m = member(ident(seq=2))
    assert m.joined_on is None and m.org.code == SCHOOL
    with unscoped():
        assert MembershipEvent.objects.get(member=m).kind == EventKind.IMPORTED


def test_the_entries_keep_no_value_of_a_record(import_members):
    rows = [[*MEMBER_HEADER, "月工资", "入会时间"], [*person(seq=3), "5000.5", "2020.3"]]
    rows.append([*person("王芳", seq=5, male=False), "6000", "2021.3"])
    import_members(xlsx_bytes(rows), commit=True)
    m, other = member(ident(seq=3)), member(ident(seq=5, male=False))
    entry = imported_entry(m)
    assert entry == imported_entry(other) and entry.changes["count"] == 2
    assert entry.object_repr == f"{m.name} … 王芳 (2)"
    # No field value reaches the log, the ID number and the mobile least of all.
    text = json.dumps(entry.changes, ensure_ascii=False)
    for value in (m.id_number, m.mobile, other.mobile, "5000.50", "2020-03-01"):
        assert value not in text
    with unscoped():
        assert not AuditEntry.objects.filter(action="members.member.created").filter(
            object_id__in=[str(m.pk), str(other.pk)]
        )


@pytest.mark.parametrize(
    "title_rows",
    [[], [["2026年度会员花名册"]], [[DISTRICT_NAME], ["填报日期：2026年1月", "", "单位：人"]]],
)
def test_title_rows_above_the_header_are_skipped_and_row_numbers_stay_true(
    import_members, title_rows
):
    rows = [MEMBER_HEADER, person(seq=4), ["李", "男", "123", "", "", SCHOOL, ""]]
    p = import_members(xlsx_bytes(rows, title_rows=title_rows))
    assert p.header_row == len(title_rows) + 1
    assert [r.row for r in p.rows] == [len(title_rows) + 2, len(title_rows) + 3]
    assert p.rows[0].action == "create"
    assert errors(p)[0][:2] == (len(title_rows) + 3, "证件号码")


@pytest.mark.parametrize(
    "header",
    [
        ["姓名", "性别", "公民身份号码", "出生年月", "手机", "工会名称", "小组"],
        ["会员姓名", "性 别", "身份证号码", "出生日期", "联系电话", "所在工会", "所属小组"],
        ["姓名*", "性别", "证件号码", "生日", "手机号", "所属工会", "工会小组"],
    ],
)
def test_header_synonyms_are_recognised(import_members, header):
    p = import_members(xlsx_bytes([header, person(seq=5, group="语文教研组工会小组")]))
    assert p.counts["create"] == 1, errors(p)
    assert p.rows[0].values["证件号码"] == ident(seq=5)
    assert p.rows[0].values["工会小组"] == "语文教研组工会小组"


def test_columns_in_any_order(import_members):
    row = person("王芳", seq=6, male=False)
    order = [4, 2, 0, 6, 1, 5, 3]
    p = import_members(
        xlsx_bytes([[MEMBER_HEADER[i] for i in order], [row[i] for i in order]]), commit=True
    )
    assert p.counts["create"] == 1, errors(p)
    m = member(ident(seq=6, male=False))
    assert (m.name, m.sex, m.mobile) == ("王芳", "female", row[4])


def test_full_width_digits_stray_spaces_and_spaces_inside_short_names(import_members):
    number = ident(seq=7)
    wide = number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    rows = [
        MEMBER_HEADER,
        ["张 三", " 男 ", f" {wide[:6]} {wide[6:]}\u3000", "", "１３９ 0000 0007", SCHOOL, ""],
        ["欧阳 娜娜", "女", ident(seq=8, male=False), "", "", SCHOOL, ""],
    ]
    import_members(xlsx_bytes(rows), commit=True)
    m = member(number)
    assert (m.name, m.sex, m.mobile) == ("张三", "male", "13900000007")
    assert (m.name_pinyin, m.name_initials) == ("zhangsan", "zs")
    assert member(ident(seq=8, male=False)).name == "欧阳 娜娜"  # five characters: kept


@pytest.mark.parametrize(
    "cell,expected",
    [
        ("2019.3", dt.date(2019, 3, 1)),
        ("2019-3", dt.date(2019, 3, 1)),
        ("2019年3月", dt.date(2019, 3, 1)),
        ("2019年3月5日", dt.date(2019, 3, 5)),
        ("2019/03/05", dt.date(2019, 3, 5)),
        ("2019/3/5", dt.date(2019, 3, 5)),
        ("2019-03-05", dt.date(2019, 3, 5)),
        ("20190305", dt.date(2019, 3, 5)),
        ("201903", dt.date(2019, 3, 1)),
        (dt.datetime(2019, 3, 5), dt.date(2019, 3, 5)),  # an Excel date cell
        (43529, dt.date(2019, 3, 5)),  # an Excel date that lost its date format
        ("２０１９年３月５日", dt.date(2019, 3, 5)),
    ],
)
def test_every_date_style(import_members, cell, expected):
    rows = [[*MEMBER_HEADER, "入会时间"], [*person(seq=9), cell]]
    p = import_members(book(rows), commit=True)
    assert p.counts["create"] == 1, errors(p)
    assert member(ident(seq=9)).joined_on == expected


def test_a_date_that_is_not_one_is_an_error_and_2019_1_is_a_warning(import_members):
    rows = [
        [*MEMBER_HEADER, "入会时间"],
        [*person(seq=10), "去年"],
        [*person(seq=11), "2019.13"],
        [*person(seq=12), "2019.1"],
        [*person(seq=13), "2099-01-01"],
    ]
    p = import_members(xlsx_bytes(rows))
    assert [(row, col) for row, col, _m in errors(p)] == [
        (2, "入会时间"),
        (3, "入会时间"),
        (5, "入会时间"),
    ]
    assert "去年" in errors(p)[0][2]
    assert p.rows[2].warnings and p.rows[2].warnings[0].column == "入会时间"


def test_parse_date_rejects_impossible_days():
    with pytest.raises(ValueError):
        parse_date("2019-02-30")
    assert parse_date("2019") == (dt.date(2019, 1, 1), "year")


def test_blank_and_formatted_but_empty_rows_are_skipped(import_members):
    rows = [
        MEMBER_HEADER,
        person(seq=14),
        [],
        [None] * 7,
        person(seq=15),
        ["", "", "", "", "", "", ""],
    ]
    p = import_members(book(rows, fill_rows=(3, 4, 6, 7, 8)), commit=True)
    assert [r.row for r in p.rows] == [2, 5]
    assert p.counts == {"create": 2, "update": 0, "unchanged": 0, "error": 0, "total": 2}


def test_merged_cells_give_their_value_to_every_row(import_members):
    rows = [
        MEMBER_HEADER,
        person(seq=16, union=HOSPITAL, group="护理部工会小组"),
        person(seq=17, union="", group=""),
        person(seq=18, union="", group=""),
    ]
    p = import_members(book(rows, merge=("F2:F4", "G2:G4")), commit=True)
    assert p.counts["create"] == 3, errors(p)
    assert {member(ident(seq=n)).org.code for n in (16, 17, 18)} == {NURSING}


def test_an_id_number_excel_turned_into_a_number_is_an_error_naming_the_row(import_members):
    rows = [
        MEMBER_HEADER,
        person(seq=19),
        [*person(seq=20)[:2], 1.10101199001011e17, *person(seq=20)[3:]],
    ]
    before = totals()
    with pytest.raises(ImportRefused) as exc:
        import_members(book(rows), commit=True)
    [(row, column, message)] = errors(exc.value.preview)
    assert (row, column) == (3, "证件号码")
    assert "15" in message
    assert totals() == before


def test_an_id_number_in_scientific_notation_from_a_csv_is_an_error(import_members):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(MEMBER_HEADER)
    writer.writerow(person(seq=21))
    writer.writerow([*person(seq=22)[:2], "1.10101E+17", *person(seq=22)[3:]])
    p = import_members(out.getvalue().encode("gb18030"), name="roster.csv")
    [(row, column, message)] = errors(p)
    assert (row, column) == (3, "证件号码") and "1.10101E+17" in message


def test_a_wrong_check_digit_is_an_error(import_members):
    number = ident(seq=23)
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    row = person(seq=23)
    row[2] = wrong
    p = import_members(xlsx_bytes([MEMBER_HEADER, row]))
    assert errors(p) == [
        (2, "证件号码", _("The check digit of the ID number is wrong; a digit was mistyped."))
    ]


def test_sex_and_birth_date_must_match_the_id_number(import_members):
    wrong_sex = person(seq=24)
    wrong_sex[1] = "女"
    wrong_birth = person(seq=25)
    wrong_birth[3] = "1991-01-01"
    month_only = person(seq=26)
    month_only[3] = "1990.1"  # 出生年月: the month is enough
    p = import_members(xlsx_bytes([MEMBER_HEADER, wrong_sex, wrong_birth, month_only]))
    assert [(row, col) for row, col, _m in errors(p)] == [(2, "性别"), (3, "出生日期")]
    assert "1990-01-01" in errors(p)[1][2]
    assert p.rows[2].action == "create"


def test_the_same_id_number_twice_in_the_file_is_an_error_on_the_second_row(import_members):
    p = import_members(
        xlsx_bytes([MEMBER_HEADER, person(seq=27), person(seq=28), person("王五", seq=27)])
    )
    assert errors(p) == [
        (4, "证件号码", _("The same ID number is already on row %(row)s.") % {"row": 2})
    ]


@pytest.fixture
def elsewhere(platform):
    """A person holding a membership in a union outside the district of the tests."""
    with acting(source="system"):
        district = Organisation.objects.create(code="X9000", name="临江区总工会", kind="upper")
        union = Organisation.objects.create(
            code="X9001", name="临江区纺织厂工会", kind="grassroots", parent=district
        )
        return Member.objects.create(
            org=union, name="外区会员", sex="male", id_number=ident(seq=29)
        )


def test_a_person_with_a_membership_in_another_union_must_be_transferred(import_members, elsewhere):
    p = import_members(xlsx_bytes([MEMBER_HEADER, person("外区会员", seq=29)]))
    assert errors(p) == [(2, "证件号码", OTHER_UNION)]
    assert "临江区" not in str(errors(p))  # nothing about the other union is revealed


def test_a_person_whose_membership_ended_joins_again(import_members, elsewhere):
    with unscoped(), acting(source="system"):
        elsewhere.status, elsewhere.status_since = Status.LEFT, dt.date(2025, 1, 1)
        elsewhere.save()
    rows = [[*MEMBER_HEADER, "入会时间"], [*person("外区会员", seq=29), "2026-03-01"]]
    p = import_members(xlsx_bytes(rows))
    assert p.rows[0].action == "create" and p.rows[0].warnings
    import_members(xlsx_bytes(rows), commit=True)
    m = member(ident(seq=29))
    assert (m.pk, m.status, m.org.code, m.joined_on) == (
        elsewhere.pk,
        Status.ACTIVE,
        SCHOOL,
        dt.date(2026, 3, 1),
    )
    with unscoped():
        assert MembershipEvent.objects.filter(member=m, kind=EventKind.JOINED).exists()
    assert import_members(xlsx_bytes(rows)).counts["unchanged"] == 1


def test_one_bad_row_and_nothing_is_written(import_members):
    rows = [MEMBER_HEADER, *[person(seq=n, group="新建测试小组") for n in range(30, 40)]]
    rows.append(["坏行", "男", "110101199001011234", "", "", SCHOOL, ""])
    before = totals()
    with unscoped():
        orgs = Organisation.objects.count()
    with pytest.raises(ImportRefused) as exc:
        import_members(xlsx_bytes(rows), commit=True)
    assert exc.value.preview.counts["error"] == 1
    assert totals() == before
    with unscoped():
        assert Organisation.objects.count() == orgs


def test_importing_the_same_file_twice_changes_nothing_the_second_time(import_members):
    rows = [[*MEMBER_HEADER, "入会时间", "月工资", "学历"]]
    rows += [
        [*person(seq=n, group="体育组工会小组"), "2018-09-01", "7000", "本科"]
        for n in range(40, 45)
    ]
    data = xlsx_bytes(rows)
    first = import_members(data, commit=True)
    assert first.counts["create"] == 5
    before = totals()
    second = import_members(data, commit=True)
    assert second.counts == {"create": 0, "update": 0, "unchanged": 5, "error": 0, "total": 5}
    assert totals() == before  # not even a summary entry


def test_a_changed_value_updates_the_member_with_field_level_changes(import_members):
    rows = [MEMBER_HEADER, person(seq=45)]
    import_members(xlsx_bytes(rows), commit=True)
    rows[1][4] = "13700000045"
    p = import_members(xlsx_bytes(rows))
    assert p.rows[0].action == "update"
    assert p.rows[0].changes == {"手机号码": ["13900000045", "13700000045"]}
    import_members(xlsx_bytes(rows), commit=True)
    m = member(ident(seq=45))
    assert m.mobile == "13700000045"
    with unscoped():
        entry = AuditEntry.objects.filter(
            action="members.member.updated", object_id=str(m.pk)
        ).get()
    assert entry.changes == {"mobile": ["13900000045", "13700000045"]}


def test_a_blank_cell_leaves_the_field_as_it_is(import_members):
    rows = [MEMBER_HEADER, person(seq=46)]
    import_members(xlsx_bytes(rows), commit=True)
    rows[1][4] = ""
    assert import_members(xlsx_bytes(rows)).rows[0].action == "unchanged"


def test_a_member_is_found_by_id_and_moved_to_another_group_of_the_union(import_members, world):
    m = MemberFactory(org=world.chinese)
    row = [m.name, "", m.id_number, "", "", SCHOOL, "数学教研组工会小组"]
    p = import_members(xlsx_bytes([MEMBER_HEADER, row]), commit=True)
    assert p.rows[0].action == "update"
    assert p.rows[0].changes == {"工会小组": ["语文教研组工会小组", "数学教研组工会小组"]}
    moved = member(m.id_number)
    assert moved.org.code == MATHS
    with unscoped():
        assert MembershipEvent.objects.filter(member=m, kind=EventKind.GROUP_CHANGED).exists()


def test_a_member_of_another_union_in_scope_is_not_moved_by_an_import(import_members, world):
    m = MemberFactory(org=world.chinese)
    p = import_members(xlsx_bytes([MEMBER_HEADER, [m.name, "", m.id_number, "", "", FACTORY, ""]]))
    assert [(row, col) for row, col, _m in errors(p)] == [(2, "所属工会")]


def test_missing_groups_are_created_under_their_union_and_the_preview_says_so(import_members):
    rows = [
        MEMBER_HEADER,
        person(seq=47, union=FACTORY, group="三车间工会小组"),
        person(seq=48, union=FACTORY_NAME, group="三车间工会小组"),
        person(seq=49, union=FACTORY, group="一车间工会小组"),
    ]
    p = import_members(xlsx_bytes(rows))
    assert [n for n in p.notes if "三车间工会小组" in n and FACTORY_NAME in n]
    with unscoped():
        assert not Organisation.objects.filter(name="三车间工会小组").exists()
    import_members(xlsx_bytes(rows), commit=True)
    with unscoped():
        group = Organisation.objects.get(name="三车间工会小组")
        assert (group.kind, group.parent.code, group.code) == ("group", FACTORY, f"{FACTORY}-G04")
        assert AuditEntry.objects.filter(
            action="orgs.organisation.created", object_id=str(group.pk)
        ).exists()
    assert {member(ident(seq=n)).org.code for n in (47, 48)} == {f"{FACTORY}-G04"}
    assert member(ident(seq=49)).org.code == f"{FACTORY}-G01"
    again = import_members(xlsx_bytes(rows))
    assert again.counts["unchanged"] == 3 and not [n for n in again.notes if "三车间" in n]


@pytest.mark.parametrize(
    "union,code",
    [
        (SCHOOL, SCHOOL),
        (HOSPITAL_NAME, HOSPITAL),
        ("内科分会", INTERNAL),
        (COMMUNITY.lower(), COMMUNITY),
    ],
)
def test_each_row_goes_to_the_union_its_column_names(import_members, union, code):
    p = import_members(xlsx_bytes([MEMBER_HEADER, person(seq=50, union=union)]), commit=True)
    assert p.counts["create"] == 1, errors(p)
    assert member(ident(seq=50)).org.code == code


def test_an_unknown_union_or_one_outside_the_scope_or_an_upper_union_is_an_error(import_members):
    rows = [
        MEMBER_HEADER,
        person(seq=51, union="不存在的工会"),
        person(seq=52, union=HOSPITAL),
        person(seq=53, union=DISTRICT_NAME),
    ]
    p = import_members(xlsx_bytes(rows), code=SCHOOL)
    assert [(row, col) for row, col, _m in errors(p)] == [
        (2, "所属工会"),
        (3, "所属工会"),
        (4, "所属工会"),
    ]


def test_without_the_union_column_rows_go_to_the_organisation_of_the_import(import_members):
    header = MEMBER_HEADER[:5]
    p = import_members(xlsx_bytes([header, person(seq=54)[:5]]), code=FACTORY, commit=True)
    assert p.counts["create"] == 1
    assert member(ident(seq=54)).org.code == FACTORY
    refused = import_members(xlsx_bytes([header, person(seq=55)[:5]]), code=DISTRICT)
    assert [(row, col) for row, col, _m in errors(refused)] == [(2, "所属工会")]


def test_vocabulary_unknown_values_are_kept_with_a_warning_and_choices_are_checked(import_members):
    header = [*MEMBER_HEADER, "政治面貌", "学历", "民族", "户籍类型", "是否农民工", "会员类型"]
    rows = [
        header,
        [*person(seq=56), "无党派民主人士", "本科", "汉", "农业", "是", ""],
        [*person(seq=57), "群众", "大专", "回族", "外星户口", "否", ""],
        [*person(seq=58), "", "", "", "", "是", "劳务派遣"],
    ]
    p = import_members(xlsx_bytes(rows))
    assert [i.column for i in p.rows[0].warnings] == ["政治面貌"]
    assert [(row, col) for row, col, _m in errors(p)] == [(3, "户籍类型"), (4, "是否农民工")]
    rows = rows[:2]
    import_members(xlsx_bytes(rows), commit=True)
    m = member(ident(seq=56))
    assert (m.political_status, m.education, m.ethnicity) == ("无党派民主人士", "大学本科", "汉族")
    assert (m.hukou_type, m.member_type) == ("agricultural", "migrant")


def test_a_mobile_number_must_have_11_digits(import_members):
    p = import_members(xlsx_bytes([MEMBER_HEADER, person(seq=59, mobile="0551-1234567")]))
    assert [(row, col) for row, col, _m in errors(p)] == [(2, "手机号码")]
    ok = import_members(xlsx_bytes([MEMBER_HEADER, person(seq=60, mobile="+86 139 0000 0060")]))
    assert ok.rows[0].values["手机号码"] == "+8613900000060" and not errors(ok)


def test_other_id_types_need_the_sex(import_members):
    header = ["姓名", "证件类型", "证件号码", "性别", "所属工会"]
    rows = [
        header,
        ["John Smith", "护照", "e1234567", "男", SCHOOL],
        ["Jane Roe", "护照", "E7654321", "", SCHOOL],
    ]
    p = import_members(xlsx_bytes(rows))
    assert [(row, col) for row, col, _m in errors(p)] == [(3, "性别")]
    import_members(xlsx_bytes(rows[:2]), commit=True)
    with unscoped():
        m = Member.objects.get(id_type="passport", id_number="E1234567")
    assert (m.name, m.sex, m.birth_date) == ("John Smith", "male", None)


def test_the_error_report_holds_every_error_with_an_added_column(world):
    rows = [MEMBER_HEADER, person(seq=61), ["坏", "男", "110101199001011234", "", "", SCHOOL, ""]]
    rows += [person(seq=62, mobile="123")]
    data = xlsx_bytes(rows, title_rows=[["会员花名册"]])
    importer = MemberImporter()
    with scope(world.district):
        table, p = importer.preview_file(data, "r.xlsx", world.district)
    ws = load_workbook(io.BytesIO(error_report(table, p))).active
    assert ws.cell(row=1, column=1).value == "会员花名册"
    assert [c.value for c in ws[2]] == [*MEMBER_HEADER, "错误说明"]
    assert ws.cell(row=3, column=8).value is None
    assert "证件号码" in ws.cell(row=4, column=8).value
    assert "手机号码" in ws.cell(row=5, column=8).value
    assert ws.cell(row=4, column=3).value == "110101199001011234"


def test_a_large_preview_is_stored_as_counts_errors_and_a_sample(import_members):
    from gonghui.imports.base import SAMPLE_ROWS, Preview

    rows = [
        MEMBER_HEADER,
        *[
            person(seq=n % 400, birth=f"1980{1 + n // 400 % 12:02d}{1 + n // 4800:02d}")
            for n in range(SAMPLE_ROWS + 300)
        ],
    ]
    rows.append(["坏", "男", "123", "", "", SCHOOL, ""])
    p = import_members(xlsx_bytes(rows))
    stored = Preview.from_json(p.to_json())
    assert not stored.complete
    assert stored.counts == p.counts and stored.counts["total"] == SAMPLE_ROWS + 301
    assert len(stored.rows) == SAMPLE_ROWS + 1
    assert stored.errors() == p.errors()


def test_a_roster_from_gen_roster_is_imported(world, tmp_path):
    from django.core.management import call_command

    if not GEN_ROSTER.is_file():
        pytest.skip(f"{GEN_ROSTER} not found")
    roster, orgs = tmp_path / "roster.xlsx", tmp_path / "orgs.xlsx"
    subprocess.run(  # noqa: S603 - our own interpreter and script
        [
            sys.executable,
            str(GEN_ROSTER),
            str(roster),
            "--rows",
            "300",
            "--orgs",
            "5",
            "--orgs-out",
            str(orgs),
            "--parent-code",
            DISTRICT,
        ],
        check=True,
    )
    out = io.StringIO()
    call_command("import_orgs", str(orgs), "--org", DISTRICT, stdout=out)
    before = totals()
    call_command("import_members", str(roster), "--org", DISTRICT, stdout=out, stderr=out)
    assert totals()[0] == before[0] + 300
    with unscoped():
        groups = Organisation.objects.filter(parent__code__startswith="G000", kind="group")
        assert groups.count() > 5
        assert Member.objects.filter(org__in=groups).count() == 300
        assert AuditEntry.objects.filter(action="imports.batch.committed", source="cli").exists()
    after = totals()
    call_command("import_members", str(roster), "--org", DISTRICT, stdout=out, stderr=out)
    assert totals() == after


# -- a commit writes while it checks (MemberImporter.validate) ---------------------------

STREAMED = [
    MEMBER_HEADER,
    person(seq=60, union=FACTORY, group="五车间工会小组"),
    person(seq=61, union=SCHOOL, group="语文教研组工会小组"),
    person(seq=62, union=FACTORY, group="五车间工会小组"),
    person(seq=63, union=FACTORY),
    person(seq=64, union=SCHOOL, group="语文教研组工会小组"),
    person(seq=65, union=FACTORY, group="五车间工会小组"),
    person(seq=66, union=SCHOOL),
]


@pytest.fixture
def small_chunks(monkeypatch):
    from gonghui.members import importing

    monkeypatch.setattr(importing, "STREAM_ROWS", 2)


def test_a_commit_in_chunks_writes_every_row_and_logs_each_record_once(
    import_members, small_chunks
):
    before = totals()
    done = import_members(xlsx_bytes(STREAMED), commit=True)
    assert done.counts["create"] == 7
    people = [member(ident(seq=n)) for n in range(60, 67)]
    assert {m.org.code for m in people[::2][:2]} == {f"{FACTORY}-G04"}
    with unscoped():
        entries = list(AuditEntry.objects.filter(action="members.member.imported", pk__gt=0))
        entries = [e for e in entries if e.changes["first_id"] >= min(m.pk for m in people)]
    covered = sorted(
        pk for e in entries for pk in range(e.changes["first_id"], e.changes["last_id"] + 1)
    )
    assert covered == sorted(m.pk for m in people)  # every member once, nothing else
    for e in entries:
        assert {
            m.org_id for m in people if e.changes["first_id"] <= m.pk <= e.changes["last_id"]
        } == {e.org_id}
    with unscoped():
        assert MembershipEvent.objects.filter(member__in=people).count() == 7
    assert totals()[:2] == (before[0] + 7, before[1] + 7)
    assert import_members(xlsx_bytes(STREAMED)).counts["unchanged"] == 7


def test_an_error_in_the_last_chunk_undoes_what_the_first_ones_wrote(import_members, small_chunks):
    bad = person(seq=67)
    bad[2] = bad[2][:-1] + ("0" if bad[2][-1] != "0" else "1")  # a mistyped check digit
    before = totals()
    with pytest.raises(ImportRefused) as refused:
        import_members(xlsx_bytes([*STREAMED, bad]), commit=True)
    assert [(row, col) for row, col, _m in errors(refused.value.preview)] == [(9, "证件号码")]
    assert totals() == before
    with unscoped():
        assert not Organisation.objects.filter(name="五车间工会小组").exists()


def test_a_person_saved_meanwhile_by_someone_else_refuses_the_whole_file(
    import_members, small_chunks, monkeypatch, world
):
    taken = MemberFactory(org=world.chinese)
    # As if the person had been added between the check of their row and its writing.
    monkeypatch.setattr(MemberImporter, "_existing", staticmethod(lambda keys: {}))
    row = [taken.name, "", taken.id_number, "", "", SCHOOL, ""]
    before = totals()
    with pytest.raises(ImportRefused) as refused:
        import_members(xlsx_bytes([*STREAMED[:4], row, *STREAMED[4:]]), commit=True)
    messages = [m for _r, _c, m in errors(refused.value.preview)]
    assert messages == [_("The data changed while importing. Preview the file again and retry.")]
    assert totals() == before


@pytest.mark.parametrize(
    "name",
    [
        "张三",
        " 张 三 ",
        "单于婷",
        "尉迟恭",
        "曾国藩",
        "长孙无忌",
        "解放",
        "阿依古丽·买买提",
        "阿依古丽 买买提",
        "重庆",
        "朝阳",
        "Anna李",
        "李2",
        "〇",
        "吕",
        "䶮",
        "",
    ],
)
def test_the_pinyin_keys_are_the_models_own(name):
    from gonghui.members.importing import _name_parts

    m = Member(name=name)
    m.prepare_for_save()
    assert _name_parts(name) == (m.name, m.name_pinyin, m.name_initials)
