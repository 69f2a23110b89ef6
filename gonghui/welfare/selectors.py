"""Reads that join or aggregate: reminders from the roster, files due for review, the
yearly totals per person against the caps, and the reports."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, ExtractDay, ExtractMonth
from django.shortcuts import get_object_or_404

from gonghui.finance.models import SourcePosting, Voucher, VoucherState
from gonghui.members.models import ON_ROLL, Member, Status
from gonghui.orgs.models import Organisation, OrgKind
from gonghui.spending.selectors import caps_for

from . import rules
from .models import COUNTED_STATES, Batch, CaseState, HardshipFile, RegionLine, SickLeave, Visit
from .services import BATCH_SOURCE, LINE_ORDER, VISIT_SOURCE, book_key, settings_for, union_of


def case_file(case_id: int) -> HardshipFile:
    """One hardship file of the active scope (404 otherwise), for both doors."""
    qs = HardshipFile.objects.select_related("member", "member__org", "org")
    return get_object_or_404(qs, pk=case_id)


def cases():
    """Hardship files of the active scope, the latest first."""
    related = ("member", "member__org", "org")
    return HardshipFile.objects.select_related(*related).order_by("-applied_on", "-id")


def visits(year: int):
    """Visits of the active scope in `year`, the latest first."""
    related = ("member", "member__org", "org", "fund")
    qs = Visit.objects.filter(date__year=year).select_related(*related)
    return qs.order_by("-date", "-id")


def visit(visit_id: int) -> Visit:
    related = "member member__org org fund batch recorded_by override_by"
    return get_object_or_404(Visit.objects.select_related(*related.split()), pk=visit_id)


# -- the vouchers of visits and batches in the books ------------------------------------


@dataclass(frozen=True)
class Booking:
    """The voucher that paid a visit (or a batch) and, once reversed, the 红字 voucher."""

    voucher: Voucher
    reversal: Voucher | None = None


def _postings(org_ids, condition: Q):
    # Past the scope on purpose: a payout is booked at the union, and a reader of the
    # visits (a group's cadre) reads those visits' own vouchers, found by their keys.
    return (
        SourcePosting._base_manager.filter(condition, org_id__in=org_ids)
        .select_related("voucher", "reversal")
        .order_by("id")
    )


def _pick(rows) -> dict[tuple[str, str], Booking]:
    """Per key, its live posting, else the latest reversed one."""
    out: dict[tuple[str, str], Booking] = {}
    live: set[tuple[str, str]] = set()
    for p in rows:
        key = (p.source, p.source_id)
        if key in live:
            continue
        out[key] = Booking(p.voucher, p.reversal)
        if p.reversal_id is None:
            live.add(key)
    return out


def bookings(visits) -> dict[int, Booking]:
    """The vouchers of `visits` (a page of them, with `fund` loaded): visit id → Booking,
    in one query. Visits without money have none."""
    keys = {book_key(v): v.pk for v in visits if v.fund_id}
    if not keys:
        return {}
    condition = Q()
    for source in (VISIT_SOURCE, BATCH_SOURCE):
        ids = [source_id for s, source_id in keys if s == source]
        if ids:
            condition |= Q(source=source, source_id__in=ids)
    unions = {v.fund.org_id for v in visits if v.fund_id}
    found = _pick(_postings(unions, condition))
    return {pk: found[key] for key, pk in keys.items() if key in found}


def with_bookings(visits, size: int = 500):
    """(visit, Booking or None) for every visit of a long list (an export), one query for
    the vouchers of each `size` visits."""
    chunk: list = []
    for v in visits:
        chunk.append(v)
        if len(chunk) == size:
            found = bookings(chunk)
            yield from ((c, found.get(c.pk)) for c in chunk)
            chunk = []
    found = bookings(chunk)
    yield from ((c, found.get(c.pk)) for c in chunk)


def batch_booking(batch: Batch) -> Booking | None:
    """The one voucher that paid a batch (none while planned, or for goods of no value)."""
    if batch.state != Batch.State.PAID or batch.fund_id is None:
        return None
    whole = Q(source=BATCH_SOURCE, source_id=str(batch.pk))
    found = _postings([batch.org_id], whole).first()
    if found is None:
        # A batch whose visits' ledger entries were moved into the books may have only
        # its parts: any of them names the one voucher.
        part = Q(source=BATCH_SOURCE, source_id__startswith=f"{batch.pk}:")
        found = _postings([batch.org_id], part).first()
    return Booking(found.voucher) if found else None


def batch(visit_batch_id: int) -> Batch:
    return get_object_or_404(Batch.objects.select_related("fund", "org"), pk=visit_batch_id)


def batch_lines(batch: Batch):
    """A batch's lines in the order of its 发放表: by group, then by the pinyin of the name."""
    related = ("member", "member__org", "visit")
    return batch.lines.select_related(*related).order_by(*LINE_ORDER)


