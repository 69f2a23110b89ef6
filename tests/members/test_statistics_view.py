"""Member statistics name every value in Chinese (#13 §4)."""

from __future__ import annotations

import re

import pytest

from tests.factories import MemberFactory, UnionFactory

pytestmark = pytest.mark.django_db


def test_member_types_and_sexes_are_shown_by_their_chinese_labels(union, group, chair, login):
    MemberFactory(org=group, member_type="migrant", female=True)
    MemberFactory(org=group, member_type="regular")
    MemberFactory(org=group, member_type="dispatched", female=True)
    body = login(chair).get(f"/o/{union.code}/members/statistics/").content.decode()
    assert "农民工" in body and "普通会员" in body and "女" in body
    cells = re.findall(r"<td>([^<]*)</td>", body)
    assert cells
    for code in ("regular", "migrant", "dispatched", "flexible", "male", "female"):
        assert code not in cells


def test_another_unions_chair_gets_404_and_a_post_405(union, chair, staff, login):
    other_chair = staff("chair", UnionFactory())
    assert login(other_chair).get(f"/o/{union.code}/members/statistics/").status_code == 404
    assert login(chair).post(f"/o/{union.code}/members/statistics/").status_code == 405
