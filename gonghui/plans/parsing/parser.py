"""parse_plan: one plan's text → title, outline, monthly schedule and tasks.

The text is read line by line (lines.py drops page numbers and website boilerplate;
layout.py joins sentences broken over lines and starts a line at each heading glued into
one, a whole plan on one line included):

- the first line (two when the first names only the union) is the title;
- a line that starts with a month label (三月份：, 七、八月份, 1~2月, 20xx年3月), a week of
  the term (第三周：) or a date of a schedule (3.8), or a flattened table row (tables.py),
  opens a schedule entry, and the lines after it are its items until a heading of the
  schedule's own level or above;
- a numbered or known unnumbered line is a heading (headings.py), nested by the order
  styles first appear in;
- anything else is body text of the heading above it.

Then the deepest lists of 1、/（1）/① items that have nothing under them are folded into
their parent as items (a plan that is only such a list has no sections), the weeks of a
school year get their months, and tasks are made from the body sentences that say what
to do and from every schedule item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import categories, dates, headings, layout, lines, tables
from .headings import Heading
from .lines import Line, fold
from .model import ParsedPlan, ParsedSection, ParsedTask, ScheduleEntry
from .quantities import find_quantities

# -- what makes a sentence a task ----------------------------------------------------------

# Verbs of doing that plans put before each piece of work.
_ACTION = re.compile(
    "开展|组织|召开|举办|举行|做好|落实|建立|健全|完善|推进|推行|推动|慰问|走访|看望|探望|参加|参与"
    "|评选|评比|表彰|发展新?会员|发展|签订|实施|开设|办好|抓好|加强|配合|协助|督促|检查|培训|学习|制定|修订"
    "|编制|审议|审查|收缴|发放|筹备|准备|征集|征求|报送|上报|总结|迎接|庆祝|宣传|帮扶|救助|资助"
    "|体检|选举|换届|创建|争创|建设|提高|提升|安排|确保|坚持|深化|搭建|成立|启动|评议|公开|公示"
    "|办理|维护|提供|送温暖|送清凉|引导|动员|邀请|推荐|选派|组建|更新|整理|完成|力争|争取|继续"
    "|进行|关心|关注|关爱|丰富|规范|强化|扩大|拓展|申报|参观|观看|聘请|设立|开放|收集|汇编|筹集"
    "|捐款|捐助|献血|结对|吸收|吸纳|登记|录入|统计|调研|调查|座谈|听取|解决|协调|调解|保障|保护"
    "|监督|考核|评估|印发|发布|报道|投稿|编发|布置|购置|添置|采购|订阅|改善|树立|培育|弘扬|倡导"
    "|号召|鼓励|发动|带领|贯彻|传达|宣讲|部署|巩固|谋划|举荐|遴选|缴纳|拨付|核算|编印|制作|拍摄"
    "|承办|主办|联合|依托|利用|实行|执行|严格|落细|覆盖|搞好|抓紧|送去|评定|选拔|设置|编写|扩面"
    "|改造|新增|新建|增设|修缮|开通|购买|赠送|邀请|划分|改选|普及|测评|公布|进修|创办|出刊|跟踪"
)
# Sentences that explain rather than instruct: the preamble's 为…，特制定本计划, a
# 以…为指导, and the statements of why (…是…的需要).
_NOT_TASK = re.compile(
    r"特制定|制定本计划|计划如下|安排如下|要点如下|打算如下|具体如下|如下[:：]?$"
    r"|^以.{1,60}为(?:指导|中心|主线|核心|抓手|重点|契机|目标|载体|宗旨)"
    r"|的(?:需要|保证|关键|基础|前提|根本)$|是[^,，。]{0,40}的(?:需要|保证|关键|基础|前提)"
    r"|^(?:总之|综上|总而言之)"
)
# Sentence ends, and the colon before an enumeration ("灵活多样：一是校本培训。"): what
# introduces a list is not part of its first item.
_SENTENCE_END = re.compile(r"(?<=[。!?;！？；])|(?<=[:：])(?=\s*[一二三四五六七八九十]{1,2}是)")
_LEADING_NUMBER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,2}是(?=[^,，])|\(?[一二三四五六七八九十\d]{1,3}\)?\s*[、,.．，)）]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[①-⑳⑴-⒇⒈-⒛])\s*"
)
_TRAILING_PUNCT = "。;；,，、:：.!！?？ "


# Verbs that state a direction rather than a piece of work (加强…建设, 提高…水平, 维护…权益):
# a clause with only these is a task only when it names a concrete thing (_CONCRETE).
_SOFT = re.compile(
    "加强|提高|提升|发挥|维护|保护|推进|推动|促进|增强|调动|丰富|强化|深化|巩固|完善|健全|坚持"
    "|确保|树立|培育|弘扬|倡导|关心|关注|关爱|引导|鼓励|落实|贯彻|拓展|扩大|规范|改善|建设|发展"
    "|学习|进行|做好|办好|严格|执行|提供|解决|动员|协调|传达|实施|实行|力争|争取|继续|参与|监督"
)
# Things a cadre can see done: events, services, records, named laws.
_CONCRETE = re.compile(
    "活动|会议|大会|例会|座谈|联谊|表彰|培训|讲座|比赛|竞赛|评比|评选|慰问|走访|探望|看望|体检"
    "|疗养|档案|台帐|台账|专栏|公开栏|栏目|合唱|活动室|保险|低保|计划生育|五期|工会法|劳动法"
    "|法律法规|法律知识|合同|会费|经费|提案|测评|征文|送温暖|送清凉|文体|决议|休养"
)
# A clause that only says on what ground or to what end (根据…, 围绕…, 以…为…).
_ADVERBIAL = re.compile(
    r"^[^,]{0,6}?(?:根据|按照|依据|围绕|结合|遵照|为了)|^以.{1,30}为|^为(?:有效|更好|进一步|保障|确保|方便)"
)
# A clause that says what something is ("工会是一个新成立的工会").
_COPULA = re.compile(r"(?<![一二三四五六七八九十还就但凡于总要])是(?!否)")
# A direction with a concrete thing still says how things should be when it ends on these.
_SOFT_END = re.compile(r"(?:进程|作用|局面|机制|水平|素质|意识|氛围|能力|精神|质量|观念|制度)$")
# A clause that ends on an abstract aim (…建设, …权益, …水平) says how things should be.
_ABSTRACT_END = re.compile(
    r"(?:建设|权利|权益|职能|作用|水平|素质|意识|氛围|能力|精神|质量|观念|进程|局面|机制)$"
)
# Statements: "X是…的重要举措", "关键在于", the reasons and the boilerplate around tasks.
_STATEMENT = re.compile(
    r"(?<![一二三四五六七八九十还就但凡于总])是[^;。]{0,40}"
    r"(?:举措|体现|途径|手段|平台|楷模|标兵|保证|关键|基础|前提|需要|核心|措施|职能|意义|根本)"
    r"|关键在于|要能够|都要通过|都要经过|另行制定|另行通知|待通知|指导思想|^(?:以上|上述)"
    r"|^(?:此项|本项|该项|这项)(?:工作|活动)"
)
# Vague objects: 各项活动, 各类工作.
_VAGUE_OBJECT = re.compile(
    r"(?<!等)各[项类种方](?:[\u4e00-\u9fff]{0,4})?(?:活动|工作)|各[项类种]培训"
)
_FILLER = re.compile(
    r"^(?:要|将|应|还要|并|同时|进一步|继续|认真|积极|切实|努力|大力|深入|主动|定期)+"
)
_CLAUSE = re.compile(r"[,:]")
# 工会组织 as a noun ("工会组织将结合…", "发挥工会组织的作用"), not the verb 组织.
_UNION_NOUN = re.compile(r"工会组织(?=的|是|要|将|在|和|作用|建设|[,;。]|$)")
_LEADING_TIME = re.compile(
    r"^(?:每[年月季周]|(?:\d{1,2}|[一二三四五六七八九十]{1,3})月份?(?:底|初|中旬|上旬|下旬)?(?:前)?)"
)


def _concrete_clause(clause: str) -> bool:
    clause = _UNION_NOUN.sub("工会", clause.strip())
    if not clause or _ADVERBIAL.search(clause) or _VAGUE_OBJECT.search(clause):
        return False
    if _COPULA.search(clause):
        return False
    hard = any(not _SOFT.fullmatch(match.group()) for match in _ACTION.finditer(clause))
    if hard and not _ABSTRACT_END.search(clause):
        return True
    return (
        bool(_ACTION.search(clause))
        and bool(_CONCRETE.search(re.sub(r"《[^》]*》", "", clause)))
        and not _SOFT_END.search(clause)
    )


def is_actionable(norm: str, *, strict: bool = False) -> bool:
    """A sentence that tells someone to do something concrete (folded text): one of its
    clauses has a verb of doing that is not only a direction (加强, 提高, 完善…), or a
    direction with a concrete thing (活动, 培训, 慰问…). A short line without a verb in
    front is a label (校本培训). strict (under 指导思想/工作思路) also asks that the
    sentence start with its verb and name a concrete thing."""
    body = norm.strip(_TRAILING_PUNCT)
    if len(body) < 4 or norm.rstrip().endswith(":"):
        return False
    if _NOT_TASK.search(body) or _STATEMENT.search(body):
        return False
    lead = _FILLER.sub("", _LEADING_TIME.sub("", body))
    if len(body) <= 8 and not _ACTION.match(lead):
        return False
    if strict and not (_ACTION.match(lead) and _CONCRETE.search(body)):
        return False
    return any(_concrete_clause(clause) for clause in _CLAUSE.split(body))


def _clean(text: str) -> str:
    return _LEADING_NUMBER.sub("", text.strip()).strip(_TRAILING_PUNCT)


def sentences(text: str) -> list[str]:
    """A paragraph's sentences at 。！？； and before inline ①②; each stripped. What ends
    with a colon ("工作如下：" before 一是……) introduces the sentences after it, and is
    left out."""
    parts: list[str] = []
    for chunk in _SENTENCE_END.split(text):
        if chunk.rstrip().endswith((":", "：")):
            continue
        parts.extend(re.split(r"(?=[①-⑳])", chunk))
    return [cleaned for part in parts if (cleaned := _clean(part))]


# -- schedule items --------------------------------------------------------------------------

# Inline numbering between items of one line: "1、教师节慰问 2、迎国庆".
_INLINE_NUMBER = re.compile(
    r"(?:^|(?<=\s)|(?<=[。;；,，]))(?:\d{1,2}\s*[、.．](?!\d)|[（(]\d{1,2}[)）]|[①-⑳])"
)
# A table cell naming who takes part or is responsible, not what is done: 工会办, 工会主席,
# 全体教职工, 职工及子女 (a 会 of 工会, not of 运动会 or 座谈会).
_PARTY = re.compile(
    r"^(?:[\u4e00-\u9fffA-Za-z、,，/]{0,10}(?:部|室|处|科|组|办|(?<![动欢谈话晚书讲告彰例年大])会|队|中心|主席|委员|委|员|人|教职工|职工"
    r"|会员|全体|负责|各部门|各科室|各车间|各班组|教师|老师|人员|代表|家属|子女|干部|班子|骨干|党员|团员"
    r"|青年|学生|对象)|[\u4e00-\u9fff]{2,3}(?:[、,，][\u4e00-\u9fff]{2,3})*)$"
)
_SERIAL = re.compile(r"[\d\s、]+\.?")  # a 序号 cell: 1 / 1. / 1、
_ITEM_STYLES_RANK = 3  # 1、 (1) ① and 1.1: styles of items rather than of sections
# The title of a section that holds a schedule.
_SCHEDULE_TITLE = re.compile(r"安排|日程|行事历|月份|月度|时间|进度|计划表")
# Closing lines after a schedule ("以上安排如有变动……") end it.
_CLOSING = re.compile(r"^(?:以上|上述|总之|本计划|未尽事宜|注[:：]|说明[:：]|备注[:：]|附[:：件])")


def split_items(text: str, *, cells: bool = False) -> list[str]:
    """The items of a schedule line: table cells, ；-separated, inline-numbered."""
    pieces = [cell for cell in tables.CELL_SPLIT.split(text) if cell.strip()]
    items: list[str] = []
    for piece in pieces:
        if (cells or len(pieces) > 1) and _is_party(piece):
            continue
        for part in re.split(r"[;；]|(?<=[。])(?=.)", piece):
            numbered = [p for p in _INLINE_NUMBER.split(part) if p.strip()]
            items.extend(_clean(p) for p in numbered)
    return [item for item in items if len(item) >= 2]


def _is_party(cell: str) -> bool:
    cell = cell.strip()
    if re.fullmatch(r"[\d\s.、]+", cell):
        return True  # a 序号 cell
    return len(cell) <= 12 and not _ACTION.search(cell) and bool(_PARTY.match(fold(cell)))


_OPENING_QUOTES, _CLOSING_QUOTES = "“‘「『《(（", "”’」』》)）"


def _outside_quotes_split(text: str) -> list[str]:
    """The text cut at its commas and 、 that stand outside quotes and brackets."""
    pieces, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in _OPENING_QUOTES:
            depth += 1
        elif char in _CLOSING_QUOTES:
            depth = max(depth - 1, 0)
        elif char in ",，、" and depth == 0:
            pieces.append(text[start:index].strip())
            start = index + 1
    return [*pieces, text[start:].strip()]


def _activities(cell: str) -> list[str]:
    """A table cell that lists several activities ("庆祝教师节，走访慰问退休教师") as one
    item each: split at its commas only when every piece starts with a verb of doing, so
    that "走访慰问困难职工、退休职工" and "开展“学雷锋、献爱心”活动" stay whole."""
    pieces = _outside_quotes_split(cell)
    if len(pieces) > 1 and all(
        len(piece) >= 4 and _ACTION.match(_FILLER.sub("", fold(piece))) for piece in pieces
    ):
        return pieces
    return [cell]


# -- the outline under construction -----------------------------------------------------------


@dataclass
class _Node:
    style: str
    rank: float
    number: str
    title: str
    line: int
    full_text: str = ""  # the heading line's words after its number
    inline: list[tuple[int, str]] = field(default_factory=list)
    body: list[tuple[int, str]] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    parent: _Node | None = None
    closed: bool = False  # a 指导思想：… heading: numbered headings after it are its siblings
    has_schedule: bool = False
    awaiting_title: bool = False
    key: str = ""
    level: int = 0
    # Lines of the body that are folded items (pieces of work), and the paragraphs that
    # only say how an item is done (kept as section text, never tasks).
    item_lines: set[int] = field(default_factory=set)
    notes: list[tuple[int, str]] = field(default_factory=list)

    def ancestors(self):
        node = self
        while node is not None and node.parent is not None:
            yield node
            node = node.parent


@dataclass
class _Entry:
    months: list[int]
    label: str
    node: _Node
    items: list[tuple[int, str]] = field(default_factory=list)
    # A school calendar's weeks (第3周): months only once the plan's year is known to
    # start with the autumn term.
    weeks: list[int] = field(default_factory=list)


@dataclass
class _Label:
    """What opens a schedule entry: its time, and the rest of the line (original
    characters) or, for a table row under a known header, its content cells."""

    time: tables.TimeLabel
    rest: str = ""
    cells: list[str] | None = None
    opens_row: bool = False  # a time cell alone on its line: the row's cells follow


@dataclass
class _Schedule:
    styles: set[str]
    max_rank: float
    table: bool = False


class _Builder:
    def __init__(self) -> None:
        self.root = _Node("root", -1, "", "", 0)
        self.stack: list[_Node] = []
        self.entries: list[_Entry] = []
        self.schedule: _Schedule | None = None
        self.header_buffer: list[Line] = []
        # After a table header: rows' extra cells (责任部门, 负责人) are not items.
        self.in_table = False
        # The roles of the table's columns (tables.MONTH / CONTENT / OTHER), and in a
        # table pasted one cell a line, the column of the last cell read.
        self.columns: list[str] | None = None
        self.cell_index: int | None = None
        # The last 1、 number seen, to tell "2、3月份…" (item 2) from months 2 and 3.
        self.last_arabic = 0

    @property
    def current(self) -> _Node:
        return self.stack[-1] if self.stack else self.root

    # The dispatcher -------------------------------------------------------------------------

    def feed(self, line: Line) -> None:
        if self._buffer_table_header(line):
            return
        self._feed(line)

    def finish(self) -> None:
        self._flush_header_buffer(None)

    def _feed(self, line: Line) -> None:
        if self._table_header_row(line):
            return
        heading = headings.detect(line.norm, line.text)
        if self._expected_cell() == tables.CONTENT and not (
            heading is not None and self._ends_schedule(heading)
        ):
            # One cell a line: after a row's time comes its content, whatever it starts with
            # (a month, an item number), unless the table has ended at a heading.
            self._schedule_item(line, None)
            return
        if (
            heading is None
            and line.norm.startswith("、")
            and self.current.rank >= _ITEM_STYLES_RANK
        ):
            # An item whose number was lost in copying ("、组织开展…" after 1、 2、).
            node = self.current
            heading = Heading(node.style, node.rank, "", line.text[1:].strip())
        label = self._label(line, heading)
        if label is not None:
            self._schedule_line(line, label)
            return
        if self.schedule is not None:
            if self._leaves_schedule(line, heading):
                self.schedule = None
            else:
                self._schedule_item(line, heading)
                return
        if heading is not None:
            self._heading(line, heading)
        else:
            self._body(line)

    # Month labels and the schedule -----------------------------------------------------------

    def _label(self, line: Line, heading: Heading | None) -> _Label | None:
        """The time label when the line opens a schedule entry: a month, a week of the
        term, a date (3.8) in a table or a schedule, or a table row's time cell."""
        strict = self.schedule is None
        numbered = heading is not None and not heading.plain
        row = self._table_row_label(line)
        if row is not None:
            return row
        whole = tables.line_label(line.norm, strict=strict)
        if whole is None and numbered and self._dotted_is_date(heading):
            dotted = dates.dotted_date(line.norm)
            whole = tables.TimeLabel(*dotted) if dotted else None
        if whole is not None and numbered and self._number_is_item(heading, whole.months):
            whole = None
        if whole is not None:
            return _Label(whole, _original_rest(line.text, whole.rest))
        if not numbered:
            return None
        # "1、三月份：…" / "（一）3月" — a numbered month label; in a section's body
        # "1、3月份召开教代会" is an item that names its month, so outside a schedule the
        # label must stand alone (a colon, a space or nothing after it).
        inner = tables.line_label(fold(heading.rest), strict=strict)
        if inner is None:
            return None
        after = fold(heading.rest)[len(inner.text) :]
        if strict and after.strip() and not re.match(r"\s*:|\s", after):
            return None
        return _Label(inner, _original_rest(heading.rest, inner.rest))

    def _dotted_is_date(self, heading: Heading) -> bool:
        """Whether "3.8 …" numbered like an outline's 3.8 is the 8th of March: always in a
        table or a schedule; elsewhere unless it goes on an outline's numbering (3.1 under
        3、, 3.8 after 3.7), when its words name the festival of that day (6.1 慰问职工子女
        is not, 6.1 儿童节 is) or it stands under a schedule's heading (活动安排)."""
        if heading.style != "decimal2":
            return False
        if self.in_table or self.schedule is not None:
            return True
        month, day = _two_numbers(heading.number)
        for node in self.stack:
            if node.style == "decimal2":
                if _two_numbers(node.number) == (month, day - 1):
                    return False
            elif day == 1 and dates.to_int_safe(node.number) == month:
                return False
        if month in dates.festival_months(fold(heading.rest)):
            return True
        return any(_SCHEDULE_TITLE.search(node.title) for node in self.stack)

    def _table_row_label(self, line: Line) -> _Label | None:
        """A table row flattened to one line. Under a header whose columns it matches,
        the time is the time column's cell and the items are the content cells;
        otherwise the first cell (after a 序号) must be a time and the other cells are
        items unless they name who takes part."""
        in_table = self.in_table or (self.schedule is not None and self.schedule.table)
        row = tables.cells(line.norm, line.text)
        if in_table and self.columns and len(row) == len(self.columns) > 1:
            time = row[self.columns.index(tables.MONTH)][0]
            found = tables.time_cell(time)
            if found is None and (len(time) > 12 or not re.search(r"[\u4e00-\u9fff]", time)):
                return None
            # A time the calendar cannot place (全年, 长期, 每月) is kept as written.
            found = found or tables.TimeLabel([], time, "")
            content = [
                text
                for (_norm, text), role in zip(row, self.columns, strict=True)
                if role == tables.CONTENT
            ]
            return _Label(found, "", content)
        if len(row) < 2 and not in_table:
            return None
        while len(row) > 1 and _SERIAL.fullmatch(row[0][0]):
            row.pop(0)  # a 序号 cell
        found = tables.time_cell(row[0][0]) if row else None
        if found is None:
            return None
        own = _original_rest(row[0][1], found.rest)  # words after the time in its cell
        if in_table and self.columns and len(row) > 1:
            # A row short of cells has lost them at its end (an empty 负责人): the others
            # follow the header's order from the time column.
            roles = self.columns[self.columns.index(tables.MONTH) + 1 :]
            content = [
                text
                for index, (_norm, text) in enumerate(row[1:])
                if (roles[index] if index < len(roles) else None) == tables.CONTENT
                or (index >= len(roles) and not _is_party(text))
            ]
            return _Label(found, "", [own, *content] if own else content)
        rest = "\t".join([own, *(text for _n, text in row[1:])])
        label = _Label(found, rest.strip())
        if len(row) == 1 and self.columns:
            label.opens_row = True
        return label

    def _number_is_item(self, heading: Heading, months: list[int]) -> bool:
        """Whether "1、3月份…" is item 1 (3月份) rather than months 1 and 3. A list of
        months is consecutive (七、八月份; 十一、十二月); the next number of a run of 1、2、
        items is an item."""
        if heading.style not in ("arabic", "cn") or len(months) < 2:
            return False
        if (months[1] - months[0]) % 12 != 1:
            return True
        number = dates.to_int_safe(heading.number)
        return heading.style == "arabic" and number == self.last_arabic + 1 and number > 1

    def _schedule_line(self, line: Line, label: _Label) -> None:
        if self.schedule is None:
            # A month list after "1、…" items belongs to their section, not to the last item:
            # the items' style must stay free to number the months' items.
            while (
                len(self.stack) > 1
                and self.stack[-1].rank >= _ITEM_STYLES_RANK
                and not _SCHEDULE_TITLE.search(self.stack[-1].title)
            ):
                self.stack.pop()
            ranks = [node.rank for node in self.stack]
            self.schedule = _Schedule(
                {node.style for node in self.stack}, max(ranks, default=2), self.in_table
            )
        node = self.current
        node.has_schedule = True
        time = label.time
        text = _original_label(line.text, time.text)
        last = self.entries[-1] if self.entries else None
        if (
            last is not None
            and last.node is node
            and (last.months, last.weeks) == (time.months, time.weeks)
            and (time.months or time.weeks or last.label == text)
        ):
            entry = last
        else:
            entry = _Entry(time.months, text, node, weeks=list(time.weeks))
            self.entries.append(entry)
        self.last_arabic = 0
        # One cell a line: the cells after the time follow in the header's order.
        self.cell_index = self.columns.index(tables.MONTH) if label.opens_row else None
        table = self.schedule.table
        if label.cells is not None:
            for cell in label.cells:
                for item in split_items(cell):
                    entry.items.extend((line.number, a) for a in _activities(item))
        elif label.rest:
            row = table or bool(tables.CELL_SPLIT.search(label.rest))
            for item in split_items(label.rest, cells=table):
                entry.items.extend((line.number, a) for a in (_activities(item) if row else [item]))

    def _expected_cell(self) -> str | None:
        """The role of the next cell of a table pasted one cell a line (None when unknown)."""
        if self.cell_index is None or self.schedule is None or not self.columns:
            return None
        following = self.cell_index + 1
        return self.columns[following] if following < len(self.columns) else None

    def _leaves_schedule(self, line: Line, heading: Heading | None) -> bool:
        """A heading of the schedule's level or above, or a closing remark, ends it."""
        if heading is None:
            return bool(_CLOSING.match(line.norm))
        return self._ends_schedule(heading)

    def _ends_schedule(self, heading: Heading) -> bool:
        if self.schedule is None or heading.style in self.schedule.styles or heading.plain:
            return True
        return heading.rank < self.schedule.max_rank

    def _schedule_item(self, line: Line, heading: Heading | None) -> None:
        entry = self.entries[-1]
        role = self._expected_cell()
        if role is not None:
            self.cell_index += 1
            if role != tables.CONTENT:
                return  # who takes part, who is responsible, a 序号
        text = heading.rest if heading is not None and not heading.plain else line.text
        if heading is not None and heading.style == "arabic":
            self.last_arabic = dates.to_int_safe(heading.number)
        table = self.schedule is not None and self.schedule.table
        for item in split_items(text, cells=table and role is None):
            entry.items.extend((line.number, a) for a in (_activities(item) if table else [item]))

    # Flattened tables ------------------------------------------------------------------------

    def _buffer_table_header(self, line: Line) -> bool:
        """A table's header pasted one cell a line (月份 / 工作内容 / 责任部门): hold the
        cells until the next line shows whether they were a header."""
        if tables.header_role(line.norm) is not None:
            self.header_buffer.append(line)
            return True
        if self.header_buffer:
            self._flush_header_buffer(line)
        return False

    def _flush_header_buffer(self, following: Line | None) -> None:
        buffered, self.header_buffer = self.header_buffer, []
        roles = [tables.header_role(line.norm) for line in buffered]
        if len(buffered) >= 2 and tables.MONTH in roles and tables.CONTENT in roles:
            self._start_table(roles)
            return
        for line in buffered:
            self._feed(line)

    def _table_header_row(self, line: Line) -> bool:
        cells = [norm for norm, _text in tables.cells(line.norm, line.text)]
        if len(cells) < 2:
            return False
        roles = [tables.header_role(cell) for cell in cells]
        if None in roles or tables.MONTH not in roles:
            return False
        self._start_table(roles)
        return True

    def _start_table(self, columns: list[str]) -> None:
        self.in_table = True
        # The first time column is the row's time; a second (完成时间) says nothing new.
        first = columns.index(tables.MONTH)
        self.columns = [
            tables.OTHER if role == tables.MONTH and index != first else role
            for index, role in enumerate(columns)
        ]
        self.cell_index = None
        self.schedule = None  # the first row opens it, with the table flag

    # Headings and body -----------------------------------------------------------------------

    def _heading(self, line: Line, heading: Heading) -> None:
        self.in_table = False
        styles = [node.style for node in self.stack]
        if heading.style in styles:
            del self.stack[styles.index(heading.style) :]
        else:
            while self.stack and (
                self.stack[-1].rank >= heading.rank or (self.stack[-1].closed and not heading.plain)
            ):
                self.stack.pop()
        if heading.style == "arabic":
            self.last_arabic = dates.to_int_safe(heading.number)
        elif heading.rank < 3:
            self.last_arabic = 0
        node = self._make_node(line, heading)
        parent = self.current
        node.parent = parent
        parent.children.append(node)
        self.stack.append(node)

    def _make_node(self, line: Line, heading: Heading) -> _Node:
        node = _Node(heading.style, heading.rank, heading.number, "", line.number)
        if heading.plain:
            node.title = heading.title
            node.full_text = heading.title
            if heading.rest:
                node.inline.append((line.number, heading.rest))
            node.closed = bool(heading.rest) or bool(headings.NON_TASK_TITLE.search(node.title))
            return node
        node.full_text = heading.rest
        node.title, inline = _split_heading(heading.rest)
        if inline:
            node.inline.append((line.number, inline))
        node.awaiting_title = not heading.rest
        return node

    def _body(self, line: Line) -> None:
        node = self.current
        if node.awaiting_title and len(line.text) <= 30 and "。" not in line.text:
            node.title = line.text.strip(_TRAILING_PUNCT)
            node.full_text = node.title
            node.awaiting_title = False
            return
        node.awaiting_title = False
        node.body.append((line.number, line.text))


