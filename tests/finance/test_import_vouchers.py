"""`manage.py import_vouchers FILE --org CODE [--dry-run]` (#14 item 13) and the same import
through the imports pages: earlier books from 用友/金蝶/畅捷通 or kept by hand, all
vouchers or none, and a second import of the same file changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from openpyxl import Workbook, load_workbook

from gonghui.audit.models import AuditEntry
from gonghui.finance import services
from gonghui.finance.importing import parse_day, parse_number
from gonghui.finance.models import Period, Project, Voucher, VoucherKind, VoucherLine
from gonghui.finance.selectors import statement_set
from gonghui.finance.services import FinanceError
from gonghui.finance.services_import import voucher_import_post
from gonghui.imports.models import ImportBatch

from .conftest import L, make_voucher

pytestmark = pytest.mark.usefixtures("platform")

HEADER = [
    "日期",
    "凭证号",
    "摘要",
    "科目编码",
    "科目名称",
    "借方金额",
    "贷方金额",
    "资金性质",
    "项目",
]
D = Decimal


def row(date, number, summary, code, name, debit="", credit="", nature="", project=""):
    return [date, number, summary, code, name, debit, credit, nature, project]


# A quarter of a small union's books: opening balances, dues, a 专项 project, a bank fee.
BOOKS = [
    row("2025-01-01", "记-1", "期初余额", "101", "库存现金", "500.00"),
    row("2025-01-01", "记-1", "期初余额", "102", "银行存款", "20,000.00"),
    row("2025-01-01", "记-1", "期初余额", "32205", "工会资金结余-累计结余", "", "20500"),
    row("2025-01-15", "记-2", "收到一月会费", "102", "银行存款", "1234.50"),
    row("2025-01-15", "记-2", "收到一月会费", "401", "会费收入", "", "1234.50", "非专项"),
    row(
        "2025-02-10", "记-1", "金秋助学", "50405", "维权支出/送温暖", "800", "", "专项", "金秋助学"
    ),
    row("2025-02-10", "记-1", "金秋助学", "102", "银行存款", "", "800"),
    row("2025-02-20", "记-2", "现金存入银行", "102", "银行存款", "300"),
    row("2025-02-20", "记-2", "现金存入银行", "101", "现金", "", "300"),
]
CASH_AND_BANK = D("500") + D("20000") + D("1234.50") - D("800")  # 101 + 102 at the end


def xlsx_bytes(rows, *, title_rows=(), strings=()) -> bytes:
    """An .xlsx of `rows`; cells in the columns `strings` are written as text even when
    they start with = (as Excel keeps a cell typed '=1+1)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "凭证"
    for r in title_rows:
        ws.append(r)
    for r in rows:
        ws.append(r)
        for j in strings:
            cell = ws.cell(row=ws.max_row, column=j + 1)
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows, encoding="utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


@pytest.fixture
def write(tmp_path):
    def write(rows, name="books.csv", **kwargs) -> str:
        path = tmp_path / name
        data = xlsx_bytes(rows, **kwargs) if name.endswith(".xlsx") else csv_bytes(rows)
        path.write_bytes(data)
        return str(path)

    return write


def run(path, org, *more) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_vouchers", path, "--org", org.code, *more, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(path, org) -> str:
    """The stderr of a refused import (which must exit non-zero)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_vouchers", path, "--org", org.code, stdout=out, stderr=err)
    assert exc.value.returncode == 1
    return err.getvalue()


def row_of(line: str) -> int:
    """The Excel row a line of the command's error output names (第12行 / Row 12)."""
    return int(re.search(r"\d+", line).group())


def state_of_the_books(org):
    return (
        Voucher.objects.filter(org=org).count(),
        VoucherLine.objects.filter(org=org).count(),
        Project.objects.filter(org=org).count(),
        list(Period.objects.filter(org=org).values_list("year", "month", "last_seq")),
        AuditEntry.objects.count(),
    )


def books(org):
    return list(
        Voucher.objects.filter(org=org)
        .order_by("year", "month", "seq")
        .values_list("date", "number", "external_no", "kind", "state", "summary")
    )


# -- reading -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("记-12", ("记", 12)),
        ("记-0012", ("记", 12)),
        ("记字第12号", ("记", 12)),
        ("12", ("记", 12)),
        ("收字第3号", ("收", 3)),
        ("银付-3", ("银付", 3)),
        ("记12号", ("记", 12)),
        ("第十二号", None),
        ("记-", None),
    ],
)
def test_voucher_numbers_as_exports_and_people_write_them(text, expected):
    assert parse_number(text) == expected


