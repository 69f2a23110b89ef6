"""The congress rules at their edges (domain.md §5): counts, shares, quorum, majority."""

from __future__ import annotations

import pytest

from gonghui.democracy import rules
from gonghui.democracy.rules import Composition, composition_checks, region_rule

NATIONAL = rules.REGIONS["national"]
SHANGHAI = rules.REGIONS["shanghai"]
ZHEJIANG = rules.REGIONS["zhejiang"]


@pytest.mark.parametrize(
    "region,key",
    [
        ("", "national"),
        ("安徽", "national"),
        ("上海", "shanghai"),
        ("上海市浦东新区", "shanghai"),
        ("浙江省", "zhejiang"),
        ("浙江省杭州市", "zhejiang"),
        ("江苏", "national"),
    ],
)
def test_the_region_picks_its_rule(region, key):
    assert region_rule(region).key == key


@pytest.mark.parametrize(
    "staff,need",
    [(100, 30), (600, 30), (601, 31), (620, 31), (1000, 50), (1001, 51), (3000, 150)],
)
def test_national_count_is_five_percent_rounded_up_and_at_least_30(staff, need):
    assert rules.required_representatives(staff, NATIONAL) == need


@pytest.mark.parametrize(
    "staff,need",
    [
        (100, 30),
        (199, 30),  # a started hundred does not count (每增加一百人)
        (200, 35),
        (1000, 75),
        (2999, 170),
        (3000, 175),
        (3001, 175),
        (10000, 175),
    ],
)
def test_shanghai_count(staff, need):
    assert rules.required_representatives(staff, SHANGHAI) == need


@pytest.mark.parametrize(
    "staff,need",
    [
        (50, 30),
        (99, 30),
        (100, 40),  # the bound belongs to the bracket that starts at it
        (199, 40),
        (200, 47),
        (999, 96),
        (1000, 100),
        (1999, 100),
        (2000, 120),
        (4999, 160),
        (5000, 200),
        (20000, 200),
    ],
)
def test_zhejiang_brackets(staff, need):
    assert rules.required_representatives(staff, ZHEJIANG) == need


@pytest.mark.parametrize("staff,required", [(99, True), (100, False), (101, False)])
def test_under_100_staff_hold_an_assembly(staff, required):
    assert rules.assembly_required(staff, NATIONAL) is required
    # Zhejiang sets a representative count for those units, so a congress is allowed there.
    assert rules.assembly_required(staff, ZHEJIANG) is False


def comp(**kw) -> Composition:
    base = dict(
        kind="congress",
        staff=600,
        women_staff=300,
        representatives=30,
        women=15,
        managers=6,
        teachers=0,
        front_line=15,
    )
    base.update(kw)
    return Composition(**base)


def by_key(checks):
    return {c.key: c for c in checks}


def test_a_congress_meeting_every_rule_passes_and_names_its_sources():
    checks = by_key(composition_checks(comp(), NATIONAL))
    assert checks["form"].passed and checks["count"].passed
    assert checks["managers"].passed and checks["women"].passed
    assert checks["front_line"].passed is None  # not required nationally
    assert "企业民主管理规定" in checks["count"].source
    assert "teachers" not in checks


@pytest.mark.parametrize("managers,passed", [(5, True), (6, True), (7, False)])
def test_managers_at_most_a_fifth_exactly_20_percent_passes(managers, passed):
    assert (
        by_key(composition_checks(comp(managers=managers), NATIONAL))["managers"].passed is passed
    )


@pytest.mark.parametrize("women,passed", [(14, False), (15, True), (16, True)])
def test_women_at_least_their_share_of_the_workforce(women, passed):
    assert by_key(composition_checks(comp(women=women), NATIONAL))["women"].passed is passed


@pytest.mark.parametrize("teachers,passed", [(17, False), (18, True), (30, True)])
def test_teachers_at_least_60_percent_of_a_teachers_congress(teachers, passed):
    checks = by_key(composition_checks(comp(kind="teachers", teachers=teachers), NATIONAL))
    assert checks["teachers"].passed is passed
    assert "教育部令第32号" in checks["teachers"].source


@pytest.mark.parametrize("front,passed", [(14, False), (15, True)])
def test_front_line_half_only_where_required(front, passed):
    off = by_key(composition_checks(comp(front_line=front), NATIONAL))
    assert off["front_line"].passed is None
    on = by_key(composition_checks(comp(front_line=front, front_line_required=True), NATIONAL))
    assert on["front_line"].passed is passed


def test_too_few_representatives_fail_the_count():
    checks = by_key(composition_checks(comp(representatives=29, women=15, managers=5), NATIONAL))
    assert checks["count"].passed is False
    assert checks["count"].actual == "29 / ≥ 30"


def test_a_small_unit_with_a_congress_fails_the_form_check_and_an_assembly_passes():
    small = comp(staff=99, women_staff=50)
    assert by_key(composition_checks(small, NATIONAL))["form"].passed is False
    assembly = composition_checks(comp(staff=99, kind="assembly"), NATIONAL)
    assert [c.key for c in assembly] == ["form"] and assembly[0].passed


def test_with_no_representatives_the_shares_are_not_applicable_not_passed():
    checks = by_key(
        composition_checks(comp(representatives=0, women=0, managers=0, front_line=0), NATIONAL)
    )
    assert checks["count"].passed is False
    assert checks["managers"].passed is None and checks["women"].passed is None


# -- quorum and majority ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "present,total,met",
    [
        (20, 30, True),
        (19, 30, False),
        (30, 30, True),
        (27, 40, True),
        (26, 40, False),
        (0, 0, False),
    ],
)
def test_quorum_is_two_thirds_of_all_representatives_exactly_two_thirds_is_enough(
    present, total, met
):
    assert rules.quorum_met(present, total) is met


@pytest.mark.parametrize("total,needed", [(30, 20), (40, 27), (31, 21), (3, 2)])
def test_quorum_needed(total, needed):
    assert rules.quorum_needed(total) == needed
    assert rules.quorum_met(needed, total) and not rules.quorum_met(needed - 1, total)


@pytest.mark.parametrize(
    "votes_for,total,adopted", [(20, 40, False), (21, 40, True), (15, 31, False), (16, 31, True)]
)
def test_more_than_half_of_all_exactly_half_is_not_enough(votes_for, total, adopted):
    assert rules.passes(votes_for, total) is adopted


def test_a_majority_of_those_present_is_not_enough():
    # 30 of 40 present; 18 for is a majority of those present but not of all 40.
    out = rules.decide(votes_for=18, votes_against=5, abstentions=7, present=30, total=40)
    assert out.quorum and not out.adopted and out.needed == 21


def test_abstentions_count_against():
    out = rules.decide(votes_for=20, votes_against=0, abstentions=20, present=40, total=40)
    assert not out.adopted


def test_a_tie_is_not_adopted():
    out = rules.decide(votes_for=15, votes_against=15, abstentions=0, present=30, total=40)
    assert not out.adopted


def test_without_quorum_nothing_is_adopted_even_unanimously():
    out = rules.decide(votes_for=26, votes_against=0, abstentions=0, present=26, total=40)
    assert not out.quorum and not out.adopted


def test_more_votes_than_present_is_refused():
    with pytest.raises(ValueError):
        rules.decide(votes_for=28, votes_against=1, abstentions=0, present=28, total=40)
