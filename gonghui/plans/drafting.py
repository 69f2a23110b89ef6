"""Next year's plan, drafted (#15 §7): what this year's accepted plan, its progress and the
modules' records say next year's plan should hold, in the plan's own sections and words.

Each task of this year's plan is read with its progress (the records linked to it) and
lands in the draft as one of three origins, or is left out:

- carried over (延续): not done this year: under way, not started, or not yet due but not
  an annual event (a one-off task still open at the end of the year goes on);
- recurring (常规): an annual event or a task with a rhythm (三八, 五一, 教师节, 送温暖,
  职代会, 体检, 每月…, or records of a recurring kind linked to it) that was done or is under
  way this year, or whose months are still ahead;
- left out: done and not recurring (a one-off task completed), or dropped.

New tasks (新增) come from the other modules' records: congress proposals registered and
still awaiting their answer, or answered to be done next year; resolutions naming next
year; collective contracts ending before next year is out; the lines of next year's
budget kept by project. Annual events held this year that this year's plan did not name
(a 中秋 visit recorded in welfare) are added as recurring. Anything a drafted task already
names is not added twice: its reason is added to that task's note instead.

The selectors read only; `services.plan_draft_next_year` writes the draft.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.utils import timezone

from . import evidence as evidence_registry
from .models import Plan, PlanStatus, Section, Task, TaskOrigin
from .parsing.categories import categorise
from .parsing.dates import TERMS
from .parsing.numbers import to_int
from .summary import (
    CONGRESS_NAMES,
    DOING,
    DONE,
    DROPPED,
    format_value,
    numeral,
    task_state,
    year_tasks,
)

# -- 文书用语 ----------------------------------------------------------------------------
# Why a drafted task is there, kept with the task like its text: these are the words of
# the draft the cadres edit and file (as the summary's, summary.TEMPLATES), written in
# Chinese and not translated. Placeholders are filled with computed values only.
# {span} is the year drafted from ("2026年", "2026—2027学年"): read in next year's plan,
# "本年" would name the wrong one.
NOTES: dict[str, str] = {
    "done": "{span}已办{n}次",
    "under_way": "{span}已办{n}次（进度{percent}%）",
    "ahead": "{span}安排在{when}，起草时尚未到期",
    "ahead_year": "{span}尚无工作记录，起草时尚未到期",
    "slipped": "{span}未完成（进度{percent}%）",
    "not_started": "{span}未开展（没有工作记录）",
    "open": "{span}尚未完成（{when}到期）",
    "unplanned": "{span}已办{n}次，未列入{span}计划",
    "proposal_open": "{congress}第{number}号提案已立案，尚未答复",
    "proposal_next": "{congress}第{number}号提案答复：{answer}",
    "resolution": "{date}{congress}通过的决议",
    "contract": "《{title}》{date}到期",
    "budget": "{year}年预算安排{amount}元",
}
TEXTS: dict[str, str] = {
    "proposal_open": "做好{congress}第{number}号提案“{title}”的办理和答复",
    "proposal_next": "落实{congress}第{number}号提案“{title}”的答复意见",
    "resolution": "贯彻落实《{title}》",
    "contract": "做好《{title}》到期续签工作",
    "budget": "实施“{name}”项目（{year}年预算安排{amount}元）",
    "when_months": "{months}月",
    "when_year": "年底前",
    "date": "{y}年{m}月{d}日",
    "span_year": "{y}年",
    "span_school_year": "{y}—{next}学年",
}
NOTE_CHARS = 200
ANSWER_CHARS = 40

# Annual events, each one group of the words plans and records name it by: a task naming
# one recurs every year; a record naming one that no task names is an event the plan
# missed. 送温暖 goes with 春节 and 劳模 with 五一, when they are held.
ANNUAL_EVENTS: list[re.Pattern] = [
    re.compile(words)
    for words in (
        r"元旦|迎新年|新年",
        r"春节|新春|除夕|元宵|送温暖",
        r"学雷锋",
        r"三八|妇女节",
        r"植树节",
        r"清明",
        r"五一|劳动节|劳模|劳动模范",
        r"五四|青年节",
        r"护士节",
        r"六一|儿童节",
        r"端午",
        r"七一|建党",
        r"八一|建军节",
        r"夏送清凉|送清凉|高温慰问",
        r"金秋助学",
        r"教师节",
        r"中秋",
        r"国庆",
        r"重阳|敬老",
        r"职代会|教代会|职工代表大会|教职工代表大会|职工大会",
        r"体检",
        r"疗休养|疗养",
        r"民主测评|民主评议",
        r"安全生产月",
        r"医疗互助|互助保障",
        r"工作计划|年度计划",
        r"工作总结|年度总结|年终总结",
        r"预算|决算",
    )
]
# A rhythm in the words, for a task whose recurrence the parser did not read.
RHYTHM = re.compile(r"每年|每学期|每季度|每月|每周|一年[一两二三四]次|半年一次|每半年")
# Record kinds that are held year after year (a congress session, a 送温暖 batch, a 金秋
# 助学 round, a 民主测评, the openness notices): a task they fulfil recurs.
RECURRING_KINDS = frozenset(
    {
        "democracy.session",
        "welfare.batch",
        "aid.round",
        "aid.scheme",
        "voting.evaluation",
        "openness.notice",
    }
)
# Record kinds that stand for an event of the union (not a person's visit, not a notice):
# held this year, naming an annual event no task names, they become a recurring task.
EVENT_KINDS = (
    "activities.activity",
    "welfare.batch",
    "aid.round",
    "aid.scheme",
    "democracy.session",
    "voting.evaluation",
    "plans.record",
)
MAX_RECORDS_READ = 300
# Next year's words: an answer or a resolution that names them is work for next year.
NEXT_YEAR_WORDS = r"明年|下一年|下年度|下一年度|来年|次年"
# The sections of a monthly schedule (月工作安排): a task is placed there only when no
# other section holds its kind of work.
SCHEDULE = re.compile(r"安排|日程|行事历|月历|进度")

ORIGIN_ORDER = (TaskOrigin.CARRIED, TaskOrigin.RECURRING, TaskOrigin.NEW)


# -- years in the text ------------------------------------------------------------------

_RANGE = "—–\\-~～至到"
_YEARS = re.compile(
    rf"(?<!\d)(?P<a>\d{{4}})(?P<sep>\s*[{_RANGE}]\s*)(?P<b>\d{{4}})(?P<school>\s*学年)?(?!\d)"
    rf"|(?<![\d{_RANGE}])(?P<y>\d{{4}})(?=\s*(?:学年|年))"
    rf"|(?P<zh>[〇零一二三四五六七八九]{{4}})(?=年)"
)
_ZH_DIGITS = "〇一二三四五六七八九"


def _zh_year(text: str) -> int:
    return int("".join(str(_ZH_DIGITS.index("〇" if c == "零" else c)) for c in text))


def shift_years(text: str, years: set[int]) -> str:
    """`text` with the plan's years moved on by one: "2026年" → "2027年", "2026—2027学年" →
    "2027—2028学年", "二〇二六年" → "二〇二七年". A span of years that is not a school year
    ("集体合同（2026—2028年）") is a term fixed elsewhere and stays as written."""

    def moved(m: re.Match) -> str:
        if m.group("a"):
            a, b = int(m.group("a")), int(m.group("b"))
            if m.group("school") and b == a + 1 and (a in years or b in years):
                return f"{a + 1}{m.group('sep')}{b + 1}{m.group('school')}"
            return m.group(0)
        if m.group("y"):
            y = int(m.group("y"))
            return str(y + 1) if y in years else m.group(0)
        y = _zh_year(m.group("zh"))
        return "".join(_ZH_DIGITS[int(c)] for c in str(y + 1)) if y in years else m.group(0)

    return _YEARS.sub(moved, text or "")


def plan_years(plan: Plan) -> set[int]:
    """The calendar years a plan's text names as its own: a school year's two."""
    return {plan.year, plan.year + 1} if plan.is_school_year else {plan.year}


def _without_year(title: str) -> str:
    """A record's title as a task's words: "2026年中秋慰问退休会员" → "中秋慰问退休会员"."""
    stripped = re.sub(r"^\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年度?\s*", "", title or "")
    return stripped.strip() or (title or "").strip()


# -- reading one task of this year ----------------------------------------------------------


def annual_event(text: str) -> int | None:
    """The index of the annual event `text` names (ANNUAL_EVENTS), or None."""
    return next((i for i, rx in enumerate(ANNUAL_EVENTS) if rx.search(text or "")), None)


def is_recurring(task: Task) -> bool:
    """Whether the task is held every year: an annual event, a rhythm, or records of a
    recurring kind linked to it."""
    if task.recurrence or annual_event(task.text) is not None or RHYTHM.search(task.text):
        return True
    return any(e.kind in RECURRING_KINDS for e in getattr(task, "evidence_list", ()))


def records_this_year(task: Task) -> int:
    return sum(1 for e in task.evidence_list if task.plan.covers(e.date))


def percent(task: Task) -> int:
    """How far the task got: its progress, or less where a planned number of events is
    not reached (召开教代会2次, one held: 50)."""
    value = task.progress.percent
    for t in getattr(task, "targets", None) or ():
        if t["actual"] is not None and t["planned"]:
            value = min(value, int(100 * min(t["actual"], t["planned"]) / t["planned"]))
    return value


def when(task: Task) -> str:
    """The months a task is due in, as the plan says them: "12月", "7、8月", "上半年"."""
    if task.months:
        return TEXTS["when_months"].format(months="、".join(str(m) for m in task.months))
    if task.term and task.term != "whole_year" and task.term in TERMS:
        return TERMS[task.term][0]
    return TEXTS["when_year"]


def span(plan: Plan) -> str:
    """The plan's year as its notes name it: "2026年", "2026—2027学年"."""
    if plan.is_school_year:
        return TEXTS["span_school_year"].format(y=plan.year, next=plan.year + 1)
    return TEXTS["span_year"].format(y=plan.year)


