"""Reads of the openness module: whose notices a page shows, the union's required items,
what is due but unpublished, overdue answers and the yearly report's figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from gonghui.orgs.models import Organisation, OrgKind

from . import rules
from .models import ItemRule, Notice, NoticeFile, OpennessSettings, Question, Status

UNIT_KINDS = {OrgKind.GRASSROOTS, OrgKind.JOINT, OrgKind.UPPER}
SHOWN = (Status.PUBLISHED,)  # what staff read; a withdrawn notice is off the board


# -- whose notices --------------------------------------------------------------------------


def openness_unit(org: Organisation) -> Organisation | None:
    """The unit whose notices `org`'s people read: the org itself when it is a union (or
    an upper union, for its own organ), else the nearest such node above it. A group's
    members read their union's notices."""
    if org.kind in UNIT_KINDS:
        return org
    for node in reversed(org.ancestors()):
        if node.kind in UNIT_KINDS:
            return node
    return None


def is_cadre(request, unit: Organisation | None) -> bool:
    """Cadre mode: writing permission, on the unit's own pages (a branch chair reads the
    hospital's notices as staff do, from the branch)."""
    return bool(
        unit is not None
        and request.org.pk == unit.pk
        and request.access.has("openness.notice:write")
    )


def unit_of(request) -> Organisation:
    """The unit whose notices the request's organisation reads (404 where there is none)."""
    unit = openness_unit(request.org)
    if unit is None:
        raise Http404
    return unit


def cadre_unit_of(request) -> Organisation:
    """The unit, for what only its cadres do (403 from a branch or group, or to a reader)."""
    unit = unit_of(request)
    if not is_cadre(request, unit):
        raise PermissionDenied
    return unit


def notices_of(unit: Organisation, *, cadre: bool) -> QuerySet[Notice]:
    """Every notice of the unit for its cadres (the scoped manager), the board for others."""
    if cadre:
        return Notice.objects.select_related("org").filter(org=unit)
    return published_of(unit)


def notice_of(unit: Organisation, notice_id: int, *, cadre: bool) -> Notice:
    """One notice as `notices_of` reaches it (a draft is a 404 to a reader)."""
    return get_object_or_404(notices_of(unit, cadre=cadre), pk=notice_id)


def published_of(unit: Organisation) -> QuerySet[Notice]:
    """The unit's notices on the board. Read past the request's scope on purpose when the
    reader sits below the unit (a member at a group): only published notices of the
    reader's own unit are reachable this way."""
    return Notice._base_manager.select_related("org").filter(org=unit, status__in=SHOWN)


def settings_of(unit: Organisation) -> OpennessSettings | None:
    return OpennessSettings._base_manager.filter(org=unit).first()


def is_state_owned(unit: Organisation) -> bool:
    s = settings_of(unit)
    return bool(s and s.state_owned)


def system_name(unit: Organisation | None) -> str:
    return rules.system_name(unit.unit_type if unit else "other")


# -- the union's required items -------------------------------------------------------------


@dataclass(frozen=True)
class EffectiveItem:
    code: str
    name: str
    frequency: str
    category: str
    source: str
    custom: bool = False
    disabled: bool = False
    reason: str = ""
    rule_id: int | None = None

    def get_frequency_display(self) -> str:
        return str(rules.Frequency(self.frequency).label)

    def get_category_display(self) -> str:
        return str(rules.Category(self.category).label)


def all_items(unit: Organisation) -> list[EffectiveItem]:
    """Every item of the unit, switched-off ones included (the settings page). A built-in
    item cites the text of the unit's region (its own or its nearest ancestor's)."""
    changes = {r.code: r for r in ItemRule._base_manager.filter(org=unit)}
    out = []
    builtin = rules.builtin_items(
        unit.unit_type, state_owned=is_state_owned(unit), region=unit.rules_region()
    )
    for item in builtin:
        r = changes.pop(item.code, None)
        out.append(
            EffectiveItem(
                item.code,
                str(item.name),
                item.frequency,
                item.category,
                item.source,
                disabled=bool(r and r.disabled),
                reason=r.reason if r else "",
                rule_id=r.pk if r else None,
            )
        )
    for r in sorted(changes.values(), key=lambda r: r.pk):
        if not r.custom:
            continue  # an override of an item that no longer applies (e.g. not state-owned)
        out.append(
            EffectiveItem(
                r.code,
                r.name,
                r.frequency,
                r.category or rules.Category.OTHER,
                r.source,
                custom=True,
                disabled=r.disabled,
                reason=r.reason,
                rule_id=r.pk,
            )
        )
    return out


def required_items(unit: Organisation) -> list[EffectiveItem]:
    return [i for i in all_items(unit) if not i.disabled]


def item_names(unit: Organisation) -> dict[str, str]:
    return {i.code: i.name for i in all_items(unit)}


# -- due but unpublished ----------------------------------------------------------------------

PUBLISHED, DUE, OVERDUE, UPCOMING = "published", "due", "overdue", "upcoming"


@dataclass
class PeriodStatus:
    period: str
    start: dt.date
    end: dt.date
    deadline: dt.date
    state: str
    notices: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(rules.Period(self.period).label)

    @property
    def flagged(self) -> bool:
        return self.state in (DUE, OVERDUE)


