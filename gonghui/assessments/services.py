"""Workflows of assessments: the upper union defines, publishes and closes a scheme; the
unions self-score, attach evidence and hand in; the upper union returns or scores. Each is
atomic and audited by the models (the export by an explicit entry)."""

from __future__ import annotations

import datetime as dt
import io
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assignments.services import AssignmentError, check_upload
from gonghui.audit import models as audit
from gonghui.core.errors import DomainError
from gonghui.core.scoping import locked
from gonghui.orgs.models import Organisation, OrgKind

from . import rules, selectors
from .models import (
    OPEN_STATES,
    Assessment,
    AssessmentStatus,
    Evidence,
    EvidenceKind,
    RecordType,
    Scheme,
    SchemeStatus,
    TargetMode,
)

EDITABLE = ("year", "title", "instructions", "deadline", "target_mode", "target_filter")
MAX_EVIDENCE = 60


class AssessmentError(DomainError):
    """An assessment workflow was refused; the message is for the user."""


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


# -- the upper union ------------------------------------------------------------------------


def _apply(scheme: Scheme, data: dict) -> None:
    for name in EDITABLE:
        if name in data and data[name] is not None:
            setattr(scheme, name, data[name])
    scheme.title = (scheme.title or "").strip()[:150]
    if not scheme.title:
        raise AssessmentError(_("Give the scheme a title."), field="title")
    if not isinstance(scheme.year, int) or not 2000 <= scheme.year <= 2100:
        raise AssessmentError(_("Set the year assessed."), field="year")
    if not isinstance(scheme.deadline, dt.date):
        raise AssessmentError(_("Set the deadline."), field="deadline")
    if scheme.target_mode not in TargetMode.values:
        raise AssessmentError(_("Choose who receives it."), field="target_mode")
    chosen = scheme.target_filter or []
    if not isinstance(chosen, list) or not all(isinstance(c, str) for c in chosen):
        raise AssessmentError(_("Choose who receives it."), field="target_filter")
    scheme.target_filter = [c.strip() for c in chosen if c.strip()]
    try:
        scheme.items = rules.check_items(data.get("items", scheme.items))
    except rules.SchemeError as exc:
        raise AssessmentError(str(exc), field="items") from None


@transaction.atomic
def scheme_create(*, actor, org: Organisation, data: dict) -> Scheme:
    """A draft scheme of `org` (an upper union), to check before publishing."""
    if org.kind != OrgKind.UPPER:
        raise AssessmentError(_("Assessments are defined by an upper union for the unions below."))
    data = {"year": timezone.localdate().year, **data}
    if not data.get("items"):
        data["items"] = rules.model_home()
    scheme = Scheme(org=org, created_by=_user(actor))
    _apply(scheme, data)
    scheme.save()
    return scheme


@transaction.atomic
def scheme_update(*, actor, scheme: Scheme, data: dict) -> Scheme:
    scheme = locked(scheme)
    if scheme.status != SchemeStatus.DRAFT:
        raise AssessmentError(_("A published scheme is not changed."))
    _apply(scheme, data)
    scheme.save()
    return scheme


@transaction.atomic
def scheme_delete(*, actor, scheme: Scheme) -> None:
    if scheme.status != SchemeStatus.DRAFT:
        raise AssessmentError(_("A published scheme is not deleted."))
    scheme.delete()


@transaction.atomic
def scheme_publish(*, actor, scheme: Scheme) -> Scheme:
    """Publish the draft: the chosen unions are resolved now, one assessment each."""
    scheme = locked(scheme)
    if scheme.status != SchemeStatus.DRAFT:
        raise AssessmentError(_("This scheme has already been published."))
    if scheme.deadline < timezone.localdate():
        raise AssessmentError(_("The deadline has passed: set a later one."), field="deadline")
    unions = selectors.resolve_targets(scheme)
    if not unions:
        raise AssessmentError(_("No union below matches the choice."), field="target_filter")
    for union in unions:
        Assessment(scheme=scheme, org=union).save()
    scheme.status = SchemeStatus.PUBLISHED
    scheme.published_at = timezone.now()
    scheme.save()
    return scheme


@transaction.atomic
def scheme_close(*, actor, scheme: Scheme) -> Scheme:
    """Close a published scheme: the unions can no longer change their self-scores."""
    scheme = locked(scheme)
    if scheme.status != SchemeStatus.PUBLISHED:
        raise AssessmentError(_("Only a published scheme can be closed."))
    scheme.status = SchemeStatus.CLOSED
    scheme.save()
    return scheme


@transaction.atomic
def assessment_return(*, actor, assessment: Assessment, comment: str) -> Assessment:
    """Hand a submitted self-assessment back to the union, saying what to change."""
    assessment = locked(assessment)
    comment = (comment or "").strip()
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise AssessmentError(_("Only a submitted self-assessment can be returned."))
    if not comment:
        raise AssessmentError(_("Say what the union should change."), field="comment")
    assessment.status = AssessmentStatus.RETURNED
    assessment.review_comment = comment[:2000]
    assessment.reviewed_at = timezone.now()
    assessment.reviewed_by = _user(actor)
    assessment.save()
    return assessment


@transaction.atomic
def assessment_score(
    *, actor, assessment: Assessment, scores: dict, comment: str = ""
) -> Assessment:
    """The upper union's score of every item; the total ranks the union."""
    assessment = locked(assessment)
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise AssessmentError(_("Only a submitted self-assessment can be scored."))
    clean, errors = rules.clean_scores(assessment.scheme.items, scores, complete=True)
    if errors:
        code, message = next(iter(errors.items()))
        raise AssessmentError(message, field=code)
    assessment.review_scores = clean
    assessment.total = rules.total(clean)
    assessment.review_comment = (comment or "").strip()[:2000]
    assessment.status = AssessmentStatus.SCORED
    assessment.reviewed_at = timezone.now()
    assessment.reviewed_by = _user(actor)
    assessment.save()
    return assessment