def task_origin(task: Task, today: dt.date) -> tuple[str, str]:
    """(origin, note) of `task` (with progress, `evidence_list` and `targets`, as
    summary.year_tasks reads them) in next year's plan; origin "" leaves it out."""
    state = task_state(task)
    if state == DROPPED:
        return "", ""
    recurring = is_recurring(task)
    words = {"span": span(task.plan), "n": records_this_year(task), "when": when(task)}
    if state == DONE:
        return (TaskOrigin.RECURRING, NOTES["done"].format(**words)) if recurring else ("", "")
    if state == DOING and not recurring:
        return TaskOrigin.CARRIED, NOTES["slipped"].format(percent=percent(task), **words)
    if state == DOING and words["n"]:
        return TaskOrigin.RECURRING, NOTES["under_way"].format(percent=percent(task), **words)
    if not missed(task, today):
        # No period of it has ended without its records: not slipped (yet).
        if not recurring:
            return TaskOrigin.CARRIED, NOTES["open"].format(**words)
        if task.months or (task.term and task.term != "whole_year"):
            return TaskOrigin.RECURRING, NOTES["ahead"].format(**words)
        return TaskOrigin.RECURRING, NOTES["ahead_year"].format(**words)
    return TaskOrigin.CARRIED, NOTES["not_started"].format(**words)


