"""The upper union's inbox: what the unions below sent up, read-only there, ratified or
returned with the reason. Works / a union outside its subtree 404 / no permission 403 /
wrong method 405."""

from __future__ import annotations

import pytest

from tests.factories import UnionFactory

from .conftest import make_budget

pytestmark = pytest.mark.usefixtures("platform")


def _url(org, what=""):
    return f"/o/{org.code}/budgets/inbox/{what}"


def test_the_district_lists_opens_and_ratifies(login, union, who):
    doc = make_budget(union, state="submitted")
    draft = make_budget(UnionFactory(parent=union.parent), state="draft")
    district = union.parent
    c = login(who["upper"])
    r = c.get(_url(district))
    assert r.status_code == 200
    docs = list(r.context["docs"])
    assert doc in docs and draft not in docs
    body = c.get(_url(district, f"{doc.pk}/")).content.decode()
    assert 'id="action-ratify"' in body and 'id="line-form"' not in body
    assert c.get(_url(district, f"{draft.pk}/")).status_code == 404  # not sent up
    r = c.post(_url(district, f"{doc.pk}/ratify/"))
    assert r.status_code == 302
    doc.refresh_from_db()
    assert doc.state == "ratified" and doc.decided_in == district
    assert 'id="action-ratify"' not in c.get(_url(district, f"{doc.pk}/")).content.decode()


def test_the_district_returns_with_a_reason(login, union, who):
    doc = make_budget(union, state="submitted")
    c = login(who["upper"])
    r = c.post(_url(union.parent, f"{doc.pk}/return/"), {"reason": ""})
    assert r.status_code == 200
    doc.refresh_from_db()
    assert doc.state == "submitted"
    c.post(_url(union.parent, f"{doc.pk}/return/"), {"reason": "请补充说明"})
    doc.refresh_from_db()
    assert (doc.state, doc.return_reason) == ("draft", "请补充说明")


def test_another_districts_union_is_not_found(login, union, who):
    foreign = make_budget(UnionFactory(), state="submitted")
    c = login(who["upper"])
    assert c.get(_url(union.parent, f"{foreign.pk}/")).status_code == 404
    assert c.post(_url(union.parent, f"{foreign.pk}/ratify/")).status_code == 404
    foreign.refresh_from_db()
    assert foreign.state == "submitted"


def test_the_union_itself_has_no_inbox(login, union, who):
    doc = make_budget(union, state="submitted")
    chair = login(who["chair"])
    assert chair.get(_url(union)).status_code == 403
    assert chair.post(_url(union, f"{doc.pk}/ratify/")).status_code == 403


def test_wrong_methods_are_not_allowed(login, union, who):
    doc = make_budget(union, state="submitted")
    c = login(who["upper"])
    assert c.get(_url(union.parent, f"{doc.pk}/ratify/")).status_code == 405
    assert c.post(_url(union.parent)).status_code == 405
