"""Shared helpers for the plan parser tests (no database; this module holds no tests)."""

from __future__ import annotations

from pathlib import Path

from gonghui.plans.parsing import ParsedPlan, parse_document

DOCS = Path(__file__).parent / "docs"


def parse_doc(name: str) -> list[ParsedPlan]:
    return parse_document((DOCS / name).read_bytes(), name)


def only_plan(name: str) -> ParsedPlan:
    plans = parse_doc(name)
    assert len(plans) == 1, [plan.title for plan in plans]
    return plans[0]


def outline(plan: ParsedPlan) -> list[tuple[str, str, str]]:
    """(key, number, title) of every section, depth first."""
    return [(s.key, s.number, s.title) for s in plan.all_sections()]


def schedule_months(plan: ParsedPlan) -> list[list[int]]:
    return [entry.months for entry in plan.schedule]


def task(plan: ParsedPlan, fragment: str):
    found = [t for t in plan.tasks if fragment in t.text]
    assert found, f"no task with {fragment!r}: {[t.text for t in plan.tasks]}"
    return found[0]
