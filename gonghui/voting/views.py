"""Pages of ballots (票决) and democratic evaluations (民主评议).

Cadre pages (voting.ballot:read / :write) go through the scoped managers. Voter pages
(voting.vote:cast) reach a ballot held at, above or below the page's organisation, and the
voter's entitlement is the participation row.

Secrecy on the voter pages: the choices are read from the POST and handed to the service,
nowhere else. They are declared sensitive (Django's error reports mask them), no message
or session entry carries them, and the receipt code is rendered straight into the POST's
response (no redirect, so it never travels through the session or a URL) with
Cache-Control: no-store. Reloading that page re-sends the form and is refused ("already
voted").
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from gonghui.core.decorators import org_view
from gonghui.core.files import PDF, file_response
from gonghui.core.forms import run

from . import selectors, services
from .forms import BallotForm, EvaluationCreateForm, PaperCountForm
from .models import CHOICES, PHONE_MODES, Grade, Mode, Scale, State
from .report import render_report, report_filename
from .selectors import results_visible

BALLOT_ACTIONS = {
    "open": services.ballot_open,
    "close": services.ballot_close,
    "publish": services.ballot_publish,
    "delete": services.ballot_delete,
}
EVALUATION_ACTIONS = {
    "open": services.evaluation_open,
    "close": services.evaluation_close,
    "publish": services.evaluation_publish,
    "delete": services.evaluation_delete,
}


def _run_verb(request, verbs: dict, verb: str, deleted: str, **target) -> bool:
    """A cadre's open / close / publish / delete button (404 for another verb; a refusal
    goes back to the page through org_view). False once the record is deleted."""
    if verb not in verbs:
        raise Http404
    verbs[verb](actor=request.user, **target)
    messages.success(request, deleted if verb == "delete" else _("Done."))
    return verb != "delete"


def _no_store(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


# -- cadre pages -----------------------------------------------------------------------------


@org_view("voting.ballot:read")
def index(request, org_code):
    ctx = {
        "ballots": selectors.ballots()[:100],
        "evaluations": selectors.evaluations()[:100],
    }
    return render(request, "voting/index.html", ctx)


@org_view("voting.ballot:write", methods=("GET", "POST"))
def ballot_create(request, org_code):
    initial = {"secret": True}
    if request.GET.get("session"):
        # From a session's page: held there, phones and paper together.
        initial |= {"meeting": f"democracy.session:{request.GET['session']}", "mode": Mode.MIXED}
    form = BallotForm(request.POST or None, org=request.org, initial=initial)
    d = form.cleaned_data if request.method == "POST" and form.is_valid() else None
    if d and (
        ballot := run(
            form,
            services.ballot_create,
            actor=request.user,
            org=request.org,
            title=d["title"],
            description=d["description"],
            items=form.item_dicts(),
            electorate_user_ids=d["electorate"],
            total_electorate=d["total_electorate"],
            secret=d["secret"],
            rule=d["rule"],
            mode=d["mode"],
            seats=d.get("seats") or 0,
            source=d.get("source"),
        )
    ):
        messages.success(request, _("Ballot created. Open it when the voters are ready."))
        return redirect("voting:ballot", org_code=org_code, ballot_id=ballot.pk)
    return render(request, "voting/form.html", {"form": form, "title": _("New ballot")})


@org_view("voting.ballot:read")
def ballot_detail(request, org_code, ballot_id):
    ballot = selectors.ballot(ballot_id)
    show = results_visible(ballot, request.access)
    ctx = {
        "ballot": ballot,
        "items": list(ballot.items.all()),
        "electorate": ballot.electorate,
        "voted": ballot.voted,
        "result": services.ballot_result(ballot) if show else None,
        "rule": services.rules.get(ballot.rule),
    }
    if ballot.mode == Mode.MIXED:
        ctx |= {
            "people": (
                selectors.phone_voters(ballot) if ballot.state in (State.DRAFT, State.OPEN) else []
            ),
            "paper_room": services.paper_capacity(ballot),
            "phones": ballot.electorate - ballot.handed_paper,
            "phone_voted": ballot.voted - ballot.handed_paper,
        }
    return render(request, "voting/ballot.html", ctx)


@org_view("voting.ballot:write", methods=("POST",))
def hand_paper(request, org_code, ballot_id):
    """The committee hands paper ballots to people of a mixed ballot who ask for one."""
    ballot = selectors.ballot(ballot_id)
    ids = [v for v in request.POST.getlist("user") if v.isdigit()]
    n = services.ballot_hand_paper(actor=request.user, ballot=ballot, user_ids=ids)
    messages.success(request, _("%(n)s paper ballots handed out.") % {"n": n})
    return redirect("voting:ballot", org_code=org_code, ballot_id=ballot.pk)


@org_view("voting.ballot:write", methods=("POST",))
def ballot_action(request, org_code, ballot_id, ballot_action):
    ballot = selectors.ballot(ballot_id)
    if _run_verb(request, BALLOT_ACTIONS, ballot_action, _("Ballot deleted."), ballot=ballot):
        return redirect("voting:ballot", org_code=org_code, ballot_id=ballot.pk)
    return redirect("voting:index", org_code=org_code)


@org_view("voting.ballot:write", methods=("GET", "POST"))
def paper_count(request, org_code, ballot_id):
    ballot = selectors.ballot(ballot_id)
    items = list(ballot.items.all())
    initial = {
        "ballots_issued": ballot.ballots_issued,
        "ballots_returned": ballot.ballots_returned,
        "invalid": ballot.invalid_papers or 0,
    }
    for item in items:
        initial |= {
            f"item-{item.pk}-yes": item.paper_yes,
            f"item-{item.pk}-no": item.paper_no,
            f"item-{item.pk}-abstain": item.paper_abstain,
        }
    form = PaperCountForm(request.POST or None, items=items, initial=initial)
    if ballot.mode == Mode.ONLINE:
        messages.error(request, _("This ballot is voted online; paper counts cannot be added."))
        return redirect("voting:ballot", org_code=org_code, ballot_id=ballot.pk)
    d = form.cleaned_data if request.method == "POST" and form.is_valid() else None
    if d and run(
        form,
        services.paper_ballots_count,
        actor=request.user,
        ballot=ballot,
        tallies=form.tallies(),
        ballots_issued=d["ballots_issued"],
        ballots_returned=d["ballots_returned"],
        invalid=d["invalid"],
    ):
        messages.success(request, _("Paper ballot counts saved."))
        return redirect("voting:ballot", org_code=org_code, ballot_id=ballot.pk)
    ctx = {"ballot": ballot, "form": form, "paper_room": services.paper_capacity(ballot)}
    return render(request, "voting/paper.html", ctx)


@org_view("voting.ballot:read")
def ballot_papers(request, org_code, ballot_id):
    """Every counted paper (fingerprint and choices) so anyone entitled can recount."""
    ballot = selectors.ballot(ballot_id)
    if not results_visible(ballot, request.access) or ballot.mode not in PHONE_MODES:
        raise Http404
    items = list(ballot.items.all())
    ctx = {
        "ballot": ballot,
        "items": items,
        "rows": selectors.papers_table(ballot, items),
        "result": services.ballot_result(ballot),
    }
    return render(request, "voting/papers.html", ctx)


# -- voter pages (phone-sized) ---------------------------------------------------------------


@org_view("voting.vote:cast")
def mine(request, org_code):
    ctx = {
        "ballots": selectors.my_ballots(request.user, request.org),
        "evaluations": selectors.my_evaluations(request.user, request.org),
    }
    return render(request, "voting/mine.html", ctx)


def read_choices(post, items) -> dict[str, str]:
    return {str(i.pk): post.get(f"item-{i.pk}", "") for i in items}


@org_view("voting.vote:cast", methods=("GET", "POST"))
@sensitive_post_parameters()
def vote(request, org_code, ballot_id):
    ballot, voted = selectors.voter_ballot(request.org, request.user, ballot_id)
    items = selectors.ballot_items(ballot)
    error = ""
    if request.method == "POST":
        # Caught here, not by org_view: a refused vote re-renders this page at 400 with
        # the reason (tests/voting/test_views_vote.py), without a redirect whose message
        # would travel through the session next to the voter's choices.
        try:
            receipt = services.vote_cast(
                voter_user=request.user, ballot=ballot, choices=read_choices(request.POST, items)
            )
        except services.VotingError as exc:
            error = str(exc)
            voted = services.has_voted(ballot, request.user)
        else:
            return _no_store(
                render(request, "voting/voted.html", {"ballot": ballot, "receipt": receipt})
            )
    ctx = {
        "ballot": ballot,
        "items": items,
        "voted": voted,
        "on_paper": bool(voted) and services.handed_paper(ballot, request.user),
        "error": error,
        "choices": CHOICES,
        "result": services.ballot_result(ballot) if ballot.state == State.PUBLISHED else None,
    }
    return _no_store(render(request, "voting/vote.html", ctx, status=400 if error else 200))


@org_view("voting.vote:cast")
def voter_papers(request, org_code, ballot_id):
    """The published papers for the voters themselves, so that each can recount."""
    ballot = selectors.reachable_ballot(request.org, ballot_id)
    if services.has_voted(ballot, request.user) is None:
        raise PermissionDenied
    if ballot.state != State.PUBLISHED or ballot.mode not in PHONE_MODES:
        raise Http404
    items = selectors.ballot_items(ballot)
    ctx = {
        "ballot": ballot,
        "items": items,
        "rows": selectors.papers_table(ballot, items),
        "result": services.ballot_result(ballot),
        "voter": True,
    }
    return render(request, "voting/papers.html", ctx)


@org_view("voting.vote:cast", methods=("POST",))
@sensitive_post_parameters("receipt")
def verify(request, org_code, ballot_id):
    """Check a receipt code (POST: the code stays out of URLs and access logs)."""
    ballot = selectors.reachable_ballot(request.org, ballot_id)
    code = request.POST.get("receipt", "")
    paper, error = None, ""
    # Caught here, not by org_view: the answer to a checked receipt (found or not) is
    # this POST's own page, so the code never travels through a redirect or the session.
    try:
        paper = services.receipt_verify(ballot=ballot, code=code)
    except services.VotingError as exc:
        error = str(exc)
    items = selectors.ballot_items(ballot)
    rows = [(i, paper.choices.get(str(i.pk), "")) for i in items] if paper else []
    ctx = {"ballot": ballot, "paper": paper, "rows": rows, "error": error, "checked": True}
    return _no_store(render(request, "voting/verify.html", ctx))


# -- evaluations -----------------------------------------------------------------------------


@org_view("voting.ballot:write", methods=("GET", "POST"))
def evaluation_create(request, org_code):
    form = EvaluationCreateForm(request.POST or None, org=request.org)
    d = form.cleaned_data if request.method == "POST" and form.is_valid() else None
    if d and (
        evaluation := run(
            form,
            services.evaluation_create,
            actor=request.user,
            org=request.org,
            title=d["title"],
            description=d["description"],
            scale=d["scale"],
            subjects=form.subject_dicts(),
            items=form.item_texts(),
            electorate_user_ids=d["electorate"],
        )
    ):
        messages.success(request, _("Evaluation created. Open it when the voters are ready."))
        return redirect("voting:evaluation", org_code=org_code, evaluation_id=evaluation.pk)
    return render(request, "voting/form.html", {"form": form, "title": _("New evaluation")})


@org_view("voting.ballot:read")
def evaluation_detail(request, org_code, evaluation_id):
    evaluation = selectors.evaluation(evaluation_id)
    show = results_visible(evaluation, request.access)
    ctx = {
        "evaluation": evaluation,
        "subjects": list(evaluation.subjects.all()),
        "items": list(evaluation.items.all()),
        "electorate": evaluation.electorate,
        "voted": evaluation.voted,
        "result": services.evaluation_result(evaluation) if show else None,
    }
    return render(request, "voting/evaluation.html", ctx)


@org_view("voting.ballot:write", methods=("POST",))
def evaluation_action(request, org_code, evaluation_id, evaluation_action):
    evaluation = selectors.evaluation(evaluation_id)
    deleted = _("Evaluation deleted.")
    if _run_verb(request, EVALUATION_ACTIONS, evaluation_action, deleted, form=evaluation):
        return redirect("voting:evaluation", org_code=org_code, evaluation_id=evaluation.pk)
    return redirect("voting:index", org_code=org_code)


@org_view("voting.ballot:read")
def evaluation_report(request, org_code, evaluation_id):
    """The printable report (PDF) of an evaluation's results."""
    evaluation = selectors.evaluation(evaluation_id)
    if not results_visible(evaluation, request.access):
        raise Http404
    pdf = render_report(services.evaluation_result(evaluation), request)
    return file_response(pdf, filename=report_filename(evaluation), content_type=PDF, inline=True)


