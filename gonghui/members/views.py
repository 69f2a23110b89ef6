from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.core.decorators import org_view
from gonghui.core.qr import qr_data_uri
from gonghui.orgs.models import Organisation, OrgKind

from . import services, vocab
from .forms import ChangeRequestForm, MemberForm, ReasonForm, SelfContactForm, TransferForm
from .models import Member, Status, Transfer
from .selectors import AGE_BANDS, RosterFilter, incoming_transfers, roster, unions_by_org


def _union(request) -> Organisation:
    org = request.org
    if org.kind == OrgKind.UPPER:
        return org
    try:
        return services.union_of(org)
    except services.MemberError:
        return org


@org_view("members.roster:read")
def roster_view(request, org_code):
    flt = RosterFilter.from_params(request.GET)
    qs = roster(flt)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    groups = Organisation.objects.filter(kind__in=[OrgKind.GROUP, OrgKind.BRANCH]).order_by("path")[
        :300
    ]
    ctx = {
        "page_obj": page,
        "flt": flt,
        "groups": groups,
        "statuses": Status.choices,
        "age_bands": AGE_BANDS,
        "political": vocab.POLITICAL,
        "education": vocab.EDUCATION,
        "member_types": vocab.MEMBER_TYPES,
        "union_names": _union_names(page.object_list),
    }
    if request.htmx:
        return render(request, "members/_roster_rows.html", ctx)
    return render(request, "members/roster.html", ctx)


def _union_names(members) -> dict[int, str]:
    """Union name per member org id (the org's own name where no union is above it)."""
    unions = unions_by_org(m.org_id for m in members)
    return {m.org_id: (unions.get(m.org_id) or m.org).name for m in members}


def _member(request, member_id) -> Member:
    return get_object_or_404(Member.objects.select_related("org", "user"), pk=member_id)


@org_view("members.roster:read")
def member_detail(request, org_code, member_id):
    member = _member(request, member_id)
    reveal = request.GET.get("reveal") == "1"
    if reveal:
        if not request.access.has("members.sensitive:read"):
            raise PermissionDenied
        # Every unmasked view of personal data is on the record.
        audit.record(
            "members.member.revealed", obj=member, note=_("Full ID and mobile number shown")
        )
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
    union = _union(request)
    form = MemberForm(request.POST or None, union=union, initial={"org": request.org.pk})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "org"}
        try:
            member = services.member_create(
                actor=request.user, org=form.cleaned_data["org"], data=data
            )
        except services.MemberError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Member %(name)s added.") % {"name": member.name})
            return redirect("members:detail", org_code=org_code, member_id=member.pk)
    return render(request, "members/form.html", {"form": form, "title": _("Add a member")})


@org_view("members.roster:write", methods=("GET", "POST"))
def member_edit(request, org_code, member_id):
    member = _member(request, member_id)
    form = MemberForm(request.POST or None, instance=member, union=_union(request))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("members:detail", org_code=org_code, member_id=member.pk)
    return render(
        request,
        "members/form.html",
        {"form": form, "title": _("Edit %(name)s") % {"name": member.name}, "member": member},
    )


LIFECYCLE = {
    "approve": lambda actor, m, f: services.member_approve(actor=actor, member=m, date=f["date"]),
    "reject": lambda actor, m, f: services.member_reject(actor=actor, member=m, reason=f["reason"]),
    "retire": lambda actor, m, f: services.member_retire(
        actor=actor, member=m, date=f["date"], reason=f["reason"]
    ),
    "restore": lambda actor, m, f: services.member_restore(
        actor=actor, member=m, date=f["date"], reason=f["reason"]
    ),
    "leave": lambda actor, m, f: services.member_leave(
        actor=actor, member=m, date=f["date"], reason=f["reason"]
    ),
    "lapse": lambda actor, m, f: services.member_leave(
        actor=actor, member=m, date=f["date"], reason=f["reason"], kind="lapsed"
    ),
    "expel": lambda actor, m, f: services.member_leave(
        actor=actor, member=m, date=f["date"], reason=f["reason"], kind="expelled"
    ),
}