def _two_numbers(number: str) -> tuple[int, int]:
    """The two parts of an outline number or a date as written: "3.8" / "３．８" → (3, 8)."""
    first, second, *_rest = [*(int(part) for part in re.findall(r"\d+", fold(number))), 0, 0]
    return first, second


def _original_rest(text: str, folded_rest: str) -> str:
    """The rest of a line in its own characters (the folded rest is a suffix of it)."""
    if not folded_rest:
        return ""
    return text[len(text) - len(folded_rest) :] if fold(text).endswith(folded_rest) else folded_rest


def _original_label(text: str, folded_label: str) -> str:
    """The label in the line's own characters (七、八月份 keeps its 、)."""
    index = fold(text).find(folded_label)
    return text[index : index + len(folded_label)] if index >= 0 else folded_label


_COLON_TITLE = re.compile(r"^(?P<title>[^。;:]{1,16}?)\s*:\s*(?P<rest>\S.*)$")


def _split_heading(rest: str) -> tuple[str, str]:
    """(title, inline body) of a numbered heading's words.

    "组织建设：进一步健全……" → the part before the colon, the rest is body; a short single
    sentence is all title; a paragraph's first sentence (or clause) is its title and the
    whole paragraph is body, so its first sentence can be a task too.
    """
    norm = fold(rest)
    match = _COLON_TITLE.match(norm)
    if match:
        return rest[: match.end("title")].strip(_TRAILING_PUNCT), rest[match.start("rest") :]
    match = headings.NAME_BEFORE_TEXT.match(norm)
    if match:
        return rest[: match.end("title")], rest[match.end() :]
    bare = norm.strip(_TRAILING_PUNCT)
    if len(bare) <= 60 and not re.search(r"[。;!?]", bare):
        return rest.strip(_TRAILING_PUNCT), ""
    first = re.split(r"[。;!?]", norm, maxsplit=1)[0]
    if len(first) > 30:
        comma = first.find(",")
        first = first[:comma] if 4 <= comma <= 30 else first[:30]
    return rest[: len(first)].strip(_TRAILING_PUNCT), rest


