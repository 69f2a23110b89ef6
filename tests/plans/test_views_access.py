"""The persona cases of every plans page: it works for the union's chair; another union's
code or ids answer 404; a role without the permission gets 403; a wrong method 405."""

from __future__ import annotations

import pytest

from tests.factories import member_with_login

from .conftest import ids_of, url

pytestmark = pytest.mark.django_db

READ_PAGES = ["index", "calendar", "plan", "source", "task"]

WRITE_POSTS = [
    ("task_add", {"text": "新任务"}),
    ("task_split", {"parts": "甲\n乙"}),
    ("task_status", {"status": "dropped"}),
    ("tasks_bulk", {"action": "category", "category": "care"}),
]


def _kwargs_for(name, ids):
    if name in ("plan", "source", "task_add", "tasks_bulk"):
        return {"plan_id": ids["plan_id"]}
    if name in ("task", "task_split", "task_status"):
        return {"task_id": ids["task_id"]}
    return {}


@pytest.mark.parametrize("name", READ_PAGES)
def test_read_pages_work_for_the_chair_and_404_elsewhere(login, chair, union, other, tracked, name):
    ids = ids_of(tracked)
    r = login(chair).get(url(name, union, **_kwargs_for(name, ids)))
    assert r.status_code == 200
    # Another union's chair: the organisation is not theirs.
    stranger = login(other.chair)
    assert stranger.get(url(name, union, **_kwargs_for(name, ids))).status_code == 404
    # Their own union, but this plan's ids: not found either.
    if _kwargs_for(name, ids):
        r = stranger.get(url(name, other.union, **_kwargs_for(name, ids)))
        assert r.status_code == 404


@pytest.mark.parametrize("name", ["index", "calendar"])
def test_a_member_without_plan_permission_gets_403(login, group, name):
    member = member_with_login(group)
    assert login(member.user).get(url(name, group)).status_code == 403


@pytest.mark.parametrize("name,data", WRITE_POSTS)
def test_write_views_need_write_permission(login, staff, chair, union, other, tracked, name, data):
    ids = ids_of(tracked)
    # The other union's accountant reads plans there but may not change them.
    finance = login(staff("finance", other.union))
    r = finance.post(url(name, other.union, **_kwargs_for(name, ids)), data)
    assert r.status_code == 403
    r = login(other.chair).post(url(name, union, **_kwargs_for(name, ids)), data)
    assert r.status_code == 404
    r = login(chair).get(url(name, union, **_kwargs_for(name, ids)))
    assert r.status_code == 405


def test_wrong_method_on_read_pages_is_405(login, chair, union):
    assert login(chair).post(url("calendar", union)).status_code == 405
    assert login(chair).delete(url("index", union)).status_code == 405
