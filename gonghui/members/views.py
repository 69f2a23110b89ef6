from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core.db_router import reports_on_replica
from gonghui.core.decorators import org_view
from gonghui.core.files import PDF, XLSX, file_response
from gonghui.core.forms import run
from gonghui.core.qr import qr_data_uri
from gonghui.orgs.models import Organisation, OrgKind

from . import selectors, services, vocab
from .forms import (
    ChangeRequestForm,
    LapseTalkForm,
    MemberForm,
    ReasonForm,
    SelfContactForm,
    TransferForm,
)
from .models import Member, Status
from .selectors import AGE_LABELS, CappedPaginator, RosterFilter, incoming_transfers, roster
from .services_certificate import certificate_filename, certificate_print
from .services_export import roster_export
from .views_public import activation_url


@org_view("members.roster:read")
def roster_view(request, org_code):
    flt = RosterFilter.from_params(request.GET)
    qs = roster(flt)
    paginator = CappedPaginator(qs, 50, cap=selectors.count_cap(request.org, flt))
    page = paginator.get_page(request.GET.get("page"))
    groups = Organisation.objects.filter(kind__in=[OrgKind.GROUP, OrgKind.BRANCH])
    # At an upper union: its unions (基层工会) to filter by, and the groups of the one chosen.
    unions = selectors.unions_below(request.org)
    union = next((u for u in unions if u.code == flt.union), None)
    if union is not None:
        groups = groups.filter(path__startswith=union.path)
    ctx = {
        "page_obj": page,
        "flt": flt,
        "groups": groups.order_by("path")[:300],
        "unions": unions,
        "statuses": Status.choices,
        "age_bands": AGE_LABELS,
        "political": vocab.POLITICAL,
        "education": vocab.EDUCATION,
        "member_types": vocab.MEMBER_TYPES,
        "union_names": selectors.union_names(page.object_list),
    }
    if request.htmx:
        return render(request, "members/_roster_rows.html", ctx)
    return render(request, "members/roster.html", ctx)


@org_view("members.roster:read")
def member_detail(request, org_code, member_id):
    member = selectors.member(member_id)
    reveal = request.GET.get("reveal") == "1"
    if reveal:
        if not request.access.has("members.sensitive:read"):
            raise PermissionDenied
        # Every unmasked view of personal data is on the record.
        services.member_reveal(actor=request.user, member=member)
    ctx = {
        "member": member,
        "reveal": reveal,
        "history": services.history(member),
        "reason_form": ReasonForm(initial={"date": dt.date.today()}),
        "transfer_form": TransferForm(),
    }
    return render(request, "members/detail.html", ctx)


@org_view("members.roster:write", methods=("GET", "POST"))
def member_create(request, org_code):
    union = selectors.member_union(request.org)
    form = MemberForm(request.POST or None, union=union, initial={"org": request.org.pk})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "org"}
        org = form.cleaned_data["org"]
        if member := run(form, services.member_create, actor=request.user, org=org, data=data):
            messages.success(request, _("Member %(name)s added.") % {"name": member.name})
            return redirect("members:detail", org_code=org_code, member_id=member.pk)
    return render(request, "members/form.html", {"form": form, "title": _("Add a member")})


@org_view("members.roster:write", methods=("GET", "POST"))
def member_edit(request, org_code, member_id):
    member = selectors.member(member_id)
    form = MemberForm(
        request.POST or None, instance=member, union=selectors.member_union(request.org)
    )
    update = services.member_update
    if (
        request.method == "POST"
        and form.is_valid()
        and run(form, update, actor=request.user, member=member, data=form.cleaned_data)
    ):
        messages.success(request, _("Saved."))
        return redirect("members:detail", org_code=org_code, member_id=member.pk)
    return render(
        request,
        "members/form.html",
        {"form": form, "title": _("Edit %(name)s") % {"name": member.name}, "member": member},
    )


