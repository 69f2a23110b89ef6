"""The cadres' pages of democratic management: congress terms and their representatives,
sessions (agenda, papers, sign-in, quorum, resolutions), proposals, collective contracts.

Records are read through the scoped managers, so another organisation's ids are a 404.
The representatives' own phone pages are in self_views.py.
"""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view
from gonghui.core.params import year_param
from gonghui.core.qr import qr_data_uri
from gonghui.members.models import ON_ROLL, Member
from gonghui.members.selectors import search_q

from . import selectors, services
from .exports import ProposalReport
from .forms import (
    AgendaForm,
    AnswerForm,
    AssignForm,
    CheckForm,
    CongressForm,
    ContractForm,
    DelegationForm,
    ImplementForm,
    NegotiationForm,
    RepresentativeForm,
    ResolutionForm,
    ReviewForm,
    SessionForm,
    UploadForm,
    VotesForm,
)
from .models import (
    AgendaItem,
    Congress,
    Contract,
    Delegation,
    ManagerLevel,
    Negotiation,
    Proposal,
    ProposalStatus,
    Representative,
    Resolution,
    Session,
    SessionDocument,
)
from .services import DemocracyError

# -- lookups (scoped: another organisation's id is a 404) ---------------------------------


def _congress(congress_id: int) -> Congress:
    return get_object_or_404(Congress.objects.select_related("org"), pk=congress_id)


def _session(session_id: int) -> Session:
    return get_object_or_404(
        Session.objects.select_related("congress", "congress__org"), pk=session_id
    )


def _proposal(proposal_id: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related("congress", "congress__org", "proposer__member", "session"),
        pk=proposal_id,
    )


def _contract(contract_id: int) -> Contract:
    return get_object_or_404(Contract.objects.select_related("org"), pk=contract_id)


def _session_url(org_code: str, session: Session) -> str:
    return reverse("democracy:session", kwargs={"org_code": org_code, "session_id": session.pk})


def signin_url(request, session: Session) -> str:
    """The absolute URL in the session's QR code. The "go" route (public_urls.py) sends
    each representative, whichever organisation their login sits at, to their own
    sign-in page; until it is mounted the union's own page is the fallback."""
    token = quote(services.signin_token(session))
    try:
        path = reverse("democracy_go:signin")
    except NoReverseMatch:
        path = reverse("democracy:signin", kwargs={"org_code": session.congress.org.code})
    return request.build_absolute_uri(f"{path}?t={token}")


def _error(request, exc: DemocracyError) -> None:
    messages.error(request, str(exc))


# -- overview and congress terms ----------------------------------------------------------


@org_view("democracy.congress:read")
def index(request, org_code):
    congresses = list(
        Congress.objects.filter(org__path__startswith=request.org.path)
        .select_related("org")
        .order_by("org__path", "-term_number")
    )
    today = timezone.localdate()
    return render(
        request,
        "democracy/index.html",
        {
            "congresses": congresses,
            "next_session": selectors.next_session(request.org, today),
            "overdue": selectors.overdue_proposals(request.org, today).count(),
            "expiring": list(selectors.expiring_contracts(request.org, today)[:5]),
            "can_write": request.access.has("democracy.congress:write"),
            "can_contracts": request.access.has("democracy.contract:read"),
            "can_create": request.org.is_union and request.access.has("democracy.congress:write"),
            "year": today.year,
        },
    )


@org_view("democracy.congress:write", methods=("GET", "POST"))
def congress_create(request, org_code):
    if not request.org.is_union:
        messages.error(request, _("A congress is held by a grassroots union."))
        return redirect("democracy:index", org_code=org_code)
    last = Congress.objects.filter(org=request.org).order_by("-term_number").first()
    today = timezone.localdate()
    initial = {
        "kind": selectors.congress_kind_for(request.org),
        "term_number": (last.term_number + 1) if last else 1,
        "start_date": today,
        "end_date": today.replace(year=today.year + 5) - dt.timedelta(days=1),
        "min_cosigners": 2,
    }
    form = CongressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            congress = services.congress_create(
                actor=request.user, org=request.org, data=form.cleaned_data
            )
        except DemocracyError as exc:
            _error(request, exc)
        else:
            messages.success(
                request, _("The congress term is set up. Now add its representatives.")
            )
            return redirect("democracy:congress", org_code=org_code, congress_id=congress.pk)
    return render(request, "democracy/congress_form.html", {"form": form, "congress": None})


