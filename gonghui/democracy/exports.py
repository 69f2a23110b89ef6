"""The yearly proposal report (提案办理情况汇总表) as a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils import timezone

from gonghui.core.exports import Exporter

from . import selectors


class ProposalReport(Exporter):
    identifier = "democracy.proposal_report"
    name = "提案办理情况汇总表"
    sheet_title = "提案办理情况"

    def columns(self) -> list[str]:
        return [
            "编号",
            "届次",
            "提案人",
            "附议人数",
            "案由",
            "类别",
            "提交时间",
            "状态",
            "审查意见",
            "承办部门",
            "办理期限",
            "逾期",
            "答复",
            "落实情况",
            "提案人评价",
        ]

    def rows(self) -> Iterator[Iterable]:
        today = timezone.localdate()
        for p in selectors.proposals_of_year(self.org, int(self.options["year"])):
            yield [
                p.number,
                str(p.session or p.congress),
                p.proposer.member.name,
                p.n_cosigns,
                p.title,
                str(p.get_category_display()),
                p.submitted_at,
                str(p.get_status_display()),
                p.review_reason,
                p.department,
                p.deadline,
                "是" if p.is_overdue(today) else "",
                p.answer,
                p.implementation,
                str(p.get_satisfaction_display()) if p.satisfaction else "",
            ]