def read_answers(post, subjects, items) -> dict[str, dict[str, str]]:
    return {
        str(s.pk): {str(i.pk): post.get(f"answer-{s.pk}-{i.pk}", "") for i in items}
        for s in subjects
    }


@org_view("voting.vote:cast", methods=("GET", "POST"))
@sensitive_post_parameters()
def answer(request, org_code, evaluation_id):
    evaluation, responded = selectors.voter_evaluation(request.org, request.user, evaluation_id)
    subjects = selectors.evaluation_subjects(evaluation)
    items = selectors.evaluation_items(evaluation)
    error = ""
    if request.method == "POST":
        # Caught here as on the vote page: a refused answer re-renders at 400 with the
        # reason (tests/voting/test_views_evaluations.py), no redirect, nothing in the session.
        try:
            services.evaluation_respond(
                voter_user=request.user,
                form=evaluation,
                answers=read_answers(request.POST, subjects, items),
            )
        except services.VotingError as exc:
            error = str(exc)
            responded = services.has_responded(evaluation, request.user)
        else:
            return _no_store(render(request, "voting/answered.html", {"evaluation": evaluation}))
    if evaluation.scale == Scale.SCORES:
        options = [(str(s), str(s)) for s in range(10, 0, -1)]
    else:
        options = [(g.value, g.label) for g in Grade]
    ctx = {
        "evaluation": evaluation,
        "subjects": subjects,
        "items": items,
        "options": options,
        "responded": responded,
        "error": error,
        "result": services.evaluation_result(evaluation)
        if evaluation.state == State.PUBLISHED
        else None,
    }
    return _no_store(render(request, "voting/answer.html", ctx, status=400 if error else 200))