def batch_group_choices(union: Organisation | None, chosen=(), q: str = "", limit: int = 20):
    """For the batch form: the groups (工会小组, 分会) of `union` ticked already (`chosen`
    ids), and up to `limit` others whose name holds `q` (or whose code is `q`), each with
    its number of members on the roll; with nothing typed, the first groups of the tree."""
    if union is None:
        return {"chosen": [], "matches": [], "items": [], "q": q, "more": False, "none": False}
    groups = (
        Organisation.objects.filter(
            kind__in=[OrgKind.GROUP, OrgKind.BRANCH], path__startswith=union.path
        )
        .annotate(people=Count("members", filter=Q(members__status__in=ON_ROLL)))
        .order_by("path")
    )
    picked = list(groups.filter(pk__in=[int(i) for i in chosen]))
    others = groups.exclude(pk__in=[g.pk for g in picked])
    if q:
        others = others.filter(Q(name__contains=q) | Q(code__iexact=q))
    matches = list(others[: limit + 1])
    none = bool(q) and not matches and not any(q in g.name for g in picked)
    return {
        "chosen": picked,
        "matches": matches[:limit],
        "items": [(g, True) for g in picked] + [(g, False) for g in matches[:limit]],
        "q": q,
        "more": len(matches) > limit,
        "none": none,
    }


def region_lines(org: Organisation):
    """The poverty lines set by `org` and the organisations above it: read past the scope,
    since the lines a union works with are mostly set above it."""
    setters = [*org.ancestor_ids(), org.pk]
    return RegionLine._base_manager.filter(org_id__in=setters).select_related("org")


def _in_subtree(org: Organisation, prefix: str = "org") -> Q:
    return Q(**{f"{prefix}__path__startswith": org.path})


def reviews_due(org: Organisation, today: dt.date, days: int = 30):
    """Files on record whose yearly review falls within `days` (or is overdue)."""
    return (
        HardshipFile.objects.filter(_in_subtree(org), state=CaseState.ACTIVE)
        .filter(next_review__lte=today + dt.timedelta(days=days))
        .select_related("member")
        .order_by("next_review", "id")
    )


# -- reminders from the roster ------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    kind: str  # birthday / age / retirement / sick_leave / bereavement / review
    date: dt.date
    member: Member
    text: str
    occasion: str = ""  # the visit occasion it suggests, if any
    file: HardshipFile | None = None


KIND_LABELS = {
    "birthday": "生日",
    "age": "整岁",
    "retirement": "退休",
    "sick_leave": "长期病休",
    "bereavement": "丧亲周年",
    "review": "困难档案复核",
}


def _days(today: dt.date, days: int) -> list[dt.date]:
    return [today + dt.timedelta(days=i) for i in range(days + 1)]


def _on_day_condition(days: list[dt.date], field: str = "birth_date") -> Q:
    q = Q()
    by_month: dict[int, list[int]] = defaultdict(list)
    for d in days:
        by_month[d.month].append(d.day)
        if (d.month, d.day) == (2, 28) and not calendar.isleap(d.year):
            by_month[2].append(29)  # born on 29 February: remembered on the 28th
    for month, day_list in by_month.items():
        q |= Q(**{f"{field}__month": month, f"{field}__day__in": day_list})
    return q


