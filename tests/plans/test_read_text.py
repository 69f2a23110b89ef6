"""read_text / parse_document on uploads: encodings, .docx, and bad files."""

from __future__ import annotations

import contextlib
import io
import os
import zipfile

import pytest
from django.utils import translation

from gonghui.plans.parsing import MAX_PLAN_BYTES, PlanParseError, parse_document, read_text

from .test_parser_helpers import DOCS

PLAN = (DOCS / "school_jiaodaihui.txt").read_text(encoding="utf-8")
TRADITIONAL = (DOCS / "retail_traditional.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def _error(data: bytes, filename: str = "") -> str:
    with pytest.raises(PlanParseError) as caught:
        parse_document(data, filename)
    message = str(caught.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message  # shown in Chinese
    return message


# -- encodings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoded",
    [
        PLAN.encode("utf-8"),
        b"\xef\xbb\xbf" + PLAN.encode("utf-8"),
        PLAN.encode("utf-16"),  # with its BOM
        PLAN.encode("utf-16-le"),  # without: told apart by the NULs
        PLAN.encode("gbk"),
        PLAN.encode("gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-no-bom", "gbk", "gb18030"],
)
def test_a_plan_reads_in_every_common_encoding(encoded):
    assert read_text(encoded, "plan.txt").strip() == PLAN.strip()
    assert parse_document(encoded, "plan.txt")[0].title == "青山区第二中学工会2024年工作计划"


def test_big5_is_told_apart_from_gbk():
    encoded = TRADITIONAL.encode("big5")
    assert read_text(encoded, "plan.txt").strip() == TRADITIONAL.strip()
    plan = parse_document(encoded, "plan.txt")[0]
    assert plan.title == "海港百貨商場工會2024年工作計劃"
    assert [e.months for e in plan.schedule] == [[3], [5], [9], [12]]


def test_windows_line_ends_and_pasted_text_without_a_name():
    plan = parse_document(PLAN.replace("\n", "\r\n").encode("gbk"))[0]
    assert len(plan.sections) == 4


def test_a_saved_web_page_is_read_as_its_text():
    page = (
        "<html><body>" + "".join(f"<p>{line}</p>" for line in PLAN.splitlines()) + "</body></html>"
    )
    plan = parse_document(page.encode("utf-8"), "plan.htm")[0]
    assert [s.title for s in plan.sections][:2] == ["指导思想", "工作目标"]


# -- .docx --------------------------------------------------------------------------------


def _docx(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_keeps_paragraphs_and_table_rows_in_order():
    def build(document):
        document.add_paragraph("星光小学工会2024年工作计划")
        document.add_paragraph("一、主要工作")
        document.add_paragraph("1、召开第五届教代会第二次会议。")
        document.add_paragraph("2、组织教职工参加区运动会。")
        document.add_paragraph("二、月度安排")
        table = document.add_table(rows=4, cols=3)
        rows = [
            ("月份", "工作内容", "负责人"),
            ("3月", "庆祝三八节；组织女教师插花", "工会主席"),
            ("七、八月", "暑期疗休养", "工会"),
            ("9月", "教师节慰问", "工会办公室"),
        ]
        for row, cells in zip(table.rows, rows, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
        document.add_paragraph("三、工作要求")
        document.add_paragraph("各工会小组要认真落实本计划。")

    data = _docx(build)
    text = read_text(data, "plan.docx")
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[5] == "月份\t工作内容\t负责人"
    assert lines.index("三、工作要求") > lines.index("9月\t教师节慰问\t工会办公室")
    plan = parse_document(data, "plan.docx")[0]
    assert [s.title for s in plan.sections] == ["主要工作", "月度安排", "工作要求"]
    assert [(e.months, e.items) for e in plan.schedule] == [
        ([3], ["庆祝三八节", "组织女教师插花"]),
        ([7, 8], ["暑期疗休养"]),
        ([9], ["教师节慰问"]),
    ]


def test_a_docx_with_words_automatic_numbering():
    """Headings numbered by Word's list feature carry no typed number; it is rebuilt."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(document):
        numbering = document.part.numbering_part.element
        numbering.append(
            parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
                '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
                '<w:lvlText w:val="%1、"/></w:lvl>'
                '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'
            )
        )
        numbering.append(
            parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
        )

        def numbered(text, level):
            paragraph = document.add_paragraph(text)
            paragraph._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
                )
            )

        document.add_paragraph("机关工会2024年工作计划")
        numbered("加强民主管理", 0)
        numbered("召开职工代表大会，审议工作报告。", 1)
        numbered("推进政务公开，每季度公开一次。", 1)
        numbered("关心职工生活", 0)
        numbered("组织职工健康体检。", 1)

    text = read_text(_docx(build), "plan.docx")
    assert "一、加强民主管理" in text
    assert "（2）推进政务公开，每季度公开一次。" in text
    assert "二、关心职工生活" in text
    assert "（1）组织职工健康体检。" in text


# -- bad input ----------------------------------------------------------------------------


def test_random_bytes_are_refused():
    message = _error(os.urandom(4096), "plan.txt")
    assert "不是文本" in message or "编码" in message


def test_many_kinds_of_garbage_never_crash():
    import random

    rng = random.Random(7)
    for size in (1, 2, 3, 17, 256, 5000):
        for _round in range(20):
            data = bytes(rng.randrange(256) for _ in range(size))
            for name in ("x.txt", "x.docx", "", "x.doc"):
                with contextlib.suppress(PlanParseError):
                    parse_document(data, name)


def test_an_empty_file_is_refused():
    assert "空" in _error(b"", "plan.txt")
    assert "空" in _error(b"  \n\r\n\t ", "plan.txt")


def test_a_file_over_the_limit_is_refused_naming_the_limit():
    message = _error(b"a" * (MAX_PLAN_BYTES + 1), "plan.txt")
    assert "10 MB" in message


def test_a_50_mb_file_is_refused_quickly():
    message = _error(PLAN.encode("utf-8") * (50 * 1024 * 1024 // len(PLAN.encode("utf-8")) + 1))
    assert "10 MB" in message


def test_a_zip_of_something_else_renamed_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/readme.txt", "not a plan")
    assert "不是 Word 文档" in _error(buffer.getvalue(), "plan.docx")


def test_a_damaged_docx():
    data = _docx(lambda document: document.add_paragraph("工会工作计划"))
    assert "损坏" in _error(data[: len(data) // 2], "plan.docx")
    assert "损坏" in _error(b"this is not a zip", "plan.docx")


def test_a_docx_whose_document_xml_is_broken():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<<<not xml")
    assert "损坏" in _error(buffer.getvalue(), "plan.docx")


def test_an_old_word_file_asks_for_docx():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(2000)
    assert ".docx" in _error(ole, "plan.doc")
    assert ".docx" in _error(ole, "plan.txt")  # told by its bytes, whatever its name


def test_a_pdf_is_refused():
    assert "PDF" in _error(b"%PDF-1.7\n" + os.urandom(500), "plan.pdf")


def test_a_text_with_no_plan_in_it():
    assert "工作计划" in _error("今天天气很好，我们去公园散步。".encode(), "note.txt")
