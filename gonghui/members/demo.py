"""About 2,000 demo members spread over the demo unions and groups, with histories.

Deterministic: a fixed random seed, and people keyed by their ID number, so running the
demo again changes nothing. The accounts `member` and `group_leader` get their records.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from gonghui.core.models import audited_bulk_create
from gonghui.orgs.models import Organisation, OrgKind

from . import idcard
from .models import EventKind, Member, MembershipEvent, Status

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕鹏辉国志海春梅文博子涵浩然欣怡梓萱宇轩思远佳雨桐嘉豪俊晓东"
REGIONS = ["340102", "340104", "340111", "340121", "320102", "330106", "110101", "310104"]
# Union code → (members, departments)
UNIONS = {
    "S0001": (
        420,
        ["语文组", "数学组", "英语组", "理化生组", "政史地组", "体艺组", "后勤处", "教务处"],
    ),
    "H0001": (
        760,
        ["心内科", "消化内科", "骨科", "普外科", "护理部", "检验科", "药剂科", "行政后勤"],
    ),
    "F0001": (620, ["一车间", "二车间", "质检部", "技术研发中心", "销售部", "行政部"]),
    "C0001": (200, ["东苑社区", "西苑社区", "商户联合会", "物业公司"]),
}
# Members whose demo accounts exist: (username, union, group, name, id number seed)
LINKED = [("member", "S0001-G01", "郑子涵"), ("group_leader", "S0001-G01", "吴秀英")]


def _id(rng: random.Random, birth: dt.date, male: bool) -> str:
    seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
    first17 = rng.choice(REGIONS) + birth.strftime("%Y%m%d") + f"{seq:03d}"
    return first17 + idcard.check_char(first17)


def _person(rng: random.Random, today: dt.date) -> dict:
    male = rng.random() < 0.48
    birth = today.replace(year=today.year - rng.randint(22, 62)) - dt.timedelta(
        days=rng.randint(0, 364)
    )
    name = (
        rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    )
    return {
        "name": name,
        "sex": "male" if male else "female",
        "birth_date": birth,
        "id_number": _id(rng, birth, male),
        "ethnicity": rng.choice(["汉族"] * 18 + ["回族", "满族", "壮族", "土家族"]),
        "mobile": "1" + rng.choice("35789") + "".join(str(rng.randrange(10)) for _ in range(9)),
        "political_status": rng.choice(
            ["中共党员"] * 5 + ["群众"] * 9 + ["共青团员"] * 3 + ["民盟盟员", "九三学社社员"]
        ),
        "education": rng.choice(
            ["研究生", "大学本科", "大学本科", "大学本科", "大学专科", "大学专科", "中专", "高中"]
        ),
        "monthly_wage": Decimal(rng.randrange(3500, 16000, 10)),
    }


def load(ctx) -> None:
    rng = random.Random(20261125)
    today = dt.date(2026, 11, 1)  # fixed so that the data set is the same every year
    orgs: dict[str, Organisation] = ctx["orgs"]
    if Member.objects.filter(org__path__startswith=orgs["D0001"].path).exists():
        return  # already loaded: the demo is idempotent
    users = ctx["users"]
    members: list[Member] = []
    # Events are built once the members have their primary keys: (index, event fields).
    pending: list[tuple[int, dict]] = []

    def add(member: Member, *events: dict) -> None:
        members.append(member)
        pending.extend((len(members) - 1, e) for e in events)

    for code, (count, departments) in UNIONS.items():
        union = orgs[code]
        groups = list(
            Organisation.objects.filter(path__startswith=union.path, kind=OrgKind.GROUP).order_by(
                "code"
            )
        )
        for i in range(count):
            data = _person(rng, today)
            migrant = code in ("F0001", "C0001") and rng.random() < 0.3
            joined = today - dt.timedelta(days=rng.randint(60, 365 * 15))
            member = Member(
                org=groups[i % len(groups)] if groups else union,
                department=rng.choice(departments),
                joined_on=joined,
                card_number=f"{code}{i + 1:05d}",
                status=Status.ACTIVE,
                status_since=joined,
                member_type="migrant"
                if migrant
                else ("dispatched" if rng.random() < 0.05 else "regular"),
                **data,
            )
            # Dues are paid up to last month, except a few factory members long behind.
            behind = code == "F0001" and i % 97 == 5
            member.dues_paid_until = dt.date(2026, 3, 1) if behind else dt.date(2026, 10, 1)
            events = [{"org": union, "kind": EventKind.JOINED, "date": joined}]
            roll = rng.random()
            age = (today - data["birth_date"]).days // 365
            if age >= 58 and roll < 0.5:
                retired = today - dt.timedelta(days=rng.randint(10, 700))
                member.status, member.status_since = Status.RETAINED, retired
                member.dues_stop_month, member.employment_status = retired.replace(day=1), "退休"
                events.append(
                    {"org": union, "kind": EventKind.RETAINED, "date": retired, "reason": "退休"}
                )
            elif roll < 0.02:
                left = today - dt.timedelta(days=rng.randint(10, 300))
                member.status, member.status_since = Status.LEFT, left
                events.append(
                    {
                        "org": union,
                        "kind": EventKind.LEFT,
                        "date": left,
                        "reason": "调离本单位，本人申请退会",
                    }
                )
            elif roll < 0.04 and code != "S0001":
                # Came over from the school union: the history shows both sides.
                moved = joined + dt.timedelta(days=rng.randint(30, 400))
                school = orgs["S0001"]
                move = {"date": moved, "from_org": school, "to_org": union}
                events += [
                    {"org": school, "kind": EventKind.TRANSFER_OUT, **move},
                    {"org": union, "kind": EventKind.TRANSFER_IN, **move},
                ]
            add(member, *events)
    for username, group_code, name in LINKED:
        data = {**_person(rng, today), "name": name}
        joined = dt.date(2015, 9, 1)
        member = Member(
            org=orgs[group_code],
            user=users[username],
            joined_on=joined,
            status=Status.ACTIVE,
            **data,
        )
        add(member, {"org": orgs["S0001"], "kind": EventKind.JOINED, "date": joined})
    for _ in range(2):  # applications waiting for the school committee
        member = Member(
            org=orgs["S0001-G02"], status=Status.APPLIED, status_since=today, **_person(rng, today)
        )
        add(member, {"org": orgs["S0001"], "kind": EventKind.APPLIED, "date": today})

    created = audited_bulk_create(Member, members)
    audited_bulk_create(
        MembershipEvent, [MembershipEvent(member=created[i], **fields) for i, fields in pending]
    )
