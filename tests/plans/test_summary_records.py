"""The year-end summary agrees with the union's own records (#15 §6).

A school's year is built through the services and factories (never the demo): a plan with
targets (不少于300人次, 不少于30人次, 2次), work records linked to its tasks with their
participants, one record linked to nothing, an activity of the activities module with its
check-ins. Each sentence's figure is then read back from the text and compared with a
count computed here from the database.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from gonghui.activities.models import HELD, Activity, Signup
from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from gonghui.plans import services
from gonghui.plans import summary as summaries
from gonghui.plans.models import Evidence, Plan, Record
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

YEAR = 2026
LONG_TASK = (
    "深入开展走访慰问，走进困难教职工家庭、走进退休教师家中、走进生病住院教职工病房，"
    "了解他们的实际困难并帮助解决，让教职工切实感受到工会组织的温暖和关怀"
)


def _number(body: str, pattern: str) -> int:
    """The number a sentence of the body (or of one line) gives, e.g. 全年共开展活动(\\d+)次."""
    found = re.findall(pattern, body)
    assert len(found) == 1, (pattern, found, body)
    return int(found[0])


@pytest.fixture
def school(union, group, chair, platform):
    union.unit_type = "school"
    with unscoped(), acting(source="system"):
        union.save()
    members = MemberFactory.create_batch(3, org=group)
    with scope(union), acting(user=chair, source="web"):
        plan = Plan(org=union, year=YEAR, title="实验中学工会2026年工作计划", created_by=chair)
        plan.save()

        def task(text, category, **data):
            return services.task_create(
                actor=chair, plan=plan, data={"text": text, "category": category, **data}
            )

        tasks = {
            "teachers_day": task(
                "举办庆祝教师节暨优秀教职工表彰大会，参加教职工不少于300人次。",
                "culture",
                months=[9],
                quantities=[{"value": 300, "unit": "人次"}],
            ),
            "double_ninth": task(
                "重阳节走访慰问退休教师不少于30人次。",
                "care",
                months=[10],
                quantities=[{"value": 30, "unit": "人次"}],
            ),
            "checkup": task("组织全体教职工健康体检", "care", months=[6]),
            "congress": task(
                "召开教代会2次，审议学校工作报告。",
                "democracy",
                quantities=[{"value": 2, "unit": "次"}],
            ),
            "long": task(LONG_TASK, "care"),
        }
        services.plan_accept(actor=chair, plan=plan)

        def record(title, month, day, people, linked=None):
            return services.record_create(
                actor=chair,
                org=union,
                data={"title": title, "date": dt.date(YEAR, month, day), "participants": people},
                task=tasks[linked] if linked else None,
            )

        record("庆祝教师节暨优秀教职工表彰大会", 9, 10, 380, "teachers_day")
        record("教职工健康体检", 6, 18, 402, "checkup")
        record("重阳节慰问退休教师", 10, 23, 45, "double_ninth")
        record("第五届教代会第三次会议", 3, 15, 86, "congress")
        record("春节走访困难教职工", 1, 20, 18, "long")
        record("工会委员会会议", 4, 2, 7)  # linked to no task

    # An activity of the activities module, held, with two check-ins.
    starts = timezone.make_aware(dt.datetime(YEAR, 5, 12, 15, 0))
    with unscoped(), acting(source="system"):
        activity = Activity(
            org=union,
            title="教职工气排球比赛",
            kind="sports",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            signup_opens_at=starts - dt.timedelta(days=7),
            signup_closes_at=starts - dt.timedelta(days=1),
            place="学校体育馆",
            status="finished",
        )
        activity.save()
        for i, member in enumerate(members[:2], start=1):
            Signup(
                activity=activity,
                member=member,
                state="confirmed",
                seq=i,
                source="cadre",
                checked_in_at=starts,
            ).save()
    return union


def draft(org, today=dt.date(YEAR + 1, 1, 10)):
    with scope(org):
        return summaries.summary_draft(org, YEAR, today=today)


def linked_records(org, category: str):
    """The year's work records linked to a task of `category`."""
    ids = Evidence.objects.filter(kind="plans.record", task__category=category).values_list(
        "object_id", flat=True
    )
    return Record.objects.filter(
        org__path__startswith=org.path, date__year=YEAR, pk__in=[int(i) for i in ids]
    )


def participants(records) -> int:
    return sum(r.participants or 0 for r in records)