@dataclass
class ItemStatus:
    item: EffectiveItem
    periods: list[PeriodStatus]
    notices: list  # every notice of the item published for the year

    @property
    def flagged(self) -> list[PeriodStatus]:
        return [p for p in self.periods if p.flagged]

    @property
    def overdue(self) -> list[PeriodStatus]:
        return [p for p in self.periods if p.state == OVERDUE]


def period_state(year: int, period: str, found: bool, today: dt.date) -> PeriodStatus:
    start, end = rules.period_bounds(year, period)
    deadline = end + dt.timedelta(days=rules.GRACE_DAYS)
    if found:
        state = PUBLISHED
    elif today < start:
        state = UPCOMING
    elif today <= deadline:
        state = DUE
    else:
        state = OVERDUE
    return PeriodStatus(period, start, end, deadline, state)


def published_for_year(unit: Organisation, year: int) -> list[Notice]:
    """Notices of the unit put up for `year` (taken down since or not)."""
    return list(
        Notice._base_manager.filter(
            org=unit, period_year=year, published_on__isnull=False
        ).order_by("published_on", "id")
    )


def due_status(unit: Organisation, year: int, today: dt.date) -> list[ItemStatus]:
    """For each required item, its periods of `year` and whether a published notice
    covers each: published / due (the period has begun, its deadline not passed) /
    overdue / upcoming. Per-event items have no periods and are never flagged."""
    notices = published_for_year(unit, year)
    by_item: dict[str, list[Notice]] = {}
    for n in notices:
        by_item.setdefault(n.item_code, []).append(n)
    out = []
    for item in required_items(unit):
        mine = by_item.get(item.code, [])
        periods = []
        for period in rules.FREQUENCY_PERIODS.get(item.frequency, ()):
            found = [
                n
                for n in mine
                if rules.covers(
                    n.period,
                    n.published_on.month if n.published_on.year == year else None,
                    period,
                )
            ]
            ps = period_state(year, period, bool(found), today)
            ps.notices = found
            periods.append(ps)
        out.append(ItemStatus(item, periods, mine))
    return out


def flagged_count(statuses: list[ItemStatus]) -> int:
    return sum(len(s.flagged) for s in statuses)


# -- questions -----------------------------------------------------------------------------


def questions_of(unit: Organisation) -> QuerySet[Question]:
    return Question._base_manager.filter(notice__org=unit).select_related(
        "notice", "asked_by", "answered_by"
    )


def unanswered(unit: Organisation) -> QuerySet[Question]:
    return questions_of(unit).filter(answered_on__isnull=True).order_by("asked_on", "id")


# -- the year's report -----------------------------------------------------------------------


@dataclass
class ReportRow:
    code: str
    name: str
    frequency: str
    notices: list
    periods: list
    questions: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    unanswered: int = 0

    @property
    def frequency_label(self) -> str:
        return str(rules.Frequency(self.frequency).label) if self.frequency else ""


@dataclass
class Report:
    unit: Organisation
    year: int
    system: str
    rows: list[ReportRow]
    other: list  # notices outside the required items
    totals: dict

    @property
    def flagged(self) -> list[tuple[ReportRow, PeriodStatus]]:
        return [(r, p) for r in self.rows for p in r.periods if p.flagged]


def year_report(unit: Organisation, year: int, today: dt.date) -> Report:
    statuses = due_status(unit, year, today)
    notices = published_for_year(unit, year)
    questions = list(
        Question._base_manager.filter(notice__in=[n.pk for n in notices]).order_by("asked_on")
    )
    by_notice: dict[int, list[Question]] = {}
    for q in questions:
        by_notice.setdefault(q.notice_id, []).append(q)

    def tally(row: ReportRow, items: list[Notice]) -> ReportRow:
        for n in items:
            for q in by_notice.get(n.pk, []):
                row.questions += 1
                if q.on_time:
                    row.answered_on_time += 1
                elif q.answered_late:
                    row.answered_late += 1
                else:
                    row.unanswered += 1
        return row

    rows = []
    required_codes = set()
    for s in statuses:
        required_codes.add(s.item.code)
        rows.append(
            tally(
                ReportRow(s.item.code, s.item.name, s.item.frequency, s.notices, s.periods),
                s.notices,
            )
        )
    other = [n for n in notices if n.item_code not in required_codes]
    other_row = tally(ReportRow("", "", "", other, []), other)
    totals = {
        "notices": len(notices),
        "withdrawn": sum(1 for n in notices if n.status == Status.WITHDRAWN),
        "questions": len(questions),
        "answered_on_time": sum(r.answered_on_time for r in rows) + other_row.answered_on_time,
        "answered_late": sum(r.answered_late for r in rows) + other_row.answered_late,
        "unanswered": sum(r.unanswered for r in rows) + other_row.unanswered,
        "flagged": sum(len([p for p in r.periods if p.flagged]) for r in rows),
        "overdue": sum(len([p for p in r.periods if p.state == OVERDUE]) for r in rows),
    }
    return Report(unit, year, system_name(unit), rows, other, totals)


# A notice's files and questions follow the notice past the scope: the caller has already
# been allowed to read the notice (its unit's cadre, or a reader of the published board,
# who may sit at a group below the unit).
def files_of(notice: Notice) -> QuerySet[NoticeFile]:
    return NoticeFile._base_manager.filter(notice=notice)


def questions_on(notice: Notice) -> QuerySet[Question]:
    return (
        Question._base_manager.filter(notice=notice)
        .select_related("asked_by", "answered_by")
        .order_by("asked_on", "id")
    )
