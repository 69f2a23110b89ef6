"""Pages of assessments: the upper union's schemes (define, publish, board, review and
score one union, results with ranking and export) and the union's self-assessment page
(score item by item, attach files or cite its own records, hand in). Thin: the work is in
services.py and the reads in selectors.py, shared with the API."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.accounts.access import resolve_access
from gonghui.core import files
from gonghui.core.decorators import org_view
from gonghui.core.errors import DomainError
from gonghui.core.forms import run

from . import rules, selectors, services
from .forms import CommentForm, SchemeForm, posted_scores
from .models import OPEN_STATES, AssessmentStatus, SchemeStatus

READ = "assessments.assessment:read"
SELF = "assessments.assessment:self"
WRITE = "assessments.assessment:write"


def _scheme_url(org, scheme_id) -> str:
    return reverse(
        "assessments:scheme", kwargs={"org_code": org.code, "assessment_scheme_id": scheme_id}
    )


def _mine_url(org, assessment_id) -> str:
    return reverse(
        "assessments:mine", kwargs={"org_code": org.code, "assessment_id": assessment_id}
    )


def _year(request) -> int | None:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else None


def _rows(assessment, *, access, typed=None, review=False, errors=None) -> list[dict]:
    """The scheme's sections with, for each item, what the union claimed, its evidence (a
    cited record linked to its page when `access`, the viewer's rights at the union, may
    open it), the reviewer's score; what was just typed (the union's or, with `review`,
    the reviewer's) is kept on an error."""
    evidence = selectors.evidence_by_item(assessment)
    urls = selectors.record_urls(
        assessment, [e for found in evidence.values() for e in found], access
    )
    for found in evidence.values():
        for e in found:
            e.record_url = urls.get(e.pk, "")
    errors = errors or {}
    out = []
    for section in assessment.scheme.sections:
        rows = []
        for item in section["items"]:
            code = item["code"]
            claimed = assessment.self_scores.get(code) or {}
            scored = assessment.review_scores.get(code, "")
            if typed is not None and review:
                scored = typed.get(code, "")
            elif typed is not None:
                value = typed.get(code, "")
                claimed = value if isinstance(value, dict) else {"score": value}
            rows.append(
                {
                    "item": item,
                    "evidence_label": rules.EVIDENCE_LABELS[item["evidence"]],
                    "self": claimed.get("score") or "",
                    "note": claimed.get("note") or "",
                    "review": scored,
                    "files": evidence.get(code, []),
                    "error": errors.get(code),
                }
            )
        out.append({"title": section["title"], "rows": rows})
    return out


# -- the upper union ------------------------------------------------------------------------


@org_view(READ)
def index(request, org_code):
    org, year = request.org, _year(request)
    ctx = {
        "year": year,
        "mine": selectors.assessments_for(request.org),
        "can_write": request.access.has(WRITE),
    }
    if org.kind == "upper":
        ctx["schemes"] = selectors.schemes_of(org, year)
        ctx["years"] = selectors.years_of(org)
    if year:
        ctx["mine"] = ctx["mine"].filter(scheme__year=year)
    return render(request, "assessments/index.html", ctx)


@org_view(WRITE, methods=("GET", "POST"))
def create(request, org_code):
    form = SchemeForm(request.POST or None, initial=SchemeForm.initial_for())
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            scheme := run(
                form,
                services.scheme_create,
                actor=request.user,
                org=request.org,
                data=form.service_data(),
            )
        )
    ):
        messages.success(request, _("Draft saved: check the items and unions, then publish it."))
        return redirect(_scheme_url(request.org, scheme.pk))
    return render(request, "assessments/form.html", {"form": form})


@org_view(WRITE, methods=("GET", "POST"))
def edit(request, org_code, assessment_scheme_id):
    scheme = selectors.scheme_of(request.org, assessment_scheme_id)
    if scheme.status != SchemeStatus.DRAFT:
        messages.error(request, _("A published scheme is not changed."))
        return redirect(_scheme_url(request.org, scheme.pk))
    form = SchemeForm(request.POST or None, initial=SchemeForm.initial_for(scheme))
    if (
        request.method == "POST"
        and form.is_valid()
        and run(
            form,
            services.scheme_update,
            actor=request.user,
            scheme=scheme,
            data=form.service_data(),
        )
    ):
        messages.success(request, _("Draft saved."))
        return redirect(_scheme_url(request.org, scheme.pk))
    return render(request, "assessments/form.html", {"form": form, "scheme": scheme})


