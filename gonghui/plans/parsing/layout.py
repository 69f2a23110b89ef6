"""The lines of a plan as its author wrote them, before the outline is read.

Copying a plan out of Word, a PDF or a web page changes its lines in two ways the outline
cannot survive:

- a hard line break at the width of the page cuts a sentence in two, often with a page
  number between the halves ("- 3 -", "第3页", "3": lines.drop_noise removes those), and
  each half would be read as a sentence of its own;
- line breaks are lost: a heading is glued to the end of the line before it
  ("…业余文化生活。五、加强工会自身建设"), or a whole plan arrives as one paragraph
  ("…工作计划 一、指导思想：… 二、主要工作 1、… 2、…").

restore() starts a new line at each glued heading and joins the halves of a broken
sentence. A line keeps the number of the line it came from, so tasks still point at their
place in the text.
"""

from __future__ import annotations

import re
from collections import Counter

from . import dates, headings, tables
from .lines import Line, fold

# -- sentences broken over lines ---------------------------------------------------------------

# Characters a sentence, a heading or a label ends with (folded text), and the closing
# quotes and brackets that may follow them ("…活动。”").
_ENDS = "。!?;:…"
_CLOSERS = "”’」』)》"
# Characters that leave a sentence open: the line goes on in the next one.
_OPEN = ",、(“‘《—"
# Word and PDF pages hold 30–40 characters a line; a shorter line without a full stop is a
# title, a label or a table cell rather than a cut sentence.
_WRAPPED = 24
_PLAN_WORD_END = re.compile(r"(?:计划|要点|安排|方案|思路|打算|规划|总结|篇\s*\d{1,3})\)?$")
_ENUMERATION = re.compile(r"^[一二三四五六七八九十]{1,2}是")


def _is_label(norm: str, *, strict: bool = False) -> bool:
    """Whether the line starts with a month, a week or a date; strict: one that stands
    apart from the words after it (三月份：, 3.8 …), not "4月召开…" that a wrap may
    have carried to the start of a line."""
    dotted = dates.dotted_date(norm)
    if dotted is not None and strict and norm[len(dotted[1]) :][:1].strip():
        dotted = None  # "3.8日前完成" goes on a sentence; "3.8 庆祝……" is a label
    return bool(
        dates.month_label(norm, strict=strict)
        or dates.week_label(norm, strict=strict)
        or dotted is not None
    )


def _stands_alone(line: Line) -> bool:
    """A line that is never a half of a sentence: a table row, a schedule label, a title."""
    norm = line.norm
    title = len(norm) <= 40 and "," not in norm and _PLAN_WORD_END.search(norm)
    return bool(tables.CELL_SPLIT.search(norm) or _is_label(norm, strict=True) or title)


def wrap_width(lines: list[Line]) -> int | None:
    """The width a text was hard-wrapped at (a PDF or a fixed-width copy), if it was: many
    of its long lines have that one length, where written paragraphs vary."""
    lengths = Counter(len(line.norm) for line in lines if len(line.norm) >= 16)
    if not lengths:
        return None
    width, count = lengths.most_common(1)[0]
    if width >= _WRAPPED and count >= 4 and count * 10 >= 3 * lengths.total():
        return width
    return None


def _full(line: Line, width: int | None) -> bool:
    """A line as wide as the page: the wrap cut it (a little shorter where it would have
    begun the next line with punctuation, longer where it holds narrow digits)."""
    return width is not None and width - 1 <= len(line.norm) <= width + 4


def _left_open(line: Line, width: int | None = None) -> bool:
    """Whether the line stops in the middle of a sentence."""
    norm = line.norm.rstrip()
    if not norm or _ends_sentence(line) or _stands_alone(line):
        return False
    if norm[-1] in _OPEN or _full(line, width):
        return True
    heading = headings.detect(norm, line.text)
    if heading is None:
        return len(norm) >= _WRAPPED
    # A heading's words are its title: a line that stops without a full stop is a whole
    # heading ("四、紧紧围绕医院中心工作，用心开展优质、满意服务") unless it holds a
    # paragraph already (a sentence inside, or more words than any title).
    words = fold(heading.rest)
    return bool(re.search(r"[。!?;]", words)) or len(words) >= 60


def _continues(line: Line) -> bool:
    """Whether the line can go on a sentence of the line before: not a heading, a label,
    an enumeration or a table row."""
    norm = line.norm.strip()
    if headings.detect(norm, line.text) is not None or _ENUMERATION.match(norm):
        return False
    return not _stands_alone(line)


def _ends_sentence(line: Line) -> bool:
    return line.norm.rstrip().rstrip(_CLOSERS)[-1:] in tuple(_ENDS)


