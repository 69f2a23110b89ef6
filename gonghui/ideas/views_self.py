"""The member's own pages (phone-sized): submit a 金点子 with photos, my ideas with their
status, and the reason when one was not taken up or not adopted.

Every member holds "ideas.idea:submit"; the ideas shown are found through the login's
member record (selectors.member_of), not through the request's scope: a worker's login
sits at a group below the union the ideas belong to. The service checks the proposer.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core import files
from gonghui.core.decorators import org_view
from gonghui.core.forms import run

from . import selectors, services
from .forms import IdeaForm

SUBMIT = "ideas.idea:submit"


@org_view(SUBMIT)
def me(request, org_code):
    member = selectors.member_of(request.user, request.org)
    return render(
        request,
        "ideas/me.html",
        {"member": member, "ideas": selectors.my_ideas(member)},
    )


@org_view(SUBMIT, methods=("GET", "POST"))
def new(request, org_code):
    member = selectors.member_of(request.user, request.org)
    if member is None:
        messages.error(request, _("Your account is not linked to a member record here."))
        return redirect("ideas:me", org_code=org_code)
    form = IdeaForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        idea = run(
            form,
            services.idea_submit,
            actor=request.user,
            member=member,
            data=form.cleaned_data,
            uploads=form.cleaned_data["files"],
        )
        if idea:
            messages.success(
                request, _("Thank you! Your idea %(code)s is with the union.") % {"code": idea.code}
            )
            return redirect("ideas:mine", org_code=org_code, idea_id=idea.pk)
    return render(request, "ideas/new.html", {"form": form})


@org_view(SUBMIT)
def mine(request, org_code, idea_id):
    member = selectors.member_of(request.user, request.org)
    idea = selectors.my_idea(member, idea_id)
    return render(
        request,
        "ideas/mine.html",
        {"idea": idea, "files": selectors.my_files(idea), "reward": getattr(idea, "reward", None)},
    )


@org_view(SUBMIT)
def my_file(request, org_code, idea_id, idea_file_id):
    member = selectors.member_of(request.user, request.org)
    idea = selectors.my_idea(member, idea_id)
    item = selectors.my_file(idea, idea_file_id)
    return files.serve_file(item.file, item.name, item.content_type)