@org_view(READ)
def scheme(request, org_code, assessment_scheme_id):
    found = selectors.scheme_of(request.org, assessment_scheme_id)
    status = request.GET.get("status", "")
    ctx = {
        "scheme": found,
        "can_write": request.access.has(WRITE),
        "evidence_labels": rules.EVIDENCE_LABELS,
        "status": status if status in AssessmentStatus.values else "",
    }
    if found.status == SchemeStatus.DRAFT:
        ctx["preview"] = selectors.resolve_targets(found)
    else:
        ctx["board"] = selectors.board(found, ctx["status"])
        ctx["state_list"] = [
            (s, label, ctx["board"]["counts"][s]) for s, label in AssessmentStatus.choices
        ]
    return render(request, "assessments/scheme.html", ctx)


def _scheme_action(request, scheme_id, service, done: str):
    found = selectors.scheme_of(request.org, scheme_id)
    service(actor=request.user, scheme=found)
    messages.success(request, done)
    return redirect(_scheme_url(request.org, scheme_id))


@org_view(WRITE, methods=("POST",))
def publish(request, org_code, assessment_scheme_id):
    return _scheme_action(
        request, assessment_scheme_id, services.scheme_publish, _("Published to the unions.")
    )


@org_view(WRITE, methods=("POST",))
def close(request, org_code, assessment_scheme_id):
    return _scheme_action(
        request, assessment_scheme_id, services.scheme_close, _("Self-assessment closed.")
    )


@org_view(WRITE, methods=("POST",))
def delete(request, org_code, assessment_scheme_id):
    found = selectors.scheme_of(request.org, assessment_scheme_id)
    services.scheme_delete(actor=request.user, scheme=found)
    messages.success(request, _("Draft deleted."))
    return redirect("assessments:index", org_code=request.org.code)


@org_view(READ)
def results(request, org_code, assessment_scheme_id):
    found = selectors.scheme_of(request.org, assessment_scheme_id)
    return render(
        request,
        "assessments/results.html",
        {"scheme": found, "ranking": selectors.ranking(found)},
    )


@org_view(READ)
def year_results(request, org_code, year):
    """Every scheme of a year side by side: each union's score under each, its total and
    average, ranked by total."""
    if not 2000 <= year <= 2100:
        raise Http404
    return render(
        request,
        "assessments/year_results.html",
        {
            "results": selectors.year_results(request.org, year),
            "years": selectors.years_of(request.org),
        },
    )


@org_view(READ)
def export(request, org_code, assessment_scheme_id):
    found = selectors.scheme_of(request.org, assessment_scheme_id)
    name, content = services.results_export(actor=request.user, scheme=found)
    return files.file_response(content, filename=name, content_type=files.XLSX)


def _review_page(request, found, assessment, *, scores=None, errors=None, status=200):
    return render(
        request,
        "assessments/review.html",
        {
            "scheme": found,
            "assessment": assessment,
            "sections": _rows(
                assessment,
                access=_access_at(request, assessment.org),
                typed=scores,
                review=True,
                errors=errors,
            ),
            "can_review": assessment.status == AssessmentStatus.SUBMITTED
            and request.access.has(WRITE),
            "general_error": (errors or {}).get(""),
            "comment_form": CommentForm(request.POST or None),
        },
        status=status,
    )


@org_view(READ)
def review(request, org_code, assessment_scheme_id, assessment_id):
    found = selectors.scheme_of(request.org, assessment_scheme_id)
    return _review_page(request, found, selectors.assessment_in(found, assessment_id))


@org_view(WRITE, methods=("POST",))
def score(request, org_code, assessment_scheme_id, assessment_id):
    found = selectors.scheme_of(request.org, assessment_scheme_id)
    assessment = selectors.assessment_in(found, assessment_id)
    scores = posted_scores(found.items, request.POST, prefix="review_")
    try:
        services.assessment_score(
            actor=request.user,
            assessment=assessment,
            scores=scores,
            comment=request.POST.get("comment", ""),
        )
    except DomainError as exc:
        errors = {exc.field if exc.field in scores else "": exc.message}
        return _review_page(request, found, assessment, scores=scores, errors=errors, status=400)
    messages.success(request, _("Scored."))
    return redirect(_scheme_url(request.org, found.pk))


@org_view(WRITE, methods=("POST",))
def return_(request, org_code, assessment_scheme_id, assessment_id):
    found = selectors.scheme_of(request.org, assessment_scheme_id)
    assessment = selectors.assessment_in(found, assessment_id)
    services.assessment_return(
        actor=request.user, assessment=assessment, comment=request.POST.get("comment", "")
    )
    messages.success(request, _("Returned to the union."))
    return redirect(_scheme_url(request.org, found.pk))


@org_view(READ)
def review_file(request, org_code, assessment_scheme_id, assessment_id, assessment_evidence_id):
    found = selectors.scheme_of(request.org, assessment_scheme_id)
    item = selectors.evidence_of(
        selectors.assessment_in(found, assessment_id), assessment_evidence_id
    )
    return _serve(item)


