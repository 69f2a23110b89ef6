"""The plan parser (issue #4): text or an uploaded file → outline, schedule and tasks.

Pure Python, no database. The Django side (views, the import_plan command) calls:

    read_text(data, filename)      bytes of a .docx / .txt / pasted text → str
    split_plans(text)              a collection (篇1 … 篇N) → one text per plan
    parse_plan(text)               → ParsedPlan
    parse_document(data, filename) all three; PlanParseError when no plan is found
    plans_to_json(plans)           the contract JSON: a dict for one plan, a list for several

Every failure is a PlanParseError whose message is Chinese for the user; no other
exception escapes these functions.
"""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

from .categories import categorise
from .dates import TERM_ZH, TERMS, term_months
from .errors import PlanParseError
from .model import ParsedPlan, ParsedSection, ParsedTask, Quantity, ScheduleEntry, plans_to_json
from .reader import MAX_PLAN_BYTES, read_text
from .split import split_plans as _split_plans

__all__ = [
    "MAX_PLAN_BYTES",
    "TERMS",
    "TERM_ZH",
    "ParsedPlan",
    "ParsedSection",
    "ParsedTask",
    "PlanParseError",
    "Quantity",
    "ScheduleEntry",
    "categorise",
    "parse_document",
    "parse_parts",
    "parse_plan",
    "plans_to_json",
    "read_text",
    "split_plans",
    "term_months",
]

logger = logging.getLogger(__name__)


def _unexpected(exc: Exception) -> PlanParseError:
    logger.exception("plan parser failed", exc_info=exc)
    return PlanParseError(_("This text could not be read as a work plan."))


def parse_plan(text: str) -> ParsedPlan:
    """One plan's text → ParsedPlan (possibly empty: check is_plan_like)."""
    from .parser import parse_lines

    if not isinstance(text, str):
        raise PlanParseError(_("This text could not be read as a work plan."))
    try:
        return parse_lines(text)
    except Exception as exc:  # noqa: BLE001 — the parser must never crash an upload
        raise _unexpected(exc) from exc


def split_plans(text: str) -> list[str]:
    """A collection of plans → one text per plan; a single plan → [text]."""
    if not isinstance(text, str):
        raise PlanParseError(_("This text could not be read as a work plan."))
    try:
        return _split_plans(text)
    except Exception as exc:  # noqa: BLE001
        raise _unexpected(exc) from exc


def parse_parts(data: bytes, filename: str = "") -> list[ParsedPlan]:
    """read_text + split_plans + parse_plan: every part, plan-like or not."""
    try:
        text = read_text(data, filename)
    except PlanParseError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise _unexpected(exc) from exc
    return list(map(parse_plan, split_plans(text)))


def parse_document(data: bytes, filename: str = "") -> list[ParsedPlan]:
    """read_text + split_plans + parse_plan; the plan-like plans, at least one."""
    plans = [plan for plan in parse_parts(data, filename) if plan.is_plan_like]
    if not plans:
        raise PlanParseError(
            _(
                "No work plan was found in this text: it has no numbered sections, "
                "monthly schedule or tasks."
            )
        )
    return plans