def _this_years(birth: dt.date, day: dt.date) -> dt.date:
    try:
        return birth.replace(year=day.year)
    except ValueError:
        return dt.date(day.year, 2, 28)


def _wrap(field: str, today: dt.date) -> Case:
    """0 where the month and day of `field` come on or after today's, 1 before: with the
    month and day, the order of the next anniversaries from today."""
    later = Q(**{f"{field}__month__gt": today.month}) | Q(
        **{f"{field}__month": today.month, f"{field}__day__gte": today.day}
    )
    return Case(When(later, then=0), default=1, output_field=IntegerField())


def _anniversary(today: dt.date, wrap: int, month: int, day: int) -> dt.date:
    """The date of a (wrap, month, day) key from _wrap (29 February on the 28th when the
    year has none)."""
    return _this_years(dt.date(2000, month, day), dt.date(today.year + wrap, 1, 1))


def _key() -> F:
    """One number in the order of the next anniversaries: wrap, month, day (_wrap, _m, _d
    annotated before)."""
    return ExpressionWrapper(
        F("_wrap") * 10000 + F("_m") * 100 + F("_d"), output_field=IntegerField()
    )


def _key_of(day: dt.date, today: dt.date) -> int:
    return (day.year - today.year) * 10000 + day.month * 100 + day.day


@dataclass
class _Source:
    """One kind of reminder: `qs` ordered by the reminder's date, `per_day()` how many of
    its rows fall on each date (one grouped query, which kinds may share), `make` the
    Reminder of one row of `qs`."""

    kind: str
    qs: object
    per_day: object
    make: object
    # within(first, last): `qs` kept to the dates from first to last (a page reads only
    # the rows of its own dates, not a sort of the whole window with an offset).
    within: object = None

    def rows(self, first: dt.date, last: dt.date):
        return self.within(first, last) if self.within else self.qs


