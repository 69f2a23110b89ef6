"""Voucher import (凭证导入, #14 item 13): a union's earlier books, from 用友, 金蝶 or 畅捷通
exports or a spreadsheet kept by hand, into its books here.

One row is one voucher line: 日期, 凭证号 (or 凭证字号: 记-12, 记字第12号, 12), 摘要,
科目编码, 科目名称, 借方金额, 贷方金额, and optionally 资金性质 (专项/非专项, default
非专项, read on income and expense lines only), 项目 (a project's name or code; a new one
is created) and 凭证字 (收/付/转/记, for exports that keep it in a column of its own).
Rows group into vouchers by the month of their date and their voucher number. A row with
both 日期 and 凭证号 blank continues the voucher above it, as hand-kept books write it.

All or nothing: any voucher that does not balance, uses an account outside the chart of
this union (a county-level account such as 506, a sub-account not set up here, an account
that has sub-accounts), an amount in words, rows of one voucher with different dates, or
a date in a month closed here, refuses the whole file, each row naming its voucher.

Imported vouchers were reviewed and posted in the books they come from: they are
numbered here in their month in file order (记-0001 …, the original number kept in
`external_no`) and posted at once by services_import.voucher_import_post. A voucher
dated the first day of a month whose summary is 期初余额 is the opening balances
(kind OPENING). A voucher imported before, same date, same original number and the same
lines, is unchanged: importing a file twice writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from gonghui.audit.context import current_actor
from gonghui.core.validators import date_problem
from gonghui.funds import money
from gonghui.imports.base import (
    CHECKING,
    CREATE,
    ERROR,
    PROGRESS_EVERY,
    UNCHANGED,
    UPDATE,
    WRITING,
    Importer,
    Preview,
    RowResult,
)
from gonghui.imports.tabular import Column, ImportFileError, Table

from . import chart, services
from .models import ZERO, Period, PeriodState, Project, Voucher, VoucherKind, VoucherState
from .selectors import chart_for
from .services_import import IMPORT_KINDS, voucher_import_post

# The columns as the issue names them (the file's own vocabulary, not interface text).
# fmt: off
DATE, NUMBER, WORD, SUMMARY = "日期", "凭证号", "凭证字", "摘要"
CODE, NAME, DEBIT, CREDIT = "科目编码", "科目名称", "借方金额", "贷方金额"
NATURE, PROJECT = "资金性质", "项目"
# fmt: on

# Columns the header must have, though a row may leave them blank (a row with 日期 and
# 凭证号 blank continues the voucher above; a line has a debit or a credit).
HEADER_COLUMNS = (DATE, NUMBER, SUMMARY, DEBIT, CREDIT)

OPENING_SUMMARY = "期初余额"
DEFAULT_WORD = "记"  # 记账凭证: the one kind of voucher most unions keep
# The words of the 凭证类别 column of 用友 for the usual voucher kinds.
WORDS = {"记账凭证": "记", "收款凭证": "收", "付款凭证": "付", "转账凭证": "转"}
RESTRICTED_WORDS = {
    **dict.fromkeys(("专项", "专项资金", "专项经费", "是", "y", "yes", "1", "true"), True),
    **dict.fromkeys(
        ("非专项", "非专项资金", "非专项经费", "一般", "否", "n", "no", "0", "false"), False
    ),
}
ROWS_NAMED = 12  # rows listed in a message about a whole voucher, then "…"

# 2024-01-05, 2024/1/5, 2024.1.5, 2024年1月5日; 20240105; an Excel serial day number.
_DAY = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_COMPACT_DAY = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# 记-12, 记-0012, 记字第12号, 收字12号, 银付-3, 12.
_NUMBER = re.compile(r"^(?P<word>[^\W\d_]*?)字?第?[-_./·]*(?P<n>\d{1,9})号?$")
# "50102" or "50102 文体活动" (a code and its name in one cell, spaces already removed).
_CODE = re.compile(r"^(?P<code>\d+)(?P<name>\D*)$")
_NAME_PARTS = re.compile(r"[/\\\-_—:：>]+")


def parse_day(text: str) -> dt.date | None:
    """A voucher date as exports and people write it, or None."""
    text = text.strip().translate({0xFF0D: "-", 0xFF0F: "/", 0xFF0E: ".", 0x3002: "."})
    text = re.split(r"[ T]", text, maxsplit=1)[0]  # a time of day after the date
    m = _DAY.match(text) or _COMPACT_DAY.match(text)
    try:
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if _SERIAL.match(text):  # an Excel date that reached us as a number
            return _EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
    except (ValueError, OverflowError):
        return None
    return None


def parse_number(text: str, word: str = "") -> tuple[str, int] | None:
    """(voucher word, number) of 记-12, 记字第12号 or 12 (with the 凭证字 column's word)."""
    m = _NUMBER.match(text)
    if m is None:
        return None
    found = m["word"] or word
    found = WORDS.get(found, found.removesuffix("字")) or DEFAULT_WORD
    return found, int(m["n"])


def external_no(number: tuple[str, int]) -> str:
    """How the original number is kept: 记-12 for 记-0012, 记字第12号 and 12."""
    return f"{number[0]}-{number[1]}"


@dataclass(slots=True)
class _Line:
    result: RowResult
    date: dt.date | None = None
    number: tuple[str, int] | None = None
    code: str = ""
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    amounts_ok: bool = False
    restricted: bool | None = None
    project: str = ""
    summary: str = ""


@dataclass
class _Voucher:
    month: tuple[int, int]
    number: tuple[str, int]
    lines: list[_Line] = field(default_factory=list)
    date: dt.date | None = None
    summary: str = ""
    kind: str = VoucherKind.IMPORTED
    action: str = CREATE

    @property
    def external_no(self) -> str:
        return external_no(self.number)

    @property
    def label(self) -> str:
        return f"{self.external_no}（{self.month[0]}-{self.month[1]:02d}）"

    @property
    def results(self) -> list[RowResult]:
        return [ln.result for ln in self.lines]

    @property
    def failed(self) -> bool:
        return any(ln.result.errors for ln in self.lines)

    def rows(self) -> str:
        numbers = [str(r.row) for r in self.results]
        shown = "、".join(numbers[:ROWS_NAMED])
        return shown + ("…" if len(numbers) > ROWS_NAMED else "")


def _about(label: str, problem: str) -> str:
    return _("Voucher %(voucher)s: %(problem)s") % {"voucher": label, "problem": problem}


class VoucherImporter(Importer):
    kind = "vouchers"
    columns = (
        Column(DATE, ("凭证日期", "制单日期", "记账日期", "业务日期")),
        Column(
            NUMBER,
            ("凭证字号", "凭证编号", "凭证号码", "凭证字号码", "记账凭证号"),
            compact=True,
            max_length=30,
        ),
        Column(WORD, ("凭证类别", "凭证类型", "凭证字别"), compact=True, max_length=10),
        Column(SUMMARY, ("凭证摘要", "分录摘要", "摘要说明"), max_length=200),
        Column(
            CODE,
            ("科目代码", "科目编号", "会计科目编码", "会计科目代码", "科目号"),
            required=True,
            compact=True,
            max_length=60,
        ),
        Column(NAME, ("会计科目", "科目", "科目全名", "科目全称", "会计科目名称"), max_length=120),
        Column(DEBIT, ("借方", "借方发生额", "借方本币", "借方金额本币"), compact=True),
        Column(CREDIT, ("贷方", "贷方发生额", "贷方本币", "贷方金额本币"), compact=True),
        Column(NATURE, ("经费性质", "专项/非专项", "是否专项", "专项标识"), compact=True),
        Column(PROJECT, ("项目名称", "项目编码", "项目代码", "辅助项目"), max_length=100),
    )

    # -- reading ---------------------------------------------------------------------
    def read(self, data: bytes, filename: str) -> Table:
        table = super().read(data, filename)
        # Only 科目编码 is required of every row (blank 日期 and 凭证号 continue the
        # voucher above), so the header is checked for the others here.
        missing = [c for c in HEADER_COLUMNS if c not in table.columns]
        if missing:
            raise ImportFileError(
                _("The header (row %(row)s) lacks the columns %(missing)s.")
                % {"row": table.header_row, "missing": "、".join(missing)}
            )
        # The reader's note on absent columns says they are "left as they are", which is
        # for records being updated; a voucher is new, and only 资金性质 needs a word.
        absent = [c.name for c in self.columns if c.name not in table.columns]
        if absent:
            generic = _("Columns not in the file (left as they are): %(names)s.") % {
                "names": "、".join(absent)
            }
            table.notes = [n for n in table.notes if n != generic]
        if NATURE not in table.columns:
            table.notes.append(
                _(
                    "The file has no 资金性质 column: income and expense lines are 非专项 "
                    "unless their account is 专项 (40302)."
                )
            )
        return table

    # -- checking --------------------------------------------------------------------
    def validate(self, results: list[RowResult], org) -> None:
        if org is None:
            raise ValueError("a voucher import runs in one union")
        self._charts: dict[dt.date | None, dict[str, chart.Account]] = {}
        total = len(results)
        lines: list[_Line] = []
        above: _Line | None = None
        for i, r in enumerate(results):
            if i % PROGRESS_EVERY == 0:
                self.progress(CHECKING, i, total)
            line = self._line(r, org, above)
            lines.append(line)
            if line.date is not None and line.number is not None:
                above = line
        self.progress(CHECKING, total, total)

        vouchers: dict[tuple, _Voucher] = {}
        for line in lines:
            if line.date is None or line.number is None:
                continue
            month = (line.date.year, line.date.month)
            v = vouchers.setdefault((month, line.number), _Voucher(month=month, number=line.number))
            v.lines.append(line)
        self._vouchers = list(vouchers.values())  # in file order: numbered in this order
        months = sorted({v.month for v in self._vouchers})
        if self.committing:
            # The months' Period rows locked before anything is compared: an import of
            # the same file running at once waits here, then finds these vouchers.
            for year, month in months:
                services._period(org, year, month)
        # Months close in order: a month before the last closed one is closed too, even if
        # no voucher ever made its row (services._open_period refuses it at import).
        last = (
            Period._base_manager.filter(org=org, state=PeriodState.CLOSED)
            .order_by("-year", "-month")
            .values_list("year", "month")
            .first()
        )
        closed = {m for m in months if last and m <= tuple(last)}
        projects = self._projects(org)
        for v in self._vouchers:
            self._check_voucher(v, closed)
        self._compare(org, projects)
        self._final_check(org, projects)
        for v in self._vouchers:
            for r in v.results:
                r.key = v.label
                r.action = v.action

        good = [v for v in self._vouchers if not v.failed]
        new = [v for v in good if v.action == CREATE]
        # The pages count vouchers, not rows (a voucher is several rows).
        self.groups = {
            CREATE: len(new),
            UPDATE: 0,
            UNCHANGED: len(good) - len(new),
            ERROR: len(self._vouchers) - len(good),
            "total": len(self._vouchers),
        }
        self._count_note = ""
        if good:
            self._count_note = _(
                "%(n)s vouchers in the file: %(new)s to import, %(same)s imported before."
            ) % {"n": len(good), "new": len(new), "same": len(good) - len(new)}
            self.notes.append(self._count_note)
        opening = [v.label for v in new if v.kind == VoucherKind.OPENING]
        if opening:
            self.notes.append(
                _("Opening balances: %(vouchers)s.") % {"vouchers": "、".join(opening)}
            )
        history = [v for v in new if v.kind != VoucherKind.OPENING]
        if history and not self._opening_before(org, good, min(v.date for v in history)):
            self.notes.append(
                _(
                    "The books have no opening balances (期初余额) on or before %(date)s, the "
                    "first voucher of the file: the balances and statements after this import "
                    "will be wrong. Import the opening balances first (a voucher dated the "
                    "first day with the summary 期初余额), or add them to this file."
                )
                % {"date": f"{min(v.date for v in history):%Y-%m-%d}"}
            )
        created = self._new_projects(new, projects)
        if created:
            self.notes.append(
                _("Projects that will be created: %(names)s.")
                % {"names": "、".join(sorted(created))}
            )

    @staticmethod
    def _opening_before(org, vouchers: list[_Voucher], first: dt.date) -> bool:
        """Whether the file does not begin the books: opening balances set by `first` (in
        the file, or in the books), or books already kept here before `first` (their
        start is not this import's business: the demo's books begin with the year's
        first payouts, and a month of history added to them needs no warning)."""
        if any(v.kind == VoucherKind.OPENING and v.date <= first for v in vouchers):
            return True
        return (
            Voucher._base_manager.filter(org=org)
            .filter(Q(kind=VoucherKind.OPENING, date__lte=first) | Q(date__lt=first))
            .exclude(state=VoucherState.VOIDED)
            .exists()
        )

    def _chart(self, org, date: dt.date | None) -> dict[str, chart.Account]:
        found = self._charts.get(date)
        if found is None:
            found = self._charts[date] = chart_for(org, date)
        return found

    def _line(self, r: RowResult, org, above: _Line | None) -> _Line:
        """One row read: its date, voucher number, account, amounts, 专项 and project."""
        line = _Line(result=r, summary=r.value(SUMMARY), project=r.value(PROJECT))
        date_text, number_text = r.value(DATE), r.value(NUMBER)
        if date_text:
            line.date = parse_day(date_text)
            if line.date is None:
                r.error(DATE, _("Write the date like 2024-01-05."))
        if number_text:
            line.number = parse_number(number_text, r.value(WORD))
            if line.number is None:
                r.error(NUMBER, _("Write the voucher number like 记-12, 记字第12号 or 12."))
        # Hand-kept books write the date (and the number) on a voucher's first row only.
        continues = not date_text and (
            not number_text or (above is not None and line.number == above.number)
        )
        if continues and above is not None:
            line.date, line.number = above.date, above.number
        elif continues:
            r.error(DATE, _("Fill in the date and the voucher number."))
            return line
        elif not date_text:
            r.error(DATE, _("This column must be filled in."))
        elif not number_text:
            r.error(NUMBER, _("This column must be filled in."))
        if line.date is not None and line.number is not None:
            label = _Voucher((line.date.year, line.date.month), line.number).label
        else:
            label = number_text or "—"

        self._account(line, org, label)
        line.amounts_ok = True
        for column in (DEBIT, CREDIT):
            text = r.value(column)
            if text in ("", "-"):
                continue
            try:
                amount = money.parse_amount(text)
            except money.AmountError as exc:
                r.error(column, _about(label, str(exc)))
                line.amounts_ok = False
                continue
            if column == DEBIT:
                line.debit = amount
            else:
                line.credit = amount
        if line.amounts_ok and (line.debit == 0) == (line.credit == 0):
            r.error(
                DEBIT, _about(label, _("enter an amount on one side, debit or credit, not both."))
            )
            line.amounts_ok = False

        nature = r.value(NATURE)
        said = RESTRICTED_WORDS.get(nature.lower()) if nature else None
        if nature and said is None:
            r.error(NATURE, _about(label, _("write 专项 or 非专项.")))
        if chart.needs_restricted(line.code):
            if said is None:
                account = self._chart(org, line.date).get(line.code)
                default = account.restricted_default if account else None
                said = default if default is not None else False  # 非专项 unless told
            line.restricted = said
        elif said:
            r.warn(
                NATURE,
                _("Only income and expense lines are 专项 or 非专项; ignored on this line."),
            )
        return line

    def _account(self, line: _Line, org, label: str) -> None:
        r = line.result
        text = r.value(CODE)
        m = _CODE.match(text)
        if m is None:
            if text:
                r.error(CODE, _about(label, _("an account code is digits, like 50102.")))
            return
        code, name = m["code"], m["name"] or r.value(NAME)
        line.code = code
        if code[:3] in chart.NOT_GRASSROOTS:
            r.error(CODE, _about(label, chart.NOT_GRASSROOTS[code[:3]]))
            return
        accounts = self._chart(org, line.date)
        account = accounts.get(code)
        if account is None:
            parent = accounts.get(code[:-2]) if len(code) > 3 else None
            if parent is not None:
                problem = _(
                    "the sub-account %(code)s is not in this union's chart: add it under "
                    "%(parent)s %(name)s first, or use the code of one that is."
                ) % {"code": code, "parent": parent.code, "name": parent.name}
            else:
                problem = _("account %(code)s is not in the grassroots chart.") % {"code": code}
            r.error(CODE, _about(label, problem))
            return
        if not chart.is_leaf(code, accounts.values()):
            subs = "、".join(f"{a.code} {a.name}" for a in chart.children(code, accounts.values()))
            r.error(
                CODE,
                _about(
                    label,
                    _("%(code)s %(name)s has sub-accounts; write one of them: %(subs)s.")
                    % {"code": code, "name": account.name, "subs": subs},
                ),
            )
            return
        if name and not _same_name(name, account.name):
            r.warn(
                NAME,
                _("The chart calls %(code)s “%(name)s”; the code is what counts.")
                % {"code": code, "name": account.name},
            )

    def _check_voucher(self, v: _Voucher, closed: set) -> None:
        """The rules of a whole voucher: one date, a summary, balanced, an open month."""
        rows = v.rows()
        dates = sorted({ln.date for ln in v.lines})
        if len(dates) > 1:
            problem = _("its rows have different dates (%(dates)s), rows %(rows)s.") % {
                "dates": "、".join(d.isoformat() for d in dates),
                "rows": rows,
            }
            for r in v.results:
                r.error(DATE, _about(v.label, problem))
            return
        v.date = dates[0]
        v.summary = next((ln.summary for ln in v.lines if ln.summary), "")
        if not v.summary:
            v.lines[0].result.error(SUMMARY, _about(v.label, _("no row has a summary (摘要).")))
        if OPENING_SUMMARY in v.summary:
            if v.date.day == 1:
                v.kind = VoucherKind.OPENING
            else:
                v.lines[0].result.warn(
                    DATE,
                    _(
                        "Opening balances (期初余额) are dated the first day of a month; "
                        "this voucher is imported as an ordinary one."
                    ),
                )
        problem = date_problem(v.date)
        if problem:
            v.lines[0].result.error(DATE, _about(v.label, problem))
        if v.month in closed:
            for r in v.results:
                r.error(
                    DATE,
                    _about(
                        v.label,
                        _(
                            "%(year)s-%(month)02d is closed (结账) in these books; the chair "
                            "can reopen it with a reason."
                        )
                        % {"year": v.month[0], "month": v.month[1]},
                    ),
                )
        if len(v.lines) < 2:
            v.lines[0].result.error(
                "", _about(v.label, _("a voucher needs at least one debit and one credit line."))
            )
        elif len(v.lines) > services.MAX_LINES:
            for r in v.results:
                r.error(
                    "",
                    _about(
                        v.label,
                        _("a voucher has at most %(n)s lines.") % {"n": services.MAX_LINES},
                    ),
                )
        if all(ln.amounts_ok for ln in v.lines):
            debit = sum((ln.debit for ln in v.lines), ZERO)
            credit = sum((ln.credit for ln in v.lines), ZERO)
            if debit != credit:
                problem = _(
                    "debits (%(debit)s) and credits (%(credit)s) are not equal (借贷不平), "
                    "rows %(rows)s."
                ) % {"debit": f"{debit:,.2f}", "credit": f"{credit:,.2f}", "rows": rows}
                for r in v.results:
                    r.error("", _about(v.label, problem))

    # -- projects --------------------------------------------------------------------
    def _projects(self, org) -> dict[str, Project]:
        """This union's projects by code and by name (a code wins over a name)."""
        found: dict[str, Project] = {}
        rows = list(Project._base_manager.filter(org=org))
        for p in rows:
            found.setdefault(p.name, p)
        for p in rows:
            found[p.code] = p
        return found

    @staticmethod
    def _new_projects(vouchers: list[_Voucher], projects) -> dict[str, bool]:
        """Project texts of `vouchers` that name no project yet → 专项 (any 专项 line)."""
        new: dict[str, bool] = {}
        for v in vouchers:
            for ln in v.lines:
                if ln.project and ln.project not in projects:
                    new[ln.project] = new.get(ln.project, False) or bool(ln.restricted)
        return new

    # -- what is there already ---------------------------------------------------------
    def _signature(self, v: _Voucher, projects) -> Counter:
        return Counter(
            (
                ln.code,
                ln.debit,
                ln.credit,
                ln.summary,
                ln.restricted,
                projects[ln.project].pk if ln.project in projects else ln.project or None,
            )
            for ln in v.lines
        )

    def _compare(self, org, projects) -> None:
        """A voucher imported before (same date and original number) with the same lines is
        unchanged; with other lines it is refused: a posted voucher never changes."""
        candidates = [v for v in self._vouchers if not v.failed]
        if not candidates:
            return
        dates = [v.date for v in candidates]
        before: dict[tuple[dt.date, str], list[Voucher]] = {}
        found = (
            Voucher._base_manager.filter(
                org=org,
                kind__in=IMPORT_KINDS,
                external_no__in={v.external_no for v in candidates},
                date__gte=min(dates),
                date__lte=max(dates),
            )
            .exclude(state=VoucherState.VOIDED)
            .prefetch_related("lines")
        )
        for old in found:
            before.setdefault((old.date, old.external_no), []).append(old)
        for v in candidates:
            olds = before.get((v.date, v.external_no))
            if not olds:
                continue
            mine = self._signature(v, projects)
            for old in olds:
                theirs = Counter(
                    (
                        ln.account_code,
                        ln.debit,
                        ln.credit,
                        ln.summary,
                        ln.restricted,
                        ln.project_id,
                    )
                    for ln in old.lines.all()
                )
                if theirs == mine:
                    v.action = UNCHANGED
                    break
            else:
                problem = _(
                    "it was imported before as %(number)s with other lines, and a posted "
                    "voucher does not change: correct it here with a reversing (红字) "
                    "voucher, or correct the file."
                ) % {"number": olds[0].number}
                for r in v.results:
                    r.error("", _about(v.label, problem))

    def _final_check(self, org, projects) -> None:
        """The services' own check of the lines (services._lines), so that nothing the
        preview accepts is refused when it is written."""
        for v in self._vouchers:
            if v.failed or v.action != CREATE:
                continue
            try:
                services._lines(org, v.date, self._inputs(v, projects))
            except services.FinanceError as exc:
                for r in v.results:
                    r.error("", _about(v.label, exc.message))

    @staticmethod
    def _inputs(v: _Voucher, projects) -> list[services.LineInput]:
        return [
            services.LineInput(
                account=ln.code,
                debit=ln.debit,
                credit=ln.credit,
                summary=ln.summary,
                restricted=ln.restricted,
                project=projects.get(ln.project) if ln.project else None,
            )
            for ln in v.lines
        ]

    # -- writing ---------------------------------------------------------------------
    def apply(self, preview: Preview, org) -> None:
        user = current_actor().user
        actor = user if getattr(user, "pk", None) else None
        todo = [v for v in self._vouchers if v.action == CREATE and not v.failed]
        projects = self._projects(org)
        for text, restricted in self._new_projects(todo, projects).items():
            projects[text] = services.project_create(
                actor=actor,
                org=org,
                code=self._project_code(org, text, projects),
                name=text,
                restricted=restricted,
            )
        total = len(todo)
        numbers = []
        for i, v in enumerate(todo):
            if i % 100 == 0:
                self.progress(WRITING, i, total)
            voucher = services.voucher_create(
                actor=actor,
                org=org,
                date=v.date,
                summary=v.summary,
                lines=self._inputs(v, projects),
                kind=v.kind,
                external_no=v.external_no,
            )
            numbers.append(
                voucher_import_post(actor=actor, voucher=voucher, batch_id=self.batch_id)
            )
        self.progress(WRITING, total, total)
        self._say_imported(preview, numbers)

    def _say_imported(self, preview: Preview, posted: list[Voucher]) -> None:
        """The result page reads the preview's notes: what was written, in vouchers (the
        counts above them are rows), replacing the preview's "to import"."""
        same = sum(1 for v in self._vouchers if v.action == UNCHANGED and not v.failed)
        done = _("%(n)s vouchers imported and posted, %(same)s imported before.") % {
            "n": len(posted),
            "same": same,
        }
        if posted:
            posted = sorted(posted, key=lambda v: (v.date, v.number))
            months = sorted({(v.date.year, v.date.month) for v in posted})
            done += " " + _("Numbered in the books %(first)s to %(last)s (%(months)s months).") % {
                "first": f"{posted[0].date:%Y年%-m月} {posted[0].number}",
                "last": f"{posted[-1].date:%Y年%-m月} {posted[-1].number}",
                "months": len(months),
            }
        if self._count_note in preview.notes:
            preview.notes = [done if n == self._count_note else n for n in preview.notes]
        else:
            preview.notes.insert(0, done)

    @staticmethod
    def _project_code(org, text: str, projects) -> str:
        """The project's own text when it reads as a code (XM-01), else the next XM001."""
        taken = set(Project._base_manager.filter(org=org).values_list("code", flat=True))
        if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,19}", text) and text not in taken:
            return text
        n = len(taken) + 1
        while f"XM{n:03d}" in taken:
            n += 1
        return f"XM{n:03d}"


def _same_name(written: str, official: str) -> bool:
    """Whether the 科目名称 of the file names the account of its code: exports write the
    path (职工活动支出/文体活动) or a short form (现金 for 库存现金)."""
    last = _NAME_PARTS.split(written.replace(" ", ""))[-1]
    official = official.replace(" ", "")
    return bool(last) and (last in official or official.split("-")[-1] in written)
