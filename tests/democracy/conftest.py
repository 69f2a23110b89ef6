"""Fixtures of the democracy tests, built with the factories and the democracy services.

- `school`: a school union's 教代会 (fifth term, 2024-03 to 2029-02) with 40 representatives
  chosen from a roll of 100 members (40 women), meeting every composition rule; `reps` are
  its representatives, the first being `me` (a member with a login at `group`).
- `history`: what the term has done: two closed sessions with their resolutions (the
  second, 2026-03-15, with 36 present) and nine proposals in every state of their workflow.
- `factory`: a factory union's 职代会 (fourth term) whose closed session approved the
  general collective contract; its women workers' special contract ends on 2026-12-31.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from tests.factories import GroupFactory, MemberFactory, UnionFactory, UserFactory

_n = itertools.count(1)

ROLL_WOMEN = 40  # of a roll of 100
REP_WOMEN = 18  # of 40 representatives: 45% ≥ 40%
MANAGERS = (3, 9, 15, 21, 27, 33)  # six of 40: at most 20%
NON_TEACHERS = (6, 12, 18, 24, 30, 36)  # 34 teachers of 40: at least 60%


@pytest.fixture
def school_union(db):
    return UnionFactory(unit_type="school")


@pytest.fixture
def group(school_union):
    """The school's first group: `me` and `leader` are members here."""
    return GroupFactory(parent=school_union)


@pytest.fixture
def chair(school_union):
    return UserFactory(roles=[("chair", school_union)])


@pytest.fixture
def me(school, reps):
    """The login of the first representative (the `member` persona of the pages)."""
    with unscoped():
        return reps[0].member.user


@pytest.fixture
def leader(group):
    """A group leader with a member record and login at `group`, who holds no seat."""
    from tests.factories import member_with_login

    member = member_with_login(group)
    with unscoped(), acting(source="system"):
        from gonghui.accounts.models import RoleAssignment

        RoleAssignment.objects.create(user=member.user, org=group, role="group_leader")
    return member.user


@pytest.fixture
def base(school_union):
    return f"/o/{school_union.code}/democracy/"


@pytest.fixture
def me_url(group):
    return f"/o/{group.code}/democracy/me/"


def _roll(union, first_group, size: int, women: int) -> list:
    """`size` members on the roll of `union` over two groups, the first `women` women."""
    second = GroupFactory(parent=union)
    return [
        MemberFactory(org=first_group if i % 2 == 0 else second, female=i < women)
        for i in range(size)
    ]


@pytest.fixture
def school(school_union, group, chair):
    """The school's fifth 教代会 with its 40 representatives (the first has a login)."""
    from gonghui.democracy import services
    from tests.factories import member_with_login

    me_member = member_with_login(group)
    roll = _roll(school_union, group, 99, ROLL_WOMEN)
    women = [m for m in roll if m.sex == "female"][:REP_WOMEN]
    men = [m for m in roll if m.sex == "male"][: 40 - 1 - REP_WOMEN]
    chosen = [me_member, *[m for pair in itertools.zip_longest(women, men) for m in pair if m]]
    with scope(school_union), acting(user=chair):
        congress = services.congress_create(
            actor=chair,
            org=school_union,
            data={
                "kind": "teachers",
                "term_number": 5,
                "start_date": dt.date(2024, 3, 1),
                "end_date": dt.date(2029, 2, 28),
                "min_cosigners": 2,
            },
        )
        added = []
        for m in chosen:  # one at a time, so their order is the order chosen
            added += services.representatives_add(
                actor=chair,
                congress=congress,
                members=[m],
                teacher=True,
                elected_on=dt.date(2024, 2, 26),
            )
        for i in MANAGERS:
            services.representative_update(
                actor=chair, representative=added[i], data={"manager_level": "middle"}
            )
        for i in NON_TEACHERS:
            services.representative_update(
                actor=chair, representative=added[i], data={"teacher": False}
            )
    with unscoped():
        from gonghui.democracy.models import Congress

        return Congress.objects.select_related("org").get(pk=congress.pk)


@pytest.fixture
def reps(school):
    """The school congress's current representatives, `me`'s first."""
    from gonghui.democracy.models import Representative

    with unscoped():
        return list(
            Representative.objects.filter(congress=school, left_on=None)
            .select_related("member", "congress", "congress__org")
            .order_by("pk")
        )


