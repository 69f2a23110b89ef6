"""The audit committee's workflows: a review opened, its findings recorded, the union's
rectification, the committee's re-check, the opinion written and signed; the settings;
the opinion's PDF and the yearly report's draft. Each is atomic and audited through
the models (files made: `audit.record`).

Who may act is the permission of the door (oversight.review:write for the committee,
oversight.review:read for the union) and, here, whatever door: the committee re-checks,
the union rectifies (models.py says why a committee member never rectifies).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.core.errors import DomainError
from gonghui.core.params import parse_year
from gonghui.core.scoping import locked

from . import rules, selectors
from .models import (
    REPORT_MAX,
    Finding,
    FindingState,
    OversightSettings,
    Period,
    ReportText,
    Review,
    ReviewKind,
    ReviewState,
    Severity,
)

CENT = Decimal("0.01")
REVIEW_FIELDS = ("kind", "year", "period", "subject", "members", "started_on", "ended_on")


class OversightError(DomainError):
    """An audit committee workflow was refused; the message is for the user."""


def _today() -> dt.date:
    return timezone.localdate()


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _not_future(day: dt.date | None, field: str) -> dt.date:
    day = day or _today()
    if day > _today():
        raise OversightError(_("The date cannot be in the future."), field=field)
    return day


def _text(value, field: str, message: str, limit: int | None = None) -> str:
    text = (value or "").strip()
    if not text:
        raise OversightError(message, field=field)
    return text[:limit] if limit else text


def _committee_only(actor, org) -> None:
    if not selectors.is_committee(actor, org):
        raise OversightError(_("Only the audit committee does this."))


def _open(review: Review) -> None:
    if review.state == ReviewState.SIGNED:
        raise OversightError(_("The opinion of this review is signed: the review is locked."))


# -- settings ------------------------------------------------------------------------------


@transaction.atomic
def settings_update(
    *, actor, org, periodic_per_year: int, departure_audit_required: bool
) -> OversightSettings:
    if not 0 <= int(periodic_per_year) <= rules.PERIODIC_MAX:
        raise OversightError(
            _("At most %(n)s periodic reviews a year.") % {"n": rules.PERIODIC_MAX},
            field="periodic_per_year",
        )
    found = OversightSettings.objects.filter(org=org).first()
    found = locked(found) if found else OversightSettings(org=org)
    found.periodic_per_year = int(periodic_per_year)
    found.departure_audit_required = bool(departure_audit_required)
    found.save()
    return found


# -- reviews -------------------------------------------------------------------------------


def _apply(review: Review, data: dict) -> None:
    for name in REVIEW_FIELDS:
        if name in data:
            setattr(review, name, data[name])
    if review.kind not in ReviewKind.values:
        raise OversightError(_("Unknown kind of review."), field="kind")
    if review.period not in Period.values:
        raise OversightError(_("Unknown period."), field="period")
    if parse_year(review.year) is None:
        raise OversightError(_("The year covered is not plausible."), field="year")
    review.subject = _text(review.subject, "subject", _("Say what is reviewed."), 200)
    review.members = "\n".join(
        n.strip()[:40] for n in (review.members or "").splitlines() if n.strip()
    )
    if not review.started_on:
        raise OversightError(_("Give the day the review started."), field="started_on")
    _not_future(review.started_on, "started_on")
    if review.ended_on:
        _not_future(review.ended_on, "ended_on")
        if review.ended_on < review.started_on:
            raise OversightError(_("A review cannot end before it started."), field="ended_on")


@transaction.atomic
def review_open(*, actor, org, data: dict) -> Review:
    _committee_only(actor, org)
    review = Review(org=org, opened_by=_user(actor), period=Period.YEAR)
    _apply(review, data)
    review.save()
    return review


@transaction.atomic
def review_update(*, actor, review: Review, data: dict) -> Review:
    _committee_only(actor, review.org)
    review = locked(review)
    _open(review)
    _apply(review, data)
    review.save()
    return review


@transaction.atomic
def opinion_save(*, actor, review: Review, text: str) -> Review:
    """Write (or rewrite) the opinion before it is signed."""
    _committee_only(actor, review.org)
    review = locked(review)
    _open(review)
    review.opinion = _text(text, "text", _("Write the opinion."))
    review.save()
    return review


@transaction.atomic
def opinion_sign(
    *, actor, review: Review, signers: list[str] | None = None, on: dt.date | None = None
) -> Review:
    """The committee members present sign the opinion (their names, the day): the review
    is locked from then on. Without names, every member taking part signs."""
    _committee_only(actor, review.org)
    review = locked(review)
    _open(review)
    if not review.opinion.strip():
        raise OversightError(_("Write the opinion before it is signed."), field="text")
    on = _not_future(on, field="on")
    if on < review.started_on:
        raise OversightError(
            _("An opinion cannot be signed before the review started."), field="on"
        )
    names = [n.strip()[:40] for n in (signers or review.member_names) if n and n.strip()]
    if not names:
        raise OversightError(_("Name the committee members who sign."), field="signers")
    taking_part = set(review.member_names)
    strangers = [n for n in names if taking_part and n not in taking_part]
    if strangers:
        raise OversightError(
            _("Not among the members taking part: %(names)s.") % {"names": "、".join(strangers)},
            field="signers",
        )
    review.signatures = [{"name": n, "date": on.isoformat()} for n in dict.fromkeys(names)]
    review.signed_on = on
    review.signed_by = _user(actor)
    review.ended_on = review.ended_on or on
    review.state = ReviewState.SIGNED
    review.save()
    return review


# -- findings ------------------------------------------------------------------------------


def _amount(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError):
        raise OversightError(_("Not an amount."), field="amount") from None
    if amount < 0:
        raise OversightError(_("The amount cannot be negative."), field="amount")
    return amount


@transaction.atomic
def finding_add(
    *,
    actor,
    review: Review,
    text: str,
    severity: str = Severity.MINOR,
    amount=None,
    responsible: str = "",
    due_on: dt.date | None = None,
) -> Finding:
    _committee_only(actor, review.org)
    review = locked(review)
    _open(review)
    if severity not in Severity.values:
        raise OversightError(_("Unknown severity."), field="severity")
    finding = Finding(
        org=review.org,
        review=review,
        text=_text(text, "text", _("Describe the problem found.")),
        severity=severity,
        amount=_amount(amount),
        responsible=(responsible or "").strip()[:100],
        due_on=due_on,
        found_by=_user(actor),
    )
    finding.save()
    return finding


@transaction.atomic
def finding_rectify(*, actor, finding: Finding, text: str, on: dt.date | None = None) -> Finding:
    """The union records what it did about a finding; the committee re-checks it."""
    if selectors.is_committee(actor, finding.org):
        raise OversightError(
            _("The audit committee does not rectify its own findings: the union records this.")
        )
    finding = locked(finding)
    if finding.state != FindingState.OPEN:
        raise OversightError(_("This finding is not waiting for rectification."))
    finding.rectification = _text(text, "text", _("Say what was done."))
    finding.rectified_on = _not_future(on, field="on")
    finding.rectified_by = _user(actor)
    finding.state = FindingState.RECTIFIED
    finding.save()
    return finding


@transaction.atomic
def finding_recheck(
    *, actor, finding: Finding, accepted: bool, note: str = "", on: dt.date | None = None
) -> Finding:
    """The committee re-checks (复核) a rectification: accepted closes the finding, not yet
    sends it back to the union with the note."""
    _committee_only(actor, finding.org)
    finding = locked(finding)
    if finding.state != FindingState.RECTIFIED:
        raise OversightError(_("Only a rectified finding is re-checked."))
    on = _not_future(on, field="on")
    if on < finding.rectified_on:
        raise OversightError(_("A re-check cannot come before the rectification."), field="on")
    note = (note or "").strip()
    if not accepted and not note:
        raise OversightError(_("Say what is still missing."), field="note")
    finding.recheck_note = note
    finding.rechecked_on = on
    finding.rechecked_by = _user(actor)
    finding.state = FindingState.CLOSED if accepted else FindingState.OPEN
    finding.save()
    return finding


# -- documents -----------------------------------------------------------------------------


def opinion_export(*, actor, review: Review) -> tuple[str, bytes]:
    """The opinion as a PDF with its signature lines; the export is logged."""
    from . import documents

    name, data = documents.opinion_pdf(review)
    audit.record("oversight.review.exported", obj=review, changes={"format": [None, "pdf"]})
    return name, data


@transaction.atomic
def report_save(*, actor, org, year, text: str):
    """Keep the committee's edit of its yearly report (the draft as changed on the page);
    an empty text goes back to the draft with the figures filled in. Audited (the
    model's entries: who changed what)."""
    _committee_only(actor, org)
    year = parse_year(year)
    if year is None:
        raise OversightError(_("Enter a valid year."), field="year")
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > REPORT_MAX:
        raise OversightError(
            _("The text is too long (at most %(limit)s characters).") % {"limit": REPORT_MAX},
            field="text",
        )
    found = ReportText.objects.filter(org=org, year=year).first()
    if not text:
        if found is not None:
            locked(found).delete()
        return None
    if found is None:
        return ReportText.objects.create(org=org, year=year, text=text, updated_by=_user(actor))
    found = locked(found)
    if found.text != text:
        found.text, found.updated_by = text, _user(actor)
        found.save()
    return found


def report_export(*, actor, org, year: int) -> tuple[str, bytes]:
    """The draft of the year's 经审工作报告 (.docx, edited afterwards by the committee)."""
    from . import documents

    doc = documents.report_document(actor, org, year, _today())
    audit.record(
        "oversight.report.exported",
        org=org,
        changes={"format": [None, "docx"], "year": [None, year]},
    )
    return doc.filename("docx"), doc.docx_bytes()