def _serve(item):
    if not item.file:
        raise Http404
    return files.serve_file(item.file, item.name, item.content_type)


# -- the union ------------------------------------------------------------------------------


def _access_at(request, org):
    """The viewer's rights at `org` (the request's own when it is the page's organisation)."""
    if org.pk == request.org.pk:
        return request.access
    return resolve_access(request.user, org.code)


def _review_url_for(request, assessment) -> str:
    """The upper union's review page of `assessment`, when the viewer may read it there."""
    scheme = assessment.scheme
    access = _access_at(request, scheme.org)
    if access is None or not access.has(READ):
        return ""
    return reverse(
        "assessments:review",
        kwargs={
            "org_code": scheme.org.code,
            "assessment_scheme_id": scheme.pk,
            "assessment_id": assessment.pk,
        },
    )


def _mine_page(request, assessment, *, scores=None, errors=None, status=200):
    return render(
        request,
        "assessments/mine.html",
        {
            "assessment": assessment,
            "scheme": assessment.scheme,
            "sections": _rows(assessment, access=request.access, typed=scores, errors=errors),
            "editable": assessment.status in OPEN_STATES
            and assessment.scheme.status == SchemeStatus.PUBLISHED
            and request.access.has(SELF),
            "records": selectors.record_choices(assessment.org, assessment.scheme.year),
            "general_error": (errors or {}).get(""),
        },
        status=status,
    )


@org_view(READ, methods=("GET", "POST"))
def mine(request, org_code, assessment_id):
    """The union's self-assessment. A reader without the right to self-score (the upper
    union's staff following a union's link) is sent to the review page of this union,
    where the federation scores it; one who may not read there sees this page read-only."""
    assessment = selectors.assessment_for(request.org, assessment_id)
    if not request.access.has(SELF):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        if url := _review_url_for(request, assessment):
            return redirect(url)
        return _mine_page(request, assessment)
    if request.method in ("GET", "HEAD"):
        return _mine_page(request, assessment)
    scores = posted_scores(assessment.scheme.items, request.POST)
    submit = "submit" in request.POST
    try:
        services.assessment_self_score(actor=request.user, assessment=assessment, scores=scores)
        if submit:
            services.assessment_submit(actor=request.user, assessment=assessment)
    except DomainError as exc:
        assessment.refresh_from_db()
        errors = {exc.field if exc.field in scores else "": exc.message}
        return _mine_page(request, assessment, scores=scores, errors=errors, status=400)
    messages.success(request, _("Handed in.") if submit else _("Self-scores saved."))
    return redirect(_mine_url(request.org, assessment_id))


@org_view(SELF, methods=("POST",))
def evidence_add(request, org_code, assessment_id):
    """Attach a file or a record to an item. From the scoring page it comes with the
    scores typed so far (the one form): they are kept first, as with 保存."""
    assessment = selectors.assessment_for(request.org, assessment_id)
    item = request.POST.get("item", "")
    if any(k.startswith("score_") for k in request.POST):
        scores = posted_scores(assessment.scheme.items, request.POST)
        try:
            services.assessment_self_score(actor=request.user, assessment=assessment, scores=scores)
        except DomainError as exc:
            assessment.refresh_from_db()
            errors = {exc.field if exc.field in scores else "": exc.message}
            return _mine_page(request, assessment, scores=scores, errors=errors, status=400)
    upload = request.FILES.get(f"file_{item}") or request.FILES.get("file")
    record = request.POST.get(f"record_{item}") or request.POST.get("record", "")
    if upload is not None:
        services.evidence_attach_file(
            actor=request.user, assessment=assessment, item=item, upload=upload
        )
        messages.success(request, _("File attached."))
    elif ":" in record:
        record_type, _sep, record_id = record.partition(":")
        services.evidence_attach_record(
            actor=request.user,
            assessment=assessment,
            item=item,
            record_type=record_type,
            record_id=record_id,
        )
        messages.success(request, _("Record attached."))
    else:
        messages.error(request, _("Choose a file or a record."))
    return redirect(f"{_mine_url(request.org, assessment_id)}#item-{item}")


@org_view(SELF, methods=("POST",))
def evidence_delete(request, org_code, assessment_id, assessment_evidence_id):
    assessment = selectors.assessment_for(request.org, assessment_id)
    item = selectors.evidence_of(assessment, assessment_evidence_id)
    services.evidence_detach(actor=request.user, evidence=item)
    messages.success(request, _("Evidence removed."))
    return redirect(_mine_url(request.org, assessment_id))


@org_view(READ)
def evidence_file(request, org_code, assessment_id, assessment_evidence_id):
    assessment = selectors.assessment_for(request.org, assessment_id)
    return _serve(selectors.evidence_of(assessment, assessment_evidence_id))
