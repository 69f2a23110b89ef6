"""read_text: an uploaded file or pasted bytes → the plan's text.

.docx: paragraphs and table rows (cells joined by tabs) in document order, with Word's
automatic numbering (一、 （一） 1. ①) written back in, since plans number their headings
that way and python-docx reads only the typed text. Text files: UTF-8 (with or without a
BOM), UTF-16 with a BOM, GB18030/GBK, Big5, told apart by which decoding gives Chinese.
"""

from __future__ import annotations

import codecs
import html
import io
import re
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

from gonghui.imports import guard

from .errors import PlanParseError
from .numbers import CIRCLED, to_cn

MAX_PLAN_BYTES = 10 * 1024 * 1024

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Word (.doc), .xls, .ppt, .wps
_PDF = b"%PDF"
_RTF = b"{\\rtf"


def read_text(data: bytes, filename: str = "") -> str:
    """The text of an upload; PlanParseError (Chinese message) for anything unreadable."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise PlanParseError(_("The file could not be read."))
    data = bytes(data)
    if len(data) > MAX_PLAN_BYTES:
        raise PlanParseError(
            _("The file is larger than %(limit)s MB. Upload one plan, or paste its text.")
            % {"limit": MAX_PLAN_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise PlanParseError(_("The file is empty."))
    extension = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if data.startswith(_OLE) or (extension in ("doc", "wps") and not data.startswith(_ZIP)):
        raise PlanParseError(
            _(
                "Old Word documents (.doc) cannot be read. Open the file in Word or WPS, "
                "save it as .docx and upload that, or paste the text."
            )
        )
    if data.startswith(_PDF) or extension == "pdf":
        raise PlanParseError(
            _("PDF files cannot be read. Upload a .docx or .txt file, or paste the text.")
        )
    if data.startswith(_RTF):
        raise PlanParseError(
            _(
                "RTF files cannot be read. Save the file as .docx and upload that, or paste the text."
            )
        )
    if data.startswith(_ZIP) or extension == "docx":
        text = _docx_text(data)
    else:
        text = _decode(data)
        if _looks_like_html(text):
            text = _html_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise PlanParseError(_("The file contains no text."))
    # The parser's time grows with the lines; a plan has hundreds, and a text file or
    # pasted text of 10 MB could hold a million.
    limit = settings.PLAN_MAX_PARAGRAPHS
    if text.count("\n") >= limit:
        raise PlanParseError(
            _(
                "The text has more than %(max)s lines; a work plan is far shorter. "
                "Upload the plan alone, or paste its text."
            )
            % {"max": f"{limit:,}"}
        )
    return text


# -- .docx ----------------------------------------------------------------------------------


def _docx_text(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise PlanParseError(
            _("This .docx file cannot be opened: it is damaged or not a Word document.")
        ) from exc
    if "word/document.xml" not in names:
        raise PlanParseError(
            _(
                "This file is a zip archive but not a Word document (.docx). Upload a .docx or .txt file."
            )
        )
    # Before python-docx builds its tree: what the parts really unpack to, and the
    # paragraphs and table cells, counted while unpacking (gonghui.imports.guard).
    try:
        guard.check_document(data)
    except guard.UnsafeUpload as exc:
        raise PlanParseError(str(exc)) from exc
    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
        return "\n".join(_docx_lines(document))
    except PlanParseError:
        raise
    except Exception as exc:  # noqa: BLE001 — python-docx raises many kinds on bad XML
        raise PlanParseError(
            _("This .docx file cannot be opened: it is damaged or not a Word document.")
        ) from exc


def _docx_lines(document) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    numbering = _Numbering(document)
    out: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            out.append(numbering.prefix(child) + paragraph.text)
        elif tag == "tbl":
            out.extend(_table_lines(Table(child, document)))
    return out


def _table_lines(table) -> list[str]:
    """Each row as one line, cells joined by tabs (merged cells once)."""
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            parts = [p.text.strip() for p in cell.paragraphs if p.text.strip()]
            cells.append("；".join(part.rstrip("。；;") for part in parts))
        if any(cells):
            lines.append("\t".join(cells))
    return lines


class _Numbering:
    """Word's automatic list numbers, rebuilt from numbering.xml (fmt + lvlText)."""

    _W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, str], tuple[str, str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:  # noqa: BLE001 — no numbering part: nothing to rebuild
            return
        w = self._W
        abstract: dict[str, dict[str, tuple[str, str, int]]] = {}
        for node in root.iter(f"{w}abstractNum"):
            levels = {}
            for lvl in node.iter(f"{w}lvl"):
                fmt = lvl.find(f"{w}numFmt")
                text = lvl.find(f"{w}lvlText")
                start = lvl.find(f"{w}start")
                levels[lvl.get(f"{w}ilvl", "0")] = (
                    fmt.get(f"{w}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{w}val", "") if text is not None else "",
                    int(start.get(f"{w}val", "1")) if start is not None else 1,
                )
            abstract[node.get(f"{w}abstractNumId", "")] = levels
        for num in root.iter(f"{w}num"):
            ref = num.find(f"{w}abstractNumId")
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(f"{w}val", ""), {}).items():
                self.levels[(num.get(f"{w}numId", ""), ilvl)] = spec

    def prefix(self, paragraph) -> str:
        w = self._W
        num_pr = paragraph.find(f"{w}pPr/{w}numPr")
        if num_pr is None or not self.levels:
            return ""
        num_id_node, ilvl_node = num_pr.find(f"{w}numId"), num_pr.find(f"{w}ilvl")
        num_id = num_id_node.get(f"{w}val", "") if num_id_node is not None else ""
        ilvl = ilvl_node.get(f"{w}val", "0") if ilvl_node is not None else "0"
        spec = self.levels.get((num_id, ilvl))
        if spec is None:
            return ""
        counters = self.counters.setdefault(num_id, {})
        level = int(ilvl) if ilvl.isdigit() else 0
        counters[level] = counters.get(level, spec[2] - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]

        def render(match: re.Match) -> str:
            at = int(match.group(1)) - 1
            fmt = self.levels.get((num_id, str(at)), spec)[0]
            return _format(counters.get(at, 1), fmt)

        return re.sub(r"%(\d)", render, spec[1])


