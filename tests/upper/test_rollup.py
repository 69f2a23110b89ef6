"""The unions × figures roll-up (gonghui.upper.rollup, #16 item 1): every figure of every
union equals what the union's own pages compute with their own selectors, on records built
through the factories and the modules' services; records of another district and of the
district itself count for no union; the number of queries does not grow with the number
of unions (one grouped query per family); sorting and the families shown."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from gonghui.orgs.models import OrgKind
from gonghui.upper.rollup import FAMILIES, FIGURES, unions_rollup
from tests.factories import DistrictFactory, GroupFactory, MemberFactory, UnionFactory
from tests.finance.conftest import L, make_voucher
from tests.funds.conftest import holder

pytestmark = pytest.mark.usefixtures("platform")

YEAR = 2026
TODAY = dt.date(YEAR, 8, 15)  # the openness periods up to the third quarter have begun
_n = itertools.count(1)


# -- what each union's own pages compute -----------------------------------------------------


def own_figures(union, year: int = YEAR, today: dt.date = TODAY) -> dict:
    """Each figure as the union's own page (or its year figures) computes it, at the union."""
    from gonghui.activities import selectors as activities
    from gonghui.aid import selectors as aid
    from gonghui.democracy.hooks import session_candidates
    from gonghui.democracy.selectors import proposal_report
    from gonghui.finance.selectors import statement_set
    from gonghui.members.figures import year_figures
    from gonghui.members.selectors import RosterFilter, roster, roster_statistics
    from gonghui.openness.selectors import PUBLISHED, UPCOMING, due_status
    from gonghui.plans import selectors as plans
    from gonghui.plans.models import Plan, Task, TaskStatus
    from gonghui.welfare.selectors import report

    with scope(union):
        roll = roster_statistics()

        def by(field, value):
            return next((r["count"] for r in roll[f"by_{field}"] if r["value"] == value), 0)

        joined = {f.key: f.value for f in year_figures(union, year)}["members.joined"]
        stats = activities.statistics(union, year)
        visits = report(union, year)["totals"]
        education, medical = aid.education_report(union, year), aid.medical_report(union, year)
        periods = [p.state for s in due_status(union, year, today) for p in s.periods]
        tasks = plans.tasks_with_progress(
            Task.objects.filter(plan__in=Plan.objects.filter(org=union, year=year)).exclude(
                status=TaskStatus.DROPPED
            )
        )
        done = sum(1 for t in tasks if plans.is_done(t))
        lines = {ln.name: ln.year_to_date for ln in statement_set(union, year).income_expense}
        books = statement_set(union, year)
        out = {
            "on_roll": roll["total"],
            "joined": joined,
            "women": by("sex", "female"),
            "migrant": by("member_type", "migrant"),
            "retained": roster(RosterFilter(status="retained")).count(),
            "activities": stats.activities,
            "attendances": stats.participants,
            "reached": stats.people,
            "visits": visits["visits"],
            "visit_amount": Decimal(visits["amount"] or 0).quantize(Decimal("0.01")),
            "education_people": education.people,
            "education_amount": education.amount,
            "medical_claims": medical.paid_claims,
            "medical_amount": medical.amount,
            "sessions": session_candidates(union, year).count(),
            "proposals": proposal_report(union, year)["total"],
            "openness_due": sum(1 for s in periods if s != UPCOMING),
            "openness_published": sum(1 for s in periods if s == PUBLISHED),
            "tasks": len(tasks),
            "tasks_done": done,
            "plan_percent": round(100 * done / len(tasks)) if tasks else None,
        }
    from gonghui.finance.models import VoucherLine

    with scope(union):
        has_books = VoucherLine.objects.filter(org=union, posted=True, year__lte=year).exists()
    out["income"] = lines["收入合计"] if has_books else None
    out["expense"] = lines["支出合计"] if has_books else None
    assert books.income_expense  # the statements exist either way
    return out


def rollup_of(district, **kw):
    with scope(district):
        return unions_rollup(district, YEAR, today=TODAY, **kw)


# -- builders --------------------------------------------------------------------------------


def at(month: int, day: int = 10, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(YEAR, month, day, hour))