def test_every_figure_counts_all_the_records_of_its_kind(school):
    _title, body, snapshot = draft(school)
    with scope(school):
        held = Activity.objects.filter(
            org__path__startswith=school.path, status__in=HELD, starts_at__year=YEAR
        )
        attendances = Signup.objects.filter(activity__in=held, checked_in_at__isnull=False)
        culture = linked_records(school, "culture")
        care = linked_records(school, "care")
        democracy = linked_records(school, "democracy")
        unlinked = Record.objects.filter(org=school, date__year=YEAR).exclude(
            pk__in=[int(i) for i in Evidence.objects.values_list("object_id", flat=True)]
        )
        all_records = Record.objects.filter(org__path__startswith=school.path, date__year=YEAR)
        # The activities module's own count and the work records both make the figure.
        activities = held.count() + culture.count()
        assert held.count() == 1 and culture.count() == 1
        assert _number(body, r"全年共开展活动(\d+)次") == activities == 2
        line = next(p for p in body.split("\n\n") if p.startswith("文体活动："))
        assert _number(line, r"参加职工(\d+)人次") == attendances.count() + participants(culture)
        assert attendances.count() == 2
        # Care: the 体检 (402), 重阳慰问 (45) and 春节走访 (18) records are counted.
        assert _number(body, r"全年开展走访慰问(\d+)次") == care.count() == 3
        assert _number(body, r"慰问职工(\d+)人次") == participants(care) == 465
        # Work records of other kinds: under their category, with their people.
        line = next(p for p in body.split("\n\n") if p.startswith("民主管理："))
        assert _number(line, r"开展各项工作(\d+)次") == democracy.count() == 1
        assert _number(line, r"参加职工(\d+)人次") == participants(democracy)
        line = next(p for p in body.split("\n\n") if p.startswith("其他："))
        assert _number(line, r"开展各项工作(\d+)次") == unlinked.count() == 1
        assert _number(line, r"全年留存工作记录及资料(\d+)份") == all_records.count() == 6
    # The module's own figures stay in the snapshot, marked as counted in the combined one.
    rows = {f["key"]: f for rows in snapshot["categories"].values() for f in rows}
    assert rows["activities.held"]["value"] == 1
    assert rows["activities.held"]["counted_in"] == "summary.culture.events"
    assert rows["summary.culture.events"]["value"] == 2
    assert "全年共举办1次活动" not in body


def test_each_planned_target_is_set_against_its_result(school):
    _title, body, _snapshot = draft(school)
    with scope(school):
        teachers_day = participants(
            Record.objects.filter(title="庆祝教师节暨优秀教职工表彰大会", date__year=YEAR)
        )
        double_ninth = participants(
            Record.objects.filter(title="重阳节慰问退休教师", date__year=YEAR)
        )
        congress = Evidence.objects.filter(task__category="democracy").count()
    assert teachers_day == 380 and double_ninth == 45 and congress == 1
    assert f"（计划不少于300人次，实际{teachers_day}人次，" in body
    assert f"重阳节走访慰问退休教师不少于30人次（计划不少于30人次，实际{double_ninth}人次，" in body
    # 2 sessions planned, one record: under way, not done.
    assert "全年计划工作任务5项，已完成4项，正在推进1项。" in body
    assert "正在推进：召开教代会2次" in body
    assert f"召开教代会2次，审议学校工作报告（计划2次，实际{congress}次，" in body


def test_the_wording_follows_the_unit_type_and_measure_words(school):
    _title, body, _snapshot = draft(school)
    # No doubled noun, no 人次 for a meeting, no cut task.
    assert "件提案" not in body
    assert not re.search(r"(大会|会议)\d+人次", body)
    assert not re.search(r"[^，；：,;:]……", body)
    # The long task is kept to its first sentence's clauses, never cut inside a word.
    item = next(p for p in body.split("\n\n") if "深入开展走访慰问" in p)
    assert "走进困难教职工家庭" in item and "走……" not in item


def test_a_congress_is_named_by_the_union(school, monkeypatch):
    from gonghui.plans import figures

    sessions = figures.Figure(
        "democracy.sessions", "x", 2, "人次", "全年召开职工代表大会{value}{unit}"
    )
    proposals = figures.Figure("democracy.proposals", "x", 9, "件提案", "代表提交提案{value}{unit}")
    monkeypatch.setitem(
        figures._PROVIDERS,
        "democracy",
        figures.Provider("democracy", "democracy", lambda org, year: [sessions, proposals], 45),
    )
    _title, body, _snapshot = draft(school)
    assert "全年召开教职工代表大会2次" in body and "代表提交提案9件" in body
    assert not re.search(r"(?<!\d)2人次", body) and "9件提案" not in body
    school.unit_type = "enterprise"
    with unscoped(), acting(source="system"):
        school.save()
    _title, body, _snapshot = draft(school)
    assert "全年召开职工代表大会2次" in body


def test_the_welfare_visits_and_the_care_records_make_one_figure(school, monkeypatch):
    from gonghui.plans import figures

    rows = [
        figures.Figure("welfare.people", "慰问职工", 4, "人", "全年走访慰问困难职工{value}{unit}"),
        figures.Figure("welfare.visits", "走访", 5, "次", "共{value}{unit}"),
    ]
    monkeypatch.setitem(
        figures._PROVIDERS,
        "welfare",
        figures.Provider("welfare", "care", lambda org, year: rows, 40),
    )
    _title, body, snapshot = draft(school)
    with scope(school):
        care = linked_records(school, "care")
        assert _number(body, r"全年开展走访慰问(\d+)次") == 5 + care.count() == 8
        assert _number(body, r"慰问职工(\d+)人次") == 5 + participants(care) == 470
    # The module's distinct-people figure is not written beside the combined one.
    assert "全年走访慰问困难职工4人" not in body
    care_rows = {f["key"]: f for f in snapshot["categories"]["care"]}
    assert care_rows["welfare.people"]["counted_in"] == "summary.care.events"


def test_brief_never_cuts_inside_a_word():
    assert summaries._brief("召开第三届会员代表大会。") == "召开第三届会员代表大会"
    # A long first sentence is kept whole; the sentences after it are left out.
    assert summaries._brief(LONG_TASK + "。全年走访不少于30户。") == LONG_TASK
    longer = LONG_TASK + "，" + LONG_TASK
    text = summaries._brief(longer)
    assert text.endswith("……") and text[-3] != "走"
    assert text == longer[: len(text) - 2] + "……" and longer[len(text) - 2] == "，"
    short = "组织开展" + "走进企业" * 20  # no clause boundary: kept whole
    assert summaries._brief(short) == short
