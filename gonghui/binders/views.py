"""Pages of the inspection binder (台账): ask for one, watch it being built, download it.
Thin: the work is in services.py and the reads in selectors.py, shared with the API."""

from __future__ import annotations

from django.shortcuts import redirect, render

from gonghui.core import files
from gonghui.core.decorators import org_view
from gonghui.core.forms import run

from . import rules, selectors, services
from .forms import BinderForm

BUILD = "binders.binder:build"


@org_view(BUILD, methods=("GET", "POST"))
def index(request, org_code):
    unions = list(selectors.buildable_unions(request.org))
    form = BinderForm(request.POST or None, unions=unions)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            job := run(
                form,
                services.binder_request,
                actor=request.user,
                org=request.org,
                union_code=form.cleaned_data["union"],
                year=form.cleaned_data["year"],
                grants=request.access.permissions,
            )
        )
    ):
        return redirect("binders:detail", org_code=request.org.code, binder_job_id=job.pk)
    return render(
        request,
        "binders/index.html",
        {
            "form": form,
            "unions": unions,
            "jobs": selectors.jobs_of(request.org, request.user)[:20],
            "sections": rules.SECTIONS,
        },
    )


@org_view(BUILD)
def detail(request, org_code, binder_job_id):
    job = selectors.job_of(request.org, request.user, binder_job_id)
    template = "binders/_progress.html" if request.htmx else "binders/detail.html"
    return render(
        request,
        template,
        {"job": job, "sections": rules.SECTIONS, "keep_days": rules.keep_days()},
    )


@org_view(BUILD)
def download(request, org_code, binder_job_id):
    job = selectors.job_of(request.org, request.user, binder_job_id)
    if job.is_expired:
        # An old link (a bookmark, a chat message): its page says why and offers to
        # build it again.
        return redirect("binders:detail", org_code=request.org.code, binder_job_id=job.pk)
    name, content = services.binder_download(actor=request.user, job=job)
    return files.file_response(content, filename=name, content_type=services.ZIP)