# -- after the last line ------------------------------------------------------------------------


def _fold_item_lists(node: _Node) -> None:
    """Deepest lists of items (1、 / （1） / ①, nothing under them) become their parent's
    body: they are pieces of work, not sections. Top-level lists stay sections.

    An item may have a paragraph under it when its words are a sentence (篇13: "1、强化竞争
    机制，卓有成效的开展竞赛活动。" and a paragraph on how): a short label with a
    paragraph under it (1、学习为先) stays a section. A list of （一） items is folded too
    when they are paragraphs of work with nothing under them (篇10: "（一）划分工会小组并
    推选出小组长。为有效……")."""
    for child in node.children:
        _fold_item_lists(child)
    if node.parent is None or not node.children:
        return
    children = node.children
    if any(child.children or child.has_schedule for child in children):
        return
    # A list whose items mostly held lists of their own is a level of the outline (篇25's
    # 1、抓学习 over ①②), not a list of work.
    if sum(1 for child in children if child.item_lines) * 2 >= len(children):
        return
    items = all(
        child.rank >= _ITEM_STYLES_RANK and (not child.body or _sentence_like(child.full_text))
        for child in children
    )
    paragraphs = all(child.rank >= 2 and not child.body for child in children) and any(
        re.search(r"[。;；]\s*\S", child.full_text) for child in children
    )
    if not (items or paragraphs):
        return
    for child in children:
        node.body.append((child.line, child.full_text))
        node.item_lines.add(child.line)
        # The paragraph under an item that is itself a task says how it is done.
        says_what = is_actionable(fold(_clean(child.full_text)))
        for line_number, text in child.body:
            if line_number in child.item_lines or not says_what:
                node.body.append((line_number, text))
                node.item_lines.add(line_number)
            else:
                node.notes.append((line_number, text))
    # By line only: the items of a plan written on one line share its number.
    node.body.sort(key=lambda item: item[0])
    node.children = []