def joined(member, day=dt.date(YEAR, 3, 1)):
    from gonghui.members.models import MembershipEvent

    with unscoped(), acting(source="system"):
        MembershipEvent(member=member, org=member.org, kind="joined", date=day).save()


def held(org, members, *, month=5, checked_in=None):
    """An activity of `org` held in `month` of YEAR with `members` signed up, the first
    `checked_in` (all by default) checked in."""
    from gonghui.activities.models import Activity, Signup

    checked_in = len(members) if checked_in is None else checked_in
    with unscoped(), acting(source="system"):
        activity = Activity(
            org=org,
            title=f"活动{next(_n)}",
            kind="sports",
            starts_at=at(month),
            ends_at=at(month, hour=12),
            signup_opens_at=at(month, day=1),
            signup_closes_at=at(month, day=5),
            place="体育馆",
            status="finished",
        )
        activity.save()
        for i, m in enumerate(members):
            Signup(
                activity=activity,
                member=m,
                state="confirmed",
                seq=i + 1,
                source="cadre",
                checked_in_at=at(month, hour=10) if i < checked_in else None,
            ).save()
    return activity


def visits(union, members, *, reverse_one=False):
    """Hospital visits of 500 to each of `members`, paid from a fund of the union; the
    last one reversed when asked (it stops counting)."""
    from gonghui.welfare import services
    from tests.welfare.conftest import make_fund, record

    chair = holder("chair", union)
    fund = make_fund(union, actor=chair)
    done = [
        record(m, chair, fund=fund, amount=Decimal("500.50"), date=dt.date(YEAR, 6, 1 + i))
        for i, m in enumerate(members)
    ]
    if reverse_one:
        with scope(union), acting(user=chair):
            services.visit_reverse(actor=chair, visit=done[-1], reason="重复录入")


def education_aid(union, members):
    """A 金秋助学 round of YEAR: each member's application approved and paid; the second
    payment reversed (it no longer counts)."""
    from gonghui.aid import services
    from tests.aid.conftest import make_application, make_round
    from tests.welfare.conftest import make_fund

    chair = holder("chair", union)
    rnd = make_round(union, name=f"{YEAR}年金秋助学", year=YEAR)
    # The welfare builder's fund: its grant is keyed by the fund, so funds of the welfare
    # and aid builders never book the same source twice.
    fund = make_fund(union, actor=chair, kind="hardship", amount=Decimal("50000.00"))
    payments = []
    with unscoped():
        for i, m in enumerate(members):
            app = make_application(rnd, m, child=f"孩子{i}")
            services.application_decide(actor=chair, application=app, approve=True)
            payments.append(
                services.application_pay(
                    actor=chair, application=app, fund=fund, date=dt.date(YEAR, 9, 10)
                )
            )
        if len(payments) > 1:
            services.payment_reverse(actor=chair, payment=payments[1], reason="重复申请")


def medical_aid(union, members):
    """A mutual medical aid scheme of YEAR: the members enrolled, one claim each approved
    and paid."""
    from gonghui.aid import services
    from tests.aid.conftest import make_scheme
    from tests.welfare.conftest import make_fund

    chair = holder("chair", union)
    fund = make_fund(union, actor=chair, kind="medical", amount=Decimal("50000.00"))
    scheme = make_scheme(union, year=YEAR, fund=fund)
    with unscoped():
        services.enrolment_bulk(
            actor=chair, scheme=scheme, members=members, date=dt.date(YEAR, 1, 5)
        )
        for m in members:
            claim = services.claim_create(
                actor=chair,
                scheme=scheme,
                member=m,
                hospital="示范区人民医院",
                admitted_on=dt.date(YEAR, 3, 1),
                discharged_on=dt.date(YEAR, 3, 6),
                bills=[
                    {"category": "inpatient", "total": Decimal(3000), "eligible": Decimal(2000)}
                ],
            )
            services.claim_review(actor=chair, claim=claim)
            services.claim_decide(actor=chair, claim=claim, approve=True)
            services.claim_pay(actor=chair, claim=claim, date=dt.date(YEAR, 3, 20))


