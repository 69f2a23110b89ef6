"""Sessions: the live quorum and the sign-in list, votes on resolutions, the sign-in code, the papers, a held session's record and its use as plan evidence."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest

from gonghui.core.scoping import unscoped
from gonghui.democracy.models import (
    Attendance,
    Resolution,
    Session,
)
from tests.factories import UnionFactory

from .conftest import elements, present

pytestmark = pytest.mark.django_db


def test_the_wrong_method_gets_405(login, chair, open_session, base):
    c = login(chair)
    assert c.get(f"{base}sessions/{open_session.pk}/attendance/").status_code == 405
    assert c.get(f"{base}sessions/{open_session.pk}/open/").status_code == 405


def test_the_session_page_shows_the_live_quorum_and_saves_the_sign_in_list(
    login, chair, reps, open_session, base
):
    c = login(chair)
    url = f"{base}sessions/{open_session.pk}/"
    body = c.get(url).content.decode()
    [quorum] = elements(body, id="quorum")
    assert quorum["hx-trigger"] == "every 5s" and "0 / 40" in body
    r = c.post(url + "attendance/", {"present": [str(r.pk) for r in reps[:27]]})
    assert r.status_code == 302
    with unscoped():
        assert Attendance.objects.filter(session=open_session, method="list").count() == 27
    partial = c.get(url + "quorum/").content.decode()
    [state] = elements(partial, id="quorum-state")
    assert "27 / 40" in partial and state["data-met"] == "1"


def test_recording_votes_on_the_page_follows_the_majority_rule(
    login, chair, reps, open_session, base
):
    present(open_session, reps[:30])
    c = login(chair)
    c.post(f"{base}sessions/{open_session.pk}/resolutions/", {"title": "关于测试的决议"})
    with unscoped():
        res = Resolution.objects.get(session=open_session)
    r = c.post(
        f"{base}resolutions/{res.pk}/votes/",
        {"votes_for": 20, "votes_against": 4, "abstentions": 6},
    )
    assert r.status_code == 302
    with unscoped():
        res.refresh_from_db()
    assert res.adopted is False and res.total == 40  # 20 of 40 is exactly half


def test_the_sign_in_code_page_shows_a_qr_code(login, chair, open_session, base):
    body = login(chair).get(f"{base}sessions/{open_session.pk}/code/").content.decode()
    assert 'id="signin-qr"' in body and "data:image/svg+xml;base64," in body
    assert "?t=" in body


def test_a_document_is_served_through_the_scoped_view(login, staff, chair, open_session, base):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = login(chair)
    up = SimpleUploadedFile("报告.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    c.post(f"{base}sessions/{open_session.pk}/documents/", {"file": up})
    with unscoped():
        doc = open_session.documents.get()
    r = c.get(f"{base}sessions/{open_session.pk}/documents/{doc.pk}/")
    assert r.status_code == 200 and r.content == b"%PDF-1.4 test"
    # Shown in the browser, named as uploaded (RFC 5987 for the Chinese name).
    assert r["Content-Disposition"] == f"inline; filename*=utf-8''{quote('报告.pdf')}"
    other = UnionFactory()
    assert (
        login(staff("chair", other))
        .get(f"/o/{other.code}/democracy/sessions/{open_session.pk}/documents/{doc.pk}/")
        .status_code
        == 404
    )


def test_a_held_session_offers_the_plan_link_and_its_record(login, chair, school, history, base):
    with unscoped():
        held = Session.objects.get(congress=school, number=2)
    body = login(chair).get(f"{base}sessions/{held.pk}/").content.decode()
    assert "36 / 40" in body and "关于《校长工作报告》的决议" in body
    assert "hx-trigger" not in body  # a closed session's quorum no longer polls
    # Closed: the sign-in list is read-only.
    assert 'id="attendance-save"' not in body


def test_the_session_is_plan_evidence(platform, school, history):
    from gonghui.plans import evidence

    kind = evidence.get("democracy.session")
    session = Session.objects.get(congress=school, number=2)
    d = kind.describe(session)
    assert d.date == dt.date(2026, 3, 15) and "36" in d.summary
    assert session in list(kind.candidates(school.org, 2026))