def test_the_voucher_word_column_of_an_export_separates_收_from_付():
    assert parse_number("3", "收款凭证") == ("收", 3)
    assert parse_number("3", "付") == ("付", 3)
    assert parse_number("转-3", "记") == ("转", 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-05", dt.date(2025, 3, 5)),
        ("2025/3/5", dt.date(2025, 3, 5)),
        ("2025.3.5", dt.date(2025, 3, 5)),
        ("2025年3月5日", dt.date(2025, 3, 5)),
        ("20250305", dt.date(2025, 3, 5)),
        ("2025-03-05 10:30:00", dt.date(2025, 3, 5)),
        ("45721", dt.date(2025, 3, 5)),  # an Excel serial day
        ("2025-02-30", None),
        ("2025-03", None),
        ("三月五日", None),
    ],
)
def test_dates(text, expected):
    assert parse_day(text) == expected


# -- the command -----------------------------------------------------------------------
def test_an_export_with_title_rows_synonyms_and_shuffled_columns_is_imported_and_posted(
    union, write
):
    # 用友-style: two title rows, 凭证字号 and 科目代码 for the headers, columns shuffled,
    # dates as Excel dates and amounts as numbers.
    order = ["贷方", "科目代码", "凭证字号", "摘要", "借方", "科目名称", "日期", "资金性质", "项目"]
    src = {name: i for i, name in enumerate(HEADER)}
    src |= {"贷方": src["贷方金额"], "借方": src["借方金额"], "科目代码": src["科目编码"]}
    src["凭证字号"] = src["凭证号"]

    def shuffled(r):
        cells = [r[src[name]] for name in order]
        return [
            dt.datetime.fromisoformat(c) if name == "日期" else _number(c) if "方" in name else c
            for name, c in zip(order, cells, strict=True)
        ]

    rows = [
        row("2025-03-05", "记-12", "收到会费", "102", "银行存款", "1000"),
        row("2025-03-05", "记-12", "收到会费", "401", "会费收入", "", "1000"),
        row("2025-03-08", "记字第13号", "慰问困难职工", "50404", "困难职工帮扶", "300.5"),
        row("2025-03-08", "记字第13号", "慰问困难职工", "101", "库存现金", "", "300.5"),
        row(
            "2025-03-09", "14", "职工书屋购书", "50304", "职工书屋", "99.99", "", "专项", "书屋建设"
        ),
        row("2025-03-09", "14", "职工书屋购书", "102", "银行存款", "", "99.99"),
    ]
    path = write(
        [order, *map(shuffled, rows)],
        "用友凭证.xlsx",
        title_rows=[["临湖精密机械有限公司工会"], ["凭证序时簿", "", "2025年3月"]],
    )
    out, err = run(path, union)
    assert err == ""
    assert books(union) == [
        (dt.date(2025, 3, 5), "记-0001", "记-12", "imported", "posted", "收到会费"),
        (dt.date(2025, 3, 8), "记-0002", "记-13", "imported", "posted", "慰问困难职工"),
        (dt.date(2025, 3, 9), "记-0003", "记-14", "imported", "posted", "职工书屋购书"),
    ]
    dues = Voucher.objects.get(org=union, external_no="记-12")
    assert dues.total == D("1000.00") and dues.reviewed_at and dues.posted_at
    assert (dues.prepared_by, dues.reviewed_by, dues.posted_by) == (None, None, None)  # the CLI
    lines = VoucherLine.objects.filter(org=union).order_by("voucher__seq", "order")
    assert set(lines.values_list("posted", flat=True)) == {True}
    assert [(ln.account_code, ln.debit, ln.credit, ln.restricted) for ln in lines] == [
        ("102", D("1000.00"), D("0.00"), None),
        ("401", D("0.00"), D("1000.00"), False),
        ("50404", D("300.50"), D("0.00"), False),  # 非专项 unless the file says otherwise
        ("101", D("0.00"), D("300.50"), None),
        ("50304", D("99.99"), D("0.00"), True),
        ("102", D("0.00"), D("99.99"), None),
    ]
    project = Project.objects.get(org=union)
    assert (project.name, project.restricted) == ("书屋建设", True)
    assert lines.get(account_code="50304").project == project
    assert lines.get(account_code="50304").expense_type == "project"
    entry = AuditEntry.objects.get(action="finance.voucher.imported", object_id=str(dues.pk))
    assert "记-12" in entry.note and entry.source == "cli"


def _number(text):
    """An amount cell as a number, the way exports write them."""
    if text in ("", None):
        return None
    return float(text.replace(",", ""))


def test_numbers_follow_the_file_order_after_the_vouchers_already_in_the_month(union, write):
    make_voucher(union, date=dt.date(2025, 2, 3))  # 记-0001 of February, typed here
    path = write([HEADER, *BOOKS])
    run(path, union)
    assert books(union) == [
        (dt.date(2025, 1, 1), "记-0001", "记-1", "opening", "posted", "期初余额"),
        (dt.date(2025, 1, 15), "记-0002", "记-2", "imported", "posted", "收到一月会费"),
        (dt.date(2025, 2, 3), "记-0001", "", "normal", "posted", "收到会费"),
        (dt.date(2025, 2, 10), "记-0002", "记-1", "imported", "posted", "金秋助学"),
        (dt.date(2025, 2, 20), "记-0003", "记-2", "imported", "posted", "现金存入银行"),
    ]


