"""The documents of a round: the 表彰决定 (.docx or PDF, laid out as an official document
by the year-end summary's GB/T 9704 renderers), the numbered certificates (one PDF page a
name), the list of nominations (.xlsx, typed text never a formula). Each export is on the
record (who took which document of which round)."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.audit import models as audit
from gonghui.core.exports import Exporter, render_pdf, xml_text
from gonghui.plans.summary_docs import SummaryDocument

from . import rules, selectors
from .models import AWARDED_STATES, AwardRound, NominationStatus
from .services import AwardError


class DecisionDocument(SummaryDocument):
    identifier = "awards.decision"
    name = gettext_lazy("Award decision")


def _names(round_: AwardRound) -> list:
    return list(selectors.publicised(round_))


def decision_body(round_: AwardRound) -> str:
    d = round_.decision
    winners = _names(round_)
    paras = []
    if d.text.strip():
        paras.append(d.text.strip())
    else:
        paras.append(
            f"为表彰先进、树立典型，{round_.org.name}于{round_.year}年开展了{round_.award.name}"
            f"评选活动。经推荐、评审，并于{_d(round_.publicity_start)}至{_d(round_.publicity_end)}"
            f"公示{round_.publicity_days}个工作日，经研究，决定授予以下{len(winners)}名（个）"
            f"同志（集体）“{round_.award.name}”称号。"
        )
    paras.append(f"一、{round_.award.name}（{len(winners)}名）")
    paras.append(
        "、".join(
            f"{n.nominee_name}（{n.nominee_unit}）" if n.nominee_unit else n.nominee_name
            for n in winners
        )
    )
    paras.append(
        "希望受表彰的先进个人和集体珍惜荣誉、再接再厉，广大会员以先进为榜样，立足岗位、争创佳绩。"
    )
    return "\n\n".join(paras)


def _d(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _decided(round_: AwardRound) -> None:
    if round_.status not in AWARDED_STATES:
        raise AwardError(_("The documents are made once the round is decided."))


def decision_export(*, actor, round: AwardRound, fmt: str) -> tuple[str, bytes]:
    """The 表彰决定 of a decided round as .docx or PDF: its file name and content."""
    _decided(round)
    d = round.decision
    doc = DecisionDocument(
        user=actor,
        org=round.org,
        title=f"关于表彰{round.year}年度{round.award.name}的决定",
        body=f"{d.number}\n\n{decision_body(round)}",
        year=round.year,
        date=d.date,
    )
    data = doc.render(fmt)
    audit.record("awards.decision.exported", obj=round, changes={"format": [None, fmt]})
    return doc.filename(fmt), data


def certificates_pdf(*, actor, round: AwardRound) -> tuple[str, bytes]:
    """One certificate page a name, numbered as the decision numbered them."""
    _decided(round)
    html = render_to_string(
        "awards/certificates_pdf.html",
        {
            "round": round,
            "award": round.award,
            "decision": round.decision,
            "winners": _names(round),
        },
    )
    audit.record("awards.certificates.exported", obj=round)
    return f"{xml_text(round.title)}-荣誉证书.pdf", render_pdf(html)


class NominationsExporter(Exporter):
    identifier = "awards.nominations"
    name = "推荐名单"
    sheet_title = "推荐名单"

    def __init__(self, *, user, org, round, options=None) -> None:
        super().__init__(user=user, org=org, options=options)
        self.round = round

    def columns(self) -> list[str]:
        return [
            "序号",
            "被推荐对象",
            "类别",
            "所在单位或小组",
            "计入比例",
            "主要事迹",
            "推荐人",
            "推荐日期",
            "评审得分",
            "赞成票",
            "投票人数",
            "评审意见",
            "状态",
            "证书编号",
        ]

    def rows(self):
        statuses = dict(NominationStatus.choices)
        for i, n in enumerate(selectors.nominations(self.round).order_by("id"), start=1):
            if n.status == NominationStatus.WITHDRAWN:
                continue
            yield [
                i,
                n.nominee_name,
                str(rules.Nominee(n.nominee_type).label),
                n.nominee_unit,
                "、".join(n.tag_labels()),
                n.story,
                getattr(n.nominated_by, "display_name", "") if n.nominated_by else "",
                n.nominated_on,
                n.score,
                n.votes_for,
                n.votes_cast,
                n.review_note,
                str(statuses[n.status]),
                n.certificate_no,
            ]


def nominations_xlsx(*, actor, round: AwardRound) -> tuple[str, bytes]:
    buf = io.BytesIO()
    NominationsExporter(user=actor, org=round.org, round=round).write_xlsx(buf)
    audit.record("awards.nominations.exported", obj=round)
    return f"{xml_text(round.title)}-推荐名单.xlsx", buf.getvalue()
