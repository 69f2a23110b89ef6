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

Every test builds its own union, people and records (with the builders of the other test
packages and the product's services); nothing here reads the demo.
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
from gonghui.core.scoping import scope, unscoped

pytestmark = pytest.mark.django_db

YEAR = 2026  # the year of the records built for the reports and the summary

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
    value, union, group, staff, login, token_login
):
    from tests.factories import member_with_login

    me = member_with_login(group, name="郑子涵")
    chair = staff("chair", union)
    r = _json(
        token_login(me.user),
        "patch",
        f"/api/v1/orgs/{group.code}/members/me/",
        {"hukou_place": value, "native_place": "@" + value[:20]},
    )
    assert r.status_code == 200, r.content
    assert r.json()["hukou_place"] == value

    for response in (
        login(chair).get(f"/o/{union.code}/members/export.xlsx"),
        token_login(chair).get(f"/api/v1/orgs/{union.code}/members/export.xlsx"),
    ):
        book = book_of(response)
        book.assert_text(value)
        book.assert_text("@" + value[:20])
        row = book.cell(value).row
        assert any(c.value == "郑子涵" for c in book.cells if c.row == row)


# -- the funds ledger ---------------------------------------------------------------------


def test_ledger_summaries_and_payees_stay_text_and_amounts_numbers(union, login, token_login):
    from gonghui.funds import services
    from tests.funds.conftest import holder, make_fund

    fund = make_fund(union, balance="500.00")
    finance = holder("finance", union)
    c = token_login(finance)
    base = f"/api/v1/orgs/{union.code}/funds/{fund.pk}/"
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
            actor=finance,
            fund=fund,
            amount=Decimal("2"),
            date=dt.date(2031, 3, 4),
            summary="慰问",
            payee='=HYPERLINK("http://x","y")',
        )

    for response in (
        login(holder("auditor", union)).get(f"/o/{union.code}/funds/{fund.pk}/2031.xlsx"),
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


def test_the_import_error_report_echoes_hostile_cells_as_text(union, staff, login, _media):
    from gonghui.imports.models import ImportBatch

    echoed = ["=1+1", '=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(1,1)", "#N/A"]
    header = ["姓名", "性别", "身份证号", "出生日期", "手机号码", "所属工会", "工会小组", "=2+2"]
    rows = [["=3+3"], header]
    for i, value in enumerate(echoed):
        rows.append([value, "男", f"11010119900101{i:04d}", "", value, union.code, value, value])
    out = io.StringIO()
    import csv

    csv.writer(out).writerows(rows)
    c = login(staff("chair", union))
    upload = SimpleUploadedFile("roster.csv", out.getvalue().encode())
    r = c.post(f"/o/{union.code}/imports/members/", {"file": upload})
    assert r.status_code == 302, r.content[:500]
    with unscoped():
        batch = ImportBatch.objects.order_by("-pk").first()
    assert batch.counts["error"] == len(echoed)

    book = book_of(c.get(f"/o/{union.code}/imports/{batch.pk}/errors.xlsx"))
    for value in [*echoed, "=2+2", "=3+3"]:
        book.assert_text(value)


# -- every other workbook -----------------------------------------------------------------
#
# Each export gets a record of its own for each of len(TYPED) new members of the union, built
# through the services as the pages would: every typed value then becomes the name of a
# member the export lists, and a tab, CR or line break lands in front of a text field.


def _new_members(union, n):
    from tests.aid.conftest import members

    return members(union, n)


def _build_visits(union, chair):
    from tests.welfare.conftest import make_fund, record

    fund = make_fund(union, chair)
    for i, member in enumerate(_new_members(union, len(TYPED)), start=1):
        record(member, chair, fund=fund, date=dt.date(YEAR, 6, i))


def _build_hardship(union, chair):
    from tests.welfare.conftest import activate, file_case

    for member in _new_members(union, len(TYPED)):
        facts = {"applied_on": dt.date(YEAR, 3, 1), "yearly_income": Decimal(6000)}
        activate(file_case(member, chair, **facts), chair)


def _build_education(union, chair):
    from gonghui.aid import services
    from tests.aid.conftest import DAY, make_application, make_fund, make_round

    rnd = make_round(union, actor=chair, name=f"{YEAR}年金秋助学", year=YEAR)
    fund = make_fund(union, balance=Decimal("100000.00"), actor=chair)
    for i, member in enumerate(_new_members(union, len(TYPED))):
        app = make_application(rnd, member, child=f"孩子{i}", actor=chair)
        with scope(union), acting(user=chair):
            services.application_decide(actor=chair, application=app, approve=True)
            services.application_pay(actor=chair, application=app, fund=fund, date=DAY)


def _build_medical(union, chair):
    from gonghui.aid import services
    from gonghui.funds.services import fund_income
    from tests.aid.conftest import make_scheme

    scheme = make_scheme(union, actor=chair, year=YEAR)
    with scope(union), acting(user=chair):
        fund_income(
            actor=chair,
            fund=scheme.fund,
            amount=Decimal("50000"),
            date=dt.date(YEAR, 1, 6),
            summary="拨入",
        )
        for i, member in enumerate(_new_members(union, len(TYPED)), start=1):
            services.enrolment_create(
                actor=chair, scheme=scheme, member=member, date=dt.date(YEAR, 1, 5)
            )
            claim = services.claim_create(
                actor=chair,
                scheme=scheme,
                member=member,
                hospital="示范区人民医院",
                admitted_on=dt.date(YEAR, 3, i),
                discharged_on=dt.date(YEAR, 3, i + 5),
                bills=[
                    {"category": "inpatient", "total": Decimal("3500"), "eligible": Decimal("2500")}
                ],
            )
            services.claim_review(actor=chair, claim=claim)
            services.claim_decide(actor=chair, claim=claim, approve=True)
            services.claim_pay(actor=chair, claim=claim, date=dt.date(YEAR, 3, 20 + i))


def _build_proposals(union, chair):
    """A congress of the union whose representatives handed in a proposal each on paper (the
    committee enters it for them), at the year's session."""
    from django.utils import timezone

    from gonghui.democracy import services

    roll = _new_members(union, len(TYPED) + 2)
    with scope(union), acting(user=chair):
        congress = services.congress_create(
            actor=chair,
            org=union,
            data={
                "kind": "congress",
                "term_number": 1,
                "start_date": dt.date(YEAR - 2, 3, 1),
                "end_date": dt.date(YEAR + 3, 2, 28),
                "min_cosigners": 2,
            },
        )
        reps = services.representatives_add(actor=chair, congress=congress, members=roll)
        made = [
            services.proposal_enter_paper(
                actor=chair,
                proposer=rep,
                data={"title": f"关于改善职工食堂的建议{i}", "body": "理由和建议。"},
                cosigners=[r for r in reps if r.pk != rep.pk][i : i + 2],
            )
            for i, rep in enumerate(reps[: len(TYPED)])
        ]
    # The service stamps the moment of entry: these were handed in at the session of YEAR.
    with unscoped(), acting(source="system"):
        for proposal in made:
            proposal.submitted_at = timezone.make_aware(dt.datetime(YEAR, 3, 15, 9, 30))
            proposal.save()


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


# (export, how its records are built, page URL, API URL or None, the records it lists, a
# text field of the record that is written to the sheet as it is)
EXPORTS = [
    (
        "visits",
        _build_visits,
        "/o/{org}/welfare/reports/export.xlsx?year={y}",
        "/api/v1/orgs/{org}/welfare/reports/export.xlsx?year={y}",
        _visits,
        None,
    ),
    (
        "hardship",
        _build_hardship,
        "/o/{org}/welfare/cases/export.xlsx?year={y}",
        "/api/v1/orgs/{org}/welfare/cases/export.xlsx?year={y}",
        _hardship,
        None,
    ),
    (
        "education",
        _build_education,
        "/o/{org}/aid/education/report.xlsx?year={y}",
        None,
        _education,
        "school",
    ),
    (
        "medical",
        _build_medical,
        "/o/{org}/aid/medical/report.xlsx?year={y}",
        None,
        _medical,
        "hospital",
    ),
    (
        "proposals",
        _build_proposals,
        "/o/{org}/democracy/proposals/report.xlsx?year={y}",
        None,
        _proposals,
        "answer",
    ),
]


@pytest.mark.parametrize("export", EXPORTS, ids=[e[0] for e in EXPORTS])
def test_every_export_writes_hostile_text_as_text(export, union, staff, login, token_login, _media):
    name, build, page, api, records, field = export
    chair = staff("chair", union)
    build(union, chair)
    names, texts = [], []
    with scope(union), acting(user=chair):
        listed = records(union, YEAR)
        members = list({m.pk: m for m, _r in listed}.values())
        assert len(members) == len(TYPED), f"the {name} export of {YEAR} lists {len(members)}"
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
            assert len(texts) == len(STORED) - len(TYPED)

    urls = [(login(chair), page)] + ([(token_login(chair), api)] if api else [])
    for client, url in urls:
        book = book_of(client.get(url.format(org=union.code, y=YEAR)))
        for value in names + texts:
            book.assert_text(value)


def test_the_statements_write_a_hostile_union_name_as_text(union, staff, login, token_login):
    """工会01/工会02 carry the union's name (typed by a cadre) in their header."""
    accountant = staff("finance", union)
    with unscoped():
        union.name = TYPED[0]
        union.save()
    for client, url in (
        (login(accountant), f"/o/{union.code}/finance/statements/xlsx/?year={YEAR}"),
        (token_login(accountant), f"/api/v1/orgs/{union.code}/finance/statements/{YEAR}/xlsx/"),
    ):
        book = book_of(client.get(url))  # no formulas, no error values
        assert [c for c in book.cells if TYPED[0] in str(c.value or "")]


def test_every_workbook_writer_is_covered_here():
    """A new module writing workbooks must use gonghui.core.exports and be added above."""
    root = Path(__file__).resolve().parents[2] / "gonghui"
    writers = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if re.search(r"^from openpyxl import .*Workbook|^import openpyxl", p.read_text(), re.M)
    )
    assert writers == [
        "budgets/exports.py",  # budget execution: tests/budgets/test_exports.py (hostile names)
        "core/exports.py",  # the Exporter base: roster, welfare, aid, democracy, dues
        "finance/exports.py",  # 工会01/工会02 (a workbook of two Exporter sheets)
        "finance/ledgers.py",  # journals and ledgers: tests/finance/test_ledgers.py (=1+1 summary)
        "funds/exports.py",  # the ledger
        "ideas/exports.py",  # the yearly proposals report: tests/ideas/test_views_list.py
        "imports/report.py",  # the error report
        "imports/views.py",  # the empty import templates (fixed headers only)
        "members/management/commands/gen_roster.py",  # generated trial data, nothing typed
        "upper/exports.py",  # unions' statements summed: tests/upper/test_views_finance.py;
        # unions × figures: tests/upper/test_rollup_views.py (hostile union names)
    ]
    exporters = sorted(
        m.group(1)
        for p in root.rglob("*.py")
        for m in re.finditer(r"^class (\w+)\((?:\w+\.)?Exporter\)", p.read_text(), re.M)
    )
    assert exporters == [
        "AnswerTableExporter",  # assignments: tests/assignments/test_views_sender.py, test_api.py
        "AssetRegisterExporter",  # assets: tests/assets/test_services.py, test_views_register.py
        "DeductionListExporter",  # dues: tests/dues/test_deductions.py (hostile names)
        "EducationReportExport",
        "ExecutionExporter",  # budgets: tests/budgets/test_exports.py (hostile names)
        "HardshipExporter",
        "IdeasReport",  # ideas: tests/ideas/test_views_list.py (typed formulas stay text)
        "LedgerExporter",
        "MedicalReportExport",
        "NominationsExporter",  # awards: tests/awards/test_views_committee.py (typed formulas)
        "ProposalReport",
        "ResultsExporter",  # assessments: tests/assessments/test_views_upper.py (hostile names)
        "RosterExporter",
        "SummaryDocument",
        "SurveyExporter",  # survey: tests/survey/test_services.py (hostile union names)
        "UnionFiguresExporter",  # upper: tests/upper/test_rollup_views.py (hostile union names)
        "UnionTableExporter",  # upper: tests/upper/test_views_finance.py (hostile union names)
        "VisitExporter",
        "_StatementExporter",  # 工会01/工会02: test_the_statements_write_a_hostile_union_name
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


def _certificate(union, chair):
    from gonghui.members.services import union_of
    from tests.factories import GroupFactory, member_with_login

    member = member_with_login(GroupFactory(parent=union))
    return union_of(member.org), f"/o/{union.code}/members/{member.pk}/certificate.pdf"


def _activity_sheet(union, chair):
    from tests.activities.conftest import make_activity

    activity = make_activity(union)
    return activity.org, f"/o/{union.code}/activities/{activity.pk}/sheet.pdf"


def _batch_sheet(union, chair):
    from gonghui.welfare import services
    from tests.aid.conftest import members
    from tests.welfare.conftest import make_fund

    members(union, 3)
    fund = make_fund(union, chair)
    with scope(union), acting(user=chair):
        batch = services.batch_create(
            actor=chair,
            org=union,
            data={
                "title": f"{YEAR}年端午慰问",
                "occasion": "festival",
                "festival": "duanwu",
                "date": dt.date(YEAR, 6, 18),
                "form": "goods",
                "amount": Decimal("200.00"),
                "goods": "粽子礼盒",
                "fund": fund,
                "visitors": "工会委员会",
            },
        )
    return batch.org, f"/o/{union.code}/welfare/batches/{batch.pk}/sheet.pdf"


def _evaluation_report(union, chair):
    from gonghui.voting import services
    from tests.factories import GroupFactory, member_with_login

    group = GroupFactory(parent=union)
    voters = [member_with_login(group).user for _ in range(2)]
    with scope(union), acting(user=chair):
        form = services.evaluation_create(
            actor=chair,
            org=union,
            title=f"{YEAR - 1}年度领导班子民主测评",
            subjects=[{"name": "李红梅", "title": "工会主席"}],
            items=["德", "能"],
            electorate_user_ids=[u.pk for u in voters],
        )
        form = services.evaluation_open(actor=chair, form=form)
        for voter in voters:
            answers = {
                s.pk: {i.pk: "excellent" for i in form.items.all()} for s in form.subjects.all()
            }
            services.evaluation_respond(voter_user=voter, form=form, answers=answers)
        services.evaluation_close(actor=chair, form=form)
        form = services.evaluation_publish(actor=chair, form=form)
    return form.org, f"/o/{union.code}/voting/evaluations/{form.pk}/report.pdf"


PDFS = [
    ("certificate", "gonghui.members.services_certificate", _certificate),
    ("sign-in sheet", "gonghui.activities.sheet", _activity_sheet),
    ("payout sheet", "gonghui.welfare.sheet", _batch_sheet),
    ("evaluation report", "gonghui.voting.report", _evaluation_report),
]


@pytest.mark.parametrize("pdf", PDFS, ids=[p[0] for p in PDFS])
def test_an_organisation_name_stays_a_string_in_the_pdfs_stylesheet(
    pdf, monkeypatch, union, staff, login
):
    _name, module, build = pdf
    chair = staff("chair", union)
    org, url = build(union, chair)
    with unscoped(), acting(user=chair):
        _rename(org, HOSTILE_NAME)
    html = _capture(monkeypatch, module)
    r = login(chair).get(url)
    assert r.status_code == 200, r.content[:300]
    assert len(html) == 1
    assert HOSTILE_NAME in _page_content(html[0])[0]


def test_the_summary_docx_and_pdf_take_any_typed_text(union, staff, login, fetches):
    from docx import Document

    from tests.plans.conftest import build_plan

    chair = staff("chair", union)
    build_plan(union, chair, ["组织教职工体检", "三月份召开教代会"], year=YEAR, accept=True)
    c = login(chair)
    base = f"/o/{union.code}/plans/summary/{YEAR}/"
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
