"""Demo openness notices: the school's 校务公开 through the first three quarters of the
current year (so the fourth quarter's items show as due), a question answered and one
still open; the factory's 厂务公开 with a few notices, approved by its chair.

Deterministic (fixed titles and days of the current year; a day still ahead of the day
the demo is loaded is left out) and idempotent (nothing is added when the union already
has notices).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import Channel, Notice, Question, Status

# union, item, title, period, (month, day) published, channel, withdrawn after days, body
NOTICES = {
    "S0001": [
        (
            "plans",
            "2026年学校工作计划",
            "year",
            (2, 26),
            Channel.CONGRESS,
            None,
            "经第五届教代会第三次会议审议通过，现将本年度学校工作计划公开如下：\n一、深化课堂教学改革……\n二、加强教师队伍建设……\n三、改善办学条件……",
        ),
        (
            "finance",
            "第一季度学校财务收支情况",
            "q1",
            (4, 15),
            Channel.BOARD,
            None,
            "本季度收入合计 386.5 万元，其中财政拨款 372.0 万元；支出合计 341.2 万元，其中人员经费 268.4 万元、公用经费 72.8 万元。明细见附表。",
        ),
        (
            "construction",
            "教学楼维修工程招标结果公示",
            "event",
            (5, 20),
            Channel.BOARD,
            7,
            "教学楼外墙及屋面维修工程经公开招标，中标单位为示范区建安工程有限公司，中标价 48.6 万元。公示期 7 天。",
        ),
        (
            "finance",
            "第二季度学校财务收支情况",
            "q2",
            (7, 10),
            Channel.BOARD,
            None,
            "本季度收入合计 402.3 万元；支出合计 389.7 万元，其中人员经费 291.5 万元、公用经费 98.2 万元。",
        ),
        (
            "performance_pay",
            "上半年绩效工资分配方案及结果",
            "h1",
            (7, 5),
            Channel.INTRANET,
            None,
            "依据学校绩效工资分配办法，上半年奖励性绩效工资按岗位、工作量和考核结果分配，分配结果见附件。",
        ),
        (
            "hospitality",
            "上半年公务接待费使用情况",
            "h1",
            (7, 12),
            Channel.BOARD,
            None,
            "上半年公务接待 6 批次 41 人次，支出 3,860 元，均按规定标准列支。",
        ),
        (
            "titles",
            "2026年度职称评聘结果公示",
            "year",
            (9, 20),
            Channel.BOARD,
            7,
            "经学校职称评审推荐委员会评议，拟推荐以下教师晋升高一级职称（名单略）。公示期 7 天，如有异议请向学校工会反映。",
        ),
        (
            "finance",
            "第三季度学校财务收支情况",
            "q3",
            (10, 14),
            Channel.BOARD,
            None,
            "本季度收入合计 395.0 万元；支出合计 380.4 万元，其中工会经费拨付 6.2 万元、教职工活动支出 1.8 万元。",
        ),
    ],
    "F0001": [
        (
            "plans",
            "2026年度生产经营目标",
            "year",
            (3, 2),
            Channel.CONGRESS,
            None,
            "经公司职代会审议，本年度计划实现产值 1.8 亿元，利润 1,200 万元，安全生产零事故。",
        ),
        (
            "rules",
            "安全生产责任制考核办法（修订）",
            "event",
            (6, 3),
            Channel.INTRANET,
            None,
            "本办法经职代会讨论通过，自 7 月 1 日起施行，全文见公司内网。",
        ),
        (
            "wages",
            "2026年工资集体协商协议",
            "year",
            (4, 8),
            Channel.BOARD,
            None,
            "经工资集体协商，本年度职工工资平均增长 5.5%，最低工资标准以上岗位工资同步调整。",
        ),
        (
            "insurance",
            "上半年社会保险和住房公积金缴纳情况",
            "h1",
            (7, 15),
            Channel.BOARD,
            None,
            "上半年公司为 312 名职工足额缴纳五项社会保险和住房公积金，无欠缴。",
        ),
    ],
}
# Who drafted, approved and published: in the school a cadre drafts and the chair
# approves; the factory's only cadre is its chair, who approves her own drafts.
PEOPLE = {
    "S0001": ("school_cadre", "school_chair"),
    "F0001": ("factory_chair", "factory_chair"),
}
# union, draft title, item, period, status (the work in hand)
IN_HAND = [
    ("S0001", "2026年教职工评优评先方案（征求意见稿）", "awards", "year", Status.DRAFT),
    ("S0001", "2026年教职工社会保险缴纳情况", "insurance", "year", Status.APPROVED),
]
# notice title, (month, day) asked or days before today, question, answer (or "")
QUESTIONS = [
    (
        "第三季度学校财务收支情况",
        (10, 16),
        "“教职工活动支出”具体包括哪些项目？",
        "主要包括教师节座谈会、秋季趣味运动会的场地和奖品费用，明细已在公开栏附表列出。",
    ),
    ("上半年绩效工资分配方案及结果", -12, "班主任津贴是否计入奖励性绩效工资总量？", ""),
]


def load(ctx) -> None:
    orgs, users = ctx["orgs"], ctx["users"]
    today = timezone.localdate()
    year = today.year
    for code, rows in NOTICES.items():
        union = orgs[code]
        if Notice._base_manager.filter(org=union).exists():
            continue
        drafter, approver = (users[u] for u in PEOPLE[code])
        by_title = {}
        for item, title, period, (month, day), channel, shown_days, body in rows:
            published = dt.date(year, month, day)
            if published > today:
                continue
            withdrawn = published + dt.timedelta(days=shown_days) if shown_days else None
            if withdrawn and withdrawn > today:
                withdrawn = None
            n = Notice(
                org=union,
                item_code=item,
                category=_category(union, item),
                title=f"{year}年{title[5:]}" if title.startswith("2026年") else title,
                body=body,
                channel=channel,
                period_year=year,
                period=period,
                status=Status.WITHDRAWN if withdrawn else Status.PUBLISHED,
                created_by=drafter,
                approved_by=approver,
                approved_on=published - dt.timedelta(days=2),
                published_by=drafter,
                published_on=published,
                withdrawn_on=withdrawn,
                withdrawn_by=drafter if withdrawn else None,
                withdraw_reason="公示期满" if withdrawn else "",
            )
            n.save()
            by_title[title] = n
        for c, title, item, period, status in IN_HAND:
            if c != code:
                continue
            Notice(
                org=union,
                item_code=item,
                category=_category(union, item),
                title=f"{year}年{title[5:]}",
                body="（草稿）" + title,
                channel=Channel.BOARD,
                period_year=year,
                period=period,
                status=status,
                created_by=drafter,
                approved_by=approver if status == Status.APPROVED else None,
                approved_on=today if status == Status.APPROVED else None,
            ).save()
        member = users.get("member")
        for title, when, text, answer in QUESTIONS:
            notice = by_title.get(title)
            if notice is None or member is None:
                continue
            asked = (
                today + dt.timedelta(days=when) if isinstance(when, int) else dt.date(year, *when)
            )
            asked = min(max(asked, notice.published_on), today)
            Question(
                notice=notice,
                asked_by=member,
                text=text,
                asked_on=asked,
                answer=answer,
                answered_by=approver if answer else None,
                answered_on=min(asked + dt.timedelta(days=4), today) if answer else None,
            ).save()


def _category(union, item: str) -> str:
    from . import rules

    for i in rules.builtin_items(union.unit_type, state_owned=True):
        if i.code == item:
            return i.category
    return rules.Category.OTHER
