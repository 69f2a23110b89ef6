"""The openness API: the same steps, scoping and cadre/reader split as the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.core.scoping import unscoped
from gonghui.openness.models import Notice, NoticeFile, Question
from tests.api.conftest import last_entry_id, new_entries

from .conftest import download_name, make_notice, make_question, person, token, unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def api() -> str:
    return f"/api/v1/orgs/{unit('school').code}/openness"


def api_me() -> str:
    return f"/api/v1/orgs/{unit('group').code}/openness"


def fresh(n) -> Notice:
    with unscoped():
        return Notice.objects.get(pk=n.pk)


def test_a_notice_goes_from_draft_to_published_and_down():
    cadre, chair = token("cadre"), token("chair")
    since = last_entry_id()
    r = cadre.post(
        f"{api()}/notices/",
        {
            "item_code": "finance",
            "title": "第四季度财务收支",
            "body": "明细",
            "period": "q4",
            "period_year": 2031,
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    nid = r.json()["id"]
    assert r.json()["status"] == "draft" and r.json()["category"] == "management"
    r = cadre.post(f"{api()}/notices/{nid}/approve/", {}, content_type="application/json")
    assert r.status_code == 400 and "起草人" in r.json()["detail"]
    assert (
        chair.post(
            f"{api()}/notices/{nid}/approve/", {}, content_type="application/json"
        ).status_code
        == 200
    )
    r = cadre.post(f"{api()}/notices/{nid}/publish/", {}, content_type="application/json")
    assert r.status_code == 200 and r.json()["published_on"] == timezone.localdate().isoformat()
    r = cadre.post(
        f"{api()}/notices/{nid}/withdraw/", {"reason": "公示期满"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    entries = new_entries("openness.notice.updated", since)
    assert [e.changes["status"][1] for e in entries] == ["approved", "published", "withdrawn"]
    assert all(e.source == "api" for e in entries)


def test_edit_and_delete_a_draft():
    c = token("cadre")
    n = make_notice()
    r = c.patch(f"{api()}/notices/{n.pk}/", {"title": "新标题"}, content_type="application/json")
    assert r.status_code == 200 and fresh(n).title == "新标题"
    assert c.delete(f"{api()}/notices/{n.pk}/").status_code == 204
    with unscoped():
        assert not Notice.objects.filter(pk=n.pk).exists()


def test_refusals():
    n = make_notice(status="published")
    member = token("reader")
    assert member.post(f"{api_me()}/notices/{n.pk}/withdraw/").status_code == 403
    assert member.post(f"{api_me()}/notices/", {}).status_code == 403
    assert member.get(f"{api_me()}/questions/").status_code == 403
    assert token("hospital_head").get(f"{api()}/notices/").status_code == 404
    assert (
        token("hospital_head")
        .get(f"/api/v1/orgs/{unit('hospital').code}/openness/notices/{n.pk}/")
        .status_code
        == 404
    )
    c = token("chair")
    assert c.put(f"{api()}/notices/{n.pk}/").status_code == 405
    assert c.get(f"{api()}/notices/{n.pk}/approve/").status_code == 405
    assert fresh(n).status == "published"


def test_a_member_lists_published_notices_and_asks():
    pub = make_notice(status="published", title="公开了")
    draft = make_notice(title="草稿")
    make_question(pub, asker="cadre")
    c = token("reader")
    r = c.get(f"{api_me()}/notices/")
    titles = [n["title"] for n in r.json()["results"]]
    assert "公开了" in titles and "草稿" not in titles
    assert "drafted_by" not in r.json()["results"][0]
    assert c.get(f"{api_me()}/notices/{draft.pk}/").status_code == 404
    r = c.post(
        f"{api_me()}/notices/{pub.pk}/questions/",
        {"text": "何时兑现？"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["mine"] is True and r.json()["asked_by"] is None
    qs = c.get(f"{api_me()}/notices/{pub.pk}/questions/").json()
    assert [q["asked_by"] for q in qs] == [None, None]  # names are the cadres' only
    assert c.post(f"{api_me()}/notices/{draft.pk}/questions/", {"text": "x"}).status_code == 404


def test_the_cadre_lists_and_answers_questions():
    n = make_notice(status="published")
    q = make_question(n, asked_on=timezone.localdate() - dt.timedelta(days=40))
    c = token("cadre")
    rows = c.get(f"{api()}/questions/?open=1").json()["results"]
    mine = [r for r in rows if r["id"] == q.pk][0]
    assert mine["overdue"] is True and mine["asked_by"] == person("reader").display_name
    r = c.post(
        f"{api()}/questions/{q.pk}/answer/", {"answer": "已答复"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["answered_on_time"] is False
    with unscoped():
        assert Question.objects.get(pk=q.pk).answered_by == person("cadre")


def test_files_through_the_api():
    n = make_notice()
    c = token("cadre")
    r = c.post(f"{api()}/notices/{n.pk}/files/", {"file": SimpleUploadedFile("a.txt", b"abc")})
    assert r.status_code == 201
    fid = r.json()["id"]
    r = c.get(f"{api()}/notices/{n.pk}/files/{fid}/")
    assert r.status_code == 200 and r.content == b"abc"
    assert download_name(r) == ("attachment", "a.txt")
    assert token("reader").get(f"{api_me()}/notices/{n.pk}/files/{fid}/").status_code == 404
    assert c.delete(f"{api()}/notices/{n.pk}/files/{fid}/").status_code == 204
    with unscoped():
        assert not NoticeFile.objects.filter(pk=fid).exists()


def test_due_items_settings_and_report():
    c = token("factory_head")
    base = f"/api/v1/orgs/{unit('factory').code}/openness"
    codes = [d["item"]["code"] for d in c.get(f"{base}/due/?year=2031").json()]
    assert "wages" in codes and "tenders" not in codes
    r = c.patch(f"{base}/settings/", {"state_owned": True}, content_type="application/json")
    assert r.json() == {"state_owned": True, "system": r.json()["system"]}
    codes = [d["item"]["code"] for d in c.get(f"{base}/due/?year=2031").json()]
    assert "tenders" in codes
    r = c.post(
        f"{base}/items/toggle/",
        {"code": "tenders", "required": False, "reason": "无招投标"},
        content_type="application/json",
    )
    assert r.status_code == 200
    assert [i for i in r.json() if i["code"] == "tenders"][0]["disabled"] is True
    r = c.post(
        f"{base}/items/",
        {"name": "食堂", "frequency": "quarterly", "reason": "职代会"},
        content_type="application/json",
    )
    assert r.status_code == 201
    rep = c.get(f"{base}/report/2031/").json()
    assert rep["year"] == 2031 and "notices" in rep["totals"]
    r = c.get(f"{base}/report/2031/export/docx/")
    assert r.status_code == 200 and r.content[:2] == b"PK"