def _fold_top_level_items(root: _Node) -> None:
    """A plan written as one list of work (1、… 5、…, nothing above or under the items)
    has tasks, not five sections.

    A paragraph after the last item closes the plan ("以上工作，工会将……") rather than
    saying how that item is done, so it stays the plan's own text; a list whose other
    items have paragraphs under them too is an outline (篇3: 1. 2. 3. over paragraphs)."""
    children = root.children
    if len(children) < 2 or any(
        child.rank < _ITEM_STYLES_RANK or child.children or child.has_schedule for child in children
    ):
        return
    if any(child.body for child in children[:-1]):
        return
    if not all(_sentence_like(child.full_text) for child in children):
        return
    trailing, children[-1].body = children[-1].body, []
    for child in children:
        root.body.append((child.line, child.full_text))
        root.item_lines.add(child.line)
    root.body.extend(trailing)
    root.body.sort(key=lambda item: item[0])
    root.children = []


def _number(node: _Node, parent_key: str, level: int) -> None:
    for index, child in enumerate(node.children, start=1):
        child.key = f"{parent_key}.{index}" if parent_key else str(index)
        child.level = level
        _number(child, child.key, level + 1)


def _to_section(node: _Node) -> ParsedSection:
    return ParsedSection(
        number=node.number,
        title=node.title,
        level=node.level,
        children=[_to_section(child) for child in node.children],
        key=node.key,
    )


