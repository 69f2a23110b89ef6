"""What the parser returns, and its JSON (the contract the import command prints).

{"title": str, "year": int | null,
 "sections": [{"number", "title", "level", "key", "children": [...]}],
 "schedule": [{"months": [int], "items": [str], "label": str}],
 "tasks": [{"text", "months": [int], "term", "term_label", "recurrence", "category",
            "category_label", "quantities": [{"value", "unit"}], "section",
            "section_title", "source_line"}]}
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gonghui.plans.taxonomy import CATEGORY_ZH


@dataclass
class Quantity:
    value: int | float
    unit: str

    def to_dict(self) -> dict:
        return {"value": self.value, "unit": self.unit}


@dataclass
class ParsedSection:
    number: (
        str  # as written, without its trailing 、 (一 / （一） / 1 / ① / 第一部分); "" unnumbered
    )
    title: str
    level: int  # 1 for the top of the outline
    children: list[ParsedSection] = field(default_factory=list)
    key: str = ""  # the path of positions: "2.1.3"

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "level": self.level,
            "key": self.key,
            "children": [child.to_dict() for child in self.children],
        }

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class ScheduleEntry:
    months: list[int]
    items: list[str]
    label: str  # the month as written: 七、八月份 / 1~2月 / 20xx年3月
    section_key: str | None = None

    def to_dict(self) -> dict:
        return {
            "months": list(self.months),
            "items": list(self.items),
            "label": self.label,
            "section": self.section_key,
        }


@dataclass
class ParsedTask:
    text: str
    section_key: str | None
    months: list[int]
    term: str | None  # a code of dates.TERMS
    recurrence: dict | None  # {"per": "month"|"week"|..., "times": int, "at_least": bool}
    category: str  # a code of taxonomy.CATEGORIES
    quantities: list[Quantity]
    source_line: int  # 1-based line of the plan's text
    from_schedule: bool = False

    def to_dict(self, section_titles: dict[str, str] | None = None) -> dict:
        from .dates import TERM_ZH

        return {
            "text": self.text,
            "months": list(self.months),
            "term": self.term,
            "term_label": TERM_ZH.get(self.term) if self.term else None,
            "recurrence": dict(self.recurrence) if self.recurrence else None,
            "category": self.category,
            "category_label": CATEGORY_ZH.get(self.category, CATEGORY_ZH["other"]),
            "quantities": [quantity.to_dict() for quantity in self.quantities],
            "section": self.section_key,
            "section_title": (section_titles or {}).get(self.section_key or ""),
            "source_line": self.source_line,
            "from_schedule": self.from_schedule,
        }


@dataclass
class ParsedPlan:
    title: str
    year: int | None
    sections: list[ParsedSection]
    schedule: list[ScheduleEntry]
    tasks: list[ParsedTask]
    # 9 for a school year (September to August), 1 for a calendar year.
    start_month: int = 1

    def all_sections(self) -> list[ParsedSection]:
        return [node for section in self.sections for node in section.walk()]

    def section(self, key: str | None) -> ParsedSection | None:
        return next((s for s in self.all_sections() if s.key == key), None)

    @property
    def is_plan_like(self) -> bool:
        return bool(self.sections or self.schedule or self.tasks)

    def to_dict(self) -> dict:
        titles = {section.key: section.title for section in self.all_sections()}
        return {
            "title": self.title,
            "year": self.year,
            "start_month": self.start_month,
            "sections": [section.to_dict() for section in self.sections],
            "schedule": [entry.to_dict() for entry in self.schedule],
            "tasks": [task.to_dict(titles) for task in self.tasks],
        }


def plans_to_json(plans: list[ParsedPlan]) -> dict | list:
    """One plan → its dict; several (a collection) → a list of dicts."""
    if len(plans) == 1:
        return plans[0].to_dict()
    return [plan.to_dict() for plan in plans]