def test_importing_the_same_file_twice_changes_nothing(union, write):
    path = write([HEADER, *BOOKS])
    run(path, union)
    before = state_of_the_books(union)
    assert before[0] == 4
    out, err = run(path, union)
    assert state_of_the_books(union) == before
    assert err == ""
    # The same books exported again as .xlsx, numbers written another way: still the same.
    again = [r[:1] + [r[1].replace("记-", "记字第") + "号"] + r[2:] for r in BOOKS]
    run(write([HEADER, *again], "again.xlsx"), union)
    assert state_of_the_books(union) == before


def test_a_voucher_imported_before_with_other_lines_is_refused(union, write):
    run(write([HEADER, *BOOKS]), union)
    changed = [list(r) for r in BOOKS]
    changed[3][5] = changed[4][6] = "1243.50"  # 记-2 of January, amount typed differently
    before = state_of_the_books(union)
    err = refused(write([HEADER, *changed], "changed.csv"), union)
    assert "记-2（2025-01）" in err and "记-0002" in err
    assert state_of_the_books(union) == before


def test_the_dry_run_checks_and_writes_nothing(union, write):
    before = state_of_the_books(union)
    out, _err = run(write([HEADER, *BOOKS]), union, "--dry-run")
    assert state_of_the_books(union) == before
    assert "4" in out and "金秋助学" in out  # vouchers counted, the project to be created


@pytest.mark.parametrize(
    ("bad_rows", "rows", "words"),
    [
        # 借贷不平: every row of the voucher is named.
        (
            [
                row("2025-03-05", "记-7", "收到会费", "102", "银行存款", "100"),
                row("2025-03-05", "记-7", "收到会费", "401", "会费收入", "", "99.99"),
            ],
            (4, 5),
            ["借贷不平", "100.00", "99.99"],
        ),
        # 506 is an account of county-level unions: said so, not just "unknown".
        (
            [
                row("2025-03-05", "记-7", "补助下级", "506", "补助下级支出", "100"),
                row("2025-03-05", "记-7", "补助下级", "102", "银行存款", "", "100"),
            ],
            (4,),
            ["506", "基层工会不使用"],
        ),
        # An amount in words.
        (
            [
                row("2025-03-05", "记-7", "收到会费", "102", "银行存款", "壹佰元"),
                row("2025-03-05", "记-7", "收到会费", "401", "会费收入", "", "100"),
            ],
            (4,),
            ["壹佰元"],
        ),
    ],
    ids=["unbalanced", "506", "amount-in-words"],
)
def test_a_bad_voucher_refuses_the_whole_file_naming_rows_and_voucher(
    union, write, bad_rows, rows, words
):
    good = [
        row("2025-03-01", "记-6", "收到会费", "102", "银行存款", "50"),
        row("2025-03-01", "记-6", "收到会费", "401", "会费收入", "", "50"),
    ]
    path = write([HEADER, *good, *bad_rows])
    before = state_of_the_books(union)
    err = refused(path, union)
    assert state_of_the_books(union) == before  # not even the good voucher, nor a Period
    lines = err.splitlines()
    assert len(lines) == len(rows)
    for line, n in zip(lines, rows, strict=True):
        assert row_of(line) == n, line
        assert "记-7（2025-03）" in line
    for word in words:
        assert word in err
    assert "记-6" not in err


def test_errors_name_the_excel_row_under_title_rows(union, write):
    path = write(
        [
            HEADER,
            row("2025-03-05", "记-7", "收到会费", "102", "银行存款", "100"),
            row("2025-03-05", "记-7", "收到会费", "506", "会费收入", "", "100"),
        ],
        "books.xlsx",
        title_rows=[["某工会凭证"], [], ["单位：元"]],
    )
    err = refused(path, union)
    (line,) = err.splitlines()
    assert row_of(line) == 6  # the header is in row 4


