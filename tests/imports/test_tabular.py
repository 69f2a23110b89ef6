from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from gonghui.imports.tabular import Column, ImportFileError, cell_text, clean_text, read_table

from .conftest import HEADER, csv_bytes, xlsx_bytes

COLUMNS = (
    Column("编码", ("组织编码", "代码", "工会编码"), required=True, compact=True),
    Column("名称", ("工会名称", "组织名称"), required=True),
    Column("类型", ("组织类型",), required=True),
    Column("上级编码", ("上级工会编码",), compact=True),
    Column("单位名称"),
)


def test_it_reads_rows_with_their_excel_row_numbers():
    t = read_table(
        xlsx_bytes([HEADER, ["G1", "甲工会", "基层工会", "QD01", "甲", "企业"]]), "a.xlsx", COLUMNS
    )
    assert t.header_row == 1
    assert [(r.number, r.values["编码"], r.values["名称"]) for r in t.rows] == [(2, "G1", "甲工会")]


def test_it_finds_the_header_below_title_rows():
    data = xlsx_bytes(
        [HEADER, ["G1", "甲工会", "基层工会", "QD01", "", ""]],
        title_rows=[["临湖区基层工会名单"], ["填报单位：临湖区总工会", "", "日期：2026年1月"]],
    )
    t = read_table(data, "a.xlsx", COLUMNS)
    assert t.header_row == 3
    assert t.rows[0].number == 4
    assert t.rows[0].values["上级编码"] == "QD01"
    assert t.preamble[0][0] == "临湖区基层工会名单"


def test_it_maps_synonyms_and_columns_in_any_order():
    data = xlsx_bytes(
        [
            ["备注", "上级工会编码", " 工会名称 ", "组织编码*", "组织类型"],
            ["无", "QD01", "乙工会", "G2", "基层工会"],
        ]
    )
    t = read_table(data, "a.xlsx", COLUMNS)
    assert t.rows[0].values == {
        "上级编码": "QD01",
        "名称": "乙工会",
        "编码": "G2",
        "类型": "基层工会",
    }
    assert any("备注" in n for n in t.notes)  # unused column reported
    assert any("单位名称" in n for n in t.notes)  # missing optional column reported


def test_it_normalises_full_width_digits_and_stray_spaces():
    data = xlsx_bytes(
        [HEADER, ["Ｇ０００３\u3000", " 丙\u00a0 工会 ", "基层工会", " ＱＤ０１", "", ""]]
    )
    values = read_table(data, "a.xlsx", COLUMNS).rows[0].values
    assert values["编码"] == "G0003"
    assert values["名称"] == "丙 工会"
    assert values["上级编码"] == "QD01"


def test_it_keeps_chinese_punctuation_in_names():
    assert clean_text("某公司（集团）工会") == "某公司（集团）工会"
    assert clean_text("ＱＳ０１－Ｇ０１", compact=True) == "QS01-G01"


def test_it_turns_excel_numbers_and_dates_into_text():
    assert cell_text(12.0) == ("12", False)
    assert cell_text(0.1 + 0.2) == ("0.3", False)
    assert cell_text(dt.date(2024, 3, 1)) == ("2024-03-01", False)
    assert cell_text(dt.datetime(2024, 3, 1, 0, 0)) == ("2024-03-01", False)
    assert cell_text(dt.datetime(2024, 3, 1, 8, 30)) == ("2024-03-01 08:30:00", False)
    assert cell_text(3.4e17) == ("340000000000000000", True)  # digits lost by Excel


def test_numeric_codes_read_as_integers_and_long_numbers_warn():
    data = xlsx_bytes([HEADER, [1001, "丁工会", "基层工会", 123456789012345678, "", ""]])
    row = read_table(data, "a.xlsx", COLUMNS).rows[0]
    assert row.values["编码"] == "1001"
    assert [c for c, _m in row.notes] == ["上级编码"]


def test_it_skips_blank_and_formatted_empty_rows():
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["G1", "甲工会", "基层工会", "QD01"])
    ws.append([None, "  ", None])  # spaces only
    for col in "ABCDEF":
        ws[f"{col}4"].fill = PatternFill("solid", fgColor="FFFF00")  # formatted, empty
    ws.append([])
    ws.append(["G2", "乙工会", "基层工会", "QD01"])
    out = io.BytesIO()
    wb.save(out)
    t = read_table(out.getvalue(), "a.xlsx", COLUMNS)
    assert [r.number for r in t.rows] == [2, 6]


