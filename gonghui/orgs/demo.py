"""Demo organisations, committees and one account per role.

The district matches the upper union that ../shared/tools/gen_roster.py writes (D0001,
示范区总工会), so its organisation file can be imported into the demo as it is.
Names are distinct and none contains another, which the scoping tests rely on.
"""

from __future__ import annotations

import datetime as dt

from gonghui.accounts.models import RoleAssignment, User

from .models import (
    CommitteeSeat,
    CommitteeTerm,
    Organisation,
    OrgKind,
    Portfolio,
    Position,
    UnitType,
)

PASSWORD = "Gonghui@2026"  # noqa: S105 - demo only, printed by `make run`

# code, name, kind, parent code, unit name, unit type
ORGS = [
    ("D0001", "示范区总工会", OrgKind.UPPER, None, "示范区", UnitType.ORGAN),
    ("S0001", "示范区实验中学工会", OrgKind.GRASSROOTS, "D0001", "示范区实验中学", UnitType.SCHOOL),
    ("S0001-G01", "语文教研组工会小组", OrgKind.GROUP, "S0001", "", UnitType.SCHOOL),
    ("S0001-G02", "数学教研组工会小组", OrgKind.GROUP, "S0001", "", UnitType.SCHOOL),
    ("S0001-G03", "后勤保障组工会小组", OrgKind.GROUP, "S0001", "", UnitType.SCHOOL),
    (
        "H0001",
        "示范区人民医院工会",
        OrgKind.GRASSROOTS,
        "D0001",
        "示范区人民医院",
        UnitType.HOSPITAL,
    ),
    ("H0001-B01", "内科分会", OrgKind.BRANCH, "H0001", "", UnitType.HOSPITAL),
    ("H0001-B01-G01", "心内科工会小组", OrgKind.GROUP, "H0001-B01", "", UnitType.HOSPITAL),
    ("H0001-B01-G02", "消化内科工会小组", OrgKind.GROUP, "H0001-B01", "", UnitType.HOSPITAL),
    ("H0001-B02", "外科分会", OrgKind.BRANCH, "H0001", "", UnitType.HOSPITAL),
    ("H0001-B02-G01", "骨科工会小组", OrgKind.GROUP, "H0001-B02", "", UnitType.HOSPITAL),
    ("H0001-G01", "护理部工会小组", OrgKind.GROUP, "H0001", "", UnitType.HOSPITAL),
    (
        "F0001",
        "华东精密机械有限公司工会",
        OrgKind.GRASSROOTS,
        "D0001",
        "华东精密机械有限公司",
        UnitType.ENTERPRISE,
    ),
    ("F0001-G01", "一车间工会小组", OrgKind.GROUP, "F0001", "", UnitType.ENTERPRISE),
    ("F0001-G02", "二车间工会小组", OrgKind.GROUP, "F0001", "", UnitType.ENTERPRISE),
    ("F0001-G03", "质检部工会小组", OrgKind.GROUP, "F0001", "", UnitType.ENTERPRISE),
    ("C0001", "阳光街道联合工会", OrgKind.JOINT, "D0001", "阳光街道办事处", UnitType.COMMUNITY),
    ("C0001-G01", "东苑社区工会小组", OrgKind.GROUP, "C0001", "", UnitType.COMMUNITY),
    ("C0001-G02", "商户联合工会小组", OrgKind.GROUP, "C0001", "", UnitType.COMMUNITY),
]

# username, role, org code, label printed by `make run`
ACCOUNTS = [
    ("district", "upper_staff", "D0001", "上级工会工作人员（示范区总工会）"),
    ("school_chair", "chair", "S0001", "工会主席（实验中学）"),
    ("hospital_chair", "chair", "H0001", "工会主席（人民医院）"),
    ("factory_chair", "chair", "F0001", "工会主席（精密机械公司）"),
    ("community_chair", "chair", "C0001", "工会主席（阳光街道）"),
    ("school_cadre", "cadre", "S0001", "工会委员（实验中学）"),
    ("factory_finance", "finance", "F0001", "会计（精密机械公司）"),
    ("factory_auditor", "auditor", "F0001", "经审委员（精密机械公司）"),
    ("factory_cashier", "cashier", "F0001", "出纳（精密机械公司）"),
    ("group_leader", "group_leader", "S0001-G01", "工会小组长（语文教研组）"),
    ("member", "member", "S0001-G01", "会员（语文教研组）"),
    ("multi", "chair", "H0001-B01", "内科分会主席，兼实验中学工会委员"),
    ("multi", "cadre", "S0001", ""),
]

