"""Demo work plans: the school's and the factory's plans of the current year, imported
from the documents in demo_docs/ as a cadre would, accepted, with owners and the work
records of the months already past linked as evidence.

Idempotent: a union that already has its demo plan for the year is left alone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gonghui.accounts.models import User
from gonghui.orgs.models import Organisation, Portfolio, Position

from . import services
from .models import Plan, PlanStatus

DOCS = Path(__file__).resolve().parent / "demo_docs"

# Who owns which category, by the committee member's portfolio (else the chair).
OWNER_BY_CATEGORY = {
    "organisation": Portfolio.ORGANISATION,
    "publicity": Portfolio.PROPAGANDA,
    "culture": Portfolio.CULTURE,
    "care": Portfolio.WELFARE,
    "rights": Portfolio.PROTECTION,
    "women": Portfolio.WOMEN,
    "contest": Portfolio.PROTECTION,
}

# Work records of the year: (month, day, title, participants, words a task must contain)
RECORDS = {
    "S0001": [
        (2, 10, "新春走访慰问困难教职工和退休教师", 18, "送温暖"),
        (3, 15, "第五届教职工代表大会第三次会议", 86, "教职工代表大会|教代会"),
        (3, 8, "三八妇女节女教职工踏青", 120, "踏青"),
        (4, 20, "青年教师教学基本功比赛", 32, "基本功"),
        (5, 12, "教职工气排球比赛", 96, "气排球"),
        (6, 18, "教职工健康体检", 402, "体检"),
        (9, 10, "庆祝教师节暨优秀教职工表彰大会", 380, "教师节"),
        (10, 23, "重阳节慰问退休教师", 45, "重阳"),
    ],
    "F0001": [
        (1, 25, "春节前走访慰问困难职工", 6, "慰问金"),
        (4, 16, "公司第三届职工代表大会第二次会议", 64, "职工代表大会|职代会"),
        (7, 20, "夏送清凉慰问高温一线职工", 210, "夏送清凉"),
        (9, 5, "金秋助学金发放", 9, "金秋助学"),
    ],
}
# A monthly task and the months its records were kept in (7 of its 10 months so far).
MONTHLY = {
    "S0001": ("兴趣小组活动", "教职工兴趣小组活动", [3, 4, 5, 6, 9, 10, 11]),
    "F0001": ("安全检查", "月度安全检查", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
}
CHAIRS = {"S0001": "school_chair", "F0001": "factory_chair"}


def load(ctx) -> None:
    today = dt.date.today()
    year = today.year
    for code, filename in (("S0001", "school.txt"), ("F0001", "factory.txt")):
        org = Organisation.objects.get(code=code)
        if Plan.objects.filter(org=org, year=year).exists():
            continue
        actor = User.objects.get(username=CHAIRS[code])
        text = (DOCS / filename).read_text(encoding="utf-8").replace("{year}", str(year))
        [plan] = services.plans_import(
            actor=actor, org=org, year=year, data=text.encode("utf-8"), filename=filename
        )
        _assign_owners(plan, org)
        services.plan_accept(actor=actor, plan=plan)
        _link_records(plan, org, actor, today)


def _assign_owners(plan: Plan, org: Organisation) -> None:
    seats = list(services.owner_choices(org))
    chair = next((s for s in seats if s.position == Position.CHAIR), None)
    by_portfolio = {s.portfolio: s for s in seats if s.portfolio}
    for task in plan.tasks.all():
        owner = by_portfolio.get(OWNER_BY_CATEGORY.get(task.category), chair)
        if owner is not None and task.owner_id != owner.pk:
            services.task_update(actor=None, task=task, data={"owner": owner})


def _find_tasks(plan: Plan, words: str) -> list:
    # A plan often names the same work twice (its section and its monthly schedule);
    # the record is evidence for both.
    found = []
    for word in words.split("|"):
        found += [t for t in plan.tasks.filter(text__contains=word).order_by("position")]
    return list(dict.fromkeys(found))


def _link_records(plan: Plan, org: Organisation, actor, today: dt.date) -> None:
    year = plan.year
    for month, day, title, people, words in RECORDS.get(org.code, []):
        date = dt.date(year, month, day)
        tasks = _find_tasks(plan, words)
        if date > today or not tasks or plan.status != PlanStatus.ACCEPTED:
            continue
        record = services.record_create(
            actor=actor,
            org=org,
            data={"title": title, "date": date, "participants": people, "text": title + "。"},
            task=tasks[0],
        )
        for task in tasks[1:]:
            services.evidence_link(
                actor=actor, task=task, kind_key="plans.record", object_id=record.pk
            )
    words, title, months = MONTHLY.get(org.code, ("", "", []))
    found = _find_tasks(plan, words) if words else []
    if not found:
        return
    task = found[0]
    if not task.recurrence:
        # The demo shows a monthly task even if the parser read the sentence differently.
        services.task_update(
            actor=None,
            task=task,
            data={"recurrence": {"per": "month", "times": 1}, "months": list(range(3, 13))},
        )
    for month in months:
        date = dt.date(year, month, 15)
        if date <= today:
            services.record_create(
                actor=actor,
                org=org,
                data={"title": f"{month}月{title}", "date": date, "participants": 20},
                task=task,
            )