@pytest.mark.parametrize(
    ("bad_rows", "words"),
    [
        # A sub-account the chart of this union does not have: say where to add it.
        (
            [
                row("2025-03-05", "记-7", "存款", "10201", "银行存款-工行", "100"),
                row("2025-03-05", "记-7", "存款", "101", "库存现金", "", "100"),
            ],
            ["10201", "102 银行存款"],
        ),
        # An account with sub-accounts takes no posting.
        (
            [
                row("2025-03-05", "记-7", "活动", "501", "职工活动支出", "100"),
                row("2025-03-05", "记-7", "活动", "101", "库存现金", "", "100"),
            ],
            ["501", "50102"],
        ),
        # Not in the 2021 chart at all (a 2009 or an enterprise code).
        (
            [
                row("2025-03-05", "记-7", "存款", "1002", "银行存款", "100"),
                row("2025-03-05", "记-7", "存款", "101", "库存现金", "", "100"),
            ],
            ["1002"],
        ),
        # One voucher, two dates.
        (
            [
                row("2025-03-05", "记-7", "存款", "102", "银行存款", "100"),
                row("2025-03-06", "记-7", "存款", "101", "库存现金", "", "100"),
            ],
            ["2025-03-05", "2025-03-06"],
        ),
        # Both sides on one row.
        (
            [
                row("2025-03-05", "记-7", "存款", "102", "银行存款", "100", "100"),
                row("2025-03-05", "记-7", "存款", "101", "库存现金", "", "100"),
            ],
            ["记-7"],
        ),
        # A word that is neither 专项 nor 非专项.
        (
            [
                row("2025-03-05", "记-7", "会费", "102", "银行存款", "100"),
                row("2025-03-05", "记-7", "会费", "401", "会费收入", "", "100", "一半"),
            ],
            ["专项"],
        ),
    ],
    ids=["missing-sub-account", "not-a-leaf", "unknown", "two-dates", "both-sides", "nature"],
)
def test_other_refusals(union, write, bad_rows, words):
    before = state_of_the_books(union)
    err = refused(write([HEADER, *bad_rows]), union)
    for word in words:
        assert word in err
    assert state_of_the_books(union) == before


def test_a_sub_account_set_up_here_is_accepted(union, accountant, write):
    services.subaccount_create(
        actor=accountant, org=union, parent_code="102", code="10201", name="工行"
    )
    run(
        write(
            [
                HEADER,
                row("2025-03-05", "记-7", "存款", "10201", "银行存款_工行", "100"),
                row("2025-03-05", "记-7", "存款", "101", "库存现金", "", "100"),
            ]
        ),
        union,
    )
    assert VoucherLine.objects.get(org=union, account_code="10201").account_name == "银行存款-工行"


def test_a_closed_month_refuses_the_vouchers_dated_in_it(union, accountant, write):
    make_voucher(union, date=dt.date(2025, 1, 5))
    services.period_close(actor=accountant, org=union, year=2025, month=1)
    before = state_of_the_books(union)
    err = refused(write([HEADER, *BOOKS]), union)
    assert "2025-01" in err and "结账" in err
    assert "记-1（2025-02）" not in err  # February is open: only January's rows are named
    assert state_of_the_books(union) == before


def test_a_month_before_a_closed_one_is_closed_too_in_the_check(union, accountant, write):
    """Months close in order: closing March closes January, whose row was never made. The
    check says so for every row (the preview), not only the import at the end."""
    make_voucher(union, date=dt.date(2025, 3, 5))
    services.period_close(actor=accountant, org=union, year=2025, month=3)
    before = state_of_the_books(union)
    err = refused(write([HEADER, *BOOKS]), union)
    assert "2025-01" in err and "2025-02" in err and "结账" in err
    assert state_of_the_books(union) == before


def test_opening_balances_are_the_voucher_dated_the_first_day_named_期初余额(union, write):
    late = [
        row("2025-04-05", "记-1", "期初余额", "101", "库存现金", "10"),
        row("2025-04-05", "记-1", "期初余额", "32205", "累计结余", "", "10"),
    ]
    out, _err = run(write([HEADER, *BOOKS[:3], *late]), union)
    opening = Voucher.objects.get(org=union, date=dt.date(2025, 1, 1))
    assert (opening.kind, opening.number, opening.external_no) == (
        VoucherKind.OPENING,
        "记-0001",
        "记-1",
    )
    # 期初余额 on another day than the first is an ordinary voucher, with a warning.
    assert Voucher.objects.get(org=union, date=dt.date(2025, 4, 5)).kind == VoucherKind.IMPORTED
    assert "期初余额" in out


def test_a_formula_in_a_summary_stays_text(union, write):
    rows = [
        row("2025-03-05", "记-7", "=1+1", "102", "银行存款", "100"),
        row("2025-03-05", "记-7", "=1+1", "401", "会费收入", "", "100"),
    ]
    run(write([HEADER, *rows]), union)
    run(write([HEADER, *rows], "books.xlsx", strings=(2,)), union)  # the same voucher
    (voucher,) = Voucher.objects.filter(org=union)
    assert voucher.summary == "=1+1"
    assert set(voucher.lines.values_list("summary", flat=True)) == {"=1+1"}


