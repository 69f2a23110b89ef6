"""Typed text reaches every generated document as that text (#11, finding 4).

A spreadsheet treats a cell starting with = + - @ (or a tab or CR) as a formula: a ledger
summary `=HYPERLINK(...)` or a member's own 户籍所在地 `=cmd|...` must reach the auditor's
ledger and the chair's roster as the characters typed. Each test builds the workbook
through the real download (page or API) from hostile values saved through the real
entry point where there is one, reads it back with openpyxl and with python-calamine (what
the imports use), and checks that no cell is a formula (nor an error value), that the text
is exactly what was typed, that it carries the quote prefix (re-editing it in Excel, WPS or
LibreOffice keeps it text), and that numbers are still numbers. PDFs fetch nothing and
.docx files take any text.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from gonghui.audit.context import acting
from gonghui.core.exports import FORMULA_TRIGGERS, Exporter, render_pdf, xlsx_row
from gonghui.core.scoping import unscoped

pytestmark = pytest.mark.django_db

# What people type (a form or serializer trims the ends, so no leading tab here).
TYPED = [
    '=HYPERLINK("http://x","y")',
    "=1+1",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "#N/A",
    "＝1+1",
]
# What a record can hold when it came another way (a service, an import, old data).
STORED = [*TYPED, "\t=1+1", "\r=1+1", "\n=1+1"]


# -- reading a workbook back ---------------------------------------------------------------


class Book:
    """One downloaded workbook, read three ways."""

    def __init__(self, content: bytes) -> None:
        assert content[:2] == b"PK", content[:200]
        self.content = content
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            self.xml = "".join(
                z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")
            )
        wb = load_workbook(io.BytesIO(content))
        self.cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
        cal = CalamineWorkbook.from_filelike(io.BytesIO(content))
        self.calamine = [
            v
            for name in cal.sheet_names
            for row in cal.get_sheet_by_name(name).to_python()
            for v in row
        ]

    def assert_no_formulas(self) -> None:
        assert not re.search(r"<f[ >]", self.xml), "a cell of the workbook is a formula"
        assert 't="e"' not in self.xml, "a cell of the workbook is an error value"
        assert not [c.coordinate for c in self.cells if c.data_type in ("f", "e")]

    def assert_text(self, value: str) -> None:
        """`value` is in the workbook as that exact text, quote-prefixed, for both readers."""
        cells = [c for c in self.cells if c.value == value]
        assert cells, f"{value!r} is not in the workbook"
        for c in cells:
            assert c.data_type == "s", (value, c.coordinate, c.data_type)
            assert c.quotePrefix, f"{value!r} in {c.coordinate} has no quote prefix"
        assert value in self.calamine, f"{value!r} does not read back the same with calamine"

    def cell(self, value):
        return next(c for c in self.cells if c.value == value)


def book_of(response) -> Book:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), response[
        "Content-Type"
    ]
    book = Book(response.content)
    book.assert_no_formulas()
    return book


def _json(client, method, url, data):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


# -- the one helper -----------------------------------------------------------------------


class _Sample(Exporter):
    identifier = "tests.sample"
    sheet_title = "样例"

    def columns(self):
        return ["=header", "金额", "数量", "日期", "文字"]

    def rows(self):
        for value in STORED:
            yield [value, Decimal("-12.50"), -3, dt.date(2031, 1, 2), "-12"]
        yield ["plain", Decimal("0.10"), 7, None, "0012"]


def test_every_trigger_stays_text_and_numbers_stay_numbers():
    out = io.BytesIO()
    _Sample(user=None, org=None).write_xlsx(out)
    book = Book(out.getvalue())
    book.assert_no_formulas()
    for value in [*STORED, "=header", "-12"]:
        book.assert_text(value)
    wb = load_workbook(io.BytesIO(out.getvalue()))
    rows = list(wb.active.iter_rows(min_row=2, max_row=len(STORED) + 2))
    for row in rows[:-1]:
        amount, count, day = row[1], row[2], row[3]
        assert amount.data_type == "n" and count.data_type == "n" and day.is_date
        assert not amount.quotePrefix and not count.quotePrefix
    assert (rows[0][1].value, rows[0][2].value) == (-12.5, -3)
    assert rows[0][3].value == dt.datetime(2031, 1, 2)
    plain = rows[-1]
    assert (plain[0].value, plain[0].quotePrefix, plain[4].value) == ("plain", False, "0012")
    assert plain[4].data_type == "s"  # a code stays a code, not the number 12


def test_the_triggers_are_the_owasp_set_at_least():
    assert set("=+-@\t\r") <= set(FORMULA_TRIGGERS)


def test_a_control_character_is_dropped_instead_of_failing_the_export():
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("s")
    ws.append(xlsx_row(ws, ["a\x01b\x0b=c", "=x\x00"]))
    out = io.BytesIO()
    wb.save(out)
    book = Book(out.getvalue())
    book.assert_no_formulas()
    assert "ab=c" in book.calamine
    book.assert_text("=x")


# -- the roster: a member's own fields, exported by the chair ------------------------------


@pytest.mark.parametrize("value", TYPED)
def test_a_members_own_hukou_place_reaches_the_chairs_roster_as_text(
    value, token_client, client_for
):
    member = token_client("member")
    r = _json(
        member,
        "patch",
        "/api/v1/orgs/S0001-G01/members/me/",
        {"hukou_place": value, "native_place": "@" + value[:20]},
    )
    assert r.status_code == 200, r.content
    assert r.json()["hukou_place"] == value

    for response in (
        client_for("school_chair").get("/o/S0001/members/export.xlsx"),
        token_client("school_chair").get("/api/v1/orgs/S0001/members/export.xlsx"),
    ):
        book = book_of(response)
        book.assert_text(value)
        book.assert_text("@" + value[:20])
        row = book.cell(value).row
        assert any(c.value == "郑子涵" for c in book.cells if c.row == row)


# -- the funds ledger ---------------------------------------------------------------------


def test_ledger_summaries_and_payees_stay_text_and_amounts_numbers(token_client, client_for):
    from gonghui.funds import services
    from tests.funds.conftest import make_fund, person

    fund = make_fund(balance="500.00")
    c = token_client("factory_finance")
    base = f"/api/v1/orgs/F0001/funds/{fund.pk}/"
    for i, value in enumerate(TYPED, start=1):
        r = _json(
            c,
            "post",
            f"{base}income/",
            {"amount": f"{i}.25", "date": "2031-03-02", "summary": value},
        )
        assert r.status_code == 201, r.content
    with unscoped():
        services.fund_payout(
            actor=person("factory_finance"),
            fund=fund,
            amount=Decimal("2"),
            date=dt.date(2031, 3, 4),
            summary="慰问",
            payee='=HYPERLINK("http://x","y")',
        )

    for response in (
        client_for("factory_auditor").get(f"/o/F0001/funds/{fund.pk}/2031.xlsx"),
        c.get(f"{base}ledger/2031/xlsx/"),
    ):
        book = book_of(response)
        for value in TYPED:
            book.assert_text(value)
        assert book.cell('慰问（=HYPERLINK("http://x","y")）').data_type == "s"
        first = book.cell(TYPED[0]).row
        row = {c.column: c for c in book.cells if c.row == first}
        assert (row[4].value, row[4].data_type) == (1.25, "n")  # 收入
        assert row[6].data_type == "n" and row[6].value == 501.25  # 余额


# -- the import error report echoes the upload ------------------------------------------


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_import_error_report_echoes_hostile_cells_as_text(client_for, _media):
    from gonghui.imports.models import ImportBatch

    echoed = ["=1+1", '=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(1,1)", "#N/A"]
    header = ["姓名", "性别", "身份证号", "出生日期", "手机号码", "所属工会", "工会小组", "=2+2"]
    rows = [["=3+3"], header]
    for i, value in enumerate(echoed):
        rows.append([value, "男", f"11010119900101{i:04d}", "", value, "S0001", value, value])
    out = io.StringIO()
    import csv

    csv.writer(out).writerows(rows)
    c = client_for("school_chair")
    upload = SimpleUploadedFile("roster.csv", out.getvalue().encode())
    r = c.post("/o/S0001/imports/members/", {"file": upload})
    assert r.status_code == 302, r.content[:500]
    with unscoped():
        batch = ImportBatch.objects.order_by("-pk").first()
    assert batch.counts["error"] == len(echoed)

    book = book_of(c.get(f"/o/S0001/imports/{batch.pk}/errors.xlsx"))
    for value in [*echoed, "=2+2", "=3+3"]:
        book.assert_text(value)


# -- every other workbook -----------------------------------------------------------------


def _visits(org, year):
    from gonghui.welfare.models import Visit

    qs = Visit.objects.filter(org__path__startswith=org.path, date__year=year)
    return [(v.member, v) for v in qs.select_related("member").order_by("id")]


def _hardship(org, year):
    from gonghui.welfare import selectors

    return [(row["file"].member, None) for row in selectors.hardship_statistics(org, year)]


def _education(org, year):
    from gonghui.aid import selectors

    return [(app.member, app) for app, _amount in selectors.education_report(org, year).paid]


def _medical(org, year):
    from gonghui.aid import selectors

    return [
        (claim.enrolment.member, claim) for claim, _a in selectors.medical_report(org, year).rows
    ]


def _proposals(org, year):
    from gonghui.democracy import selectors

    return [(p.proposer.member, p) for p in selectors.proposals_of_year(org, year)]


# (export, persona, org, page URL, API URL or None, the records it lists, a text field of
# the record that is written to the sheet as it is)
EXPORTS = [
    (
        "visits",
        "school_chair",
        "S0001",
        "/o/S0001/welfare/reports/export.xlsx?year={y}",
        "/api/v1/orgs/S0001/welfare/reports/export.xlsx?year={y}",
        _visits,
        None,
    ),
    (
        "hardship",
        "school_chair",
        "S0001",
        "/o/S0001/welfare/cases/export.xlsx?year={y}",
        "/api/v1/orgs/S0001/welfare/cases/export.xlsx?year={y}",
        _hardship,
        None,
    ),
    (
        "education",
        "factory_chair",
        "F0001",
        "/o/F0001/aid/education/report.xlsx?year={y}",
        None,
        _education,
        "school",
    ),
    (
        "medical",
        "hospital_chair",
        "H0001",
        "/o/H0001/aid/medical/report.xlsx?year={y}",
        None,
        _medical,
        "hospital",
    ),
    (
        "proposals",
        "school_chair",
        "S0001",
        "/o/S0001/democracy/proposals/report.xlsx?year={y}",
        None,
        _proposals,
        "answer",
    ),
]
YEAR = 2026


@pytest.mark.parametrize("export", EXPORTS, ids=[e[0] for e in EXPORTS])
def test_every_export_writes_hostile_text_as_text(export, client_for, token_client):
    name, persona, code, page, api, records, field = export
    from gonghui.accounts.models import User
    from gonghui.core.scoping import scope
    from gonghui.orgs.models import Organisation

    with unscoped():
        org = Organisation.objects.get(code=code)
        chair = User.objects.get(username=persona)
    names, texts = [], []
    with scope(org), acting(user=chair):
        listed = records(org, YEAR)
        assert listed, f"the demo has nothing in the {name} export of {YEAR}"
        members = list({m.pk: m for m, _r in listed}.values())
        for member, value in zip(members, TYPED, strict=False):
            member.name = value
            member.save()
            names.append(value)
        if field:  # a tab, a CR, a line break in front: only old or imported data has them
            records_ = list({r.pk: r for _m, r in listed}.values())
            for record, value in zip(records_, STORED[len(TYPED) :], strict=False):
                setattr(record, field, value)
                record.save()
                texts.append(value)

    urls = [(client_for(persona), page)] + ([(token_client(persona), api)] if api else [])
    for client, url in urls:
        book = book_of(client.get(url.format(y=YEAR)))
        for value in names + texts:
            book.assert_text(value)


def test_every_workbook_writer_is_covered_here():
    """A new module writing workbooks must use gonghui.core.exports and be added above."""
    root = Path(__file__).resolve().parents[2] / "gonghui"
    writers = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if re.search(r"^from openpyxl import .*Workbook|^import openpyxl", p.read_text(), re.M)
    )
    assert writers == [
        "core/exports.py",  # the Exporter base: roster, welfare, aid, democracy
        "funds/exports.py",  # the ledger
        "imports/report.py",  # the error report
        "imports/views.py",  # the empty import templates (fixed headers only)
        "members/management/commands/gen_roster.py",  # generated trial data, nothing typed
    ]
    exporters = sorted(
        m.group(1)
        for p in root.rglob("*.py")
        for m in re.finditer(r"^class (\w+)\((?:\w+\.)?Exporter\)", p.read_text(), re.M)
    )
    assert exporters == [
        "EducationReportExport",
        "HardshipExporter",
        "LedgerExporter",
        "MedicalReportExport",
        "ProposalReport",
        "RosterExporter",
        "SummaryDocument",
        "VisitExporter",
    ]
    assert not re.search(
        r"text/csv|csv\.writer", "".join(p.read_text() for p in root.rglob("*.py"))
    )


# -- PDFs and .docx -------------------------------------------------------------------------

HOSTILE_NAME = 'X"\'\\\n} body { background: url(http://127.0.0.1:9/leak) } @page { x: "'


@pytest.fixture
def fetches(monkeypatch):
    """Every URL anything opens through urllib while the test runs (WeasyPrint's fetcher)."""
    import urllib.request

    seen = []
    real = urllib.request.OpenerDirector.open

    def record(self, fullurl, *args, **kwargs):
        seen.append(getattr(fullurl, "full_url", fullurl))
        return real(self, fullurl, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", record)
    return seen


def test_a_pdf_fetches_nothing_the_html_names(fetches, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    html = (
        f"<html><head><style>body {{ background: url(file://{secret}) }}</style></head>"
        f'<body><img src="file://{secret}"><img src="http://127.0.0.1:9/x">'
        '<link rel="attachment" href="file:///etc/hostname"></body></html>'
    )
    pdf = render_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert fetches == []
    assert b"hostname" not in pdf


def _page_content(html: str) -> list:
    """The `content` strings of the @page margin boxes of the HTML's first <style>."""
    import tinycss2

    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    rules = tinycss2.parse_stylesheet(style, skip_comments=True, skip_whitespace=True)
    assert not [r for r in rules if r.type == "error"], rules
    urls = [
        t
        for r in rules
        for t in _tokens(r)
        if t.type == "url" or (t.type == "function" and t.lower_name == "url")
    ]
    assert urls == [], "typed text turned into a URL in the stylesheet"
    contents = []
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "page":
            for box in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True):
                if box.type == "at-rule":
                    for decl in tinycss2.parse_blocks_contents(box.content, skip_whitespace=True):
                        if decl.type == "declaration" and decl.lower_name == "content":
                            contents += [t.value for t in decl.value if t.type == "string"]
    return contents


def _tokens(node):
    for attr in ("prelude", "content", "value", "arguments"):
        children = getattr(node, attr, None)
        if isinstance(children, list):
            for t in children:
                yield t
                yield from _tokens(t)


def _capture(monkeypatch, module: str) -> list:
    html = []

    def fake(text):
        html.append(text)
        return b"%PDF-1.7 captured"

    monkeypatch.setattr(f"{module}.render_pdf", fake)
    return html


def _rename(org, name: str) -> None:
    org.name = name
    org.save()


def _certificate():
    from gonghui.members.models import Member
    from gonghui.members.services import union_of

    member = Member.objects.get(user__username="member")
    return union_of(member.org), f"/o/S0001/members/{member.pk}/certificate.pdf", "school_chair"


def _activity_sheet():
    from gonghui.activities.models import Activity
    from gonghui.orgs.models import Organisation

    school = Organisation.objects.get(code="S0001")
    activity = Activity.objects.filter(org__path__startswith=school.path).order_by("id").first()
    return activity.org, f"/o/S0001/activities/{activity.pk}/sheet.pdf", "school_chair"


def _batch_sheet():
    from gonghui.welfare.models import Batch

    batch = Batch.objects.filter(org__code="S0001").order_by("id").first()
    return batch.org, f"/o/S0001/welfare/batches/{batch.pk}/sheet.pdf", "school_chair"


def _evaluation_report():
    from gonghui.voting.models import EvaluationForm

    evaluation = (
        EvaluationForm.objects.select_related("org")
        .filter(org__code__startswith="S0001")
        .order_by("id")
        .first()
    )
    url = f"/o/{evaluation.org.code}/voting/evaluations/{evaluation.pk}/report.pdf"
    return evaluation.org, url, "school_chair"


PDFS = [
    ("certificate", "gonghui.members.services_certificate", _certificate),
    ("sign-in sheet", "gonghui.activities.sheet", _activity_sheet),
    ("payout sheet", "gonghui.welfare.sheet", _batch_sheet),
    ("evaluation report", "gonghui.voting.report", _evaluation_report),
]


@pytest.mark.parametrize("pdf", PDFS, ids=[p[0] for p in PDFS])
def test_an_organisation_name_stays_a_string_in_the_pdfs_stylesheet(pdf, monkeypatch, client_for):
    _name, module, find = pdf
    from gonghui.accounts.models import User

    with unscoped():
        org, url, persona = find()
        with acting(user=User.objects.get(username=persona)):
            _rename(org, HOSTILE_NAME)
    html = _capture(monkeypatch, module)
    r = client_for(persona).get(url)
    assert r.status_code == 200, r.content[:300]
    assert len(html) == 1
    assert HOSTILE_NAME in _page_content(html[0])[0]


def test_the_summary_docx_and_pdf_take_any_typed_text(client_for, fetches):
    from docx import Document

    c = client_for("school_chair")
    base = "/o/S0001/plans/summary/2026/"
    c.post(f"{base}generate/", {"confirm": "1"})
    title = '=HYPERLINK("http://x","y") & <w:p/>'
    body = "一、工作\n\n=1+1 <b>不加粗</b> & </w:t><w:t>\x0b]]>段落\x01"
    r = c.post(base, {"title": title, "body": body})
    assert r.status_code == 302, r.content[:500]

    r = c.get(f"{base}summary.docx")
    assert r.status_code == 200
    texts = [p.text for p in Document(io.BytesIO(r.content)).paragraphs]
    assert title in texts
    assert "=1+1 <b>不加粗</b> & </w:t><w:t>]]>段落" in texts
    r = c.get(f"{base}summary.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert fetches == []
