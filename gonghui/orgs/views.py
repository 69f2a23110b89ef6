from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view
from gonghui.core.forms import run

from . import selectors, services
from .forms import CommitteeSeatForm, CommitteeTermForm, OrganisationEditForm, OrganisationForm
from .models import CommitteeSeat, CommitteeTerm, OrgKind


@org_view("orgs.org:read")
def tree(request, org_code):
    """The current organisation and everything below it, searchable (htmx)."""
    q, kind = request.GET.get("q", "").strip(), request.GET.get("kind", "")
    page = Paginator(selectors.subtree(q, kind), 50).get_page(request.GET.get("page"))
    ctx = {
        "page_obj": page,
        "q": q,
        "kind": kind,
        "kinds": OrgKind.choices,
        "base_depth": request.org.depth,
    }
    if request.htmx:
        return render(request, "orgs/_tree_rows.html", ctx)
    return render(request, "orgs/tree.html", ctx)


@org_view("orgs.org:read")
def detail(request, org_code):
    return render(request, "orgs/detail.html", {"org": request.org})


@org_view("orgs.org:write", methods=("GET", "POST"))
def create(request, org_code):
    parent = request.org
    form = OrganisationForm(request.POST or None, parent=parent)
    posted = request.method == "POST" and form.is_valid()
    if posted and (
        org := run(
            form, services.org_create, actor=request.user, parent=parent, data=form.cleaned_data
        )
    ):
        messages.success(request, _("Organisation %(name)s created.") % {"name": org.name})
        return redirect("orgs:tree", org_code=parent.code)
    return render(
        request,
        "orgs/form.html",
        {"form": form, "title": _("New organisation under %(name)s") % {"name": parent.name}},
    )


@org_view("orgs.org:write", methods=("GET", "POST"))
def edit(request, org_code):
    org = request.org
    form = OrganisationEditForm(request.POST or None, instance=org, parent=org.parent)
    posted = request.method == "POST" and form.is_valid()
    if posted and run(
        form, services.org_update, actor=request.user, org=org, data=form.cleaned_data
    ):
        messages.success(request, _("Saved."))
        return redirect("orgs:detail", org_code=org.code)
    return render(
        request, "orgs/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": org.name}}
    )


# -- committees -------------------------------------------------------------


@org_view("orgs.committee:read")
def terms(request, org_code):
    return render(request, "orgs/terms.html", {"terms": selectors.terms(request.org)})


@org_view("orgs.committee:write", methods=("GET", "POST"))
def term_create(request, org_code):
    if not request.org.is_union:
        messages.error(request, _("Only a grassroots union elects a committee."))
        return redirect("orgs:terms", org_code=org_code)
    form = CommitteeTermForm(request.POST or None, instance=CommitteeTerm(org=request.org))
    posted = request.method == "POST" and form.is_valid()
    if posted and (
        term := run(
            form, services.term_create, actor=request.user, org=request.org, data=form.cleaned_data
        )
    ):
        messages.success(request, _("Term created."))
        return redirect("orgs:term_detail", org_code=org_code, term_id=term.pk)
    return render(request, "orgs/form.html", {"form": form, "title": _("New committee term")})


@org_view("orgs.committee:read")
def term_detail(request, org_code, term_id):
    term = get_object_or_404(CommitteeTerm, pk=term_id)
    seats = term.seats.select_related("user")
    return render(
        request,
        "orgs/term_detail.html",
        {
            "term": term,
            "seats": seats,
            "seat_form": CommitteeSeatForm(instance=CommitteeSeat(term=term)),
        },
    )


@org_view("orgs.committee:write", methods=("GET", "POST"))
def term_edit(request, org_code, term_id):
    term = get_object_or_404(CommitteeTerm, pk=term_id)
    form = CommitteeTermForm(request.POST or None, instance=term)
    posted = request.method == "POST" and form.is_valid()
    if posted and run(
        form, services.term_update, actor=request.user, term=term, data=form.cleaned_data
    ):
        messages.success(request, _("Saved."))
        return redirect("orgs:term_detail", org_code=org_code, term_id=term.pk)
    return render(
        request, "orgs/form.html", {"form": form, "title": _("Edit %(term)s") % {"term": term}}
    )


@org_view("orgs.committee:write", methods=("GET", "POST"))
def seat_add(request, org_code, term_id):
    term = get_object_or_404(CommitteeTerm, pk=term_id)
    form = CommitteeSeatForm(request.POST or None, instance=CommitteeSeat(term=term))
    posted = request.method == "POST" and form.is_valid()
    if posted and run(
        form, services.seat_add, actor=request.user, term=term, data=form.cleaned_data
    ):
        messages.success(request, _("Seat added."))
        return redirect("orgs:term_detail", org_code=org_code, term_id=term.pk)
    return render(
        request,
        "orgs/form.html",
        {"form": form, "title": _("Add a seat to %(term)s") % {"term": term}},
    )


@org_view("orgs.committee:write", methods=("POST",))
def seat_delete(request, org_code, term_id, seat_id):
    seat = get_object_or_404(CommitteeSeat, pk=seat_id, term_id=term_id)
    services.seat_remove(actor=request.user, seat=seat)
    messages.success(request, _("Seat removed."))
    return redirect("orgs:term_detail", org_code=org_code, term_id=term_id)
