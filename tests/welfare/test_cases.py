"""Hardship files (困难职工档案): filing, the category by the local lines, the workflow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import scope, unscoped
from gonghui.welfare import rules, services
from gonghui.welfare.models import CaseState, HardshipFile, NotDeletable, RegionLine
from tests.factories import UnionFactory

from .conftest import activate, file_case

pytestmark = pytest.mark.django_db


def test_filing_computes_the_category_with_the_regions_line(chair, new_member, platform):
    m = new_member()
    # 18,000 a year for one person = 1,500 a month; the 安徽 example line is 800.
    f = file_case(m, chair)
    assert f.state == CaseState.APPLIED
    assert f.number.startswith("KN2026-")
    assert f.category == rules.RELATIVE
    assert f.dibao_used == Decimal("800.00") and f.low_line_used == Decimal("1600.00")
    assert "安徽" in f.line_source
    entry = AuditEntry.objects.get(action="welfare.hardshipfile.created", object_id=str(f.pk))
    assert entry.actor == chair


def test_one_open_file_per_household(chair, new_member, platform):
    m = new_member()
    file_case(m, chair)
    with pytest.raises(services.WelfareError):
        file_case(m, chair)
    assert HardshipFile.objects.filter(member=m).count() == 1


def test_the_workflow_to_on_file_and_the_yearly_review(chair, new_member, platform):
    f = activate(file_case(new_member(), chair, yearly_income=Decimal(6000)), chair)
    assert f.state == CaseState.ACTIVE
    assert f.category == rules.DEEP
    assert f.approved_by == chair and f.next_review == dt.date(2027, 3, 10)
    actions = set(
        AuditEntry.objects.filter(
            object_id=str(f.pk), action__startswith="welfare.case."
        ).values_list("action", flat=True)
    )
    assert {"welfare.case.check", "welfare.case.submit", "welfare.case.approve"} <= actions
    with scope(f.org), acting(user=chair):
        review = services.case_review(
            actor=chair, file=f, date=dt.date(2027, 3, 1), outcome="continue", note="复核"
        )
    f.refresh_from_db()
    assert f.next_review == dt.date(2028, 3, 1)
    assert review.category == rules.DEEP


def test_approval_refuses_a_household_above_the_lines(chair, new_member, platform):
    f = file_case(new_member(), chair, yearly_income=Decimal(40000))
    assert f.category == rules.NONE
    with scope(f.org), acting(user=chair):
        services.case_transition(actor=chair, file=f, action="check")
        services.case_transition(actor=chair, file=f, action="submit")
        with pytest.raises(services.WelfareError, match="不符合|does not meet"):
            services.case_transition(actor=chair, file=f, action="approve")
    f.refresh_from_db()
    assert f.state == CaseState.APPROVAL


def test_exclusions_block_approval(chair, new_member, platform):
    f = file_case(new_member(), chair, yearly_income=Decimal(0), exclusions=["two_homes"])
    assert f.category == rules.EXCLUDED


def test_closing_needs_a_reason_and_keeps_the_file(chair, new_member, platform):
    f = activate(file_case(new_member(), chair, yearly_income=Decimal(6000)), chair)
    with scope(f.org), acting(user=chair):
        with pytest.raises(services.WelfareError):
            services.case_transition(actor=chair, file=f, action="close", exit_reason="recovered")
        services.case_transition(
            actor=chair, file=f, action="close", exit_reason="recovered", note="子女就业，收入稳定"
        )
        f.refresh_from_db()
        assert f.state == CaseState.CLOSED and f.next_review is None
        with pytest.raises(services.WelfareError):
            services.case_update(actor=chair, file=f, data={"yearly_income": Decimal(1)})
        # Follow-ups after exit are kept with the file.
        services.case_review(actor=chair, file=f, date=dt.date(2027, 1, 5), outcome="follow_up")
        # A new file may be opened once the old one is closed.
        again = services.case_create(actor=chair, member=f.member, data={"causes": ["illness"]})
    assert again.pk != f.pk


def test_files_are_never_deleted(chair, new_member, platform):
    f = file_case(new_member(), chair)
    with pytest.raises(NotDeletable):
        f.delete()
    with pytest.raises(NotDeletable):
        HardshipFile.objects.filter(pk=f.pk).delete()
    assert HardshipFile.objects.filter(pk=f.pk).exists()


def test_household_members_count_and_mask(chair, new_member, platform):
    f = file_case(new_member(), chair, yearly_income=Decimal(36000))
    assert f.category == rules.NONE  # 3,000 a month for one person
    with scope(f.org), acting(user=chair):
        services.household_add(
            actor=chair, file=f, data={"name": "王小明", "relation": "子", "id_number": ""}
        )
        services.household_add(actor=chair, file=f, data={"name": "李梅", "relation": "配偶"})
    f.refresh_from_db()
    assert f.household_size == 3
    assert f.category == rules.RELATIVE  # 1,000 a month each
    entry = AuditEntry.objects.filter(action="welfare.householdmember.created").latest("id")
    assert "李梅" not in entry.object_repr  # names stay out of the log's record column


def test_lines_set_by_an_upper_union_apply_below_it_most_specific_first(
    chair, district, union, platform
):
    school, sibling = union, UnionFactory(parent=district)
    with acting(user=chair):
        services.region_line_set(
            actor=None,
            org=district,
            data={
                "effective_from": dt.date(2026, 2, 1),
                "dibao_monthly": Decimal(900),
                "source": "示范区民政局2026年公告",
            },
        )
        assert services.lines_for(school, dt.date(2026, 5, 1)).dibao == Decimal(900)
        assert services.lines_for(school, dt.date(2026, 1, 15)).dibao == Decimal(
            800
        )  # the district's line
        assert services.lines_for(school, dt.date(2025, 5, 1)).is_default
        RegionLine.objects.create(
            org=school,
            region="安徽",
            effective_from=dt.date(2025, 1, 1),
            dibao_monthly=Decimal(950),
            source="学校自定",
        )
    lines = services.lines_for(school, dt.date(2026, 5, 1))
    assert lines.dibao == Decimal(950) and lines.low_line == Decimal(1900)
    # A sibling union does not see the school's own line.
    assert services.lines_for(sibling, dt.date(2026, 5, 1)).dibao == Decimal(900)


def test_reviews_due_are_listed(chair, new_member, platform):
    from gonghui.welfare.selectors import reviews_due

    f = activate(file_case(new_member(), chair, yearly_income=Decimal(6000)), chair)
    with scope(f.org):
        assert f in reviews_due(f.org, dt.date(2027, 3, 1), days=30)
        assert f not in reviews_due(f.org, dt.date(2026, 12, 1), days=30)
    with unscoped():
        pass
