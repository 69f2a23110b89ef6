"""Which plan task a record (a care batch, a voucher, a payout) is suggested for, when only
its category can match: the month of the record decides, and an ambiguous month leaves
the choice to the person (plans.evidence.suggest)."""

from __future__ import annotations

import datetime as dt

from gonghui.plans import evidence
from gonghui.plans.models import Task

CARE = evidence.EvidenceKind(
    key="tests.care",
    label="慰问",
    model="welfare.Batch",
    describe=lambda obj: None,
    candidates=lambda org, year: [],
    categories=("care",),
)


def task(text, category="care", months=(), term=""):
    return Task(text=text, category=category, months=list(months), term=term)


def suggest(tasks, day):
    return evidence.suggest(CARE, tasks, day)


def test_the_task_planned_for_the_records_month_is_suggested_not_the_first_of_its_category():
    spring = task("春节慰问困难职工", months=[1, 2])
    summer = task("夏送清凉", months=[7])
    autumn = task("金秋助学", months=[8, 9])
    tasks = [spring, summer, autumn]
    assert suggest(tasks, dt.date(2031, 7, 15)) is summer
    assert suggest(tasks, dt.date(2031, 9, 1)) is autumn
    assert suggest(tasks, dt.date(2031, 2, 3)) is spring


def test_no_task_of_the_category_planned_for_that_month_suggests_nothing():
    tasks = [task("春节慰问困难职工", months=[1, 2]), task("夏送清凉", months=[7])]
    assert suggest(tasks, dt.date(2031, 11, 20)) is None


def test_two_tasks_planned_alike_for_the_month_leave_the_choice_to_the_person():
    tasks = [task("春节慰问困难职工", months=[1, 2]), task("春节走访劳模", months=[2])]
    assert suggest(tasks, dt.date(2031, 2, 10)).text == "春节走访劳模"  # the narrower one
    tasks = [task("元旦慰问", months=[1]), task("春节慰问", months=[1])]
    assert suggest(tasks, dt.date(2031, 1, 20)) is None


def test_the_task_planned_for_the_month_wins_over_a_term_and_a_whole_year_task():
    whole_year = task("经常性走访慰问")  # no months: the whole year
    half = task("上半年送温暖", term="h1")
    may = task("五一慰问一线职工", months=[5])
    assert suggest([whole_year, half, may], dt.date(2031, 5, 1)) is may
    assert suggest([whole_year, half, may], dt.date(2031, 3, 1)) is half
    assert suggest([whole_year, half, may], dt.date(2031, 10, 1)) is whole_year


def test_tasks_of_other_categories_are_never_suggested():
    tasks = [task("职工篮球赛", category="culture", months=[7]), task("夏送清凉", months=[8])]
    assert suggest(tasks, dt.date(2031, 7, 5)) is None
    no_categories = evidence.EvidenceKind(
        key="tests.none",
        label="记录",
        model="plans.Record",
        describe=lambda obj: None,
        candidates=lambda org, year: [],
    )
    assert evidence.suggest(no_categories, tasks, dt.date(2031, 8, 5)) is None
