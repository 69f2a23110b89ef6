"""Builders of the accounts tests: a district with two unions and a login for each role."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from gonghui.orgs.models import OrgKind
from tests.factories import DistrictFactory, GroupFactory, UnionFactory, UserFactory

PASSWORD = "Gonghui@2026"  # the password UserFactory gives every login


@pytest.fixture
def town(db):
    """A district (`district`) with a school union (`school`, groups `g1` `g2` `g3`), a
    hospital union (`hospital`, branch `branch` with group `branch_g1`) and a factory union
    (`factory`, group `factory_g1`), and logins by role:

    upper (周建国, upper staff of the district), chair (李红梅, chair of the school),
    cadre (刘芳, cadre of the school), leader (吴秀英, group leader of g1),
    member (郑子涵, member at g1), multi (黄俊杰, chair of the hospital's branch and cadre
    of the school), hospital_union_chair (王志强), factory_union_chair (张海燕), factory_union_finance (赵丽娟).
    No login name contains another.
    """
    t = SimpleNamespace()
    t.district = DistrictFactory(name="测试区总工会")
    t.school = UnionFactory(parent=t.district, name="实验中学工会")
    t.g1 = GroupFactory(parent=t.school, name="语文教研组工会小组")
    t.g2 = GroupFactory(parent=t.school, name="数学教研组工会小组")
    t.g3 = GroupFactory(parent=t.school, name="后勤保障组工会小组")
    t.hospital = UnionFactory(parent=t.district, name="人民医院工会")
    t.branch = GroupFactory(parent=t.hospital, kind=OrgKind.BRANCH, name="内科分会")
    t.branch_g1 = GroupFactory(parent=t.branch, name="心内科工会小组")
    t.factory = UnionFactory(parent=t.district, name="精密机械公司工会")
    t.factory_g1 = GroupFactory(parent=t.factory, name="一车间工会小组")

    def login(username, name, mobile, *roles):
        return UserFactory(username=username, display_name=name, mobile=mobile, roles=list(roles))

    t.upper = login("zhou_upper", "周建国", "13900000001", ("upper_staff", t.district))
    t.chair = login("li_chair", "李红梅", "13900000002", ("chair", t.school))
    t.hospital_union_chair = login("wang_hchair", "王志强", "13900000003", ("chair", t.hospital))
    t.factory_union_chair = login("zhang_fchair", "张海燕", "13900000004", ("chair", t.factory))
    t.cadre = login("liu_cadre", "刘芳", "13900000006", ("cadre", t.school))
    t.factory_union_finance = login("zhao_finance", "赵丽娟", "13900000007", ("finance", t.factory))
    t.leader = login("wu_leader", "吴秀英", "13900000009", ("group_leader", t.g1))
    t.member = login("zheng_member", "郑子涵", "13900000010", ("member", t.g1))
    t.multi = login(
        "huang_multi", "黄俊杰", "13900000011", ("chair", t.branch), ("cadre", t.school)
    )
    return t