def _sentence_end(lines: list[Line], start: int, first: Line, width: int | None) -> int | None:
    """The index of the line that ends the sentence the line before `start` left open:
    the first that ends with a full stop, or in a hard-wrapped text the last of a run of
    lines each as wide as the page (a paragraph may end without a full stop). None when
    the sentence does not go on: a schedule's items one a line, without full stops, stay
    apart."""
    wrapped = _full(first, width)
    found = None
    follow = start
    while follow < len(lines) and _continues(lines[follow]):
        if _ends_sentence(lines[follow]):
            return follow
        if wrapped:
            found = follow
        if not _left_open(lines[follow], width):
            break
        wrapped = wrapped and _full(lines[follow], width)
        follow += 1
    return found


def join_broken(lines: list[Line]) -> list[Line]:
    """Sentences cut by hard line breaks (and the page numbers between them) made whole."""
    width = wrap_width(lines)
    out: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        while index < len(lines) and _left_open(line, width):
            end = _sentence_end(lines, index, line, width)
            if end is None:
                break
            text = line.text + "".join(part.text for part in lines[index : end + 1])
            line = Line(line.number, text, fold(text))
            index = end + 1
        out.append(line)
    return out


# -- headings glued into a line -----------------------------------------------------------------

# Numbers of headings as they occur inside a line (folded text). Only separators that
# prose never puts after a numeral: 一、 (not 一，), (一), 1、 and 1. before a word.
_INLINE = re.compile(
    r"(?P<cn>[一二三四五六七八九十]{1,3})(?:、|\.(?!\d))"
    r"|\((?P<paren_cn>[一二三四五六七八九十]{1,3})\)"
    r"|(?<![\d.])(?P<arabic>\d{1,2})(?:、|\.(?![\d.]))"
    r"|\((?P<paren_arabic>\d{1,2})\)"
)
_STYLES = ("cn", "paren_cn", "arabic", "paren_arabic")  # the groups of _INLINE
# What may stand before a glued heading: the end of a sentence, or a space. Not ；: "1、…；
# 2、…；3、…" in one paragraph is the author's own list.
_SENTENCE_END = "。!?"
# Inside a plan written on one line, an item also follows a colon or a semicolon
# ("二、主要工作：1、…；2、…").
_RUN_BOUNDARY = _SENTENCE_END + ":;"
# After the number, words that make it a list of numbers: 一、二年级, 1、2月, 七、八月份.
_NUMERAL_NEXT = re.compile(r"\s*[\d一二三四五六七八九十]")
# The title of a plan glued to its first heading: "…2027年工作计划一、指导思想".
_TITLE_LENGTH = 64
_TITLE_BEFORE = re.compile(r"^[^。!?;:,]{4,60}(?:计划|要点|安排|方案|打算|规划|思路)\s*$")


class _Mark:
    __slots__ = ("boundary", "number", "start", "style")

    def __init__(self, start: int, style: str, number: int, boundary: str) -> None:
        self.start, self.style, self.number, self.boundary = start, style, number, boundary

    @property
    def after_stop(self) -> bool:
        """After the end of a sentence or a space: where a glued heading stands."""
        return self.boundary in _SENTENCE_END or self.boundary == " "


def _marks(norm: str) -> list[_Mark]:
    """Heading numbers inside a line, each with what stands before it ("" at a word)."""
    marks = []
    for match in _INLINE.finditer(norm, 1):
        style = match.lastgroup
        value = dates.to_int_safe(match.group(style))
        if not value or _NUMERAL_NEXT.match(norm, match.end()):
            continue
        # What stands before the number, past any spaces (read backwards: a line may be a
        # whole plan, and its marks many).
        at = match.start()
        while at > 0 and norm[at - 1].isspace():
            at -= 1
        if at == 0:
            continue
        boundary = norm[at - 1] if norm[at - 1] in _RUN_BOUNDARY else ""
        if not boundary and at < match.start():
            boundary = " "
        marks.append(_Mark(match.start(), style, value, boundary))
    return marks


def _leading(line: Line) -> tuple[str, int] | None:
    """The style and number of the heading a line starts with."""
    heading = headings.detect(line.norm, line.text)
    if heading is None or heading.style not in _STYLES:
        return None
    value = dates.to_int_safe(heading.number)
    return (heading.style, value) if value else None


def _in_sequence(
    leads: list[tuple[str, int] | None], marks: list[list[_Mark]], runs: set[_Mark]
) -> set[_Mark]:
    """The numbers glued after a full stop (or a space) that stand in their style's
    sequence: the number before them in the text (at the start of a line, glued, or
    starting a run) is one less (五、 after 四、), or the number after them is one more
    (一、 before 二、). The run starts are taken as they are."""
    streams: dict[str, list[tuple[int, _Mark | None]]] = {}
    for lead, line_marks in zip(leads, marks, strict=True):
        if lead is not None:
            streams.setdefault(lead[0], []).append((lead[1], None))
        for mark in line_marks:
            if mark in runs:
                streams.setdefault(mark.style, []).append((mark.number, None))
            elif mark.after_stop:
                streams.setdefault(mark.style, []).append((mark.number, mark))
    accepted: set[_Mark] = set(runs)
    for stream in streams.values():
        for index, (number, mark) in enumerate(stream):
            if mark is None:
                continue
            before = stream[index - 1][0] if index else None
            after = stream[index + 1][0] if index + 1 < len(stream) else None
            if before == number - 1 or after == number + 1:
                accepted.add(mark)
    return accepted


