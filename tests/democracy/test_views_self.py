"""The representatives' own phone pages: their congress, sign-in by the QR link, proposals drafted, co-signed, submitted and rated; a member without a seat is refused."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from gonghui.core.scoping import unscoped
from gonghui.democracy import services
from gonghui.democracy.models import (
    Attendance,
    Cosign,
    Proposal,
    ProposalStatus,
    Representative,
)
from tests.factories import UnionFactory

pytestmark = pytest.mark.django_db


def test_a_representative_sees_their_congress(login, me, group, history, me_url):
    c = login(me)
    body = c.get(me_url).content.decode()
    assert 'id="my-seat"' in body and "第五届教职工代表大会" in body
    assert "关于增设教职工子女课后托管服务的建议" in body  # their own proposal
    assert "关于设立教职工心理健康咨询室的建议" in body  # a colleague's draft to co-sign
    # The cadre pages stay closed to a member.
    assert c.get(f"/o/{group.code}/democracy/").status_code == 403


def test_a_representative_signs_in_by_the_qr_link(login, me, reps, open_session, me_url):
    token = quote(services.signin_token(open_session))
    c = login(me)
    page = c.get(f"{me_url}signin/?t={token}")
    assert page.status_code == 200 and 'id="signin-button"' in page.content.decode()
    r = c.post(f"{me_url}signin/", {"t": services.signin_token(open_session)})
    assert r.status_code == 302
    with unscoped():
        att = Attendance.objects.get(session=open_session)
    assert att.representative == reps[0] and att.method == "qr"
    assert 'id="signed-in"' in c.get(f"{me_url}signin/?t={token}").content.decode()


def test_a_member_who_is_not_a_representative_is_refused(
    login, leader, open_session, school, me_url
):
    with unscoped():
        assert not Representative.objects.filter(congress=school, member__user=leader).exists()
    c = login(leader)
    assert 'id="not-representative"' in c.get(me_url).content.decode()
    token = services.signin_token(open_session)
    page = c.get(f"{me_url}signin/?t={quote(token)}").content.decode()
    assert 'id="signin-error"' in page and str(open_session) not in page
    c.post(f"{me_url}signin/", {"t": token})
    r = c.post(f"{me_url}proposals/new/", {"title": "x", "body": "y", "category": "other"})
    assert r.status_code == 302
    with unscoped():
        assert not Attendance.objects.filter(session=open_session).exists()
        assert not Proposal.objects.filter(title="x").exists()


def test_proposal_submitted_from_the_phone_with_co_signers(login, me, reps, login_for, me_url):
    c = login(me)
    r = c.post(
        f"{me_url}proposals/new/",
        {
            "title": "关于延长图书馆开放时间的建议",
            "body": "建议晚自习期间开放。",
            "category": "teaching",
        },
    )
    with unscoped():
        p = Proposal.objects.get(title="关于延长图书馆开放时间的建议")
    assert r["Location"] == f"{me_url}proposals/{p.pk}/"
    c.post(f"{me_url}proposals/{p.pk}/submit/")  # refused: no co-signers yet
    with unscoped():
        p.refresh_from_db()
    assert p.status == ProposalStatus.DRAFT
    for rep in reps[1:3]:
        other = login(login_for(rep))
        code = rep.member.org.code
        assert other.post(f"/o/{code}/democracy/me/proposals/{p.pk}/cosign/").status_code == 302
    c.post(f"{me_url}proposals/{p.pk}/submit/")
    with unscoped():
        p.refresh_from_db()
        assert Cosign.objects.filter(proposal=p).count() == 2
    assert p.status == ProposalStatus.SUBMITTED and p.number


def test_a_representative_rates_the_answer_to_their_proposal(login, me, school, history, me_url):
    with unscoped():
        p = Proposal.objects.get(congress=school, title="关于增设教职工子女课后托管服务的建议")
    assert p.status == ProposalStatus.ANSWERED
    c = login(me)
    assert 'id="rate-form"' in c.get(f"{me_url}proposals/{p.pk}/").content.decode()
    c.post(f"{me_url}proposals/{p.pk}/rate/", {"satisfaction": "satisfied", "note": "谢谢"})
    with unscoped():
        p.refresh_from_db()
    assert p.status == ProposalStatus.RATED and p.satisfaction == "satisfied"


def test_a_representative_cannot_open_someone_elses_submitted_proposal(
    login, me, school, history, me_url
):
    with unscoped():
        p = Proposal.objects.get(congress=school, number=4)
    assert login(me).get(f"{me_url}proposals/{p.pk}/").status_code == 404


def test_the_own_pages_answer_404_and_405(login, staff, me, school, history, me_url):
    with unscoped():
        p = Proposal.objects.get(congress=school, title="关于增设教职工子女课后托管服务的建议")
    assert login(me).get(f"{me_url}proposals/{p.pk}/submit/").status_code == 405
    # No role at the member's group: the organisation is not there for this login.
    assert login(staff("chair", UnionFactory())).get(me_url).status_code == 404
