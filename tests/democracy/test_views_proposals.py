"""The proposal committee's pages: handling a proposal, the overdue filter and the yearly report."""

from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.democracy.models import (
    Proposal,
    ProposalStatus,
)

from .conftest import BASE

pytestmark = pytest.mark.django_db


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


def test_proposal_pages_answer_404_403_405(client_for):
    with unscoped():
        p = Proposal.objects.get(congress__org__code="S0001", status=ProposalStatus.SUBMITTED)
    hospital = client_for("hospital_chair")
    assert hospital.get(f"/o/H0001/democracy/proposals/{p.pk}/").status_code == 404
    # The auditor reads contracts, not proposals; a member does not handle them.
    assert client_for("factory_auditor").get("/o/F0001/democracy/proposals/").status_code == 403
    member = client_for("member")
    assert member.post(f"/o/S0001-G01/democracy/proposals/{p.pk}/review/").status_code == 403
    assert client_for("school_chair").get(f"{BASE}proposals/{p.pk}/review/").status_code == 405
