"""The cadres' pages of democratic management: congress terms and their representatives,
sessions (agenda, papers, sign-in, quorum, resolutions), proposals, collective contracts.

Records are found through the selectors the API uses too (scoped: another organisation's
ids are a 404). A refusal of a button goes back to the page through `org_view`, one of a
form stays on the form (`core.forms.run`). The representatives' own phone pages are in
views_self.py.
"""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.decorators import org_view
from gonghui.core.files import XLSX, file_response, serve_file
from gonghui.core.forms import run
from gonghui.core.params import year_param
from gonghui.core.qr import qr_data_uri

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
    PaperProposalForm,
    RepresentativeForm,
    ResolutionForm,
    ReviewForm,
    SessionForm,
    UploadForm,
    VotesForm,
)
from .models import AgendaItem, ManagerLevel, ProposalStatus, Session, SessionDocument

# -- lookups (the selectors both doors use; scoped: another organisation's id is a 404) ---


def _congress(request, congress_id: int):
    return get_object_or_404(selectors.congresses(request.org), pk=congress_id)


def _session(session_id: int) -> Session:
    return get_object_or_404(selectors.sessions(), pk=session_id)


def _contract(request, contract_id: int):
    return get_object_or_404(selectors.contracts(request.org), pk=contract_id)


def _session_url(org_code: str, session: Session) -> str:
    return reverse("democracy:session", kwargs={"org_code": org_code, "session_id": session.pk})


def _form_errors(form) -> str:
    return "; ".join(str(m) for errors in form.errors.values() for m in errors)


def posted(request, form, service, **kwargs):
    """For a form page: `service(actor=…, data=<the form's data>, **kwargs)` once the form
    is posted and valid, and its result; None otherwise, a refusal put on the form
    (`core.forms.run`) so what was typed stays."""
    if request.method == "POST" and form.is_valid():
        return run(form, service, actor=request.user, data=form.cleaned_data, **kwargs)
    return None


def signin_url(request, session: Session) -> str:
    """The absolute URL in the session's QR code. The "go" route (urls_public.py) sends
    each representative, whichever organisation their login sits at, to their own
    sign-in page; until it is mounted the union's own page is the fallback."""
    token = quote(services.signin_token(session))
    try:
        path = reverse("democracy_go:signin")
    except NoReverseMatch:
        path = reverse("democracy:signin", kwargs={"org_code": session.congress.org.code})
    return request.build_absolute_uri(f"{path}?t={token}")


# -- overview and congress terms ----------------------------------------------------------


