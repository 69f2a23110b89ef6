"""The members' pages, from a login at a group: the open call, nominating with the 事迹 and a
photo, the 公示 with the objection form (others' objections and objectors never shown), the
honour roll and its poster; the persona cases."""

from __future__ import annotations

import pytest

from gonghui.audit.context import acting
from gonghui.awards import services
from gonghui.awards.models import Nomination, NominationFile, Objection
from tests.factories import UnionFactory, member_with_login

from .conftest import fresh_publicity, make_round, png

pytestmark = pytest.mark.usefixtures("platform")


def _url(org, what=""):
    return f"/o/{org.code}/awards/{what}"


def test_a_member_nominates_a_colleague_with_a_photo(login, school, chair, teachers):
    r = make_round(school, chair, stage="open")
    me = teachers[0]
    c = login(me.user)
    page = c.get(_url(me.org, "me/")).content.decode()
    assert r.title in page
    assert c.get(_url(me.org, f"me/{r.pk}/nominate/")).status_code == 200
    resp = c.post(
        _url(me.org, f"me/{r.pk}/nominate/"),
        {"nominee_type": "member", "member": teachers[2].pk,
         "story": "赵老师担任班主任十年，所带班级多次获评先进班集体。", "photos": [png()]},
    )  # fmt: skip
    assert resp.status_code == 302
    n = Nomination.objects.get(round=r)
    assert n.nominated_by == me.user and n.nominee_name == "赵老师"
    f = NominationFile.objects.get(nomination=n)
    assert f.content_type == "image/png"
    assert c.get(_url(me.org, f"me/files/{f.pk}/")).status_code == 200
    # Someone else cannot open the photo of a nomination not on the 公示.
    assert (
        login(teachers[1].user).get(_url(teachers[1].org, f"me/files/{f.pk}/")).status_code == 404
    )


def test_a_nomination_with_too_short_deeds_keeps_what_was_typed(login, school, chair, teachers):
    r = make_round(school, chair, stage="open")
    me = teachers[0]
    resp = login(me.user).post(
        _url(me.org, f"me/{r.pk}/nominate/"),
        {"nominee_type": "member", "member": teachers[1].pk, "story": "好"},
    )
    assert resp.status_code == 400 and "10" in resp.content.decode()


def test_the_publicity_page_hides_other_objectors(login, school, chair, teachers):
    r = fresh_publicity(school, chair, teachers[:1])
    n = Nomination.objects.get(round=r)
    a, b = teachers[1], teachers[2]
    ca = login(a.user)
    assert "王老师" in ca.get(_url(a.org, f"me/{r.pk}/")).content.decode()
    resp = ca.post(
        _url(a.org, f"me/{r.pk}/names/{n.pk}/object/"), {"text": "该同志本学期有教学事故。"}
    )
    assert resp.status_code == 302
    o = Objection.objects.get(nomination=n)
    assert o.raised_by == a.user
    with acting(user=chair):
        services.objection_answer(actor=chair, objection=o, answer="经核实，不属教学事故。")
    mine = ca.get(_url(a.org, f"me/{r.pk}/")).content.decode()
    assert "经核实，不属教学事故。" in mine
    other = login(b.user).get(_url(b.org, f"me/{r.pk}/")).content.decode()
    assert "教学事故" not in other and a.name not in other


def test_the_honour_roll_and_poster_show_the_decided_names(login, school, chair, teachers):
    r = make_round(school, chair, stage="decided", nominees=teachers[:2])
    me = teachers[3]
    who = member_with_login(me.org, name="周老师")
    c = login(who.user)
    page = c.get(_url(who.org, "honours/")).content.decode()
    assert "王老师" in page and "李老师" in page
    poster = c.get(_url(who.org, f"honours/{r.pk}/poster/")).content.decode()
    assert "光荣榜" in poster and "王老师" in poster and "style=" not in poster
    assert "师德标兵" in login(teachers[0].user).get(_url(teachers[0].org, "me/")).content.decode()


def test_another_unions_round_is_a_404(login, school, chair, teachers):
    other = UnionFactory()
    r = make_round(other, None, stage="open")
    me = teachers[0]
    assert login(me.user).get(_url(me.org, f"me/{r.pk}/nominate/")).status_code == 404


def test_a_login_without_the_right_gets_403(login, school, staff):
    finance = staff("finance", school)
    assert login(finance).get(_url(school)).status_code == 403


def test_a_wrong_method_is_a_405(login, school, chair, teachers):
    r = make_round(school, chair, stage="open")
    me = teachers[0]
    assert login(me.user).post(_url(me.org, f"me/{r.pk}/")).status_code == 405