def _walk(node: _Node):
    for child in node.children:
        yield child
        yield from _walk(child)


def _make_task(
    text: str, node: _Node | None, line: int, months: list[int] | None = None
) -> ParsedTask:
    norm = fold(text)
    recurrence, span = dates.find_recurrence(norm)
    found_months = months if months else dates.find_months(norm)
    term = dates.find_term(norm)
    if not found_months and term is None:
        found_months = dates.festival_months(norm)
    context = [n.title for n in node.ancestors()] if node is not None else []
    return ParsedTask(
        text=text,
        section_key=node.key if node is not None and node.key else None,
        months=list(found_months),
        term=term,
        recurrence=recurrence,
        category=categories.categorise(norm, *context),
        quantities=find_quantities(norm, [span] if span else None),
        source_line=line,
        from_schedule=bool(months),
    )


# A sentence that only dates the task before it: "此项工作在3月底前完成".
_DATES_PREVIOUS = re.compile(r"^(?:此项|本项|该项|这项)(?:工作|活动)?")
# "一是……" at the start of a paragraph, or after the colon that introduces it: an
# enumeration of pieces of work.
_ENUMERATION = re.compile(r"^(?:[^。!?;]*:\s*)?[一二三四五六七八九十]{1,2}是")


def _non_task_context(node: _Node) -> bool:
    return any(headings.NON_TASK_TITLE.search(fold(n.title)) for n in node.ancestors())