NAMES = {
    "district": ("周建国", "13800000001"),
    "school_chair": ("李红梅", "13800000002"),
    "hospital_chair": ("王志强", "13800000003"),
    "factory_chair": ("张海燕", "13800000004"),
    "community_chair": ("陈晓东", "13800000005"),
    "school_cadre": ("刘芳", "13800000006"),
    "factory_finance": ("赵丽娟", "13800000007"),
    "factory_auditor": ("孙伟", "13800000008"),
    "factory_cashier": ("钱敏", "13800000012"),
    "group_leader": ("吴秀英", "13800000009"),
    "member": ("郑子涵", "13800000010"),
    "multi": ("黄俊杰", "13800000011"),
}

# union code → (term number, start, seats as (name, position, portfolio, username))
COMMITTEES = {
    "S0001": (
        5,
        dt.date(2024, 3, 1),
        [
            ("李红梅", Position.CHAIR, "", "school_chair"),
            ("马文博", Position.VICE_CHAIR, "", None),
            ("刘芳", Position.MEMBER, Portfolio.ORGANISATION, "school_cadre"),
            ("黄俊杰", Position.MEMBER, Portfolio.CULTURE, "multi"),
            ("高春梅", Position.MEMBER, Portfolio.WOMEN, None),
            ("林建华", Position.MEMBER, Portfolio.WELFARE, None),
            ("何静", Position.AUDIT_CHAIR, "", None),
            ("罗敏", Position.AUDIT_MEMBER, "", None),
            ("梁玉萍", Position.ACCOUNTANT, "", None),
            ("宋丽", Position.CASHIER, "", None),
        ],
    ),
    "H0001": (
        3,
        dt.date(2023, 6, 1),
        [
            ("王志强", Position.CHAIR, "", "hospital_chair"),
            ("谢海燕", Position.VICE_CHAIR, "", None),
            ("唐嘉豪", Position.MEMBER, Portfolio.PROTECTION, None),
            ("许欣怡", Position.MEMBER, Portfolio.WOMEN, None),
            ("韩磊", Position.MEMBER, Portfolio.PROPAGANDA, None),
            ("冯涛", Position.AUDIT_CHAIR, "", None),
            ("邓娟", Position.ACCOUNTANT, "", None),
        ],
    ),
    "F0001": (
        4,
        dt.date(2022, 12, 1),
        [
            ("张海燕", Position.CHAIR, "", "factory_chair"),
            ("曹勇", Position.MEMBER, Portfolio.PROTECTION, None),
            ("彭秀兰", Position.MEMBER, Portfolio.WOMEN, None),
            ("曾强", Position.MEMBER, Portfolio.CULTURE, None),
            ("孙伟", Position.AUDIT_CHAIR, "", "factory_auditor"),
            ("肖军", Position.AUDIT_MEMBER, "", None),
            ("赵丽娟", Position.ACCOUNTANT, "", "factory_finance"),
            ("田平", Position.CASHIER, "", None),
        ],
    ),
    "C0001": (
        2,
        dt.date(2024, 9, 1),
        [
            ("陈晓东", Position.CHAIR, "", "community_chair"),
            ("董桂英", Position.MEMBER, Portfolio.WELFARE, None),
            ("袁鹏", Position.MEMBER, Portfolio.ORGANISATION, None),
            ("潘辉", Position.AUDIT_CHAIR, "", None),
        ],
    ),
}


def load(ctx) -> None:
    orgs: dict[str, Organisation] = {}
    for code, name, kind, parent, unit_name, unit_type in ORGS:
        org = Organisation.objects.filter(code=code).first()
        if org is None:
            org = Organisation(code=code)
        org.name, org.kind, org.unit_name, org.unit_type = name, kind, unit_name, unit_type
        org.parent = orgs.get(parent) if parent else None
        if code == "D0001":
            org.region = "安徽"
        org.save()  # unchanged fields write no audit entry
        orgs[code] = org
    ctx["orgs"] = orgs

    users: dict[str, User] = {}
    for username, (name, mobile) in NAMES.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, display_name=name, mobile=mobile)
            user.set_password(PASSWORD)
            user.save()
        users[username] = user
    ctx["users"] = users
    for username, role, org_code, _label in ACCOUNTS:
        RoleAssignment.objects.get_or_create(user=users[username], org=orgs[org_code], role=role)

    for code, (number, start, seats) in COMMITTEES.items():
        term, _ = CommitteeTerm.objects.get_or_create(
            org=orgs[code],
            number=number,
            defaults={
                "start_date": start,
                "end_date": start.replace(year=start.year + 5) - dt.timedelta(days=1),
            },
        )
        for order, (name, position, portfolio, username) in enumerate(seats):
            CommitteeSeat.objects.get_or_create(
                term=term,
                person_name=name,
                position=position,
                defaults={
                    "portfolio": portfolio,
                    "order": order,
                    "user": users.get(username) if username else None,
                },
            )