@pytest.fixture
def login_for(db):
    """login_for(rep): a user linked to the representative's member record (created once)."""
    from gonghui.accounts.models import RoleAssignment, User

    def make(rep):
        with unscoped(), acting(source="system"):
            member = rep.member
            if member.user_id:
                return member.user
            user = User.objects.create(
                username=f"rep{next(_n)}_{member.pk}", display_name=member.name
            )
            member.user = user
            member.save()
            RoleAssignment.objects.create(user=user, org=member.org, role="member")
            return user

    return make


def _held_session(chair, congress, *, number, date, absent, resolutions, agenda=()):
    """A session run through the services: opened, the sign-in list, votes, closed."""
    from gonghui.democracy import selectors, services

    session = services.session_create(
        actor=chair, congress=congress, data={"number": number, "date": date, "place": "报告厅"}
    )
    for title in agenda:
        services.agenda_add(actor=chair, session=session, title=title)
    services.session_open(actor=chair, session=session)
    reps_ = list(selectors.current_representatives(congress).order_by("pk"))
    services.attendance_set(
        actor=chair, session=session, present=[r for i, r in enumerate(reps_) if i not in absent]
    )
    made = []
    for title, (yes, no, abstain) in resolutions:
        r = services.resolution_create(actor=chair, session=session, title=title)
        made.append(
            services.resolution_record_votes(
                actor=chair, resolution=r, votes_for=yes, votes_against=no, abstentions=abstain
            )
        )
    services.session_close(actor=chair, session=session)
    return session, made


@dataclass
class History:
    first: object
    second: object
    resolutions: list
    proposals: dict = field(default_factory=dict)  # by number; the draft under 9


@pytest.fixture
def history(school, reps, chair, login_for):
    """Two sessions held (2024-03-20; 2026-03-15 with 36 of 40 present) and nine proposals:
    1 rated (satisfied), 2 answered (`me`'s), 3 implemented, 4 assigned and due 2026-06-30,
    5 assigned and due in a month, 6 accepted, 7 turned into an opinion, 8 submitted,
    9 a draft."""
    from gonghui.democracy import services

    with scope(school.org), acting(user=chair):
        first, made1 = _held_session(
            chair,
            school,
            number=1,
            date=dt.date(2024, 3, 20),
            absent={5, 17, 29},
            resolutions=[("关于第五届教职工代表大会主席团组成的决议", (35, 0, 2))],
        )
        second, made2 = _held_session(
            chair,
            school,
            number=2,
            date=dt.date(2026, 3, 15),
            absent={7, 19, 31, 38},
            agenda=["校长工作报告", "学校财务工作报告"],
            resolutions=[
                ("关于《校长工作报告》的决议", (34, 0, 2)),
                ("关于《教职工考勤与请假管理办法（修订稿）》的决议", (29, 3, 4)),
            ],
        )
    today = timezone.localdate()
    h = History(first, second, made1 + made2)
    specs = [
        (4, "关于改善教师食堂午餐质量的建议", "rated"),
        (0, "关于增设教职工子女课后托管服务的建议", "answered"),
        (9, "关于更新理化生实验室设备的建议", "implemented"),
        (12, "关于完善班主任津贴发放办法的建议", ("assigned", dt.date(2026, 6, 30))),
        (15, "关于教学楼增设饮水设备的建议", ("assigned", today + dt.timedelta(days=30))),
        (18, "关于开展青年教师教学基本功培训的建议", "accepted"),
        (21, "关于调整教职工停车位的建议", "opinion"),
        (24, "关于组织教职工年度健康体检增加项目的建议", "submitted"),
        (27, "关于设立教职工心理健康咨询室的建议", "draft"),
    ]
    for n, (who, title, state) in enumerate(specs, start=1):
        proposer = reps[who]
        author = login_for(proposer)
        with scope(school.org), acting(user=author):
            p = services.proposal_create(
                actor=author,
                representative=proposer,
                session=second,
                data={"title": title, "body": f"{title}：理由和建议。", "category": "services"},
            )
            signers = [r for r in reps if r.pk != proposer.pk][n * 3 : n * 3 + 2]
            for s in signers:
                u = login_for(s)
                with acting(user=u):
                    services.proposal_cosign(actor=u, proposal=p, representative=s)
            if state != "draft":
                services.proposal_submit(actor=author, proposal=p)
        h.proposals[n] = p
        if state in ("draft", "submitted"):
            continue
        with scope(school.org), acting(user=chair):
            services.proposal_review(
                actor=chair,
                proposal=p,
                accept=state != "opinion",
                reason="不属学校职权范围，转为意见建议。" if state == "opinion" else "",
            )
            if state in ("accepted", "opinion"):
                continue
            deadline = state[1] if isinstance(state, tuple) else dt.date(2026, 12, 31)
            services.proposal_assign(
                actor=chair, proposal=p, department="总务处", deadline=deadline
            )
            if isinstance(state, tuple):
                continue
            services.proposal_answer(actor=chair, proposal=p, answer="已研究落实。")
            if state in ("implemented", "rated"):
                services.proposal_implement(actor=chair, proposal=p, implementation="已完成。")
        if state == "rated":
            with scope(school.org), acting(user=author):
                services.proposal_rate(actor=author, proposal=p, satisfaction="satisfied")
    return h


