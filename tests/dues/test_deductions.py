"""The payroll deduction list out (.xlsx, hostile names stay text) and what payroll
deducted back in: every row or none, the refused rows named, importing twice the same."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from gonghui.audit.models import AuditEntry
from gonghui.core.exports import write_cell
from gonghui.dues import services
from gonghui.dues.models import DuesLine
from gonghui.members.idcard import mask
from tests.factories import GroupFactory

from .conftest import YEAR, D, generate, line_of, member, pay_cash

pytestmark = pytest.mark.usefixtures("platform")

HOSTILE = '=HYPERLINK("http://evil.example/","点我")'


def payroll(rows, header=("姓名", "身份证号", "扣缴金额"), name="payroll.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(["某公司2025年3月工资代扣会费"])  # a title row above the header
    ws.append(list(header))
    for row in rows:
        # Text typed as text (as our own list is written): a name of "=..." stays a name.
        ws.append([write_cell(WriteOnlyCell(ws), v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def _import(union, who, rows, **kw):
    return services.dues_deductions_import(
        actor=who, org=union, year=YEAR, month=3, file=payroll(rows, **kw)
    )


def _export(union, who, full=False):
    name, content = services.dues_deductions_export(
        actor=who, org=union, year=YEAR, month=3, full_ids=full
    )
    return name, load_workbook(io.BytesIO(content)).active


def test_the_list_holds_who_is_to_pay_and_hostile_text_stays_text(union, accountant):
    group = GroupFactory(parent=union, name="@SUM(A1)车间")
    evil = member(group, "5678.90", name=HOSTILE, card_number="＋1")
    plain = member(group, None)
    paid = member(group)
    exempt = member(group, dues_stop_month=dt.date(YEAR, 1, 1))
    generate(union, 3)
    pay_cash(line_of(paid, 3))
    name, ws = _export(union, accountant)
    assert name.endswith(".xlsx") and "2025-03" in name
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:9] == (
        "序号",
        "姓名",
        "身份证号",
        "会员证号",
        "工会小组",
        "月工资",
        "缴费基数",
        "应扣会费",
        "扣缴金额",
    )
    body = {r[1]: r for r in rows[1:] if r[1] in (HOSTILE, plain.name, paid.name, exempt.name)}
    assert set(body) == {HOSTILE, plain.name}  # paid in cash and exempt are not listed
    assert body[HOSTILE][2] == mask(evil.id_number)
    assert body[HOSTILE][3:9] == ("＋1", "@SUM(A1)车间", 5678.9, 5670, 28.35, None)
    assert body[plain.name][7] is None  # no wage: payroll fills in what it deducted
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for text in (HOSTILE, "＋1", "@SUM(A1)车间"):
        assert cells[text].data_type == "s", text
        assert cells[text].quotePrefix, text
    entry = AuditEntry.objects.filter(action="dues.deductions.exported").last()
    assert entry.actor == accountant and entry.changes["full_ids"] is False
    _name, ws = _export(union, accountant, full=True)
    assert evil.id_number in [c.value for c in ws["C"]]


def test_payroll_deductions_mark_the_lines_paid(union, group, accountant):
    a, b, c = member(group), member(group, "3339.99"), member(group)
    generate(union, 3)
    result = _import(
        union,
        accountant,
        [
            (a.name, a.id_number, "28.35"),
            (b.name, mask(b.id_number), "16.65"),  # our own list sent back, masked
            (c.name, c.id_number, ""),  # payroll deducted nothing from this one
        ],
    )
    assert result.committed and result.counts == {"pay": 2, "unchanged": 0, "skip": 1, "error": 0}
    assert result.total == D("45.00")
    la, lb, lc = line_of(a, 3), line_of(b, 3), line_of(c, 3)
    assert (la.state, la.amount_paid, la.method, la.collected_by) == (
        "paid",
        D("28.35"),
        "payroll",
        accountant,
    )
    assert la.paid_on == dt.date(YEAR, 3, 31)
    assert (lb.state, lc.state) == ("paid", "unpaid")


def test_a_card_number_finds_the_member_and_a_different_amount_is_a_warning(union, group):
    a = member(group, card_number="GH-0001")
    generate(union, 3)
    rows = [(a.name, "GH-0001", "30")]
    header = ("职工姓名", "会员证号", "实扣会费")
    preview = services.dues_deductions_preview(
        org=union, year=YEAR, month=3, file=payroll(rows, header=header)
    )
    assert preview.counts["pay"] == 1 and preview.rows[0].warnings
    assert line_of(a, 3).state == "unpaid"  # a preview writes nothing


def test_an_unknown_member_refuses_the_whole_file_naming_the_row(union, group, accountant):
    a = member(group)
    generate(union, 3)
    stranger = member(GroupFactory())  # on no list of this union
    before = AuditEntry.objects.count()
    with pytest.raises(services.DuesError) as refused:
        _import(
            union,
            accountant,
            [(a.name, a.id_number, "28.35"), (stranger.name, stranger.id_number, "10")],
        )
    assert "第4行" in refused.value.message  # Excel row 4: title, header, then the rows
    assert stranger.id_number in refused.value.message
    assert line_of(a, 3).state == "unpaid"  # nothing kept
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("row", "word"),
    [
        (lambda p: ("李四", p.id_number, "28.35"), "姓名"),  # the name does not match
        (lambda p: (p.name, p.id_number, "二十八元"), "金额"),  # an amount in words
    ],
)
def test_other_bad_rows_are_refused(union, group, accountant, row, word):
    a = member(group)
    generate(union, 3)
    preview = services.dues_deductions_preview(
        org=union, year=YEAR, month=3, file=payroll([row(a)])
    )
    assert preview.counts["error"] == 1 and preview.errors[0].startswith("第3行")
    assert word in preview.errors[0]
    with pytest.raises(services.DuesError):
        _import(union, accountant, [row(a)])


def test_a_line_paid_in_cash_or_exempt_or_twice_in_the_file_is_refused(union, group, accountant):
    cash, exempt, twice = member(group), member(group), member(group)
    generate(union, 3)
    pay_cash(line_of(cash, 3))
    services.dues_exempt(actor=accountant, line=line_of(exempt, 3), reason="病休")
    rows = [
        (cash.name, cash.id_number, "28.35"),
        (exempt.name, exempt.id_number, "28.35"),
        (twice.name, twice.id_number, "28.35"),
        (twice.name, twice.id_number, "28.35"),
    ]
    preview = services.dues_deductions_preview(org=union, year=YEAR, month=3, file=payroll(rows))
    assert [r.action for r in preview.rows] == ["error", "error", "pay", "error"]
    assert [e[:3] for e in preview.errors] == ["第3行", "第4行", "第6行"]


def test_importing_the_same_file_twice_changes_nothing(union, group, accountant):
    a = member(group)
    generate(union, 3)
    _import(union, accountant, [(a.name, a.id_number, "28.35")])
    before = AuditEntry.objects.count()
    again = _import(union, accountant, [(a.name, a.id_number, "28.35")])
    assert again.counts["unchanged"] == 1 and again.counts["pay"] == 0
    assert AuditEntry.objects.count() == before
    assert DuesLine.objects.get(member=a).amount_paid == D("28.35")


def test_a_file_without_a_number_column_is_refused(union, group, accountant):
    member(group)
    generate(union, 3)
    with pytest.raises(services.DuesError):
        _import(union, accountant, [("张三", "28.35")], header=("姓名", "扣缴金额"))