def test_hand_kept_books_write_the_date_and_number_on_the_first_row_only(union, write):
    rows = [
        row("2025/3/5", "记字第1号", "收到会费", "102", "银行存款", "100"),
        row("", "", "", "401", "会费收入", "", "100"),
        row("2025年3月6日", "2", "买茶叶", "50105", "会员活动", "30"),
        row("", "2", "", "101", "库存现金", "", "30"),
    ]
    run(write([HEADER, *rows]), union)
    assert [(v[1], v[2], v[5]) for v in books(union)] == [
        ("记-0001", "记-1", "收到会费"),
        ("记-0002", "记-2", "买茶叶"),
    ]


def test_the_import_appears_in_the_statements(union, write):
    run(write([HEADER, *BOOKS]), union)
    sheets = statement_set(union, 2025).as_json()
    money = {ln["line"]: ln for ln in sheets["balance_sheet"]}
    assert money["货币资金"]["closing"] == f"{CASH_AND_BANK:.2f}" == "20934.50"
    flows = {ln["line"]: ln for ln in sheets["income_expense"]}
    assert flows["会费收入"]["year_to_date"] == "1234.50"
    assert flows["维权支出"]["year_to_date"] == "800.00"
    assert money["资产总计"]["closing"] == money["负债和净资产总计"]["closing"]


def test_an_unknown_union_or_file_is_refused(union, tmp_path):
    with pytest.raises(CommandError):
        call_command("import_vouchers", str(tmp_path / "none.csv"), "--org", union.code)
    path = tmp_path / "b.csv"
    path.write_bytes(csv_bytes([HEADER, *BOOKS]))
    with pytest.raises(CommandError):
        call_command("import_vouchers", str(path), "--org", "NOPE-1")


def test_a_file_without_the_amount_columns_is_refused_naming_them(union, tmp_path):
    path = tmp_path / "b.csv"
    path.write_bytes(csv_bytes([["日期", "凭证号", "摘要", "科目编码", "金额"], BOOKS[0][:5]]))
    with pytest.raises(CommandError, match="借方金额"):
        call_command("import_vouchers", str(path), "--org", union.code)


def test_only_imported_vouchers_are_posted_without_a_review(union, accountant):
    draft = make_voucher(union, state="draft")
    with pytest.raises(FinanceError):
        voucher_import_post(actor=accountant, voucher=draft)
    draft.refresh_from_db()
    assert (draft.state, draft.seq) == ("draft", None)
    imported = services.voucher_create(
        actor=accountant,
        org=union,
        date=dt.date(2025, 5, 6),
        summary="导入",
        lines=[L("102", debit="1"), L("401", credit="1", restricted=False)],
        kind=VoucherKind.IMPORTED,
        external_no="记-3",
    )
    voucher_import_post(actor=accountant, voucher=imported)
    assert (imported.state, imported.number, imported.prepared_by) == (
        "posted",
        "记-0001",
        accountant,
    )
    assert (imported.reviewed_by, imported.posted_by) == (None, accountant)
    with pytest.raises(FinanceError):
        voucher_import_post(actor=accountant, voucher=imported)  # posted already


# -- the browser ----------------------------------------------------------------------
@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_browser_uploads_previews_and_commits(union, accountant, media):
    c = login(accountant)
    url = f"/o/{union.code}/imports/vouchers/"
    page = c.get(url).content.decode()
    assert "凭证字号" in page and f"{url}template.xlsx" in page
    assert url in c.get(f"/o/{union.code}/imports/").content.decode()
    template = load_workbook(io.BytesIO(c.get(f"{url}template.xlsx").content)).active
    assert [cell.value for cell in template[1]][:7] == HEADER[:2] + ["凭证字"] + HEADER[2:6]
    data = xlsx_bytes([["凭证导入"], HEADER, *BOOKS])
    r = c.post(url, {"file": SimpleUploadedFile("books.xlsx", data)})
    batch = ImportBatch.objects.order_by("-pk").first()
    assert r.status_code == 302 and r["Location"] == f"/o/{union.code}/imports/{batch.pk}/"
    assert (batch.kind, batch.status, batch.counts["create"]) == ("vouchers", "previewed", 9)
    assert Voucher.objects.filter(org=union).count() == 0
    page = c.get(r["Location"]).content.decode()
    # Each row with its values; the project to be created said above them.
    assert "收到一月会费" in page and "20,000.00" in page and "32205" in page
    assert "金秋助学" in page.split('id="preview"')[0]
    r = c.post(f"/o/{union.code}/imports/{batch.pk}/commit/")
    assert r.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "committed"
    assert Voucher.objects.filter(org=union, state="posted").count() == 4
    assert set(Voucher.objects.values_list("prepared_by", "posted_by")) == {
        (accountant.pk, accountant.pk)
    }
    # The same file again: every row unchanged, nothing to write.
    c.post(url, {"file": SimpleUploadedFile("books.xlsx", data)})
    again = ImportBatch.objects.order_by("-pk").first()
    assert (again.counts["create"], again.counts["unchanged"]) == (0, 9)