@org_view("democracy.congress:write", methods=("GET", "POST"))
def congress_edit(request, org_code, congress_id):
    congress = _congress(congress_id)
    form = CongressForm(request.POST or None, instance=congress)
    if request.method == "POST" and form.is_valid():
        try:
            services.congress_update(actor=request.user, congress=congress, data=form.cleaned_data)
        except DemocracyError as exc:
            _error(request, exc)
            congress.refresh_from_db()
        else:
            messages.success(request, _("Saved."))
            return redirect("democracy:congress", org_code=org_code, congress_id=congress.pk)
    return render(request, "democracy/congress_form.html", {"form": form, "congress": congress})


@org_view("democracy.congress:read")
def congress_detail(request, org_code, congress_id):
    congress = _congress(congress_id)
    reps = list(
        Representative.objects.filter(congress=congress)
        .select_related("member", "member__org", "delegation")
        .order_by("left_on", "delegation__name", "member__name_pinyin", "id")
    )
    return render(
        request,
        "democracy/congress.html",
        {
            "congress": congress,
            "checks": selectors.congress_checks(congress),
            "representatives": reps,
            "delegations": list(congress.delegations.all()),
            "sessions": list(congress.sessions.order_by("number")),
            "delegation_form": DelegationForm(),
            "can_write": request.access.has("democracy.congress:write"),
        },
    )


@org_view("democracy.congress:write", methods=("POST",))
def delegation_add(request, org_code, congress_id):
    congress = _congress(congress_id)
    form = DelegationForm(request.POST)
    if form.is_valid():
        try:
            services.delegation_create(actor=request.user, congress=congress, **form.cleaned_data)
        except DemocracyError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Delegation added."))
    else:
        messages.error(request, _("Give the delegation a name."))
    return redirect("democracy:congress", org_code=org_code, congress_id=congress.pk)


@org_view("democracy.congress:write", methods=("GET", "POST"))
def representatives_add(request, org_code, congress_id):
    """Pick the elected representatives from the roll (search by name or pinyin)."""
    congress = _congress(congress_id)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("members") if v.isdigit()]
        members = list(
            Member.objects.filter(
                pk__in=ids, org__path__startswith=congress.org.path
            ).select_related("org")
        )
        delegation = None
        if (request.POST.get("delegation") or "").isdigit():
            delegation = Delegation.objects.filter(
                congress=congress, pk=int(request.POST["delegation"])
            ).first()
        level = request.POST.get("manager_level", "")
        try:
            added = services.representatives_add(
                actor=request.user,
                congress=congress,
                members=members,
                delegation=delegation,
                manager_level=level if level in ManagerLevel.values else "",
                front_line=bool(request.POST.get("front_line")),
                teacher=bool(request.POST.get("teacher")),
            )
        except DemocracyError as exc:
            _error(request, exc)
            return redirect(request.get_full_path())
        messages.success(request, _("%(n)s representatives added.") % {"n": len(added)})
        return redirect("democracy:congress", org_code=org_code, congress_id=congress.pk)
    q = (request.GET.get("q") or "").strip()
    dept = (request.GET.get("department") or "").strip()
    taken = Representative.objects.filter(congress=congress).values_list("member_id", flat=True)
    qs = Member.objects.filter(org__path__startswith=congress.org.path, status__in=ON_ROLL).exclude(
        pk__in=taken
    )
    if q:
        qs = qs.filter(search_q(q))
    if dept:
        qs = qs.filter(department=dept)
    departments = sorted(
        d
        for d in Member.objects.filter(org__path__startswith=congress.org.path, status__in=ON_ROLL)
        .values_list("department", flat=True)
        .distinct()
        if d
    )
    page = Paginator(qs.select_related("org").order_by("name_pinyin", "id"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "democracy/representatives_add.html",
        {
            "congress": congress,
            "page_obj": page,
            "q": q,
            "department": dept,
            "departments": departments,
            "delegations": list(congress.delegations.all()),
            "levels": ManagerLevel.choices,
        },
    )


@org_view("democracy.congress:write", methods=("GET", "POST"))
def representative_edit(request, org_code, representative_id):
    rep = get_object_or_404(
        Representative.objects.select_related("congress", "congress__org", "member"),
        pk=representative_id,
    )
    form = RepresentativeForm(request.POST or None, instance=rep, congress=rep.congress)
    if request.method == "POST" and form.is_valid():
        try:
            services.representative_update(
                actor=request.user, representative=rep, data=form.cleaned_data
            )
        except DemocracyError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("democracy:congress", org_code=org_code, congress_id=rep.congress_id)
    return render(request, "democracy/representative_form.html", {"form": form, "rep": rep})


@org_view("democracy.congress:write", methods=("POST",))
def representative_remove(request, org_code, representative_id):
    rep = get_object_or_404(
        Representative.objects.select_related("congress", "member"), pk=representative_id
    )
    try:
        left = services.representative_remove(
            actor=request.user, representative=rep, reason=request.POST.get("reason", "")
        )
    except DemocracyError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("The representative has left the congress.")
            if left
            else _("Representative removed."),
        )
    return redirect("democracy:congress", org_code=org_code, congress_id=rep.congress_id)


