"""The members' pages of awards, made for the phone: the open calls and one's own
nominations and titles (我的评优), nominating with the 事迹 and photos, the 公示 with the
objection form (one's own objections and their answers; never another's), the honour roll
(光荣榜) and its printable poster. From a login at a group: its union's rounds."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import files
from gonghui.core.decorators import org_view
from gonghui.core.forms import run

from . import selectors, services
from .forms import NominationForm, ObjectionForm
from .models import RoundStatus

SELF = "awards.nomination:self"


def _me(org_code) -> str:
    return reverse("awards:me", kwargs={"org_code": org_code})


@org_view(SELF)
def me(request, org_code):
    return render(
        request,
        "awards/me.html",
        {
            "calls": selectors.open_calls(request.org),
            "publicity": selectors.on_publicity(request.org),
            "honoured": selectors.honoured_rounds(request.org)[:5],
            "mine": selectors.my_nominations(request.org, request.user)[:50],
            "titles": selectors.my_titles(request.user),
        },
    )


@org_view(SELF, methods=("GET", "POST"))
def nominate(request, org_code, award_round_id):
    found = selectors.visible_round(request.org, award_round_id)
    if found.status != RoundStatus.OPEN:
        raise Http404
    form = NominationForm(request.POST or None, request.FILES or None, round_=found)
    if (
        request.method == "POST"
        and form.is_valid()
        and run(
            form,
            services.nomination_submit,
            actor=request.user,
            round=found,
            data=form.service_data(),
            uploads=form.cleaned_data.get("photos") or [],
        )
    ):
        messages.success(request, _("Nomination sent to the union committee."))
        return redirect(_me(org_code))
    return render(
        request,
        "awards/nominate.html",
        {"round": found, "award": found.award, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@org_view(SELF, methods=("POST",))
def withdraw(request, org_code, nomination_id):
    n = selectors.my_nomination(request.org, request.user, nomination_id)
    services.nomination_withdraw(actor=request.user, nomination=n)
    messages.success(request, _("Nomination withdrawn."))
    return redirect(_me(org_code))


@org_view(SELF)
def publicity(request, org_code, award_round_id):
    found = selectors.visible_round(request.org, award_round_id)
    if found.status not in (RoundStatus.PUBLICITY, RoundStatus.DECIDED, RoundStatus.CLOSED):
        raise Http404
    return render(
        request,
        "awards/publicity.html",
        {
            "round": found,
            "names": selectors.publicised(found),
            "mine": selectors.my_objections(request.org, request.user, found),
            "form": ObjectionForm(),
            "open": found.status == RoundStatus.PUBLICITY,
        },
    )


@org_view(SELF, methods=("POST",))
def object_(request, org_code, award_round_id, nomination_id):
    found = selectors.visible_round(request.org, award_round_id)
    n = selectors.publicised_one(found, nomination_id)
    form = ObjectionForm(request.POST)
    url = reverse("awards:publicity", kwargs={"org_code": org_code, "award_round_id": found.pk})
    if not form.is_valid():
        messages.error(request, _("Say what the objection is about."))
        return redirect(url)
    services.objection_raise(actor=request.user, nomination=n, text=form.cleaned_data["text"])
    messages.success(
        request, _("Objection sent. The committee answers it here; only it sees your name.")
    )
    return redirect(url)


@org_view(SELF)
def member_file(request, org_code, nomination_file_id):
    item = selectors.member_file(request.org, request.user, nomination_file_id)
    return files.serve_file(item.file, item.name, item.content_type)


@org_view(SELF)
def honours(request, org_code):
    rounds = list(selectors.honoured_rounds(request.org))
    return render(
        request,
        "awards/honours.html",
        {"rounds": [(r, list(selectors.publicised(r))) for r in rounds]},
    )


@org_view(SELF)
def poster(request, org_code, award_round_id):
    found = selectors.visible_round(request.org, award_round_id)
    if found.status not in (RoundStatus.DECIDED, RoundStatus.CLOSED):
        raise Http404
    return render(
        request,
        "awards/poster.html",
        {"round": found, "names": selectors.publicised(found), "union": found.org},
    )
