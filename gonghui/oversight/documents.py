"""The committee's documents: a review's opinion (审查意见) as a PDF with its signature
lines, and the draft of the year's 经审工作报告 as a .docx the committee edits afterwards.

Every typed value (subjects, findings, names, the opinion) is hostile: the PDF's template
escapes it (autoescape, WeasyPrint fetches nothing), and the .docx holds it as plain runs
of text through the year-end summary's renderer (plans/summary_docs.py): no fields, no
hyperlinks, control characters dropped.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.exports import render_pdf, xml_text
from gonghui.plans.summary_docs import SummaryDocument

from . import selectors
from .models import Review

CN_NUMBERS = "一二三四五六七八九十"


def _cn(n: int) -> str:
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return (
        ("" if tens == 1 else CN_NUMBERS[tens - 1]) + "十" + (CN_NUMBERS[ones - 1] if ones else "")
    )


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _day(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


# -- the opinion ---------------------------------------------------------------------------


def opinion_pdf(review: Review) -> tuple[str, bytes]:
    """(file name, PDF) of the review's opinion: the review, its findings, the opinion,
    and a signature line for each member taking part (the names and dates of a signed one)."""
    findings = list(selectors.findings(review.org, review=review).order_by("id"))
    signed = {s["name"]: s["date"] for s in review.signatures}
    names = list(dict.fromkeys([*review.member_names, *signed]))
    lines = [
        {"name": n, "date": _day(dt.date.fromisoformat(signed[n])) if n in signed else ""}
        for n in names
    ] or [{"name": "", "date": ""}] * 3
    html = render_to_string(
        "oversight/opinion_pdf.html",
        {
            "org": review.org,
            "review": review,
            "findings": findings,
            "lines": lines,
            "started": _day(review.started_on),
            "ended": _day(review.ended_on),
            "made": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        },
    )
    name = xml_text(f"{review.org.name}{review}审查意见.pdf".replace("/", "_"))
    return name, render_pdf(html)


# -- the yearly report ---------------------------------------------------------------------


class ReportDocument(SummaryDocument):
    identifier = "oversight.report"
    name = gettext_lazy("Audit committee's yearly report")


def _figures_paragraph(report: selectors.YearReport) -> str:
    f = report.figures
    parts = "、".join(f"{name}{_yuan(v)}元" for name, v in f.income if v)
    spent = "、".join(f"{name}{_yuan(v)}元" for name, v in f.expense if v)
    text = _(
        "In %(year)s the union's income was %(income)s yuan%(income_parts)s, its expenditure "
        "%(expense)s yuan%(expense_parts)s, a difference of %(difference)s yuan."
    ) % {
        "year": report.year,
        "income": _yuan(f.income_total),
        "income_parts": f"（{parts}）" if parts else "",
        "expense": _yuan(f.expense_total),
        "expense_parts": f"（{spent}）" if spent else "",
        "difference": _yuan(f.difference),
    }
    text += _(
        " At the end of the year the union held %(cash)s yuan in cash and bank, its "
        "special-purpose balance carried forward was %(carried)s yuan and its general "
        "balance %(surplus)s yuan."
    ) % {"cash": _yuan(f.cash), "carried": _yuan(f.carried), "surplus": _yuan(f.surplus)}
    return text


def _review_paragraph(review) -> str:
    members = "、".join(review.member_names) or _("(members not recorded)")
    text = _(
        "%(period)s %(year)s: %(subject)s. Started %(started)s%(ended)s; members taking "
        "part: %(members)s; %(findings)s problems found."
    ) % {
        "year": review.year,
        "period": review.get_period_display(),
        "subject": review.subject,
        "started": _day(review.started_on),
        "ended": (_(", ended %(d)s") % {"d": _day(review.ended_on)}) if review.ended_on else "",
        "members": members,
        "findings": review.findings_count,
    }
    if review.is_signed:
        text += _(" The opinion was signed on %(d)s.") % {"d": _day(review.signed_on)}
    return text


def body_of(report: selectors.YearReport) -> str:
    paras = [
        _(
            "In %(year)s the funds audit committee held %(n)s reviews, following the union's "
            "accounting system and the rules on union funds."
        )
        % {"year": report.year, "n": len(report.reviews)}
    ]
    paras.append("一、" + _("Income and expenditure"))
    paras.append(_figures_paragraph(report))
    paras.append("二、" + _("Reviews held"))
    if report.reviews:
        for i, review in enumerate(report.reviews, 1):
            paras.append(f"（{_cn(i)}）{review.get_kind_display()}")
            paras.append(_review_paragraph(review))
    else:
        paras.append(_("No review was held this year."))
    paras.append("三、" + _("Problems found and their rectification"))
    paras.append(
        _(
            "The reviews found %(n)s problems: %(closed)s were rectified and accepted on "
            "re-check, %(waiting)s were rectified and wait for the re-check, %(open)s are not "
            "yet rectified."
        )
        % {
            "n": report.findings,
            "closed": report.rectified,
            "waiting": report.waiting_recheck,
            "open": report.still_open,
        }
    )
    paras.append("四、" + _("Payments made despite a budget or spending rule concern"))
    paras.append(
        _(
            "%(n)s vouchers of the year went ahead with a reason after a budget line or a "
            "spending rule objected; the committee reviewed each of them."
        )
        % {"n": report.overrides}
    )
    paras.append("五、" + _("Next year's work"))
    paras.append(_("(To be completed by the committee.)"))
    return "\n\n".join(str(p) for p in paras)


def report_document(user, org, year: int, today: dt.date) -> ReportDocument:
    report = selectors.year_report(org, year)
    title = _("%(org)s funds audit committee: work report %(year)s") % {
        "org": org.name,
        "year": year,
    }
    # The committee's own edit when it kept one on the report page, else the draft.
    body = selectors.report_text(org, year) or body_of(report)
    return ReportDocument(user=user, org=org, title=title, body=body, year=year, date=today)
