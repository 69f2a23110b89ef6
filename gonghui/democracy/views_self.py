"""The representatives' own pages (phone-sized): my congress, sign-in by QR code, my
proposals, co-signing a colleague's draft, rating the answer.

Every member holds "democracy.proposal:submit"; what a user may do here depends on the
seats found through their member record (selectors.representative_terms), read by the
account link and not through the request's scope, because a representative's login
usually sits at a union group below the union that holds the congress. The services
check the seat again.
"""

from __future__ import annotations

from functools import partial
from urllib.parse import quote

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.decorators import org_view

from . import selectors, services
from .forms import ProposalForm, RateForm
from .services import DemocracyError
from .views import posted, serve_file


def _seats(request):
    member = selectors.member_of(request.user, request.org)
    return member, selectors.representative_terms(member)


@org_view("democracy.proposal:submit")
def me(request, org_code):
    member, seats = _seats(request)
    overview = selectors.seat_overview(seats)
    return render(
        request,
        "democracy/me.html",
        {"member": member, "seats": seats, **overview},
    )


@org_view("democracy.proposal:submit", methods=("GET", "POST"))
def signin(request, org_code):
    """Reached from the session's QR code: the representative confirms they are here."""
    token = request.GET.get("t") or request.POST.get("t") or ""
    member, seats = _seats(request)
    error = None
    session = rep = None
    try:
        session_id, key = services.signin_session(token)
    except DemocracyError as exc:
        # Not a refusal to send back: the page itself says what is wrong with the code
        # (expired, from another session), where the phone that scanned it shows it.
        error = str(exc)
    else:
        session, rep = selectors.seat_session(seats, session_id)
        if session is None:
            error = (
                _("Your account is not linked to a member record here.")
                if member is None
                else _("You are not a representative of this congress.")
            )
    if request.method == "POST" and error is None:
        # Caught here, not by org_view: a refusal (session closed, code renewed) goes back
        # to this page with its code whether or not the phone's browser sent a Referer.
        try:
            services.signin_self(actor=request.user, session=session, representative=rep, key=key)
        except DemocracyError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("You are signed in."))
        return redirect(
            reverse("democracy:signin", kwargs={"org_code": org_code}) + "?t=" + quote(token)
        )
    existing = selectors.attendance_of(session, rep)
    return render(
        request,
        "democracy/signin.html",
        {"session": session, "rep": rep, "error": error, "token": token, "attendance": existing},
    )


@org_view("democracy.proposal:submit", methods=("GET", "POST"))
def proposal_new(request, org_code):
    member, seats = _seats(request)
    if not seats:
        messages.error(request, _("Only representatives of a congress submit proposals."))
        return redirect("democracy:me", org_code=org_code)
    form = ProposalForm(request.POST or None)
    if proposal := posted(request, form, services.proposal_create, representative=seats[0]):
        messages.success(request, _("Draft saved. Ask colleagues to co-sign it, then submit it."))
        return redirect("democracy:my_proposal", org_code=org_code, proposal_id=proposal.pk)
    return render(request, "democracy/my_proposal_form.html", {"form": form, "proposal": None})


def _own(request, proposal_id: int):
    member, seats = _seats(request)
    return selectors.own_proposal(seats, proposal_id)


@org_view("democracy.proposal:submit")
def my_proposal(request, org_code, proposal_id):
    proposal, rep = _own(request, proposal_id)
    cosigns = selectors.cosigns_of(proposal)
    return render(
        request,
        "democracy/my_proposal.html",
        {
            "proposal": proposal,
            "rep": rep,
            "mine": proposal.proposer_id == rep.pk,
            "cosigns": cosigns,
            "cosigned": any(c.representative_id == rep.pk for c in cosigns),
            "need": proposal.congress.min_cosigners,
            "rate_form": RateForm(),
        },
    )


@org_view("democracy.proposal:submit", methods=("GET", "POST"))
def my_proposal_edit(request, org_code, proposal_id):
    proposal, rep = _own(request, proposal_id)
    if proposal.proposer_id != rep.pk:
        raise Http404
    form = ProposalForm(request.POST or None, instance=proposal)
    if posted(request, form, services.proposal_update, proposal=proposal):
        messages.success(request, _("Saved."))
        return redirect("democracy:my_proposal", org_code=org_code, proposal_id=proposal.pk)
    return render(request, "democracy/my_proposal_form.html", {"form": form, "proposal": proposal})


# The representative's buttons on a proposal: the workflow, whether it acts for their seat,
# and what is said once done ("rate" takes a form besides).
REP_ACTIONS = {
    "submit": (
        services.proposal_submit,
        False,
        gettext_lazy("Submitted to the proposal committee."),
    ),
    "cosign": (services.proposal_cosign, True, gettext_lazy("You co-signed the proposal.")),
    "uncosign": (
        services.proposal_withdraw_cosign,
        True,
        gettext_lazy("Your co-signature is withdrawn."),
    ),
    "rate": (services.proposal_rate, False, gettext_lazy("Thank you for your rating.")),
    "ask_help": (
        services.proposal_request_help,
        False,
        gettext_lazy("The union committee can now see your draft and help you with it."),
    ),
    "withdraw_help": (
        partial(services.proposal_request_help, ask=False),
        False,
        gettext_lazy("Your draft is yours alone again."),
    ),
}


@org_view("democracy.proposal:submit", methods=("POST",))
def my_proposal_action(request, org_code, proposal_id, rep_action):
    proposal, rep = _own(request, proposal_id)
    if rep_action not in REP_ACTIONS:
        raise Http404
    service, for_seat, done = REP_ACTIONS[rep_action]
    fields = {"representative": rep} if for_seat else {}
    if rep_action == "rate":
        form = RateForm(request.POST)
        if not form.is_valid():
            raise DemocracyError(_("Choose how satisfied you are."))
        fields = form.cleaned_data
    # A refusal goes back to the proposal's page through org_view.
    service(actor=request.user, proposal=proposal, **fields)
    messages.success(request, str(done))
    return redirect("democracy:my_proposal", org_code=org_code, proposal_id=proposal.pk)


@org_view("democracy.proposal:submit")
def my_document(request, org_code, session_id, session_document_id):
    """A session paper, for the representatives of that congress (papers go out before
    the session, 上海 2017: 7 days)."""
    member, seats = _seats(request)
    doc = selectors.seat_document(seats, session_id, session_document_id)
    return serve_file(doc.file, doc.name, doc.content_type)
