"""Reads of both doors (pages and API) and the computation of the survey's figures.

`compute(period, unions)` reads each family of figures for the period with the selector
the union's own page uses (the roster behind 会员统计, the congress, openness, welfare,
aid and activities records, the annual statements), grouped once by the record's
organisation and added up per union: a few queries per family, whatever the number of
unions. The roll is the roll as it stands when computed (the roster keeps no history of
who was on it on 30 September); the events, activities, visits and payments are those
dated inside the period.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q
from django.http import Http404

from gonghui.orgs.models import UNION_KINDS, Organisation

from . import rules
from .models import COUNTED_STATES, EDITABLE_STATES, ReportStatus, SurveyPeriod, SurveyReport

LOST_EVENTS = ("left", "lapsed", "expelled")  # members.EventKind: 退会, 自动退会, 开除
COMMITTEE_POSITIONS = ("chair", "vice_chair", "member")  # orgs.Position: 委员会委员
AUDIT_POSITIONS = ("audit_chair", "audit_member")  # 经审会


def subtree_unions(org: Organisation) -> list[Organisation]:
    """The active grassroots and joint unions below `org`, in tree order."""
    return list(
        Organisation.objects.filter(
            path__startswith=org.path, kind__in=list(UNION_KINDS), is_active=True
        )
        .exclude(pk=org.pk)
        .order_by("path")
    )


class _Tree:
    def __init__(self, root: Organisation, unions: list[Organisation]):
        self.root = root
        ids = {u.pk for u in unions}
        self.union_ids = ids
        self.union_of: dict[int, int] = {}
        for pk, path in Organisation.objects.filter(path__startswith=root.path).values_list(
            "pk", "path"
        ):
            for part in path.strip("/").split("/"):
                if int(part) in ids:
                    self.union_of[pk] = int(part)
                    break

    def add(self, out: dict, rows, org_key: str, **sums: str) -> None:
        for row in rows:
            union = self.union_of.get(row[org_key])
            if union is None:
                continue
            totals = out[union]
            for name, column in sums.items():
                totals[name] = totals.get(name, 0) + (row[column] or 0)


def _members(tree, out, start, end):
    from gonghui.members.models import MembershipEvent, Status
    from gonghui.members.selectors import RosterFilter, roster

    roll = (
        roster(RosterFilter())
        .filter(org__path__startswith=tree.root.path)
        .order_by()
        .values("org_id")
        .annotate(
            n=Count("id"),
            women=Count("id", filter=Q(sex="female")),
            migrant=Count("id", filter=Q(member_type="migrant")),
            retained=Count("id", filter=Q(status=Status.RETAINED)),
        )
        .order_by()
    )
    tree.add(
        out,
        roll,
        "org_id",
        members="n",
        women_members="women",
        migrant_members="migrant",
        retained_members="retained",
    )
    events = (
        MembershipEvent.objects.filter(
            org__path__startswith=tree.root.path, date__gte=start, date__lte=end
        )
        .values("org_id")
        .annotate(
            joined=Count("id", filter=Q(kind="joined")),
            lost=Count("id", filter=Q(kind__in=LOST_EVENTS)),
        )
        .order_by()
    )
    tree.add(out, events, "org_id", new_members="joined", lost_members="lost")


def _cadres(tree, out, start, end):
    from gonghui.orgs.models import CommitteeSeat

    seats = (
        CommitteeSeat.objects.filter(
            term__org__path__startswith=tree.root.path,
            term__start_date__lte=end,
            term__end_date__gte=end,
        )
        .values("term__org_id")
        .annotate(
            committee=Count("id", filter=Q(position__in=COMMITTEE_POSITIONS)),
            audit=Count("id", filter=Q(position__in=AUDIT_POSITIONS)),
        )
        .order_by()
    )
    tree.add(out, seats, "term__org_id", committee_members="committee", has_audit_committee="audit")


def _democracy(tree, out, start, end):
    from gonghui.democracy.hooks import session_candidates
    from gonghui.democracy.models import (
        Congress,
        Contract,
        Proposal,
        ProposalStatus,
        Representative,
    )

    congresses = (
        Congress.objects.filter(
            org__path__startswith=tree.root.path, start_date__lte=end, end_date__gte=start
        )
        .values("org_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    tree.add(out, congresses, "org_id", has_congress="n")
    reps = (
        Representative.objects.filter(
            congress__org__path__startswith=tree.root.path,
            congress__start_date__lte=end,
            congress__end_date__gte=end,
            left_on__isnull=True,
        )
        .values("congress__org_id")
        .annotate(n=Count("id"), women=Count("id", filter=Q(member__sex="female")))
        .order_by()
    )
    tree.add(out, reps, "congress__org_id", representatives="n", women_representatives="women")
    sessions = defaultdict(int)
    for year in range(start.year, end.year + 1):
        for row in (
            session_candidates(tree.root, year)
            .filter(date__gte=start, date__lte=end)
            .values("congress__org_id")
            .annotate(n=Count("id"))
            .order_by()
        ):
            sessions[row["congress__org_id"]] += row["n"]
    tree.add(
        out,
        [{"org": k, "n": v} for k, v in sessions.items()],
        "org",
        congress_sessions="n",
    )
    proposals = (
        Proposal.objects.filter(
            congress__org__path__startswith=tree.root.path,
            submitted_at__date__gte=start,
            submitted_at__date__lte=end,
        )
        .exclude(status=ProposalStatus.DRAFT)
        .values("congress__org_id")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    tree.add(out, proposals, "congress__org_id", proposals="n")
    contracts = (
        Contract.objects.filter(
            org__path__startswith=tree.root.path, start_date__lte=end, end_date__gte=end
        )
        .values("org_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    tree.add(out, contracts, "org_id", has_collective_contract="n")


def _openness(tree, out, start, end):
    from gonghui.openness.models import Notice

    rows = (
        Notice.objects.filter(
            org__path__startswith=tree.root.path, published_on__gte=start, published_on__lte=end
        )
        .values("org_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    tree.add(out, rows, "org_id", has_openness="n")


def _protection(tree, out, start, end):
    from gonghui.aid.selectors import live_payments
    from gonghui.welfare.models import COUNTED_STATES as VISIT_COUNTED
    from gonghui.welfare.models import CaseState, HardshipFile, Visit

    files = (
        HardshipFile.objects.filter(org__path__startswith=tree.root.path, state=CaseState.ACTIVE)
        .values("org_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    tree.add(out, files, "org_id", hardship_households="n")
    # welfare.selectors.paid_visits, over the period instead of a calendar year
    visits = (
        Visit.objects.filter(
            org__path__startswith=tree.root.path,
            date__gte=start,
            date__lte=end,
            state__in=VISIT_COUNTED,
        )
        .values("org_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    tree.add(out, visits, "org_id", visits="n")
    money: dict[int, Decimal] = defaultdict(Decimal)
    for org_id, amount in Visit.objects.filter(
        org__path__startswith=tree.root.path,
        date__gte=start,
        date__lte=end,
        state__in=VISIT_COUNTED,
    ).values_list("org_id", "amount"):
        money[org_id] += amount or 0
    for org_id, amount in (
        live_payments()
        .filter(org__path__startswith=tree.root.path, paid_on__gte=start, paid_on__lte=end)
        .values_list("org_id", "amount")
    ):
        money[org_id] += amount or 0
    for org_id, amount in money.items():
        union = tree.union_of.get(org_id)
        if union is not None:
            out[union]["aid_amount"] = out[union].get("aid_amount", Decimal(0)) + amount


def _activities(tree, out, start, end):
    from gonghui.activities.models import HELD, Activity, Kind, Signup

    window = {
        "starts_at__date__gte": start,
        "starts_at__date__lte": end,
        "status__in": list(HELD),
    }
    rows = (
        Activity.objects.filter(org__path__startswith=tree.root.path, **window)
        .values("org_id")
        .annotate(
            contests=Count("id", filter=Q(kind=Kind.CONTEST)),
            lectures=Count("id", filter=Q(kind=Kind.LECTURE)),
        )
        .order_by()
    )
    tree.add(out, rows, "org_id", competitions="contests", trainings="lectures")
    # activities.selectors.attendances: the check-ins at the lectures of the period
    checkins = (
        Signup._base_manager.filter(
            activity__org__path__startswith=tree.root.path,
            activity__kind=Kind.LECTURE,
            checked_in_at__isnull=False,
            **{f"activity__{k}": v for k, v in window.items()},
        )
        .values("activity__org_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    tree.add(out, checkins, "activity__org_id", trained="n")


def _finance(tree, out, start, end):
    from gonghui.upper.finance import statements_rollup

    # statements_rollup reads the unions below a node: a union recomputing alone reads
    # from the node above it (its scope keeps the others' books out).
    root = tree.root.parent if tree.root.kind in UNION_KINDS else tree.root
    rollup = statements_rollup(root, rules.finance_year(end))
    for u in rollup.unions:
        if u.org.pk not in tree.union_ids:
            continue
        figures = u.figures()
        if figures.get("income") is None:
            continue
        out[u.org.pk]["income"] = figures["income"]
        out[u.org.pk]["expense"] = figures["expense"]


FAMILIES = (_members, _cadres, _democracy, _openness, _protection, _activities, _finance)


def compute(period: SurveyPeriod, unions: list[Organisation]) -> dict[int, dict]:
    """{union id: {code: value}} of every computed indicator of the period's survey, for
    `unions` (all below the period's organisation). Flags are 1 or 0, money Decimal; a
    figure the records do not hold (a union without books) stays None."""
    if not unions:
        return {}
    survey = period.survey
    # One union: read its own subtree only (a union recomputing its report).
    root = unions[0] if len(unions) == 1 else period.org
    tree = _Tree(root, unions)
    found: dict[int, dict] = defaultdict(dict)
    for family in FAMILIES:
        family(tree, found, period.start_date, period.end_date)
    out = {}
    for union in unions:
        values = found.get(union.pk, {})
        row = {}
        for ind in survey.indicators:
            if not ind.computed:
                continue
            value = values.get(ind.code)
            if ind.unit == rules.FLAG:
                value = 1 if value else 0
            elif ind.unit == rules.MONEY:
                value = None if value is None and ind.section == "finance" else value or 0
                value = None if value is None else Decimal(value).quantize(Decimal("0.01"))
            else:
                value = value or 0
            row[ind.code] = value
        out[union.pk] = row
    return out


# -- periods and reports ------------------------------------------------------------------


def periods(org: Organisation):
    return (
        SurveyPeriod.objects.filter(org=org)
        .annotate(
            n_reports=Count("reports", distinct=True),
            n_in=Count("reports", filter=Q(reports__status__in=COUNTED_STATES), distinct=True),
            n_overdue=Count(
                "reports",
                filter=Q(reports__status__in=EDITABLE_STATES, deadline__lt=today()),
                distinct=True,
            ),
        )
        .order_by("-year")
    )


def period_of(org: Organisation, period_id: int) -> SurveyPeriod:
    found = SurveyPeriod.objects.filter(org=org, pk=period_id).first()
    if found is None:
        raise Http404
    return found


def reports_of(period: SurveyPeriod):
    return (
        SurveyReport.objects.filter(period=period)
        .select_related("org", "period", "period__org", "submitted_by", "reviewed_by")
        .order_by("org__path")
    )


def report_in(period: SurveyPeriod, report_id: int) -> SurveyReport:
    found = reports_of(period).filter(pk=report_id).first()
    if found is None:
        raise Http404
    return found


# The board's states: the report's own, and "overdue" over a report the union still holds
# after the deadline (the way assignments marks an overdue answer).
BOARD_STATES = [*ReportStatus.values, "overdue"]


def board(period: SurveyPeriod, status: str = "") -> dict:
    """Each union's report with its board status (overdue computed) and the counts; an
    overdue report counts as overdue, not under its draft or returned state."""
    day = today()
    rows = list(reports_of(period))
    counts = dict.fromkeys(BOARD_STATES, 0)
    for r in rows:
        r.overdue = r.is_overdue(day)
        counts[r.board_status(day)] += 1
    if status in BOARD_STATES:
        rows = [r for r in rows if r.board_status(day) == status]
    return {"rows": rows, "counts": counts, "today": day}


def own_reports(org: Organisation):
    """The reports of `org` itself, newest period first."""
    return (
        SurveyReport.objects.filter(org=org)
        .select_related("period", "period__org", "org")
        .order_by("-period__year")
    )


def own_report(org: Organisation, report_id: int) -> SurveyReport:
    found = own_reports(org).filter(pk=report_id).first()
    if found is None:
        raise Http404
    return found


# -- the aggregate ------------------------------------------------------------------------


def aggregate(period: SurveyPeriod) -> list[dict]:
    """The subtree level by level: for the period's organisation and every upper union
    below it, the sum of the handed-in reports (submitted or accepted) of the unions under
    it, then each union's own row. Rows in tree order: {org, depth, kind ("node" or
    "union"), reports, values, rates}. A flag sums to the number of unions that have it."""
    survey = period.survey
    counted = [r for r in reports_of(period) if r.status in COUNTED_STATES]
    nodes = list(
        Organisation.objects.filter(path__startswith=period.org.path, kind="upper").order_by("path")
    )
    base_depth = period.org.path.count("/")
    values_of = {r.pk: r.values() for r in counted}
    rows = []
    for node in nodes:
        mine = [r for r in counted if r.org.path.startswith(node.path)]
        totals = _sum(survey, [values_of[r.pk] for r in mine])
        rows.append(
            {
                "org": node,
                "depth": node.path.count("/") - base_depth,
                "kind": "node",
                "reports": len(mine),
                "values": totals,
                "rates": _rates(survey, totals),
                "founding_rate": rules.founding_rate(len(mine), period.eligible_units)
                if node.pk == period.org.pk
                else None,
            }
        )
        # Then the node's own unions (those of a node below follow that node's row).
        for report in mine:
            if report.org.parent_id != node.pk:
                continue
            values = values_of[report.pk]
            rows.append(
                {
                    "org": report.org,
                    "depth": report.org.path.count("/") - base_depth,
                    "kind": "union",
                    "reports": 1,
                    "values": values,
                    "rates": _rates(survey, values),
                    "founding_rate": None,
                    "status": report.status,
                }
            )
    return rows


def _sum(survey, values_list: list[dict]) -> dict:
    out = {}
    for ind in survey.indicators:
        present = [v[ind.code] for v in values_list if v.get(ind.code) is not None]
        out[ind.code] = sum(present) if present else None
    return out


def _rates(survey, values: dict) -> dict:
    return {r.key: rules.rate(r, values) for r in survey.rates}


def statuses() -> dict:
    return dict(ReportStatus.choices)


def board_words() -> dict:
    """The board's state names: the report's states and "overdue"."""
    from django.utils.translation import pgettext

    return statuses() | {"overdue": pgettext("survey status", "Overdue")}


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


# -- one report as a sheet (pages and API) -------------------------------------------------


def sheet(report: SurveyReport) -> dict:
    """The report as its page shows it: the sections with each figure (computed, entered or
    corrected, the value used, the reason), the logic checks that fail, the entered figures
    still missing and the rates with their formulas."""
    survey = report.period.survey
    values = report.values()
    failing = rules.run_checks(survey, values)
    flagged = {c for f in failing for c in f.codes}
    sections = []
    for section in survey.sections:
        figures = []
        for ind in survey.indicators:
            if ind.section != section.key:
                continue
            figures.append(
                {
                    "indicator": ind,
                    "computed": rules.from_json(ind, report.computed.get(ind.code))
                    if ind.computed
                    else None,
                    "entered": rules.from_json(ind, report.entered.get(ind.code)),
                    "value": values[ind.code],
                    "reason": report.reasons.get(ind.code, ""),
                    "failing": ind.code in flagged,
                }
            )
        sections.append({"section": section, "figures": figures})
    return {
        "sections": sections,
        "failures": failing,
        "missing": [
            i for i in survey.indicators if not i.computed and i.code not in report.entered
        ],
        "rates": [{"rate": r, "value": rules.rate(r, values)} for r in survey.rates],
        "survey": survey,
    }


def _text(value) -> str | None:
    return None if value is None else str(value)


def sheet_json(report: SurveyReport) -> dict:
    found = sheet(report)
    return {
        "figures": [
            {
                "code": f["indicator"].code,
                "label": str(f["indicator"].label),
                "section": f["indicator"].section,
                "unit": f["indicator"].unit,
                "how": f["indicator"].how,
                "source": f["indicator"].source,
                "computed": _text(f["computed"]),
                "entered": _text(f["entered"]),
                "value": _text(f["value"]),
                "reason": f["reason"],
            }
            for s in found["sections"]
            for f in s["figures"]
        ],
        "failures": [{"message": f.message, "codes": list(f.codes)} for f in found["failures"]],
        "missing": [i.code for i in found["missing"]],
        "rates": [
            {
                "key": r["rate"].key,
                "label": str(r["rate"].label),
                "value": _text(r["value"]),
                "formula": str(r["rate"].formula),
            }
            for r in found["rates"]
        ],
    }


def aggregate_json(period: SurveyPeriod) -> dict:
    rows = aggregate(period)
    survey = period.survey
    return {
        "rows": [
            {
                "org": r["org"].code,
                "name": r["org"].name,
                "level": r["kind"],
                "depth": r["depth"],
                "reports": r["reports"],
                **{
                    i.code: _text(r["values"].get(i.code))
                    if i.unit == rules.MONEY
                    else r["values"].get(i.code)
                    for i in survey.indicators
                },
                **{k: _text(v) for k, v in r["rates"].items()},
            }
            for r in rows
        ],
        "founding_rate": _text(rows[0]["founding_rate"]) if rows else None,
        "formulas": [str(r.formula) for r in survey.rates] + [str(rules.FOUNDING_RATE_FORMULA)],
    }
