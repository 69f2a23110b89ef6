"""The rules as data: quotas, mix quotas rounded up, working days with holidays and 调休."""

from __future__ import annotations

import datetime as dt

from gonghui.awards import rules


def test_every_kind_names_its_source_and_nominees():
    for k in rules.KINDS:
        assert k.source_text and k.nominees and k.name
        assert all(n in rules.Nominee.values for n in k.nominees)


def test_the_default_quota_is_a_count_or_a_share_rounded_up():
    assert rules.default_quota(rules.kind("model_teacher"), 41) == 3  # 5% of 41 → 2.05 → 3
    assert rules.default_quota(rules.kind("model_teacher"), 0) == 1
    assert rules.default_quota(rules.kind("union_worker"), 500) == 3


def test_the_wuyi_mix_quotas_count_the_whole_list():
    medal = rules.kind("wuyi_medal")
    assert [m.min_percent for m in medal.mix] == [35, 20, 20, 10, 35]
    full = {"industrial", "frontline", "sci_edu", "migrant", "non_public"}
    assert rules.mix_shortfalls(medal, [full]) == []
    short = rules.mix_shortfalls(medal, [{"industrial"}, set(), set(), set(), set()])
    # 5 names at 35% need 2 industrial workers, at 20% one front-line worker.
    by_tag = {s.mix.tag: (s.have, s.need) for s in short}
    assert by_tag["industrial"] == (1, 2) and by_tag["frontline"] == (0, 1)


def test_working_days_skip_the_national_day_holiday_and_count_the_worked_sunday():
    # 2026: 10-1..10-7 off, Sunday 9-20 and Saturday 10-10 worked (State Council schedule).
    assert not rules.is_working_day(dt.date(2026, 10, 5))
    assert rules.is_working_day(dt.date(2026, 10, 10))
    assert rules.is_working_day(dt.date(2026, 9, 20))
    # From Wednesday 9-30: 9-30, then 10-8, 10-9, 10-10 (worked Saturday), 10-12.
    assert rules.publicity_end(dt.date(2026, 9, 30), 5) == dt.date(2026, 10, 12)


def test_a_notice_starting_on_a_weekend_starts_counting_on_monday():
    assert rules.publicity_end(dt.date(2026, 6, 6), 5) == dt.date(2026, 6, 12)
    assert rules.publicity_end(dt.date(2026, 6, 8), 1) == dt.date(2026, 6, 8)


def test_a_year_without_a_published_schedule_falls_back_to_weekends_and_festivals():
    assert not rules.is_working_day(dt.date(2031, 10, 1))  # 国庆 (a Wednesday)
    assert rules.is_working_day(dt.date(2031, 10, 2))
    assert not rules.is_working_day(dt.date(2031, 10, 4))  # a Saturday