def _sources(org: Organisation, today: dt.date, days: int, with_cases: bool) -> list[_Source]:
    """Every kind of reminder of `org` in the next `days` days, in the order they take on
    one day. Counting them is three scans of the roll at most: birthdays with the round
    ages, retirements of both sexes, and the smaller tables."""
    settings = settings_for(org)
    window = _days(today, days)
    # The organisations as a list of ids (not a join on their paths): PostgreSQL then
    # reads the birthday index once instead of once per organisation (#13 §9).
    roll = Member.objects.by_listed_orgs(within=org).filter(status__in=ON_ROLL)
    roll = roll.select_related("org")
    on_day = _wrap("birth_date", today), ExtractMonth("birth_date"), ExtractDay("birth_date")
    birthdays = (
        roll.annotate(_wrap=on_day[0], _m=on_day[1], _d=on_day[2])
        .annotate(_key=_key())
        .filter(_on_day_condition(window))
    )
    by_date = ("_wrap", "_m", "_d", "name_pinyin", "id")

    def dated(qs, field="birth_date"):
        # The page's own dates by month and day (what the birthday index holds), then
        # the key for the year they fall in.
        def within(first, last):
            high = _key_of(last, today)
            if (last.month, last.day) == (2, 28) and not calendar.isleap(last.year):
                high += 1  # the key of 29 February, remembered on the 28th
            return qs.filter(
                _on_day_condition(_days(first, (last - first).days), field),
                _key__range=(_key_of(first, today), high),
            )

        return within

    ages = settings.reminder_ages or []
    aged = Q(_wrap=0, birth_date__year__in=[today.year - a for a in ages]) | Q(
        _wrap=1, birth_date__year__in=[today.year + 1 - a for a in ages]
    )

    @functools.cache  # the birthdays and the round ages: one query
    def birthday_days() -> tuple[dict, dict]:
        rows = birthdays.values("_wrap", "_m", "_d").annotate(
            n=Count("id"), aged=Count("id", filter=aged)
        )
        every, round_ = {}, {}
        for row in rows.order_by():
            day = _anniversary(today, row["_wrap"], row["_m"], row["_d"])
            every[day] = every.get(day, 0) + row["n"]  # 28 and 29 February fall together
            if ages and row["aged"]:
                round_[day] = round_.get(day, 0) + row["aged"]
        return every, round_

    def birthday(m):
        day = _anniversary(today, m._wrap, m._m, m._d)
        return Reminder("birthday", day, m, f"{day.year - m.birth_date.year}岁生日", "birthday")

    def age(m):
        day = _anniversary(today, m._wrap, m._m, m._d)
        return Reminder("age", day, m, f"满{day.year - m.birth_date.year}周岁")

    sources = [
        _Source(
            "birthday",
            birthdays.order_by(*by_date),
            lambda: birthday_days()[0],
            birthday,
            dated(birthdays.order_by(*by_date)),
        ),
        _Source(
            "age",
            birthdays.filter(aged).order_by(*by_date) if ages else birthdays.none(),
            lambda: birthday_days()[1],
            age,
            dated(birthdays.filter(aged).order_by(*by_date)) if ages else None,
        ),
    ]
    # Retiring: active members reaching the retirement age of their sex in the window
    # ages are [C] settings; the gradual reform of 2025 makes them a union's choice.
    retiring_age = {"male": settings.retirement_age_male, "female": settings.retirement_age_female}
    born = {
        sex: [_this_years(d, dt.date(d.year - years, 1, 1)) for d in window]
        for sex, years in retiring_age.items()
    }
    retiring = roll.filter(status=Status.ACTIVE)

    def retired_on(birth: dt.date, sex: str) -> dt.date:
        return _this_years(birth, dt.date(birth.year + retiring_age[sex], 1, 1))

    @functools.cache  # both sexes: one query
    def retirement_days() -> dict:
        either = Q(sex="male", birth_date__in=born["male"])
        either |= Q(sex="female", birth_date__in=born["female"])
        rows = retiring.filter(either).values("birth_date", "sex").annotate(n=Count("id"))
        out: dict = defaultdict(lambda: defaultdict(int))
        for row in rows.order_by():
            out[row["sex"]][retired_on(row["birth_date"], row["sex"])] += row["n"]
        return out

    for sex, years in retiring_age.items():
        qs = retiring.filter(sex=sex, birth_date__in=born[sex]).order_by(
            "birth_date", "name_pinyin", "id"
        )

        def born_between(first, last, qs=qs, years=years):
            # Born from `first` to the day after `last`, `years` earlier (29 February too).
            after = last + dt.timedelta(days=1)
            return qs.filter(
                birth_date__gte=_this_years(first, dt.date(first.year - years, 1, 1)),
                birth_date__lt=_this_years(after, dt.date(after.year - years, 1, 1)),
            )

        sources.append(
            _Source(
                "retirement",
                qs,
                lambda sex=sex: retirement_days()[sex],
                lambda m, years=years: Reminder(
                    "retirement",
                    retired_on(m.birth_date, m.sex),
                    m,
                    f"{years}周岁，到达退休年龄",
                    "retirement",
                ),
                born_between,
            )
        )
    long_ago = today - dt.timedelta(days=settings.long_sick_days)
    leaves = SickLeave.objects.filter(_in_subtree(org), end__isnull=True, start__lte=long_ago)
    sources.append(
        _Source(
            "sick_leave",
            leaves.select_related("member", "member__org").order_by("member__name_pinyin", "id"),
            lambda: {today: leaves.count()},
            lambda leave: Reminder(
                "sick_leave",
                today,
                leave.member,
                f"病休已 {(today - leave.start).days} 天",
                "hospital",
            ),
        )
    )
    deaths = (
        Visit.objects.filter(
            _in_subtree(org),
            occasion__in=rules.DEATH_OCCASIONS,
            date__year__in=[today.year - 1, today.year - 2, today.year - 3],
            state__in=COUNTED_STATES,
        )
        .select_related("member", "member__org")
        .annotate(_when=Coalesce("event_date", "date"))
        .annotate(_wrap=_wrap("_when", today), _m=ExtractMonth("_when"), _d=ExtractDay("_when"))
        .annotate(_key=_key())
        .filter(_on_day_condition(window, "_when"))
        .filter(Q(_wrap=0, _when__year__lt=today.year) | Q(_wrap=1, _when__year__lt=today.year + 1))
    )

    def bereavement(v):
        day = _anniversary(today, v._wrap, v._m, v._d)
        n = day.year - v._when.year
        return Reminder("bereavement", day, v.member, f"{v.get_occasion_display()}{n}周年")

    def death_days() -> dict:
        rows = deaths.values("_wrap", "_m", "_d").annotate(n=Count("id")).order_by()
        out: dict = defaultdict(int)
        for r in rows:
            out[_anniversary(today, r["_wrap"], r["_m"], r["_d"])] += r["n"]
        return out

    sources.append(
        _Source(
            "bereavement",
            deaths.order_by("_wrap", "_m", "_d", "id"),
            death_days,
            bereavement,
            dated(deaths.order_by("_wrap", "_m", "_d", "id"), "_when"),
        )
    )
    if with_cases:
        due = reviews_due(org, today, days)
        sources.append(
            _Source(
                "review",
                due,
                lambda: dict(due.values_list("next_review").annotate(n=Count("id")).order_by()),
                lambda f: Reminder(
                    "review", f.next_review, f.member, f"{f.number} 年度复核", file=f
                ),
                lambda first, last: due.filter(next_review__range=(first, last)),
            )
        )
    return sources


