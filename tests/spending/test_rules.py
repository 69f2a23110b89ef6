"""Which rule applies: the nearest setter's, the latest row that had started, history
kept; the presets as rule rows; the services' refusals and their audit entries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import scope
from gonghui.spending import presets, selectors, services
from gonghui.spending.models import SpendingRule
from gonghui.welfare import rules as welfare_rules
from tests.factories import UnionFactory

from .conftest import D, add_rule, adopt

pytestmark = pytest.mark.django_db


def _caps(org, day):
    return {f.rule.item: f.rule.value for f in selectors.in_force(org, day)}


def test_the_nearest_setter_wins(district, union, upper, staff):
    add_rule(district, upper, amount=D(300))
    add_rule(union, staff("upper_staff", union), amount=D(250))
    add_rule(district, upper, item="wedding", amount=D(600))
    found = {f.rule.item: f for f in selectors.in_force(union, dt.date(2026, 6, 1))}
    assert found["birthday"].rule.amount == D(250) and found["birthday"].origin == "own"
    assert found["wedding"].origin == "ancestor" and found["wedding"].setter == district.name
    # A sibling union under the district gets the district's birthday rule.
    sibling = UnionFactory(parent=district)
    assert _caps(sibling, dt.date(2026, 6, 1))["birthday"] == D(300)


def test_effective_dates_and_history(district, union, upper):
    first = add_rule(district, upper, amount=D(300), effective_from=dt.date(2025, 1, 1))
    add_rule(district, upper, amount=D(200), effective_from=dt.date(2026, 7, 1))
    assert _caps(union, dt.date(2024, 12, 31)) == {}
    assert _caps(union, dt.date(2026, 6, 30))["birthday"] == D(300)
    assert _caps(union, dt.date(2026, 7, 1))["birthday"] == D(200)
    first.refresh_from_db()
    assert (first.amount, first.effective_to) == (D(300), None)  # never edited
    assert [r.amount for r in selectors.history(union)] == [D(200), D(300)]


def test_an_ended_rule_lets_the_farther_setter_apply_again(district, union, upper, staff, platform):
    add_rule(district, upper, amount=D(300))
    own = add_rule(union, staff("upper_staff", union), amount=D(100))
    today = timezone.localdate()
    with scope(union):
        services.rule_end(actor=upper, rule=own, date=today)
    own.refresh_from_db()
    assert own.effective_to == today
    assert _caps(union, today)["birthday"] == D(100)
    assert _caps(union, today + dt.timedelta(days=1))["birthday"] == D(300)
    assert AuditEntry.objects.filter(
        action="spending.spendingrule.updated", object_id=str(own.pk)
    ).exists()


def test_a_rule_is_not_ended_in_the_past_nor_twice(district, upper):
    rule = add_rule(district, upper)
    today = timezone.localdate()
    with pytest.raises(services.SpendingError) as past:
        services.rule_end(actor=upper, rule=rule, date=today - dt.timedelta(days=1))
    assert past.value.field == "date"
    services.rule_end(actor=upper, rule=rule, date=today)
    with pytest.raises(services.SpendingError):
        services.rule_end(actor=upper, rule=rule, date=today + dt.timedelta(days=3))


def test_a_rule_needs_its_source_and_a_cap(district, upper):
    with pytest.raises(services.SpendingError) as no_source:
        add_rule(district, upper, source="  ")
    assert no_source.value.field == "source"
    with pytest.raises(services.SpendingError) as no_amount:
        add_rule(district, upper, amount=None)
    assert no_amount.value.field == "amount"
    with pytest.raises(services.SpendingError) as share:
        add_rule(district, upper, basis="budget_share", percent=D(120))
    assert share.value.field == "percent"
    with pytest.raises(services.SpendingError):
        add_rule(district, upper, basis="entrants_share", percent=D(30))
    assert not SpendingRule._base_manager.exists()


def test_a_second_rule_for_the_same_item_and_day_is_refused(district, upper):
    add_rule(district, upper)
    with pytest.raises(services.SpendingError) as twice:
        add_rule(district, upper, amount=D(150))
    assert twice.value.field == "effective_from"


def test_a_rule_is_audited(district, upper, platform):
    rule = add_rule(district, upper)
    entry = AuditEntry.objects.get(action="spending.spendingrule.created", object_id=str(rule.pk))
    assert entry.actor == upper and rule.created_by == upper
    assert rule.accounts == ["50105"]  # the usual account of 慰问


def test_adopting_a_preset_makes_its_rows_from_the_chosen_day(district, union, upper):
    made = adopt(district, upper, "anhui-later", dt.date(2026, 3, 1))
    preset = presets.BY_CODE["anhui-later"]
    assert len(made) == len(preset.rows)
    assert {r.source for r in made} == {preset.source}
    assert {r.preset for r in made} == {"anhui-later"}
    assert {r.effective_from for r in made} == {dt.date(2026, 3, 1)}
    winners = next(r for r in made if r.item == "contest_winners")
    assert (winners.basis, winners.percent, winners.amount) == ("entrants_share", D("33.33"), None)
    assert _caps(union, dt.date(2026, 2, 28)) == {}
    assert _caps(union, dt.date(2026, 3, 1))["wedding"] == D(2000)
    with pytest.raises(services.SpendingError):
        adopt(district, upper, "nowhere")


@pytest.mark.parametrize(
    ("code", "region", "day"),
    [
        ("anhui-2018", "安徽", dt.date(2019, 6, 1)),
        ("anhui-later", "安徽", dt.date(2026, 6, 1)),
        ("other-2018", "另一省份", dt.date(2026, 6, 1)),
        ("guizhou", "贵州", dt.date(2026, 6, 1)),
    ],
)
def test_an_adopted_preset_gives_welfare_the_caps_it_had_built_in(
    upper, district, code, region, day
):
    union = UnionFactory(parent=district)
    adopt(district, upper, code, dt.date(2018, 1, 1))
    from_rules = selectors.caps_for(union, day)
    built_in = welfare_rules.cap_table(region, day)
    assert from_rules.per_payout == built_in.per_payout
    assert from_rules.per_festival == built_in.per_festival
    assert from_rules.festival_year == built_in.festival_year


def test_without_rules_welfare_keeps_its_built_in_table(union):
    assert selectors.caps_for(union, dt.date(2026, 6, 1)) is welfare_rules.cap_table(
        "安徽", dt.date(2026, 6, 1)
    )


def test_every_preset_names_its_source_and_known_items():
    assert {p.region for p in presets.PRESETS} >= {"安徽", "贵州", "北京", "浙江", "宁夏"}
    for p in presets.PRESETS:
        assert p.source and p.rows
        for row in p.rows:
            assert row.item in presets.Item.values and row.basis in presets.Basis.values
            assert row.value > 0 and row.accounts
            if row.basis in presets.PERCENT_BASES:
                assert row.value <= 100
    beijing = presets.BY_CODE["beijing-2019"]
    assert ("festival", "budget_share", D(50)) in [(r.item, r.basis, r.value) for r in beijing.rows]


def test_a_rule_that_took_effect_is_never_edited(district, upper):
    rule = add_rule(district, upper)
    rule.amount = D(999)
    with pytest.raises(ValueError):
        rule.save()
    rule.refresh_from_db()
    assert rule.amount == D(200)
