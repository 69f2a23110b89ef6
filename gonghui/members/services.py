"""Membership workflows (会籍管理). Each is atomic, audited through the models, and
records a MembershipEvent so a member's whole history can be shown."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.core.errors import DomainError
from gonghui.core.scoping import unscoped
from gonghui.orgs.models import Organisation, OrgKind

from .models import (
    CURRENT,
    ChangeRequest,
    EventKind,
    LapseTalk,
    Member,
    MembershipEvent,
    Status,
    Transfer,
)


class MemberError(DomainError):
    """A membership workflow was refused; the message is for the user."""


# What a member may change on their own record without approval (SelfContactForm).
CONTACT_FIELDS = ("mobile", "native_place", "hukou_place")
NOT_CONTACT_FIELDS = [f.name for f in Member._meta.fields if f.name not in CONTACT_FIELDS]


def union_of(org: Organisation) -> Organisation:
    union = org if org.kind in (OrgKind.GRASSROOTS, OrgKind.JOINT, OrgKind.BRANCH) else None
    if union is None:
        for node in reversed(org.ancestors()):
            if node.kind in (OrgKind.GRASSROOTS, OrgKind.JOINT, OrgKind.BRANCH):
                return node
        raise MemberError(_("Members belong to a grassroots union, a branch or a union group."))
    return union


def _event(
    member: Member, kind: str, *, actor, date: dt.date | None = None, reason: str = "", **orgs
) -> MembershipEvent:
    event = MembershipEvent(
        member=member,
        org=orgs.pop("org", None) or union_of(member.org),
        kind=kind,
        date=date or dt.date.today(),
        reason=reason,
        decided_by=actor if getattr(actor, "pk", None) else None,
        **orgs,
    )
    event.save()
    return event


def _validated(member: Member, *, constraints: bool = True, exclude=("user",)) -> Member:
    try:
        member.full_clean(exclude=list(exclude), validate_constraints=constraints)
    except ValidationError as exc:
        parts = []
        for field, errors in exc.message_dict.items():
            label = Member._meta.get_field(field).verbose_name if field != "__all__" else ""
            parts += [f"{label}：{e}" if label else e for e in errors]
        raise MemberError("；".join(parts)) from exc
    return member


def existing_person(id_type: str, id_number: str) -> Member | None:
    """The platform-wide record of a person, whichever union holds it (uniqueness check)."""
    with unscoped():
        return Member.objects.filter(id_type=id_type, id_number=id_number.upper()).first()


@transaction.atomic
def member_create(*, actor, org: Organisation, data: dict, status: str = Status.ACTIVE) -> Member:
    """Register a member (or an application when status is APPLIED) in `org`."""
    union_of(org)
    member = Member(org=org, status=status, **data)
    # The platform-wide person check comes before the unique constraint, so that the
    # message names the union holding the membership (or the old record is reused).
    _validated(member, constraints=False)
    other = existing_person(member.id_type, member.id_number)
    if other is not None:
        if other.is_current:
            if union_of(other.org).pk == union_of(org).pk:
                raise MemberError(_("This person is already on this union's roll."))
            # Another union's roll is not this union's to read: the message neither names
            # that union nor says anything about the person beyond what the rule needs.
            raise MemberError(
                _(
                    "This ID number cannot be registered here: the person already holds a "
                    "membership in another union. A membership moves by transfer; the upper "
                    "union can help find where it is."
                )
            )
        return member_rejoin(actor=actor, member=other, org=org, data=data)
    member.status_since = dt.date.today()
    if status == Status.ACTIVE and member.joined_on is None:
        member.joined_on = dt.date.today()
    member.save()
    _event(
        member,
        EventKind.APPLIED if status == Status.APPLIED else EventKind.JOINED,
        actor=actor,
        date=member.joined_on,
    )
    return member


@transaction.atomic
def member_rejoin(*, actor, member: Member, org: Organisation, data: dict) -> Member:
    """A person who left (or was refused) joins again, possibly elsewhere: same record."""
    if member.is_current:
        raise MemberError(_("This person is still a member."))
    for field, value in data.items():
        setattr(member, field, value)
    member.org = org
    member.status = Status.ACTIVE
    member.status_since = dt.date.today()
    member.joined_on = data.get("joined_on") or dt.date.today()
    _validated(member)
    member.save()
    _event(member, EventKind.JOINED, actor=actor, date=member.joined_on, reason=_("Joined again"))
    return member


@transaction.atomic
def member_update(*, actor, member: Member, data: dict) -> Member:
    """A member's record corrected or completed (the fields of MemberForm): the model's
    rules (check digit, birth date and sex against the ID number) checked again."""
    for field, value in data.items():
        setattr(member, field, value)
    _validated(member)
    member.save()
    return member


@transaction.atomic
def member_contact_update(*, actor, member: Member, data: dict) -> Member:
    """A member changes their own contact details (SelfContactForm), without approval;
    any other field in `data` is refused."""
    others = set(data) - set(CONTACT_FIELDS)
    if others:
        raise MemberError(_("Only your contact details can be changed here."), field=min(others))
    for field, value in data.items():
        setattr(member, field, value)
    # The rules of these fields only, as the page's form checks them: the rest of the
    # record is the committee's to correct.
    _validated(member, constraints=False, exclude=NOT_CONTACT_FIELDS)
    member.save()
    return member


def member_reveal(*, actor, member: Member) -> None:
    """Every unmasked view of a member's ID and mobile number is on the record (the doors
    check the sensitive-data right first)."""
    audit.record("members.member.revealed", obj=member, note=_("Full ID and mobile number shown"))


def _require(member: Member, *allowed: str) -> None:
    if member.status not in allowed:
        raise MemberError(
            _("Not possible while the member's status is %(status)s.")
            % {"status": member.get_status_display()}
        )


def _set_status(member: Member, status: str, date: dt.date) -> None:
    member.status = status
    member.status_since = date
    member.save()


@transaction.atomic
def member_approve(*, actor, member: Member, date: dt.date | None = None) -> Member:
    """The committee approves an application (入会): the member is on the roll."""
    _require(member, Status.APPLIED)
    date = date or dt.date.today()
    member.joined_on = date
    _set_status(member, Status.ACTIVE, date)
    _event(member, EventKind.JOINED, actor=actor, date=date)
    return member


@transaction.atomic
def member_reject(*, actor, member: Member, reason: str) -> Member:
    _require(member, Status.APPLIED)
    if not reason.strip():
        raise MemberError(_("Give the reason."))
    _set_status(member, Status.REJECTED, dt.date.today())
    _event(member, EventKind.REJECTED, actor=actor, reason=reason)
    return member


@transaction.atomic
def member_retire(
    *,
    actor,
    member: Member,
    date: dt.date,
    dues_stop_month: dt.date | None = None,
    reason: str = "",
) -> Member:
    """Retirement, 离休 or unemployment: membership retained, no dues, no vote (章程 Art.8)."""
    _require(member, Status.ACTIVE)
    member.dues_stop_month = (dues_stop_month or date).replace(day=1)
    member.employment_status = "退休" if not reason else member.employment_status
    _set_status(member, Status.RETAINED, date)
    _event(member, EventKind.RETAINED, actor=actor, date=date, reason=reason or _("Retired"))
    return member


@transaction.atomic
def member_restore(
    *, actor, member: Member, date: dt.date | None = None, reason: str = ""
) -> Member:
    _require(member, Status.RETAINED)
    date = date or dt.date.today()
    member.dues_stop_month = None
    _set_status(member, Status.ACTIVE, date)
    _event(member, EventKind.RESTORED, actor=actor, date=date, reason=reason)
    return member


@transaction.atomic
def member_leave(
    *, actor, member: Member, date: dt.date, reason: str, kind: str = "left"
) -> Member:
    """退会 (voluntary), 自动退会 (lapse, decided by a cadre) or 除名/开除 (after a criminal
    penalty, 章程 Art.7). Each needs its reason on the record."""
    statuses = {
        "left": (Status.LEFT, EventKind.LEFT),
        "lapsed": (Status.LAPSED, EventKind.LAPSED),
        "expelled": (Status.EXPELLED, EventKind.EXPELLED),
    }
    if kind not in statuses:
        raise MemberError(_("Unknown kind of leaving."))
    _require(member, Status.ACTIVE, Status.RETAINED)
    if not reason.strip():
        raise MemberError(_("Give the reason."))
    status, event_kind = statuses[kind]
    _set_status(member, status, date)
    _event(member, event_kind, actor=actor, date=date, reason=reason)
    return member


@transaction.atomic
def member_transfer_request(
    *, actor, member: Member, to_org: Organisation, reason: str = ""
) -> Transfer:
    """The old union sends the member on (转出); the receiving union must accept."""
    _require(member, Status.ACTIVE, Status.RETAINED)
    from_union = union_of(member.org)
    to_union = union_of(to_org)
    if to_union.pk == from_union.pk:
        raise MemberError(
            _("The member is already in this union; move them to another group instead.")
        )
    if not to_org.is_active:
        raise MemberError(_("The receiving union is not active."))
    transfer = Transfer(
        member=member,
        from_org=from_union,
        to_org=to_org,
        reason=reason,
        requested_by=actor,
        requested_on=dt.date.today(),
    )
    transfer.save()
    member.status = Status.TRANSFERRING
    member.save()
    _event(
        member,
        EventKind.TRANSFER_OUT,
        actor=actor,
        reason=reason,
        from_org=from_union,
        to_org=to_org,
        org=from_union,
    )
    return transfer


@transaction.atomic
def member_transfer_accept(
    *, actor, transfer: Transfer, group: Organisation | None = None
) -> Member:
    """The receiving union registers the member (转入)."""
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.state != Transfer.State.PENDING:
        raise MemberError(_("This transfer has already been decided."))
    target = group or transfer.to_org
    if group is not None and not group.is_descendant_of(transfer.to_org):
        raise MemberError(_("The group must belong to the receiving union."))
    member = Member._base_manager.select_for_update().get(pk=transfer.member_id)
    member.org = target
    member.status = Status.ACTIVE if member.dues_stop_month is None else Status.RETAINED
    member.status_since = dt.date.today()
    member.save()
    transfer.state = Transfer.State.ACCEPTED
    transfer.decided_by = actor
    transfer.decided_on = dt.date.today()
    transfer.save()
    _event(
        member,
        EventKind.TRANSFER_IN,
        actor=actor,
        from_org=transfer.from_org,
        to_org=transfer.to_org,
        org=union_of(target),
    )
    return member


@transaction.atomic
def member_transfer_refuse(*, actor, transfer: Transfer, reason: str) -> Transfer:
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.state != Transfer.State.PENDING:
        raise MemberError(_("This transfer has already been decided."))
    if not reason.strip():
        raise MemberError(_("Give the reason."))
    transfer.state = Transfer.State.REFUSED
    transfer.decided_by = actor
    transfer.decided_on = dt.date.today()
    transfer.note = reason
    transfer.save()
    member = Member._base_manager.get(pk=transfer.member_id)
    member.status = Status.RETAINED if member.dues_stop_month else Status.ACTIVE
    member.save()
    _event(
        member,
        EventKind.TRANSFER_REFUSED,
        actor=actor,
        reason=reason,
        from_org=transfer.from_org,
        to_org=transfer.to_org,
        org=transfer.from_org,
    )
    return transfer


@transaction.atomic
def members_move_group(*, actor, members: list[Member], group: Organisation) -> int:
    """Assign or move members in bulk to a union group of the same union."""
    if group.kind != OrgKind.GROUP and not group.is_union and group.kind != OrgKind.BRANCH:
        raise MemberError(_("Choose a union group."))
    moved = 0
    for member in members:
        if member.org_id == group.pk:
            continue
        if union_of(member.org).pk != union_of(group).pk:
            raise MemberError(
                _("%(name)s belongs to another union; transfer them instead.")
                % {"name": member.name}
            )
        old = member.org
        member.org = group
        member.save()
        _event(member, EventKind.GROUP_CHANGED, actor=actor, from_org=old, to_org=group)
        moved += 1
    return moved


@transaction.atomic
def change_request_submit(*, member: Member, field: str, new_value: str, reason: str = ""):
    if field not in ChangeRequest.FIELDS:
        raise MemberError(_("Only the name and the ID number are corrected on request."))
    new_value = "".join(new_value.split()) if field == "id_number" else new_value.strip()
    if field == "id_number":
        from . import idcard

        try:
            new_value = idcard.parse(new_value).number
        except idcard.IdNumberError as exc:
            raise MemberError(str(exc)) from None
    if not new_value or new_value == getattr(member, field):
        raise MemberError(_("Enter the corrected value."))
    item = ChangeRequest(
        member=member,
        org=member.org,
        field=field,
        old_value=getattr(member, field),
        new_value=new_value,
        reason=reason,
    )
    item.save()
    return item


@transaction.atomic
def change_request_decide(*, actor, item, approve: bool):
    if item.state != ChangeRequest.State.PENDING:
        raise MemberError(_("This request has already been decided."))
    item.state = ChangeRequest.State.APPROVED if approve else ChangeRequest.State.REJECTED
    item.decided_by = actor
    item.save()
    if approve:
        member = item.member
        setattr(member, item.field, item.new_value)
        if item.field == "id_number":
            member.birth_date = None
            member.sex = ""
        _validated(member)
        member.save()
    return item


def pending_changes(member: Member):
    return ChangeRequest._base_manager.filter(member=member, state=ChangeRequest.State.PENDING)


def history(member: Member):
    """The member's whole history, including what happened in unions they came from.

    Read past the scope on purpose: a member's history belongs to the member, and the
    union that holds the record now needs it (the events themselves name no third party).
    """
    return (
        MembershipEvent._base_manager.filter(member=member)
        .select_related("org", "from_org", "to_org", "decided_by")
        .order_by("date", "id")
    )


@transaction.atomic
def lapse_talk_record(*, actor, member: Member, date: dt.date, outcome: str, note: str = ""):
    """A talk about unpaid dues (one condition of lapse): the member's status stays."""
    talk = LapseTalk(
        member=member, org=member.org, date=date, outcome=outcome, note=note, recorded_by=actor
    )
    talk.save()
    return talk


@transaction.atomic
def invitations_print(
    *, actor, org: Organisation, members: list[Member]
) -> list[tuple[Member, str]]:
    """One-time codes for a sheet to print (services_invitations.invitations_create: members who
    have a login are left out), and the sheet itself on the record: how many, not whose."""
    from .services_invitations import invitations_create  # it imports MemberError from here

    issued = invitations_create(actor=actor, members=members, org=org)
    audit.record("members.invitations.printed", org=org, changes={"count": [None, len(issued)]})
    return issued


def _verb(service, *fields: str, **fixed):
    return lambda actor, member, data: service(
        actor=actor, member=member, **{f: data[f] for f in fields}, **fixed
    )


# The lifecycle verbs of the member page and the API, with the fields each takes (ReasonForm).
LIFECYCLE = {
    "approve": _verb(member_approve, "date"),
    "reject": _verb(member_reject, "reason"),
    "retire": _verb(member_retire, "date", "reason"),
    "restore": _verb(member_restore, "date", "reason"),
    "leave": _verb(member_leave, "date", "reason"),
    "lapse": _verb(member_leave, "date", "reason", kind="lapsed"),
    "expel": _verb(member_leave, "date", "reason", kind="expelled"),
}

__all__ = ["CURRENT", "MemberError"]
