"""Demo activities: a union year of them across the demo unions, with sign-ups and check-ins.

Deterministic (a fixed random seed, fixed dates in 2026 for what has taken place) and
idempotent (nothing is added when the demo unions already have activities). What is
still ahead is dated from the day the demo is loaded, so that a fresh demo always has
sign-ups open to try. Written in bulk (one statement per table) to keep the first
`make run` quick.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from decimal import Decimal

from django.utils import timezone

from gonghui.core.models import audited_bulk_create
from gonghui.members.models import Member

from . import audience
from .models import Activity, CheckinMethod, Signup, SignupState, Source, Status

TZ = timezone.get_fixed_timezone(8 * 60)  # the demo unions are in China (UTC+8)

# (union, title, kind, audience, month, day, hour, hours, place, quota, cost per person,
#  budget, status, group codes, family allowed, report)
PAST = [
    (
        "S0001",
        "“巾帼心向党”三八节女教职工插花活动",
        "festival",
        "women",
        3,
        6,
        15,
        2,
        "学校工会活动室",
        40,
        "45.00",
        "1800.00",
        Status.ARCHIVED,
        (),
        False,
        "组织女教职工学习插花技艺，邀请市插花协会老师现场指导，营造温馨节日氛围。",
    ),
    (
        "F0001",
        "学雷锋志愿服务进社区",
        "volunteer",
        "all",
        3,
        5,
        9,
        3,
        "阳光街道东苑社区",
        30,
        None,
        "600.00",
        Status.ARCHIVED,
        (),
        False,
        "职工志愿者为社区老人义务维修家电、理发，服务群众八十余人次。",
    ),
    (
        "S0001",
        "春季踏青亲子游",
        "outing",
        "all",
        4,
        18,
        8,
        8,
        "巢湖半汤郊野公园",
        60,
        "80.00",
        "4800.00",
        Status.ARCHIVED,
        (),
        True,
        "组织教职工及家属春游，增进交流，放松身心。",
    ),
    (
        "F0001",
        "庆五一职工篮球联赛",
        "contest",
        "all",
        4,
        25,
        14,
        4,
        "公司职工活动中心篮球场",
        48,
        "30.00",
        "5000.00",
        Status.ARCHIVED,
        (),
        False,
        "各车间组队参赛，共进行小组赛与决赛六场，一车间队获得冠军。",
    ),
    (
        "H0001",
        "“5·12”国际护士节表彰联欢会",
        "festival",
        "all",
        5,
        12,
        16,
        2,
        "医院学术报告厅",
        120,
        "25.00",
        "3000.00",
        Status.ARCHIVED,
        ("H0001-G01",),
        False,
        "表彰优秀护士，护理部组织文艺节目，弘扬南丁格尔精神。",
    ),
    (
        "S0001",
        "教职工心理健康讲座",
        "lecture",
        "all",
        5,
        20,
        15,
        2,
        "学校报告厅",
        None,
        None,
        "1200.00",
        Status.ARCHIVED,
        (),
        False,
        "邀请心理咨询师讲授压力管理与情绪调适方法。",
    ),
    (
        "H0001",
        "急救技能（心肺复苏）培训",
        "lecture",
        "all",
        6,
        16,
        14,
        3,
        "医院技能培训中心",
        60,
        None,
        "2000.00",
        Status.ARCHIVED,
        (),
        False,
        "开展心肺复苏与AED使用实操培训，参训职工全部通过考核。",
    ),
    (
        "F0001",
        "安全生产知识竞赛",
        "contest",
        "all",
        6,
        26,
        14,
        3,
        "公司多功能厅",
        90,
        None,
        "3500.00",
        Status.ARCHIVED,
        (),
        False,
        "结合安全生产月开展知识竞赛，质检部代表队获一等奖。",
    ),
    (
        "S0001",
        "庆祝第42个教师节座谈会",
        "festival",
        "all",
        9,
        10,
        15,
        2,
        "学校会议室",
        None,
        "20.00",
        "2500.00",
        Status.ARCHIVED,
        (),
        False,
        "座谈交流，慰问教龄满三十年教师，发放节日慰问品。",
    ),
    (
        "C0001",
        "青年职工趣味运动会",
        "sports",
        "under_35",
        10,
        17,
        9,
        4,
        "街道文体中心",
        80,
        "35.00",
        "3200.00",
        Status.FINISHED,
        (),
        False,
        "",
    ),
    (
        "S0001",
        "重阳节走访慰问退休教职工",
        "retirees",
        "retirees",
        10,
        29,
        9,
        4,
        "退休教职工家中及老年活动中心",
        None,
        "100.00",
        "3000.00",
        Status.FINISHED,
        (),
        False,
        "走访慰问退休教职工，送去节日问候与慰问品。",
    ),
]

# Ahead of the day the demo is loaded: (union, title, kind, audience, days ahead, hour,
# hours, place, quota, cost per person, budget, status, family allowed)
AHEAD = [
    (
        "S0001",
        "迎新年教职工趣味运动会",
        "sports",
        "all",
        18,
        14,
        3,
        "学校体育馆",
        80,
        "30.00",
        "3000.00",
        Status.SIGNUP_OPEN,
        True,
    ),
    (
        "H0001",
        "冬季健步走",
        "sports",
        "all",
        10,
        8,
        3,
        "滨湖湿地公园",
        100,
        None,
        "2000.00",
        Status.SIGNUP_OPEN,
        False,
    ),
    (
        "F0001",
        "职工技能培训：数控机床操作",
        "lecture",
        "under_35",
        24,
        9,
        6,
        "公司培训中心",
        30,
        None,
        "1500.00",
        Status.PUBLISHED,
        False,
    ),
    (
        "C0001",
        "新年慰问困难职工（筹备）",
        "other",
        "all",
        35,
        9,
        4,
        "街道工会",
        None,
        None,
        "5000.00",
        Status.DRAFT,
        False,
    ),
]


def _key(title: str) -> str:
    return hashlib.sha256(title.encode()).hexdigest()[:16]


def load(ctx) -> None:
    _load_activities(ctx)
    _load_groups_and_contests(ctx)


def _load_activities(ctx) -> None:
    orgs = ctx["orgs"]
    if Activity._base_manager.filter(org__path__startswith=orgs["D0001"].path).exists():
        return  # already loaded: the demo is idempotent
    rng = random.Random(20260308)
    users = ctx.get("users", {})
    chair_of = {
        code: users.get(name)
        for code, name in (
            ("S0001", "school_chair"),
            ("H0001", "hospital_chair"),
            ("F0001", "factory_chair"),
            ("C0001", "community_chair"),
        )
    }

    activities: list[Activity] = []
    group_codes: list[tuple[str, ...]] = []
    # Held activities whose cost is recorded after the bulk insert, through the service
    # (so it reaches the books): the activity, its cost and the status it ends in.
    costs: list[tuple[Activity, Decimal, str]] = []
    for (
        code,
        title,
        kind,
        aud,
        month,
        day,
        hour,
        hours,
        place,
        quota,
        cost,
        budget,
        status,
        groups,
        family,
        report,
    ) in PAST:
        starts = dt.datetime(2026, month, day, hour, 0, tzinfo=TZ)
        activity = Activity(
            org=orgs[code],
            title=title,
            kind=kind,
            audience=aud,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=hours),
            place=place,
            description=f"{title}。欢迎会员踊跃报名参加。",
            signup_opens_at=starts - dt.timedelta(days=14),
            signup_closes_at=starts - dt.timedelta(days=2),
            quota=quota,
            family_allowed=family,
            family_max=2 if family else 0,
            family_counts=True,
            cost_per_person=Decimal(cost) if cost else None,
            budget=Decimal(budget),
            report=report,
            # Archived once its cost is recorded (a record is written before filing).
            status=Status.FINISHED if report else status,
            checkin_key=_key(title),
            created_by=chair_of[code],
        )
        activities.append(activity)
        group_codes.append(groups)
        if report:
            spent = (Decimal(budget) * Decimal("0.92")).quantize(Decimal("0.01"))
            costs.append((activity, spent, status))
    today = timezone.localdate()
    for (
        code,
        title,
        kind,
        aud,
        ahead,
        hour,
        hours,
        place,
        quota,
        cost,
        budget,
        status,
        family,
    ) in AHEAD:
        day = today + dt.timedelta(days=ahead)
        starts = dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)
        opens = starts - dt.timedelta(days=30 if status == Status.SIGNUP_OPEN else 7)
        activities.append(
            Activity(
                org=orgs[code],
                title=title,
                kind=kind,
                audience=aud,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=hours),
                place=place,
                description=f"{title}。请在报名截止前报名，名额有限。",
                signup_opens_at=opens,
                signup_closes_at=starts - dt.timedelta(days=2),
                quota=quota,
                family_allowed=family,
                family_max=2 if family else 0,
                cost_per_person=Decimal(cost) if cost else None,
                budget=Decimal(budget),
                status=status,
                checkin_key=_key(title),
                created_by=chair_of[code],
            )
        )
        group_codes.append(())
    created = audited_bulk_create(Activity, activities)
    links = []
    for a, codes in zip(created, group_codes, strict=True):
        links += [Activity.groups.through(activity=a, organisation=orgs[c]) for c in codes]
    Activity.groups.through.objects.bulk_create(links)

    demo_member = (
        Member._base_manager.filter(user=users["member"]).values_list("id", flat=True).first()
        if users.get("member")
        else None
    )
    signups: list[Signup] = []
    for a in created:
        if a.status in (Status.DRAFT, Status.PUBLISHED):
            continue
        people = list(
            Member._base_manager.filter(audience.condition(a), user__isnull=True)
            .order_by("id")
            .values_list("id", flat=True)
        )
        held = a.status in (Status.FINISHED, Status.ARCHIVED)
        share = 0.45 if held else 0.25
        chosen = rng.sample(people, min(len(people), int(len(people) * share)))
        # The demo member took part in the school's activities for everyone.
        school_for_all = a.org.code == "S0001" and a.audience == "all"
        if held and school_for_all and demo_member is not None and demo_member not in chosen:
            chosen.insert(min(len(chosen), 3), demo_member)
        # Past activities filled up (a few waited in vain); those ahead are filling up.
        room = a.quota if held or a.quota is None else int(a.quota * 0.6)
        places, waiting, seq = 0, 0, 0
        opens = a.signup_opens_at
        for member_id in chosen:
            family = rng.choice([0, 0, 1, 2]) if a.family_allowed else 0
            confirmed = waiting == 0 and (room is None or places + 1 + family <= room)
            if not confirmed and (not held or waiting >= 4):
                break
            seq += 1  # noqa: SIM113 - only those kept are numbered
            if confirmed:
                places += 1 + family
            else:
                waiting += 1
            at = opens + dt.timedelta(minutes=7 * seq + rng.randrange(5))
            came = held and confirmed and rng.random() < 0.88
            signups.append(
                Signup(
                    activity=a,
                    member_id=member_id,
                    seq=seq,
                    family_count=family,
                    state=SignupState.CONFIRMED if confirmed else SignupState.WAITLISTED,
                    source=Source.SELF if seq % 5 else Source.CADRE,
                    signed_up_at=at,
                    checked_in_at=a.starts_at + dt.timedelta(minutes=rng.randrange(-20, 15))
                    if came
                    else None,
                    checkin_method=(CheckinMethod.QR if rng.random() < 0.7 else CheckinMethod.SHEET)
                    if came
                    else "",
                )
            )
    audited_bulk_create(Signup, signups)
    _record_costs(ctx, [(a, cost, status, chair_of[a.org.code]) for a, cost, status in costs])


def _record_costs(ctx, costs) -> None:
    """The actual costs of the activities held, recorded as the after-activity page does:
    each becomes a payout voucher of its union (50102, 50105...), paid from its 工会经费.
    The union's funds and their income are loaded first (funds.demo, idempotent), since
    this app's demo runs before that one's."""
    from gonghui.funds import demo as funds_demo

    from .services import activity_archive, activity_record

    funds_demo.load(ctx)
    for activity, cost, status, actor in costs:
        activity_record(actor=actor, activity=activity, report=activity.report, actual_cost=cost)
        if status == Status.ARCHIVED:
            activity_archive(actor=actor, activity=activity)


# -- interest groups and contests ---------------------------------------------------------

SPEECH = "“奋进新时代”教职工演讲比赛"
# Scores of the six speakers by the three judges (deterministic; three tie for second).
SPEECH_SCORES = [
    ("9.20", "9.50", "9.00"),
    ("8.80", "9.10", "8.60"),
    ("8.70", "8.90", "8.80"),
    ("9.00", "8.50", "8.80"),
    ("8.20", "8.60", "8.40"),
    ("7.90", "8.30", "8.00"),
]


def _load_groups_and_contests(ctx) -> None:
    """The school union's calligraphy group (书法小组, led by the demo member) with its
    approved plan, and a finished speech contest with its scores and published results."""
    from .contests.services import (
        contest_create,
        entrant_add,
        judge_add,
        results_publish,
        score_enter,
    )
    from .groups.services import group_create, group_member_add, plan_decide, plan_save, plan_submit
    from .models import Contest, InterestGroup

    orgs, users = ctx["orgs"], ctx.get("users", {})
    school = orgs["S0001"]
    leader_user, chair = users.get("member"), users.get("school_chair")
    if leader_user is None or chair is None:
        return
    leader = Member._base_manager.filter(user=leader_user).first()
    people = list(
        Member._base_manager.filter(
            org__path__startswith=school.path, user__isnull=True, status="active"
        ).order_by("id")[:12]
    )
    if not InterestGroup._base_manager.filter(org=school, name="书法").exists():
        group = group_create(
            actor=chair,
            org=school,
            name="书法",
            leader=leader,
            description="每周三下午在活动室练习书法，年底举办作品展。",
        )
        for m in people[:6]:
            group_member_add(actor=chair, group=group, member=m)
        plan = plan_save(
            actor=leader_user,
            group=group,
            year=2026,
            by_leader=True,
            text="每周三集中练习；邀请书法家授课两次；春节前为教职工写春联；年底举办作品展。",
            budget=Decimal("3000.00"),
        )
        plan_submit(actor=leader_user, plan=plan)
        plan_decide(actor=chair, plan=plan, approve=True)

    if Activity._base_manager.filter(org=school, title=SPEECH).exists():
        return
    starts = dt.datetime(2026, 6, 18, 15, 0, tzinfo=TZ)
    activity = Activity(
        org=school,
        title=SPEECH,
        kind="contest",
        audience="all",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        place="学校报告厅",
        description="围绕“奋进新时代”主题，每人演讲不超过六分钟。",
        status=Status.FINISHED,
        checkin_key=_key(SPEECH),
        budget=Decimal("1500.00"),
        report="六位教职工参赛，三位评委现场打分，去掉最高分和最低分取平均分。",
        created_by=chair,
    )
    activity.save()
    _record_costs(ctx, [(activity, Decimal("1380.00"), Status.FINISHED, chair)])
    contest = contest_create(actor=chair, activity=activity, score_max=Decimal("10"))
    speakers = [entrant_add(actor=chair, contest=contest, member=m) for m in people[6:12]]
    judges = [u for u in (chair, users.get("school_cadre"), leader_user) if u is not None]
    for u in judges:
        judge_add(actor=chair, contest=contest, user=u)
    for entrant, row in zip(speakers, SPEECH_SCORES, strict=False):
        for u, value in zip(judges, row, strict=False):
            score_enter(actor=u, contest=contest, entrant=entrant, value=Decimal(value))
    results_publish(actor=chair, contest=Contest._base_manager.get(pk=contest.pk))