@org_view("democracy.congress:read")
def index(request, org_code):
    today = timezone.localdate()
    return render(
        request,
        "democracy/index.html",
        {
            "congresses": list(selectors.congresses(request.org)),
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
    last = selectors.congresses(request.org).filter(org=request.org).first()
    today = timezone.localdate()
    initial = {
        "kind": selectors.congress_kind_for(request.org),
        "term_number": (last.term_number + 1) if last else 1,
        "start_date": today,
        "end_date": today.replace(year=today.year + 5) - dt.timedelta(days=1),
        "min_cosigners": 2,
    }
    form = CongressForm(request.POST or None, initial=initial)
    if congress := posted(request, form, services.congress_create, org=request.org):
        messages.success(request, _("The congress term is set up. Now add its representatives."))
        return redirect("democracy:congress", org_code=org_code, congress_id=congress.pk)
    return render(request, "democracy/congress_form.html", {"form": form, "congress": None})


@org_view("democracy.congress:write", methods=("GET", "POST"))
def congress_edit(request, org_code, congress_id):
    congress = _congress(request, congress_id)
    form = CongressForm(request.POST or None, instance=congress)
    if posted(request, form, services.congress_update, congress=congress):
        messages.success(request, _("Saved."))
        return redirect("democracy:congress", org_code=org_code, congress_id=congress.pk)
    if form.is_bound:
        congress.refresh_from_db()  # the page's title shows the term as it is stored
    return render(request, "democracy/congress_form.html", {"form": form, "congress": congress})


@org_view("democracy.congress:read")
def congress_detail(request, org_code, congress_id):
    congress = _congress(request, congress_id)
    return render(
        request,
        "democracy/congress.html",
        {
            "congress": congress,
            "checks": selectors.congress_checks(congress),
            "representatives": selectors.congress_roster(congress),
            "delegations": list(congress.delegations.all()),
            "sessions": list(congress.sessions.order_by("number")),
            "delegation_form": DelegationForm(),
            "can_write": request.access.has("democracy.congress:write"),
        },
    )


@org_view("democracy.congress:write", methods=("POST",))
def delegation_add(request, org_code, congress_id):
    congress = _congress(request, congress_id)
    form = DelegationForm(request.POST)
    if form.is_valid():
        services.delegation_create(actor=request.user, congress=congress, **form.cleaned_data)
        messages.success(request, _("Delegation added."))
    else:
        messages.error(request, _("Give the delegation a name."))
    return redirect("democracy:congress", org_code=org_code, congress_id=congress.pk)


@org_view("democracy.congress:write", methods=("GET", "POST"))
def representatives_add(request, org_code, congress_id):
    """Pick the elected representatives from the roll (search by name or pinyin)."""
    congress = _congress(request, congress_id)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("members") if v.isdigit()]
        delegation = request.POST.get("delegation") or ""
        level = request.POST.get("manager_level", "")
        added = services.representatives_add(
            actor=request.user,
            congress=congress,
            members=selectors.roll_members(congress, ids),
            delegation=selectors.delegation_of(congress, int(delegation))
            if delegation.isdigit()
            else None,
            manager_level=level if level in ManagerLevel.values else "",
            front_line=bool(request.POST.get("front_line")),
            teacher=bool(request.POST.get("teacher")),
        )
        messages.success(request, _("%(n)s representatives added.") % {"n": len(added)})
        return redirect("democracy:congress", org_code=org_code, congress_id=congress.pk)
    q = (request.GET.get("q") or "").strip()
    dept = (request.GET.get("department") or "").strip()
    candidates = selectors.roll_candidates(congress, q=q, department=dept)
    return render(
        request,
        "democracy/representatives_add.html",
        {
            "congress": congress,
            "page_obj": Paginator(candidates, 50).get_page(request.GET.get("page")),
            "q": q,
            "department": dept,
            "departments": selectors.roll_departments(congress),
            "delegations": list(congress.delegations.all()),
            "levels": ManagerLevel.choices,
        },
    )


@org_view("democracy.congress:write", methods=("GET", "POST"))
def representative_edit(request, org_code, representative_id):
    rep = get_object_or_404(selectors.representatives(), pk=representative_id)
    form = RepresentativeForm(request.POST or None, instance=rep, congress=rep.congress)
    if posted(request, form, services.representative_update, representative=rep):
        messages.success(request, _("Saved."))
        return redirect("democracy:congress", org_code=org_code, congress_id=rep.congress_id)
    return render(request, "democracy/representative_form.html", {"form": form, "rep": rep})


@org_view("democracy.congress:write", methods=("POST",))
def representative_remove(request, org_code, representative_id):
    rep = get_object_or_404(selectors.representatives(), pk=representative_id)
    left = services.representative_remove(
        actor=request.user, representative=rep, reason=request.POST.get("reason", "")
    )
    messages.success(
        request,
        _("The representative has left the congress.") if left else _("Representative removed."),
    )
    return redirect("democracy:congress", org_code=org_code, congress_id=rep.congress_id)


# -- sessions -------------------------------------------------------------------------------


@org_view("democracy.congress:write", methods=("GET", "POST"))
def session_create(request, org_code, congress_id):
    congress = _congress(request, congress_id)
    form = SessionForm(request.POST or None, initial={"date": timezone.localdate()})
    if session := posted(request, form, services.session_create, congress=congress):
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
    if posted(request, form, services.session_update, session=session):
        messages.success(request, _("Saved."))
        return redirect(_session_url(org_code, session))
    return render(
        request,
        "democracy/session_form.html",
        {"form": form, "congress": session.congress, "session": session},
    )


@org_view("democracy.congress:read")
def session_detail(request, org_code, session_id):
    session = _session(session_id)
    context = {
        "session": session,
        "congress": session.congress,
        "quorum": selectors.quorum(session),
        "representatives": selectors.sign_in_list(session),
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
        "can_run_ballots": request.access.has("voting.ballot:write"),
    }
    return render(request, "democracy/session.html", context)


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
    reps = selectors.representatives_among(session.congress, ids)
    added, removed = services.attendance_set(actor=request.user, session=session, present=reps)
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
        services.agenda_add(actor=request.user, session=session, **form.cleaned_data)
    else:
        messages.error(request, _("Write the agenda item."))
    return redirect(_session_url(org_code, session) + "#agenda")


@org_view("democracy.congress:write", methods=("POST",))
def agenda_remove(request, org_code, session_id, agenda_item_id):
    session = _session(session_id)
    item = selectors.session_child(session, AgendaItem, agenda_item_id)
    services.agenda_remove(actor=request.user, item=item)
    return redirect(_session_url(org_code, session) + "#agenda")


@org_view("democracy.congress:write", methods=("POST",))
def document_add(request, org_code, session_id):
    session = _session(session_id)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        services.document_add(actor=request.user, session=session, upload=form.cleaned_data["file"])
        messages.success(request, _("Document added."))
    else:
        messages.error(request, _("Choose a file."))
    return redirect(_session_url(org_code, session) + "#documents")


@org_view("democracy.congress:read")
def document_view(request, org_code, session_id, session_document_id):
    doc = selectors.session_child(_session(session_id), SessionDocument, session_document_id)
    return serve_file(doc.file, doc.name, doc.content_type)


@org_view("democracy.congress:write", methods=("POST",))
def document_remove(request, org_code, session_id, session_document_id):
    session = _session(session_id)
    doc = selectors.session_child(session, SessionDocument, session_document_id)
    services.document_remove(actor=request.user, document=doc)
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
    "open": (services.session_open, gettext_lazy("The session is open.")),
    "close": (services.session_close, gettext_lazy("The session is closed.")),
    "new_code": (
        services.session_new_code,
        gettext_lazy("New sign-in code made; the old one no longer works."),
    ),
}