class ReminderFeed:
    """The reminders of `org` for the next `days` days in date order, as a sequence that a
    Paginator pages through the database: how many there are per date and kind is one
    grouped query per kind, and a page reads from each kind only the rows that fall on it
    (by offset), so no list of everyone is ever built. `kind` keeps one kind."""

    def __init__(self, org, today, *, days: int = 14, with_cases: bool = False, kind: str = ""):
        self.sources = _sources(org, today, days, with_cases)
        self.kind = kind if kind in KIND_LABELS else ""
        self._buckets: list[tuple[dt.date, int, int]] | None = None
        self._counts: dict[str, int] = {}

    def _all_buckets(self) -> list[tuple[dt.date, int, int]]:
        """(date, source index, rows) for every source, in the merged order."""
        if self._buckets is None:
            found: dict[tuple[dt.date, int], int] = defaultdict(int)
            for i, source in enumerate(self.sources):
                for day, n in source.per_day().items():
                    if n:
                        found[(day, i)] += n
                        self._counts[source.kind] = self._counts.get(source.kind, 0) + n
            self._buckets = [(day, i, n) for (day, i), n in sorted(found.items())]
        return self._buckets

    def buckets(self):
        return [b for b in self._all_buckets() if self._keeps(b[1])]

    def _keeps(self, i: int) -> bool:
        return not self.kind or self.sources[i].kind == self.kind

    def counts(self) -> dict[str, int]:
        """Reminders per kind (all kinds, whatever `kind` keeps)."""
        self._all_buckets()
        return {
            k: self._counts.get(k, 0) for k in KIND_LABELS if any(s.kind == k for s in self.sources)
        }

    def count(self) -> int:
        return sum(n for _d, _i, n in self.buckets())

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self[0 : self.count()])

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        start, stop = key.start or 0, self.count() if key.stop is None else key.stop
        # Per kind: the first and last date it has on the page, how many of its rows on
        # that first date come before the page, how many it has on the page.
        spans: dict[int, list] = {}
        at = 0
        for day, i, n in self.buckets():
            skip, end = min(max(start - at, 0), n), min(max(stop - at, 0), n)
            if end > skip:
                span = spans.setdefault(i, [day, day, skip, 0])
                span[1] = day
                span[3] += end - skip
            at += n
        out: list[tuple[dt.date, int, Reminder]] = []
        for i, (first, last, skip, take) in spans.items():
            source = self.sources[i]
            rows = source.rows(first, last)[skip : skip + take]
            out += [(r.date, i, r) for r in map(source.make, rows)]
        # Stable: each kind's rows stay in their order within a date.
        return [r for _d, _i, r in sorted(out, key=lambda x: (x[0], x[1]))]


