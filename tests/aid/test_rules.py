"""The payout of a mutual medical aid claim: a pure function of the scheme's rules."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from gonghui.aid.rules import (
    DEFAULT_MEDICAL,
    BillLine,
    Bracket,
    MedicalRules,
    RuleError,
    compute_payout,
    format_brackets,
    parse_brackets,
    to_fen,
    validate_rules,
)

RULES = MedicalRules(
    deductible=D("500.00"),
    brackets=(
        Bracket(D("10000.00"), D("0.50")),
        Bracket(D("30000.00"), D("0.60")),
        Bracket(None, D("0.70")),
    ),
    yearly_cap=D("20000.00"),
    categories=frozenset({"inpatient", "chronic"}),
)


def inpatient(eligible, total=None):
    eligible = D(eligible)
    return BillLine("inpatient", D(total) if total is not None else eligible, eligible)


def test_below_the_deductible_pays_nothing():
    p = compute_payout(RULES, [inpatient("499.99")])
    assert p.payout == D("0.00") and p.lines == ()


def test_exactly_the_deductible_pays_nothing():
    assert compute_payout(RULES, [inpatient("500.00")]).payout == D("0.00")


def test_one_fen_above_the_deductible_rounds_half_up():
    # 0.01 × 50% = 0.005 → 0.01
    assert compute_payout(RULES, [inpatient("500.01")]).payout == D("0.01")


def test_upper_bracket_boundary_is_paid_at_the_lower_rate():
    p = compute_payout(RULES, [inpatient("10000.00")])
    assert p.payout == D("4750.00")  # (10000 − 500) × 50%
    assert len(p.lines) == 1


def test_one_yuan_above_a_boundary_takes_the_next_rate():
    p = compute_payout(RULES, [inpatient("10001.00")])
    assert p.payout == D("4750.60")  # 4750 + 1 × 60%
    assert [ln.rate for ln in p.lines] == [D("0.50"), D("0.60")]


def test_all_brackets():
    p = compute_payout(RULES, [inpatient("40000.00")])
    # 9500 × 50% + 20000 × 60% + 10000 × 70% = 4750 + 12000 + 7000
    assert p.computed == D("23750.00")
    assert p.payout == D("20000.00") and p.capped


def test_bills_of_categories_not_counted_are_left_out():
    p = compute_payout(
        RULES,
        [inpatient("2500.00"), BillLine("outpatient", D("800.00"), D("800.00"))],
    )
    assert p.counted == D("2500.00") and p.excluded == D("800.00")
    assert p.payout == D("1000.00")


def test_yearly_cap_across_several_claims():
    first = compute_payout(RULES, [inpatient("30000.00")])  # 4750 + 12000
    assert first.payout == D("16750.00")
    second = compute_payout(RULES, [inpatient("10500.00")], paid_before=first.payout)
    assert second.computed == D("5050.00")
    assert second.cap_left == D("3250.00")
    assert second.payout == D("3250.00")
    third = compute_payout(RULES, [inpatient("5000.00")], paid_before=first.payout + second.payout)
    assert third.payout == D("0.00") and third.cap_left == D("0.00")


def test_paid_before_above_the_cap_never_gives_a_negative_payout():
    p = compute_payout(RULES, [inpatient("5000.00")], paid_before=D("25000.00"))
    assert p.payout == D("0.00")


def test_a_last_bracket_with_a_limit_pays_nothing_above_it():
    rules = MedicalRules(
        D("0"), (Bracket(D("1000"), D("0.8")),), D("99999"), frozenset({"inpatient"})
    )
    assert compute_payout(rules, [inpatient("5000")]).payout == D("800.00")


def test_the_lines_add_up_to_the_payout_to_the_fen():
    p = compute_payout(RULES, [inpatient("12345.67"), inpatient("0.01")])
    assert sum(ln.amount for ln in p.lines) == p.computed
    assert all(ln.amount == to_fen(ln.amount) for ln in p.lines)


def test_eligible_above_the_total_is_refused():
    with pytest.raises(RuleError):
        compute_payout(RULES, [BillLine("inpatient", D("100"), D("200"))])


def test_amounts_are_decimal_not_float():
    p = compute_payout(RULES, [inpatient("1000.10")])
    assert isinstance(p.payout, D)
    assert p.payout == D("250.05")


@pytest.mark.parametrize(
    "brackets",
    [
        (),
        (Bracket(None, D("0.5")), Bracket(D("1000"), D("0.6"))),
        (Bracket(D("400"), D("0.5")),),  # at or below the deductible
        (Bracket(D("2000"), D("0.5")), Bracket(D("1000"), D("0.6"))),
        (Bracket(None, D("1.5")),),
    ],
)
def test_invalid_rules_are_refused(brackets):
    with pytest.raises(RuleError):
        validate_rules(MedicalRules(D("500"), brackets, D("1000"), frozenset({"inpatient"})))


def test_the_default_rules_are_valid():
    validate_rules(DEFAULT_MEDICAL)


def test_brackets_round_trip_through_text():
    text = format_brackets(RULES.brackets)
    assert parse_brackets(text) == RULES.brackets
    assert parse_brackets("10000 50%\n30000，60\n以上 0.7") == RULES.brackets


def test_unreadable_bracket_text_is_refused():
    with pytest.raises(RuleError):
        parse_brackets("ten thousand fifty")
