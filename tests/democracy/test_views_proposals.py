"""The proposal committee's pages: handling a proposal, the overdue filter and the yearly report."""

from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.democracy.models import (
    Proposal,
    ProposalStatus,
)
from tests.factories import UnionFactory

pytestmark = pytest.mark.django_db


def test_the_proposal_committee_handles_a_proposal(login, chair, school, history, base):
    with unscoped():
        p = Proposal.objects.get(congress=school, status=ProposalStatus.SUBMITTED)
    c = login(chair)
    url = f"{base}proposals/{p.pk}/"
    assert c.get(url).status_code == 200
    c.post(url + "review/", {"accept": "1", "reason": ""})
    c.post(url + "assign/", {"department": "工会", "deadline": "2026-12-31"})
    c.post(url + "answer/", {"answer": "已联系体检机构增加项目。"})
    with unscoped():
        p.refresh_from_db()
    assert p.status == ProposalStatus.ANSWERED and p.department == "工会"
    # A refusal without a reason is shown as a message and changes nothing.
    with unscoped():
        other = Proposal.objects.get(congress=school, number=6)
    assert other.status == ProposalStatus.ACCEPTED
    assert c.post(f"{base}proposals/{other.pk}/frobnicate/").status_code == 404


def test_the_overdue_filter_and_the_yearly_report(login, chair, history, base):
    c = login(chair)
    body = c.get(f"{base}proposals/?status=overdue").content.decode()
    assert "关于完善班主任津贴发放办法的建议" in body and "关于改善教师食堂" not in body
    report = c.get(f"{base}proposals/report/?year=2026").content.decode()
    assert 'id="report-table"' in report and "关于改善教师食堂午餐质量的建议" in report
    with unscoped():
        since = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    x = c.get(f"{base}proposals/report.xlsx?year=2026")
    assert x.status_code == 200 and x["Content-Type"].startswith("application/vnd.openxmlformats")
    with unscoped():
        assert AuditEntry.objects.filter(
            pk__gt=since, action="democracy.proposal.report_exported"
        ).exists()


def test_proposal_pages_answer_404_403_405(login, staff, chair, me, group, school, history, base):
    with unscoped():
        p = Proposal.objects.get(congress=school, status=ProposalStatus.SUBMITTED)
    other = UnionFactory()
    hospital = login(staff("chair", other))
    assert hospital.get(f"/o/{other.code}/democracy/proposals/{p.pk}/").status_code == 404
    # The auditor reads contracts, not proposals; a member does not handle them.
    auditor = login(staff("auditor", other))
    assert auditor.get(f"/o/{other.code}/democracy/proposals/").status_code == 403
    member = login(me)
    assert member.post(f"/o/{group.code}/democracy/proposals/{p.pk}/review/").status_code == 403
    assert login(chair).get(f"{base}proposals/{p.pk}/review/").status_code == 405
