"""Demo: the factory (F0001) runs this year's “我为企业献一策” 金点子 drive and holds 60 ideas
of the year in every state of the cycle: waiting for screening, not taken up (with the
reason), with a department (three of them overdue), answered, kept for later, not
adopted, adopted, being implemented, verified (value created in 万元), rewarded (some
paid through the books on 50301) and closed with feedback.

Deterministic (members, titles and states by position) and idempotent (nothing is added
when the factory already has ideas this year). Ideas are entered as handed in on paper
on spread dates, through the same services as the pages.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from gonghui.members.models import ON_ROLL, Member

from . import services
from .models import DepartmentRequest, Idea

TITLES = [
    (
        "数控车床冷却液循环过滤改造",
        "saving",
        "冷却液每周更换一次，杂质多。建议加装磁性过滤和纸带过滤，延长更换周期。",
    ),
    ("装配线工装夹具快换设计", "technique", "换型时夹具拆装要40分钟，建议改为定位销加快换压板。"),
    ("车间照明改LED并分区控制", "saving", "夜班只用部分工位，整车间照明全开浪费电，建议分区开关。"),
    ("叉车通道增设反光镜", "safety", "二车间拐角视线盲区，叉车和行人易碰撞，建议加装凸面反光镜。"),
    ("质检抽样记录改扫码录入", "quality", "纸质记录誊抄易错，建议用扫码枪直接录入系统。"),
    ("空压机余热回收用于浴室热水", "saving", "空压机散热大量浪费，可回收加热职工浴室用水。"),
    ("废切削液集中收集点改造", "safety", "现收集桶无防渗，建议建防渗池并加盖。"),
    ("新员工岗位操作视频教材", "management", "师带徒讲解不统一，建议拍摄标准操作视频。"),
    ("食堂错峰就餐", "service", "中午排队时间长，建议各车间错开十分钟就餐。"),
    ("刀具寿命管理看板", "management", "刀具更换凭经验，建议按加工件数建立寿命看板。"),
    ("焊接烟尘局部排风罩", "safety", "焊接工位烟尘大，建议加装可移动排风罩。"),
    ("包装纸箱规格统一", "saving", "纸箱规格多达12种，建议归并为5种，减少库存。"),
    ("设备点检表简化", "management", "点检表项目重复，建议按设备类别重新编制。"),
    ("来料检验免检清单", "quality", "长期合格的供应商零件可改为抽检，节省检验工时。"),
    ("车间饮水点增设", "service", "一车间东侧无饮水点，夏季职工往返远。"),
    ("液压站漏油收集托盘", "saving", "液压站渗漏油直接流地面，建议加接油托盘回收。"),
    ("班前会安全提示卡", "safety", "班前会内容随意，建议按岗位制作安全提示卡轮讲。"),
    ("成品库货位编码", "management", "找货靠记忆，建议货位编码并在系统登记。"),
    ("模具保养周期调整", "technique", "部分模具保养过勤，建议按冲次确定保养周期。"),
    ("夜班通勤班车", "service", "夜班下班时公交已停运，建议开通夜班通勤车。"),
]
DEPARTMENTS = ["设备部", "生产部", "安全环保部", "质量部", "行政部", "技术研发中心"]
# The state each idea reaches, by position (60 in all).
PLAN = (
    ["submitted"] * 6
    + ["not_accepted"] * 4
    + ["accepted"] * 4
    + ["sent"] * 8
    + ["answered"] * 6
    + ["kept"] * 3
    + ["rejected"] * 5
    + ["adopted"] * 5
    + ["implementing"] * 6
    + ["verified"] * 5
    + ["rewarded"] * 5
    + ["closed"] * 3
)
assert len(PLAN) == 60
ORDER = [
    "accepted",
    "sent",
    "answered",
    "decided",
    "implementing",
    "verified",
    "rewarded",
    "closed",
]
REACHES = {
    "submitted": -1,
    "not_accepted": -1,
    "accepted": 0,
    "sent": 1,
    "answered": 2,
    "kept": 3,
    "rejected": 3,
    "adopted": 3,
    "implementing": 4,
    "verified": 5,
    "rewarded": 6,
    "closed": 7,
}


def load(ctx) -> None:
    orgs, users = ctx["orgs"], ctx["users"]
    factory, chair = orgs["F0001"], users["factory_chair"]
    today = timezone.localdate()
    year = today.year
    if Idea._base_manager.filter(org=factory, year=year).exists():
        return
    members = list(
        Member._base_manager.filter(org__path__startswith=factory.path, status__in=ON_ROLL)
        .exclude(department="")
        .order_by("pk")[:300]
    )
    if not members:
        ctx.setdefault("warnings", []).append("ideas demo: F0001 has no members")
        return
    services.drive_create(
        actor=chair,
        org=factory,
        data={
            "title": f"{year}年“我为企业献一策”金点子征集活动",
            "theme": "围绕安全生产、提质增效、节能降耗和职工服务，征集职工的合理化建议。",
            "starts_on": dt.date(year, 1, 1),
            "ends_on": dt.date(year, 12, 31),
        },
    )
    span = max((today - dt.date(year, 1, 1)).days, 1)
    for i, target in enumerate(PLAN):
        title, category, text = TITLES[i % len(TITLES)]
        if i >= len(TITLES):
            title = f"{title}（{'二三'[i // len(TITLES) - 1]}）"
        proposer = members[(i * 7) % len(members)]
        co = [members[(i * 7 + 3) % len(members)]] if i % 5 == 0 else []
        # Spread over the year so far, the waiting ones the most recent.
        handed_in = dt.date(year, 1, 1) + dt.timedelta(days=(span * (59 - i)) // 60)
        idea = services.idea_enter(
            actor=chair,
            org=factory,
            proposer=proposer,
            co_proposers=co,
            data={
                "title": title,
                "text": text,
                "category": category,
                "expected_benefit": "预计每年节约成本约%s万元。" % (i % 9 + 1)
                if category == "saving"
                else "",
                "team": f"{proposer.department}QC小组" if co else "",
            },
            handed_in=min(handed_in, today),
        )
        _advance(idea, target, i, chair, today, ctx)


def _advance(idea: Idea, target: str, i: int, chair, today, ctx) -> None:
    if target == "submitted":
        return
    if target == "not_accepted":
        services.idea_decline(
            actor=chair,
            idea=idea,
            reason="该问题已列入公司年度技改计划，不再重复立项，感谢您的关注。",
        )
        return
    reach = REACHES[target]
    services.idea_accept(actor=chair, idea=idea, note="符合征集范围，予以立项。")
    if reach < 1:
        return
    department = DEPARTMENTS[i % len(DEPARTMENTS)]
    services.idea_send(actor=chair, idea=idea, department=department, contact="部门负责人")
    if target == "sent" and i % 3 == 0:
        # Sent three weeks ago with the usual fortnight: overdue now.
        deadline = today - dt.timedelta(days=6)
        for request in DepartmentRequest._base_manager.filter(idea=idea):
            request.deadline = deadline
            request.save()
        idea.deadline = deadline
        idea.save()
    if reach < 2:
        return
    services.idea_record_answer(
        actor=chair,
        idea=idea,
        answer="经部门研究，建议可行，可在下季度安排实施，所需费用约%s千元。" % (i % 7 + 2),
        answered_by=f"{department}负责人",
    )
    if reach < 3:
        return
    services.review_record(
        actor=chair,
        idea=idea,
        scores={"mass": 7, "novelty": 5 + i % 4, "practical": 8, "benefit": 5 + i % 5},
        recommendation={"kept": "later", "rejected": "reject"}.get(target, "adopt"),
    )
    if target == "kept":
        services.idea_decide(
            actor=chair,
            idea=idea,
            outcome="later",
            reason="目前条件不具备，留存备用，待设备更新时统筹考虑。",
        )
        return
    if target == "rejected":
        services.idea_decide(
            actor=chair,
            idea=idea,
            outcome="reject",
            reason="经评估投入产出比偏低，暂不采纳，感谢您的建议。",
        )
        return
    services.idea_decide(actor=chair, idea=idea, outcome="adopt" if i % 4 else "trial")
    if reach < 4:
        return
    services.idea_implement(actor=chair, idea=idea, implementation="已列入部门计划并组织实施。")
    if reach < 5:
        return
    services.idea_verify(
        actor=chair,
        idea=idea,
        value_created=Decimal(i % 11 + 1) * Decimal("1.50"),
        verification="财务部按实施前后三个月对比测算，经部门负责人签字确认。",
    )
    if reach < 6:
        return
    reward = services.reward_record(
        actor=chair, idea=idea, amount=Decimal(200 + (i % 5) * 100), note="年度金点子奖"
    )
    if i % 2 == 0:
        try:
            services.reward_pay(
                actor=chair, reward=reward, override_reason="职代会通过的金点子奖励办法"
            )
        except services.IdeaError as exc:
            ctx.setdefault("warnings", []).append(f"ideas demo: reward not paid: {exc}")
    if reach < 7:
        return
    services.idea_close(
        actor=chair, idea=idea, feedback="您的建议已实施并取得实效，感谢您为企业发展献计献策！"
    )
