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
from .models import Plan, PlanStatus, Section, Summary, Task, TaskStatus
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
    "record": "{date}“{title}”",
    "records_more": "等{n}项记录",
    "progress_month": "已有{done}个月完成，共{total}个月",
    "progress_period": "已完成{done}个周期，共{total}个",
    "progress_times": "已有记录{found}次，计划{needed}次",
    "date": "{y}年{m}月{d}日",
    "figures_line": "{category}：{sentences}。",
    "figure_default": "{label}{value}{unit}",
    "problems": "【待填写：对照全年计划，分析工作中存在的问题和不足及其原因。】",
    "carry_over": "本年度未完成和正在推进的{n}项工作，将纳入下一年度工作计划统筹推进。",
    "next": "【待填写：结合上级工会部署和本单位实际，提出下一年度的工作思路和主要措施。】",
}
NUMERALS = "一二三四五六七八九十"
MAX_RECORDS_NAMED = 3
TASK_TEXT_CHARS = 40

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
    doing: some record is linked; todo: nothing yet; dropped: decided not to do it."""
    if task.status == TaskStatus.DROPPED:
        return DROPPED
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
    if not plans:
        return []
    return tasks_with_progress(
        Task.objects.filter(plan__in=plans).order_by("plan", "position", "id")
    )


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
    text = re.sub(r"\s+", "", text or "").rstrip("。；;，,、.")
    return text if len(text) <= TASK_TEXT_CHARS else text[:TASK_TEXT_CHARS] + "……"


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


def figure_sentence(f: figures_registry.Figure) -> str:
    value = format_value(f.value)
    unit = str(f.unit or "")
    if f.sentence:
        return str(f.sentence).format(value=value, unit=unit)
    return TEMPLATES["figure_default"].format(label=f.label, value=value, unit=unit)


def _ordered_categories(by_category: dict) -> list[str]:
    known = [code for code, _label in CATEGORIES if code in by_category]
    return known + sorted(code for code in by_category if code not in known)


def figures_snapshot(by_category: dict) -> dict[str, list[dict]]:
    out = {}
    for code in _ordered_categories(by_category):
        out[code] = [
            {
                "key": f.key,
                "label": str(f.label),
                # Money stays exact: a decimal is kept as its text.
                "value": format_value(f.value) if isinstance(f.value, Decimal) else f.value,
                "unit": str(f.unit or ""),
                "text": figure_sentence(f),
            }
            for f in by_category[code]
        ]
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
    totals = count_states(tasks)
    by_category = figures_registry.compute_all(org, year)
    snapshot = figures_snapshot(by_category)

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
        sentences = [r["text"] for r in rows if r["value"] not in (0, "0")]
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
