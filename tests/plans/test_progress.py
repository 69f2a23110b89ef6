"""The progress rules: a task's records counted against its span and recurrence."""

from __future__ import annotations

import datetime as dt

from gonghui.plans.progress import compute


def d(month, day=10, year=2026):
    return dt.date(year, month, day)


def test_monthly_task_from_march_counts_months_with_a_record():
    span = list(range(3, 13))
    dates = [d(m) for m in (3, 4, 5, 6, 9, 10, 11)] + [d(3, 20)]  # two in March count once
    p = compute(span, {"per": "month", "times": 1}, dates)
    assert (p.done, p.total) == (7, 10)
    assert "7" in p.label() and "10" in p.label()
    assert not p.complete
    assert p.is_covered(4) and not p.is_covered(7)


def test_twice_a_year_needs_two_records():
    p = compute(list(range(1, 13)), {"per": "year", "times": 2}, [d(5)])
    assert (p.done, p.total) == (0, 1)
    p = compute(list(range(1, 13)), {"per": "year", "times": 2}, [d(5), d(11)])
    assert p.complete


def test_once_per_term_counts_spring_and_autumn_terms():
    p = compute(list(range(1, 13)), {"per": "term", "times": 1, "at_least": True}, [d(4)])
    assert (p.done, p.total) == (1, 2)
    p = compute(list(range(1, 13)), {"per": "term", "times": 1}, [d(4), d(10)])
    assert p.complete


def test_a_task_without_recurrence_is_done_by_one_record_in_its_span():
    assert not compute([9], None, []).complete
    assert not compute([9], None, [d(5)]).complete  # outside its month
    assert compute([9], None, [d(9)]).complete


def test_quarterly_task_counts_quarters_of_its_span():
    p = compute(list(range(1, 13)), {"per": "quarter", "times": 1}, [d(2), d(8)])
    assert (p.done, p.total) == (2, 4)


def test_weekly_task_needs_four_records_a_month():
    p = compute([5], {"per": "week", "times": 1}, [d(5, i) for i in (1, 8, 15)])
    assert not p.complete
    p = compute([5], {"per": "week", "times": 1}, [d(5, i) for i in (1, 8, 15, 22)])
    assert p.complete


def test_section_numbers_are_shown_as_plans_write_them():
    from gonghui.plans.models import Section

    shown = {
        n: Section(number=n, title="x").label for n in ["一", "（一）", "1.", "①", "第一部分", ""]
    }
    assert shown == {
        "一": "一、",
        "（一）": "（一）",
        "1.": "1、",
        "①": "①",
        "第一部分": "第一部分\u3000",
        "": "",
    }