@org_view("democracy.congress:write", methods=("POST",))
def session_action(request, org_code, session_id, session_action):
    session = _session(session_id)
    if session_action not in SESSION_ACTIONS:
        raise Http404
    func, done = SESSION_ACTIONS[session_action]
    func(actor=request.user, session=session)
    messages.success(request, str(done))
    return redirect(_session_url(org_code, session))


@org_view("democracy.congress:write", methods=("POST",))
def resolution_add(request, org_code, session_id):
    session = _session(session_id)
    form = ResolutionForm(request.POST)
    if form.is_valid():
        services.resolution_create(actor=request.user, session=session, **form.cleaned_data)
        messages.success(request, _("Resolution added."))
    else:
        messages.error(request, _("Give the resolution a title."))
    return redirect(_session_url(org_code, session) + "#resolutions")


def _resolution(resolution_id: int):
    return get_object_or_404(selectors.resolutions(), pk=resolution_id)


def _resolutions_of(org_code: str, resolution):
    return redirect(_session_url(org_code, resolution.session) + "#resolutions")


def _adopted(resolution) -> str:
    return _("Adopted.") if resolution.adopted else _("Not adopted.")


@org_view("democracy.congress:write", methods=("POST",))
def resolution_votes(request, org_code, resolution_id):
    resolution = _resolution(resolution_id)
    form = VotesForm(request.POST)
    if form.is_valid():
        services.resolution_record_votes(
            actor=request.user, resolution=resolution, **form.cleaned_data
        )
        messages.success(request, _adopted(resolution))
    else:
        messages.error(request, _("Give the three counts."))
    return _resolutions_of(org_code, resolution)


@org_view("democracy.congress:write", methods=("POST",))
def resolution_ballot(request, org_code, resolution_id):
    resolution = _resolution(resolution_id)
    services.resolution_open_ballot(
        actor=request.user, resolution=resolution, secret=request.POST.get("secret") != "0"
    )
    messages.success(request, _("The ballot is open on the representatives' phones."))
    return _resolutions_of(org_code, resolution)


@org_view("democracy.congress:write", methods=("POST",))
def resolution_result(request, org_code, resolution_id):
    resolution = _resolution(resolution_id)
    services.resolution_take_ballot_result(actor=request.user, resolution=resolution)
    messages.success(request, _adopted(resolution))
    return _resolutions_of(org_code, resolution)


# -- proposals ------------------------------------------------------------------------------


@org_view("democracy.congress:read")
def proposals(request, org_code):
    status = request.GET.get("status", "")
    page = Paginator(selectors.submitted_proposals(request.org, status), 30)
    today = timezone.localdate()
    return render(
        request,
        "democracy/proposals.html",
        {
            "page_obj": page.get_page(request.GET.get("page")),
            "help_drafts": list(selectors.help_drafts(request.org)),
            "can_handle": request.access.has("democracy.proposal:handle"),
            "status": status,
            "statuses": [s for s in ProposalStatus.choices if s[0] != ProposalStatus.DRAFT],
            "today": today,
            "year": today.year,
        },
    )


