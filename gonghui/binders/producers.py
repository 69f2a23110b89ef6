"""The producers of the binder's files: each reads what a module already exports or
selects, for one union and one year, under the requester's rights.

A producer returns `Doc`s (rendered to PDF, each with its contents page) and `Sheet`s
(workbooks written by the module's own exporter, so typed text never becomes a
formula). Where the requester lacks the right a module's pages require, the producer is
not run: its place holds a one-page PDF saying which right it needs (binders.build), the
same rule as the record pages. Sensitive values follow the pages too: full ID and mobile
numbers only with members.sensitive:read; hardship files only with welfare.case:read;
aid applications only with aid.programme:read; no ballot is read at all (secret).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

SENSITIVE = "members.sensitive:read"


@dataclass
class Part:
    """One chapter of a PDF: a heading, optional paragraphs and an optional table."""

    title: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    empty_note: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.rows and not self.paragraphs


@dataclass
class Doc:
    title: str
    parts: list[Part]
    note: str = ""  # under the title (a placeholder's explanation)
    ext: str = "pdf"


@dataclass
class Sheet:
    title: str
    content: bytes
    rows: int
    ext: str = "xlsx"


@dataclass(frozen=True)
class Context:
    org: object  # the union the binder is of
    year: int
    user: object  # who asked (exporters' footers name them)
    grants: frozenset[str]

    def may(self, perm: str) -> bool:
        return perm in self.grants


@dataclass(frozen=True)
class Producer:
    key: str
    title: str  # what the placeholder is called when the producer cannot run
    perm: str | None
    make: Callable[[Context], list]


def text(value) -> str:
    """A value as printed in a table cell."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def table(rows: Iterable[Iterable]) -> list[list[str]]:
    return [[text(v) for v in row] for row in rows]


def exporter_part(title: str, exporter) -> Part:
    """A module's export class as one chapter: its columns and rows, as in its workbook."""
    return Part(title, list(exporter.columns()), table(exporter.rows()))


def sheet_of(title: str, exporter) -> Sheet:
    out = io.BytesIO()
    n = exporter.write_xlsx(out)
    return Sheet(title, out.getvalue(), n)


# -- 组织建设 ------------------------------------------------------------------------------


def organisation(ctx: Context) -> list:
    from gonghui.orgs.models import Organisation
    from gonghui.orgs.selectors import terms

    org = ctx.org
    basics = Part(
        "工会基本情况",
        ["项目", "内容"],
        table(
            [
                ["工会名称", org.name],
                ["组织类型", org.get_kind_display()],
                ["所在单位", org.unit_name],
                ["单位类型", org.get_unit_type_display() if org.unit_type else ""],
                ["建会日期", org.founded_on],
            ]
        ),
    )
    year_start, year_end = dt.date(ctx.year, 1, 1), dt.date(ctx.year, 12, 31)
    seat_rows = []
    for term in terms(org).filter(start_date__lte=year_end, end_date__gte=year_start):
        for seat in term.seats.all():
            seat_rows.append(
                [
                    f"第{term.number}届",
                    f"{text(term.start_date)} 至 {text(term.end_date)}",
                    seat.person_name,
                    seat.get_position_display(),
                    seat.get_portfolio_display() if seat.portfolio else "",
                ]
            )
    committee = Part(
        "工会委员会",
        ["届次", "任期", "姓名", "职务", "分工"],
        seat_rows,
        empty_note="本年度在任的委员会未登记。",
    )
    below = Organisation.objects.filter(path__startswith=org.path, is_active=True).exclude(
        pk=org.pk
    )
    units = Part(
        "分会与工会小组",
        ["名称", "类型"],
        table([o.name, o.get_kind_display()] for o in below.order_by("path")),
        empty_note="本工会未设分会或工会小组。",
    )
    return [Doc("工会组织建设情况", [basics, committee, units])]


# -- 会员 --------------------------------------------------------------------------------


def member_changes(ctx: Context) -> list:
    from gonghui.members.models import ON_ROLL, Member, MembershipEvent

    on_roll = Member.objects.filter(org__path__startswith=ctx.org.path)
    counts = Part(
        "会员人数（当前）",
        ["项目", "人数"],
        table(
            [
                ["在册会员", on_roll.filter(status__in=ON_ROLL).count()],
                ["其中女会员", on_roll.filter(status__in=ON_ROLL, sex="female").count()],
            ]
        ),
    )
    events = (
        MembershipEvent.objects.filter(org__path__startswith=ctx.org.path, date__year=ctx.year)
        .select_related("member", "org")
        .order_by("date", "id")
    )
    changes = Part(
        "本年度会籍变动",
        ["日期", "姓名", "所在组织", "变动类型", "原因"],
        table([e.date, e.member.name, e.org.name, e.get_kind_display(), e.reason] for e in events),
        empty_note="本年度无会籍变动记录。",
    )
    return [Doc("会员情况", [counts, changes])]


