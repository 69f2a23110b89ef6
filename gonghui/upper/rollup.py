"""The upper union's table of its unions × the year's figures (#16 item 1).

For any node of the tree and a year: each grassroots (or joint) union below it, with the
figures its own pages show — members (on the roll now, women, 农民工, retained, joined in
the year), activities and attendance, condolence visits and their money, education and
medical aid, congress sessions and proposals, openness periods due and published, plan
tasks done, income and expenditure of the books.

Every family of figures starts from the selector the union's own page uses (the roster
behind 会员统计, `activities.selectors.held_in` behind 活动统计, `welfare.selectors.
paid_visits` behind 慰问报表, …) taken over the whole subtree, and groups it once by the
record's organisation: one or two queries per family whatever the number of unions, never
one per union (bench/district_pages.py: no district page over 1 s at a million members). The
organisations are then mapped to the union above them here, with the subtree's paths read
once. A figure that counts distinct people is grouped by the person's own organisation, so
the unions' parts add up (a person belongs to one organisation).

Two families cannot be grouped in SQL alone and are worked out here from grouped reads:
the openness periods (a union's required items depend on its unit type, its settings and
its own item rules; openness.selectors.due_status does the same for one union) and the
plans' progress (computed from each task's evidence by plans.selectors, for all the
subtree's tasks at once). tests/upper/test_rollup.py checks that every figure equals the
union's own selector on built data, and that the number of queries does not grow with the
number of unions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from gonghui.orgs.models import Organisation

from .finance import statements_rollup, subtree_unions

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Figure:
    """One column of the table."""

    key: str
    label: str
    money: bool = False  # yuan, two decimals
    percent: bool = False  # a share in whole per cent, not summed


@dataclass(frozen=True)
class Family:
    """A group of figures read together, shown to whoever holds one of `permissions`,
    each union's figures linked to its own page `page` (a URL name taking org_code) for
    whoever holds `page_permission` there."""

    key: str
    label: str
    permissions: tuple[str, ...]
    figures: tuple[Figure, ...]
    compute: Callable[[_Subtree], dict[int, dict]]
    page: str
    page_permission: str
    # How the page takes the year: "year" ?year=, "path" in its path, "statements" the
    # year's annual statements, "" not at all (it shows the roll as it stands).
    page_query: str = "year"


# -- the subtree -----------------------------------------------------------------------------


@dataclass
class _Subtree:
    """The node, the year, its unions and which union each organisation of it belongs to."""

    org: Organisation
    year: int
    today: dt.date
    unions: list[Organisation]
    union_of: dict[int, int] = field(default_factory=dict)  # organisation id → union id

    def by_union(self, rows: Iterable[dict], org_key: str, **sums: str) -> dict[int, dict]:
        """Grouped rows (one per organisation) added up per union: {union id: {name: total}}
        for each `name=column` of `sums`. Rows outside every union (the upper node's own
        records) are left out."""
        out: dict[int, dict] = {}
        for row in rows:
            union = self.union_of.get(row[org_key])
            if union is None:
                continue
            totals = out.setdefault(union, dict.fromkeys(sums, 0))
            for name, column in sums.items():
                totals[name] += row[column] or 0
        return out


def _subtree(org: Organisation, year: int, today: dt.date) -> _Subtree:
    unions = subtree_unions(org)
    tree = _Subtree(org=org, year=year, today=today, unions=unions)
    ids = {u.pk for u in unions}
    # Unions never nest (orgs.models.ALLOWED_PARENTS): the union of an organisation is the
    # one union id on its path.
    for pk, path in Organisation.objects.filter(path__startswith=org.path).values_list(
        "pk", "path"
    ):
        for part in path.strip("/").split("/"):
            if int(part) in ids:
                tree.union_of[pk] = int(part)
                break
    return tree


def _money(value) -> Decimal:
    # SQLite sums decimals as floats: back to the fen, as the reports show them.
    return Decimal(value or 0).quantize(CENT)


# -- the families ------------------------------------------------------------------------------


def _members(tree: _Subtree) -> dict[int, dict]:
    """The roll as the union's 会员统计 counts it (the roster's on-roll members), and the
    year's new members as its year figures count them (members.figures)."""
    from gonghui.members.models import EventKind, MembershipEvent, Status
    from gonghui.members.selectors import RosterFilter, roster

    roll = (
        roster(RosterFilter())
        .order_by()
        .values("org_id")
        .annotate(
            on_roll=Count("id"),
            women=Count("id", filter=Q(sex="female")),
            migrant=Count("id", filter=Q(member_type="migrant")),
            retained=Count("id", filter=Q(status=Status.RETAINED)),
        )
    )
    out = tree.by_union(
        roll, "org_id", on_roll="on_roll", women="women", migrant="migrant", retained="retained"
    )
    joined = (
        MembershipEvent.objects.filter(
            org__path__startswith=tree.org.path, date__year=tree.year, kind=EventKind.JOINED
        )
        .values("org_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for union, totals in tree.by_union(joined, "org_id", joined="n").items():
        out.setdefault(union, {}).update(totals)
    return out


def _activities(tree: _Subtree) -> dict[int, dict]:
    """活动统计's cards: activities held, check-ins at them, and the members reached (the
    union's members who checked in anywhere, counted once: grouped by their own
    organisation, so the parts add up)."""
    from gonghui.activities import selectors

    held = selectors.held_in(tree.org, tree.year).values("org_id").annotate(n=Count("id"))
    out = tree.by_union(held.order_by(), "org_id", activities="n")
    checkins = (
        selectors.attendances(tree.org, tree.year)
        .values("activity__org_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    reached = (
        selectors.member_attendances(tree.org, tree.year)
        .values("member__org_id")
        .annotate(n=Count("member_id", distinct=True))
        .order_by()
    )
    for rows, key, name in (
        (checkins, "activity__org_id", "attendances"),
        (reached, "member__org_id", "reached"),
    ):
        for union, totals in tree.by_union(rows, key, **{name: "n"}).items():
            out.setdefault(union, {}).update(totals)
    return out


def _welfare(tree: _Subtree) -> dict[int, dict]:
    """慰问报表's totals: the visits that count (paid, or without money) and their money."""
    from gonghui.welfare.selectors import paid_visits

    rows = (
        paid_visits(tree.org, tree.year)
        .values("org_id")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by()
    )
    out = tree.by_union(rows, "org_id", visits="n", visit_amount="amount")
    for totals in out.values():
        totals["visit_amount"] = _money(totals["visit_amount"])
    return out


def _aid(tree: _Subtree) -> dict[int, dict]:
    """The two aid reports' totals: students paid and the money (金秋助学), claims paid and
    the money (医疗互助), from the payments still standing, as aid.selectors counts them."""
    from gonghui.aid.selectors import live_payments

    education = (
        live_payments()
        .filter(
            application__round__org__path__startswith=tree.org.path,
            application__round__year=tree.year,
        )
        .values("application__round__org_id")
        .annotate(people=Count("application_id", distinct=True), amount=Sum("amount"))
        .order_by()
    )
    medical = (
        live_payments()
        .filter(claim__scheme__org__path__startswith=tree.org.path, claim__scheme__year=tree.year)
        .values("claim__scheme__org_id")
        .annotate(claims=Count("claim_id", distinct=True), amount=Sum("amount"))
        .order_by()
    )
    out = tree.by_union(
        education,
        "application__round__org_id",
        education_people="people",
        education_amount="amount",
    )
    for union, totals in tree.by_union(
        medical, "claim__scheme__org_id", medical_claims="claims", medical_amount="amount"
    ).items():
        out.setdefault(union, {}).update(totals)
    for totals in out.values():
        for key in ("education_amount", "medical_amount"):
            if key in totals:
                totals[key] = _money(totals[key])
    return out


def _democracy(tree: _Subtree) -> dict[int, dict]:
    """Congress sessions held in the year (the year figures' count) and the proposals of
    the year (the proposal report's total; the selector joins co-signatures, hence the
    distinct count)."""
    from gonghui.democracy.hooks import session_candidates
    from gonghui.democracy.selectors import proposals_of_year

    sessions = (
        session_candidates(tree.org, tree.year)
        .values("congress__org_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    proposals = (
        proposals_of_year(tree.org, tree.year)
        .values("congress__org_id")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    out = tree.by_union(sessions, "congress__org_id", sessions="n")
    for union, totals in tree.by_union(proposals, "congress__org_id", proposals="n").items():
        out.setdefault(union, {}).update(totals)
    return out


def _openness(tree: _Subtree) -> dict[int, dict]:
    """The periods of the year's required items that are due by today (begun: published,
    due or overdue) and those published, as openness.selectors.due_status states them for
    each union: its settings, item rules and notices read once for all the unions."""
    from gonghui.openness import rules
    from gonghui.openness.models import ItemRule, Notice, OpennessSettings
    from gonghui.openness.selectors import PUBLISHED, UPCOMING, period_state

    ids = [u.pk for u in tree.unions]
    state_owned = set(
        OpennessSettings.objects.filter(org_id__in=ids, state_owned=True).values_list(
            "org_id", flat=True
        )
    )
    changes: dict[int, dict] = defaultdict(dict)
    for r in ItemRule.objects.filter(org_id__in=ids).order_by("pk"):
        changes[r.org_id][r.code] = r
    notices: dict[tuple[int, str], list] = defaultdict(list)
    published = Notice.objects.filter(
        org_id__in=ids, period_year=tree.year, published_on__isnull=False
    ).values_list("org_id", "item_code", "period", "published_on")
    for org_id, code, period, day in published:
        notices[(org_id, code)].append((period, day))
    out = {}
    for unit in tree.unions:
        # selectors.all_items: the built-in items (the region changes only the article
        # they cite), each switched off by a rule or not, then the union's own items.
        mine = dict(changes.get(unit.pk, {}))
        items = []
        for item in rules.builtin_items(unit.unit_type, state_owned=unit.pk in state_owned):
            r = mine.pop(item.code, None)
            if not (r and r.disabled):
                items.append((item.code, item.frequency))
        items += [(r.code, r.frequency) for r in mine.values() if r.custom and not r.disabled]
        due = done = 0
        for code, frequency in items:
            for period in rules.FREQUENCY_PERIODS.get(frequency, ()):
                found = any(
                    rules.covers(p, day.month if day.year == tree.year else None, period)
                    for p, day in notices.get((unit.pk, code), ())
                )
                state = period_state(tree.year, period, found, tree.today).state
                due += state != UPCOMING
                done += state == PUBLISHED
        out[unit.pk] = {"openness_due": due, "openness_published": done}
    return out


def _plans(tree: _Subtree) -> dict[int, dict]:
    """The tasks of the union's own plans of the year (dropped ones aside) and those done,
    as its plans page counts them: progress from each task's evidence (two queries for the
    whole subtree)."""
    from gonghui.plans.models import Task, TaskStatus
    from gonghui.plans.selectors import is_done, tasks_with_progress

    tasks = tasks_with_progress(
        Task.objects.filter(plan__org_id__in=[u.pk for u in tree.unions], plan__year=tree.year)
        .exclude(status=TaskStatus.DROPPED)
        .order_by()
    )
    out: dict[int, dict] = {}
    for task in tasks:
        totals = out.setdefault(task.plan.org_id, {"tasks": 0, "tasks_done": 0})
        totals["tasks"] += 1
        totals["tasks_done"] += is_done(task)
    for totals in out.values():
        totals["plan_percent"] = round(100 * totals["tasks_done"] / totals["tasks"])
    return out


def _finance(tree: _Subtree) -> dict[int, dict]:
    """收入合计 and 支出合计 of each union's annual 工会02 (upper.finance: two queries); a union
    without books has none (shown as such, never as zero)."""
    rollup = statements_rollup(tree.org, tree.year)
    out = {}
    for u in rollup.unions:
        figures = u.figures()
        out[u.org.pk] = {"income": figures["income"], "expense": figures["expense"]}
    return out


PEOPLE_PERMISSION = "members.roster:read"  # the page's own: the roll is the table's spine

FAMILIES: tuple[Family, ...] = (
    Family(
        "members",
        pgettext_lazy("roll-up family", "Members"),
        (PEOPLE_PERMISSION,),
        (
            Figure("on_roll", pgettext_lazy("roll-up", "On the roll")),
            Figure("joined", pgettext_lazy("roll-up", "Joined this year")),
            Figure("women", pgettext_lazy("roll-up", "Women members")),
            Figure("migrant", pgettext_lazy("roll-up", "Migrant workers")),
            Figure("retained", pgettext_lazy("roll-up", "Retained membership")),
        ),
        _members,
        "members:statistics",
        "members.roster:read",
        page_query="",
    ),
    Family(
        "activities",
        pgettext_lazy("roll-up family", "Activities"),
        ("activities.activity:read",),
        (
            Figure("activities", pgettext_lazy("roll-up", "Activities held")),
            Figure("attendances", pgettext_lazy("roll-up", "Attendances")),
            Figure("reached", pgettext_lazy("roll-up", "Members reached")),
        ),
        _activities,
        "activities:statistics",
        "activities.activity:read",
    ),
    Family(
        "welfare",
        pgettext_lazy("roll-up family", "Condolence visits"),
        ("welfare.visit:read",),
        (
            Figure("visits", pgettext_lazy("roll-up", "Visits")),
            Figure(
                "visit_amount", pgettext_lazy("roll-up", "Money and goods given (yuan)"), money=True
            ),
        ),
        _welfare,
        "welfare:report",
        "welfare.visit:read",
    ),
    # Totals only, as in each union's year-end summary that the upper union reads: the
    # applications themselves (household incomes, admission letters) stay with the aid
    # right, and so does the link to the reports.
    Family(
        "aid",
        pgettext_lazy("roll-up family", "Aid"),
        ("aid.programme:read", "welfare.visit:read"),
        (
            Figure("education_people", pgettext_lazy("roll-up", "Students aided")),
            Figure(
                "education_amount",
                pgettext_lazy("roll-up", "Education aid paid (yuan)"),
                money=True,
            ),
            Figure("medical_claims", pgettext_lazy("roll-up", "Medical aid claims paid")),
            Figure(
                "medical_amount", pgettext_lazy("roll-up", "Medical aid paid (yuan)"), money=True
            ),
        ),
        _aid,
        "aid:education_report",
        "aid.programme:read",
    ),
    Family(
        "democracy",
        pgettext_lazy("roll-up family", "Workers' congress"),
        ("democracy.congress:read",),
        (
            Figure("sessions", pgettext_lazy("roll-up", "Congress sessions held")),
            Figure("proposals", pgettext_lazy("roll-up", "Proposals collected")),
        ),
        _democracy,
        "democracy:proposal_report",
        "democracy.congress:read",
    ),
    Family(
        "openness",
        pgettext_lazy("roll-up family", "Openness"),
        ("openness.notice:read",),
        (
            Figure("openness_due", pgettext_lazy("roll-up", "Periods due")),
            Figure("openness_published", pgettext_lazy("roll-up", "Periods published")),
        ),
        _openness,
        "openness:report",
        "openness.notice:read",
        page_query="path",
    ),
    Family(
        "plans",
        pgettext_lazy("roll-up family", "Work plan"),
        ("plans.plan:read",),
        (
            Figure("tasks", pgettext_lazy("roll-up", "Plan tasks")),
            Figure("tasks_done", pgettext_lazy("roll-up", "Tasks done")),
            Figure("plan_percent", pgettext_lazy("roll-up", "Share done, per cent"), percent=True),
        ),
        _plans,
        "plans:index",
        "plans.plan:read",
    ),
    Family(
        "finance",
        pgettext_lazy("roll-up family", "Finance"),
        ("finance.statements:read",),
        (
            Figure("income", pgettext_lazy("roll-up", "Total income (yuan)"), money=True),
            Figure("expense", pgettext_lazy("roll-up", "Total expenditure (yuan)"), money=True),
        ),
        _finance,
        "finance:statements",
        "finance.statements:read",
        page_query="statements",
    ),
)
FIGURES: dict[str, Figure] = {f.key: f for family in FAMILIES for f in family.figures}
FAMILY_OF: dict[str, Family] = {f.key: family for family in FAMILIES for f in family.figures}
# Figures a union without records of the family has none of (rather than zero).
_NONE_WHEN_ABSENT = {"income", "expense", "plan_percent"}
# What the rules ask of every union, whatever it recorded: no sign of a year's work.
_OBLIGATIONS = {"openness_due"}


def readable_families(access) -> list[Family]:
    """The families whose figures `access` (a request's access) may read."""
    return [f for f in FAMILIES if any(access.has(p) for p in f.permissions)]


# -- the table -------------------------------------------------------------------------------


@dataclass
class UnionRow:
    org: Organisation
    values: dict[str, int | Decimal | None]


@dataclass
class UnionsRollup:
    """The unions below `org` with the figures of `families` for `year`, and their total."""

    org: Organisation
    year: int
    families: list[Family]
    rows: list[UnionRow]
    # When the figures were computed, for a large tree's kept roll-up (upper.snapshots);
    # None when computed now.
    computed_at: dt.datetime | None = None

    @property
    def figures(self) -> list[Figure]:
        return [f for family in self.families for f in family.figures]

    @property
    def total(self) -> dict[str, int | Decimal | None]:
        """Each figure added over the unions (None where no union has one); a share is
        worked out again from the totals it is the share of."""
        out: dict[str, int | Decimal | None] = {}
        for fig in self.figures:
            if fig.percent:
                continue
            values = [r.values[fig.key] for r in self.rows if r.values[fig.key] is not None]
            out[fig.key] = sum(values) if values else None
        if "plan_percent" in {f.key for f in self.figures}:
            tasks, done = out.get("tasks") or 0, out.get("tasks_done") or 0
            out["plan_percent"] = round(100 * done / tasks) if tasks else None
        return out

    def as_json(self) -> dict:
        """The API's answer: every figure named (null where the caller may not read its
        family, or where a union has none: a share without tasks, books not kept here),
        amounts as strings."""
        shown = {f.key for f in self.figures}

        def values(found: dict) -> dict:
            out = {}
            for key, fig in FIGURES.items():
                value = found.get(key) if key in shown else None
                out[key] = f"{value:.2f}" if fig.money and value is not None else value
            return out

        return {
            "org": self.org.code,
            "year": self.year,
            "computed_at": self.computed_at,
            "figures": [
                {
                    "key": f.key,
                    "label": str(f.label),
                    "family": FAMILY_OF[f.key].key,
                    "money": f.money,
                    "percent": f.percent,
                }
                for f in self.figures
            ],
            "unions": [
                {"org": r.org.code, "name": r.org.name, **values(r.values)} for r in self.rows
            ],
            "total": values(self.total),
        }

    def sorted_rows(self, sort: str) -> tuple[list[UnionRow], str]:
        """The rows by `sort` ("name", a figure's key, "-" first for the other way: the
        largest first), the unions without the figure last whichever way; the tree order
        and "" for a sort that is not one of these."""
        key = sort.removeprefix("-")
        reverse = sort.startswith("-")
        if key == "name":
            return sorted(self.rows, key=lambda r: r.org.name, reverse=reverse), sort
        if key not in {f.key for f in self.figures}:
            return list(self.rows), ""
        having = [r for r in self.rows if r.values[key] is not None]
        having.sort(key=lambda r: r.values[key], reverse=reverse)
        return having + [r for r in self.rows if r.values[key] is None], sort


def unions_rollup(
    org: Organisation,
    year: int,
    *,
    families: Iterable[Family] = FAMILIES,
    today: dt.date | None = None,
) -> UnionsRollup:
    """Every union below `org` with the figures of `families` for `year`: a few queries per
    family, whatever the number of unions. Reads through the scoped managers: the caller's
    scope must cover `org` (a page or API call at `org` does)."""
    families = list(families)
    tree = _subtree(org, year, today or timezone.localdate())
    computed: dict[int, dict] = defaultdict(dict)
    for family in families:
        for union_id, values in family.compute(tree).items():
            computed[union_id].update(values)
    absent = {
        f.key: None if f.key in _NONE_WHEN_ABSENT else Decimal("0.00") if f.money else 0
        for family in families
        for f in family.figures
    }
    rows = []
    for union in tree.unions:
        found = computed.get(union.pk, {})
        values = {k: found.get(k, default) for k, default in absent.items()}
        # A dissolved union stays listed while it has records of the year.
        if union.is_active or any(v for k, v in values.items() if k not in _OBLIGATIONS):
            rows.append(UnionRow(union, values))
    return UnionsRollup(org=org, year=year, families=families, rows=rows)
