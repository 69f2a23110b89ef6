"""Pages of democratic management, per persona: the cadres' and the representatives'."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from django.urls import reverse

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.democracy import services
from gonghui.democracy.models import (
    Attendance,
    Congress,
    Contract,
    Cosign,
    Proposal,
    ProposalStatus,
    Representative,
    Resolution,
    Session,
)

from .conftest import present

pytestmark = pytest.mark.django_db
BASE = "/o/S0001/democracy/"
ME = "/o/S0001-G01/democracy/me/"


# -- cadre pages: works / other org 404 / no permission 403 / wrong method 405 ----------------


def test_the_overview_and_congress_page_show_the_checks(client_for, school):
    c = client_for("school_chair")
    r = c.get(BASE)
    assert r.status_code == 200 and "第五届教职工代表大会" in r.content.decode()
    body = c.get(f"{BASE}congresses/{school.pk}/").content.decode()
    assert 'data-check="teachers" data-passed="pass"' in body
    assert 'data-check="managers" data-passed="pass"' in body
    assert "教育部令第32号" in body
    # No staff count recorded: the page says the roll stands in for it.
    assert "members on the roll" in body or "在册会员" in body


def test_another_union_gets_404(client_for, school):
    c = client_for("hospital_chair")
    assert c.get(BASE).status_code == 404
    assert c.get(f"/o/H0001/democracy/congresses/{school.pk}/").status_code == 404


def test_a_role_without_the_permission_gets_403(client_for):
    c = client_for("factory_finance")
    assert c.get("/o/F0001/democracy/").status_code == 403
    assert c.post("/o/F0001/democracy/contracts/new/", {}).status_code == 403
    # The auditor reads the contracts but cannot write them.
    a = client_for("factory_auditor")
    assert a.get("/o/F0001/democracy/contracts/").status_code == 200
    assert a.post("/o/F0001/democracy/contracts/new/", {}).status_code == 403


def test_the_wrong_method_gets_405(client_for, open_session):
    c = client_for("school_chair")
    assert c.get(f"{BASE}sessions/{open_session.pk}/attendance/").status_code == 405
    assert c.get(f"{BASE}sessions/{open_session.pk}/open/").status_code == 405


def test_a_cadre_sets_up_a_term_and_adds_representatives(client_for, org):
    c = client_for("school_chair")
    r = c.post(
        f"{BASE}congresses/new/",
        {
            "kind": "teachers",
            "term_number": 6,
            "start_date": "2029-03-01",
            "end_date": "2034-02-28",
            "min_cosigners": 2,
        },
    )
    with unscoped():
        congress = Congress.objects.get(org__code="S0001", term_number=6)
        from gonghui.members.models import Member

        ids = list(
            Member.objects.filter(org__path__startswith=org("S0001").path, status="active")
            .order_by("pk")
            .values_list("pk", flat=True)[:3]
        )
    assert r.status_code == 302 and r["Location"] == f"{BASE}congresses/{congress.pk}/"
    page = c.get(f"{BASE}congresses/{congress.pk}/representatives/add/?q=")
    assert page.status_code == 200
    r = c.post(
        f"{BASE}congresses/{congress.pk}/representatives/add/",
        {"members": [str(i) for i in ids], "teacher": "1"},
    )
    assert r.status_code == 302
    with unscoped():
        assert Representative.objects.filter(congress=congress, teacher=True).count() == 3
        entry = AuditEntry.objects.filter(action="democracy.representative.created").latest("pk")
        assert entry.actor.username == "school_chair" and entry.source == "web"


def test_the_session_page_shows_the_live_quorum_and_saves_the_sign_in_list(
    client_for, reps, open_session
):
    c = client_for("school_chair")
    url = f"{BASE}sessions/{open_session.pk}/"
    body = c.get(url).content.decode()
    assert 'id="quorum"' in body and "hx-trigger" in body and "0 / 40" in body
    r = c.post(url + "attendance/", {"present": [str(r.pk) for r in reps[:27]]})
    assert r.status_code == 302
    with unscoped():
        assert Attendance.objects.filter(session=open_session, method="list").count() == 27
    partial = c.get(url + "quorum/").content.decode()
    assert "27 / 40" in partial and 'data-met="1"' in partial


def test_recording_votes_on_the_page_follows_the_majority_rule(client_for, reps, open_session):
    present(open_session, reps[:30])
    c = client_for("school_chair")
    c.post(f"{BASE}sessions/{open_session.pk}/resolutions/", {"title": "关于测试的决议"})
    with unscoped():
        res = Resolution.objects.get(session=open_session)
    r = c.post(
        f"{BASE}resolutions/{res.pk}/votes/",
        {"votes_for": 20, "votes_against": 4, "abstentions": 6},
    )
    assert r.status_code == 302
    with unscoped():
        res.refresh_from_db()
    assert res.adopted is False and res.total == 40  # 20 of 40 is exactly half


def test_the_sign_in_code_page_shows_a_qr_code(client_for, open_session):
    body = (
        client_for("school_chair").get(f"{BASE}sessions/{open_session.pk}/code/").content.decode()
    )
    assert 'id="signin-qr"' in body and "data:image/svg+xml;base64," in body
    assert "?t=" in body


def test_a_document_is_served_through_the_scoped_view(client_for, open_session):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_for("school_chair")
    up = SimpleUploadedFile("报告.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    c.post(f"{BASE}sessions/{open_session.pk}/documents/", {"file": up})
    with unscoped():
        doc = open_session.documents.get()
    r = c.get(f"{BASE}sessions/{open_session.pk}/documents/{doc.pk}/")
    assert r.status_code == 200 and r.content == b"%PDF-1.4 test"
    # Shown in the browser, named as uploaded (RFC 5987 for the Chinese name).
    assert r["Content-Disposition"] == f"inline; filename*=utf-8''{quote('报告.pdf')}"
    assert (
        client_for("hospital_chair")
        .get(f"/o/H0001/democracy/sessions/{open_session.pk}/documents/{doc.pk}/")
        .status_code
        == 404
    )


def test_the_proposal_committee_handles_a_proposal(client_for):
    with unscoped():
        p = Proposal.objects.get(congress__org__code="S0001", status=ProposalStatus.SUBMITTED)
    c = client_for("school_chair")
    url = f"{BASE}proposals/{p.pk}/"
    assert c.get(url).status_code == 200
    c.post(url + "review/", {"accept": "1", "reason": ""})
    c.post(url + "assign/", {"department": "工会", "deadline": "2026-12-31"})
    c.post(url + "answer/", {"answer": "已联系体检机构增加项目。"})
    with unscoped():
        p.refresh_from_db()
    assert p.status == ProposalStatus.ANSWERED and p.department == "工会"
    # A refusal without a reason is shown as a message and changes nothing.
    with unscoped():
        other = Proposal.objects.get(congress__org__code="S0001", number=6)
    assert other.status == ProposalStatus.ACCEPTED
    assert c.post(f"{BASE}proposals/{other.pk}/frobnicate/").status_code == 404


def test_the_overdue_filter_and_the_yearly_report(client_for):
    c = client_for("school_chair")
    body = c.get(f"{BASE}proposals/?status=overdue").content.decode()
    assert "关于完善班主任津贴发放办法的建议" in body and "关于改善教师食堂" not in body
    report = c.get(f"{BASE}proposals/report/?year=2026").content.decode()
    assert 'id="report-table"' in report and "关于改善教师食堂午餐质量的建议" in report
    with unscoped():
        since = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    x = c.get(f"{BASE}proposals/report.xlsx?year=2026")
    assert x.status_code == 200 and x["Content-Type"].startswith("application/vnd.openxmlformats")
    with unscoped():
        assert AuditEntry.objects.filter(
            pk__gt=since, action="democracy.proposal.report_exported"
        ).exists()


def test_contracts_are_recorded_with_negotiations_and_checks(client_for):
    c = client_for("factory_chair")
    body = c.get("/o/F0001/democracy/contracts/").content.decode()
    assert "女职工权益保护专项集体合同" in body and 'data-expiring="1"' in body
    r = c.post(
        "/o/F0001/democracy/contracts/new/",
        {
            "kind": "wages",
            "title": "工资专项集体合同（2027年）",
            "terms": "工资增长不低于5%",
            "start_date": "2027-01-01",
            "end_date": "2027-12-31",
        },
    )
    with unscoped():
        contract = Contract.objects.get(title="工资专项集体合同（2027年）")
    assert r.status_code == 302
    c.post(
        f"/o/F0001/democracy/contracts/{contract.pk}/negotiations/",
        {"date": "2026-11-20", "parties": "双方各5人", "notes": "首轮协商"},
    )
    c.post(
        f"/o/F0001/democracy/contracts/{contract.pk}/checks/",
        {"year": 2027, "checked_on": "2027-12-20", "findings": "已按约增长"},
    )
    with unscoped():
        assert contract.negotiations.count() == 1 and contract.checks.count() == 1
    assert client_for("school_chair").get(f"{BASE}contracts/{contract.pk}/").status_code == 404


def test_the_dashboard_card_shows_what_needs_attention(client_for):
    body = client_for("factory_chair").get("/o/F0001/").content.decode()
    assert 'id="card-democracy"' in body and "女职工权益保护专项集体合同" in body


def test_the_session_is_plan_evidence(platform, school):
    from gonghui.plans import evidence

    kind = evidence.get("democracy.session")
    session = Session.objects.get(congress=school, number=2)
    d = kind.describe(session)
    assert d.date == dt.date(2026, 3, 15) and "36" in d.summary
    assert session in list(kind.candidates(school.org, 2026))


def test_the_year_figures_for_the_summary(platform, school):
    from gonghui.democracy.hooks import year_figures

    figures = {f.key: f.value for f in year_figures(school.org, 2026)}
    assert figures["democracy.sessions"] == 1 and figures["democracy.proposals"] == 8
    assert figures["democracy.proposals_satisfied"] == 1


# -- the representatives' pages --------------------------------------------------------------------


def test_a_representative_sees_their_congress(client_for):
    c = client_for("member")
    body = c.get(ME).content.decode()
    assert 'id="my-seat"' in body and "第五届教职工代表大会" in body
    assert "关于增设教职工子女课后托管服务的建议" in body  # their own proposal
    assert "关于设立教职工心理健康咨询室的建议" in body  # a colleague's draft to co-sign
    # The cadre pages stay closed to a member.
    assert c.get("/o/S0001-G01/democracy/").status_code == 403


def test_a_representative_signs_in_by_the_qr_link(client_for, reps, open_session, user):
    token = quote(services.signin_token(open_session))
    c = client_for("member")
    page = c.get(f"{ME}signin/?t={token}")
    assert page.status_code == 200 and 'id="signin-button"' in page.content.decode()
    r = c.post(f"{ME}signin/", {"t": services.signin_token(open_session)})
    assert r.status_code == 302
    with unscoped():
        att = Attendance.objects.get(session=open_session)
    assert att.representative == reps[0] and att.method == "qr"
    assert 'id="signed-in"' in c.get(f"{ME}signin/?t={token}").content.decode()


def test_a_member_who_is_not_a_representative_is_refused(client_for, open_session, school):
    with unscoped():
        assert not Representative.objects.filter(
            congress=school, member__user__username="group_leader"
        ).exists()
    c = client_for("group_leader")
    assert 'id="not-representative"' in c.get(ME).content.decode()
    token = services.signin_token(open_session)
    page = c.get(f"{ME}signin/?t={quote(token)}").content.decode()
    assert 'id="signin-error"' in page and str(open_session) not in page
    c.post(f"{ME}signin/", {"t": token})
    r = c.post(f"{ME}proposals/new/", {"title": "x", "body": "y", "category": "other"})
    assert r.status_code == 302
    with unscoped():
        assert not Attendance.objects.filter(session=open_session).exists()
        assert not Proposal.objects.filter(title="x").exists()


def test_proposal_submitted_from_the_phone_with_co_signers(client_for, reps, login_for):
    c = client_for("member")
    r = c.post(
        f"{ME}proposals/new/",
        {
            "title": "关于延长图书馆开放时间的建议",
            "body": "建议晚自习期间开放。",
            "category": "teaching",
        },
    )
    with unscoped():
        p = Proposal.objects.get(title="关于延长图书馆开放时间的建议")
    assert r["Location"] == f"{ME}proposals/{p.pk}/"
    c.post(f"{ME}proposals/{p.pk}/submit/")  # refused: no co-signers yet
    with unscoped():
        p.refresh_from_db()
    assert p.status == ProposalStatus.DRAFT
    from django.test import Client

    for rep in reps[1:3]:
        other = Client()
        other.force_login(login_for(rep))
        code = rep.member.org.code
        assert other.post(f"/o/{code}/democracy/me/proposals/{p.pk}/cosign/").status_code == 302
    c.post(f"{ME}proposals/{p.pk}/submit/")
    with unscoped():
        p.refresh_from_db()
        assert Cosign.objects.filter(proposal=p).count() == 2
    assert p.status == ProposalStatus.SUBMITTED and p.number


def test_a_representative_rates_the_answer_to_their_proposal(client_for):
    with unscoped():
        p = Proposal.objects.get(title="关于增设教职工子女课后托管服务的建议")
    c = client_for("member")
    assert 'id="rate-form"' in c.get(f"{ME}proposals/{p.pk}/").content.decode()
    c.post(f"{ME}proposals/{p.pk}/rate/", {"satisfaction": "satisfied", "note": "谢谢"})
    with unscoped():
        p.refresh_from_db()
    assert p.status == ProposalStatus.RATED and p.satisfaction == "satisfied"


def test_a_representative_cannot_open_someone_elses_submitted_proposal(client_for):
    with unscoped():
        p = Proposal.objects.get(congress__org__code="S0001", number=4)
    assert client_for("member").get(f"{ME}proposals/{p.pk}/").status_code == 404


class TestQrLanding:
    @pytest.fixture(autouse=True)
    def go_routes(self, settings):
        from django.urls import NoReverseMatch, clear_url_caches

        try:
            reverse("democracy_go:signin")
        except NoReverseMatch:
            settings.ROOT_URLCONF = "tests.democracy.urls_with_go"
            clear_url_caches()
        yield
        clear_url_caches()

    def test_the_code_leads_a_group_member_to_their_sign_in_page(self, client_for, open_session):
        token = services.signin_token(open_session)
        r = client_for("member").get(reverse("democracy_go:signin") + "?t=" + quote(token))
        assert r.status_code == 302
        assert r["Location"].startswith(f"{ME}signin/?t=")


def test_a_held_session_offers_the_plan_link_and_its_record(client_for, school):
    with unscoped():
        held = Session.objects.get(congress=school, number=2)
    body = client_for("school_chair").get(f"{BASE}sessions/{held.pk}/").content.decode()
    assert "36 / 40" in body and "关于《校长工作报告》的决议" in body
    assert "hx-trigger" not in body  # a closed session's quorum no longer polls
    # Closed: the sign-in list is read-only.
    assert 'id="attendance-save"' not in body


def test_a_cadre_edits_a_representatives_categories(client_for, reps):
    c = client_for("school_chair")
    rep = reps[5]
    url = f"{BASE}representatives/{rep.pk}/"
    assert c.get(url).status_code == 200
    r = c.post(url, {"manager_level": "middle", "teacher": "on"})
    assert r.status_code == 302
    with unscoped():
        rep.refresh_from_db()
    assert rep.manager_level == "middle" and rep.teacher and rep.delegation is None
    assert (
        client_for("hospital_chair")
        .get(f"/o/H0001/democracy/representatives/{rep.pk}/")
        .status_code
        == 404
    )


def test_the_contract_page_shows_the_approving_vote(client_for):
    with unscoped():
        contract = Contract.objects.get(org__code="F0001", kind="general")
    body = (
        client_for("factory_chair")
        .get(f"/o/F0001/democracy/contracts/{contract.pk}/")
        .content.decode()
    )
    assert "四届三次会议" in body and "36" in body and "2026-01-08" in body
    r = client_for("factory_chair").post(
        f"/o/F0001/democracy/contracts/{contract.pk}/edit/",
        {
            "kind": "general",
            "title": contract.title,
            "terms": contract.terms,
            "start_date": "2026-01-01",
            "end_date": "2025-12-31",
        },
    )
    assert r.status_code == 200  # refused: ends before it starts; the form is shown again
    with unscoped():
        contract.refresh_from_db()
    assert contract.end_date.year == 2028
