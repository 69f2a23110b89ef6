"""The member workflows both doors call: correcting a record, a member's own contact
details, printing invitation codes and revealing personal data, each audited."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import scope, unscoped
from gonghui.members import selectors, services
from gonghui.members.models import Invitation, Member
from gonghui.members.services import MemberError
from tests.factories import GroupFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return GroupFactory()


@pytest.fixture
def cadre(group):
    return UserFactory(roles=[("cadre", group.parent)])


def call(service, actor, at, **kwargs):
    with scope(at), acting(user=actor):
        return service(actor=actor, **kwargs)


def fresh(member) -> Member:
    with unscoped():
        return Member.objects.get(pk=member.pk)


def entries(action: str, **filters) -> list[AuditEntry]:
    with unscoped():
        return list(AuditEntry.objects.filter(action=action, **filters).order_by("pk"))


def test_member_update_saves_and_audits_the_change(group, cadre):
    member = MemberFactory(org=group)
    call(services.member_update, cadre, group, member=member, data={"department": "教务处"})
    assert fresh(member).department == "教务处"
    [entry] = entries("members.member.updated", object_id=str(member.pk))
    assert entry.actor_id == cadre.pk and entry.changes["department"][1] == "教务处"


def test_member_update_refuses_a_birth_date_the_id_number_contradicts(group, cadre):
    member = MemberFactory(org=group)
    with pytest.raises(MemberError):
        data = {"birth_date": dt.date(1990, 1, 1)}
        call(services.member_update, cadre, group, member=member, data=data)
    assert fresh(member).birth_date == dt.date(1985, 6, 15)


def test_member_contact_update_changes_only_contact_details(group):
    member = MemberFactory(org=group)
    person = UserFactory()
    call(
        services.member_contact_update, person, group, member=member, data={"mobile": "13700000001"}
    )
    assert fresh(member).mobile == "13700000001"
    with pytest.raises(MemberError) as refused:
        call(services.member_contact_update, person, group, member=member, data={"name": "别人"})
    assert refused.value.field == "name"
    assert fresh(member).name == member.name


def test_invitations_print_issues_codes_and_puts_the_sheet_on_record(group, cadre):
    without = MemberFactory(org=group)
    linked = MemberFactory(org=group, user=UserFactory())
    with scope(group):
        chosen = selectors.invitees(group.code, [without.pk, linked.pk])
    assert chosen == [without]  # the member with a login is no invitee
    issued = call(services.invitations_print, cadre, group.parent, org=group.parent, members=chosen)
    assert [m for m, _code in issued] == [without]
    with unscoped():
        assert Invitation.objects.filter(member=without, used_at__isnull=True).count() == 1
    [printed] = entries("members.invitations.printed", org=group.parent)
    assert printed.changes == {"count": [None, 1]} and printed.actor_id == cadre.pk


def test_member_reveal_is_on_the_record(group, cadre):
    member = MemberFactory(org=group)
    call(services.member_reveal, cadre, group, member=member)
    [entry] = entries("members.member.revealed", object_id=str(member.pk))
    assert entry.actor_id == cadre.pk