@org_view("democracy.proposal:handle", methods=("GET", "POST"))
def proposal_paper(request, org_code):
    """Enter a proposal handed in on paper, for its proposer, with its co-signers."""
    form = PaperProposalForm(
        request.POST or None, representatives=selectors.sitting_representatives(request.org)
    )
    d = form.cleaned_data if request.method == "POST" and form.is_valid() else None
    if d and (
        proposal := run(
            form,
            services.proposal_enter_paper,
            actor=request.user,
            proposer=d["proposer"],
            data={k: d[k] for k in ("title", "category", "body")},
            cosigners=list(d["cosigners"]),
        )
    ):
        messages.success(
            request, _("Proposal %(code)s entered and submitted.") % {"code": proposal.code}
        )
        return redirect("democracy:proposal", org_code=org_code, proposal_id=proposal.pk)
    return render(request, "democracy/proposal_paper.html", {"form": form})


@org_view("democracy.congress:read")
def proposal_detail(request, org_code, proposal_id):
    proposal = get_object_or_404(selectors.proposals(), pk=proposal_id)
    today = timezone.localdate()
    return render(
        request,
        "democracy/proposal.html",
        {
            "proposal": proposal,
            "cosigns": list(proposal.cosigns.select_related("representative__member")),
            "can_handle": request.access.has("democracy.proposal:handle"),
            "review_form": ReviewForm(),
            "assign_form": AssignForm(initial={"deadline": today + dt.timedelta(days=30)}),
            "answer_form": AnswerForm(),
            "implement_form": ImplementForm(),
            "today": today,
        },
    )


# The committee's steps: the form of each and the workflow it feeds.
PROPOSAL_STEPS = {
    "review": (ReviewForm, services.proposal_review),
    "assign": (AssignForm, services.proposal_assign),
    "answer": (AnswerForm, services.proposal_answer),
    "implement": (ImplementForm, services.proposal_implement),
}


@org_view("democracy.proposal:handle", methods=("POST",))
def proposal_action(request, org_code, proposal_id, proposal_action):
    proposal = get_object_or_404(selectors.proposals(), pk=proposal_id)
    if proposal_action not in PROPOSAL_STEPS:
        raise Http404
    form_class, service = PROPOSAL_STEPS[proposal_action]
    form = form_class(request.POST)
    if form.is_valid():
        service(actor=request.user, proposal=proposal, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _form_errors(form) or _("Check the form."))
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
    name = f"{request.org.name}{year}年提案办理情况.xlsx"
    return file_response(buf.getvalue(), filename=name, content_type=XLSX)


# -- collective contracts -------------------------------------------------------------------


@org_view("democracy.contract:read")
def contracts(request, org_code):
    today = timezone.localdate()
    items = selectors.contracts(request.org).select_related("approved_by__session__congress")
    return render(
        request,
        "democracy/contracts.html",
        {
            "contracts": list(items),
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
    if contract := posted(request, form, services.contract_create, org=request.org):
        messages.success(request, _("Contract recorded."))
        return redirect("democracy:contract", org_code=org_code, contract_id=contract.pk)
    return render(request, "democracy/contract_form.html", {"form": form, "contract": None})


@org_view("democracy.contract:write", methods=("GET", "POST"))
def contract_edit(request, org_code, contract_id):
    contract = _contract(request, contract_id)
    form = ContractForm(request.POST or None, instance=contract, org=contract.org)
    if posted(request, form, services.contract_update, contract=contract):
        messages.success(request, _("Saved."))
        return redirect("democracy:contract", org_code=org_code, contract_id=contract.pk)
    return render(request, "democracy/contract_form.html", {"form": form, "contract": contract})


@org_view("democracy.contract:read")
def contract_detail(request, org_code, contract_id):
    contract = _contract(request, contract_id)
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
    contract = _contract(request, contract_id)
    form = NegotiationForm(request.POST, request.FILES)
    if form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file", None)
        services.negotiation_add(actor=request.user, contract=contract, data=data, upload=upload)
        messages.success(request, _("Negotiation recorded."))
    else:
        messages.error(request, _("Give the date and who took part."))
    return redirect("democracy:contract", org_code=org_code, contract_id=contract.pk)


@org_view("democracy.contract:read")
def negotiation_file(request, org_code, negotiation_id):
    item = get_object_or_404(selectors.negotiations_with_file(), pk=negotiation_id)
    return serve_file(item.file, item.file_name or "minutes", item.content_type)


@org_view("democracy.contract:write", methods=("POST",))
def check_add(request, org_code, contract_id):
    contract = _contract(request, contract_id)
    form = CheckForm(request.POST, org=contract.org)
    if form.is_valid():
        services.honouring_check_record(actor=request.user, contract=contract, **form.cleaned_data)
        messages.success(request, _("Check recorded."))
    else:
        messages.error(request, _("Give the year, the date and the findings."))
    return redirect("democracy:contract", org_code=org_code, contract_id=contract.pk)
