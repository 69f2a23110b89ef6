"""Demo: the school (S0001) runs this year's 师德标兵: four teachers nominated (one by the
member 郑子涵 from the phone), reviewed with scores, three put up for 公示 starting today;
a member raised an objection to one name and the chair answered it. The decision waits
for the end of the 公示 (the browser walk and the pages show that stage).

Deterministic (dates from the day the demo is loaded) and idempotent (nothing is added
when the school already has a round of that title)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gonghui.members.models import Member

from . import services
from .models import AwardRound, Nomination

STORIES = (
    "担任班主任十二年，所带班级连续三年获评校级先进班集体；坚持家访，帮扶学困生二十余名。",
    "主动承担送教下乡任务，全年完成示范课8节；指导青年教师3名，均在区赛中获奖。",
    "爱岗敬业、为人师表，疫情期间坚持线上辅导；所教学科成绩连续两年位居全区前列。",
    "带病坚持工作，甘于奉献；组织开展读书活动，被学生评为最喜爱的老师。",
)


def load(ctx) -> None:
    orgs, users = ctx["orgs"], ctx["users"]
    school, chair = orgs["S0001"], users["school_chair"]
    year = timezone.localdate().year
    title = f"{year}年度师德标兵评选"
    if AwardRound._base_manager.filter(org=school, title=title).exists():
        return
    teachers = list(
        Member._base_manager.filter(org__path__startswith=school.path, status="active")
        .exclude(user=users["member"])
        .order_by("id")[:4]
    )
    if len(teachers) < 4:
        ctx.setdefault("warnings", []).append("awards demo: fewer than 4 teachers in S0001")
        return
    r = services.round_create(
        actor=chair,
        org=school,
        data={
            "kind": "model_teacher",
            "title": title,
            "year": year,
            "quota": 3,
            "nomination_deadline": timezone.localdate() + dt.timedelta(days=7),
            "call_text": "各工会小组推荐师德高尚、教书育人成绩突出的教师，附主要事迹和照片。"
            "推荐截止后由校工会委员会评审，拟表彰名单公示5个工作日。",
        },
    )
    services.round_open(actor=chair, round=r)
    for i, teacher in enumerate(teachers):
        who = users["member"] if i == 0 else chair
        services.nomination_submit(
            actor=who, round=r, data={"member": teacher.pk, "story": STORIES[i]}
        )
    services.round_close_nominations(actor=chair, round=r)
    for i, n in enumerate(Nomination._base_manager.filter(round=r).order_by("id")):
        services.nomination_review(
            actor=chair,
            nomination=n,
            selected=i < 3,
            score=str(95 - i * 3),
            votes_for=9 - i,
            votes_cast=9,
            note="" if i < 3 else "本年度名额已满，建议下次推荐。",
        )
    r = services.round_publicise(actor=chair, round=r, start=timezone.localdate())
    first = Nomination._base_manager.filter(round=r, status="selected").order_by("id").first()
    objection = services.objection_raise(
        actor=users["group_leader"], nomination=first, text="该同志的家访次数是否属实？请核实。"
    )
    services.objection_answer(
        actor=chair,
        objection=objection,
        answer="经核实，家访记录齐全，共家访86户次，情况属实。",
    )