# -- yearly totals per person against the caps --------------------------------------


@dataclass
class OccasionTotal:
    occasion: str
    name: str
    count: int
    amount: Decimal
    cap: Decimal | None
    cap_label: str = ""

    @property
    def over(self) -> bool:
        return self.cap is not None and self.amount > self.cap


@dataclass
class PersonYear:
    member: Member
    year: int
    table: rules.CapTable
    rows: list[OccasionTotal] = field(default_factory=list)
    festival_total: Decimal = Decimal(0)
    total: Decimal = Decimal(0)

    @property
    def festival_over(self) -> bool:
        return (
            self.table.festival_year is not None and self.festival_total > self.table.festival_year
        )


def person_year(member: Member, year: int) -> PersonYear:
    """What one person received this year, per occasion, beside the caps in force."""
    table = caps_for(member.org, dt.date(year, 12, 31))  # the spending rules in force
    visits = Visit.objects.filter(member=member, date__year=year, state__in=COUNTED_STATES)
    grouped = visits.values("occasion", "festival").annotate(n=Count("id"), amount=Sum("amount"))
    out = PersonYear(member, year, table)
    for row in grouped.order_by("occasion", "festival"):
        occ = rules.OCCASIONS[row["occasion"]]
        name = occ.name
        if row["festival"]:
            name = f"{name}（{rules.FESTIVAL_NAMES.get(row['festival'], row['festival'])}）"
        cap = table.cap(row["occasion"], row["festival"])
        out.rows.append(
            OccasionTotal(
                row["occasion"],
                name,
                row["n"],
                row["amount"] or 0,
                cap,
                f"每次 ≤ {cap}" if cap is not None else "",
            )
        )
        out.total += row["amount"] or 0
        if row["occasion"] == "festival":
            out.festival_total += row["amount"] or 0
    return out


# -- reports ------------------------------------------------------------------------


def paid_visits(org: Organisation, year: int):
    """Visits that count: paid, or recorded without money (a reversed one does not)."""
    return Visit.objects.filter(_in_subtree(org), date__year=year, state__in=COUNTED_STATES)


def report(org: Organisation, year: int) -> dict:
    """People and money per occasion, per month and per group, and the ledger check."""
    visits = paid_visits(org, year)
    totals = visits.aggregate(
        visits=Count("id"), people=Count("member", distinct=True), amount=Sum("amount")
    )
    by_occasion = []
    for row in (
        visits.values("occasion")
        .annotate(visits=Count("id"), people=Count("member", distinct=True), amount=Sum("amount"))
        .order_by("occasion")
    ):
        row["name"] = rules.OCCASIONS[row["occasion"]].name
        by_occasion.append(row)
    by_month = {
        m: {"month": m, "visits": 0, "people": 0, "amount": Decimal(0)} for m in range(1, 13)
    }
    for row in (
        visits.annotate(month=ExtractMonth("date"))
        .values("month")
        .annotate(visits=Count("id"), people=Count("member", distinct=True), amount=Sum("amount"))
        .order_by("month")
    ):
        by_month[row["month"]].update(row)
    by_group = list(
        visits.values("member__org__name", "member__org__code")
        .annotate(visits=Count("id"), people=Count("member", distinct=True), amount=Sum("amount"))
        .order_by("member__org__code")
    )
    by_fund = list(
        visits.exclude(fund__isnull=True)
        .values("fund__name", "fund__kind")
        .annotate(visits=Count("id"), amount=Sum("amount"))
        .order_by("fund__kind")
    )
    return {
        "year": year,
        "totals": {k: v or 0 for k, v in totals.items()},
        "by_occasion": by_occasion,
        "by_month": list(by_month.values()),
        "by_group": by_group,
        "by_fund": by_fund,
        "ledger": ledger_check(org, year),
    }


