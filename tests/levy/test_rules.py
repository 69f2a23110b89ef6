"""The split rule as data: the built-in 60/40 and its source, rounding to the fen, the
nearest setter and the effective date."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.levy import rules, selectors, services
from tests.factories import DistrictFactory, UnionFactory

from .conftest import D

pytestmark = pytest.mark.usefixtures("platform")


def test_the_default_is_60_40_with_its_source():
    assert rules.DEFAULT_SPLIT.own_percent == 60 and rules.DEFAULT_SPLIT.upper_percent == 40
    # The source a person reads names the rules, not a file of this repository.
    assert "工会经费收缴管理办法" in rules.DEFAULT_SPLIT.source
    assert "domain.md" not in rules.DEFAULT_SPLIT.source


@pytest.mark.parametrize(
    ("amount", "own", "upper"),
    [
        ("0.01", "0.01", "0.00"),
        ("0.02", "0.01", "0.01"),
        ("0.05", "0.03", "0.02"),
        ("100", "60.00", "40.00"),
    ],
)
def test_rounding_to_the_fen(amount, own, upper):
    assert rules.split_amount(D(amount), D("60")) == (D(own), D(upper))


def test_levy_due_and_due_date():
    assert rules.levy_due(D("12345.67")) == D("246.91")
    assert rules.due_date(dt.date(2025, 12, 1)) == dt.date(2026, 1, 15)
    assert rules.due_date(dt.date(2025, 3, 1)) == dt.date(2025, 4, 15)


def test_nearest_setter_wins_from_its_date(db):
    province = DistrictFactory()
    city = DistrictFactory(parent=province)
    union = UnionFactory(parent=city)
    on = dt.date(2025, 6, 1)
    assert selectors.split_for(union, on) == rules.DEFAULT_SPLIT
    services.split_rule_set(
        actor=None,
        org=province,
        own_percent=D("50"),
        effective_from=dt.date(2025, 1, 1),
        source="省",
    )
    assert selectors.split_for(union, on).own_percent == D("50")
    services.split_rule_set(
        actor=None, org=city, own_percent=D("70"), effective_from=dt.date(2025, 7, 1), source="市"
    )
    assert selectors.split_for(union, on).own_percent == D("50")  # not yet in force
    assert selectors.split_for(union, dt.date(2025, 7, 1)).own_percent == D("70")
    services.split_rule_set(
        actor=None,
        org=province,
        own_percent=D("55"),
        effective_from=dt.date(2025, 8, 1),
        source="省2",
    )
    assert selectors.split_for(union, dt.date(2025, 9, 1)).own_percent == D("70")  # nearer wins
    other = UnionFactory()
    assert selectors.split_for(other, dt.date(2025, 9, 1)) == rules.DEFAULT_SPLIT


def test_split_rule_refusals(union):
    upper = union.parent
    with pytest.raises(services.LevyError):
        services.split_rule_set(
            actor=None,
            org=union,
            own_percent=D("50"),
            effective_from=dt.date(2025, 1, 1),
            source="x",
        )
    for percent in (D("-1"), D("100.01")):
        with pytest.raises(services.LevyError) as exc:
            services.split_rule_set(
                actor=None,
                org=upper,
                own_percent=percent,
                effective_from=dt.date(2025, 1, 1),
                source="x",
            )
        assert exc.value.field == "own_percent"
    with pytest.raises(services.LevyError) as exc:
        services.split_rule_set(
            actor=None,
            org=upper,
            own_percent=D("50"),
            effective_from=dt.date(2025, 1, 1),
            source="",
        )
    assert exc.value.field == "source"