def _format(value: int, fmt: str) -> str:
    if fmt in ("bullet", "none"):
        return ""
    if "chinese" in fmt.lower() or fmt in (
        "ideographDigital",
        "japaneseCounting",
        "taiwaneseCounting",
    ):
        return to_cn(value)
    if "Circle" in fmt and 1 <= value <= len(CIRCLED):
        return CIRCLED[value - 1]
    if fmt in ("lowerLetter", "upperLetter") and 1 <= value <= 26:
        letter = chr(ord("a") + value - 1)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(value)


# -- text files --------------------------------------------------------------------------------

# The most frequent Chinese characters, simplified and traditional: text decoded with the
# right codec is full of them; the wrong codec gives rare characters.
_COMMON = set(
    "的一是了不在有人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下"
    "过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都"
    "两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重"
    "新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想"
    "已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知"
    "较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造"
    "百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白"
    "教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集"
    "温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿"
    "千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存"
    "候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该"
    "铁价严龙飞职会计划织组开展活动慰问困难帮扶女师校园教职代表大会议选举评优先进竞赛宣传经费审"
    "們會來時個國為這說學對經動發現與開關應問實當麼體點頭從兩義長門無進過還將幾種樣機員總計劃組"
    "織職議勞歡樂愛師範書記處務產業專團隊導際區藝術運練習協調評選獎勵財審權婦節慶舉辦織幫慰困難"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _checked(_try(data, "utf-8-sig"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(_try(data, "utf-16"))
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _checked(_try(data, utf16))
    if b"\x00" in data:
        raise _binary()
    text = _try(data, "utf-8")
    if text is not None:
        return _checked(text)
    candidates = [t for t in (_try(data, "gb18030"), _try(data, "big5")) if t is not None]
    if not candidates:
        raise _binary()
    return _checked(max(candidates, key=_chinese_score))


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM (NUL bytes are its tell): the byte order under which the
    text reads as Chinese and ASCII, if either does."""
    if b"\x00" not in data or len(data) % 2:
        return None
    best, best_share = None, 0.6
    for encoding in ("utf-16-le", "utf-16-be"):
        text = _try(data[:8000], encoding)
        if text:
            share = _plausible_share(text)
            if share > best_share:
                best, best_share = encoding, share
    return best


def _plausible_share(text: str) -> float:
    """The share of characters that ordinary plan text is made of."""
    plausible = sum(
        1
        for ch in text
        if ch in _COMMON
        or (" " <= ch <= "~")
        or ch in "\n\r\t"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or "\u2010" <= ch <= "\u2027"
    )
    return plausible / max(len(text), 1)


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _chinese_score(text: str) -> float:
    chars = _CJK.findall(text[:20000])
    if not chars:
        return 0.0
    return sum(1 for ch in chars if ch in _COMMON) / len(chars)


def _checked(text: str | None) -> str:
    """Refuse what decoded but is not text: control characters, or Chinese that is not."""
    if text is None:
        raise _binary()
    sample = text[:20000]
    if not sample.strip():
        return text
    if len(_CONTROL.findall(sample)) > max(2, len(sample) * 0.01):
        raise _binary()
    chars = _CJK.findall(sample)
    if len(chars) >= 20 and _chinese_score(sample) < 0.15:
        raise PlanParseError(
            _(
                "The text encoding of this file cannot be recognised. Save it as UTF-8 text and try again."
            )
        )
    return text


def _binary() -> PlanParseError:
    return PlanParseError(
        _("This file is not text. Upload a .docx or .txt file, or paste the text of the plan.")
    )


_HTML = re.compile(r"<\s*(?:html|body|p|div|br|table|span)\b", re.IGNORECASE)


def _looks_like_html(text: str) -> bool:
    return len(_HTML.findall(text[:20000])) >= 3


def _html_text(text: str) -> str:
    """A saved web page: block ends become line breaks, cells tabs, tags go."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", "", text)
    text = re.sub(r"(?i)<\s*br\s*/?>|</\s*(?:p|div|li|tr|h\d)\s*>", "\n", text)
    text = re.sub(r"(?i)</\s*t[dh]\s*>", "\t", text)
    text = re.sub(r"<[^>]{0,2000}>", "", text)
    return html.unescape(text)