@org_view("members.lifecycle:write", methods=("POST",))
def member_lifecycle(request, org_code, member_id, action):
    member = selectors.member(member_id)
    if action not in services.LIFECYCLE:
        raise Http404
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Fill in the date."))
    else:
        services.LIFECYCLE[action](request.user, member, form.cleaned_data)
        messages.success(
            request,
            _("Done: %(name)s is now %(status)s.")
            % {"name": member.name, "status": member.get_status_display()},
        )
    return redirect("members:detail", org_code=org_code, member_id=member.pk)


@org_view("members.lifecycle:write", methods=("POST",))
def member_transfer(request, org_code, member_id):
    member = selectors.member(member_id)
    form = TransferForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.member_transfer_request(
            actor=request.user, member=member, to_org=data["to_code"], reason=data["reason"]
        )
        messages.success(request, _("Transfer sent; it waits for the receiving union."))
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("members:detail", org_code=org_code, member_id=member.pk)


@org_view("members.roster:read")
def transfers(request, org_code):
    items = selectors.transfers()
    incoming = list(items.filter(incoming_transfers(request.org)))
    outgoing = list(items.exclude(incoming_transfers(request.org)))
    return render(request, "members/transfers.html", {"incoming": incoming, "outgoing": outgoing})


@org_view("members.lifecycle:write", methods=("POST",))
def transfer_decide(request, org_code, transfer_id, decision):
    transfer = selectors.incoming_transfer(request.org, transfer_id)
    if decision == "accept":
        group = None
        if request.POST.get("group"):
            group = get_object_or_404(Organisation, code=request.POST["group"])
        services.member_transfer_accept(actor=request.user, transfer=transfer, group=group)
        messages.success(
            request, _("%(name)s is now a member here.") % {"name": transfer.member.name}
        )
    elif decision == "refuse":
        reason = request.POST.get("reason", "")
        services.member_transfer_refuse(actor=request.user, transfer=transfer, reason=reason)
        messages.success(request, _("Transfer refused."))
    else:
        raise Http404
    return redirect("members:transfers", org_code=org_code)


@org_view("members.lifecycle:write")
def applications(request, org_code):
    items = selectors.applications()
    return render(request, "members/applications.html", {"items": items, "today": dt.date.today()})


@org_view("members.roster:write", methods=("POST",))
def move_group(request, org_code):
    ids = [int(i) for i in request.POST.getlist("member") if i.isdigit()]
    group = Organisation.objects.filter(code=request.POST.get("group", "")).first()
    if group is None or not ids:
        messages.error(request, _("Choose members and a group."))
    else:
        members = list(Member.objects.filter(pk__in=ids))
        n = services.members_move_group(actor=request.user, members=members, group=group)
        messages.success(
            request, _("%(n)s members moved to %(group)s.") % {"n": n, "group": group.name}
        )
    return redirect("members:roster", org_code=org_code)


@org_view("members.roster:read")
# A read-only report: on the streaming replica when one is configured (core.db_router).
@reports_on_replica()
def statistics(request, org_code):
    # At an upper union, the figures of one of its unions (基层工会) when one is chosen.
    unions = selectors.unions_below(request.org)
    union = next((u for u in unions if u.code == request.GET.get("union")), None)
    figures = selectors.roster_statistics(RosterFilter(union=union.code) if union else None)
    # Every row carries the Chinese label of its value: people never see a stored code.
    labels = {
        "sex": {"male": "男", "female": "女"},
        "member_type": dict(vocab.MEMBER_TYPES),
    }

    def by(field: str) -> list[dict]:
        names = labels.get(field, {})
        rows = figures[f"by_{field}"]
        return [{**row, "label": names.get(row["value"], row["value"]) or "—"} for row in rows]

    return render(
        request,
        "members/statistics.html",
        {
            "total": figures["total"],
            "by_sex": by("sex"),
            "by_type": by("member_type"),
            "by_education": by("education"),
            "by_political": by("political_status"),
            "unions": unions,
            "union": union,
        },
    )


