"""The year-end summary as a Chinese official document (.docx and PDF), per GB/T 9704-2012.

Layout: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the title in
方正小标宋简体 二号 (22 pt) centred; the body in 仿宋_GB2312 三号 (16 pt) with a fixed line
spacing of 28 pt and a first-line indent of two characters; first-level headings (一、)
in 黑体 三号, second-level headings (（一）) in 楷体_GB2312 三号; page numbers "— N —" in
宋体 四号 (14 pt) at the foot, odd pages on the right and even pages on the left, one
character in from the edge; the union's name and the date at the end, on the right.

Fonts. Word picks fonts by name, so the .docx names the standard fonts (East-Asian name
in w:eastAsia, Times New Roman for Latin text and figures) and its font table gives each
one its Chinese character set, family and alternative name, which Word and WPS use to
substitute a similar installed font. For the document to look as intended, the reader's
computer should have:

    方正小标宋简体 (FZXiaoBiaoSong-B05S)  title          fallback 华文中宋 / 宋体
    仿宋_GB2312 (FangSong_GB2312)         body           fallback 仿宋 (FangSong, Windows)
    黑体 (SimHei)                          headings 一、  (Windows standard)
    楷体_GB2312 (KaiTi_GB2312)             headings （一） fallback 楷体 (KaiTi, Windows)
    宋体 (SimSun)                          page numbers   (Windows standard)

The PDF is rendered here, so it embeds whatever the server has: the CSS font lists name
the official fonts first, then the free Noto CJK (Debian package fonts-noto-cjk, which
CI installs), then the generic family. Without any CJK font the PDF shows empty boxes.

Both renderers read the same paragraphs (`SummaryDocument.rows()`): the title, then the
body split at blank lines into headings and paragraphs. The document's metadata carries
who exported it and when, as every export does.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.exports import Exporter, render_pdf, xml_text

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"
CONTENT_TYPES = {"docx": DOCX_CONTENT_TYPE, "pdf": PDF_CONTENT_TYPE}

TITLE, HEADING1, HEADING2, BODY = "title", "h1", "h2", "p"
H1_RE = re.compile(r"^[一二三四五六七八九十]+、")
H2_RE = re.compile(r"^（[一二三四五六七八九十]+）")
# A second-level heading runs into its paragraph when the line goes on after a full stop
# ("（一）加强组织建设。全年……"); only a short line is a heading of its own.
HEADING_MAX_CHARS = 40

# GB/T 9704 measures (points and millimetres).
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TITLE_PT, BODY_PT, PAGE_NUMBER_PT = 22, 16, 14
LINE_PT, TITLE_LINE_PT = 28, 36


@dataclass(frozen=True)
class Font:
    east_asian: str  # the name Word looks for
    latin: str
    alt: str  # the alternative Word and WPS fall back to
    family: str  # font table family: roman (serif), modern, swiss (sans), ...
    css: tuple[str, ...]  # the PDF's font-family list, best first


FONTS = {
    TITLE: Font(
        "方正小标宋简体",
        "Times New Roman",
        "华文中宋",
        "roman",
        (
            "FZXiaoBiaoSong-B05S",
            "方正小标宋简体",
            "STZhongsong",
            "华文中宋",
            "Noto Serif CJK SC",
            "Source Han Serif SC",
            "serif",
        ),
    ),
    BODY: Font(
        "仿宋_GB2312",
        "Times New Roman",
        "仿宋",
        "modern",
        (
            "FangSong_GB2312",
            "仿宋_GB2312",
            "FangSong",
            "仿宋",
            "STFangsong",
            "Noto Serif CJK SC",
            "Source Han Serif SC",
            "serif",
        ),
    ),
    HEADING1: Font(
        "黑体",
        "Times New Roman",
        "SimHei",
        "modern",
        ("SimHei", "黑体", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC", "sans-serif"),
    ),
    HEADING2: Font(
        "楷体_GB2312",
        "Times New Roman",
        "楷体",
        "modern",
        (
            "KaiTi_GB2312",
            "楷体_GB2312",
            "KaiTi",
            "楷体",
            "STKaiti",
            "Noto Serif CJK SC",
            "Source Han Serif SC",
            "serif",
        ),
    ),
    "page": Font(
        "宋体",
        "Times New Roman",
        "SimSun",
        "auto",
        ("SimSun", "宋体", "Noto Serif CJK SC", "Source Han Serif SC", "serif"),
    ),
}


def blocks_of(title: str, body: str) -> list[tuple[str, str]]:
    """(kind, text) of the document: the title, then each paragraph of the body."""
    out = [(TITLE, title.strip())]
    for para in re.split(r"\n\s*\n", body.replace("\r\n", "\n").strip()):
        # A line break inside a paragraph is a cadre's typing, not a new paragraph.
        text = "".join(line.strip() for line in para.split("\n")).strip()
        if not text:
            continue
        if H1_RE.match(text) and len(text) <= HEADING_MAX_CHARS:
            out.append((HEADING1, text))
        elif H2_RE.match(text) and len(text) <= HEADING_MAX_CHARS:
            out.append((HEADING2, text))
        else:
            out.append((BODY, text))
    return out


class SummaryDocument(Exporter):
    """A summary (or an unsaved draft) as a document; `rows()` feeds both renderers."""

    identifier = "plans.summary"
    name = _("Year-end summary")

    def __init__(self, *, user, org, title: str, body: str, year: int, date: dt.date | None = None):
        super().__init__(user=user, org=org)
        # Typed or pasted from Word: a control character would fail the .docx (XML).
        self.title = xml_text(title)
        self.body = xml_text(body)
        self.year = year
        self.date = date or timezone.localdate()
        self.exported_at = timezone.localtime()

    def columns(self) -> list[str]:
        return ["kind", "text"]

    def rows(self) -> Iterator[tuple[str, str]]:
        yield from blocks_of(self.title, self.body)

    def signature(self) -> tuple[str, str]:
        """发文机关署名 and 成文日期 (Arabic numerals, GB/T 9704-2012 §7.3.5)."""
        d = self.date
        return xml_text(self.org.name), f"{d.year}年{d.month}月{d.day}日"

    def exporter_name(self) -> str:
        if self.user is None:
            return "system"
        return xml_text(getattr(self.user, "display_name", "") or self.user.get_username())

    def filename(self, fmt: str) -> str:
        return f"{self.title.strip() or self.year}.{fmt}"

    # -- docx ------------------------------------------------------------------------
    def write_docx(self, out: IO[bytes]) -> None:
        from docx import Document
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Mm, Pt

        doc = Document()
        section = doc.sections[0]
        section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        section.top_margin = Mm(MARGINS_MM["top"])
        section.bottom_margin = Mm(MARGINS_MM["bottom"])
        section.left_margin = Mm(MARGINS_MM["left"])
        section.right_margin = Mm(MARGINS_MM["right"])
        section.footer_distance = Mm(28 - 7)  # the number sits 7 mm below the text block

        _docx_defaults(doc)
        styles = _docx_styles(doc)
        for kind, text in self.rows():
            p = doc.add_paragraph(text, style=styles[kind])
            if kind == TITLE:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        # 署名 and 成文日期 on the right, the date four characters in from the margin.
        name, date = self.signature()
        doc.add_paragraph("", style=styles[BODY])
        for text, right_chars in ((name, 2), (date, 4)):
            p = doc.add_paragraph(text, style=styles[BODY])
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.first_line_indent = Pt(0)
            p.paragraph_format.right_indent = Pt(BODY_PT * right_chars)
            p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            p.paragraph_format.line_spacing = Pt(LINE_PT)
            _set_chars_indent(p._p.get_or_add_pPr(), first_line=0)

        doc.settings.odd_and_even_pages_header_footer = True
        _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
        _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
        _docx_font_table(doc)

        props = doc.core_properties
        props.title = self.title
        props.subject = str(self.name)
        props.author = self.exporter_name()
        props.last_modified_by = self.exporter_name()
        props.created = props.modified = timezone.now().replace(tzinfo=None, microsecond=0)
        props.comments = xml_text(self.footer())
        props.category = xml_text(self.org.name)
        doc.save(out)

    def docx_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.write_docx(buf)
        return buf.getvalue()

    # -- pdf -------------------------------------------------------------------------
    def html(self) -> str:
        name, date = self.signature()
        rows = list(self.rows())
        return render_to_string(
            "plans/summary_pdf.html",
            {
                "title": self.title,
                "blocks": rows[1:],
                "signature": {"name": name, "date": date},
                "fonts": {kind: _css_list(font.css) for kind, font in FONTS.items()},
                "author": self.exporter_name(),
                "footer": self.footer(),
                "created": timezone.now().replace(microsecond=0).isoformat(),
                "m": MARGINS_MM,
                "sizes": {
                    "title": TITLE_PT,
                    "body": BODY_PT,
                    "page": PAGE_NUMBER_PT,
                    "line": LINE_PT,
                    "title_line": TITLE_LINE_PT,
                },
            },
        )

    def pdf_bytes(self) -> bytes:
        return render_pdf(self.html())

    def render(self, fmt: str) -> bytes:
        if fmt == "docx":
            return self.docx_bytes()
        if fmt == "pdf":
            return self.pdf_bytes()
        raise ValueError(f"unknown format {fmt!r}")


def _css_list(names) -> str:
    return ", ".join(n if n in ("serif", "sans-serif") else f'"{n}"' for n in names)


# -- python-docx helpers ---------------------------------------------------------------------


def _set_fonts(rpr, font: Font) -> None:
    """Name the East-Asian and the Latin font explicitly (and drop the theme's fonts,
    which would otherwise win over the names)."""
    from docx.oxml.ns import qn

    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), font.latin)
    rfonts.set(qn("w:hAnsi"), font.latin)
    rfonts.set(qn("w:cs"), font.latin)
    rfonts.set(qn("w:eastAsia"), font.east_asian)
    rfonts.set(qn("w:hint"), "eastAsia")


def _docx_defaults(doc) -> None:
    """The document defaults name the body fonts too, so nothing falls back to the theme."""
    from docx.oxml.ns import qn

    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is not None:
        _set_fonts(rpr, FONTS[BODY])
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = rpr.makeelement(qn("w:lang"), {})
            rpr.append(lang)
        lang.set(qn("w:eastAsia"), "zh-CN")


def _docx_styles(doc) -> dict:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt, RGBColor

    def configure(style, font: Font, size: int, line: int, indent_chars: int, outline=None):
        style.font.size = Pt(size)
        style.font.bold = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        _set_fonts(style.element.get_or_add_rPr(), font)
        pf = style.paragraph_format
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(line)
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.first_line_indent = Pt(size * indent_chars)
        pf.widow_control = True
        _set_chars_indent(style.element.get_or_add_pPr(), first_line=indent_chars * 100)
        if outline is not None:
            _set_outline_level(style, outline)
        return style

    normal = configure(doc.styles["Normal"], FONTS[BODY], BODY_PT, LINE_PT, 2)

    def add(name: str):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.next_paragraph_style = normal
        return style

    title = configure(add("公文标题"), FONTS[TITLE], TITLE_PT, TITLE_LINE_PT, 0, outline=0)
    title.paragraph_format.space_after = Pt(LINE_PT)
    title.paragraph_format.keep_with_next = True
    h1 = configure(add("一级标题"), FONTS[HEADING1], BODY_PT, LINE_PT, 2, outline=0)
    h1.paragraph_format.keep_with_next = True
    h2 = configure(add("二级标题"), FONTS[HEADING2], BODY_PT, LINE_PT, 2, outline=1)
    h2.paragraph_format.keep_with_next = True
    return {TITLE: title, HEADING1: h1, HEADING2: h2, BODY: normal}


def _set_chars_indent(ppr, *, first_line: int) -> None:
    """Indent in hundredths of a character (w:firstLineChars), as Chinese Word does: it
    follows the font size. The indent in twips stays beside it for other readers."""
    from docx.oxml.ns import qn

    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = ppr.makeelement(qn("w:ind"), {})
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(first_line))


def _set_outline_level(style, level: int) -> None:
    from docx.oxml.ns import qn

    ppr = style.element.get_or_add_pPr()
    el = ppr.find(qn("w:outlineLvl"))
    if el is None:
        el = ppr.makeelement(qn("w:outlineLvl"), {})
        ppr.append(el)
    el.set(qn("w:val"), str(level))


def _page_number(footer, alignment) -> None:
    """— N — in 宋体 四号, one character in from the outer edge (a PAGE field)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    footer.is_linked_to_previous = False
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = alignment
    pf = p.paragraph_format
    pf.first_line_indent = Pt(0)
    outer = Pt(PAGE_NUMBER_PT)
    if alignment == WD_ALIGN_PARAGRAPH.LEFT:
        pf.left_indent = outer
    else:
        pf.right_indent = outer
    _set_chars_indent(p._p.get_or_add_pPr(), first_line=0)

    def run(text: str = ""):
        r = p.add_run(text)
        r.font.size = Pt(PAGE_NUMBER_PT)
        _set_fonts(r._r.get_or_add_rPr(), FONTS["page"])
        return r

    def field_char(kind: str) -> None:
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        run()._r.append(fld)

    run("— ")
    field_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run()._r.append(instr)
    field_char("separate")
    run("1")  # shown until the reader updates the field
    field_char("end")
    run(" —")


def _docx_font_table(doc) -> None:
    """Add the official fonts to the font table with their GB2312 character set, family
    and an alternative name: what Word and WPS use to substitute a missing font."""
    from lxml import etree

    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    part = next(
        (r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable")), None
    )
    if part is None:
        return
    root = etree.fromstring(part.blob)
    present = {f.get(f"{{{W}}}name") for f in root.findall(f"{{{W}}}font")}
    for font in FONTS.values():
        if font.east_asian in present:
            continue
        el = etree.SubElement(root, f"{{{W}}}font", {f"{{{W}}}name": font.east_asian})
        etree.SubElement(el, f"{{{W}}}altName", {f"{{{W}}}val": font.alt})
        etree.SubElement(el, f"{{{W}}}charset", {f"{{{W}}}val": "86"})  # GB2312
        etree.SubElement(el, f"{{{W}}}family", {f"{{{W}}}val": font.family})
        etree.SubElement(el, f"{{{W}}}pitch", {f"{{{W}}}val": "variable"})
        present.add(font.east_asian)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