# -- sessions -------------------------------------------------------------------------------


@org_view("democracy.congress:write", methods=("GET", "POST"))
def session_create(request, org_code, congress_id):
    congress = _congress(congress_id)
    form = SessionForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(
                actor=request.user, congress=congress, data=form.cleaned_data
            )
        except DemocracyError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Session planned."))
            return redirect(_session_url(org_code, session))
    return render(
        request,
        "democracy/session_form.html",
        {"form": form, "congress": congress, "session": None},
    )


@org_view("democracy.congress:write", methods=("GET", "POST"))
def session_edit(request, org_code, session_id):
    session = _session(session_id)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(actor=request.user, session=session, data=form.cleaned_data)
        except DemocracyError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(_session_url(org_code, session))
    return render(
        request,
        "democracy/session_form.html",
        {"form": form, "congress": session.congress, "session": session},
    )


def _session_context(request, session: Session) -> dict:
    reps = list(
        selectors.current_representatives(session.congress)
        .select_related("member", "delegation")
        .order_by("delegation__name", "member__name_pinyin", "id")
    )
    present = {a.representative_id: a for a in session.attendance.all()}
    for r in reps:
        r.attendance_row = present.get(r.pk)
    return {
        "session": session,
        "congress": session.congress,
        "quorum": selectors.quorum(session),
        "representatives": reps,
        "agenda": list(session.agenda.all()),
        "documents": list(session.documents.all()),
        "resolutions": list(session.resolutions.all()),
        "proposals": list(session.proposals.exclude(status=ProposalStatus.DRAFT)),
        "can_write": request.access.has("democracy.congress:write"),
        "agenda_form": AgendaForm(),
        "upload_form": UploadForm(),
        "resolution_form": ResolutionForm(),
        "votes_form": VotesForm(),
        "voting": services.voting_available(),
        "can_ballots": request.access.has("voting.ballot:read"),
    }


@org_view("democracy.congress:read")
def session_detail(request, org_code, session_id):
    session = _session(session_id)
    return render(request, "democracy/session.html", _session_context(request, session))


@org_view("democracy.congress:read")
def session_quorum(request, org_code, session_id):
    """The live quorum box (polled by htmx on the session page)."""
    session = _session(session_id)
    return render(
        request,
        "democracy/_quorum.html",
        {"session": session, "quorum": selectors.quorum(session)},
    )


@org_view("democracy.congress:write", methods=("POST",))
def attendance(request, org_code, session_id):
    session = _session(session_id)
    ids = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    reps = list(
        Representative.objects.filter(congress=session.congress, pk__in=ids).select_related(
            "member"
        )
    )
    try:
        added, removed = services.attendance_set(actor=request.user, session=session, present=reps)
    except DemocracyError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("Sign-in list saved: %(added)s signed in, %(removed)s taken off.")
            % {"added": added, "removed": removed},
        )
    return redirect(_session_url(org_code, session) + "#attendance")