def _sentence_tasks(
    tasks: list[ParsedTask], text: str, node: _Node | None, line: int, *, strict: bool
) -> int:
    made = 0
    for sentence in sentences(text):
        norm = fold(sentence)
        if _DATES_PREVIOUS.match(norm) and made:
            months = dates.find_months(norm)
            tasks[-1].months = sorted(set(tasks[-1].months) | set(months))
            continue
        if is_actionable(norm, strict=strict):
            tasks.append(_make_task(sentence, node, line))
            made += 1
    return made


def _sentence_like(text: str) -> bool:
    text = text.strip(_TRAILING_PUNCT)
    return len(text) > 12 or bool(re.search(r"[,，。;；]", text))


def _tasks(builder: _Builder) -> list[ParsedTask]:
    tasks: list[ParsedTask] = []
    root = builder.root
    if not root.children and not builder.entries and not root.item_lines:
        # A plan written as plain paragraphs, without headings or a schedule (the seed's
        # 篇9): its sentences that ask for something are its tasks.
        for line_number, text in root.inline + root.body:
            _sentence_tasks(tasks, text, None, line_number, strict=False)
    else:
        # Outside the items of a plan that is one list of work, only "一是……二是……"
        # paragraphs list work (篇3): the rest opens or closes the plan.
        for line_number, text in root.body:
            if line_number in root.item_lines or _ENUMERATION.match(fold(text)):
                _sentence_tasks(tasks, text, None, line_number, strict=False)
    for node in _walk(builder.root):
        # Under 指导思想/工作思路 only sentences that start with a verb of doing and name a
        # concrete thing are tasks (#15: 开展文体活动、拓展培训、教学比赛…).
        strict = _non_task_context(node)
        made = 0
        if (
            not node.children
            and not node.has_schedule
            and node.body
            and not strict
            and node.rank >= _ITEM_STYLES_RANK
            and not node.item_lines
        ):
            # A piece of work numbered as a heading with a paragraph under it (篇3's
            # "1.深入开展服务中小企业工作，……"): its words are a task too.
            text = _clean(node.full_text)
            if _sentence_like(text) and not node.inline:
                made += _sentence_tasks(tasks, text, node, node.line, strict=False)
        for line_number, text in node.inline + node.body:
            made += _sentence_tasks(tasks, text, node, line_number, strict=strict)
        if made or node.children or node.has_schedule or strict:
            continue
        text = _clean(node.full_text)
        if text and is_actionable(fold(text)):
            tasks.append(_make_task(text, node, node.line))
    for entry in builder.entries:
        node = entry.node if entry.node.parent is not None else None
        for line_number, item in entry.items:
            # A time the calendar cannot place (第3周 of a term whose start is unknown, 全年)
            # stays in the task's words, so that nothing the plan said is lost.
            text = item if entry.months or not entry.label else f"{entry.label}：{item}"
            tasks.append(_make_task(text, node, line_number, entry.months))
    tasks.sort(key=lambda task: task.source_line)
    return _merge_duplicates(tasks)