def test_the_browser_preview_shows_the_errors_and_nothing_can_be_committed(
    union, accountant, media
):
    c = login(accountant)
    bad = [HEADER, *BOOKS[:4], row("2025-01-15", "记-2", "会费", "401", "会费收入", "", "壹佰元")]
    c.post(
        f"/o/{union.code}/imports/vouchers/",
        {"file": SimpleUploadedFile("bad.csv", csv_bytes(bad))},
    )
    batch = ImportBatch.objects.order_by("-pk").first()
    assert batch.counts["error"] == 1
    page = c.get(f"/o/{union.code}/imports/{batch.pk}/").content.decode()
    assert "壹佰元" in page and "记-2（2025-01）" in page
    c.post(f"/o/{union.code}/imports/{batch.pk}/commit/")
    assert Voucher.objects.filter(org=union).count() == 0


def test_only_who_may_post_vouchers_imports_them(union, chair, accountant, media):
    c = login(chair)
    assert c.get(f"/o/{union.code}/imports/vouchers/").status_code == 403
    login(accountant).post(
        f"/o/{union.code}/imports/vouchers/",
        {"file": SimpleUploadedFile("b.csv", csv_bytes([HEADER, *BOOKS]))},
    )
    batch = ImportBatch.objects.order_by("-pk").first()
    assert c.get(f"/o/{union.code}/imports/{batch.pk}/").status_code == 403
    assert c.post(f"/o/{union.code}/imports/{batch.pk}/commit/").status_code == 403
    assert Voucher.objects.filter(org=union).count() == 0


def test_the_api_uploads_vouchers(union, accountant, chair, media):
    from gonghui.accounts.models import ApiToken

    def client(user):
        return Client(HTTP_AUTHORIZATION=f"Token {ApiToken.objects.issue(user, name='t')[1]}")

    url = f"/api/v1/orgs/{union.code}/imports/vouchers/"
    upload = {"file": SimpleUploadedFile("b.csv", csv_bytes([HEADER, *BOOKS]))}
    assert client(chair).post(url, upload).status_code == 403
    upload = {"file": SimpleUploadedFile("b.csv", csv_bytes([HEADER, *BOOKS]))}
    r = client(accountant).post(url, upload)
    assert r.status_code == 201 and r.json()["kind"] == "vouchers"
    batch_id = r.json()["id"]
    r = client(accountant).post(f"/api/v1/orgs/{union.code}/imports/{batch_id}/commit/")
    assert r.status_code == 200
    assert Voucher.objects.filter(org=union, state="posted").count() == 4


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and concurrent sessions need PostgreSQL"
)
def test_the_same_file_imported_four_times_at_once_is_imported_once(transactional_db, tmp_path):
    from tests.concurrency import at_once
    from tests.factories import UnionFactory

    union = UnionFactory()
    path = tmp_path / "books.csv"
    path.write_bytes(csv_bytes([HEADER, *BOOKS]))
    results = at_once(lambda i: run(str(path), union), 4, unscope=True)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert books(union) == [
        (dt.date(2025, 1, 1), "记-0001", "记-1", "opening", "posted", "期初余额"),
        (dt.date(2025, 1, 15), "记-0002", "记-2", "imported", "posted", "收到一月会费"),
        (dt.date(2025, 2, 10), "记-0001", "记-1", "imported", "posted", "金秋助学"),
        (dt.date(2025, 2, 20), "记-0002", "记-2", "imported", "posted", "现金存入银行"),
    ]
    assert Project.objects.filter(org=union).count() == 1


def test_the_preview_warns_when_the_books_have_no_opening_balances(union, accountant, media):
    """History imported before the opening balances leaves every balance wrong: the preview
    says so in Chinese; with the 期初余额 voucher in the file (or in the books) it does not."""
    c = login(accountant)
    url = f"/o/{union.code}/imports/vouchers/"
    warning = "账上在 2025-01-15（文件中第一张凭证的日期）之前没有期初余额"
    r = c.post(url, {"file": SimpleUploadedFile("later.xlsx", xlsx_bytes([HEADER, *BOOKS[3:]]))})
    notes = c.get(r["Location"]).content.decode().split('id="notes"')[1].split("</div>")[0]
    assert warning in notes
    r = c.post(url, {"file": SimpleUploadedFile("all.xlsx", xlsx_bytes([HEADER, *BOOKS]))})
    page = c.get(r["Location"]).content.decode()
    assert "没有期初余额" not in page
    batch = ImportBatch.objects.order_by("-pk").first()
    c.post(f"/o/{union.code}/imports/{batch.pk}/commit/")
    # The opening balances are in the books now: the later file is not warned about.
    r = c.post(url, {"file": SimpleUploadedFile("later.xlsx", xlsx_bytes([HEADER, *BOOKS[3:]]))})
    assert "没有期初余额" not in c.get(r["Location"]).content.decode()


