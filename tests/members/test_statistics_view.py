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


def test_every_row_shows_its_count_and_they_add_up(union, group, chair, login):
    for i in range(5):
        MemberFactory(org=group, member_type="migrant" if i < 3 else "regular", female=i < 2)
    body = login(chair).get(f"/o/{union.code}/members/statistics/").content.decode()
    rows = dict(re.findall(r"<tr><td>([^<]*)</td><td class=\"text-end\">(\d+)</td></tr>", body))
    assert rows["女"] == "2" and rows["男"] == "3"
    assert rows["农民工"] == "3" and rows["普通会员"] == "2"
    assert "在册会员 5 名" in body