def _keys(visits, source: str):
    """The books' source ids of `visits` as SQL (see services.book_key): "12" for a visit
    of its own, "3:12" for a visit of batch 3."""
    text = CharField()
    if source == VISIT_SOURCE:
        return visits.filter(batch__isnull=True).annotate(k=Cast("pk", text)).values("k")
    key = Concat(Cast("batch_id", text), Value(":"), Cast("pk", text), output_field=text)
    return visits.filter(batch__isnull=False).annotate(k=key).values("k")


def _booked(postings, visits):
    return postings.filter(
        Q(source=VISIT_SOURCE, source_id__in=_keys(visits, VISIT_SOURCE))
        | Q(source=BATCH_SOURCE, source_id__in=_keys(visits, BATCH_SOURCE))
    )


def ledger_check(org: Organisation, year: int) -> dict:
    """The money of the visits against the books, to the fen.

    Books: what the payout vouchers of the year's visits still book (neither reversed nor
    voided; a visit's part of its batch's voucher). Visits: paid visits (a reversed visit
    drops out, and so does its booking)."""
    visits = paid_visits(org, year).exclude(fund__isnull=True)
    visit_sum = visits.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    year_visits = Visit.objects.filter(_in_subtree(org), date__year=year)
    # Past the scope on purpose: the postings are the union's (see _postings), keyed by
    # the visits read through it.
    union = union_of(org)
    postings = SourcePosting._base_manager.filter(org__path__startswith=union.path)
    booked = _booked(postings, year_visits)
    live = booked.filter(reversal__isnull=True).exclude(voucher__state=VoucherState.VOIDED)
    sums = live.aggregate(s=Sum(Coalesce("amount", "voucher__total")))
    # Every voucher of these visits: the payouts and the 红字 reversals.
    vouchers = booked.aggregate(
        paid=Count("voucher", distinct=True), red=Count("reversal", distinct=True)
    )
    ledger_sum = Decimal(sums["s"] or 0).quantize(Decimal("0.01"))
    # Bookings under a welfare source of the union that no visit has (there should be
    # none): money out of the books that the reports would not show.
    orphans = 0
    if org.is_union:
        mine = SourcePosting._base_manager.filter(
            org=org, reversal__isnull=True, voucher__year=year
        ).exclude(voucher__state=VoucherState.VOIDED)
        ours = Visit.objects.filter(_in_subtree(org))
        orphans = (
            mine.filter(Q(source=VISIT_SOURCE) | Q(source=BATCH_SOURCE, source_id__contains=":"))
            .exclude(pk__in=_booked(mine, ours).values("pk"))
            .count()
        )
    return {
        "visits": visit_sum,
        "ledger": ledger_sum,
        "agrees": visit_sum == ledger_sum and not orphans,
        "orphans": orphans,
        "entries": vouchers["paid"] + vouchers["red"],
    }


def hardship_statistics(org: Organisation, year: int) -> list[dict]:
    """The list for the upper union's 帮扶 statistics: each file on record with its
    category, household, income per head, causes and the help received this year."""
    files = (
        HardshipFile.objects.filter(_in_subtree(org))
        .filter(Q(state=CaseState.ACTIVE) | Q(closed_on__year=year, state=CaseState.CLOSED))
        .select_related("member", "member__org")
        .prefetch_related("household", "measures")
        .order_by("number")
    )
    received = dict(
        paid_visits(org, year).values("member").annotate(s=Sum("amount")).values_list("member", "s")
    )
    rows = []
    for f in files:
        rows.append(
            {
                "file": f,
                "household": 1 + sum(1 for p in f.household.all() if p.left_on is None),
                "received": received.get(f.member_id, Decimal(0)),
                "measures": sum(1 for m in f.measures.all()),
                "measures_done": sum(1 for m in f.measures.all() if m.done_on),
            }
        )
    return rows


def case_counts(org: Organisation) -> dict:
    qs = HardshipFile.objects.filter(_in_subtree(org))
    counts = dict(qs.values_list("state").annotate(n=Count("id")).order_by())
    cats = dict(
        qs.filter(state=CaseState.ACTIVE).values_list("category").annotate(n=Count("id")).order_by()
    )
    return {"states": counts, "categories": cats}