def roster(ctx: Context) -> list:
    from gonghui.members.services_export import roster_export

    # The roster page's rule: full numbers only with the sensitive right; the export is
    # on the record (members.roster.exported) as from the roster page.
    _name, content, rows = roster_export(
        actor=ctx.user, org=ctx.org, options={}, full_ids=ctx.may(SENSITIVE)
    )
    return [Sheet("会员花名册", content, rows)]


# -- 计划与总结 ----------------------------------------------------------------------------


def plans(ctx: Context) -> list:
    from gonghui.plans.models import Plan, PlanStatus
    from gonghui.plans.selectors import tasks_with_progress

    parts = []
    for plan in Plan.objects.filter(org=ctx.org, year=ctx.year).exclude(status=PlanStatus.DRAFT):
        tasks = tasks_with_progress(plan.tasks.select_related("section").order_by("position"))
        parts.append(
            Part(
                plan.title,
                ["序号", "工作任务", "类别", "时间", "状态"],
                table(
                    [
                        i,
                        t.text,
                        t.get_category_display(),
                        "、".join(f"{m}月" for m in (t.months or [])) or t.get_term_display(),
                        t.get_status_display(),
                    ]
                    for i, t in enumerate(tasks, 1)
                ),
                empty_note="计划中尚无任务。",
            )
        )
    if not parts:
        parts = [Part("年度工作计划", empty_note="本年度无已确认的工作计划。")]
    return [Doc("年度工作计划", parts)]


def summary(ctx: Context) -> list:
    from gonghui.plans.selectors import summary_of

    found = summary_of(ctx.org, ctx.year)
    if found is None:
        return [Doc("年度工作总结", [Part("年度工作总结", empty_note="本年度尚未形成工作总结。")])]
    paragraphs = [p.strip() for p in found.body.split("\n") if p.strip()]
    return [Doc("年度工作总结", [Part(found.title, paragraphs=paragraphs)])]


# -- 职代会 -------------------------------------------------------------------------------


def congress(ctx: Context) -> list:
    from gonghui.democracy.exports import ProposalReport
    from gonghui.democracy.models import Congress, Session

    year_start, year_end = dt.date(ctx.year, 1, 1), dt.date(ctx.year, 12, 31)
    congresses = Congress.objects.filter(
        org=ctx.org, start_date__lte=year_end, end_date__gte=year_start
    ).order_by("start_date")
    terms_part = Part(
        "职工代表大会届次",
        ["类型", "届次", "任期"],
        table(
            [
                c.get_kind_display(),
                f"第{c.term_number}届",
                f"{text(c.start_date)} 至 {text(c.end_date)}",
            ]
            for c in congresses
        ),
        empty_note="本年度无在任的职工代表大会。",
    )
    sessions = Session.objects.filter(congress__org=ctx.org, date__year=ctx.year).select_related(
        "congress"
    )
    sessions_part = Part(
        "本年度会议",
        ["届次", "会次", "日期", "地点", "状态"],
        table(
            [
                f"第{s.congress.term_number}届",
                f"第{s.number}次",
                s.date,
                s.place,
                s.get_status_display(),
            ]
            for s in sessions.order_by("date", "id")
        ),
        empty_note="本年度未召开职工代表大会。",
    )
    report = ProposalReport(user=ctx.user, org=ctx.org, options={"year": ctx.year})
    proposals = exporter_part("提案办理情况", report)
    proposals.empty_note = "本年度无提案。"
    return [Doc("职工代表大会", [terms_part, sessions_part, proposals])]


def proposals_sheet(ctx: Context) -> list:
    from gonghui.democracy.exports import ProposalReport

    report = ProposalReport(user=ctx.user, org=ctx.org, options={"year": ctx.year})
    return [sheet_of("提案办理情况汇总表", report)]


# -- 公开 --------------------------------------------------------------------------------


def openness(ctx: Context) -> list:
    from gonghui.openness import selectors as op

    unit = op.openness_unit(ctx.org) or ctx.org
    names = op.item_names(unit)
    notices = op.published_for_year(unit, ctx.year)
    published = Part(
        "本年度公开事项",
        ["公开日期", "标题", "类别", "对应必公开事项", "期间", "状态"],
        table(
            [
                n.published_on,
                n.title,
                n.get_category_display(),
                names.get(n.item_code, ""),
                n.get_period_display(),
                n.get_status_display(),
            ]
            for n in notices
        ),
        empty_note="本年度无公开记录。",
    )
    return [Doc(f"{op.system_name(unit)}", [published])]