def results_export(*, actor, scheme: Scheme) -> tuple[str, bytes]:
    """The ranking with every item's score as one workbook; the export is logged."""
    from .exports import ResultsExporter

    exporter = ResultsExporter(user=_user(actor), org=scheme.org, scheme=scheme)
    out = io.BytesIO()
    with transaction.atomic():
        exporter.write_xlsx(out)
        audit.record(
            "assessments.results.exported", org=scheme.org, changes={"scheme": [None, scheme.title]}
        )
    return f"{scheme.title}-结果.xlsx", out.getvalue()


# -- the union ------------------------------------------------------------------------------


def _open(assessment: Assessment) -> None:
    if assessment.scheme.status != SchemeStatus.PUBLISHED:
        raise AssessmentError(_("This scheme is not open for self-assessment."))
    if assessment.status not in OPEN_STATES:
        raise AssessmentError(
            _("The self-assessment has been handed in: it can be changed once it is returned.")
        )


def _clean_self(assessment: Assessment, scores: dict, *, complete: bool) -> dict:
    """{code: {"score", "note"}} from {code: "8"} or {code: {"score": "8", "note": "…"}}."""
    scores = scores if isinstance(scores, dict) else {}
    raw = {k: (v.get("score") if isinstance(v, dict) else v) for k, v in scores.items()}
    clean, errors = rules.clean_scores(assessment.scheme.items, raw, complete=complete)
    if errors:
        code, message = next(iter(errors.items()))
        raise AssessmentError(message, field=code)
    out = {}
    for code, score in clean.items():
        note = scores[code].get("note", "") if isinstance(scores[code], dict) else ""
        out[code] = {"score": score, "note": str(note or "").strip()[:500]}
    return out


@transaction.atomic
def assessment_self_score(*, actor, assessment: Assessment, scores: dict) -> Assessment:
    """Keep the union's own scores (and a note a line), to hand in later."""
    assessment = locked(assessment)
    _open(assessment)
    assessment.self_scores = _clean_self(assessment, scores, complete=False)
    assessment.self_total = rules.total({k: v["score"] for k, v in assessment.self_scores.items()})
    if assessment.status == AssessmentStatus.NOT_STARTED:
        assessment.status = AssessmentStatus.SELF_SCORED
    assessment.save()
    return assessment


@transaction.atomic
def assessment_submit(*, actor, assessment: Assessment) -> Assessment:
    """Hand in the self-assessment: every item scored, each claimed item with its evidence."""
    assessment = locked(assessment)
    _open(assessment)
    clean = _clean_self(assessment, assessment.self_scores, complete=True)
    kinds: dict = {}
    for e in selectors.evidence_of(assessment):
        kinds.setdefault(e.item, set()).add(e.kind)
    missing = rules.missing_evidence(
        assessment.scheme.items, {k: v["score"] for k, v in clean.items()}, kinds
    )
    if missing:
        raise AssessmentError(
            _("Attach the evidence of {codes}, or score them 0.").format(codes="、".join(missing)),
            field=missing[0],
        )
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = _user(actor)
    assessment.save()
    return assessment


def _item(assessment: Assessment, code: str) -> dict:
    found = next((i for i in assessment.scheme.flat_items if i["code"] == code), None)
    if found is None:
        raise AssessmentError(_("This scheme has no such item."), field="item")
    return found


def _room(assessment: Assessment) -> None:
    if Evidence.objects.filter(assessment=assessment).count() >= MAX_EVIDENCE:
        raise AssessmentError(
            _("An assessment holds at most {n} pieces of evidence.").format(n=MAX_EVIDENCE)
        )


@transaction.atomic
def evidence_attach_file(*, actor, assessment: Assessment, item: str, upload) -> Evidence:
    try:
        content_type = check_upload(upload)
    except AssignmentError as exc:
        raise AssessmentError(exc.message, field="file") from None
    assessment = locked(assessment)
    _open(assessment)
    _item(assessment, item)
    _room(assessment)
    evidence = Evidence(
        assessment=assessment,
        item=item,
        kind=EvidenceKind.FILE,
        name=upload.name.strip()[:200],
        size=upload.size,
        content_type=content_type,
        uploaded_by=_user(actor),
        token=secrets.token_hex(16),  # the stored file's name is made from it
    )
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_attach_record(
    *, actor, assessment: Assessment, item: str, record_type: str, record_id
) -> Evidence:
    """Cite one of the union's own records of the scheme's year (an activity, a plan task,
    an openness notice); another union's record, or another year's, is not found."""
    assessment = locked(assessment)
    _open(assessment)
    _item(assessment, item)
    _room(assessment)
    if record_type not in RecordType.values:
        raise AssessmentError(_("Choose a record."), field="record")
    record = selectors.record_of(assessment.org, assessment.scheme.year, record_type, record_id)
    if record is None:
        raise AssessmentError(_("No such record of this union in that year."), field="record")
    if Evidence.objects.filter(
        assessment=assessment, item=item, record_type=record_type, record_id=record.pk
    ).exists():
        raise AssessmentError(_("This record is already attached to the item."), field="record")
    evidence = Evidence(
        assessment=assessment,
        item=item,
        kind=EvidenceKind.RECORD,
        record_type=record_type,
        record_id=record.pk,
        name=selectors.record_title(record_type, record)[:200],
        uploaded_by=_user(actor),
    )
    evidence.save()
    return evidence


@transaction.atomic
def evidence_detach(*, actor, evidence: Evidence) -> None:
    _open(evidence.assessment)
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