# Words in front of a task that do not tell one task from another.
_TASK_FILLER = re.compile(
    r"^(?:要|将|还要|并|进一步|继续|认真|积极|切实|努力|大力|深入|主动|坚持|做好|抓好|搞好|开展|组织|举办)+"
)
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{6,})[”\"」』]")


def _core(text: str) -> str:
    return _TASK_FILLER.sub("", re.sub(r"\s+", "", fold(text)).strip(_TRAILING_PUNCT))


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _same_words(a: set[str], b: set[str]) -> bool:
    """Two long sentences that share most of their words (篇26 names 岗位练兵、技术竞赛
    under 工作目标 and again under 措施要求)."""
    small = min(len(a), len(b))
    return small >= 12 and len(a & b) >= 0.7 * small


def _may_merge(task: ParsedTask, first: ParsedTask) -> bool:
    """Items of the schedule in different months are recurring work, not duplicates; and
    one sentence written word for word in two sections is a copy of the plan, not a
    restatement (a pasted text twice over keeps both)."""
    if task.from_schedule and first.from_schedule:
        return False
    return task.text != first.text or task.section_key == first.section_key


# How far back a task looks for its twin: more than any real plan's tasks, so that a
# pasted megabyte stays linear.
_MERGE_WINDOW = 200


def _merge_duplicates(tasks: list[ParsedTask]) -> list[ParsedTask]:
    """One task for work named twice (in a section and again in the schedule, or a named
    campaign restated): the first keeps the text, and takes the other's months."""
    kept: list[ParsedTask] = []
    facts: list[tuple[str, set[str], set[str]]] = []
    for task in tasks:
        core = _core(task.text)
        quoted = set(_QUOTED.findall(fold(task.text)))
        pairs = _bigrams(core)
        twin = None
        for index in range(len(kept) - 1, max(len(kept) - _MERGE_WINDOW, 0) - 1, -1):
            other, other_quoted, other_pairs = facts[index]
            if not _may_merge(task, kept[index]):
                continue
            if (
                (len(core) >= 4 and len(other) >= 4 and (core in other or other in core))
                or (quoted & other_quoted)
                or _same_words(pairs, other_pairs)
            ):
                twin = index
                break
        if twin is None:
            kept.append(task)
            facts.append((core, quoted, pairs))
            continue
        first = kept[twin]
        if task.months:
            first.months = sorted(set(first.months) | set(task.months))
    return kept


# -- the title -------------------------------------------------------------------------------

# A collection's marker on a plan's first line: "学校工会工作计划 篇1", "【篇一】", "第一篇：".
MARKER_TAIL = re.compile(
    r"\s*[\[【(]?\s*(?:篇|范文)\s*[\[【(]?\s*(?:\d{1,3}|[一二三四五六七八九十]{1,4})\s*[\]】)]?\s*[:]?\s*$"
)
MARKER_HEAD = re.compile(
    r"^\s*[\[【(]?\s*(?:第\s*(?:\d{1,3}|[一二三四五六七八九十]{1,4})\s*篇|(?:篇|范文)\s*(?:\d{1,3}|[一二三四五六七八九十]{1,4}))\s*[\]】)]?\s*[:]?\s*"
)
_COLLECTION_WORDS = re.compile(
    r"\(?(?:精选|汇总|合集)?\s*\d*\s*篇\)?$|范文|范本|模板|大全|精选|汇总"
)
_PLAN_WORDS = re.compile(r"计划|要点|安排|方案|思路|打算|规划|意见|设想")


