"""Reads of both doors (pages and API): the upper union's schemes, board and ranking; the
union's assessments, one assessment for this caller, and the records it may cite."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Q
from django.http import Http404

from gonghui.assignments.selectors import resolve_targets as _resolve
from gonghui.orgs.models import Organisation

from . import rules
from .models import (
    Assessment,
    AssessmentStatus,
    Evidence,
    EvidenceKind,
    RecordType,
    Scheme,
    SchemeStatus,
)


def resolve_targets(scheme: Scheme) -> list[Organisation]:
    """The unions the scheme goes to: the same choice as an assigned task's (a scheme has
    the sender, target_mode and target_filter the assignments selector reads)."""
    return _resolve(scheme)


# -- the upper union ------------------------------------------------------------------------


def schemes_of(org: Organisation, year: int | None = None):
    """The schemes `org` defined, with counts for the list."""
    found = Scheme.objects.filter(org=org)
    if year:
        found = found.filter(year=year)
    return found.annotate(
        n_unions=Count("assessments", distinct=True),
        n_in=Count(
            "assessments",
            filter=Q(assessments__status__in=[AssessmentStatus.SUBMITTED, AssessmentStatus.SCORED]),
            distinct=True,
        ),
        n_scored=Count(
            "assessments", filter=Q(assessments__status=AssessmentStatus.SCORED), distinct=True
        ),
    ).order_by("-year", "-id")


def years_of(org: Organisation) -> list[int]:
    return sorted(set(Scheme.objects.filter(org=org).values_list("year", flat=True)), reverse=True)


def scheme_of(org: Organisation, scheme_id: int) -> Scheme:
    found = Scheme.objects.filter(org=org, pk=scheme_id).first()
    if found is None:
        raise Http404
    return found


def assessments_of(scheme: Scheme):
    return (
        Assessment.objects.filter(scheme=scheme)
        .select_related("org", "scheme", "submitted_by", "reviewed_by")
        .annotate(n_evidence=Count("evidence"))
        .order_by("org__code")
    )


def board(scheme: Scheme, status: str = "") -> dict:
    rows = list(assessments_of(scheme))
    counts = Counter(a.status for a in rows)
    if status in AssessmentStatus.values:
        rows = [a for a in rows if a.status == status]
    return {"rows": rows, "counts": {s: counts.get(s, 0) for s in AssessmentStatus.values}}


def ranking(scheme: Scheme) -> list[dict]:
    """The scored unions by total (ties share a rank), then the others without a rank."""
    rows = list(assessments_of(scheme))
    scored = sorted(
        (a for a in rows if a.status == AssessmentStatus.SCORED),
        key=lambda a: (-a.total, a.org.code),
    )
    out = [{"rank": n, "assessment": a} for n, a in rules.rank(scored, key=lambda a: a.total)]
    out += [{"rank": None, "assessment": a} for a in rows if a.status != AssessmentStatus.SCORED]
    return out


def year_results(org: Organisation, year: int) -> dict:
    """The year's results across the published or closed schemes `org` defined: each
    union's score under each scheme, its total and average over the schemes it was scored
    under; ranked by total (ties share a rank), the unions not scored under any listed
    after without a rank. {schemes, rows: [{rank, org, cells, total, average, scored}]}."""
    from decimal import Decimal

    schemes = list(
        Scheme.objects.filter(org=org, year=year)
        .exclude(status=SchemeStatus.DRAFT)
        .order_by("deadline", "id")
    )
    found = (
        Assessment.objects.filter(scheme__in=schemes).select_related("org").order_by("org__path")
    )
    unions: dict[int, dict] = {}
    for a in found:
        row = unions.setdefault(a.org_id, {"org": a.org, "by_scheme": {}})
        row["by_scheme"][a.scheme_id] = a
    rows = []
    for row in unions.values():
        scored = [
            a.total
            for a in row["by_scheme"].values()
            if a.status == AssessmentStatus.SCORED and a.total is not None
        ]
        total = sum(scored, Decimal(0)) if scored else None
        rows.append(
            {
                "org": row["org"],
                "cells": [row["by_scheme"].get(s.pk) for s in schemes],
                "total": total,
                "average": (total / len(scored)).quantize(Decimal("0.1")) if scored else None,
                "scored": len(scored),
            }
        )
    ranked = sorted(
        (r for r in rows if r["total"] is not None), key=lambda r: (-r["total"], r["org"].code)
    )
    out = [{"rank": n, **r} for n, r in rules.rank(ranked, key=lambda r: r["total"])]
    out += [{"rank": None, **r} for r in rows if r["total"] is None]
    return {"year": year, "schemes": schemes, "rows": out}


def year_results_json(org: Organisation, year: int) -> dict:
    """year_results for the API: codes and numbers as text, no objects."""
    found = year_results(org, year)

    def text(value):
        return None if value is None else f"{value:.1f}"

    return {
        "year": year,
        "schemes": [
            {"id": s.pk, "title": s.title, "status": s.status, "max_total": text(s.max_total)}
            for s in found["schemes"]
        ],
        "rows": [
            {
                "rank": r["rank"],
                "union": r["org"].code,
                "union_name": r["org"].name,
                "scores": [
                    {
                        "scheme": a.scheme_id,
                        "assessment": a.pk,
                        "status": a.status,
                        "total": text(a.total),
                    }
                    for a in r["cells"]
                    if a is not None
                ],
                "total": text(r["total"]),
                "average": text(r["average"]),
                "scored": r["scored"],
            }
            for r in found["rows"]
        ],
    }


def assessment_in(scheme: Scheme, assessment_id: int) -> Assessment:
    found = assessments_of(scheme).filter(pk=assessment_id).first()
    if found is None:
        raise Http404
    return found


# -- the union ------------------------------------------------------------------------------


def assessments_for(org: Organisation):
    """What `org` is assessed under (published or closed schemes), newest first."""
    return (
        Assessment.objects.filter(
            org=org, scheme__status__in=[SchemeStatus.PUBLISHED, SchemeStatus.CLOSED]
        )
        .select_related("scheme", "scheme__org", "org")
        .order_by("-scheme__year", "scheme__deadline", "pk")
    )


def assessment_for(org: Organisation, assessment_id: int) -> Assessment:
    """The assessment of `org` with that id (a union is never shown another's: 404)."""
    found = assessments_for(org).filter(pk=assessment_id).first()
    if found is None:
        raise Http404
    return found


def evidence_of(assessment: Assessment, evidence_id: int | None = None):
    found = Evidence.objects.filter(assessment=assessment).order_by("id")
    if evidence_id is None:
        return found
    item = found.filter(pk=evidence_id).first()
    if item is None:
        raise Http404
    return item


def evidence_by_item(assessment: Assessment) -> dict[str, list[Evidence]]:
    out: dict = {}
    for e in evidence_of(assessment):
        out.setdefault(e.item, []).append(e)
    return out


def open_for(org: Organisation) -> list[Assessment]:
    """The dashboard's list: assessments of open schemes the union still owes."""
    from .models import OPEN_STATES

    return [
        a
        for a in assessments_for(org).filter(scheme__status=SchemeStatus.PUBLISHED)
        if a.status in OPEN_STATES
    ]


# -- the union's own records it may cite as evidence ------------------------------------------


def _records(org: Organisation, year: int) -> dict:
    from gonghui.activities.models import Activity
    from gonghui.openness.models import Notice
    from gonghui.plans.models import Task

    return {
        RecordType.ACTIVITY: Activity.objects.filter(org=org, starts_at__year=year).order_by(
            "-starts_at"
        ),
        RecordType.TASK: Task.objects.filter(plan__org=org, plan__year=year).order_by(
            "plan_id", "position"
        ),
        RecordType.NOTICE: Notice.objects.filter(org=org, period_year=year).order_by("-id"),
    }


# The page of each kind of record a union may cite: (url name, its id keyword, the right
# the page needs). A citation links there only for a viewer holding that right at the union.
RECORD_PAGES = {
    RecordType.ACTIVITY: ("activities:detail", "activity_id", "activities.activity:read"),
    RecordType.TASK: ("plans:task", "task_id", "plans.plan:read"),
    RecordType.NOTICE: ("openness:detail", "notice_id", "openness.notice:read"),
}


def record_urls(assessment: Assessment, evidence, access) -> dict[int, str]:
    """Evidence id → the cited record's page, for the citations whose record still exists
    and whose page `access` (the viewer's rights at the union) may open. Others: no link,
    their name only. One query per kind of record cited."""
    from django.urls import reverse

    cited = [e for e in evidence if e.kind == EvidenceKind.RECORD and e.record_id]
    if not cited or access is None:
        return {}
    records = _records(assessment.org, assessment.scheme.year)
    out = {}
    for kind, (name, kwarg, perm) in RECORD_PAGES.items():
        ids = {e.record_id for e in cited if e.record_type == kind}
        if not ids or not access.has(perm):
            continue
        found = set(records[kind].filter(pk__in=ids).values_list("pk", flat=True))
        for e in cited:
            if e.record_type == kind and e.record_id in found:
                out[e.pk] = reverse(
                    name, kwargs={"org_code": assessment.org.code, kwarg: e.record_id}
                )
    return out


def record_title(record_type: str, record) -> str:
    if record_type == RecordType.ACTIVITY:
        return f"{record.title}（{record.starts_at:%Y-%m-%d}）"
    if record_type == RecordType.TASK:
        return record.text[:200]
    return record.title


def record_choices(org: Organisation, year: int, limit: int = 100) -> list[tuple]:
    """(record type, its label, [(id, title)]) of the union's own records of the year."""
    labels = dict(RecordType.choices)
    return [
        (kind, labels[kind], [(r.pk, record_title(kind, r)) for r in qs[:limit]])
        for kind, qs in _records(org, year).items()
    ]


def record_of(org: Organisation, year: int, record_type: str, record_id) -> object | None:
    """The union's own record of that type and id in the scheme's year, or None."""
    qs = _records(org, year).get(record_type)
    if qs is None or not str(record_id).isdigit():
        return None
    return qs.filter(pk=int(record_id)).first()