@org_view("democracy.congress:write", methods=("POST",))
def agenda_add(request, org_code, session_id):
    session = _session(session_id)
    form = AgendaForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_add(actor=request.user, session=session, **form.cleaned_data)
        except DemocracyError as exc:
            _error(request, exc)
    else:
        messages.error(request, _("Write the agenda item."))
    return redirect(_session_url(org_code, session) + "#agenda")


@org_view("democracy.congress:write", methods=("POST",))
def agenda_remove(request, org_code, session_id, agenda_item_id):
    session = _session(session_id)
    item = get_object_or_404(AgendaItem.objects.filter(session=session), pk=agenda_item_id)
    item.session = session
    try:
        services.agenda_remove(actor=request.user, item=item)
    except DemocracyError as exc:
        _error(request, exc)
    return redirect(_session_url(org_code, session) + "#agenda")


@org_view("democracy.congress:write", methods=("POST",))
def document_add(request, org_code, session_id):
    session = _session(session_id)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(
                actor=request.user, session=session, upload=form.cleaned_data["file"]
            )
        except DemocracyError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Document added."))
    else:
        messages.error(request, _("Choose a file."))
    return redirect(_session_url(org_code, session) + "#documents")


def serve_file(field, name: str, content_type: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type or "application/octet-stream")
    inline = content_type in ("application/pdf", "image/jpeg", "image/png")
    response["Content-Disposition"] = (
        f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=600"
    return response


@org_view("democracy.congress:read")
def document_view(request, org_code, session_id, session_document_id):
    session = _session(session_id)
    doc = get_object_or_404(SessionDocument.objects.filter(session=session), pk=session_document_id)
    return serve_file(doc.file, doc.name, doc.content_type)


@org_view("democracy.congress:write", methods=("POST",))
def document_remove(request, org_code, session_id, session_document_id):
    session = _session(session_id)
    doc = get_object_or_404(SessionDocument.objects.filter(session=session), pk=session_document_id)
    doc.session = session
    try:
        services.document_remove(actor=request.user, document=doc)
    except DemocracyError as exc:
        _error(request, exc)
    return redirect(_session_url(org_code, session) + "#documents")


@org_view("democracy.congress:write")
def signin_code(request, org_code, session_id):
    """The sign-in code shown on the screen or printed at the door."""
    session = _session(session_id)
    url = signin_url(request, session)
    return render(
        request,
        "democracy/signin_code.html",
        {"session": session, "signin_url": url, "qr": qr_data_uri(url, box_size=10)},
    )


SESSION_ACTIONS = {
    "open": (services.session_open, _("The session is open.")),
    "close": (services.session_close, _("The session is closed.")),
    "new_code": (
        services.session_new_code,
        _("New sign-in code made; the old one no longer works."),
    ),
}


@org_view("democracy.congress:write", methods=("POST",))
def session_action(request, org_code, session_id, session_action):
    session = _session(session_id)
    if session_action not in SESSION_ACTIONS:
        raise Http404
    func, done = SESSION_ACTIONS[session_action]
    try:
        func(actor=request.user, session=session)
    except DemocracyError as exc:
        _error(request, exc)
    else:
        messages.success(request, str(done))
    return redirect(_session_url(org_code, session))


@org_view("democracy.congress:write", methods=("POST",))
def resolution_add(request, org_code, session_id):
    session = _session(session_id)
    form = ResolutionForm(request.POST)
    if form.is_valid():
        try:
            services.resolution_create(actor=request.user, session=session, **form.cleaned_data)
        except DemocracyError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Resolution added."))
    else:
        messages.error(request, _("Give the resolution a title."))
    return redirect(_session_url(org_code, session) + "#resolutions")


def _resolution(resolution_id: int) -> Resolution:
    return get_object_or_404(
        Resolution.objects.select_related("session", "session__congress", "session__congress__org"),
        pk=resolution_id,
    )


@org_view("democracy.congress:write", methods=("POST",))
def resolution_votes(request, org_code, resolution_id):
    resolution = _resolution(resolution_id)
    form = VotesForm(request.POST)
    if form.is_valid():
        try:
            services.resolution_record_votes(
                actor=request.user, resolution=resolution, **form.cleaned_data
            )
        except DemocracyError as exc:
            _error(request, exc)
        else:
            messages.success(
                request,
                _("Adopted.") if resolution.adopted else _("Not adopted."),
            )
    else:
        messages.error(request, _("Give the three counts."))
    return redirect(_session_url(org_code, resolution.session) + "#resolutions")


@org_view("democracy.congress:write", methods=("POST",))
def resolution_ballot(request, org_code, resolution_id):
    resolution = _resolution(resolution_id)
    try:
        services.resolution_open_ballot(
            actor=request.user, resolution=resolution, secret=request.POST.get("secret") != "0"
        )
    except DemocracyError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The ballot is open on the representatives' phones."))
    return redirect(_session_url(org_code, resolution.session) + "#resolutions")


@org_view("democracy.congress:write", methods=("POST",))
def resolution_result(request, org_code, resolution_id):
    resolution = _resolution(resolution_id)
    try:
        services.resolution_take_ballot_result(actor=request.user, resolution=resolution)
    except DemocracyError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Adopted.") if resolution.adopted else _("Not adopted."))
    return redirect(_session_url(org_code, resolution.session) + "#resolutions")


# -- proposals ------------------------------------------------------------------------------


@org_view("democracy.congress:read")
def proposals(request, org_code):
    status = request.GET.get("status", "")
    qs = (
        Proposal.objects.filter(congress__org__path__startswith=request.org.path)
        .exclude(status=ProposalStatus.DRAFT)
        .select_related("congress", "proposer__member")
        .order_by("-submitted_at", "-id")
    )
    today = timezone.localdate()
    if status == "overdue":
        qs = qs.filter(pk__in=selectors.overdue_proposals(request.org, today).values("pk"))
    elif status in ProposalStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "democracy/proposals.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": [s for s in ProposalStatus.choices if s[0] != ProposalStatus.DRAFT],
            "today": today,
            "year": today.year,
        },
    )


