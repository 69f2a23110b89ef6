"""The yearly openness report (年度厂务/校务/院务公开情况报告) as a document.

It reuses the year-end summary's GB/T 9704 renderers (plans/summary_docs.py): the report
is written as headed paragraphs (一、…（一）…), which both the .docx and the PDF lay out
as an official document, signed with the union's name and the date.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.plans.summary_docs import SummaryDocument

from . import rules, selectors
from .models import Channel

CN_NUMBERS = "一二三四五六七八九十"


def _cn(n: int) -> str:
    if n <= 10:
        return CN_NUMBERS[n - 1]
    if n < 20:
        return "十" + CN_NUMBERS[n - 11]
    tens, ones = divmod(n, 10)
    return CN_NUMBERS[tens - 1] + "十" + (CN_NUMBERS[ones - 1] if ones else "")


def _d(day: dt.date | None) -> str:
    return f"{day.month}月{day.day}日" if day else ""


def title_of(report: selectors.Report) -> str:
    return _("%(year)s %(system)s report") % {"year": report.year, "system": report.system}


def body_of(report: selectors.Report) -> str:
    """The report's text: totals, then each required item, then what is still due."""
    t = report.totals
    paras = []
    paras.append(
        _(
            "In %(year)s the union published %(notices)s notices of %(system)s. Staff asked "
            "%(questions)s questions: %(on_time)s were answered within %(days)s days, "
            "%(late)s later, and %(open)s are still open."
        )
        % {
            "year": report.year,
            "system": report.system,
            "notices": t["notices"],
            "questions": t["questions"],
            "on_time": t["answered_on_time"],
            "days": rules.ANSWER_DAYS,
            "late": t["answered_late"],
            "open": t["unanswered"],
        }
    )
    paras.append("一、" + _("Required items"))
    for i, row in enumerate(report.rows, 1):
        paras.append(f"（{_cn(i)}）{row.name}")
        freq = str(rules.Frequency(row.frequency).label)
        if row.notices:
            listed = "；".join(
                _("“%(title)s” (%(period)s, published %(on)s%(off)s, %(channel)s)")
                % {
                    "title": n.title,
                    "period": rules.Period(n.period).label,
                    "on": _d(n.published_on),
                    "off": (_(", withdrawn %(d)s") % {"d": _d(n.withdrawn_on)})
                    if n.withdrawn_on
                    else "",
                    "channel": Channel(n.channel).label,
                }
                for n in row.notices
            )
            text = _("Required %(freq)s. Published: %(list)s.") % {"freq": freq, "list": listed}
        else:
            text = _("Required %(freq)s. Nothing was published.") % {"freq": freq}
        missing = [p for p in row.periods if p.flagged]
        if missing:
            text += _(" Not yet published: %(periods)s.") % {
                "periods": "、".join(p.label for p in missing)
            }
        if row.questions:
            text += _(
                " %(n)s questions, %(on_time)s answered on time, %(late)s late, %(open)s open."
            ) % {
                "n": row.questions,
                "on_time": row.answered_on_time,
                "late": row.answered_late,
                "open": row.unanswered,
            }
        paras.append(text)
    if report.other:
        paras.append("二、" + _("Other notices"))
        paras.append("；".join(f"“{n.title}”（{_d(n.published_on)}）" for n in report.other) + "。")
    flagged = report.flagged
    heading = "三" if report.other else "二"
    paras.append(heading + "、" + _("What is still due"))
    if flagged:
        paras.append(
            "；".join(
                _("%(item)s: %(period)s (by %(deadline)s)")
                % {"item": r.name, "period": p.label, "deadline": _d(p.deadline)}
                for r, p in flagged
            )
            + "。"
        )
    else:
        paras.append(_("Every required item due so far has been published."))
    return "\n\n".join(str(p) for p in paras)


class ReportDocument(SummaryDocument):
    identifier = "openness.report"
    name = gettext_lazy("Openness report")


def document(user, unit, year: int, today: dt.date) -> ReportDocument:
    report = selectors.year_report(unit, year, today)
    return ReportDocument(
        user=user, org=unit, title=title_of(report), body=body_of(report), year=year, date=today
    )
