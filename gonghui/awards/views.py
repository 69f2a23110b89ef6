"""The committee's pages of awards: the rounds, one round with its nominations and the
actions of its stage (open, close nominations, publicise, decide, close), the review of a
nomination, the objections and their answers, the documents (decision, certificates, the
list), and the register of titles held. Thin: work in services.py, reads in selectors.py."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import files
from gonghui.core.decorators import org_view
from gonghui.core.forms import run

from . import documents, rules, selectors, services
from .forms import (
    AnswerForm,
    DecideForm,
    DocumentForm,
    PubliciseForm,
    ReviewForm,
    RoundForm,
    TitleForm,
)
from .models import RoundStatus

READ = "awards.award:read"
WRITE = "awards.award:write"


def _round_url(org, round_id) -> str:
    return reverse("awards:round", kwargs={"org_code": org.code, "award_round_id": round_id})


def _year(request) -> int | None:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else None


@org_view(READ)
def index(request, org_code):
    year = _year(request)
    return render(
        request,
        "awards/index.html",
        {
            "rounds": selectors.rounds(request.org, year),
            "years": selectors.years(request.org),
            "year": year,
            "can_write": request.access.has(WRITE),
        },
    )


@org_view(WRITE, methods=("GET", "POST"))
def create(request, org_code):
    form = RoundForm(request.POST or None, initial=RoundForm.initial_for())
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            found := run(
                form,
                services.round_create,
                actor=request.user,
                org=request.org,
                data=form.service_data(),
            )
        )
    ):
        messages.success(request, _("Draft saved: check it, then open it for nominations."))
        return redirect(_round_url(request.org, found.pk))
    return render(request, "awards/form.html", {"form": form, "kinds": rules.KINDS})


@org_view(WRITE, methods=("GET", "POST"))
def edit(request, org_code, award_round_id):
    found = selectors.round_of(request.org, award_round_id)
    if found.status != RoundStatus.DRAFT:
        messages.error(request, _("Only a draft round is changed."))
        return redirect(_round_url(request.org, found.pk))
    form = RoundForm(request.POST or None, initial=RoundForm.initial_for(found))
    if (
        request.method == "POST"
        and form.is_valid()
        and run(
            form,
            services.round_update,
            actor=request.user,
            round=found,
            data=form.service_data(),
        )
    ):
        messages.success(request, _("Draft saved."))
        return redirect(_round_url(request.org, found.pk))
    return render(request, "awards/form.html", {"form": form, "round": found, "kinds": rules.KINDS})


@org_view(READ)
def round_detail(request, org_code, award_round_id):
    found = selectors.round_of(request.org, award_round_id)
    can_write = request.access.has(WRITE)
    rows = list(selectors.nominations(found))
    ctx = {
        "round": found,
        "award": found.award,
        "nominations": rows,
        "can_write": can_write,
        "objections": list(selectors.objections(found)) if can_write else [],
        "waiting": sum(1 for n in rows if n.status == "submitted"),
    }
    if found.status == RoundStatus.REVIEW:
        ctx["problems"] = services.quota_problems(found)
        ctx["publicise_form"] = PubliciseForm()
    if found.status == RoundStatus.PUBLICITY:
        ctx["decide_form"] = DecideForm(
            initial={"date": max(timezone.localdate(), found.publicity_end + dt.timedelta(days=1))}
        )
        ctx["answer_form"] = AnswerForm()
    if found.status in (RoundStatus.DECIDED, RoundStatus.CLOSED):
        ctx["decision"] = getattr(found, "decision", None)
    return render(request, "awards/round.html", ctx)


def _action(request, round_id, service, done: str):
    found = selectors.round_of(request.org, round_id)
    service(actor=request.user, round=found)
    messages.success(request, done)
    return redirect(_round_url(request.org, round_id))


@org_view(WRITE, methods=("POST",))
def open_(request, org_code, award_round_id):
    return _action(
        request, award_round_id, services.round_open, _("Open: members can nominate now.")
    )


@org_view(WRITE, methods=("POST",))
def close_nominations(request, org_code, award_round_id):
    return _action(
        request,
        award_round_id,
        services.round_close_nominations,
        _("Nominations closed: review them."),
    )


@org_view(WRITE, methods=("POST",))
def close(request, org_code, award_round_id):
    return _action(request, award_round_id, services.round_close, _("Round closed."))


@org_view(WRITE, methods=("POST",))
def delete(request, org_code, award_round_id):
    found = selectors.round_of(request.org, award_round_id)
    services.round_delete(actor=request.user, round=found)
    messages.success(request, _("Draft deleted."))
    return redirect("awards:index", org_code=request.org.code)


@org_view(WRITE, methods=("POST",))
def publicise(request, org_code, award_round_id):
    found = selectors.round_of(request.org, award_round_id)
    form = PubliciseForm(request.POST)
    start = form.cleaned_data.get("start") if form.is_valid() else None
    done = services.round_publicise(actor=request.user, round=found, start=start)
    messages.success(
        request,
        _("On public notice until %(end)s.") % {"end": done.publicity_end.isoformat()},
    )
    return redirect(_round_url(request.org, found.pk))


@org_view(WRITE, methods=("POST",))
def decide(request, org_code, award_round_id):
    found = selectors.round_of(request.org, award_round_id)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the document number and the date."))
        return redirect(_round_url(request.org, found.pk))
    services.round_decide(actor=request.user, round=found, **form.cleaned_data)
    messages.success(request, _("Decided: the decision and the certificates are ready."))
    return redirect(_round_url(request.org, found.pk))


# -- nominations ------------------------------------------------------------------------------


@org_view(READ, methods=("GET",))
def nomination(request, org_code, award_round_id, nomination_id):
    found = selectors.round_of(request.org, award_round_id)
    n = selectors.nomination_in(found, nomination_id)
    initial = {
        "selected": "0" if n.status == "not_selected" else "1",
        "score": n.score,
        "votes_for": n.votes_for,
        "votes_cast": n.votes_cast,
        "note": n.review_note,
    }
    return _nomination_page(request, found, n, ReviewForm(initial=initial))


def _nomination_page(request, found, n, form, status=200):
    can_write = request.access.has(WRITE)
    return render(
        request,
        "awards/nomination.html",
        {
            "round": found,
            "award": found.award,
            "n": n,
            "form": form,
            "document_form": DocumentForm(round_=found),
            "can_review": can_write and found.status == RoundStatus.REVIEW,
            "can_attach": can_write
            and found.status in (RoundStatus.OPEN, RoundStatus.REVIEW)
            and n.is_active,
            "can_write": can_write,
            "objections": list(n.objections.all()) if can_write else [],
        },
        status=status,
    )


@org_view(WRITE, methods=("POST",))
def review(request, org_code, award_round_id, nomination_id):
    found = selectors.round_of(request.org, award_round_id)
    n = selectors.nomination_in(found, nomination_id)
    form = ReviewForm(request.POST)
    if form.is_valid() and run(
        form, services.nomination_review, actor=request.user, nomination=n, **form.cleaned_data
    ):
        messages.success(request, _("Review saved."))
        return redirect(_round_url(request.org, found.pk))
    return _nomination_page(request, found, n, form, status=400)


@org_view(WRITE, methods=("POST",))
def withdraw(request, org_code, award_round_id, nomination_id):
    found = selectors.round_of(request.org, award_round_id)
    n = selectors.nomination_in(found, nomination_id)
    services.nomination_withdraw(actor=request.user, nomination=n, committee=True)
    messages.success(request, _("Nomination withdrawn."))
    return redirect(_round_url(request.org, found.pk))


@org_view(WRITE, methods=("POST",))
def file_add(request, org_code, award_round_id, nomination_id):
    found = selectors.round_of(request.org, award_round_id)
    n = selectors.nomination_in(found, nomination_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
    else:
        services.file_add(
            actor=request.user,
            nomination=n,
            upload=upload,
            document=request.POST.get("document", ""),
        )
        messages.success(request, _("File added."))
    return redirect(
        reverse(
            "awards:nomination",
            kwargs={"org_code": org_code, "award_round_id": found.pk, "nomination_id": n.pk},
        )
    )


@org_view(READ)
def file(request, org_code, award_round_id, nomination_id, nomination_file_id):
    found = selectors.round_of(request.org, award_round_id)
    item = selectors.file_in(selectors.nomination_in(found, nomination_id), nomination_file_id)
    return files.serve_file(item.file, item.name, item.content_type)


# -- objections -------------------------------------------------------------------------------


@org_view(WRITE, methods=("POST",))
def answer(request, org_code, objection_id):
    objection = selectors.objection_in(request.org, objection_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the answer."))
    else:
        services.objection_answer(actor=request.user, objection=objection, **form.cleaned_data)
        messages.success(request, _("Answer saved: the member sees it on the public notice."))
    return redirect(_round_url(request.org, objection.nomination.round_id))


# -- documents --------------------------------------------------------------------------------


@org_view(READ)
def decision_file(request, org_code, award_round_id, fmt):
    found = selectors.round_of(request.org, award_round_id)
    name, content = documents.decision_export(actor=request.user, round=found, fmt=fmt)
    kind = files.DOCX if fmt == "docx" else files.PDF
    return files.file_response(content, filename=name, content_type=kind)


@org_view(READ)
def certificates(request, org_code, award_round_id):
    found = selectors.round_of(request.org, award_round_id)
    name, content = documents.certificates_pdf(actor=request.user, round=found)
    return files.file_response(content, filename=name, content_type=files.PDF)


@org_view(READ)
def export(request, org_code, award_round_id):
    found = selectors.round_of(request.org, award_round_id)
    name, content = documents.nominations_xlsx(actor=request.user, round=found)
    return files.file_response(content, filename=name, content_type=files.XLSX)


# -- the register of titles held --------------------------------------------------------------


@org_view(READ, methods=("GET", "POST"))
def titles(request, org_code):
    can_write = request.access.has(WRITE)
    form = TitleForm(
        request.POST or None, org=request.org, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid() and run(
            form,
            services.title_add,
            actor=request.user,
            org=request.org,
            data=form.cleaned_data,
        ):
            messages.success(request, _("Title added to the register."))
            return redirect("awards:titles", org_code=org_code)
    return render(
        request,
        "awards/titles.html",
        {"titles": selectors.titles(request.org), "form": form, "can_write": can_write},
        status=400 if request.method == "POST" else 200,
    )


@org_view(WRITE, methods=("POST",))
def title_delete(request, org_code, title_held_id):
    held = selectors.title_of(request.org, title_held_id)
    services.title_delete(actor=request.user, title=held)
    messages.success(request, _("Title removed from the register."))
    return redirect("awards:titles", org_code=org_code)