def test_it_spreads_a_vertically_merged_cell_over_its_rows():
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["G1", "甲工会", "基层工会", "QD01"])
    ws.append(["G2", "乙工会", "基层工会"])
    ws.merge_cells("D2:D3")
    out = io.BytesIO()
    wb.save(out)
    t = read_table(out.getvalue(), "a.xlsx", COLUMNS)
    assert [r.values["上级编码"] for r in t.rows] == ["QD01", "QD01"]


def test_it_uses_the_first_sheet_with_a_header():
    wb = Workbook()
    wb.active.title = "填表说明"
    wb.active.append(["请按模板填写"])
    ws = wb.create_sheet("数据")
    ws.append(HEADER)
    ws.append(["G1", "甲工会", "基层工会", "QD01"])
    out = io.BytesIO()
    wb.save(out)
    t = read_table(out.getvalue(), "a.xlsx", COLUMNS)
    assert t.sheet == "数据"
    assert len(t.rows) == 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_it_reads_csv_in_chinese_encodings(encoding):
    data = csv_bytes([HEADER, ["G1", "临湖区第一中学工会", "基层工会", "QD01", "", ""]], encoding)
    t = read_table(data, "a.csv", COLUMNS)
    assert t.rows[0].values["名称"] == "临湖区第一中学工会"
    assert t.rows[0].number == 2


def test_it_reads_semicolon_separated_csv():
    data = "编码;名称;类型;上级编码\nG1;甲工会;基层工会;QD01\n".encode()
    assert read_table(data, "a.csv", COLUMNS).rows[0].values["上级编码"] == "QD01"


def _message(exc_info) -> str:
    return str(exc_info.value)


def test_an_empty_file_is_refused():
    with pytest.raises(ImportFileError) as exc:
        read_table(b"", "a.xlsx", COLUMNS)
    assert _message(exc) == _("The file is empty.")


def test_garbage_bytes_are_refused_with_a_message():
    with pytest.raises(ImportFileError) as exc:
        read_table(bytes(range(256)) * 10, "a.xlsx", COLUMNS)
    assert _message(exc)


def test_a_zip_that_is_not_xlsx_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(ImportFileError) as exc:
        read_table(out.getvalue(), "a.xlsx", COLUMNS)
    assert "spreadsheet" in _message(exc) or "表" in _message(exc)


def test_a_web_page_named_xls_is_refused_with_advice():
    with pytest.raises(ImportFileError) as exc:
        read_table(b"<html><table><tr><td>1</td></tr></table></html>", "a.xls", COLUMNS)
    assert ".xlsx" in _message(exc)


def test_a_file_without_the_header_names_the_missing_columns():
    with pytest.raises(ImportFileError) as exc:
        read_table(xlsx_bytes([["姓名", "性别"], ["张三", "男"]]), "a.xlsx", COLUMNS)
    assert "编码" in _message(exc) and "名称" in _message(exc)


def test_cells_are_cleaned_one_by_one_in_a_column_that_needs_it():
    long_column = (*COLUMNS[:3], Column("上级编码", compact=True, exact_digits=True), COLUMNS[4])
    rows = [
        HEADER,
        ["G1", "甲工会", "基层工会", "QD01", "甲　公司", ""],  # an ideographic space
        ["Ｇ２", "乙工会", "基层工会", 123456789012345678, "乙公司", ""],
        ["G3", " 丙工会 ", "基层工会", "QD01", 2024.5, ""],
        ["G4", "丁工会", "基层工会", 123456789012345678, 2024.5, ""],
    ]
    t = read_table(xlsx_bytes(rows), "a.xlsx", long_column)
    assert [r.values["编码"] for r in t.rows] == ["G1", "G2", "G3", "G4"]
    assert [r.values["名称"] for r in t.rows] == ["甲工会", "乙工会", "丙工会", "丁工会"]
    assert [r.values["单位名称"] for r in t.rows] == ["甲 公司", "乙公司", "2024.5", "2024.5"]
    # Excel's lost digits are an error on their own rows, and only there.
    assert [(r.number, [c for c, _m in r.errors]) for r in t.rows] == [
        (2, []),
        (3, ["上级编码"]),
        (4, []),
        (5, ["上级编码"]),
    ]
    assert all(not r.notes for r in t.rows)
    assert len(t.sha256) == 64
