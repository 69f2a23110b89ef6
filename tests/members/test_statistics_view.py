"""Member statistics name every value in Chinese (#13 §4)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_member_types_and_sexes_are_shown_by_their_chinese_labels(client_for):
    body = client_for("factory_chair").get("/o/F0001/members/statistics/").content.decode()
    assert "农民工" in body and "普通会员" in body and "女" in body
    cells = re.findall(r"<td>([^<]*)</td>", body)
    for code in ("regular", "migrant", "dispatched", "flexible", "male", "female"):
        assert code not in cells


def test_another_unions_chair_gets_404_and_a_post_405(client_for):
    assert client_for("school_chair").get("/o/F0001/members/statistics/").status_code == 404
    assert client_for("factory_chair").post("/o/F0001/members/statistics/").status_code == 405
