"""The year-end summary (工作总结): its draft's numbers are the records', edits are never
overwritten without confirmation, and the exports are laid out per GB/T 9704.

The fixture `school_year` (imported by the view and API tests) builds a year of a union's
work (the `union` fixture, with a group and two long-standing members) through the audited
services: an accepted plan with two sections and four tasks (one done with a record, one
recurring and under way, one not started, one dropped), and members joining and leaving.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from dataclasses import dataclass

import pytest

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import scope
from gonghui.members import services as member_services
from gonghui.members.idcard import check_char
from gonghui.members.models import EventKind, Member, MembershipEvent, Status
from gonghui.plans import figures, services, services_summary, summary_docs
from gonghui.plans import summary as summaries
from gonghui.plans.models import Plan, Record, Summary, Task
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

YEAR = 2026
PLAN_TITLE = "实验中学工会2026年工作计划"


def id_number(serial: int, birth: str = "19900101") -> str:
    body = f"110105{birth}{serial:03d}"
    return body + check_char(body)


@dataclass
class Year:
    org: object
    chair: object
    plan: Plan
    done: Task
    doing: Task
    todo: Task
    dropped: Task
    joined: list


@pytest.fixture
def school_year(union, group, chair, platform) -> Year:
    school = union
    # Two members on the roll since before the year: one of them leaves in it.
    MemberFactory.create_batch(2, org=group)
    with scope(school), acting(user=chair, source="web"):
        plan = Plan(org=school, year=YEAR, title=PLAN_TITLE, created_by=chair)
        plan.save()
        org_section = services.section_create(
            actor=chair, plan=plan, title="加强组织建设", number="一、"
        )
        culture = services.section_create(
            actor=chair, plan=plan, title="丰富职工文化生活", number="二、"
        )
        sub = services.section_create(
            actor=chair, plan=plan, title="读书活动", number="（一）", parent=culture
        )
        done = services.task_create(
            actor=chair,
            plan=plan,
            data={
                "text": "召开第三届会员代表大会。",
                "category": "organisation",
                "section": org_section,
                "months": [3],
            },
        )
        dropped = services.task_create(
            actor=chair,
            plan=plan,
            data={"text": "开展劳动竞赛", "category": "contest", "section": org_section},
        )
        doing = services.task_create(
            actor=chair,
            plan=plan,
            data={
                "text": "每月开展一次读书活动",
                "category": "culture",
                "section": sub,
                "months": [3, 4, 5],
                "recurrence": {"per": "month", "times": 1},
            },
        )
        todo = services.task_create(
            actor=chair,
            plan=plan,
            data={
                "text": "组织教职工登山比赛",
                "category": "culture",
                "section": culture,
                "months": [5],
            },
        )
        services.plan_accept(actor=chair, plan=plan)
        services.record_create(
            actor=chair,
            org=school,
            data={"title": "第三届会员代表大会", "date": dt.date(YEAR, 3, 12), "participants": 80},
            task=done,
        )
        services.record_create(
            actor=chair,
            org=school,
            data={"title": "读书分享会", "date": dt.date(YEAR, 4, 20)},
            task=doing,
        )
        services.task_set_status(actor=chair, task=dropped, status="dropped")

        joined = [
            member_services.member_create(
                actor=chair,
                org=group,
                data={
                    "name": name,
                    "sex": sex,
                    "id_number": id_number(900 + i),
                    "joined_on": dt.date(YEAR, 9, 1),
                },
            )
            for i, (name, sex) in enumerate([("新会员甲", "female"), ("新会员乙", "male")])
        ]
        leaving = Member.objects.filter(status=Status.ACTIVE).exclude(pk__in=[m.pk for m in joined])
        member_services.member_leave(
            actor=chair,
            member=leaving.filter(user__isnull=True).order_by("pk").first(),
            date=dt.date(YEAR, 10, 8),
            reason="调离本单位",
        )
    for t in (done, doing, todo, dropped):
        t.refresh_from_db()
    return Year(school, chair, plan, done, doing, todo, dropped, joined)


def draft(org, year: int = YEAR, today=None) -> tuple[str, str, dict]:
    with scope(org):
        return summaries.summary_draft(org, year, today=today)


def figure(snapshot: dict, key: str) -> dict:
    [row] = [f for rows in snapshot["categories"].values() for f in rows if f["key"] == key]
    return row


def events(org, year: int, *kinds) -> int:
    with scope(org):
        return MembershipEvent.objects.filter(
            org__path__startswith=org.path, date__year=year, kind__in=kinds
        ).count()


# -- the draft ---------------------------------------------------------------------------


def test_the_draft_counts_planned_and_done_from_the_linked_records(school_year):
    title, body, snapshot = draft(school_year.org)
    assert title == f"{school_year.org.name}2026年工作总结"
    assert f"《{PLAN_TITLE}》" in body
    assert "全年计划工作任务3项，已完成1项，正在推进1项，尚未开展1项，另有1项经研究取消。" in body
    assert snapshot["tasks"] == {"planned": 3, "done": 1, "doing": 1, "todo": 1, "dropped": 1}
    # Per top-level section; the subsection's task counts for its section.
    paragraphs = body.split("\n\n")
    i = paragraphs.index("（一）加强组织建设")
    assert paragraphs[i + 1] == "本部分计划任务1项，已全部完成，另有1项经研究取消。"
    assert (
        paragraphs[i + 2] == "已完成：召开第三届会员代表大会（2026年3月12日“第三届会员代表大会”）。"
    )
    assert paragraphs[i + 3] == "已取消：开展劳动竞赛。"
    j = paragraphs.index("（二）丰富职工文化生活")
    assert paragraphs[j + 1] == "本部分计划任务2项，已完成0项，正在推进1项，尚未开展1项。"
    assert paragraphs[j + 2] == (
        "正在推进：每月开展一次读书活动（已有1个月完成，共3个月，2026年4月20日“读书分享会”）。"
    )
    assert paragraphs[j + 3] == "未完成：组织教职工登山比赛。"
    assert paragraphs[0].startswith("2026年，")
    assert paragraphs[1] == "一、主要工作完成情况"
    assert "四、下一步工作打算" in paragraphs
    assert "本年度未完成和正在推进的2项工作，将纳入下一年度工作计划统筹推进。" in paragraphs
    rows = {r["category"]: r for r in snapshot["planned_vs_done"]}
    assert rows["organisation"] | {} == {
        "category": "organisation",
        "name": "组织建设",
        "planned": 1,
        "done": 1,
        "doing": 0,
        "todo": 0,
        "dropped": 0,
    }
    assert (rows["culture"]["planned"], rows["culture"]["doing"], rows["culture"]["todo"]) == (
        2,
        1,
        1,
    )
    assert (rows["contest"]["planned"], rows["contest"]["dropped"]) == (0, 1)


def test_a_task_whose_months_are_ahead_is_not_called_undone(school_year):
    with scope(school_year.org), acting(user=school_year.chair):
        services.task_create(
            actor=school_year.chair,
            plan=school_year.plan,
            data={"text": "举办迎新年文艺汇演", "category": "culture", "months": [12]},
        )
    _title, body, snapshot = draft(school_year.org, today=dt.date(YEAR, 11, 25))
    assert "按计划尚未到期：举办迎新年文艺汇演。" in body
    assert "未完成：组织教职工登山比赛。" in body
    assert snapshot["tasks"]["todo"] == 2
    _title, body, _snapshot = draft(school_year.org, today=dt.date(YEAR + 1, 1, 5))
    # A task outside any section is reported under 其他工作; after December it is undone.
    assert "（三）其他工作" in body
    assert "未完成：举办迎新年文艺汇演。" in body and "按计划尚未到期" not in body


def test_the_years_figures_are_those_of_the_records(school_year):
    org = school_year.org
    _title, body, snapshot = draft(org)
    joined = figure(snapshot, "members.joined")
    left = figure(snapshot, "members.left")
    records = figure(snapshot, "plans.records")
    assert joined["value"] == events(org, YEAR, EventKind.JOINED) >= 2
    assert (
        left["value"]
        == events(org, YEAR, EventKind.LEFT, EventKind.LAPSED, EventKind.EXPELLED)
        >= 1
    )
    with scope(org):
        assert (
            records["value"]
            == Record.objects.filter(org__path__startswith=org.path, date__year=YEAR).count()
            >= 2
        )
        on_roll = Member.objects.filter(
            org__path__startswith=org.path,
            status__in=[Status.ACTIVE, Status.RETAINED, Status.TRANSFERRING],
        ).count()
    assert figure(snapshot, "members.on_roll")["value"] == on_roll
    # Each figure is written into the text, in its category's paragraph.
    assert "二、全年主要工作数据" in body
    assert str(joined["value"]) in joined["text"]
    for f in (joined, left, records):
        assert f["text"] in body
    line = next(p for p in body.split("\n\n") if p.startswith("组织建设："))
    assert joined["text"] in line and line.endswith("。")


def test_a_member_joining_changes_the_figure_by_one(school_year):
    org = school_year.org
    before = figure(draft(org)[2], "members.joined")["value"]
    with scope(org), acting(user=school_year.chair):
        member_services.member_create(
            actor=school_year.chair,
            org=school_year.joined[0].org,
            data={
                "name": "新会员丙",
                "sex": "female",
                "id_number": id_number(950),
                "joined_on": dt.date(YEAR, 11, 2),
            },
        )
    after = draft(org)[2]
    assert figure(after, "members.joined")["value"] == before + 1


def test_only_modules_with_figures_are_mentioned_and_money_stays_exact(school_year, monkeypatch):
    from decimal import Decimal

    # Only the test's providers: the real modules' figures depend on their own records.
    monkeypatch.setattr(figures, "_PROVIDERS", {})
    monkeypatch.setitem(
        figures._PROVIDERS,
        "test.nothing",
        figures.Provider("test.nothing", "rights", lambda org, year: []),
    )
    monkeypatch.setitem(
        figures._PROVIDERS,
        "test.care",
        figures.Provider(
            "test.care",
            "care",
            lambda org, year: [
                figures.Figure(
                    "care.paid", "慰问金", Decimal("3000.5"), "元", "全年发放慰问金{value}{unit}"
                ),
                figures.Figure("care.visits", "走访", 12, "人次"),
            ],
        ),
    )
    _title, body, snapshot = draft(school_year.org)
    assert "rights" not in snapshot["categories"]
    assert "维权：" not in body
    assert "帮扶送温暖：全年发放慰问金3000.50元，走访12人次。" in body
    assert figure(snapshot, "care.paid")["value"] == "3000.50"


def test_without_an_accepted_plan_the_draft_says_so_and_leaves_room(other):
    hospital = other.union
    with scope(hospital):
        assert not Plan.objects.filter(org=hospital, year=2031).exists()
    title, body, snapshot = draft(hospital, 2031)
    assert title == f"{hospital.name}2031年工作总结"
    assert "本年度没有经确认的工作计划" in body
    assert "全年计划工作任务" not in body
    assert "【待填写" in body
    assert snapshot["tasks"]["planned"] == 0 and snapshot["planned_vs_done"] == []


# -- generating and editing -------------------------------------------------------------------


def generate(y, **kwargs) -> Summary:
    with scope(y.org), acting(user=y.chair, source="web"):
        return services_summary.summary_generate(actor=y.chair, org=y.org, year=YEAR, **kwargs)


def update(y, summary, **kwargs) -> Summary:
    with scope(y.org), acting(user=y.chair, source="web"):
        return services_summary.summary_update(actor=y.chair, summary=summary, **kwargs)


def test_generating_saves_the_draft_with_its_figures_and_audits_it(school_year):
    summary = generate(school_year)
    with scope(school_year.org):
        summary = Summary.objects.get(org=school_year.org, year=YEAR)
    title, body, snapshot = draft(school_year.org)
    assert (summary.title, summary.body) == (title, body)
    assert summary.figures["tasks"] == snapshot["tasks"]
    assert summary.figures["categories"] == snapshot["categories"]
    assert summary.updated_by == school_year.chair
    assert not summaries.is_edited(summary)
    for action in ("plans.summary.created", "plans.summary.generated"):
        entry = AuditEntry.objects.filter(action=action, object_id=str(summary.pk)).get()
        assert entry.actor == school_year.chair and entry.org == school_year.org


def test_an_unedited_draft_is_regenerated_without_asking(school_year):
    first = generate(school_year)
    services_record = services.record_create
    with scope(school_year.org), acting(user=school_year.chair):
        services_record(
            actor=school_year.chair,
            org=school_year.org,
            data={"title": "五月读书会", "date": dt.date(YEAR, 5, 15)},
            task=school_year.doing,
        )
    second = generate(school_year)
    assert second.pk == first.pk
    assert "已有2个月完成，共3个月" in second.body


def test_regenerating_never_overwrites_edits_without_confirmation(school_year):
    summary = generate(school_year)
    edited = summary.body + "\n\n全体委员补充的一段。"
    update(school_year, summary, title=summary.title, body=edited)
    assert summaries.is_edited(summary)
    with pytest.raises(services.PlanError):
        generate(school_year)
    with scope(school_year.org):
        summary = Summary.objects.get(pk=summary.pk)
    assert summary.body == edited
    assert not AuditEntry.objects.filter(
        action="plans.summary.generated", changes__has_key="replaced_edits"
    ).exists()

    replaced = generate(school_year, confirm=True)
    assert replaced.pk == summary.pk
    assert "全体委员补充的一段" not in replaced.body
    entry = AuditEntry.objects.filter(action="plans.summary.generated").latest("pk")
    assert entry.changes == {"replaced_edits": [None, True]}
    # The replaced text stays in the log.
    update_entry = AuditEntry.objects.filter(
        action="plans.summary.updated", object_id=str(summary.pk)
    ).latest("pk")
    assert update_entry.changes["body"][0] == edited


def test_saving_normalises_the_text_and_refuses_an_empty_one(school_year):
    summary = generate(school_year)
    update(school_year, summary, title="  新标题 ", body="一、段落\r\n\r\n\r\n\r\n正文。  ")
    with scope(school_year.org):
        summary = Summary.objects.get(pk=summary.pk)
    assert (summary.title, summary.body) == ("新标题", "一、段落\n\n正文。")
    for title, body in (("", "正文"), ("标题", "  \n ")):
        with pytest.raises(services.PlanError):
            update(school_year, summary, title=title, body=body)


# -- the documents -------------------------------------------------------------------------------


def document(y, user=None) -> summary_docs.SummaryDocument:
    title, body, _snapshot = draft(y.org)
    return summary_docs.SummaryDocument(
        user=user or y.chair, org=y.org, title=title, body=body, year=YEAR
    )


def test_the_body_is_read_as_headings_and_paragraphs():
    blocks = summary_docs.blocks_of(
        "标题",
        "开头一段\n接着打的一行\n\n一、主要工作\n\n（一）组织建设\n\n"
        "（二）文体活动。全年开展活动十二次，参加职工八百人次，丰富了职工的业余文化生活，增强了凝聚力。",
    )
    assert blocks == [
        ("title", "标题"),
        ("p", "开头一段接着打的一行"),
        ("h1", "一、主要工作"),
        ("h2", "（一）组织建设"),
        (
            "p",
            "（二）文体活动。全年开展活动十二次，参加职工八百人次，丰富了职工的业余文化生活，增强了凝聚力。",
        ),
    ]


def _east_asian(style) -> str:
    from docx.oxml.ns import qn

    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_the_docx_is_laid_out_as_an_official_document(school_year):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc_ = document(school_year)
    data = doc_.docx_bytes()
    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm, 1) for m in margins] == [37.0, 35.0, 28.0, 26.0]

    paragraphs = doc.paragraphs
    title = paragraphs[0]
    assert title.text == f"{school_year.org.name}2026年工作总结"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.style.font.size == Pt(22)
    assert _east_asian(title.style) == "方正小标宋简体"

    by_text = {p.text: p for p in paragraphs}
    body = by_text[next(t for t in by_text if t.startswith("2026年，"))]
    assert body.style.name == "Normal"
    assert body.style.font.size == Pt(16)
    assert _east_asian(body.style) == "仿宋_GB2312"
    assert body.style.element.rPr.rFonts.get(qn("w:ascii")) == "Times New Roman"
    pf = body.style.paragraph_format
    assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY and pf.line_spacing == Pt(28)
    assert pf.first_line_indent == Pt(32)
    h1 = by_text["一、主要工作完成情况"]
    assert _east_asian(h1.style) == "黑体" and h1.style.font.size == Pt(16)
    h2 = by_text["（一）加强组织建设"]
    assert _east_asian(h2.style) == "楷体_GB2312" and h2.style.font.size == Pt(16)
    # 署名 and 成文日期 at the end, on the right.
    assert paragraphs[-2].text == school_year.org.name
    assert paragraphs[-2].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert paragraphs[-1].text.endswith("日")

    # Page numbers "— N —" in 宋体 四号 on odd (right) and even (left) pages.
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        [p] = footer.paragraphs
        assert p.alignment == align
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert "PAGE" in p._p.xml
        run = p.runs[0]
        assert run.font.size == Pt(14)
        assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"

    # The font table tells Word what to substitute when a font is missing.
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        fonts = z.read("word/fontTable.xml").decode()
    for name, alt in (
        ("仿宋_GB2312", "仿宋"),
        ("方正小标宋简体", "华文中宋"),
        ("楷体_GB2312", "楷体"),
    ):
        assert f'w:name="{name}"' in fonts and f'w:val="{alt}"' in fonts

    # Who exported it and when.
    props = doc.core_properties
    assert props.author == school_year.chair.display_name or school_year.chair.username
    assert "导出人" in props.comments and props.title == title.text


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's streams inflated (WeasyPrint compresses them, dictionaries included)."""
    out = []
    for m in re.finditer(rb"stream\r?\n", pdf):
        try:
            out.append(zlib.decompressobj().decompress(pdf[m.end() :]))
        except zlib.error:
            continue
    return b"\n".join(out)


def test_the_pdf_is_rendered_with_a_chinese_font(school_year):
    doc_ = document(school_year)
    html = doc_.html()
    assert "size: A4" in html and "37mm 26mm 35mm 28mm" in html
    assert '"仿宋_GB2312"' in html and '"方正小标宋简体"' in html and '"Noto Serif CJK SC"' in html
    assert "（一）加强组织建设" in html and 'name="author"' in html
    pdf = doc_.pdf_bytes()
    assert pdf.startswith(b"%PDF-")
    objects = pdf_objects(pdf)
    # The text is set in an embedded CJK font (serif body, sans headings), not in boxes.
    assert b"Noto-Serif-CJK-SC" in objects and b"Noto-Sans-CJK-SC" in objects
    # Its characters map back to Unicode: 总结 (U+603B U+7ED3) can be searched and copied.
    assert b"603B" in objects.upper() and b"7ED3" in objects.upper()
    # The title and who exported it are in the metadata.
    title_hex = doc_.title.encode("utf-16-be").hex().encode()
    assert title_hex in objects.lower()
    assert b"/Author" in objects
