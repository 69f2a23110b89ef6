"""Openness pages: the cadres' (notices with their approval steps, due items, questions,
required items, the yearly report) and the staff's (phone-sized: published notices, ask
a question).

Which side a page shows is decided once (`selectors.is_cadre`): the writing permission on
the unit's own pages. Everyone else with the reading permission, members and upper union
staff included, reads the unit's published notices only; a draft is a 404 to them.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import files
from gonghui.core.decorators import back_url, org_view
from gonghui.core.forms import run
from gonghui.core.params import check_year, parse_year, year_param
from gonghui.plans.summary_docs import CONTENT_TYPES

from . import rules, selectors, services
from .forms import (
    AnswerForm,
    DateForm,
    ItemAddForm,
    ItemToggleForm,
    NoticeForm,
    QuestionForm,
    SettingsForm,
    UploadForm,
    WithdrawForm,
)
from .models import NoticeFile, Question, Status


def _back(org_code, notice):
    return redirect("openness:detail", org_code=org_code, notice_id=notice.pk)


def _base(unit) -> dict:
    return {"unit": unit, "system": selectors.system_name(unit)}


# -- the list ------------------------------------------------------------------------------


@org_view("openness.notice:read")
def index(request, org_code):
    unit = selectors.unit_of(request)
    ctx = _base(unit)
    if not selectors.is_cadre(request, unit):
        notices = selectors.published_of(unit).order_by("-published_on", "-id")
        cat = request.GET.get("category", "")
        if cat in rules.Category.values:
            notices = notices.filter(category=cat)
        ctx.update(
            {
                "notices": Paginator(notices, 30).get_page(request.GET.get("page")),
                "categories": rules.Category.choices,
                "flt": {"category": cat},
            }
        )
        return render(request, "openness/read_list.html", ctx)
    year = year_param(request)
    qs = selectors.notices_of(unit, cadre=True)
    status = request.GET.get("status", "")
    cat = request.GET.get("category", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    if cat in rules.Category.values:
        qs = qs.filter(category=cat)
    if request.GET.get("year", "").isdigit():
        qs = qs.filter(period_year=year)
    today = timezone.localdate()
    statuses = selectors.due_status(unit, year, today)
    page = Paginator(qs.order_by("-id"), 30).get_page(request.GET.get("page"))
    names = selectors.item_names(unit)
    for n in page.object_list:
        n.item_name = names.get(n.item_code, "")
    unanswered = list(selectors.unanswered(unit))
    ctx.update(
        {
            "page_obj": page,
            "statuses": statuses,
            "flagged": selectors.flagged_count(statuses),
            "year": year,
            "years": range(today.year + 1, today.year - 5, -1),
            "unanswered": len(unanswered),
            "overdue_questions": sum(1 for q in unanswered if q.overdue_on(today)),
            "status_choices": Status.choices,
            "categories": rules.Category.choices,
            "flt": {"status": status, "category": cat, "year": request.GET.get("year", "")},
            "today": today,
        }
    )
    return render(request, "openness/index.html", ctx)


# -- writing a notice --------------------------------------------------------------------------


def _initial(request, unit) -> dict:
    """?item=&period=&year= prefill (the due list links here)."""
    initial = {}
    items = {i.code: i for i in selectors.required_items(unit)}
    code = request.GET.get("item", "")
    if code in items:
        initial["item_code"] = code
        initial["title"] = items[code].name
        initial["period"] = rules.period_containing(items[code].frequency, timezone.localdate())
    if request.GET.get("period") in rules.Period.values:
        initial["period"] = request.GET["period"]
    if parse_year(request.GET.get("year")) is not None:
        initial["period_year"] = parse_year(request.GET["year"])
    return initial


@org_view("openness.notice:write", methods=("GET", "POST"))
def create(request, org_code):
    unit = selectors.cadre_unit_of(request)
    form = NoticeForm(
        request.POST or None, items=selectors.required_items(unit), initial=_initial(request, unit)
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            notice := run(
                form,
                services.notice_create,
                actor=request.user,
                org=unit,
                data=form.cleaned_data,
            )
        )
    ):
        messages.success(request, _("The draft was saved. It is published once approved."))
        return _back(org_code, notice)
    return render(request, "openness/form.html", {**_base(unit), "form": form, "notice": None})


@org_view("openness.notice:write", methods=("GET", "POST"))
def edit(request, org_code, notice_id):
    unit = selectors.cadre_unit_of(request)
    notice = selectors.notice_of(unit, notice_id, cadre=True)
    initial = {f: getattr(notice, f) for f in services.EDITABLE_FIELDS}
    initial["category"] = notice.category
    form = NoticeForm(request.POST or None, items=selectors.all_items(unit), initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and run(
            form, services.notice_update, actor=request.user, notice=notice, data=form.cleaned_data
        )
    ):
        messages.success(request, _("Saved."))
        return _back(org_code, notice)
    return render(request, "openness/form.html", {**_base(unit), "form": form, "notice": notice})


# -- one notice -------------------------------------------------------------------------------


@org_view("openness.notice:read")
def detail(request, org_code, notice_id):
    unit = selectors.unit_of(request)
    cadre = selectors.is_cadre(request, unit)
    notice = selectors.notice_of(unit, notice_id, cadre=cadre)
    questions = list(selectors.questions_on(notice))
    today = timezone.localdate()
    ctx = {
        **_base(unit),
        "notice": notice,
        "files": list(selectors.files_of(notice)),
        "questions": questions,
        "today": today,
        "item_name": selectors.item_names(unit).get(notice.item_code, ""),
    }
    if not cadre:
        ctx["form"] = QuestionForm()
        return render(request, "openness/read.html", ctx)
    ctx.update(
        {
            "date_form": DateForm(),
            "withdraw_form": WithdrawForm(),
            "upload_form": UploadForm(),
            "answer_form": AnswerForm(),
            "can_approve": notice.status == Status.DRAFT
            and (notice.created_by_id != request.user.pk or services.is_chair(request.user, unit)),
        }
    )
    return render(request, "openness/notice.html", ctx)


def _step(request, org_code, notice_id, do, done: str, form_class=DateForm):
    unit = selectors.cadre_unit_of(request)
    notice = selectors.notice_of(unit, notice_id, cadre=True)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the date."))
        return _back(org_code, notice)
    do(notice, form.cleaned_data)  # a refusal goes back to the notice through org_view
    messages.success(request, done)
    return _back(org_code, notice)


@org_view("openness.notice:write", methods=("POST",))
def approve(request, org_code, notice_id):
    return _step(
        request,
        org_code,
        notice_id,
        lambda n, d: services.notice_approve(actor=request.user, notice=n, on=d.get("on")),
        _("Approved."),
    )


@org_view("openness.notice:write", methods=("POST",))
def publish(request, org_code, notice_id):
    return _step(
        request,
        org_code,
        notice_id,
        lambda n, d: services.notice_publish(actor=request.user, notice=n, on=d.get("on")),
        _("Published."),
    )


@org_view("openness.notice:write", methods=("POST",))
def withdraw(request, org_code, notice_id):
    return _step(
        request,
        org_code,
        notice_id,
        lambda n, d: services.notice_withdraw(
            actor=request.user, notice=n, reason=d.get("reason", ""), on=d.get("on")
        ),
        _("Withdrawn."),
        WithdrawForm,
    )


@org_view("openness.notice:write", methods=("POST",))
def delete(request, org_code, notice_id):
    unit = selectors.cadre_unit_of(request)
    notice = selectors.notice_of(unit, notice_id, cadre=True)
    services.notice_delete(actor=request.user, notice=notice)  # refused: back via org_view
    messages.success(request, _("The draft was deleted."))
    return redirect("openness:index", org_code=org_code)


# -- attachments ------------------------------------------------------------------------------


@org_view("openness.notice:write", methods=("POST",))
def file_upload(request, org_code, notice_id):
    unit = selectors.cadre_unit_of(request)
    notice = selectors.notice_of(unit, notice_id, cadre=True)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file."))
        return _back(org_code, notice)
    services.file_add(actor=request.user, notice=notice, upload=form.cleaned_data["file"])
    messages.success(request, _("The attachment was added."))
    return _back(org_code, notice)


def file_response(item: NoticeFile) -> HttpResponse:
    """An attachment named as it was uploaded (shared with the API). Read whole: the
    service keeps attachments under `services.ATTACHMENT_MAX_BYTES`."""
    try:
        with item.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise Http404 from None
    response = files.file_response(
        content,
        filename=item.name,
        content_type=item.content_type or "application/octet-stream",
        inline=item.content_type in ("application/pdf", "image/jpeg", "image/png"),
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@org_view("openness.notice:read")
def file_view(request, org_code, notice_id, notice_file_id):
    """An attachment, for the cadres and for the staff once the notice is published."""
    unit = selectors.unit_of(request)
    notice = selectors.notice_of(unit, notice_id, cadre=selectors.is_cadre(request, unit))
    item = get_object_or_404(selectors.files_of(notice), pk=notice_file_id)
    return file_response(item)


@org_view("openness.notice:write", methods=("POST",))
def file_delete(request, org_code, notice_id, notice_file_id):
    unit = selectors.cadre_unit_of(request)
    notice = selectors.notice_of(unit, notice_id, cadre=True)
    item = get_object_or_404(selectors.files_of(notice), pk=notice_file_id)
    services.file_delete(actor=request.user, item=item)
    messages.success(request, _("The attachment was removed."))
    return _back(org_code, notice)


# -- questions -----------------------------------------------------------------------------------


@org_view("openness.notice:read", methods=("POST",))
def ask(request, org_code, notice_id):
    unit = selectors.unit_of(request)
    # Anyone who may read asks on a published notice, cadres included.
    notice = selectors.notice_of(unit, notice_id, cadre=False)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write your question."))
        return _back(org_code, notice)
    services.question_ask(actor=request.user, notice=notice, text=form.cleaned_data["text"])
    messages.success(
        request,
        _("Your question was sent. The union answers within %(days)s days.")
        % {"days": rules.ANSWER_DAYS},
    )
    return _back(org_code, notice)


@org_view("openness.notice:write")
def questions(request, org_code):
    unit = selectors.cadre_unit_of(request)
    qs = selectors.questions_of(unit).order_by("answered_on", "asked_on", "id")
    if request.GET.get("open"):
        qs = qs.filter(answered_on__isnull=True)
    return render(
        request,
        "openness/questions.html",
        {
            **_base(unit),
            "page_obj": Paginator(qs, 50).get_page(request.GET.get("page")),
            "today": timezone.localdate(),
            "only_open": bool(request.GET.get("open")),
        },
    )


@org_view("openness.notice:write", methods=("POST",))
def answer(request, org_code, question_id):
    unit = selectors.cadre_unit_of(request)
    question = get_object_or_404(
        Question.objects.select_related("notice"), pk=question_id, notice__org=unit
    )
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.question_answer(
            actor=request.user, question=question, answer=form.cleaned_data["answer"]
        )
        messages.success(request, _("The answer was published with the question."))
    else:
        messages.error(request, _("Write the answer."))
    # Answered from the list of questions (`next`) or from the notice: back to that page.
    detail = reverse(
        "openness:detail", kwargs={"org_code": org_code, "notice_id": question.notice_id}
    )
    return redirect(back_url(request, detail))


# -- the required items --------------------------------------------------------------------------


@org_view("openness.notice:write", methods=("GET", "POST"))
def items(request, org_code):
    unit = selectors.cadre_unit_of(request)
    settings_obj = selectors.settings_of(unit)
    form = SettingsForm(
        request.POST or None,
        initial={"state_owned": bool(settings_obj and settings_obj.state_owned)},
    )
    if request.method == "POST":
        if form.is_valid():
            services.settings_update(
                actor=request.user, org=unit, state_owned=form.cleaned_data["state_owned"]
            )
            messages.success(request, _("Saved."))
        return redirect("openness:items", org_code=org_code)
    return render(
        request,
        "openness/items.html",
        {
            **_base(unit),
            "items": selectors.all_items(unit),
            "form": form,
            "add_form": ItemAddForm(),
            "enterprise": unit.unit_type in ("enterprise", "community", "other"),
        },
    )


@org_view("openness.notice:write", methods=("POST",))
def item_add(request, org_code):
    unit = selectors.cadre_unit_of(request)
    form = ItemAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Name the item and give the reason for the change."))
        return redirect("openness:items", org_code=org_code)
    services.item_add(actor=request.user, org=unit, **form.cleaned_data)
    messages.success(request, _("The item was added."))
    return redirect("openness:items", org_code=org_code)


@org_view("openness.notice:write", methods=("POST",))
def item_toggle(request, org_code):
    unit = selectors.cadre_unit_of(request)
    form = ItemToggleForm(request.POST)
    if not form.is_valid():
        raise Http404
    services.item_set_required(
        actor=request.user,
        org=unit,
        code=form.cleaned_data["code"],
        required=form.cleaned_data["required"],
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, _("Saved."))
    return redirect("openness:items", org_code=org_code)


# -- the yearly report -------------------------------------------------------------------------------


@org_view("openness.notice:read")
def report(request, org_code, year):
    year = check_year(year)
    unit = selectors.unit_of(request)
    today = timezone.localdate()
    return render(
        request,
        "openness/report.html",
        {
            **_base(unit),
            "report": selectors.year_report(unit, year, today),
            "year": year,
            "years": range(today.year, today.year - 5, -1),
            "cadre": selectors.is_cadre(request, unit),
        },
    )


def export_response(request, unit, year: int, fmt: str) -> HttpResponse:
    """The report as a document in `fmt`, its export logged (shared with the API)."""
    filename, data = services.report_export(actor=request.user, unit=unit, year=year, fmt=fmt)
    return files.file_response(
        data, filename=filename, content_type=CONTENT_TYPES[fmt], inline=fmt == "pdf"
    )


@org_view("openness.notice:read")
def report_export(request, org_code, year, fmt):
    year = check_year(year)
    if fmt not in CONTENT_TYPES:
        raise Http404
    return export_response(request, selectors.unit_of(request), year, fmt)
