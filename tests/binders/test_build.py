"""Building the binder from a union's records: the zip's files and their order, each
PDF's contents page, what the asker's rights let in, progress and failure."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.binders import rules, services
from gonghui.binders.models import BinderJob, JobStatus
from gonghui.core.scoping import scope, unscoped

from .conftest import YEAR, ask, stored, text_of

pytestmark = pytest.mark.usefixtures("platform", "fast_pdf")


def test_the_zip_holds_every_section_in_the_inspectors_order(records, union, chair):
    job = ask(chair, union, union)
    assert job.status == JobStatus.DONE
    names = list(stored(job))
    assert names[0] == rules.CONTENTS_NAME
    folders = []
    for name in names[1:]:
        folder = name.split("/")[0]
        if folder not in folders:
            folders.append(folder)
    assert folders == [s.folder for s in rules.SECTIONS]
    assert names[1:] == sorted(
        names[1:], key=lambda n: [int(x) for x in n.split("/")[1].split("-")[:2]]
    )
    for expected in (
        "01-组织建设/01-1-工会组织建设情况.pdf",
        "02-会员/02-2-会员花名册.xlsx",
        "03-计划与总结/03-1-年度工作计划.pdf",
        "07-帮扶/07-2-慰问明细.xlsx",
        "08-经费/08-2-工会经费日记账.xlsx",
    ):
        assert expected in names, expected


def test_the_contents_pdf_lists_every_file_in_order(records, union, chair):
    files = stored(ask(chair, union, union))
    contents = text_of(files[rules.CONTENTS_NAME])
    assert "目录" in contents and union.name in contents
    positions = [contents.index(name) for name in list(files)[1:]]
    assert positions == sorted(positions)


def test_each_pdf_opens_with_its_contents_page_and_holds_the_records(records, union, chair):
    files = stored(ask(chair, union, union))
    pdfs = [n for n in files if n.endswith(".pdf")]
    assert len(pdfs) > len(rules.SECTIONS)
    for name in pdfs:
        html = text_of(files[name])
        assert html.index("目录") < html.index('class="part"'), name
    assert "组织春季职工趣味运动会" in text_of(files["03-计划与总结/03-1-年度工作计划.pdf"])
    activities = text_of(files["06-活动/06-1-工会活动.pdf"])
    assert "教职工羽毛球比赛" in activities and "工会干部业务培训" in activities
    assert "工会干部业务培训" in text_of(files["11-培训/11-1-培训.pdf"])
    assert "教职工羽毛球比赛" not in text_of(files["11-培训/11-1-培训.pdf"])
    assert "张慰问" in text_of(files["07-帮扶/07-1-走访慰问.pdf"])
    assert "李困难" in text_of(files["07-帮扶/07-3-困难职工帮扶.pdf"])
    assert "本年度无记录" in text_of(files["10-安全/10-1-安全生产与劳动保护.pdf"])


def test_typed_text_is_escaped_in_the_pdfs(records, union, chair):
    from gonghui.plans.models import Task

    task = Task.objects.get(text="开展金秋助学")
    with scope(union):
        task.text = '<img src="file:///etc/passwd">金秋'
        task.save()
    html = text_of(stored(ask(chair, union, union))["03-计划与总结/03-1-年度工作计划.pdf"])
    assert "&lt;img" in html and "<img" not in html


def _roster_ids(files) -> list[str]:
    ws = load_workbook(io.BytesIO(files["02-会员/02-2-会员花名册.xlsx"])).active
    header = [c.value for c in ws[1]]
    col = header.index("证件号码")
    return [row[col].value for row in ws.iter_rows(min_row=2) if row[0].value]


def test_id_numbers_are_full_only_with_the_sensitive_right(records, union, chair, district, upper):
    full = set(_roster_ids(stored(ask(chair, union, union))))
    assert {m.id_number for m in records["members"]} <= full
    masked = _roster_ids(stored(ask(upper, district, union)))
    assert masked and not {m.id_number for m in records["members"]} & set(masked)
    # The roster went out as from the roster page: on the record, by the asker, in the job.
    exports = AuditEntry.objects.filter(action="members.roster.exported").order_by("id")
    assert [(e.actor, e.source, e.changes["full_ids"][1]) for e in exports] == [
        (chair, "job", True),
        (upper, "job", False),
    ]


def test_the_upper_union_gets_no_hardship_files_without_the_right(records, union, district, upper):
    files = stored(ask(upper, district, union))
    hardship = text_of(files["07-帮扶/07-3-困难职工帮扶.pdf"])
    assert "李困难" not in hardship
    assert "困难职工档案" in hardship  # the right it needs, in words
    assert "welfare.case" not in hardship  # never the code
    assert "张慰问" in text_of(files["07-帮扶/07-1-走访慰问.pdf"])  # visits: upper may read


def test_progress_is_written_as_each_part_is_done(records, union, chair, monkeypatch):
    seen = []
    real = services._progress

    def spy(job, done, total):
        seen.append((done, total))
        real(job, done, total)

    monkeypatch.setattr(services, "_progress", spy)
    job = ask(chair, union, union)
    dones = [d for d, _t in seen]
    assert dones == sorted(dones) and dones[0] == 0
    assert dones[-1] == len(rules.producer_keys())
    assert job.progress == job.total == len(rules.producer_keys()) + 1
    assert job.percent == 100


def test_a_failure_is_said_in_chinese_and_keeps_no_file(records, union, chair, monkeypatch):
    from gonghui.binders import producers

    def broken(ctx):
        raise RuntimeError("boom")

    monkeypatch.setitem(
        producers.PRODUCERS,
        "activities",
        producers.PRODUCERS["activities"].__class__("activities", "工会活动", None, broken),
    )
    job = ask(chair, union, union)
    assert job.status == JobStatus.FAILED
    assert job.error == "台账生成失败。请重试，或联系管理员。"
    assert not job.file


def test_a_union_outside_the_subtree_or_an_odd_year_is_refused(
    records, union, chair, district, upper
):
    from tests.factories import UnionFactory

    stranger = UnionFactory()
    with pytest.raises(services.BinderError):
        ask(upper, district, stranger)
    with pytest.raises(services.BinderError):
        ask(chair, union, district)  # an upper union keeps no binder here
    with pytest.raises(services.BinderError):
        ask(chair, union, union, year=1999)
    with pytest.raises(services.BinderError):
        ask(chair, union, union, year=YEAR + 5)
    with unscoped():
        assert not BinderJob.objects.exists()


def test_the_download_is_on_the_record(records, union, chair):
    job = ask(chair, union, union)
    with scope(union), acting(user=chair):
        name, content = services.binder_download(actor=chair, job=job)
    assert name == f"台账-{union.name}-{YEAR}.zip" and content[:2] == b"PK"
    entry = AuditEntry.objects.filter(action="binders.binderjob.exported").get()
    assert entry.actor == chair and entry.object_id == str(job.pk)
    assert entry.changes["full_ids"] == [None, True]  # the chair holds the sensitive right


def test_the_log_keeps_no_codes_of_a_binder(records, union, chair):
    job = ask(chair, union, union)
    entries = AuditEntry.objects.filter(
        action__startswith="binders.binderjob.", object_id=str(job.pk)
    )
    assert entries.filter(action="binders.binderjob.created").exists()
    keys = {key for e in entries for key in e.changes}
    assert keys and not keys & {"grants", "token", "name", "content_type", "file"}
