"""Cash collected by group leaders (only their group's members, a receipt number for each),
the arrears list with its run of consecutive unpaid months, and the lapse rule's reading
of the lines."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.core.scoping import scope
from gonghui.dues import lapse, selectors, services
from tests.factories import GroupFactory

from .conftest import YEAR, D, generate, line_of, member, pay_cash

pytestmark = pytest.mark.usefixtures("platform")


def test_a_group_leader_records_cash_for_the_group_only(union, group, leader):
    mine = member(group)
    theirs = member(GroupFactory(parent=union))
    generate(union, 3)
    with scope(group):  # as the leader's pages and API run
        line = services.dues_cash_record(
            actor=leader,
            line=line_of(mine, 3),
            amount="28.35",
            receipt_no="No.0001",
            paid_on=dt.date(YEAR, 3, 12),
        )
        assert (line.state, line.method, line.collected_by) == ("paid", "cash", leader)
        with pytest.raises(services.DuesError):
            services.dues_cash_record(
                actor=leader,
                line=line_of(theirs, 3),
                amount="28.35",
                receipt_no="No.0002",
                paid_on=dt.date(YEAR, 3, 12),
            )
    assert line_of(theirs, 3).state == "unpaid"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"receipt_no": " "}, "receipt_no"),
        ({"paid_on": dt.date.today() + dt.timedelta(days=2)}, "paid_on"),
        ({"receipt_no": "R-taken"}, "receipt_no"),
    ],
)
def test_cash_needs_an_amount_a_receipt_and_a_date(union, group, accountant, change, field):
    other, person = member(group), member(group)
    generate(union, 3)
    pay_cash(line_of(other, 3), receipt="R-taken")
    data = {"amount": "28.35", "receipt_no": "R-9", "paid_on": dt.date(YEAR, 3, 5)} | change
    with pytest.raises(services.DuesError) as refused:
        services.dues_cash_record(actor=accountant, line=line_of(person, 3), **data)
    assert refused.value.field == field


def test_a_paid_or_exempt_line_takes_no_cash(union, group, accountant):
    paid, exempt = member(group), member(group)
    generate(union, 3)
    pay_cash(line_of(paid, 3))
    services.dues_exempt(actor=accountant, line=line_of(exempt, 3), reason="病休")
    for person in (paid, exempt):
        with pytest.raises(services.DuesError):
            pay_cash(line_of(person, 3), receipt="R-2")
    with pytest.raises(services.DuesError):
        services.dues_exempt(actor=accountant, line=line_of(paid, 3), reason="x")


def _months(union, group, pattern):
    """A member whose months 1..n are paid (P), unpaid (U) or exempt (E)."""
    person = member(group)
    for month, what in enumerate(pattern, start=1):
        generate(union, month)
        if what == "P":
            pay_cash(line_of(person, month), receipt=f"R-{person.pk}")
        elif what == "E":
            services.dues_exempt(actor=None, line=line_of(person, month), reason="病休")
    return person


def test_the_arrears_count_the_run_since_the_last_paid_month(union, group):
    long_run = _months(union, group, "PUUEUUUU")  # 6 unpaid in a row, the exempt skipped
    broken = _months(union, group, "UUPUU")
    paid_up = _months(union, group, "PPP")
    found = {a.member.pk: a for a in selectors.arrears(union)}
    assert paid_up.pk not in found
    assert (found[long_run.pk].run, len(found[long_run.pk].months)) == (6, 6)
    assert found[long_run.pk].owed == D("28.35") * 6
    assert (found[broken.pk].run, len(found[broken.pk].months)) == (2, 4)
    assert found[broken.pk].since == dt.date(YEAR, 1, 1)
    assert [a.member for a in selectors.arrears(union)][0] == long_run
    # The lapse rule's reading: six unpaid non-exempt months in a row, from the first of them.
    since = lapse.unpaid_since([long_run.pk, broken.pk, paid_up.pk])
    assert since == {long_run.pk: dt.date(YEAR, 2, 1)}
    assert lapse.keeping_unions([union.pk, group.pk]) == {union.pk}


def test_a_groups_arrears_are_its_members(union, group):
    mine = member(group)
    member(GroupFactory(parent=union))
    generate(union, 3)
    assert [a.member for a in selectors.arrears(group)] == [mine]
    assert len(selectors.arrears(union)) == 2


def test_the_lapse_rule_reads_the_lines_where_a_union_keeps_them(union, group):
    from gonghui.members.selectors import lapse_candidates
    from tests.factories import MemberFactory, UnionFactory

    long_run = _months(union, group, "PUUEUUUU")
    broken = _months(union, group, "UUPUU")
    # Paid-until is stale, but this union keeps lines and they are paid: not a candidate.
    stale = _months(union, group, "PPPPPPPP")
    stale.dues_paid_until = dt.date(YEAR - 3, 1, 1)
    stale.save()
    # A union without lines still answers from paid-until.
    other = UnionFactory(parent=union.parent)
    legacy = MemberFactory(org=other, dues_paid_until=dt.date(YEAR - 3, 1, 1))
    with scope(union.parent):
        found = {c.member.pk: c for c in lapse_candidates(today=dt.date(YEAR, 9, 15))}
    assert set(found) >= {long_run.pk, legacy.pk}
    assert not {broken.pk, stale.pk} & set(found)
    # Shown as paid-until: the month before the run began (February).
    assert found[long_run.pk].unpaid_since == dt.date(YEAR, 1, 1)
    assert found[legacy.pk].unpaid_since == dt.date(YEAR - 3, 1, 1)