# 第五届教职工代表大会第三次会议, 三届二次职代会: a congress holds its next session next year.
_SESSION = re.compile(
    r"(?P<term>第?[一二三四五六七八九十\d]{1,3}届[^，。；,;]{0,20}?第?)"
    r"(?P<n>[一二三四五六七八九十\d]{1,3})"
    r"(?P<tail>次(?:全体)?(?:会议|大会|职代会|教代会|职工代表大会|教职工代表大会))"
)


def next_session(text: str) -> str:
    """The congress session a task held this year names, moved on to the next one; the
    term stays (a new term's first session is the cadres' to write)."""

    def moved(m: re.Match) -> str:
        n = to_int(m.group("n"))
        if n is None:
            return m.group(0)
        number = str(n + 1) if m.group("n").isdigit() else numeral(n + 1)
        return f"{m.group('term')}{number}{m.group('tail')}"

    return _SESSION.sub(moved, text)


def missed(task: Task, today: dt.date) -> bool:
    """Whether a period of the task (a month of a monthly task, a quarter, a term, or its
    whole span) has ended before `today` without the records it needs."""
    plan = task.plan
    for period in task.progress.periods:
        if period.done or not period.months:
            continue
        last = max(period.months, key=lambda m: (plan.year_of(m), m))
        year = plan.year_of(last)
        if dt.date(year, last, calendar.monthrange(year, last)[1]) < today:
            return True
    return False


# -- the draft ---------------------------------------------------------------------------


