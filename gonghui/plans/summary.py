"""The year-end summary (工作总结): a draft written from the records, then edited by cadres.

The draft follows the accepted plans of the year section by section (or category by
category when a plan has no sections): what was planned, what the linked records show
as done, and what is still under way or not started, named honestly. Then the year's
figures from every registered provider (plans.figures), and a closing part with
placeholders the committee fills in. Every number in it is computed here from the
records; none is typed in.

The body is plain text: paragraphs separated by a blank line, first-level headings
starting with 一、二、…, second-level headings with （一）（二）…. The exporters
(summary_docs.py) lay it out as an official document.

A draft keeps a digest of its own text in its figures snapshot, so regenerating can tell
whether a cadre has edited it since, and refuses to overwrite edits without `confirm`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone, translation

from . import figures as figures_registry
from .models import Evidence, Plan, PlanStatus, Record, Section, Summary, Task, TaskStatus
from .selectors import tasks_with_progress
from .taxonomy import CATEGORIES, CATEGORY_ZH

# -- 文书模板 -----------------------------------------------------------------------------
# The words of the document itself. The summary is a Chinese official document that
# cadres edit and file, not a page of the interface, so these are written in Chinese and
# not translated. Placeholders in braces are filled with computed values only.
TEMPLATES: dict[str, str] = {
    "title": "{org}{year}年工作总结",
    "opening": (
        "{year}年，{org}在上级工会和本单位党组织的领导下，围绕年初制定的{plans}，"
        "团结带领广大会员职工，扎实推进各项工作。{counts}现将全年工作总结如下。"
    ),
    "opening_no_plan": (
        "{year}年，{org}在上级工会和本单位党组织的领导下，团结带领广大会员职工，"
        "扎实推进各项工作。本年度没有经确认的工作计划，以下情况根据全年工作记录整理。"
        "现将全年工作总结如下。"
    ),
    "plan_name": "《{title}》",
    "counts_year": "全年计划工作任务{total}项，{parts}。",
    "counts_part": "本部分计划任务{total}项，{parts}。",
    "counts_none": "本部分没有列入计划的任务。",
    "count_done": "已完成{n}项",
    "count_all_done": "已全部完成",
    "count_doing": "正在推进{n}项",
    "count_todo": "尚未开展{n}项",
    "count_dropped": "另有{n}项经研究取消",
    "h_work": "主要工作完成情况",
    "h_figures": "全年主要工作数据",
    "h_problems": "存在的问题和不足",
    "h_next": "下一步工作打算",
    "section_loose": "其他工作",
    "no_plan_work": "【待填写：请在此补充全年开展的主要工作。】",
    "done": "已完成：{items}。",
    "doing": "正在推进：{items}。",
    "todo": "未完成：{items}。",
    "upcoming": "按计划尚未到期：{items}。",
    "dropped": "已取消：{items}。",
    "item_records": "{task}（{records}）",
    "item_progress": "{task}（{progress}）",
    "item_progress_records": "{task}（{progress}，{records}）",
    "item_target": "{task}（{target}）",
    "item_target_records": "{task}（{target}，{records}）",
    "target": "计划{least}{planned}{unit}，实际{actual}{unit}",
    "target_least": "不少于",
    "target_unknown": "计划{least}{planned}{unit}，记录未载明人数",
    "target_unknown_items": "计划{least}{planned}{unit}，记录未载明数量",
    "target_planned": "计划{least}{planned}{unit}",
    # A whole-year target (全年走访慰问不少于30人次) set against all the year's records of
    # its kind when no record is linked to the task itself.
    "target_year": "计划{least}{planned}{unit}，全年实际{actual}{unit}",
    "record": "{date}“{title}”",
    "records_more": "等{n}项记录",
    "progress_month": "已有{done}个月完成，共{total}个月",
    "progress_period": "已完成{done}个周期，共{total}个",
    "progress_times": "已有记录{found}次，计划{needed}次",
    "date": "{y}年{m}月{d}日",
    "figures_line": "{category}：{sentences}。",
    "figure_default": "{label}{value}{unit}",
    # The year's work records (plans.Record) linked to a task of the category, counted
    # with the module's own records of the same kind (#15 §6).
    "culture_events": "全年共开展活动{value}次",
    "culture_people": "参加职工{value}人次",
    # Care counts visits and the work records of its kind (a 体检 is care, not a visit).
    "care_events": "全年开展走访慰问等关爱职工活动{value}次",
    "care_people": "惠及职工{value}人次",
    "records_events": "开展各项工作{value}次",
    "records_people": "参加职工{value}人次",
    "problems": "【待填写：对照全年计划，分析工作中存在的问题和不足及其原因。】",
    "carry_over": "本年度未完成和正在推进的{n}项工作，将纳入下一年度工作计划统筹推进。",
    "next": "【待填写：结合上级工会部署和本单位实际，提出下一年度的工作思路和主要措施。】",
}
# The work records of a category, in the category's own words (the generic sentence is
# records_events).
RECORD_EVENTS = {
    "democracy": "开展民主管理工作{value}次",
    "rights": "开展维权和劳动保护工作{value}次",
    "awards": "开展评优表彰{value}次",
    "contest": "开展劳动竞赛和技能比赛{value}次",
    "women": "开展女职工工作{value}次",
    "training": "开展学习培训{value}次",
}
# A work record that is a congress session is counted as one (全年召开教职工代表大会N次),
# with the democracy module's sessions, never as "工作" nor with 人次.
CONGRESS_RECORD = re.compile(r"(?:教职工|职工|会员)代表大会|教代会|职代会|职工大会|会员大会")
NUMERALS = "一二三四五六七八九十"
MAX_RECORDS_NAMED = 3
# A task longer than this is shortened to its first clauses, never cut inside a word.
TASK_TEXT_CHARS = 60

# The congress by its kind (democracy.CongressKind); a union without a congress on file is
# named by its unit type: a school holds a 教代会 (教育部令第32号), others a 职代会.
CONGRESS_NAMES = {
    "teachers": "教职工代表大会",
    "congress": "职工代表大会",
    "assembly": "职工大会",
}
# Providers' sentences the document writes in its own words: the congress by its name and
# each figure with its measure word (会议 次, 提案 件, never "人次" for a meeting nor
# "9件提案" after 提案). {congress} is the union's congress.
FIGURE_SENTENCES = {
    "democracy.sessions": "全年召开{congress}{value}次",
    "democracy.proposals": "代表提交提案{value}件",
    "democracy.proposals_registered": "其中立案{value}件",
    "democracy.proposals_answered": "已答复{value}件",
    "democracy.proposals_satisfied": "提案人满意或基本满意{value}件",
}
# Module figures a combined figure already counts (they are kept in the snapshot, marked,
# and not written again): category → (events figure keys, people figure keys).
COMBINED = {
    "culture": (("activities.held",), ("activities.participants",)),
    # A visit is one member visited once: it counts as one visit and one person-time.
    "care": (("welfare.visits",), ("welfare.visits", "welfare.people")),
}
# Target units read from the records' participants, and those read from their number (a
# record is one event). Items (20篇 articles, 200条 suggestions, 9件 proposals) are not
# records: their number is only what a record states, so the draft says it is not stated.
PEOPLE_UNITS = {"人次", "人", "名", "户", "户次"}
COUNT_UNITS = {"次", "场", "期", "批"}
ITEM_UNITS = {"项", "个", "件", "篇", "条"}
AT_LEAST = re.compile(r"(不少于|不低于|至少|不少於|不低於)\s*$")
# The words that tell which of the year's records a whole-year target counts.
TARGET_WORDS = (
    "慰问",
    "走访",
    "体检",
    "培训",
    "比赛",
    "竞赛",
    "比武",
    "表彰",
    "疗休养",
    "讲座",
)

# A task's state in the summary, from its progress (its linked records) and its status.
DONE, DOING, TODO, DROPPED = "done", "doing", "todo", "dropped"
STATES = (DONE, DOING, TODO, DROPPED)


def numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (headings stay well below a hundred)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def h1(n: int, text: str) -> str:
    return f"{numeral(n)}、{text}"


def h2(n: int, text: str) -> str:
    return f"（{numeral(n)}）{text}"


def zh_date(d) -> str:
    return TEMPLATES["date"].format(y=d.year, m=d.month, d=d.day)


def task_state(task: Task) -> str:
    """done: its records complete it (or a cadre marked it done, which needs a record);
    doing: some record is linked; todo: nothing yet; dropped: decided not to do it.
    A task whose planned number of events is not reached yet (召开教代会2次, one record)
    is under way, not done (#15 §6): its status was set to done by its first record
    (services._auto_status reads the recurrence, not the quantities)."""
    if task.status == TaskStatus.DROPPED:
        return DROPPED
    year_target = getattr(task, "year_target", None)
    if year_target is not None:
        return year_target
    if short_of_count(task):
        return DOING
    if task.progress.complete or task.status == TaskStatus.DONE:
        return DONE
    if task.evidence_list or task.status == TaskStatus.DOING:
        return DOING
    return TODO


@dataclass
class Group:
    """A part of the draft: a top-level section of a plan, or a category."""

    heading: str
    tasks: list[Task] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return count_states(self.tasks)


def count_states(tasks: list[Task]) -> dict[str, int]:
    out = dict.fromkeys(STATES, 0)
    for t in tasks:
        out[task_state(t)] += 1
    out["total"] = out[DONE] + out[DOING] + out[TODO]  # dropped tasks are not planned work
    return out


# -- reading the year -------------------------------------------------------------------


def accepted_plans(org, year: int) -> list[Plan]:
    return list(Plan.objects.filter(org=org, year=year, status=PlanStatus.ACCEPTED).order_by("id"))


def year_tasks(plans: list[Plan]) -> list[Task]:
    """The plans' tasks with their progress, records and `targets` (task_targets)."""
    if not plans:
        return []
    tasks = tasks_with_progress(
        Task.objects.filter(plan__in=plans).order_by("plan", "position", "id")
    )
    figures_of = evidence_figures(tasks)
    for t in tasks:
        t.targets = task_targets(t, figures_of)
    return tasks


def _root_of(section_id, parents: dict) -> int | None:
    seen = set()
    while section_id in parents and parents[section_id] is not None and section_id not in seen:
        seen.add(section_id)
        section_id = parents[section_id]
    return section_id


def groups_of(plans: list[Plan], tasks: list[Task]) -> list[Group]:
    """Per plan in order: its top-level sections (a task of a subsection counts for its
    top section; tasks outside any section form "其他工作"); a plan without sections is
    grouped by category, merged across such plans."""
    groups: list[Group] = []
    by_category: dict[str, Group] = {}
    sections_of: dict[int, list[Section]] = {}
    for s in Section.objects.filter(plan__in=plans).order_by("position", "id"):
        sections_of.setdefault(s.plan_id, []).append(s)
    for plan in plans:
        plan_tasks = [t for t in tasks if t.plan_id == plan.pk]
        sections = sections_of.get(plan.pk, [])
        if not sections:
            for code, _label in CATEGORIES:
                chosen = [t for t in plan_tasks if t.category == code]
                if not chosen:
                    continue
                if code not in by_category:
                    by_category[code] = Group(CATEGORY_ZH[code])
                    groups.append(by_category[code])
                by_category[code].tasks.extend(chosen)
            continue
        parents = {s.pk: s.parent_id for s in sections}
        roots = {s.pk: Group(s.title.strip()) for s in sections if s.parent_id is None}
        loose = Group(TEMPLATES["section_loose"])
        for t in plan_tasks:
            root = _root_of(t.section_id, parents) if t.section_id else None
            roots.get(root, loose).tasks.append(t)
        groups.extend(roots.values())
        if loose.tasks:
            groups.append(loose)
    return groups


def planned_vs_done(tasks: list[Task]) -> list[dict]:
    """Per category (in the taxonomy's order): planned, done, doing, todo, dropped."""
    rows = []
    for code, label in CATEGORIES:
        chosen = [t for t in tasks if t.category == code]
        if not chosen:
            continue
        counts = count_states(chosen)
        rows.append(
            {
                "category": code,
                "name": CATEGORY_ZH[code],
                "label": label,
                "planned": counts["total"],
                "done": counts[DONE],
                "doing": counts[DOING],
                "todo": counts[TODO],
                "dropped": counts[DROPPED],
            }
        )
    return rows


def year_overview(org, year: int) -> dict:
    """The live planned-vs-done table of a year, for the page and the API."""
    plans = accepted_plans(org, year)
    tasks = year_tasks(plans)
    rows = planned_vs_done(tasks)
    totals = count_states(tasks)
    return {
        "plans": plans,
        "rows": rows,
        "totals": {
            "planned": totals["total"],
            "done": totals[DONE],
            "doing": totals[DOING],
            "todo": totals[TODO],
            "dropped": totals[DROPPED],
        },
    }


# -- writing the draft --------------------------------------------------------------------


def _brief(text: str) -> str:
    """The task as the plan words it, without its closing stop. A long task keeps its first
    sentence; one still too long ends at a clause boundary (，；：), never inside a word
    ("走……" is not a task)."""
    text = re.sub(r"\s+", "", text or "").rstrip("。；;，,、.")
    if len(text) <= TASK_TEXT_CHARS:
        return text
    first = re.split(r"[。；;！？!?]", text, maxsplit=1)[0].rstrip("，,、：:")
    if len(first) <= 2 * TASK_TEXT_CHARS:
        return first
    cuts = [i for i, ch in enumerate(first[: 2 * TASK_TEXT_CHARS]) if ch in "，,；;："]
    return first[: cuts[-1]] + "……" if cuts and cuts[-1] >= 8 else first


def _covered(task: Task) -> list:
    """The task's records that count for its year (as its progress counts them)."""
    return [e for e in task.evidence_list if task.plan.covers(e.date)]


def evidence_figures(tasks: list[Task]) -> dict[int, dict]:
    """Per evidence id, the figures of the linked record (participants…), one query per
    record kind. A record that no longer exists, or of a kind no longer registered, has none."""
    from . import evidence as evidence_registry

    by_kind: dict[str, list] = {}
    for t in tasks:
        for e in t.evidence_list:
            by_kind.setdefault(e.kind, []).append(e)
    out: dict[int, dict] = {}
    for key, rows in by_kind.items():
        ids = {e.object_id for e in rows}
        if key == "plans.record":
            people = dict(
                Record.objects.filter(pk__in=[i for i in ids if i.isdigit()]).values_list(
                    "pk", "participants"
                )
            )
            found = {str(pk): ({"participants": n} if n else {}) for pk, n in people.items()}
        else:
            try:
                kind = evidence_registry.get(key)
                objects = kind.model_class.objects.filter(pk__in=list(ids))
                found = {str(o.pk): dict(kind.describe(o).figures or {}) for o in objects}
            except (LookupError, ValueError):
                continue
        for e in rows:
            if e.object_id in found:
                out[e.pk] = found[e.object_id]
    return out


def short_of_count(task: Task) -> bool:
    """Whether a planned number of events (次/场/期…) is not reached by the records: a
    task with some records but fewer than planned (a task with none is not under way)."""
    return any(
        t["unit"] in COUNT_UNITS and t["actual"] is not None and 0 < t["actual"] < t["planned"]
        for t in getattr(task, "targets", None) or ()
    )


def _at_least(text: str, unit: str) -> bool:
    """不少于30人次 / 至少3次 / 30人次以上."""
    num = r"[\d零〇两一二三四五六七八九十百千.]+\s*[万亿]?\s*[余多]?\s*"
    unit = re.escape(unit)
    return bool(
        re.search(rf"(不少于|不低于|至少|不少於|不低於|达到|达)\s*{num}{unit}", text)
        or re.search(rf"{num}{unit}(以上|及以上)", text)
    )


def task_targets(task: Task, figures_of: dict[int, dict]) -> list[dict]:
    """Each quantity the plan sets for the task, against what its records show: people
    (人次/人/名/户) from the records' participants, a number of events (次/场/期…) from
    the number of records. `actual` is None when no record states its participants."""
    records = _covered(task)
    out = []
    for q in task.quantities or []:
        unit, planned = str(q.get("unit") or ""), q.get("value")
        if planned is None:
            continue
        if unit in PEOPLE_UNITS:
            stated = [figures_of.get(e.pk, {}).get("participants") for e in records]
            stated = [int(n) for n in stated if n]
            actual = sum(stated) if stated else (0 if not records else None)
        elif unit in COUNT_UNITS:
            actual = len(records)
        elif unit in ITEM_UNITS:
            actual = None
        else:
            continue
        out.append(
            {
                "planned": planned,
                "unit": unit,
                "at_least": _at_least(task.text or "", unit),
                "actual": actual,
            }
        )
    return out


def _target_text(targets: list[dict], recorded: bool = True) -> str:
    """The targets against their results; `recorded`: whether the task has records (one
    without any states what was planned, and "not stated" only for people)."""
    parts = []
    for t in targets:
        least = TEMPLATES["target_least"] if t["at_least"] else ""
        planned = format_value(t["planned"])
        if t.get("year"):
            parts.append(
                TEMPLATES["target_year"].format(
                    least=least, planned=planned, actual=t["actual"], unit=t["unit"]
                )
            )
        elif t["actual"] is None or not recorded:
            key = "target_unknown" if t["unit"] in PEOPLE_UNITS else "target_unknown_items"
            if not recorded:
                key = "target_planned"  # nothing recorded: 未完成 / 尚未到期 says the rest
            parts.append(TEMPLATES[key].format(least=least, planned=planned, unit=t["unit"]))
        else:
            parts.append(
                TEMPLATES["target"].format(
                    least=least,
                    planned=format_value(t["planned"]),
                    actual=t["actual"],
                    unit=t["unit"],
                )
            )
    return "，".join(parts)


def _records(task: Task) -> str:
    evidence = [e for e in task.evidence_list if e.date.year == task.plan.year] or list(
        task.evidence_list
    )
    named = [
        TEMPLATES["record"].format(date=zh_date(e.date), title=e.title.strip())
        for e in evidence[:MAX_RECORDS_NAMED]
    ]
    text = "、".join(named)
    if len(evidence) > MAX_RECORDS_NAMED:
        text += TEMPLATES["records_more"].format(n=len(evidence))
    return text


def _progress(task: Task) -> str:
    p = task.progress
    if p.unit == "month":
        return TEMPLATES["progress_month"].format(done=p.done, total=p.total)
    if p.total == 1:
        period = p.periods[0]
        return TEMPLATES["progress_times"].format(
            found=min(period.found, period.needed), needed=period.needed
        )
    return TEMPLATES["progress_period"].format(done=p.done, total=p.total)


def _item(task: Task, state: str) -> str:
    text = _brief(task.text)
    targets = getattr(task, "targets", None) if state != DROPPED else None
    if targets:
        # A planned target is set against its result (计划30人次，实际45人次).
        target = _target_text(targets, bool(task.evidence_list))
        if task.evidence_list and state != TODO:
            return TEMPLATES["item_target_records"].format(
                task=text, target=target, records=_records(task)
            )
        return TEMPLATES["item_target"].format(task=text, target=target)
    if state == DONE and task.evidence_list:
        return TEMPLATES["item_records"].format(task=text, records=_records(task))
    if state == DOING:
        # A recurring task shows how far it got; a one-off one only has its records.
        if task.progress.total > 1 or task.progress.periods[0].needed > 1:
            if task.evidence_list:
                return TEMPLATES["item_progress_records"].format(
                    task=text, progress=_progress(task), records=_records(task)
                )
            return TEMPLATES["item_progress"].format(task=text, progress=_progress(task))
        if task.evidence_list:
            return TEMPLATES["item_records"].format(task=text, records=_records(task))
    return text


def _counts_text(template: str, counts: dict[str, int]) -> str:
    if not counts["total"] and not counts[DROPPED]:
        return TEMPLATES["counts_none"]
    parts = []
    if counts["total"] and counts[DONE] == counts["total"]:
        parts.append(TEMPLATES["count_all_done"])
    else:
        parts.append(TEMPLATES["count_done"].format(n=counts[DONE]))
        if counts[DOING]:
            parts.append(TEMPLATES["count_doing"].format(n=counts[DOING]))
        if counts[TODO]:
            parts.append(TEMPLATES["count_todo"].format(n=counts[TODO]))
    if counts[DROPPED]:
        parts.append(TEMPLATES["count_dropped"].format(n=counts[DROPPED]))
    return template.format(total=counts["total"], parts="，".join(parts))


def _group_paragraphs(group: Group, today: dt.date) -> list[str]:
    out = [_counts_text(TEMPLATES["counts_part"], group.counts())]
    by_state: dict[str, list[str]] = {}
    for t in group.tasks:
        state = task_state(t)
        # Not started, but its months are still ahead: scheduled, not failed.
        key = "upcoming" if state == TODO and t.due_date() >= today else state
        by_state.setdefault(key, []).append(_item(t, state))
    for key in (DONE, DOING, TODO, "upcoming", DROPPED):
        if by_state.get(key):
            out.append(TEMPLATES[key].format(items="；".join(by_state[key])))
    return out


def format_value(value) -> str:
    if isinstance(value, Decimal):
        value = value.quantize(Decimal("0.01"))
        return str(value.quantize(Decimal(1))) if value == value.to_integral() else str(value)
    return str(value)


def figure_sentence(f: figures_registry.Figure, words: dict | None = None) -> str:
    """The figure's sentence: the document's own (FIGURE_SENTENCES, with the union's
    congress in `words`) where it has one, else the provider's."""
    value = format_value(f.value)
    unit = str(f.unit or "")
    own = FIGURE_SENTENCES.get(f.key)
    if own:
        return own.format(value=value, unit=unit, **{"congress": "职工代表大会", **(words or {})})
    if f.sentence:
        return str(f.sentence).format(value=value, unit=unit)
    return TEMPLATES["figure_default"].format(label=f.label, value=value, unit=unit)


def congress_name(org) -> str:
    """The union's congress as the document names it: by the kind of its latest congress
    on file, else by its unit type (教代会 for a school, 职代会 elsewhere)."""
    from django.apps import apps

    kind = None
    try:
        congress = apps.get_model("democracy", "Congress")
    except LookupError:
        congress = None
    if congress is not None:
        kind = (
            congress.objects.filter(org=org)
            .order_by("-start_date", "-id")
            .values_list("kind", flat=True)
            .first()
        )
    if kind not in CONGRESS_NAMES:
        kind = "teachers" if getattr(org, "unit_type", "") == "school" else "congress"
    return CONGRESS_NAMES[kind]


def _session_dates(org, year: int) -> set:
    """The dates of the congress sessions the democracy module holds for the year."""
    try:
        from gonghui.democracy.hooks import session_candidates
    except ImportError:  # pragma: no cover - the module is part of the project
        return set()
    return set(session_candidates(org, year).values_list("date", flat=True))


def record_counts(org, year: int) -> dict[str, list[int]]:
    """The year's work records (plans.Record) of the union and the unions under it, per
    task category: [records, participants]. A record counts for the category of the first
    task it is linked to; one linked to none counts under "other".

    A record of a congress session (第五届教代会第三次会议) counts under "congress"
    instead, as a session: none when the democracy module holds a session on its date
    (one meeting recorded twice is one meeting)."""
    rows = list(
        Record.objects.filter(org__path__startswith=org.path, date__year=year).values_list(
            "pk", "participants", "title", "date"
        )
    )
    if not rows:
        return {}
    sessions = None
    congress: list[int] = []
    kept = []
    for pk, people, title, day in rows:
        if CONGRESS_RECORD.search(title or ""):
            if sessions is None:
                sessions = _session_dates(org, year)
            if day not in sessions:
                sessions.add(day)  # two records of one meeting are one session
                congress.append(pk)
            continue
        kept.append((pk, people))
    rows = kept
    category_of: dict[str, str] = {}
    for object_id, category in (
        Evidence.objects.filter(kind="plans.record", object_id__in=[str(pk) for pk, _n in rows])
        .order_by("id")
        .values_list("object_id", "task__category")
    ):
        category_of.setdefault(object_id, category)
    out: dict[str, list[int]] = {}
    for pk, people in rows:
        counts = out.setdefault(category_of.get(str(pk), "other"), [0, 0])
        counts[0] += 1
        counts[1] += people or 0
    if congress:
        out["congress"] = [len(congress), 0]
    return out


def year_figures(org, year: int) -> tuple[dict[str, list], dict[str, str]]:
    """The registered providers' figures per category with the work records counted in:
    every figure counts all the records of its kind (#15 §6). Returns the figures and the
    module figures a combined one already counts ({key: combined key})."""
    by_category = figures_registry.compute_all(org, year)
    records = record_counts(org, year)
    counted_in: dict[str, str] = {}
    n_congress = records.pop("congress", [0, 0])[0]
    if n_congress:
        # The sessions the module holds and the recorded ones not in it: one figure.
        module = by_category.setdefault("democracy", [])
        held = next((f for f in module if f.key == "democracy.sessions"), None)
        sessions = figures_registry.Figure(
            "democracy.sessions",
            "召开职代会",
            n_congress + (int(held.value) if held else 0),
            "次",
            "",
        )
        by_category["democracy"] = [sessions] + [f for f in module if f is not held]
    for code in sorted(set(records) | set(COMBINED)):
        n_records, people_records = records.get(code, [0, 0])
        module = by_category.get(code, [])
        event_keys, people_keys = COMBINED.get(code, ((), ()))
        events = [f for f in module if f.key in event_keys]
        if not n_records and not events:
            continue
        people = [f for f in module if f.key in people_keys]
        # welfare.visits is both the visits and the people-times: counted once each way.
        n = n_records + sum(int(f.value) for f in events)
        times = people_records + sum(int(f.value) for f in people if f.key != "welfare.people")
        events_word, people_word = (
            (TEMPLATES[f"{code}_events"], TEMPLATES[f"{code}_people"])
            if code in COMBINED
            else (
                RECORD_EVENTS.get(code, TEMPLATES["records_events"]),
                TEMPLATES["records_people"],
            )
        )
        label = {"culture": "开展活动", "care": "走访慰问"}.get(code, "开展工作")
        combined = [figures_registry.Figure(f"summary.{code}.events", label, n, "次", events_word)]
        if times:
            combined.append(
                figures_registry.Figure(
                    f"summary.{code}.participants", "参加人次", times, "人次", people_word
                )
            )
        for f in events + people:
            counted_in[f.key] = combined[0].key
        # A combined figure leads its category where it replaces the module's own opening
        # sentence; elsewhere the records' figures follow the modules'.
        by_category[code] = combined + module if code in COMBINED else module + combined
    return by_category, counted_in


def year_targets(org, year: int, tasks: list[Task], by_category: dict) -> None:
    """A whole-year target (全年走访慰问不少于30人次) of a task no record is linked to is
    set against the year's records of its kind: the work records of its category whose
    title shares the task's words (慰问, 体检…), with the welfare visits for a visit.
    The task is then done when every such target is reached (`year_target`)."""
    candidates = [
        t
        for t in tasks
        if getattr(t, "targets", None)
        and not _covered(t)
        and "全年" in (t.text or "")
        and t.status != TaskStatus.DROPPED
    ]
    if not candidates:
        return
    records = list(
        Record.objects.filter(org__path__startswith=org.path, date__year=year).values_list(
            "pk", "title", "participants"
        )
    )
    category_of: dict[str, str] = {}
    for object_id, category in (
        Evidence.objects.filter(kind="plans.record", object_id__in=[str(r[0]) for r in records])
        .order_by("id")
        .values_list("object_id", "task__category")
    ):
        category_of.setdefault(object_id, category)
    module = {f.key: f for rows in by_category.values() for f in rows}
    for t in candidates:
        words = [w for w in TARGET_WORDS if w in t.text]
        if not words:
            continue
        same = [
            (title, people)
            for pk, title, people in records
            if category_of.get(str(pk)) == t.category and any(w in (title or "") for w in words)
        ]
        visits = module.get("welfare.visits") if {"慰问", "走访"} & set(words) else None
        reached = []
        for target in t.targets:
            if target["unit"] in PEOPLE_UNITS:
                actual = sum(n or 0 for _title, n in same)
            elif target["unit"] in COUNT_UNITS:
                actual = len(same)
            else:
                continue
            if visits is not None and target["unit"] in PEOPLE_UNITS | COUNT_UNITS:
                actual += int(visits.value)
            target.update(actual=actual, year=True)
            reached.append(actual >= target["planned"])
        if reached:
            t.year_target = DONE if all(reached) else (DOING if any(reached) else TODO)


def _ordered_categories(by_category: dict) -> list[str]:
    known = [code for code, _label in CATEGORIES if code in by_category]
    return known + sorted(code for code in by_category if code not in known)


def figures_snapshot(
    by_category: dict, counted_in: dict[str, str] | None = None, words: dict | None = None
) -> dict[str, list[dict]]:
    counted_in = counted_in or {}
    out = {}
    for code in _ordered_categories(by_category):
        rows = []
        for f in by_category[code]:
            row = {
                "key": f.key,
                "label": str(f.label),
                # Money stays exact: a decimal is kept as its text.
                "value": format_value(f.value) if isinstance(f.value, Decimal) else f.value,
                "unit": str(f.unit or ""),
                "text": figure_sentence(f, words),
            }
            if f.key in counted_in:
                # Counted in a combined figure of the summary; not written a second time.
                row["counted_in"] = counted_in[f.key]
            rows.append(row)
        out[code] = rows
    return out


def text_digest(title: str, body: str) -> str:
    return hashlib.sha256(f"{title}\n\n{body}".encode()).hexdigest()


def summary_draft(org, year: int, *, today: dt.date | None = None) -> tuple[str, str, dict]:
    """(title, body, figures snapshot) of the year's summary, written from the records.
    `today` tells tasks not yet due from those left undone (default: today).

    Runs inside a scope covering `org` (a request's, or `scope(org)` in a job)."""
    year = int(year)
    # The document is Chinese whatever the reader's language; providers' sentences go
    # through gettext, so they are rendered in Chinese too.
    with translation.override("zh-hans"):
        return _draft(org, year, today or timezone.localdate())


def _draft(org, year: int, today: dt.date) -> tuple[str, str, dict]:
    plans = accepted_plans(org, year)
    tasks = year_tasks(plans)
    # A part without tasks (a plan's 指导思想, its 工作目标 in prose) has nothing to report.
    groups = [g for g in groups_of(plans, tasks) if g.tasks]
    by_category, counted_in = year_figures(org, year)
    year_targets(org, year, tasks, by_category)
    totals = count_states(tasks)
    snapshot = figures_snapshot(by_category, counted_in, {"congress": congress_name(org)})

    title = TEMPLATES["title"].format(org=org.name, year=year)
    paragraphs: list[str] = []
    if plans:
        names = "、".join(TEMPLATES["plan_name"].format(title=p.title.strip()) for p in plans)
        paragraphs.append(
            TEMPLATES["opening"].format(
                year=year,
                org=org.name,
                plans=names,
                counts=_counts_text(TEMPLATES["counts_year"], totals),
            )
        )
    else:
        paragraphs.append(TEMPLATES["opening_no_plan"].format(year=year, org=org.name))

    part = 1
    paragraphs.append(h1(part, TEMPLATES["h_work"]))
    if groups:
        for i, group in enumerate(groups, start=1):
            paragraphs.append(h2(i, group.heading))
            paragraphs.extend(_group_paragraphs(group, today))
    else:
        paragraphs.append(TEMPLATES["no_plan_work"])

    # Only the modules that returned figures appear; the others are not mentioned.
    lines = []
    for code, rows in snapshot.items():
        sentences = [
            r["text"] for r in rows if r["value"] not in (0, "0") and "counted_in" not in r
        ]
        if sentences:
            lines.append(
                TEMPLATES["figures_line"].format(
                    category=CATEGORY_ZH.get(code, code), sentences="，".join(sentences)
                )
            )
    if lines:
        part += 1
        paragraphs.append(h1(part, TEMPLATES["h_figures"]))
        paragraphs.extend(lines)

    part += 1
    paragraphs.append(h1(part, TEMPLATES["h_problems"]))
    paragraphs.append(TEMPLATES["problems"])
    part += 1
    paragraphs.append(h1(part, TEMPLATES["h_next"]))
    open_count = totals[DOING] + totals[TODO]
    if open_count:
        paragraphs.append(TEMPLATES["carry_over"].format(n=open_count))
    paragraphs.append(TEMPLATES["next"])

    figures = {
        "year": year,
        "org": org.code,
        "tasks": {
            "planned": totals["total"],
            "done": totals[DONE],
            "doing": totals[DOING],
            "todo": totals[TODO],
            "dropped": totals[DROPPED],
        },
        "planned_vs_done": [
            {k: v for k, v in row.items() if k != "label"} for row in planned_vs_done(tasks)
        ],
        "plans": [{"id": p.pk, "title": p.title} for p in plans],
        "categories": snapshot,
    }
    return title, "\n\n".join(paragraphs), figures


# -- services -------------------------------------------------------------------------------


def normalise_body(body: str) -> str:
    """Line ends as \\n, no trailing spaces, paragraphs separated by one blank line."""
    lines = [
        line.rstrip() for line in (body or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def is_edited(summary: Summary) -> bool:
    """Whether the text differs from the draft last generated (a summary without the
    draft's digest counts as edited: it cannot be told otherwise)."""
    return text_digest(summary.title, summary.body) != (summary.figures or {}).get("draft_sha256")