@org_view("members.lifecycle:write", methods=("POST",))
def member_lifecycle(request, org_code, member_id, action):
    member = _member(request, member_id)
    if action not in LIFECYCLE:
        raise Http404
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Fill in the date."))
    else:
        try:
            LIFECYCLE[action](request.user, member, form.cleaned_data)
        except services.MemberError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Done: %(name)s is now %(status)s.")
                % {"name": member.name, "status": member.get_status_display()},
            )
    return redirect("members:detail", org_code=org_code, member_id=member.pk)


@org_view("members.lifecycle:write", methods=("POST",))
def member_transfer(request, org_code, member_id):
    member = _member(request, member_id)
    form = TransferForm(request.POST)
    if form.is_valid():
        try:
            services.member_transfer_request(
                actor=request.user,
                member=member,
                to_org=form.cleaned_data["to_code"],
                reason=form.cleaned_data["reason"],
            )
        except services.MemberError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Transfer sent; it waits for the receiving union."))
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("members:detail", org_code=org_code, member_id=member.pk)


@org_view("members.roster:read")
def transfers(request, org_code):
    items = Transfer.objects.select_related("member", "from_org", "to_org").order_by(
        "-requested_on", "-id"
    )
    incoming = list(items.filter(incoming_transfers(request.org)))
    outgoing = list(items.exclude(incoming_transfers(request.org)))
    return render(request, "members/transfers.html", {"incoming": incoming, "outgoing": outgoing})


@org_view("members.lifecycle:write", methods=("POST",))
def transfer_decide(request, org_code, transfer_id, decision):
    transfer = get_object_or_404(Transfer, pk=transfer_id)
    # Only the receiving side decides.
    if not transfer.to_org.is_descendant_of(request.org):
        raise Http404
    try:
        if decision == "accept":
            group = None
            if request.POST.get("group"):
                group = get_object_or_404(Organisation, code=request.POST["group"])
            services.member_transfer_accept(actor=request.user, transfer=transfer, group=group)
            messages.success(
                request, _("%(name)s is now a member here.") % {"name": transfer.member.name}
            )
        elif decision == "refuse":
            services.member_transfer_refuse(
                actor=request.user, transfer=transfer, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Transfer refused."))
        else:
            raise Http404
    except services.MemberError as exc:
        messages.error(request, str(exc))
    return redirect("members:transfers", org_code=org_code)


@org_view("members.lifecycle:write")
def applications(request, org_code):
    items = Member.objects.filter(status=Status.APPLIED).select_related("org")
    return render(request, "members/applications.html", {"items": items, "today": dt.date.today()})


@org_view("members.roster:write", methods=("POST",))
def move_group(request, org_code):
    ids = [int(i) for i in request.POST.getlist("member") if i.isdigit()]
    group = Organisation.objects.filter(code=request.POST.get("group", "")).first()
    if group is None or not ids:
        messages.error(request, _("Choose members and a group."))
    else:
        members = list(Member.objects.filter(pk__in=ids))
        try:
            n = services.members_move_group(actor=request.user, members=members, group=group)
        except services.MemberError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("%(n)s members moved to %(group)s.") % {"n": n, "group": group.name}
            )
    return redirect("members:roster", org_code=org_code)


@org_view("members.roster:read")
def statistics(request, org_code):
    qs = roster(RosterFilter())
    # Every row carries the Chinese label of its value: people never see a stored code.
    labels = {
        "sex": {"male": "男", "female": "女"},
        "member_type": dict(vocab.MEMBER_TYPES),
    }

    def by(field: str) -> list[dict]:
        rows = list(qs.order_by().values(field).annotate(n=Count("id")).order_by("-n"))
        names = labels.get(field, {})
        for row in rows:
            value = row[field]
            row["label"] = names.get(value, value) or "—"
        return rows

    return render(
        request,
        "members/statistics.html",
        {
            "total": qs.count(),
            "by_sex": by("sex"),
            "by_type": by("member_type"),
            "by_education": by("education"),
            "by_political": by("political_status"),
        },
    )


