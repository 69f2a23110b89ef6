"""Spreadsheets built in the tests, the way union offices make them, and the small district
the import tests import into (`world`), built with the factories.

The district's organisations have fixed codes (QD01, QS01, ...) so that rows of a test's
spreadsheet can name them; each test builds them anew in its own transaction.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cached_property

import pytest
from django.test import Client
from openpyxl import Workbook

HEADER = ["编码", "名称", "类型", "上级编码", "单位名称", "单位类型"]


def xlsx_bytes(
    rows: list[list], *, title_rows: list[list] | None = None, sheet="工会组织"
) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for r in title_rows or []:
        ws.append(r)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


@pytest.fixture
def xlsx():
    return xlsx_bytes


@pytest.fixture
def write_xlsx(tmp_path):
    def write(rows, name="orgs.xlsx", **kwargs):
        path = tmp_path / name
        path.write_bytes(xlsx_bytes(rows, **kwargs))
        return path

    return write


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Uploaded files go to a throw-away folder, not var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


# -- the district the tests import into --------------------------------------------------

DISTRICT, SCHOOL, HOSPITAL, FACTORY, COMMUNITY = "QD01", "QS01", "QH01", "QF01", "QC01"
DISTRICT_NAME = "临湖区总工会"
SCHOOL_NAME = "临湖区第一中学工会"
HOSPITAL_NAME = "临湖区中心医院工会"
FACTORY_NAME = "临湖精密机械有限公司工会"
CHINESE, MATHS = f"{SCHOOL}-G01", f"{SCHOOL}-G02"  # 语文教研组, 数学教研组工会小组
NURSING = f"{HOSPITAL}-G01"  # 护理部工会小组
INTERNAL, INTERNAL_GROUP = f"{HOSPITAL}-B01", f"{HOSPITAL}-B01-G01"  # 内科分会 and its group


@dataclass
class World:
    """A district with a school, a hospital (with a branch), a factory and a community union,
    their union groups, and (made when first asked for) a login for each role the tests use."""

    district: object
    school: object
    chinese: object
    maths: object
    hospital: object
    nursing: object
    internal: object
    internal_group: object
    factory: object
    workshops: list
    community: object

    def _login(self, role, org):
        from tests.factories import UserFactory

        return UserFactory(roles=[(role, org)])

    @cached_property
    def upper(self):  # upper-union staff of the district
        return self._login("upper_staff", self.district)

    @cached_property
    def chair(self):  # the school union's chair
        return self._login("chair", self.school)

    @cached_property
    def cadre(self):  # a cadre of the school union
        return self._login("cadre", self.school)

    @cached_property
    def hospital_chair(self):
        return self._login("chair", self.hospital)

    @cached_property
    def factory_chair(self):
        return self._login("chair", self.factory)

    @cached_property
    def accountant(self):  # the factory union's finance role
        return self._login("finance", self.factory)

    @cached_property
    def leader(self):  # the leader of the school's 语文教研组 group
        return self._login("group_leader", self.chinese)

    @cached_property
    def member_login(self):  # a member of that group who has activated a login
        from tests.factories import member_with_login

        return member_with_login(self.chinese).user

    def client(self, who) -> Client:
        """A test client signed in as `who` (a login)."""
        c = Client()
        c.force_login(who)
        return c

    def token_client(self, who) -> Client:
        """An API client with a fresh token of `who`."""
        from gonghui.accounts.models import ApiToken
        from gonghui.core.scoping import unscoped

        with unscoped():
            key = ApiToken.objects.issue(who, name="test")[1]
        return Client(HTTP_AUTHORIZATION=f"Token {key}")


def build_world() -> World:
    from gonghui.orgs.models import OrgKind, UnitType
    from tests.factories import DistrictFactory, GroupFactory, UnionFactory

    def group(parent, code, name, kind=OrgKind.GROUP):
        return GroupFactory(
            parent=parent, code=code, name=name, kind=kind, unit_type=parent.unit_type
        )

    district = DistrictFactory(
        code=DISTRICT, name=DISTRICT_NAME, unit_name="临湖区", unit_type=UnitType.ORGAN
    )

    def union(code, name, unit_name, unit_type):
        return UnionFactory(
            code=code, name=name, parent=district, unit_name=unit_name, unit_type=unit_type
        )

    school = union(SCHOOL, SCHOOL_NAME, "临湖区第一中学", UnitType.SCHOOL)
    hospital = union(HOSPITAL, HOSPITAL_NAME, "临湖区中心医院", UnitType.HOSPITAL)
    factory = union(FACTORY, FACTORY_NAME, "临湖精密机械有限公司", UnitType.ENTERPRISE)
    internal = group(hospital, INTERNAL, "内科分会", OrgKind.BRANCH)
    return World(
        district=district,
        school=school,
        chinese=group(school, CHINESE, "语文教研组工会小组"),
        maths=group(school, MATHS, "数学教研组工会小组"),
        hospital=hospital,
        nursing=group(hospital, NURSING, "护理部工会小组"),
        internal=internal,
        internal_group=group(internal, INTERNAL_GROUP, "心内科工会小组"),
        factory=factory,
        workshops=[
            group(factory, f"{FACTORY}-G{n:02d}", name)
            for n, name in enumerate(["一车间工会小组", "二车间工会小组", "质检部工会小组"], 1)
        ],
        community=union(COMMUNITY, "临湖街道工会", "临湖街道", UnitType.COMMUNITY),
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


# -- member rosters ---------------------------------------------------------------------

MEMBER_HEADER = ["姓名", "性别", "身份证号", "出生日期", "手机号码", "所属工会", "工会小组"]


def ident(birth: str = "19900101", seq: int = 1, *, male: bool = True, region="120101") -> str:
    """A valid resident ID number (GB 11643 check digit) for a birth date and sequence,
    in a region neither tests/factories.py nor gen_roster.py uses."""
    from gonghui.members.idcard import check_char

    body = f"{region}{birth}{seq % 100:02d}{(1 if male else 2) + 2 * (seq // 100 % 4)}"
    return body + check_char(body)


def person(
    name="张伟", *, birth="19900101", seq=1, male=True, union=SCHOOL, group="", mobile=None
) -> list:
    """A row under MEMBER_HEADER."""
    day = f"{birth[:4]}-{birth[4:6]}-{birth[6:]}"
    phone = mobile if mobile is not None else f"139{seq:08d}"
    return [name, "男" if male else "女", ident(birth, seq, male=male), day, phone, union, group]


@pytest.fixture
def import_members(world):
    """Preview or commit a roster in an organisation of `world`, from the command line."""
    from gonghui.audit.context import acting
    from gonghui.core.scoping import scope, unscoped
    from gonghui.members.importing import MemberImporter
    from gonghui.orgs.models import Organisation

    def run(data: bytes, code=DISTRICT, *, commit=False, name="roster.xlsx"):
        with unscoped():
            target = Organisation.objects.get(code=code)
        importer = MemberImporter()
        with acting(source="cli"), scope(target):
            if commit:
                return importer.commit_file(data, name, target)
            return importer.preview_file(data, name, target)[1]

    return run