@org_view("democracy.congress:read")
def proposal_detail(request, org_code, proposal_id):
    proposal = _proposal(proposal_id)
    return render(
        request,
        "democracy/proposal.html",
        {
            "proposal": proposal,
            "cosigns": list(proposal.cosigns.select_related("representative__member")),
            "can_handle": request.access.has("democracy.proposal:handle"),
            "review_form": ReviewForm(),
            "assign_form": AssignForm(
                initial={"deadline": timezone.localdate() + dt.timedelta(days=30)}
            ),
            "answer_form": AnswerForm(),
            "implement_form": ImplementForm(),
            "today": timezone.localdate(),
        },
    )


def _handle(request, proposal: Proposal, action: str) -> None:
    if action == "review":
        form = ReviewForm(request.POST)
        if form.is_valid():
            services.proposal_review(actor=request.user, proposal=proposal, **form.cleaned_data)
            return
    elif action == "assign":
        form = AssignForm(request.POST)
        if form.is_valid():
            services.proposal_assign(actor=request.user, proposal=proposal, **form.cleaned_data)
            return
    elif action == "answer":
        form = AnswerForm(request.POST)
        if form.is_valid():
            services.proposal_answer(actor=request.user, proposal=proposal, **form.cleaned_data)
            return
    elif action == "implement":
        form = ImplementForm(request.POST)
        if form.is_valid():
            services.proposal_implement(actor=request.user, proposal=proposal, **form.cleaned_data)
            return
    else:
        raise Http404
    raise DemocracyError(
        "; ".join(str(m) for errors in form.errors.values() for m in errors) or _("Check the form.")
    )


@org_view("democracy.proposal:handle", methods=("POST",))
def proposal_action(request, org_code, proposal_id, proposal_action):
    proposal = _proposal(proposal_id)
    try:
        _handle(request, proposal, proposal_action)
    except DemocracyError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Saved."))
    return redirect("democracy:proposal", org_code=org_code, proposal_id=proposal.pk)


@org_view("democracy.congress:read")
def proposal_report(request, org_code):
    year = year_param(request)
    today = timezone.localdate()
    return render(
        request,
        "democracy/proposal_report.html",
        {
            "report": selectors.proposal_report(request.org, year),
            "year": year,
            "years": list(range(today.year - 4, today.year + 1)),
        },
    )