@dataclass
class DraftTask:
    text: str
    origin: str
    note: str
    category: str = "other"
    section_id: int | None = None  # a section of this year's plan
    months: list[int] = field(default_factory=list)
    term: str = ""
    recurrence: dict | None = None
    quantities: list = field(default_factory=list)
    owner_id: int | None = None
    source: Task | None = None
    # The words by which a drafted task names the same work (a new task is not added
    # twice); by default its own text.
    match: re.Pattern | None = None

    def add_note(self, note: str) -> None:
        if note and note not in self.note:
            self.note = "；".join(n for n in (self.note, note) if n)[:NOTE_CHARS]


@dataclass
class Draft:
    """What next year's plan would hold: its title and tasks (in this year's sections, in
    order), and this year's tasks left out with why."""

    plan: Plan
    year: int
    title: str
    tasks: list[DraftTask]
    left_out: list[Task]

    def counts(self) -> dict[str, int]:
        return {o: sum(1 for t in self.tasks if t.origin == o) for o in ORIGIN_ORDER}


def draft_next_year(plan: Plan, *, today: dt.date | None = None) -> Draft:
    """Next year's plan drafted from `plan` (accepted) and the year's records of its
    union. Runs inside a scope covering the union (a request's, or `scope(org)`)."""
    today = today or timezone.localdate()
    years = plan_years(plan)
    tasks = year_tasks([plan])
    drafted: list[DraftTask] = []
    left_out: list[Task] = []
    for t in tasks:
        origin, note = task_origin(t, today)
        if not origin:
            left_out.append(t)
            continue
        text = shift_years(t.text, years)
        if origin == TaskOrigin.RECURRING and records_this_year(t):
            text = next_session(text)
        drafted.append(
            DraftTask(
                text=text,
                origin=origin,
                note=note[:NOTE_CHARS],
                category=t.category,
                section_id=t.section_id,
                months=list(t.months or []),
                term=t.term,
                recurrence=t.recurrence,
                quantities=list(t.quantities or []),
                owner_id=t.owner_id,
                source=t,
            )
        )
    sections = list(plan.sections.order_by("position", "id"))
    for extra in [
        *contract_tasks(plan),
        *proposal_tasks(plan),
        *resolution_tasks(plan),
        *budget_tasks(plan),
    ]:
        _add(drafted, extra, sections, plan.start_month)
    linked = {(e.kind, e.object_id) for t in tasks for e in t.evidence_list}
    for extra in unplanned_event_tasks(plan, linked, drafted):
        _add(drafted, extra, sections, plan.start_month)
    return Draft(
        plan=plan,
        year=plan.year + 1,
        title=shift_years(plan.title, years),
        tasks=drafted,
        left_out=left_out,
    )


def _add(drafted: list[DraftTask], extra: DraftTask, sections, start_month: int = 1) -> None:
    """Place a new task in the section that holds most drafted work of its category
    (after that section's last task; in a monthly schedule, in its month's place), unless
    a drafted task already names the same work (`extra.match`, else its text): then its
    note goes to that task."""
    pattern = extra.match or re.compile(re.escape(extra.text))
    same = next((t for t in drafted if pattern.search(t.text)), None)
    if same is not None:
        same.add_note(extra.note)
        return
    extra.section_id = _home_section(extra, drafted, sections)
    places = [i for i, t in enumerate(drafted) if t.section_id == extra.section_id]
    if not places:
        drafted.append(extra)
        return
    schedule = {s.pk for s in sections if SCHEDULE.search(s.title)}
    if extra.section_id in schedule and extra.months:

        def first(t: DraftTask) -> int:
            # In the plan's order: September first in a school year.
            return min((m - start_month) % 12 for m in t.months) if t.months else 12

        later = [i for i in places if first(drafted[i]) > first(extra)]
        if later:
            drafted.insert(later[0], extra)
            return
    drafted.insert(places[-1] + 1, extra)


def _home_section(extra: DraftTask, drafted: list[DraftTask], sections: list[Section]):
    """The section holding most drafted tasks of `extra`'s category (the monthly schedule
    only when no other does); with none, the schedule for a task of named months."""
    counts: dict[int | None, int] = {}
    for t in drafted:
        if t.category == extra.category:
            counts[t.section_id] = counts.get(t.section_id, 0) + 1
    if not counts:
        schedules = [s.pk for s in sections if SCHEDULE.search(s.title)]
        return schedules[-1] if schedules and extra.months else None
    order = {s.pk: i for i, s in enumerate(sections)}
    titles = {s.pk: s.title for s in sections}
    return min(
        counts,
        key=lambda pk: (
            bool(SCHEDULE.search(titles.get(pk, ""))),
            -counts[pk],
            order.get(pk, -1),
        ),
    )


