"""The roster export's record names its filters in the page's words (#13 §4: the log showed
'status: active' and the query string)."""

from __future__ import annotations

import pytest

from gonghui.members.services_export import filters_in_words

pytestmark = pytest.mark.django_db


def test_the_filters_are_named_in_words(platform, group):
    words = filters_in_words(
        {"group": group.code, "age": "u35", "status": "all", "sex": "female", "full": "1"}
    )
    assert words == f"工会小组：{group.name}；状态：全体会员；性别：女；年龄：35岁以下"


def test_no_filter_is_no_words(platform):
    assert filters_in_words({}) == ""
    assert filters_in_words({"status": "on_roll", "sort": "-age"}) == ""


def test_the_roster_offers_the_age_bands_in_words(union, staff, login):
    body = login(staff("chair", union)).get(f"/o/{union.code}/members/").content.decode()
    assert "35岁以下" in body and ">u35<" not in body