def test_the_result_page_counts_the_vouchers_imported(union, accountant, media):
    """After the import the page said "4 张凭证待导入" over rows counted as new: it says how
    many vouchers were imported and posted and under which numbers."""
    c = login(accountant)
    url = f"/o/{union.code}/imports/vouchers/"
    r = c.post(url, {"file": SimpleUploadedFile("all.xlsx", xlsx_bytes([HEADER, *BOOKS]))})
    before = c.get(r["Location"]).content.decode().split('id="notes"')[1].split("</div>")[0]
    assert "文件中共有 4 张凭证：4 张待导入" in before
    batch = ImportBatch.objects.order_by("-pk").first()
    page = c.post(f"/o/{union.code}/imports/{batch.pk}/commit/", follow=True).content.decode()
    notes = page.split('id="notes"')[1].split("</div>")[0]
    assert "待导入" not in notes
    assert "4 张凭证已导入并记账，0 张此前已导入。" in notes
    assert "账内编号 2025年1月 记-0001 至 2025年2月 记-0002（2 个月）" in notes


def _counts(page: str) -> list[tuple[str, str]]:
    """The count cards above the rows: (figure, label)."""
    cards = page.split('id="counts"')[1].split('id="row-counts"')[0]
    return re.findall(r'gh-card-number[^"]*">(\d+)</div>\s*<div class="small">([^<]+)</div>', cards)


def test_the_cards_count_vouchers_and_the_result_links_the_vouchers_imported(
    union, accountant, media
):
    """Nine rows make four vouchers: the cards count vouchers (the rows are said below
    them), and after the import the page lists the four, each a link to its voucher, and
    links the voucher list of this import."""
    c = login(accountant)
    url = f"/o/{union.code}/imports/vouchers/"
    r = c.post(url, {"file": SimpleUploadedFile("all.xlsx", xlsx_bytes([HEADER, *BOOKS]))})
    page = c.get(r["Location"]).content.decode()
    assert _counts(page) == [
        ("4", "文件中的凭证"),
        ("4", "待导入的凭证"),
        ("0", "此前已导入"),
        ("0", "有错误的凭证"),
    ]
    assert "按凭证计；文件共 9 行" in page.split('id="row-counts"')[1].split("</p>")[0]
    assert "导入并记账 4 张凭证" in page.split('id="commit"')[1].split("</button>")[0]
    batch = ImportBatch.objects.order_by("-pk").first()
    page = c.post(f"/o/{union.code}/imports/{batch.pk}/commit/", follow=True).content.decode()
    assert "已导入：4 张凭证已记账，0 张此前已导入。" in page
    assert _counts(page) == [
        ("4", "文件中的凭证"),
        ("4", "已导入并记账"),
        ("0", "此前已导入"),
        ("0", "有错误的凭证"),
    ]
    imported = list(Voucher.objects.filter(org=union).order_by("year", "month", "seq"))
    assert {v.import_batch_id for v in imported} == {batch.pk}
    listed = page.split('id="imported-vouchers"')[1].split("</section>")[0]
    assert "4 张凭证已记入账簿" in listed
    for v in imported:
        assert f'href="/o/{union.code}/finance/vouchers/{v.pk}/"' in listed
        assert v.summary in listed and v.external_no in listed
    assert f"/o/{union.code}/finance/vouchers/?batch={batch.pk}" in listed
    # The voucher list of this import: the four in the order of their numbers.
    page = c.get(f"/o/{union.code}/finance/vouchers/", {"batch": batch.pk}).content.decode()
    assert "all.xlsx" in page.split('id="voucher-import"')[1].split("</div>")[0]
    rows = re.findall(r'data-voucher="(\d+)"', page.split('id="voucher-list"')[1])
    assert rows == [str(v.pk) for v in imported]
    make_voucher(union, date=dt.date(2025, 3, 3))  # not of the import
    page = c.get(f"/o/{union.code}/finance/vouchers/", {"batch": batch.pk}).content.decode()
    assert len(re.findall(r'data-voucher="', page.split('id="voucher-list"')[1])) == 4
    # A voucher names the number it had and the import it came with.
    page = c.get(f"/o/{union.code}/finance/vouchers/{imported[1].pk}/").content.decode()
    origin = page.split('id="original-number"')[1].split("</p>")[0]
    assert "记-2" in origin and f"/o/{union.code}/imports/{batch.pk}/" in origin

    # The same file again: nothing written, and the page says so in vouchers.
    r = c.post(url, {"file": SimpleUploadedFile("all.xlsx", xlsx_bytes([HEADER, *BOOKS]))})
    again = ImportBatch.objects.order_by("-pk").first()
    page = c.post(f"/o/{union.code}/imports/{again.pk}/commit/", follow=True).content.decode()
    assert _counts(page)[1:3] == [("0", "已导入并记账"), ("4", "此前已导入")]
    assert "没有写入新的凭证" in page.split('id="imported-vouchers"')[1]
    assert Voucher.objects.filter(org=union, import_batch=again).count() == 0