def strip_marker(text: str) -> str:
    """A title without its collection marker (篇1, 【篇一】, 第一篇：) and site words."""
    norm = fold(text)
    head = MARKER_HEAD.match(norm)
    if head:
        text, norm = text[head.end() :], norm[head.end() :]
    tail = MARKER_TAIL.search(norm)
    if tail:
        text, norm = text[: tail.start()], norm[: tail.start()]
    return _COLLECTION_WORDS.sub("", text).strip()


def _title_lines(all_lines: list[Line]) -> tuple[str, int]:
    """The title and how many lines it takes (0 when the plan starts with its content)."""
    if not all_lines:
        return "", 0
    first = all_lines[0]
    candidate = strip_marker(first.text)
    if not candidate:
        # A marker alone on its line: the title is on the next one.
        title, used = _title_lines(all_lines[1:])
        return title, used + 1
    if not _looks_like_title(first, candidate):
        return "", 0
    title = candidate
    if not _PLAN_WORDS.search(fold(title)) and len(all_lines) > 1:
        second = all_lines[1]
        if _looks_like_title(second, second.text) and _PLAN_WORDS.search(second.norm):
            return title + second.text.strip(), 2
    return title, 1


# Who wrote a plan of a collection, when its own title is only the collection's: a unit
# named at the start of a sentence of its opening ("舒城一中工会…", "后勤管理中心工会是…",
# "我们自来水公司…"), else the unit a "我院/我校/我局" stands for.
_UNIT_NAME = re.compile(
    r"(?:^|[。,:;])\s*(?:(?:20|__|_)[\dxX_]*年\s*,?\s*)?(?:新的一年)?"
    r"(?:我们(?P<ours>{unit})|(?P<name>{unit})工会)".format(
        unit=r"[\u4e00-\u9fa5]{2,8}?(?:一中|二中|中学|小学|学校|医院|公司|中心|大队|集团|厂)"
    )
)
# Words that make a match a clause rather than a name.
_NOT_A_NAME = re.compile(
    r"将|要|以|在|围绕|根据|落实|推进|加强|夯实|探索|促使|充满|更加|独具|紧紧|目标|指导|思想|"
    r"上级|基层|县|我|的|和|工作|开展|全面|进一步|推动|努力|促进|提高"
)
_OWN_UNIT = (
    ("我院", "医院"),
    ("我校", "学校"),
    ("我局", "机关"),
    ("机关工会", "机关"),
    ("我街道", "街道"),
    ("我大队", "大队"),
    ("公司工会", "公司"),
)


def _unit_of(body: list[Line]) -> str:
    opening = "".join(line.norm for line in body[:4])[:300]
    for match in _UNIT_NAME.finditer(opening):
        name = match.group("ours") or match.group("name")
        if not _NOT_A_NAME.search(name):
            return name
    for pronoun, unit in _OWN_UNIT:
        if pronoun in opening:
            return unit
    return ""


def _collection_title(first: Line, title: str, body: list[Line]) -> tuple[str, int]:
    """A plan of a collection ("2024年工会工作计划范例 篇9"): its own heading when the plan
    has one on the next lines, else the collection's title with its 篇 number and the unit
    that wrote it, so thirty plans of one collection can be told apart. Answers the title
    and how many body lines it used."""
    from .split import _marker_number

    number = _marker_number(first.text)
    if number is None:
        return title, 0
    for used, line in enumerate(body[:2], start=1):
        own = strip_marker(line.text)
        if _looks_like_title(line, own) and _PLAN_WORDS.search(fold(own)):
            return f"{own}（篇{number}）", used
        if len(line.norm) > 30:
            break
    unit = _unit_of(body)
    label = f"篇{number}·{unit}" if unit else f"篇{number}"
    return f"{title}（{label}）" if title else label, 0


def _looks_like_title(line: Line, text: str) -> bool:
    norm = fold(text)
    if len(norm) > 60 or norm.rstrip().endswith(("。", ";", ":", ",")):
        return False
    if headings.detect(norm, text) is not None and not headings.detect(norm, text).plain:
        return False
    return dates.month_label(norm) is None


# The signature under a plan: the union's name and the date (20xx年1月10日).
_SIGNATURE = re.compile(
    r"^(?:[^。;,:]{2,30}(?:工会|委员会|联合会|办公室|党支部|党委|公司|学校|医院|中学|小学|幼儿园)"
    r"|(?:(?:19|20)[\dxX×*]{2}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
    r"(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?)$"
)


# -- the entry point ---------------------------------------------------------------------------


def parse_lines(text: str) -> ParsedPlan:
    all_lines = layout.restore(lines.drop_noise(lines.split_lines(text)))
    title, used = _title_lines(all_lines)
    year = dates.find_year(fold(title)) if title else None
    if year is None:
        year = next(
            (y for line in all_lines[:6] if (y := dates.find_year(line.norm)) is not None), None
        )
    body = all_lines[used:]
    if all_lines:
        title, own = _collection_title(all_lines[0], title, body)
        body = body[own:]
    while body and _SIGNATURE.match(body[-1].norm):
        body.pop()
    builder = _Builder()
    for line in body:
        builder.feed(line)
    builder.finish()
    _fold_item_lists(builder.root)
    _fold_top_level_items(builder.root)
    _number(builder.root, "", 1)
    title_norm = fold(title)
    start_month, shift = dates.school_year(title_norm, [e.months for e in builder.entries])
    for entry in builder.entries:
        if entry.weeks:
            entry.months = dates.week_months(entry.weeks, start_month)
    tasks = _tasks(builder)
    schedule = [
        ScheduleEntry(
            months=list(entry.months),
            items=[item for _line, item in entry.items],
            label=entry.label,
            section_key=entry.node.key or None,
        )
        for entry in builder.entries
    ]
    return ParsedPlan(
        title=title,
        year=year + shift if year is not None else None,
        sections=[_to_section(child) for child in builder.root.children],
        schedule=schedule,
        tasks=tasks,
        start_month=start_month,
    )