# -- the other modules' records -------------------------------------------------------------


def _installed(label: str) -> bool:
    return apps.is_installed(f"gonghui.{label}")


def _zh_date(day: dt.date) -> str:
    return TEXTS["date"].format(y=day.year, m=day.month, d=day.day)


def _next_year_named(text: str, plan: Plan) -> bool:
    """Whether `text` names the plan's next year: 明年, 下年度, 2027年 (下学年, 2027—2028学年
    for a school year's plan)."""
    y = plan.year + 1
    if plan.is_school_year:
        words = rf"{NEXT_YEAR_WORDS}|下学年|下一学年|{y}\s*[—–-]\s*{y + 1}\s*学年"
    else:
        words = rf"{NEXT_YEAR_WORDS}|(?<!\d){y}\s*年"
    return bool(re.search(words, text or ""))


def _congress_name(congress) -> str:
    return CONGRESS_NAMES.get(congress.kind, CONGRESS_NAMES["congress"])


def proposal_tasks(plan: Plan) -> list[DraftTask]:
    """Proposals of the plan's year registered and still awaiting their answer, and those
    answered to be done next year (not implemented yet)."""
    if not _installed("democracy"):
        return []
    from gonghui.democracy import selectors as democracy
    from gonghui.democracy.models import AWAITING_ANSWER, ProposalStatus

    out = []
    for year in sorted(plan_years(plan)):
        for p in democracy.proposals_of_year(plan.org, year):
            if not plan.covers(timezone.localtime(p.submitted_at).date()):
                continue
            words = {
                "congress": _congress_name(p.congress),
                "number": p.number,
                "title": p.title.strip(),
            }
            if p.status in AWAITING_ANSWER:
                key, note = "proposal_open", NOTES["proposal_open"].format(**words)
            elif (
                p.status in (ProposalStatus.ANSWERED, ProposalStatus.RATED)
                and not p.implemented_at
                and _next_year_named(f"{p.answer} {p.implementation}", plan)
            ):
                answer = re.sub(r"\s+", "", p.answer)[:ANSWER_CHARS]
                key, note = "proposal_next", NOTES["proposal_next"].format(answer=answer, **words)
            else:
                continue
            out.append(
                DraftTask(
                    text=TEXTS[key].format(**words),
                    origin=TaskOrigin.NEW,
                    note=note[:NOTE_CHARS],
                    category="democracy",
                    match=re.compile(re.escape(words["title"])),
                )
            )
    return out


def resolution_tasks(plan: Plan) -> list[DraftTask]:
    """Resolutions adopted at the year's congress sessions that name next year."""
    if not _installed("democracy"):
        return []
    from gonghui.democracy.models import Resolution

    out = []
    rows = (
        Resolution.objects.filter(session__congress__org=plan.org, adopted=True)
        .select_related("session__congress")
        .order_by("session__date", "id")
    )
    for r in rows:
        day = r.session.date
        if not plan.covers(day) or not _next_year_named(f"{r.title} {r.text}", plan):
            continue
        title = r.title.strip().strip("《》")
        category = categorise(title, r.text or "")
        out.append(
            DraftTask(
                text=TEXTS["resolution"].format(title=title),
                origin=TaskOrigin.NEW,
                note=NOTES["resolution"].format(
                    date=_zh_date(day), congress=_congress_name(r.session.congress)
                ),
                category=category if category != "other" else "democracy",
                match=re.compile(re.escape(title)),
            )
        )
    return out


# A contract's kind, by the words a plan names it with.
CONTRACT_WORDS = {
    "women": (r"女职工.{0,6}专项集体合同|女职工专项合同", "women"),
    "wages": (r"工资专项集体(?:合同|协议|协商)|工资集体协商", "rights"),
    "general": (r"(?<!专项)集体合同", "rights"),
}