@org_view("democracy.congress:read")
def proposal_report_xlsx(request, org_code):
    year = year_param(request)
    exporter = ProposalReport(user=request.user, org=request.org, options={"year": year})
    buf = io.BytesIO()
    exporter.write_xlsx(buf)
    services.record_report_exported(request.org, year)
    response = HttpResponse(
        buf.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"{request.org.name}{year}年提案办理情况.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# -- collective contracts -------------------------------------------------------------------


@org_view("democracy.contract:read")
def contracts(request, org_code):
    today = timezone.localdate()
    items = list(
        Contract.objects.filter(org__path__startswith=request.org.path)
        .select_related("org", "approved_by__session__congress")
        .order_by("-end_date", "id")
    )
    return render(
        request,
        "democracy/contracts.html",
        {
            "contracts": items,
            "today": today,
            "expiring": {c.pk for c in selectors.expiring_contracts(request.org, today)},
            "can_write": request.org.is_union and request.access.has("democracy.contract:write"),
        },
    )


@org_view("democracy.contract:write", methods=("GET", "POST"))
def contract_create(request, org_code):
    if not request.org.is_union:
        messages.error(request, _("A collective contract is concluded by a grassroots union."))
        return redirect("democracy:contracts", org_code=org_code)
    form = ContractForm(request.POST or None, org=request.org)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_create(
                actor=request.user, org=request.org, data=form.cleaned_data
            )
        except DemocracyError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Contract recorded."))
            return redirect("democracy:contract", org_code=org_code, contract_id=contract.pk)
    return render(request, "democracy/contract_form.html", {"form": form, "contract": None})


@org_view("democracy.contract:write", methods=("GET", "POST"))
def contract_edit(request, org_code, contract_id):
    contract = _contract(contract_id)
    form = ContractForm(request.POST or None, instance=contract, org=contract.org)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_update(actor=request.user, contract=contract, data=form.cleaned_data)
        except DemocracyError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("democracy:contract", org_code=org_code, contract_id=contract.pk)
    return render(request, "democracy/contract_form.html", {"form": form, "contract": contract})


@org_view("democracy.contract:read")
def contract_detail(request, org_code, contract_id):
    contract = _contract(contract_id)
    today = timezone.localdate()
    return render(
        request,
        "democracy/contract.html",
        {
            "contract": contract,
            "negotiations": list(contract.negotiations.all()),
            "checks": list(contract.checks.select_related("reported_to__congress")),
            "negotiation_form": NegotiationForm(),
            "check_form": CheckForm(
                org=contract.org, initial={"year": today.year, "checked_on": today}
            ),
            "can_write": request.access.has("democracy.contract:write"),
            "today": today,
        },
    )


@org_view("democracy.contract:write", methods=("POST",))
def negotiation_add(request, org_code, contract_id):
    contract = _contract(contract_id)
    form = NegotiationForm(request.POST, request.FILES)
    if form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file", None)
        try:
            services.negotiation_add(
                actor=request.user, contract=contract, data=data, upload=upload
            )
        except DemocracyError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Negotiation recorded."))
    else:
        messages.error(request, _("Give the date and who took part."))
    return redirect("democracy:contract", org_code=org_code, contract_id=contract.pk)


@org_view("democracy.contract:read")
def negotiation_file(request, org_code, negotiation_id):
    item = get_object_or_404(Negotiation.objects.exclude(file=""), pk=negotiation_id)
    return serve_file(item.file, item.file_name or "minutes", item.content_type)


@org_view("democracy.contract:write", methods=("POST",))
def check_add(request, org_code, contract_id):
    contract = _contract(contract_id)
    form = CheckForm(request.POST, org=contract.org)
    if form.is_valid():
        try:
            services.honouring_check_record(
                actor=request.user, contract=contract, **form.cleaned_data
            )
        except DemocracyError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Check recorded."))
    else:
        messages.error(request, _("Give the year, the date and the findings."))
    return redirect("democracy:contract", org_code=org_code, contract_id=contract.pk)
