"""Hostile office files, written byte by byte with zipfile (no office library: building
hundreds of thousands of paragraphs with python-docx would take minutes)."""

from __future__ import annotations

import io
import zipfile

_CT = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    b'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    b'"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    b'"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument'
    b'.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    b'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
    b'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
    b'2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    b'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    b'Target="worksheets/sheet1.xml"/></Relationships>'
)


def _inline(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


HEADER_ROW = (
    b'<row r="1">'
    + b"".join(
        _inline(f"{col}1", name)
        for col, name in zip(
            "ABCDEF", ["编码", "名称", "类型", "上级编码", "单位名称", "单位类型"], strict=True
        )
    )
    + b"</row>"
)


def xlsx(sheet_data: bytes, *, dimension: str = "") -> bytes:
    """A workbook of one sheet "S" whose <sheetData> is `sheet_data`."""
    dim = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
        b'openxmlformats.org/spreadsheetml/2006/main">'
        + dim
        + b"<sheetData>"
        + sheet_data
        + b"</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def far_cell_xlsx() -> bytes:
    """1.5 KB: a header and one cell at XFD1048576, which would make calamine allocate
    the whole 1,048,576 × 16,384 grid."""
    return xlsx(HEADER_ROW + b'<row r="1048576">' + _inline("XFD1048576", "x") + b"</row>")


def many_rows_xlsx(rows: int) -> bytes:
    """A header and `rows` real rows of one short cell each (470,000 → about 2.5 MB)."""
    body = b"".join(
        b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in range(2, rows + 2)
    )
    return xlsx(HEADER_ROW + body)


def docx(body: bytes) -> bytes:
    document = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://'
        b'schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + body
        + b"</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            b'.org/package/2006/content-types"><Default Extension="rels" ContentType="application'
            b'/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            b'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType'
            b'="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"'
            b"/></Types>",
        )
        z.writestr(
            "_rels/.rels",
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            b'//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            b'Target="word/document.xml"/></Relationships>',
        )
        z.writestr("word/document.xml", document)
    return out.getvalue()


def many_paragraphs_docx(paragraphs: int) -> bytes:
    """A .docx of `paragraphs` numbered paragraphs (300,000 → a few MB)."""
    return docx(
        b"".join(
            f"<w:p><w:r><w:t>第{i}项 开展活动</w:t></w:r></w:p>".encode() for i in range(paragraphs)
        )
    )


def zip_bomb_docx() -> bytes:
    """A .docx whose document.xml is 64 MB of one repeated paragraph: a few hundred KB packed."""
    paragraph = "<w:p><w:r><w:t>一、工作要点</w:t></w:r></w:p>".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<w:document xmlns:w="w"><w:body>')
            chunk = paragraph * 20_000
            for _ in range(64 * 1024 * 1024 // len(chunk)):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return out.getvalue()