def contract_tasks(plan: Plan) -> list[DraftTask]:
    """Collective contracts of the union that end before next year is out, with no newer
    one of their kind: renewing them is next year's work."""
    if not _installed("democracy"):
        return []
    from gonghui.democracy.models import Contract

    # From the first day of this plan's year to the last of next year's.
    start = dt.date(plan.year, plan.start_month, 1)
    end = dt.date(plan.year + 2, plan.start_month, 1) - dt.timedelta(days=1)
    contracts = list(Contract.objects.filter(org=plan.org).order_by("end_date", "id"))
    out = []
    for c in contracts:
        newer = any(o.kind == c.kind and o.start_date > c.start_date for o in contracts)
        if newer or not (start <= c.end_date <= end):
            continue
        words, category = CONTRACT_WORDS.get(c.kind, CONTRACT_WORDS["general"])
        title = re.sub(r"[（(][^（()）]*\d{4}[^（()）]*[)）]\s*$", "", c.title.strip())
        out.append(
            DraftTask(
                text=TEXTS["contract"].format(title=title),
                origin=TaskOrigin.NEW,
                note=NOTES["contract"].format(title=title, date=_zh_date(c.end_date)),
                category=category,
                match=re.compile(words),
            )
        )
    return out


def budget_tasks(plan: Plan) -> list[DraftTask]:
    """The expense lines of next year's budget kept by project (ratified, else the one on
    its way): a project budgeted is work to plan."""
    if not _installed("budgets"):
        return []
    from gonghui.budgets import selectors as budgets

    year = plan.year + 1
    budget = budgets.in_force(plan.org, year) or budgets.open_budget(plan.org, year)
    if budget is None:
        return []
    by_project: dict[int, list] = {}
    for line in budgets.lines_of(budget):
        if line.is_expense and line.project_id:
            by_project.setdefault(line.project_id, []).append(line)
    out = []
    for lines in by_project.values():
        name = lines[0].project.name.strip()
        amount = format_value(sum((line.amount for line in lines), Decimal(0)))
        words = {"name": name, "year": year, "amount": amount}
        category = categorise(name, lines[0].account_name)
        out.append(
            DraftTask(
                text=TEXTS["budget"].format(**words),
                origin=TaskOrigin.NEW,
                note=NOTES["budget"].format(**words),
                category=category if category != "other" else "funds",
                match=re.compile(re.escape(name)),
            )
        )
    return out


def unplanned_event_tasks(
    plan: Plan, linked: set[tuple[str, str]], drafted: list[DraftTask]
) -> list[DraftTask]:
    """Annual events held this year (records of the event kinds, linked to no task of
    the plan) that no drafted task names: one recurring task per event, in the words of
    its latest record."""
    named = {annual_event(t.text) for t in drafted} - {None}
    found: dict[int, list[tuple[dt.date, str, object]]] = {}
    for key in EVENT_KINDS:
        try:
            kind = evidence_registry.get(key)
        except LookupError:
            continue
        seen = set()
        for year in sorted(plan_years(plan)):
            for obj in kind.candidates(plan.org, year)[:MAX_RECORDS_READ]:
                if (key, str(obj.pk)) in linked or obj.pk in seen:
                    continue
                seen.add(obj.pk)
                d = kind.describe(obj)
                event = annual_event(d.title)
                if event is None or event in named or not plan.covers(d.date):
                    continue
                found.setdefault(event, []).append((d.date, d.title, kind))
    out = []
    for event in sorted(found):
        records = sorted(found[event], key=lambda r: r[0])
        _date, title, kind = records[-1]
        text = _without_year(title)
        category = categorise(text)
        if category == "other" and kind.categories:
            category = kind.categories[0]
        out.append(
            DraftTask(
                text=text,
                origin=TaskOrigin.RECURRING,
                note=NOTES["unplanned"].format(span=span(plan), n=len(records)),
                category=category,
                months=sorted({r[0].month for r in records}),
            )
        )
    return out


# -- what the draft's page reads --------------------------------------------------------------


def left_out(draft: Plan) -> list[Task]:
    """The tasks of the plan `draft` was drafted from that it does not hold (done and not
    recurring, dropped, or deleted from the draft since), with `state` set."""
    source = draft.drafted_from
    if source is None:
        return []
    kept = set(
        Task.objects.filter(plan=draft, drafted_from__isnull=False).values_list(
            "drafted_from_id", flat=True
        )
    )
    tasks = [t for t in year_tasks([source]) if t.pk not in kept]
    for t in tasks:
        t.state = task_state(t)
    return tasks


def origin_counts(tasks: list[Task]) -> dict[str, int]:
    return {o: sum(1 for t in tasks if t.origin == o) for o in ORIGIN_ORDER}


def draft_of(plan: Plan) -> Plan | None:
    """The plan already drafted from `plan` for next year, if any."""
    return Plan.objects.filter(drafted_from=plan).order_by("id").first()


def can_draft(plan: Plan) -> bool:
    return plan.status == PlanStatus.ACCEPTED
