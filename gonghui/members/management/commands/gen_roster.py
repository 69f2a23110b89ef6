"""`manage.py gen_roster OUT.xlsx`: a realistic, deterministic roster for trials and benchmarks."""

from __future__ import annotations

import datetime as dt
import random

from django.core.management.base import BaseCommand
from openpyxl import Workbook

from gonghui.members.idcard import check_char

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕鹏辉建国志海春梅文博子涵浩然欣怡梓萱宇轩思远佳雨桐嘉豪俊晓东"
NATIONS = ["汉族"] * 18 + ["回族", "满族", "壮族", "蒙古族", "土家族", "苗族"]
POLITICS = ["中共党员"] * 5 + ["群众"] * 10 + ["共青团员"] * 3 + ["民盟盟员", "九三学社社员"]
EDUCATION = ["研究生"] + ["大学本科"] * 5 + ["大学专科"] * 4 + ["中专", "高中", "初中"]
DEPARTMENTS = [
    "办公室",
    "财务部",
    "人力资源部",
    "生产一车间",
    "生产二车间",
    "质检部",
    "后勤保障部",
    "销售部",
    "技术研发中心",
    "安全环保部",
]
REGIONS = ["110101", "310104", "320102", "330106", "370202", "420106", "440305", "510107"]
UNIT_KINDS = ["企业", "学校", "医院", "机关", "街道社区"]
ROSTER_HEADER = [
    "序号",
    "所属工会",
    "工会小组",
    "姓名",
    "性别",
    "民族",
    "身份证号",
    "出生日期",
    "手机号码",
    "政治面貌",
    "学历",
    "工作部门",
    "入会时间",
    "月工资(元)",
    "是否农民工",
    "会员状态",
]


def id_number(rng: random.Random, birth: dt.date, male: bool) -> str:
    # The 17th digit's parity carries the sex (GB 11643); the 18th is the check character.
    serial = rng.randrange(0, 50) * 2 + (1 if male else 0)
    first17 = rng.choice(REGIONS) + birth.strftime("%Y%m%d") + f"{serial:03d}"
    return first17 + check_char(first17)


def write_orgs(path: str, count: int, parent_code: str) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("工会组织")
    ws.append(["编码", "名称", "类型", "上级编码", "单位名称", "单位类型"])
    ws.append([parent_code, "示范区总工会", "上级工会", "", "示范区", "机关"])
    for k in range(1, count + 1):
        kind = UNIT_KINDS[k % len(UNIT_KINDS)]
        ws.append(
            [
                f"G{k:04d}",
                f"第{k:04d}基层工会",
                "基层工会",
                parent_code,
                f"第{k:04d}号{kind}单位",
                kind,
            ]
        )
    wb.save(path)


def write_roster(path: str, *, rows: int, seed: int, orgs: int) -> None:
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("会员花名册")
    ws.append(ROSTER_HEADER)
    seen: set[str] = set()
    for i in range(1, rows + 1):
        male = rng.random() < 0.55
        birth = dt.date(1962, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 42))
        number = id_number(rng, birth, male)
        while number in seen:
            birth += dt.timedelta(days=1)
            number = id_number(rng, birth, male)
        seen.add(number)
        union = rng.randrange(1, orgs + 1)
        adult = dt.date(birth.year + 18, birth.month, 28 if birth.month == 2 else birth.day)
        joined = min(
            max(adult, dt.date(1990, 1, 1)) + dt.timedelta(days=rng.randrange(0, 3650)),
            dt.date(2025, 6, 30),
        )
        department = rng.choice(DEPARTMENTS)
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        ws.append(
            [
                i,
                f"第{union:04d}基层工会",
                f"{department}工会小组",
                rng.choice(SURNAMES) + given,
                "男" if male else "女",
                rng.choice(NATIONS),
                number,
                birth.isoformat(),
                "1" + rng.choice("3456789") + f"{rng.randrange(0, 10**9):09d}",
                rng.choice(POLITICS),
                rng.choice(EDUCATION),
                department,
                joined.isoformat(),
                rng.randrange(3200, 26000, 50),
                "是" if rng.random() < 0.12 else "否",
                "在册",
            ]
        )
    wb.save(path)


class Command(BaseCommand):
    help = (
        "Write a realistic member roster (.xlsx) for trials and benchmarks: valid ID numbers "
        "(GB 11643 check digit, birth date and sex agreeing), mobiles, groups; the same "
        "arguments always give the same file. --orgs-out writes the matching unions for "
        "import_orgs, under --parent-code (the demo's district D0001 by default)."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="The roster file to write (.xlsx).")
        parser.add_argument("--rows", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--orgs", type=int, default=1, help="Spread over this many unions.")
        parser.add_argument("--orgs-out", help="Also write the unions (.xlsx) for import_orgs.")
        parser.add_argument("--parent-code", default="D0001")

    def handle(self, *args, **o):
        if o["orgs_out"]:
            write_orgs(o["orgs_out"], o["orgs"], o["parent_code"])
        write_roster(o["out"], rows=o["rows"], seed=o["seed"], orgs=o["orgs"])
        self.stdout.write(f"{o['rows']} rows written to {o['out']}")
