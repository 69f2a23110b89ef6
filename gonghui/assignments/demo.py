"""Demo: the district sends one report form (2026年职工之家建设情况统计) to its unions;
the factory has handed it in, the school keeps a draft, the hospital was reminded. The
district's own work plan for the year has a task (安全生产月) passed down to its unions
as an assigned task; the school has proved it with one of its activities and handed it in.

Deterministic (the deadline is three weeks after the day the demo is loaded) and
idempotent (nothing is added when the district already sent a form of that title)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from . import services
from .models import Assignment, AssignmentTarget

TITLE = "职工之家建设情况统计"
DEFINITION = {
    "fields": [
        {"key": "staff", "label": "职工人数", "type": "number", "required": True},
        {"key": "members", "label": "会员人数", "type": "number", "required": True},
        {
            "key": "level",
            "label": "职工之家等级",
            "type": "choice",
            "required": True,
            "choices": ["全国模范职工之家", "省级模范职工之家", "市级模范职工之家", "未评定"],
        },
        {"key": "area", "label": "活动阵地面积（平方米）", "type": "number"},
        {"key": "built_on", "label": "建成时间", "type": "date"},
        {
            "key": "activities",
            "label": "本年主要活动",
            "type": "table",
            "columns": [
                {"key": "date", "label": "日期", "type": "date"},
                {"key": "name", "label": "活动名称", "type": "text"},
                {"key": "people", "label": "参加人数", "type": "number"},
            ],
        },
        {"key": "notes", "label": "建设情况说明", "type": "text"},
        {"key": "photos", "label": "阵地照片", "type": "file"},
    ]
}


def load(ctx) -> None:
    orgs, users = ctx["orgs"], ctx["users"]
    district, staff = orgs["D0001"], users["district"]
    year = timezone.localdate().year
    title = f"{year}年{TITLE}"
    if Assignment._base_manager.filter(org=district, title=title).exists():
        return
    form = services.assignment_create(
        actor=staff,
        org=district,
        data={
            "kind": "form",
            "title": title,
            "instructions": "请各基层工会如实填报本单位职工之家建设情况，附阵地照片，按时提交。",
            "deadline": timezone.localdate() + dt.timedelta(days=21),
            "definition": DEFINITION,
            "target_mode": "subtree",
        },
    )
    services.assignment_send(actor=staff, assignment=form)
    targets = {t.org.code: t for t in AssignmentTarget._base_manager.filter(assignment=form)}
    services.answer_save(
        actor=users["factory_chair"],
        target=targets["F0001"],
        submit=True,
        values={
            "staff": "486",
            "members": "472",
            "level": "市级模范职工之家",
            "area": "320",
            "built_on": f"{year - 6}-05-01",
            "activities": [
                {"date": f"{year}-03-08", "name": "三八妇女节插花活动", "people": "86"},
                {"date": f"{year}-05-20", "name": "职工篮球赛", "people": "120"},
            ],
            "notes": "职工之家设阅览室、健身房、母婴室，全年开放。",
        },
    )
    services.answer_save(
        actor=users["school_chair"],
        target=targets["S0001"],
        values={"staff": "215", "level": "省级模范职工之家"},
    )
    if "H0001" in targets:
        services.target_remind(actor=staff, target=targets["H0001"], note="请于截止日前填报。")
    _plan_task_passed_down(district, staff, users, year)


FEDERATION_TASKS = [
    ("深入开展“安全生产月”活动，组织各基层工会开展安全知识竞赛和隐患排查", [6, 12]),
    ("组织开展职工技能比武和劳动竞赛", [9, 10]),
    ("做好元旦春节送温暖工作，摸清困难职工底数", [1, 2]),
]


def _plan_task_passed_down(district, staff, users, year) -> None:
    """The district's plan for the year (accepted), its first task sent down to every
    union; the school answers with a record of its own."""
    from gonghui.plans import services as plans

    plan = plans.plan_create(
        actor=staff, org=district, year=year, title=f"{district.name}{year}年工作要点"
    )
    for text, months in FEDERATION_TASKS:
        plans.task_create(actor=staff, plan=plan, data={"text": text, "months": months})
    plans.plan_accept(actor=staff, plan=plan)
    task = plan.tasks.order_by("position", "id").first()
    sent = services.assignment_send(
        actor=staff, assignment=services.assignment_from_task(actor=staff, task=task)
    )
    school = AssignmentTarget._base_manager.filter(assignment=sent, org__code="S0001").first()
    if school is None:
        return
    chair = users["school_chair"]
    found = services.record_choices(school, "activities.activity")
    if found:
        services.answer_record_link(
            actor=chair, target=school, kind="activities.activity", object_id=found[0][0].pk
        )
    services.answer_save(
        actor=chair,
        target=school,
        submit=True,
        values={"report": "6月组织全校教职工开展安全知识竞赛，排查并整改隐患3处。"},
    )