# -- 活动 / 培训 --------------------------------------------------------------------------


def _activity_rows(qs) -> list[list[str]]:
    from django.db.models import Count, Q

    qs = qs.annotate(
        came=Count("signups", filter=Q(signups__checked_in_at__isnull=False))
    ).order_by("starts_at", "id")
    return table(
        [a.starts_at, a.title, a.get_kind_display(), a.place, a.came, a.actual_cost] for a in qs
    )


ACTIVITY_COLUMNS = ["时间", "活动名称", "类别", "地点", "签到人次", "实际费用（元）"]


def activities(ctx: Context) -> list:
    from gonghui.activities.selectors import held_in, statistics

    stats = statistics(ctx.org, ctx.year, top=0, never_limit=0)
    figures = Part(
        "全年统计",
        ["项目", "数值"],
        table(
            [
                ["活动次数", stats.activities],
                ["参加人次", stats.participants],
                ["参加人数", stats.people],
                ["会员参与率", f"{stats.reach_percent}%"],
            ]
        ),
    )
    by_kind = Part(
        "按类别",
        ["类别", "活动次数", "参加人次"],
        table([k["label"], k["activities"], k.get("participants", "")] for k in stats.by_kind),
    )
    listing = Part(
        "活动一览",
        ACTIVITY_COLUMNS,
        _activity_rows(held_in(ctx.org, ctx.year)),
        empty_note="本年度无已举办的活动。",
    )
    return [Doc("工会活动", [figures, by_kind, listing])]


def training(ctx: Context) -> list:
    from gonghui.activities.models import Kind
    from gonghui.activities.selectors import held_in

    listing = Part(
        "讲座与培训",
        ACTIVITY_COLUMNS,
        _activity_rows(held_in(ctx.org, ctx.year).filter(kind=Kind.LECTURE)),
        empty_note="本年度无讲座或培训类活动记录。",
    )
    return [Doc("培训", [listing])]


# -- 帮扶 --------------------------------------------------------------------------------


def visits(ctx: Context) -> list:
    from gonghui.welfare.exports import VisitExporter

    part = exporter_part(
        "慰问明细", VisitExporter(user=ctx.user, org=ctx.org, options={"year": ctx.year})
    )
    part.empty_note = "本年度无慰问记录。"
    return [Doc("走访慰问", [part])]


def visits_sheet(ctx: Context) -> list:
    from gonghui.welfare.exports import VisitExporter

    return [
        sheet_of("慰问明细", VisitExporter(user=ctx.user, org=ctx.org, options={"year": ctx.year}))
    ]


def hardship(ctx: Context) -> list:
    from gonghui.welfare.exports import HardshipExporter

    part = exporter_part(
        "困难职工档案", HardshipExporter(user=ctx.user, org=ctx.org, options={"year": ctx.year})
    )
    part.empty_note = "本年度无困难职工档案。"
    return [Doc("困难职工帮扶", [part])]


def aid(ctx: Context) -> list:
    from gonghui.aid.exports import EducationReportExport, MedicalReportExport

    options = {"year": ctx.year}
    education = exporter_part(
        "金秋助学", EducationReportExport(user=ctx.user, org=ctx.org, options=options)
    )
    medical = exporter_part(
        "医疗互助", MedicalReportExport(user=ctx.user, org=ctx.org, options=options)
    )
    return [Doc("助学与医疗互助", [education, medical])]


# -- 经费 --------------------------------------------------------------------------------


def _funds(ctx: Context):
    from gonghui.funds.models import Fund

    return list(Fund.objects.filter(org=ctx.org).order_by("opened_on", "id"))


def ledgers(ctx: Context) -> list:
    from gonghui.funds.exports import LedgerExporter

    parts = [
        exporter_part(f"{fund.name}日记账", LedgerExporter(user=ctx.user, fund=fund, year=ctx.year))
        for fund in _funds(ctx)
    ]
    return [Doc("经费日记账", parts or [Part("经费日记账", empty_note="本工会未设经费账户。")])]


def ledger_sheets(ctx: Context) -> list:
    from gonghui.funds.exports import LedgerExporter

    return [
        sheet_of(f"{fund.name}日记账", LedgerExporter(user=ctx.user, fund=fund, year=ctx.year))
        for fund in _funds(ctx)
    ]