def _run_starts(line: Line, marks: list[_Mark], broken: set[str]) -> list[_Mark]:
    """In a style that never starts a line (the plan lost its line breaks), a 1 that a 2
    follows in the same line starts a list, after a colon too ("二、主要工作：1、…"); and
    the plan's first 一、 may follow its title directly ("…工作计划一、指导思想")."""
    last_two = {mark.style: mark.start for mark in marks if mark.number == 2 and mark.boundary}
    starts = []
    for mark in marks:
        if mark.style not in broken or mark.number != 1:
            continue
        followed = last_two.get(mark.style, -1) > mark.start
        after_title = (
            mark.style == "cn"
            and mark.start <= _TITLE_LENGTH
            and _TITLE_BEFORE.match(line.norm[: mark.start])
        )
        if (mark.boundary and followed) or after_title:
            starts.append(mark)
    return starts


def _starts_with_label(line: Line) -> bool:
    # A schedule row numbers its items inline ("9月份：1、… 2、…"): they stay in the row.
    return _is_label(line.norm) or bool(tables.CELL_SPLIT.search(line.norm))


# Where a label may stand glued into a line: after the end of a sentence or a space.
_LABEL_START = re.compile(r"(?<=[。!?;:\s])(?=\S)")
_MONTH_OR_WEEK = re.compile(r"[\d一二三四五六七八九十元第]")
_LABEL_REACH = 40


def _label_cuts(line: Line) -> list[int]:
    """Where labels glued into the line start, each with its colon: a schedule's month or
    week (三月份：, 第三周：), a heading's usual name (指导思想：, 工作要点：)."""
    cuts = []
    norm = line.norm
    for match in _LABEL_START.finditer(norm, 1):
        # A label and its colon are short: look no further (a line may be a whole plan).
        rest = norm[match.start() : match.start() + _LABEL_REACH]
        if _MONTH_OR_WEEK.match(rest):
            found = tables.line_label(rest, strict=True)
            if found and rest[len(found.text) :].lstrip().startswith(":"):
                cuts.append(match.start())
        elif (
            (heading := headings.detect(rest, rest)) is not None
            and heading.plain
            and rest[len(heading.title) :].lstrip().startswith(":")
        ):
            cuts.append(match.start())
    return cuts


def _cut(line: Line, cuts: list[int]) -> list[Line]:
    if not cuts:
        return [line]
    bounds = [0, *cuts, len(line.text)]
    pieces = (line.text[start:end].strip() for start, end in zip(bounds, bounds[1:], strict=False))
    return [Line(line.number, piece, fold(piece)) for piece in pieces if piece]


def split_glued(lines: list[Line]) -> list[Line]:
    """Each heading, and each month or week of a schedule, glued into a line starts a
    line of its own."""
    lines = [piece for line in lines for piece in _cut(line, _label_cuts(line))]
    leads = [_leading(line) for line in lines]
    broken = set(_STYLES) - {lead[0] for lead in leads if lead is not None}
    marks = [
        found if (found := _marks(line.norm)) and not _starts_with_label(line) else []
        for line in lines
    ]
    runs = {
        mark
        for line, line_marks in zip(lines, marks, strict=True)
        for mark in _run_starts(line, line_marks, broken)
    }
    glued = _in_sequence(leads, marks, runs)
    out: list[Line] = []
    for line, line_marks in zip(lines, marks, strict=True):
        # A mark has words before it in its line: the first piece is never a heading.
        head, *pieces = _cut(line, [mark.start for mark in line_marks if mark in glued])
        out.append(head)
        for piece in pieces:
            out.extend(_title_and_text(piece))
    return out


# A heading's title (one sentence at most), a space, then its text: where a lost line
# break became a space.
_TITLE_THEN_TEXT = re.compile(r"^(?P<title>\S[^。!?;\s]{1,60}。?)\s+(?P<text>\S.{3,})$")


def _title_and_text(line: Line) -> list[Line]:
    """A glued heading split off with the paragraph after it: the title and the paragraph
    are two lines, as they were before the breaks were lost ("二、主要工作 1、…" is cut
    at the 1 already; "三、加强自身建设 定期召开…" here)."""
    match = _TITLE_THEN_TEXT.match(line.norm)
    if match is None:
        return [line]
    return _cut(line, [match.start("text")])


def restore(lines: list[Line]) -> list[Line]:
    """Glued headings split off, then broken sentences joined: a line that ends with a
    glued heading ends with a title, not with half a sentence."""
    return join_broken(split_glued(lines))