@org_view("self:read", methods=("GET", "POST"))
def me(request, org_code):
    """A member's own record: seen by the member, contact details editable."""
    # One's own record is read by its account link, wherever the record sits now.
    member = Member._base_manager.filter(user=request.user).select_related("org").first()
    if member is None:
        return render(request, "members/me.html", {"member": None})
    which = request.POST.get("form")
    form = SelfContactForm(request.POST if which == "contact" else None, instance=member)
    change = ChangeRequestForm(request.POST if which == "change" else None)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("Your contact details were saved."))
        return redirect("members:me", org_code=org_code)
    if change.is_bound and change.is_valid():
        try:
            services.change_request_submit(member=member, **change.cleaned_data)
        except services.MemberError as exc:
            change.add_error(None, str(exc))
        else:
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
    import io

    from django.http import HttpResponse

    from .exports import XLSX_CONTENT_TYPE, export_roster, roster_filename

    full = request.GET.get("full") == "1" and request.access.has("members.sensitive:read")
    buf = io.BytesIO()
    export_roster(buf, user=request.user, org=request.org, options=request.GET, full_ids=full)
    response = HttpResponse(buf.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{_quote(roster_filename(request.org))}"
    )
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@org_view("members.export:run")
def certificate(request, org_code, member_id):
    """The membership certificate (会员证) as a PDF to print."""
    from django.http import HttpResponse

    from .certificate import certificate_filename, render_certificate

    member = _member(request, member_id)
    pdf = render_certificate(member, request)
    audit.record("members.member.certificate_printed", obj=member)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f"inline; filename*=UTF-8''{_quote(certificate_filename(member))}"
    )
    return response


@org_view("members.account:write", methods=("GET", "POST"))
def invitations(request, org_code):
    """Print one-time codes (and QR codes) for members who have no login yet."""
    from .invitations import invitations_create
    from .models import Invitation

    without = Member.objects.filter(
        user__isnull=True, status__in=[Status.ACTIVE, Status.RETAINED]
    ).select_related("org")
    group = request.GET.get("group") or request.POST.get("group") or ""
    if group:
        without = without.filter(org__code=group)
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("member") if i.isdigit()]
        chosen = list(without.filter(pk__in=ids) if ids else without[:500])
        issued = invitations_create(actor=request.user, members=chosen, org=request.org)
        activate = request.build_absolute_uri(reverse("members_public:activate"))
        sheet = [
            {
                "member": m,
                "code": code,
                "qr": qr_data_uri(f"{activate}?code={code.replace('-', '')}", box_size=6),
            }
            for m, code in issued
        ]
        audit.record(
            "members.invitations.printed", org=request.org, changes={"count": [None, len(sheet)]}
        )
        return render(
            request, "members/invitation_sheet.html", {"sheet": sheet, "activate": activate}
        )
    pending = Invitation.objects.filter(used_at__isnull=True, revoked=False).count()
    groups = Organisation.objects.filter(kind=OrgKind.GROUP).order_by("path")
    return render(
        request,
        "members/invitations.html",
        {
            "members": without.order_by("org__path", "name_pinyin")[:500],
            "count": without.count(),
            "pending": pending,
            "groups": groups,
            "group": group,
        },
    )


@org_view("members.roster:write")
def change_requests(request, org_code):
    from .models import ChangeRequest

    items = ChangeRequest.objects.filter(state=ChangeRequest.State.PENDING).select_related("member")
    return render(request, "members/change_requests.html", {"items": items})


@org_view("members.roster:write", methods=("POST",))
def change_request_decide(request, org_code, request_id, decision):
    from .models import ChangeRequest

    item = get_object_or_404(ChangeRequest, pk=request_id)
    if decision not in ("approve", "reject"):
        raise Http404
    try:
        services.change_request_decide(actor=request.user, item=item, approve=decision == "approve")
    except services.MemberError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Done."))
    return redirect("members:change_requests", org_code=org_code)


@org_view("members.lifecycle:write", methods=("GET", "POST"))
def lapse(request, org_code):
    """Candidates for automatic lapse, with each condition of the rule, and talk records."""
    from .forms import LapseTalkForm
    from .models import LapseTalk
    from .rules import LAPSE
    from .selectors import lapse_candidates

    form = LapseTalkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = get_object_or_404(Member, pk=form.cleaned_data["member"])
        LapseTalk(
            member=member, org=member.org, date=form.cleaned_data["date"],
            outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"], recorded_by=request.user,
        ).save()  # fmt: skip
        messages.success(request, _("Talk recorded."))
        return redirect("members:lapse", org_code=org_code)
    ctx = {"candidates": lapse_candidates(), "rule": LAPSE, "form": form, "today": dt.date.today()}
    return render(request, "members/lapse.html", ctx)