def congress(union, members, *, sessions=1, proposals=2):
    """A 职代会 of the union with `members` as representatives, `sessions` closed sessions
    in YEAR (and a planned one, which does not count), `proposals` submitted in YEAR, each
    co-signed by two (the report's join must not count them twice), and a draft."""
    from gonghui.democracy import services
    from gonghui.democracy.models import Cosign, Proposal, Session

    chair = holder("chair", union)
    with scope(union), acting(user=chair):
        c = services.congress_create(
            actor=chair,
            org=union,
            data={
                "kind": "congress",
                "term_number": 1,
                "start_date": dt.date(YEAR - 1, 1, 1),
                "end_date": dt.date(YEAR + 3, 12, 31),
            },
        )
        reps = services.representatives_add(actor=chair, congress=c, members=members)
    with unscoped(), acting(source="system"):
        for number in range(1, sessions + 2):
            status = "planned" if number > sessions else "closed"
            Session(congress=c, number=number, date=dt.date(YEAR, 3, number), status=status).save()
        for number in range(1, proposals + 2):
            draft = number > proposals
            p = Proposal(
                congress=c,
                proposer=reps[0],
                title=f"提案{number}",
                body="理由和建议",
                category="other",
                number=None if draft else number,
                status="draft" if draft else "submitted",
                submitted_at=None if draft else at(3, day=number),
            )
            p.save()
            for rep in reps[1:3]:
                Cosign(proposal=p, representative=rep).save()


def openness(union, *, state_owned=False):
    """The union's openness: one built-in item switched off, an item of its own (each
    quarter), notices published for the first half-year and the first quarter of its own
    item, and a notice of the year before (which does not count)."""
    from gonghui.openness import rules
    from gonghui.openness.models import ItemRule, Notice, OpennessSettings

    items = rules.builtin_items(union.unit_type, state_owned=state_owned)
    periodic = [i for i in items if rules.FREQUENCY_PERIODS.get(i.frequency)]
    chair = holder("chair", union)
    with unscoped(), acting(source="system"):
        if state_owned:
            OpennessSettings(org=union, state_owned=True).save()
        ItemRule(org=union, code=periodic[0].code, disabled=True, reason="不适用").save()
        ItemRule(
            org=union,
            code=f"own{union.pk}",
            name="食堂收支",
            frequency="quarterly",
            category="other",
            custom=True,
            reason="职代会决定",
        ).save()

        def notice(code, period, year, published_on):
            Notice(
                org=union,
                item_code=code,
                period=period,
                period_year=year,
                published_on=published_on,
                status="published",
                title=f"公开{next(_n)}",
                body="内容",
                category="other",
                approved_by=chair,
                approved_on=published_on,
            ).save()

        second = periodic[1]
        period = rules.FREQUENCY_PERIODS[second.frequency][0]
        notice(second.code, period, YEAR, dt.date(YEAR, 7, 3))
        notice(f"own{union.pk}", "q1", YEAR, dt.date(YEAR, 4, 2))
        notice(second.code, period, YEAR - 1, dt.date(YEAR - 1, 7, 3))


def plan(union, *, done=1, open_=2, dropped=1):
    """The union's accepted plan of YEAR: `done` tasks with a work record, `open_` without,
    `dropped` dropped ones (not counted); and a plan of one of its groups (the union's
    plans page does not list it)."""
    from gonghui.plans import services
    from tests.plans.conftest import build_plan

    chair = holder("chair", union)
    texts = [f"任务{next(_n)}" for _ in range(done + open_ + dropped)]
    p = build_plan(union, chair, texts, year=YEAR, accept=True)
    with scope(union), acting(user=chair):
        tasks = list(p.tasks.order_by("position"))
        for task in tasks[:done]:
            services.record_create(
                actor=chair,
                org=union,
                data={"title": f"记录{task.pk}", "date": dt.date(YEAR, 4, 1)},
                task=task,
            )
        for task in tasks[done + open_ :]:
            services.task_set_status(actor=chair, task=task, status="dropped")


def books(union, income="1200.50", spent="300"):
    make_voucher(
        union,
        [L("102", debit=income), L("401", credit=income, restricted=False)],
        date=dt.date(YEAR, 3, 10),
    )
    make_voucher(
        union,
        [L("50102", debit=spent, restricted=False), L("102", credit=spent)],
        date=dt.date(YEAR, 4, 10),
        summary="职工篮球赛",
    )


