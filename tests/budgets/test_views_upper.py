"""The upper union's inbox: what the unions below sent up, read-only there, ratified or
returned with the reason. Works / a union outside its subtree 404 / no permission 403 /
wrong method 405."""

from __future__ import annotations

import re

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


def test_a_returned_draft_shows_no_old_meetings_and_one_heading_for_its_notes(login, union, who):
    """A budget the district returned showed the committee's and the 经审会's old meetings
    on its cover, as if approved, and 说明书 twice (the text and its form)."""
    doc = make_budget(union, state="submitted")
    doc.refresh_from_db()
    assert doc.committee_date and doc.review_date
    login(who["upper"]).post(_url(union.parent, f"{doc.pk}/return/"), {"reason": "请补充说明"})
    body = login(who["accountant"]).get(f"/o/{union.code}/budgets/{doc.pk}/").content.decode()
    cover = body.split('id="cover"')[1].split('id="cover-upper"')[0]
    assert "会议" not in cover and f"{doc.committee_date.year}年" not in cover
    # One heading (or label) 说明书 over the notes, the form under it.
    assert len(re.findall(r">\s*说明书\s*<", body)) == 1 and 'id="notes-form"' in body
    assert 'id="action-delete"' not in body  # approved once: its history stays
    # Approved again by the committee: the cover names that meeting, the 经审会 still to come.
    from gonghui.budgets import services

    services.budget_approve(
        actor=who["chair"], budget=doc, term=3, session=9, date=doc.committee_date
    )
    body = login(who["accountant"]).get(f"/o/{union.code}/budgets/{doc.pk}/").content.decode()
    committee = body.split('id="cover-committee"')[1].split("</dd>")[0]
    review = body.split('id="cover-review"')[1].split("</dd>")[0]
    assert "经第3届委员会第9次会议审议通过" in committee
    assert "—" in review
