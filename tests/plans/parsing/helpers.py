"""What the layout tests share (no database; this module holds no tests): the seed
collection's plans, and the ways copying damages a plan's lines."""

from __future__ import annotations

from pathlib import Path

from gonghui.plans.parsing import ParsedPlan, parse_plan, split_plans
from gonghui.plans.parsing.headings import detect
from gonghui.plans.parsing.lines import fold

SEED = Path(__file__).resolve().parents[3].parent / "shared/seed/000_3484bbb64bccdd70.txt"


def seed_plans() -> dict[int, str]:
    """The seed collection's plans by 篇 number."""
    return dict(enumerate(split_plans(SEED.read_text("utf-8")), start=1))


def outline(plan: ParsedPlan) -> list[tuple[str, str]]:
    return [(section.number, section.title) for section in plan.all_sections()]


def texts(plan: ParsedPlan) -> list[str]:
    return [task.text for task in plan.tasks]


def reading(plan: ParsedPlan) -> tuple:
    """Everything a reader of the plan sees: outline, schedule and tasks with months."""
    return (
        [(s.key, s.number, s.title) for s in plan.all_sections()],
        [(e.label, e.months, e.items) for e in plan.schedule],
        [(t.text, t.section_key, t.months) for t in plan.tasks],
    )


def parse(text: str) -> ParsedPlan:
    return parse_plan(text)


def _lines(text: str) -> tuple[list[str], list[str]]:
    """The marker line of a seed plan, and the rest."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return lines[:1], lines[1:]


def glue_headings(text: str) -> str:
    """Every numbered heading (一、 （一） 1、 （1）) glued to the line before it when that
    line ends with a full stop, as a copy that lost those line breaks has them."""
    head, body = _lines(text)
    out: list[str] = []
    for line in body:
        heading = detect(fold(line), line)
        numbered = heading is not None and heading.style in (
            "cn",
            "paren_cn",
            "arabic",
            "paren_arabic",
        )
        if out and numbered and out[-1].endswith("。"):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(head + out)


def hard_wrap(text: str, width: int = 38) -> str:
    """Every line cut at `width` characters as a PDF's page cuts it, with a page number
    ("- 3 -") after every third cut."""
    head, body = _lines(text)
    out: list[str] = []
    cuts = 0
    for line in body:
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
            cuts += 1
            if cuts % 3 == 0:
                out.append(f"- {cuts // 3 + 1} -")
        out.append(line)
    return "\n".join(head + out)


def one_line(text: str) -> str:
    """The whole plan after its marker line as one line, its line breaks become spaces."""
    head, body = _lines(text)
    return "\n".join([*head, " ".join(body)])