@org_view("self:read", methods=("GET", "POST"))
def me(request, org_code):
    """A member's own record: seen by the member, contact details editable."""
    member = selectors.own_member(request.user)
    if member is None:
        return render(request, "members/me.html", {"member": None})
    which = request.POST.get("form")
    form = SelfContactForm(request.POST if which == "contact" else None, instance=member)
    change = ChangeRequestForm(request.POST if which == "change" else None)
    update = services.member_contact_update
    if (
        form.is_bound
        and form.is_valid()
        and run(form, update, actor=request.user, member=member, data=form.cleaned_data)
    ):
        messages.success(request, _("Your contact details were saved."))
        return redirect("members:me", org_code=org_code)
    submit = services.change_request_submit
    if (
        change.is_bound
        and change.is_valid()
        and run(change, submit, member=member, **change.cleaned_data)
    ):
        messages.success(request, _("Your request was sent to the union committee."))
        return redirect("members:me", org_code=org_code)
    ctx = {
        "member": member,
        "form": form,
        "change_form": change,
        "pending": services.pending_changes(member),
        "history": services.history(member),
    }
    return render(request, "members/me.html", ctx)


@org_view("members.export:run")
def export(request, org_code):
    """The (filtered) roster as .xlsx; full ID numbers only for the sensitive-data right."""
    full = request.GET.get("full") == "1" and request.access.has("members.sensitive:read")
    name, content, _rows = roster_export(
        actor=request.user, org=request.org, options=request.GET, full_ids=full
    )
    return file_response(content, filename=name, content_type=XLSX)


@org_view("members.export:run")
def certificate(request, org_code, member_id):
    """The membership certificate (会员证) as a PDF to print."""
    member = selectors.member(member_id)
    pdf = certificate_print(actor=request.user, member=member, request=request)
    return file_response(pdf, filename=certificate_filename(member), content_type=PDF, inline=True)


@org_view("members.account:write", methods=("GET", "POST"))
def invitations(request, org_code):
    """Print one-time codes (and QR codes) for members who have no login yet."""
    group = request.GET.get("group") or request.POST.get("group") or ""
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("member") if i.isdigit()]
        chosen = selectors.invitees(group, ids)
        issued = services.invitations_print(actor=request.user, members=chosen, org=request.org)
        activate = request.build_absolute_uri(reverse("members_public:activate"))
        sheet = [
            {
                "member": m,
                "code": code,
                "qr": qr_data_uri(activation_url(request, code), box_size=6),
            }
            for m, code in issued
        ]
        return render(
            request, "members/invitation_sheet.html", {"sheet": sheet, "activate": activate}
        )
    groups = Organisation.objects.filter(kind=OrgKind.GROUP).order_by("path")
    overview = selectors.invitation_overview(group)
    return render(
        request, "members/invitations.html", {**overview, "groups": groups, "group": group}
    )


@org_view("members.roster:write")
def change_requests(request, org_code):
    items = selectors.pending_requests()
    return render(request, "members/change_requests.html", {"items": items})


@org_view("members.roster:write", methods=("POST",))
def change_request_decide(request, org_code, request_id, decision):
    item = selectors.change_request(request_id)
    if decision not in ("approve", "reject"):
        raise Http404
    services.change_request_decide(actor=request.user, item=item, approve=decision == "approve")
    messages.success(request, _("Done."))
    return redirect("members:change_requests", org_code=org_code)


@org_view("members.lifecycle:write", methods=("GET", "POST"))
def lapse(request, org_code):
    """Candidates for automatic lapse, with each condition of the rule, and talk records."""
    form = LapseTalkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "member": selectors.member(form.cleaned_data["member"])}
        services.lapse_talk_record(actor=request.user, **data)
        messages.success(request, _("Talk recorded."))
        return redirect("members:lapse", org_code=org_code)
    ctx = {**selectors.lapse_overview(), "form": form, "today": dt.date.today()}
    return render(request, "members/lapse.html", ctx)