def statements(ctx: Context) -> list:
    from gonghui.finance.exports import BalanceSheetExporter, IncomeExpenseExporter
    from gonghui.finance.selectors import statement_set

    result = statement_set(ctx.org, ctx.year)
    return [
        Doc(
            "会计报表",
            [
                exporter_part("工会01表 资产负债表", BalanceSheetExporter(result, user=ctx.user)),
                exporter_part("工会02表 收入支出表", IncomeExpenseExporter(result, user=ctx.user)),
            ],
        )
    ]


def assets(ctx: Context) -> list:
    from gonghui.assets.exports import AssetRegisterExporter
    from gonghui.assets.selectors import assets as asset_rows

    exporter = AssetRegisterExporter(user=ctx.user, org=ctx.org, rows=asset_rows(ctx.org))
    part = exporter_part("固定资产登记簿", exporter)
    part.empty_note = "本工会无登记的固定资产。"
    return [Doc("固定资产", [part])]


# -- 经审 --------------------------------------------------------------------------------


def oversight(ctx: Context) -> list:
    from gonghui.oversight import selectors as ov

    reviews = list(ov.reviews(ctx.org, year=ctx.year))
    listing = Part(
        "本年度审查",
        ["审查事项", "类别", "开始日期", "结束日期", "状态", "发现问题", "未整改"],
        table(
            [
                r.subject,
                r.get_kind_display(),
                r.started_on,
                r.ended_on,
                r.get_state_display(),
                r.findings_count,
                r.open_count,
            ]
            for r in reviews
        ),
        empty_note="本年度经费审查委员会无审查记录。",
    )
    opinions = [
        Part(f"审查意见：{r.subject}", paragraphs=[p for p in r.opinion.split("\n") if p.strip()])
        for r in reviews
        if r.opinion.strip()
    ]
    return [Doc("经费审查", [listing, *opinions])]


# -- sections without records in the system ---------------------------------------------


def _placeholder(title: str, why: str) -> Callable[[Context], list]:
    def make(ctx: Context) -> list:
        return [Doc(title, [Part(title, empty_note="本年度无记录。")], note=why)]

    return make


PRODUCERS: dict[str, Producer] = {
    p.key: p
    for p in [
        Producer("organisation", "工会组织建设情况", "orgs.committee:read", organisation),
        Producer("member_changes", "会员情况", "members.roster:read", member_changes),
        Producer("roster", "会员花名册", "members.export:run", roster),
        Producer("plans", "年度工作计划", "plans.plan:read", plans),
        Producer("summary", "年度工作总结", "plans.plan:read", summary),
        Producer("congress", "职工代表大会", "democracy.congress:read", congress),
        Producer(
            "proposals_sheet", "提案办理情况汇总表", "democracy.congress:read", proposals_sheet
        ),
        Producer("openness", "公开", "openness.notice:read", openness),
        Producer("activities", "工会活动", "activities.activity:read", activities),
        Producer("visits", "走访慰问", "welfare.visit:read", visits),
        Producer("visits_sheet", "慰问明细", "welfare.visit:read", visits_sheet),
        Producer("hardship", "困难职工帮扶", "welfare.case:read", hardship),
        Producer("aid", "助学与医疗互助", "aid.programme:read", aid),
        Producer("ledgers", "经费日记账", "funds.ledger:read", ledgers),
        Producer("ledger_sheets", "经费日记账", "funds.ledger:read", ledger_sheets),
        Producer("statements", "会计报表", "finance.statements:read", statements),
        Producer("assets", "固定资产", "assets.asset:read", assets),
        Producer("oversight", "经费审查", "oversight.review:read", oversight),
        Producer(
            "safety",
            "安全生产与劳动保护",
            None,
            _placeholder(
                "安全生产与劳动保护",
                "本系统尚未登记劳动保护监督检查与隐患排查记录，请附纸质台账。",
            ),
        ),
        Producer("training", "培训", "activities.activity:read", training),
        Producer(
            "awards",
            "评先评优",
            None,
            _placeholder(
                "评先评优", "本系统尚未登记评先评优（先进集体、先进个人）记录，请附纸质材料。"
            ),
        ),
    ]
}


def denied(producer: Producer) -> Doc:
    """The placeholder of a producer the requester may not run: which right it needs."""
    from gonghui.accounts.permissions import PERMISSIONS

    right = str(PERMISSIONS.get(producer.perm, ""))
    why = _("Your account may not read this part. It needs the right: %(right)s.") % {
        "right": right
    }
    return Doc(producer.title, [Part(producer.title, empty_note="未收录。")], note=why)