@dataclass
class Factory:
    union: object
    chair: object
    congress: object
    session: object
    approval: object
    general: object
    women: object


@pytest.fixture
def factory(db):
    """A factory union's fourth 职代会 (36 representatives), whose third session, closed on
    2025-12-20 with 32 present, approved the general contract (filed 2026-01-08); its
    women workers' special contract runs 2024-01-01 to 2026-12-31."""
    from gonghui.democracy import services

    union = UnionFactory()
    chair = UserFactory(roles=[("chair", union)])
    roll = _roll(union, GroupFactory(parent=union), 36, 12)
    with scope(union), acting(user=chair):
        congress = services.congress_create(
            actor=chair,
            org=union,
            data={
                "kind": "congress",
                "term_number": 4,
                "start_date": dt.date(2022, 12, 1),
                "end_date": dt.date(2027, 11, 30),
                "front_line_required": True,
            },
        )
        services.representatives_add(actor=chair, congress=congress, members=roll, front_line=True)
        session, (approval, _report) = _held_session(
            chair,
            congress,
            number=3,
            date=dt.date(2025, 12, 20),
            absent={3, 11, 20, 30},
            resolutions=[
                ("关于通过集体合同的决议", (29, 1, 2)),
                ("关于女职工专项集体合同履约情况报告的决议", (30, 0, 2)),
            ],
        )
        general = services.contract_create(
            actor=chair,
            org=union,
            data={
                "kind": "general",
                "title": "集体合同（2026—2028年）",
                "terms": "职工每年工资增长幅度不低于5%。",
                "start_date": dt.date(2026, 1, 1),
                "end_date": dt.date(2028, 12, 31),
                "approved_by": approval,
                "signed_on": dt.date(2025, 12, 26),
                "filed_on": dt.date(2026, 1, 8),
            },
        )
        women = services.contract_create(
            actor=chair,
            org=union,
            data={
                "kind": "women",
                "title": "女职工权益保护专项集体合同（2024—2026年）",
                "terms": "每年组织女职工健康检查一次。",
                "start_date": dt.date(2024, 1, 1),
                "end_date": dt.date(2026, 12, 31),
                "signed_on": dt.date(2023, 12, 20),
                "filed_on": dt.date(2024, 1, 10),
            },
        )
    return Factory(union, chair, congress, session, approval, general, women)


@pytest.fixture
def open_session(school, chair):
    """A fresh session of the school congress, open today, with nobody signed in."""
    from django.db.models import Max

    from gonghui.democracy import services
    from gonghui.democracy.models import Session

    with unscoped(), acting(user=chair):
        last = Session.objects.filter(congress=school).aggregate(n=Max("number"))["n"] or 0
        session = services.session_create(
            actor=chair,
            congress=school,
            data={"number": last + 10, "date": timezone.localdate(), "place": "会议室"},
        )
        return services.session_open(actor=chair, session=session)


def present(session, reps_) -> None:
    from gonghui.democracy.models import Attendance

    with unscoped(), acting(source="system"):
        for r in reps_:
            Attendance.objects.get_or_create(
                session=session, representative=r, defaults={"method": "list"}
            )


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[dict] = []

    def handle_starttag(self, tag, attrs):
        self.found.append({"tag": tag, **{k: v or "" for k, v in attrs}})


def elements(body: str, tag: str | None = None, **attrs: str) -> list[dict]:
    """The elements of a page (each its attributes, and "tag") that carry `attrs`, written
    with underscores (`data_check="teachers"` for data-check): what a browser reads, however
    the template lays the attributes out over lines."""
    parser = _Elements()
    parser.feed(body)
    wanted = {k.replace("_", "-"): v for k, v in attrs.items()}
    return [
        e
        for e in parser.found
        if (tag is None or e["tag"] == tag) and all(e.get(k) == v for k, v in wanted.items())
    ]
