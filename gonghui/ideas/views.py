"""The committee's pages: the list of ideas (filters, overdue), one idea with the cycle's
actions, ideas entered from paper, proposal drives, the year's metrics and report.

Readers (upper union staff, cadres) see everything; the actions need the writing
permission, each a POST to `<idea_id>/<idea_action>/` that redirects back to the idea.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import files
from gonghui.core.decorators import org_view
from gonghui.core.forms import run
from gonghui.core.params import check_year, year_param

from . import rules, selectors, services
from .exports import IdeasReport
from .forms import (
    AnswerForm,
    CloseForm,
    ConfirmForm,
    DecideForm,
    DriveForm,
    EnterForm,
    ImplementForm,
    NoteForm,
    PayForm,
    ReasonForm,
    ReviewForm,
    RewardForm,
    SendForm,
    UploadForm,
    VerifyForm,
)
from .models import Drive, Status

READ, WRITE = "ideas.idea:read", "ideas.idea:write"


def answer_link(request, dept_request) -> str:
    """The absolute URL the department's person opens (no login). Empty until
    gonghui/urls.py mounts the public routes."""
    try:
        path = reverse("ideas_public:answer", kwargs={"token": dept_request.token})
    except NoReverseMatch:
        return ""
    return request.build_absolute_uri(path)


# -- the list ------------------------------------------------------------------------------


@org_view(READ)
def index(request, org_code):
    params = request.GET.copy()
    if "year" not in params:
        params["year"] = str(timezone.localdate().year)
    qs = selectors.filtered(selectors.ideas(request.org), params)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "ideas/index.html",
        {
            "page_obj": page,
            "flt": params,
            "statuses": Status.choices,
            "outcomes": rules.OUTCOMES,
            "departments": selectors.departments(request.org),
            "years": range(today.year, today.year - 5, -1),
            "desk": selectors.desk(request.org),
            "today": today,
            "can_write": request.access.has(WRITE),
        },
    )


@org_view(WRITE, methods=("GET", "POST"))
def enter(request, org_code):
    """An idea handed in on paper or in the suggestion box, entered for the member."""
    union = services.union_of(request.org)
    form = EnterForm(
        request.POST or None,
        request.FILES or None,
        members=selectors.candidate_members(union).order_by("name_pinyin", "id"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        idea = run(
            form,
            services.idea_enter,
            actor=request.user,
            org=union,
            proposer=data["proposer"],
            data=data,
            uploads=data["files"],
        )
        if idea:
            messages.success(request, _("The idea was entered."))
            return redirect("ideas:detail", org_code=org_code, idea_id=idea.pk)
    return render(request, "ideas/enter.html", {"form": form})


# -- one idea ------------------------------------------------------------------------------


def _context(request, idea) -> dict:
    reviews = selectors.reviews_of(idea)
    requests = selectors.requests_of(idea)
    live = next((r for r in requests if r.usable()), None)
    mine = next((r for r in reviews if r.reviewer_id == request.user.pk), None)
    review_initial = (
        {**mine.scores(), "recommendation": mine.recommendation, "note": mine.note}
        if mine
        else None
    )
    reward = getattr(idea, "reward", None)
    return {
        "idea": idea,
        "files": selectors.files_of(idea),
        "co_proposers": list(idea.co_proposers.all()),
        "requests": requests,
        "live_request": live,
        "link": answer_link(request, live) if live else "",
        "reviews": reviews,
        "summary": selectors.review_summary(reviews),
        "reward": reward,
        "today": timezone.localdate(),
        "can_write": request.access.has(WRITE),
        "forms": {
            "accept": NoteForm(),
            "decline": ReasonForm(),
            "send": SendForm(initial={"department": idea.department}),
            "answer": AnswerForm(),
            "review": ReviewForm(initial=review_initial),
            "decide": DecideForm(),
            "implement": ImplementForm(),
            "verify": VerifyForm(),
            "reward": RewardForm(),
            "pay": PayForm(),
            "close": CloseForm(),
            "upload": UploadForm(),
        },
    }


@org_view(READ)
def detail(request, org_code, idea_id):
    idea = selectors.idea_of(request.org, idea_id)
    return render(request, "ideas/idea.html", _context(request, idea))


# The committee's buttons: the form that checks the input, the workflow, what is said.
def _accept(request, idea, d):
    return services.idea_accept(actor=request.user, idea=idea, note=d["note"])


def _decline(request, idea, d):
    return services.idea_decline(actor=request.user, idea=idea, reason=d["reason"])


def _send(request, idea, d):
    return services.idea_send(
        actor=request.user,
        idea=idea,
        department=d["department"],
        deadline=d["deadline"],
        contact=d["contact"],
    )


def _answer(request, idea, d):
    return services.idea_record_answer(
        actor=request.user, idea=idea, answer=d["answer"], answered_by=d["answered_by"]
    )


def _review(request, idea, d):
    return services.review_record(
        actor=request.user,
        idea=idea,
        scores={c.key: d[c.key] for c in rules.CRITERIA},
        recommendation=d["recommendation"],
        note=d["note"],
    )


def _decide(request, idea, d):
    return services.idea_decide(
        actor=request.user, idea=idea, outcome=d["outcome"], reason=d["reason"]
    )


def _implement(request, idea, d):
    return services.idea_implement(
        actor=request.user, idea=idea, implementation=d["implementation"]
    )


def _verify(request, idea, d):
    return services.idea_verify(
        actor=request.user,
        idea=idea,
        value_created=d["value_created"],
        verification=d["verification"],
    )


def _reward(request, idea, d):
    return services.reward_record(
        actor=request.user,
        idea=idea,
        amount=d["amount"],
        note=d["note"],
        pay=d["pay"],
        override_reason=d["override_reason"],
    )


def _pay(request, idea, d):
    reward = getattr(idea, "reward", None)
    if reward is None:
        raise services.IdeaError(_("This idea has no reward to pay."))
    return services.reward_pay(
        actor=request.user, reward=reward, override_reason=d["override_reason"]
    )


def _withdraw(request, idea, d):
    return services.request_withdraw(actor=request.user, idea=idea)


def _close(request, idea, d):
    return services.idea_close(actor=request.user, idea=idea, feedback=d["feedback"])


def _upload(request, idea, d):
    return services.file_add(actor=request.user, idea=idea, upload=d["file"])


ACTIONS = {
    "accept": (NoteForm, _accept, gettext_lazy("The idea is taken up.")),
    "decline": (
        ReasonForm,
        _decline,
        gettext_lazy("The idea is not taken up; the proposer reads why."),
    ),
    "send": (SendForm, _send, gettext_lazy("Sent to the department. Give them the link.")),
    "answer": (AnswerForm, _answer, gettext_lazy("The department's answer is recorded.")),
    "review": (ReviewForm, _review, gettext_lazy("Your review is recorded.")),
    "decide": (DecideForm, _decide, gettext_lazy("The outcome is recorded; the proposer sees it.")),
    "implement": (ImplementForm, _implement, gettext_lazy("The implementation is recorded.")),
    "verify": (VerifyForm, _verify, gettext_lazy("The value created is verified.")),
    "reward": (RewardForm, _reward, gettext_lazy("The reward is recorded.")),
    "pay": (PayForm, _pay, gettext_lazy("The reward is paid: a payout voucher awaits review.")),
    "withdraw": (
        ConfirmForm,
        _withdraw,
        gettext_lazy("The link is withdrawn; send the idea again when ready."),
    ),
    "close": (CloseForm, _close, gettext_lazy("The idea is closed with your feedback.")),
    "upload": (UploadForm, _upload, gettext_lazy("The file is added.")),
}


@org_view(WRITE, methods=("POST",))
def act(request, org_code, idea_id, idea_action):
    idea = selectors.idea_of(request.org, idea_id)
    if idea_action not in ACTIONS:
        raise Http404
    form_class, do, done = ACTIONS[idea_action]
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        # A refusal (IdeaError) goes back to the idea's page through org_view.
        do(request, idea, form.cleaned_data)
        messages.success(request, str(done))
        return redirect("ideas:detail", org_code=org_code, idea_id=idea.pk)
    ctx = _context(request, idea)
    ctx["forms"][idea_action] = form
    ctx["open_form"] = idea_action
    return render(request, "ideas/idea.html", ctx, status=400)


@org_view(READ)
def file_view(request, org_code, idea_id, idea_file_id):
    idea = selectors.idea_of(request.org, idea_id)
    item = selectors.file_of(idea, idea_file_id)
    return files.serve_file(item.file, item.name, item.content_type)


# -- drives --------------------------------------------------------------------------------


@org_view(READ)
def drives(request, org_code):
    return render(
        request,
        "ideas/drives.html",
        {"drives": selectors.drives(request.org), "can_write": request.access.has(WRITE)},
    )


def _drive_form(request, org_code, drive: Drive | None):
    form = DriveForm(request.POST or None, instance=drive)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.DRIVE_FIELDS}
        if drive is None:
            done = run(form, services.drive_create, actor=request.user, org=request.org, data=data)
        else:
            done = run(form, services.drive_update, actor=request.user, drive=drive, data=data)
        if done:
            messages.success(request, _("Saved."))
            return redirect("ideas:drives", org_code=org_code)
    return render(request, "ideas/drive_form.html", {"form": form, "drive": drive})


@org_view(WRITE, methods=("GET", "POST"))
def drive_create(request, org_code):
    return _drive_form(request, org_code, None)


@org_view(WRITE, methods=("GET", "POST"))
def drive_edit(request, org_code, drive_id):
    drive = selectors.drives(request.org).filter(pk=drive_id).first()
    if drive is None:
        raise Http404
    return _drive_form(request, org_code, drive)


# -- metrics and the yearly report -------------------------------------------------------


@org_view(READ)
def metrics(request, org_code):
    year = year_param(request)
    m = selectors.metrics(request.org, year)
    today = timezone.localdate()
    return render(
        request,
        "ideas/metrics.html",
        {
            "m": m,
            "year": year,
            "years": range(today.year, today.year - 5, -1),
            "chart": {
                **selectors.chart_data(m),
                "labels": {"ideas": _("Ideas"), "adopted": _("Adopted"), "participation": "%"},
            },
        },
    )


def report_response(user, org, year: int):
    """The yearly report as a workbook download (pages and API)."""
    report = IdeasReport(user=user, org=org, options={"year": year})
    out = io.BytesIO()
    report.write_xlsx(out)
    services.record_report_exported(org, year)
    return files.file_response(
        out.getvalue(),
        filename=f"{org.name}{year}年合理化建议汇总表.xlsx",
        content_type=files.XLSX,
    )


@org_view(READ)
def report_xlsx(request, org_code, year):
    return report_response(request.user, request.org, check_year(year))
