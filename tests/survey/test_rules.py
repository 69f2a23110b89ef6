"""The survey's indicator table, checks and formulas, at their boundaries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.survey import rules

SURVEY = rules.survey_for(2026)


def test_the_period_is_october_to_september_with_the_deadline_in_october():
    assert rules.period_dates(2026) == (
        dt.date(2025, 10, 1),
        dt.date(2026, 9, 30),
        dt.date(2026, 10, 31),
    )


def test_a_year_without_its_own_table_reuses_the_last_one_before_it():
    assert rules.survey_for(2031) is rules.SURVEYS[max(rules.SURVEYS)]
    assert rules.survey_for(1999) is rules.SURVEYS[min(rules.SURVEYS)]


def test_every_indicator_names_its_section_and_a_computed_one_its_source():
    sections = {s.key for s in SURVEY.sections}
    assert len(set(SURVEY.codes)) == len(SURVEY.codes)
    for ind in SURVEY.indicators:
        assert ind.section in sections
        assert ind.unit in (rules.FLAG, rules.COUNT, rules.MONEY)
        assert bool(ind.source) == ind.computed, ind.code
    assert "全国工会统计调查制度" in SURVEY.source
    # What no record holds is entered: the staff, the full-time cadres.
    assert not SURVEY.indicator("staff").computed
    assert SURVEY.indicator("members").computed


def test_every_check_and_rate_names_known_indicators():
    for check in SURVEY.checks:
        for code in rules.codes_in(check.expression) + rules.codes_in(check.when):
            assert SURVEY.indicator(code), code
    for r in SURVEY.rates:
        assert SURVEY.indicator(r.numerator) and SURVEY.indicator(r.denominator)


@pytest.mark.parametrize(
    ("members", "staff", "fails"), [(10, 10, False), (11, 10, True), (0, 0, False)]
)
def test_members_may_equal_the_staff_but_not_exceed_it(members, staff, fails):
    failures = rules.run_checks(SURVEY, {"members": members, "staff": staff})
    assert any(f.check.expression == "members <= staff" for f in failures) is fails


def test_a_missing_figure_is_no_failure():
    assert rules.holds("members <= staff", {"members": 3}) is None
    assert rules.run_checks(SURVEY, {}) == []


def test_sums_on_either_side_and_conditions():
    values = {"fulltime_cadres": 1, "parttime_cadres": 2, "committee_members": 3}
    assert rules.holds("fulltime_cadres + parttime_cadres >= committee_members", values)
    values["committee_members"] = 4
    assert not rules.holds("fulltime_cadres + parttime_cadres >= committee_members", values)
    # Only a union with a congress system must have representatives.
    assert not rules.run_checks(SURVEY, {"has_congress": 0, "representatives": 0})
    failing = rules.run_checks(SURVEY, {"has_congress": 1, "representatives": 0})
    assert [f.check.expression for f in failing] == ["representatives >= 1"]


def test_failures_are_explained_in_chinese():
    from django.utils import translation

    with translation.override("zh-hans"):
        (failure,) = rules.run_checks(SURVEY, {"women_members": 5, "members": 4})
    assert "女会员" in failure.message


@pytest.mark.parametrize(
    ("code", "raw", "value"),
    [
        ("staff", "1,234", 1234),
        ("staff", " 0 ", 0),
        ("staff", "", None),
        ("has_mediation", "是", 1),
        ("has_mediation", "0", 0),
        ("aid_amount", "12.345", Decimal("12.35")),
    ],
)
def test_values_are_parsed(code, raw, value):
    assert rules.parse_value(SURVEY.indicator(code), raw) == value


@pytest.mark.parametrize(
    ("code", "raw"), [("staff", "-1"), ("staff", "1.5"), ("staff", "很多"), ("has_mediation", "2")]
)
def test_bad_values_are_refused(code, raw):
    with pytest.raises(rules.EntryError):
        rules.parse_value(SURVEY.indicator(code), raw)


def test_the_rates_are_members_over_staff_and_unions_over_eligible_units():
    join = next(r for r in SURVEY.rates if r.key == "join_rate")
    assert rules.rate(join, {"members": 45, "staff": 60}) == Decimal("75.0")
    assert rules.rate(join, {"members": 45, "staff": 0}) is None
    assert rules.founding_rate(3, 4) == Decimal("75.0")
    assert rules.founding_rate(3, None) is None


def test_the_books_reported_are_the_last_closed_year():
    assert rules.finance_year(dt.date(2026, 9, 30)) == 2025
    assert rules.finance_year(dt.date(2026, 12, 31)) == 2026