@pytest.fixture
def world(db):
    """A district of three unions: A (an enterprise with a branch and its group) and B (a
    school) with records of every family, C with nothing; a union of another district with
    records; the district's own activity, which A's members attend."""
    district = DistrictFactory()
    a = UnionFactory(parent=district, name="甲公司工会", unit_type="enterprise")
    branch = GroupFactory(parent=a, kind=OrgKind.BRANCH, name="一分厂分会")
    a_group = GroupFactory(parent=branch)
    b = UnionFactory(parent=district, name="乙学校工会", unit_type="school")
    b_group = GroupFactory(parent=b)
    c = UnionFactory(parent=district, name="丙医院工会", unit_type="hospital")
    other = UnionFactory(name="外区工会")
    other_group = GroupFactory(parent=other)

    a_members = [
        MemberFactory(org=a_group, female=True),
        MemberFactory(org=a_group, female=True, member_type="migrant"),
        MemberFactory(org=a_group, member_type="migrant"),
        MemberFactory(org=branch),
        MemberFactory(org=a, status="retained"),
        MemberFactory(org=a_group),
    ]
    MemberFactory(org=a_group, status="left")
    b_members = [MemberFactory(org=b_group, female=True) for _ in range(4)]
    other_members = [MemberFactory(org=other_group, female=True) for _ in range(3)]
    for m in (*a_members[:3], b_members[0], other_members[0]):
        joined(m)
    joined(b_members[1], day=dt.date(YEAR - 1, 12, 30))  # the year before

    # A member who went to two activities of two groups of A is reached once.
    held(a_group, a_members[:4], checked_in=3)
    held(branch, a_members[:2])
    held(a, a_members[:1], month=1)
    held(b_group, b_members)
    held(other_group, other_members)
    held(district, [a_members[5], b_members[0]])  # the district's own sports day

    visits(a, a_members[:3], reverse_one=True)
    visits(b, b_members[:1])
    visits(other, other_members[:1])
    education_aid(a, a_members[:3])
    medical_aid(b, b_members[:2])
    congress(a, a_members[:4], sessions=2, proposals=3)
    congress(other, other_members[:3])
    openness(a, state_owned=True)
    openness(b)
    openness(other)
    plan(a)
    plan(b, done=2, open_=0, dropped=0)
    plan(other)
    books(a)
    books(other)
    return {"district": district, "a": a, "b": b, "c": c, "other": other}


# -- the figures agree -----------------------------------------------------------------------


def test_every_figure_of_every_union_is_what_its_own_pages_compute(world):
    rollup = rollup_of(world["district"])
    assert [r.org for r in rollup.rows] == [world["a"], world["b"], world["c"]]
    for row in rollup.rows:
        own = own_figures(row.org)
        assert set(own) == set(FIGURES)
        assert row.values == own, row.org.name
    a, b, c = (r.values for r in rollup.rows)
    # Not vacuous: every family has figures at A or B, and C has none.
    assert (a["on_roll"], a["joined"], a["women"], a["migrant"], a["retained"]) == (6, 3, 2, 2, 1)
    assert (a["activities"], a["attendances"], a["reached"]) == (3, 6, 4)
    assert (a["visits"], a["visit_amount"]) == (2, Decimal("1001.00"))
    assert a["education_people"] == 2 and a["education_amount"] > 0
    assert b["medical_claims"] == 2 and b["medical_amount"] > 0
    assert (a["sessions"], a["proposals"]) == (2, 3)
    assert a["openness_due"] > a["openness_published"] == 2
    assert (a["tasks"], a["tasks_done"], a["plan_percent"]) == (3, 1, 33)
    assert (b["tasks"], b["tasks_done"], b["plan_percent"]) == (2, 2, 100)
    assert (a["income"], a["expense"]) == (Decimal("1200.50"), Decimal("300.00"))
    assert b["income"] is None  # no books kept here: none, not zero
    assert c == {
        **dict.fromkeys(FIGURES, 0),
        "visit_amount": Decimal("0.00"),
        "education_amount": Decimal("0.00"),
        "medical_amount": Decimal("0.00"),
        "openness_due": c["openness_due"],  # the hospital's required items are due anyway
        "plan_percent": None,
        "income": None,
        "expense": None,
    }


