"""A month's lines from the roster: the rule's boundaries reached through generation, the
retained member exempt from the month of 保留 (not before), members without a wage listed
as needing one, and generating again keeps paid lines and follows the roster for the rest."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.dues import services
from gonghui.dues.models import DuesLine, DuesSettings
from gonghui.members import services as members
from tests.factories import GroupFactory, UnionFactory

from .conftest import YEAR, D, generate, line_of, member, pay_cash

pytestmark = pytest.mark.usefixtures("platform")


@pytest.mark.parametrize(
    ("wage", "base", "due", "state"),
    [
        ("5678.90", "5670.00", "28.35", "unpaid"),
        ("3339.99", "3330.00", "16.65", "unpaid"),
        ("10.00", "10.00", "0.05", "unpaid"),
        ("9.99", "0.00", "0.00", "nothing_due"),
    ],
)
def test_the_rule_through_generation(union, group, wage, base, due, state):
    person = member(group, wage)
    summary = generate(union, 3)
    line = line_of(person, 3)
    assert (line.wage, line.base, line.amount_due, line.state) == (D(wage), D(base), D(due), state)
    assert line.org == union and line.unit == group and line.month == dt.date(YEAR, 3, 1)
    assert summary.created == 1 and summary.counts["total"] == 1


def test_the_unions_rounding_applies(union, group, accountant):
    person = member(group, "4410.00")  # base 4410 → 22.05
    services.dues_settings_update(actor=accountant, org=union, rounding="jiao")
    generate(union, 3)
    assert line_of(person, 3).amount_due == D("22.10")  # 22.05 half up to the jiao
    services.dues_settings_update(actor=accountant, org=union, rounding="yuan")
    generate(union, 3)  # not paid yet: follows the new rounding
    assert line_of(person, 3).amount_due == D("22.00")
    assert DuesSettings.objects.get(org=union).rounding == "yuan"


def test_a_retained_member_is_exempt_from_the_month_of_retention_not_before(union, group):
    person = member(group, "5678.90")
    members.member_retire(
        actor=None, member=person, date=dt.date(YEAR, 4, 20), dues_stop_month=dt.date(YEAR, 4, 1)
    )
    generate(union, 3)
    generate(union, 4)
    march, april = line_of(person, 3), line_of(person, 4)
    assert (march.state, march.amount_due) == ("unpaid", D("28.35"))
    assert (april.state, april.amount_due) == ("exempt", D("0.00"))
    assert april.exempt_reason == "保留会籍（退休）"


def test_a_member_without_a_wage_gets_a_line_that_needs_one(union, group):
    person = member(group, None)
    summary = generate(union, 3)
    line = line_of(person, 3)
    assert (line.state, line.wage, line.amount_due) == ("needs_wage", None, D("0.00"))
    assert summary.counts["needs_wage"] == 1
    person.monthly_wage = D("3000")
    person.save()
    generate(union, 3)
    line.refresh_from_db()
    assert (line.state, line.amount_due) == ("unpaid", D("15.00"))


def test_only_the_roll_of_the_month(union, group):
    on = member(group)
    later = member(group, joined_on=dt.date(YEAR, 4, 2))
    gone = member(group, status="left", status_since=dt.date(YEAR, 2, 10))
    gone_after = member(group, status="left", status_since=dt.date(YEAR, 4, 1))
    applied = member(group, status="applied")
    at_union = member(union)  # not in a group: the union's own roll
    elsewhere = member(GroupFactory(parent=UnionFactory()))
    generate(union, 3)
    lines = set(DuesLine.objects.filter(month=dt.date(YEAR, 3, 1)).values_list("member", flat=True))
    assert lines == {on.pk, gone_after.pk, at_union.pk}
    assert not {later.pk, gone.pk, applied.pk, elsewhere.pk} & lines


def test_generating_again_changes_nothing_and_writes_no_entry(union, group):
    member(group)
    member(group, None)
    generate(union, 3)
    before = AuditEntry.objects.count()
    summary = generate(union, 3)
    assert (summary.created, summary.updated, summary.removed) == (0, 0, 0)
    assert AuditEntry.objects.count() == before


def test_generating_again_keeps_paid_lines_and_updates_unpaid_ones(union, group):
    paid, unpaid, leaves = member(group), member(group), member(group)
    generate(union, 3)
    pay_cash(line_of(paid, 3))
    for person in (paid, unpaid):
        person.monthly_wage = D("8000")
        person.save()
    members.member_leave(actor=None, member=leaves, date=dt.date(YEAR, 2, 28), reason="调离")
    summary = generate(union, 3)
    assert line_of(paid, 3).amount_due == D("28.35")  # paid at the old wage: kept
    assert line_of(unpaid, 3).amount_due == D("40.00")
    assert not DuesLine.objects.filter(member=leaves).exists()  # left before March
    assert (summary.updated, summary.removed, summary.kept) == (1, 1, 1)


def test_a_hand_made_exemption_survives_generation_and_can_be_lifted(union, group, accountant):
    person = member(group)
    generate(union, 3)
    line = services.dues_exempt(actor=accountant, line=line_of(person, 3), reason="困难职工")
    assert (line.state, line.amount_due) == ("exempt", D("0.00"))
    generate(union, 3)
    assert line_of(person, 3).exempt_reason == "困难职工"
    line = services.dues_exempt(actor=accountant, line=line_of(person, 3), reason="")
    assert (line.state, line.amount_due, line.exempt_reason) == ("unpaid", D("28.35"), "")
    entry = AuditEntry.objects.filter(action="dues.duesline.updated").last()
    assert entry.actor == accountant


def test_generation_is_refused_below_a_union_and_ahead_of_time(union, group):
    with pytest.raises(services.DuesError):
        services.dues_month_generate(actor=None, org=group, year=YEAR, month=3)
    ahead = dt.date.today().year + 1
    with pytest.raises(services.DuesError):
        services.dues_month_generate(actor=None, org=union, year=ahead, month=6)
    with pytest.raises(services.DuesError):
        services.dues_month_generate(actor=None, org=union, year=YEAR, month=13)


def test_a_transferred_members_line_stays_with_the_first_union(union, group):
    person = member(group)
    generate(union, 3)
    other = UnionFactory()
    person.org = other
    person.save()
    summary = generate(other, 3)
    assert summary.elsewhere == 1 and summary.counts["total"] == 0
    assert line_of(person, 3).org == union