def test_the_cards_count_the_vouchers_with_errors(union, accountant, media):
    c = login(accountant)
    bad = [HEADER, *BOOKS[:4], row("2025-01-15", "记-2", "会费", "401", "会费收入", "", "壹佰元")]
    r = c.post(
        f"/o/{union.code}/imports/vouchers/",
        {"file": SimpleUploadedFile("bad.csv", csv_bytes(bad))},
    )
    page = c.get(r["Location"]).content.decode()
    assert _counts(page) == [
        ("2", "文件中的凭证"),
        ("1", "待导入的凭证"),
        ("0", "此前已导入"),
        ("1", "有错误的凭证"),
    ]
    assert "1 行存在错误" in page.split('id="row-counts"')[1].split("</p>")[0]


def test_the_api_gives_the_vouchers_of_an_import(union, accountant, media, write):
    from gonghui.accounts.models import ApiToken

    c = Client(HTTP_AUTHORIZATION=f"Token {ApiToken.objects.issue(accountant, name='t')[1]}")
    upload = {"file": SimpleUploadedFile("b.csv", csv_bytes([HEADER, *BOOKS]))}
    batch = c.post(f"/api/v1/orgs/{union.code}/imports/vouchers/", upload).json()
    assert batch["counts"]["create"] == 9  # rows
    assert batch["vouchers"] == {
        "counts": {"create": 4, "update": 0, "unchanged": 0, "error": 0, "total": 4},
        "imported": 0,
        "list_url": f"/api/v1/orgs/{union.code}/finance/vouchers/?import_batch={batch['id']}",
    }
    done = c.post(f"/api/v1/orgs/{union.code}/imports/{batch['id']}/commit/").json()
    assert done["vouchers"]["imported"] == 4
    listed = c.get(done["vouchers"]["list_url"]).json()["results"]
    assert [v["external_no"] for v in listed] == ["记-1", "记-2", "记-1", "记-2"]
    assert {v["import_batch"] for v in listed} == {batch["id"]}
    # A voucher of the command has no import batch; another kind of import no vouchers.
    run(
        write(
            [
                HEADER,
                row("2025-03-01", "记-9", "手续费", "50504", "", "5"),
                row("2025-03-01", "记-9", "手续费", "102", "", "", "5"),
            ]
        ),
        union,
    )
    assert Voucher.objects.get(org=union, external_no="记-9").import_batch_id is None
    all_vouchers = c.get(f"/api/v1/orgs/{union.code}/finance/vouchers/").json()["count"]
    assert all_vouchers == 5
    bad = c.get(f"/api/v1/orgs/{union.code}/finance/vouchers/", {"import_batch": "x"})
    assert bad.status_code == 400
    other = ImportBatch.objects.create(org=union, kind="members", original_name="m.xlsx")
    r = c.get(f"/api/v1/orgs/{union.code}/imports/{other.pk}/")
    assert r.status_code in (200, 403)
    if r.status_code == 200:
        assert r.json()["vouchers"] is None


def test_no_opening_balance_warning_when_the_books_are_kept_here_already(union, accountant, media):
    """Books kept here since January (the demo's school union: its first vouchers are
    the year's payouts) are not begun by a file of November: no warning about opening
    balances; and an imported voucher's page says where it was reviewed."""
    make_voucher(union, date=dt.date(2025, 1, 5))
    c = login(accountant)
    r = c.post(
        f"/o/{union.code}/imports/vouchers/",
        {"file": SimpleUploadedFile("later.xlsx", xlsx_bytes([HEADER, *BOOKS[3:]]))},
    )
    assert "没有期初余额" not in c.get(r["Location"]).content.decode()
    batch = ImportBatch.objects.order_by("-pk").first()
    c.post(f"/o/{union.code}/imports/{batch.pk}/commit/")
    imported = Voucher.objects.filter(org=union, import_batch=batch).first()
    page = c.get(f"/o/{union.code}/finance/vouchers/{imported.pk}/").content.decode()
    assert "已在原账套审核" in page


def test_the_upload_page_marks_every_column_the_header_needs(union, accountant, media):
    page = login(accountant).get(f"/o/{union.code}/imports/vouchers/").content.decode()
    rows = dict(re.findall(r"<tr><td>([^<]+)</td><td>[^<]*</td><td>([^<]+)</td></tr>", page))
    assert {name for name, needed in rows.items() if needed == "是"} == {
        "日期",
        "凭证号",
        "摘要",
        "科目编码",
        "借方金额",
        "贷方金额",
    }
