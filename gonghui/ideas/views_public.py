"""The department's page, reached through the link the committee sends (no login): it
shows that one idea and takes one answer. Throttled per address with the API's answer
endpoint: a few wrong links a quarter of an hour, then refused."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gonghui.audit.context import client_ip
from gonghui.core import files
from gonghui.core.scoping import scope

from . import rules, selectors, services
from .forms import DepartmentAnswerForm
from .services import IdeaError

MAX_ATTEMPTS = 20
ATTEMPTS_WINDOW = 15 * 60


def _key(request) -> str:
    return f"ideas-link:{client_ip(request)}"


def attempts_exhausted(request) -> bool:
    return cache.get(_key(request), 0) >= MAX_ATTEMPTS


def count_failure(request) -> None:
    key = _key(request)
    cache.add(key, 0, ATTEMPTS_WINDOW)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, ATTEMPTS_WINDOW)


def find(request, token: str):
    """The request of the link, or None (a failed attempt is counted)."""
    if attempts_exhausted(request):
        return None
    try:
        return services.department_request(token)
    except IdeaError:
        count_failure(request)
        return None


def _page(request, dept_request, form, status=200):
    idea = dept_request.idea
    return render(
        request,
        "ideas/answer.html",
        {
            "req": dept_request,
            "idea": idea,
            "union": idea.org,
            "files": selectors.request_files(dept_request),
            "usable": dept_request.usable(),
            "expired": timezone.localdate() > dept_request.expires_on,
            "form": form,
            "show_proposer": rules.SHOW_PROPOSER_TO_DEPARTMENT,
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def answer(request, token):
    dept_request = find(request, token)
    if dept_request is None:
        return render(request, "ideas/answer_invalid.html", status=404)
    form = DepartmentAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.department_answer(
                token=token, answer=form.cleaned_data["answer"], name=form.cleaned_data["name"]
            )
        except IdeaError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Thank you: the union has your answer."))
            return redirect("ideas_public:answer", token=token)
    with scope(dept_request.idea.org):
        return _page(request, dept_request, form, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD"])
def answer_file(request, token, idea_file_id):
    dept_request = find(request, token)
    if dept_request is None or dept_request.revoked_at is not None:
        raise Http404
    for item in selectors.request_files(dept_request):
        if item.pk == idea_file_id:
            return files.serve_file(item.file, item.name, item.content_type)
    raise Http404
