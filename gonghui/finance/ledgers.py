"""The books' ledgers (账簿): journals (日记账) of cash (101) and of each bank account
(102 and its sub-accounts), the general ledger (总分类账), detail ledgers (明细账) and the
auxiliary ledgers (辅助账) by project and by fund.

Each ledger is ONE query: the posted lines of the account (or project, or fund) up to the
period, the years before rolled into one row by the GROUP BY key (a CASE: 0 for an earlier
year, the line's id for a line of the year), so the opening balance (上年结转) and the
year's lines come back together, ordered; running balances, 本日合计, 本月合计 and 本年累计
are Python sums over that one ordered list. Pages, workbooks, PDFs and the API all read
`Ledger.table()` (or the entries), so they cannot drift apart.

Posted lines only, unless `pending` is asked: then lines of vouchers handed in but not
yet posted (submitted, reviewed or returned) are included and every such row says so
(［未记账］ before its summary, a mark on the page).

Balances are kept as Σdebit − Σcredit and shown as 借/贷/平 with the amount, the way the
printed 账页 have a 借或贷 column.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BigIntegerField, Case, F, IntegerField, Max, Q, Sum, Value, When
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from gonghui.core.exports import render_pdf, xlsx_cell
from gonghui.funds.exports import exporter_name
from gonghui.funds.money import fmt_amount

from . import chart
from .models import PENDING_STATES, ZERO, Project, VoucherLine
from .selectors import chart_for

CENT = Decimal("0.01")
PENDING_MARK = "［未记账］"

# Ledger kinds: the URL word, and the title printed on the page and in the files.
CASH, BANK, GENERAL, DETAIL, PROJECT, FUND = "cash", "bank", "general", "detail", "project", "fund"
TITLES = {
    CASH: "现金日记账",
    BANK: "银行存款日记账",
    GENERAL: "总分类账",
    DETAIL: "明细分类账",
    PROJECT: "项目辅助账",
    FUND: "资金辅助账",
}
KINDS = tuple(TITLES)

# Row kinds of a ledger.
OPENING, LINE, DAY, MONTH, YEAR = "opening", "line", "day", "month", "year"


def q(value) -> Decimal:
    # SQLite sums decimals as floats: back to the fen.
    return Decimal(value or 0).quantize(CENT)


def direction(balance: Decimal) -> str:
    """借 / 贷 / 平 of a balance kept as Σdebit − Σcredit."""
    return "借" if balance > 0 else ("贷" if balance < 0 else "平")


@dataclass
class Entry:
    kind: str
    date: dt.date | None
    summary: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    balance: Decimal = ZERO  # Σdebit − Σcredit after this row
    number: str = ""
    voucher_id: int | None = None
    account: str = ""  # code and name, on the auxiliary ledgers
    pending: bool = False

    @property
    def direction(self) -> str:
        return direction(self.balance)

    @property
    def amount(self) -> Decimal:
        return abs(self.balance)

    @property
    def shown_summary(self) -> str:
        return f"{PENDING_MARK}{self.summary}" if self.pending else self.summary

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "date": self.date.isoformat() if self.date else None,
            "number": self.number,
            "voucher_id": self.voucher_id,
            "account": self.account,
            "summary": self.summary,
            "debit": f"{self.debit:.2f}",
            "credit": f"{self.credit:.2f}",
            "direction": self.direction,
            "balance": f"{self.amount:.2f}",
            "pending": self.pending,
        }


@dataclass
class Ledger:
    kind: str
    org: object
    year: int
    month: int | None
    subject: str  # the account (code and name), the project or the fund
    pending: bool
    entries: list[Entry] = field(default_factory=list)
    show_account: bool = False

    @property
    def title(self) -> str:
        return TITLES[self.kind]

    @property
    def period(self) -> str:
        return f"{self.year}年{self.month}月" if self.month else f"{self.year}年度"

    @property
    def closing(self) -> Decimal:
        return self.entries[-1].balance if self.entries else ZERO

    def filename(self, ext: str) -> str:
        subject = self.subject.replace("/", "-")
        return f"{self.org.name}-{self.title}-{subject}-{self.period}.{ext}"

    def heading(self) -> list[str]:
        parts = [f"编制单位：{self.org.name}", f"{self._subject_label()}：{self.subject}"]
        parts += [self.period, "单位：元"]
        if self.pending:
            parts.append("含未记账凭证")
        return parts

    def _subject_label(self) -> str:
        return {PROJECT: "项目", FUND: "资金"}.get(self.kind, "科目")

    def columns(self) -> list[str]:
        if self.kind == GENERAL:
            return ["月", "日", "摘要", "借方", "贷方", "借或贷", "余额"]
        cols = ["月", "日", "凭证号"]
        if self.show_account:
            cols.append("科目")
        return [*cols, "摘要", "借方", "贷方", "借或贷", "余额"]

    def table(self) -> dict:
        """What the page, the workbook and the PDF print: cells of text (and money as
        Decimal, formatted here for the page and the PDF; the workbook keeps numbers)."""
        rows = []
        for e in self.entries:
            day = e.date
            cells: list[dict] = [
                {"value": day.month if day else "", "cls": "no"},
                {"value": day.day if day and e.kind in (LINE, DAY, OPENING) else "", "cls": "no"},
            ]
            if self.kind != GENERAL:
                cells.append({"value": e.number, "voucher_id": e.voucher_id, "cls": "nowrap"})
                if self.show_account:
                    cells.append({"value": e.account, "cls": ""})
            cells.append({"value": e.shown_summary, "cls": ""})
            show_moves = e.kind != OPENING
            cells += [
                {"value": e.debit if show_moves else None, "cls": "num"},
                {"value": e.credit if show_moves else None, "cls": "num"},
                {"value": e.direction, "cls": "no"},
                {"value": e.amount, "cls": "num"},
            ]
            for c in cells:
                v = c["value"]
                c["text"] = fmt_amount(v) if isinstance(v, Decimal) else ("" if v is None else v)
            rows.append({"cells": cells, "kind": e.kind, "pending": e.pending})
        return {
            "title": self.title,
            "heading": self.heading(),
            "columns": self.columns(),
            "rows": rows,
        }


# -- the one query ---------------------------------------------------------------------
def _states(pending: bool) -> Q:
    return Q(posted=True) | Q(voucher__state__in=PENDING_STATES) if pending else Q(posted=True)


def _rows(org, where: Q, year: int, month: int | None, pending: bool):
    """The lines matching `where` of `year` (up to `month`) one by one, ordered, after
    one row rolling up every earlier year (key 0): a single GROUP BY query."""
    qs = VoucherLine.objects.filter(where, _states(pending), org=org, year__lte=year)
    if month:
        qs = qs.filter(Q(year__lt=year) | Q(month__lte=month))
    return (
        qs.annotate(
            k=Case(
                When(year__lt=year, then=Value(0)), default=F("id"), output_field=BigIntegerField()
            )
        )
        .values("k")
        .annotate(
            d=Sum("debit"),
            c=Sum("credit"),
            y=Max("year"),
            day=Max("date"),
            seq=Max("voucher__seq"),
            vid=Max("voucher_id"),
            number=Max("voucher__number"),
            # A line without its own summary reads its voucher's.
            summary=Max(Case(When(summary="", then=F("voucher__summary")), default=F("summary"))),
            code=Max("account_code"),
            name=Max("account_name"),
            unposted=Max(
                Case(When(posted=False, then=Value(1)), default=Value(0)),
                output_field=IntegerField(),
            ),
            line_order=Max("order"),
        )
        .order_by("y", "day", "seq", "vid", "line_order", "k")
    )


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _build(
    rows, *, year: int, month: int | None, daily_totals: bool, show_account: bool
) -> list[Entry]:
    """Running balances with 本日合计 (a day of several rows), 本月合计 and 本年累计 after
    each month with rows; with `month`, only that month is shown, after its 期初余额."""
    balance = ZERO
    lines: list[Entry] = []
    for r in rows:
        d, c = q(r["d"]), q(r["c"])
        balance += d - c
        if r["k"] == 0:  # the earlier years, rolled into one row
            continue
        lines.append(
            Entry(
                LINE,
                r["day"],
                r["summary"],
                d,
                c,
                balance,
                number=r["number"] or "",
                voucher_id=r["vid"],
                account=f"{r['code']} {r['name']}" if show_account else "",
                pending=bool(r["unposted"]),
            )
        )
    # The balance before the year's first line: the earlier years' (上年结转).
    shown_opening = lines[0].balance - lines[0].debit + lines[0].credit if lines else balance
    out: list[Entry] = []
    start = dt.date(year, month or 1, 1)
    ytd_d = ytd_c = ZERO
    first_shown = month or 1
    if month:
        for e in lines:
            if e.date.month < month:
                shown_opening = e.balance
                ytd_d += e.debit
                ytd_c += e.credit
    summary = "期初余额" if month and month > 1 else "上年结转"
    out.append(Entry(OPENING, start, summary, balance=shown_opening))
    by_month: dict[int, list[Entry]] = {}
    for e in lines:
        by_month.setdefault(e.date.month, []).append(e)
    for m in sorted(by_month):
        items = by_month[m]
        if m < first_shown:
            continue
        md = mc = ZERO
        day_rows, day_d, day_c = 0, ZERO, ZERO
        for i, e in enumerate(items):
            out.append(e)
            md += e.debit
            mc += e.credit
            day_rows, day_d, day_c = day_rows + 1, day_d + e.debit, day_c + e.credit
            if i + 1 < len(items) and items[i + 1].date == e.date:
                continue  # the day goes on
            if daily_totals and day_rows > 1:
                out.append(Entry(DAY, e.date, "本日合计", day_d, day_c, e.balance))
            day_rows, day_d, day_c = 0, ZERO, ZERO
        ytd_d += md
        ytd_c += mc
        end = _month_end(year, m)
        out.append(Entry(MONTH, end, "本月合计", md, mc, items[-1].balance))
        out.append(Entry(YEAR, end, "本年累计", ytd_d, ytd_c, items[-1].balance))
    return out


# -- the ledgers -----------------------------------------------------------------------
def _account_where(code: str) -> Q:
    return Q(account_code__startswith=code)


def account_ledger(
    org, kind: str, code: str, year: int, month: int | None = None, *, pending: bool = False
) -> Ledger:
    """A journal (kind cash or bank: with 本日合计) or a detail ledger of `code`
    (a parent account takes its sub-accounts' lines)."""
    accounts = chart_for(org)
    account = accounts.get(code) or chart.account(code)
    subject = f"{code} {account.name}" if account else code
    rows = _rows(org, _account_where(code), year, month, pending)
    entries = _build(
        rows, year=year, month=month, daily_totals=kind in (CASH, BANK), show_account=False
    )
    return Ledger(kind, org, year, month, subject, pending, entries)


def general_ledger(org, top: str, year: int, *, pending: bool = False) -> Ledger:
    """总分类账 of a first-level account: 上年结转, then each month with postings its
    本月合计 and 本年累计 with the balance (one GROUP BY by month)."""
    rows = (
        VoucherLine.objects.filter(_states(pending), org=org, account_top=top, year__lte=year)
        .annotate(
            k=Case(
                When(year__lt=year, then=Value(0)), default=F("month"), output_field=IntegerField()
            )
        )
        .values("k")
        .annotate(
            d=Sum("debit"),
            c=Sum("credit"),
            unposted=Max(
                Case(When(posted=False, then=Value(1)), default=Value(0)),
                output_field=IntegerField(),
            ),
        )
        .order_by("k")
    )
    balance = ytd_d = ytd_c = ZERO
    out = []
    months = []
    for r in rows:
        d, c = q(r["d"]), q(r["c"])
        if r["k"] == 0:
            balance += d - c
        else:
            months.append((r["k"], d, c, bool(r["unposted"])))
    out.append(Entry(OPENING, dt.date(year, 1, 1), "上年结转", balance=balance))
    for m, d, c, unposted in months:
        balance += d - c
        ytd_d += d
        ytd_c += c
        end = _month_end(year, m)
        out.append(Entry(MONTH, end, "本月合计", d, c, balance, pending=unposted))
        out.append(Entry(YEAR, end, "本年累计", ytd_d, ytd_c, balance, pending=unposted))
    account = chart.ACCOUNTS.get(top)
    subject = f"{top} {account.name}" if account else top
    return Ledger(GENERAL, org, year, None, subject, pending, out)


def project_ledger(
    org, project, year: int, month: int | None = None, *, pending: bool = False
) -> Ledger:
    """The lines booked to a project (项目支出, 专项 income) with their accounts."""
    rows = _rows(org, Q(project=project), year, month, pending)
    entries = _build(rows, year=year, month=month, daily_totals=False, show_account=True)
    subject = f"{project.code} {project.name}"
    return Ledger(PROJECT, org, year, month, subject, pending, entries, show_account=True)


def fund_ledger(org, fund, year: int, month: int | None = None, *, pending: bool = False) -> Ledger:
    """The cash and bank lines of a fund (经费, 帮困基金…): what came in, went out, and
    what is left."""
    rows = _rows(org, Q(fund=fund), year, month, pending)
    entries = _build(rows, year=year, month=month, daily_totals=False, show_account=True)
    return Ledger(FUND, org, year, month, fund.name, pending, entries, show_account=True)


# -- what a page offers to choose from -------------------------------------------------
def bank_accounts(org) -> list[chart.Account]:
    """The bank accounts a journal is kept for: the leaves under 102 (102 itself when it
    has no sub-accounts)."""
    accounts = chart_for(org)
    under = [a for a in accounts.values() if a.code.startswith("102")]
    return [a for a in under if chart.is_leaf(a.code, under)]


def leaf_accounts(org) -> list[chart.Account]:
    accounts = chart_for(org)
    return [a for a in accounts.values() if chart.is_leaf(a.code, accounts.values())]


def first_level_accounts() -> list[chart.Account]:
    return [chart.ACCOUNTS[c] for c in chart.FIRST_LEVEL]


def projects(org):
    return Project.objects.filter(org=org).order_by("code")


def funds(org):
    from gonghui.funds.models import Fund

    return Fund.objects.filter(org=org).order_by("kind", "name", "id")


def subject_choices(org, kind: str) -> list[tuple[str, str]]:
    """(value, label) of what a ledger of `kind` can be kept for."""
    if kind == CASH:
        return [("101", "101 库存现金")]
    if kind == BANK:
        return [(a.code, f"{a.code} {a.name}") for a in bank_accounts(org)]
    if kind == GENERAL:
        return [(a.code, f"{a.code} {a.name}") for a in first_level_accounts()]
    if kind == DETAIL:
        return [(a.code, f"{a.code} {a.name}") for a in leaf_accounts(org)]
    if kind == PROJECT:
        return [(str(p.pk), f"{p.code} {p.name}") for p in projects(org)]
    return [(str(f.pk), f.name) for f in funds(org)]


def subject_param(kind: str) -> str:
    return {PROJECT: "project", FUND: "fund"}.get(kind, "account")


def build_ledger(org, kind: str, *, subject: str, year: int, month: int | None, pending: bool):
    """The ledger of `kind` for `subject` (an account code, a project's or a fund's id as
    the choices give them), or None when `subject` is not one of this union's."""
    values = dict(subject_choices(org, kind))
    if subject not in values:
        return None
    if kind == GENERAL:
        return general_ledger(org, subject, year, pending=pending)
    if kind == PROJECT:
        project = projects(org).get(pk=int(subject))
        return project_ledger(org, project, year, month, pending=pending)
    if kind == FUND:
        fund = funds(org).get(pk=int(subject))
        return fund_ledger(org, fund, year, month, pending=pending)
    return account_ledger(org, kind, subject, year, month, pending=pending)


# -- files -----------------------------------------------------------------------------
def _footer(user) -> str:
    when = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    who = f"导出人：{exporter_name(user)}　" if user is not None else ""
    return f"{who}导出时间：{when}"


def ledger_xlsx(ledger: Ledger, *, user=None) -> bytes:
    """The ledger as a workbook, every cell through xlsx_cell (typed summaries stay text)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(ledger.title[:31])
    table = ledger.table()
    widths = [5, 5, 12, *([22] if ledger.show_account else []), 34, 15, 15, 7, 15]
    if ledger.kind == GENERAL:
        widths = [5, 5, 30, 15, 15, 7, 15]
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    thin = Side(style="thin", color="777777")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)

    def cell(value, *, bold=False, border=True, size=None, fill=None):
        c = xlsx_cell(ws, value)
        if bold or size:
            c.font = Font(bold=bold, size=size)
        if isinstance(value, Decimal):
            c.number_format = "#,##0.00"
        if border:
            c.border = box
        if fill:
            c.fill = PatternFill("solid", fgColor=fill)
            c.alignment = Alignment(horizontal="center")
        return c

    ws.append([cell(table["title"], bold=True, border=False, size=14)])
    ws.append([cell(text, border=False) for text in table["heading"]])
    ws.append([cell(name, bold=True, fill="F2E6E4") for name in table["columns"]])
    for row in table["rows"]:
        bold = row["kind"] in (MONTH, YEAR, DAY)
        ws.append([cell(c["value"], bold=bold) for c in row["cells"]])
    ws.append([])
    ws.append([cell(_footer(user), border=False)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def ledger_pdf(ledger: Ledger, *, user=None) -> bytes:
    html = render_to_string(
        "finance/ledger_pdf.html",
        {"table": ledger.table(), "org": ledger.org, "footer": _footer(user)},
    )
    return render_pdf(html)