def test_the_total_adds_the_unions_and_leaves_out_the_district_and_elsewhere(world):
    rollup = rollup_of(world["district"])
    total = rollup.total
    for key, fig in FIGURES.items():
        values = [r.values[key] for r in rollup.rows if r.values[key] is not None]
        if not fig.percent:
            assert total[key] == (sum(values) if values else None), key
    # The district's sports day is no union's activity; its check-ins are no union's
    # either, but A's and B's members who went there were reached by union life.
    with scope(world["district"]):
        from gonghui.activities.selectors import held_in

        assert held_in(world["district"], YEAR).count() == total["activities"] + 1
    assert total["plan_percent"] == round(100 * 3 / 5)


def test_another_districts_union_is_never_listed(world):
    rollup = rollup_of(world["district"])
    assert world["other"] not in [r.org for r in rollup.rows]
    rollup = rollup_of(world["other"].parent)
    assert [r.org for r in rollup.rows] == [world["other"]]
    assert rollup.rows[0].values == own_figures(world["other"])


def test_at_a_union_there_is_no_union_below(world):
    assert rollup_of(world["a"]).rows == []


# -- grouped queries ---------------------------------------------------------------------------


def _union_with_records(district, name):
    """A union with records in every family (the cheap ones built straight, as above)."""
    union = UnionFactory(parent=district, name=name)
    group = GroupFactory(parent=union)
    members = [MemberFactory(org=group, female=i % 2 == 0) for i in range(4)]
    joined(members[0])
    held(group, members)
    visits(union, members[:1])
    congress(union, members[:3])
    openness(union)
    plan(union)
    books(union)
    return union


def test_the_number_of_queries_does_not_grow_with_the_unions(db):
    district = DistrictFactory()
    _union_with_records(district, "一号工会")

    def count() -> int:
        with scope(district), CaptureQueriesContext(connection) as captured:
            rollup = unions_rollup(district, YEAR, today=TODAY)
        assert all(r.values["on_roll"] == 4 for r in rollup.rows)
        return len(captured), len(rollup.rows)

    one, rows = count()
    for i in range(4):
        _union_with_records(district, f"{i + 2}号工会")
    five, more_rows = count()
    assert (rows, more_rows) == (1, 5)
    assert five == one, f"{one} queries for one union, {five} for five"
    # One or two per family, and the subtree: a few queries, not one per union.
    assert one <= 2 * len(FAMILIES) + 4


# -- the table's order and columns -------------------------------------------------------------


def test_the_rows_sort_by_a_figure_or_the_name_and_unions_without_one_go_last(world):
    a, b, c = world["a"], world["b"], world["c"]
    rollup = rollup_of(world["district"])

    def order(sort):
        rows, used = rollup.sorted_rows(sort)
        return [r.org for r in rows], used

    assert order("-on_roll") == ([a, b, c], "-on_roll")
    assert order("on_roll") == ([c, b, a], "on_roll")
    assert order("-income") == ([a, b, c], "-income")  # B and C have no books: last
    assert order("income")[0][0] == a
    assert order("name") == (sorted([a, b, c], key=lambda o: o.name), "name")
    assert order("-name")[0] == sorted([a, b, c], key=lambda o: o.name, reverse=True)
    assert order("nonsense") == ([a, b, c], "")  # the tree order


def test_only_the_families_asked_for_are_read(world):
    members = [f for f in FAMILIES if f.key == "members"]
    with CaptureQueriesContext(connection) as captured:
        rollup = rollup_of(world["district"], families=members)
    assert [f.key for f in rollup.figures] == [f.key for f in members[0].figures]
    assert set(rollup.rows[0].values) == {f.key for f in members[0].figures}
    assert len(captured) <= 6
    answer = rollup.as_json()
    assert answer["unions"][0]["on_roll"] == 6
    assert answer["unions"][0]["visits"] is None and answer["total"]["income"] is None


def test_a_dissolved_union_stays_listed_while_it_has_figures(world):
    b, c = world["b"], world["c"]
    with unscoped(), acting(source="system"):
        for union in (b, c):
            union.is_active = False
            union.save()
    rows = [r.org for r in rollup_of(world["district"]).rows]
    assert b in rows and c not in rows
