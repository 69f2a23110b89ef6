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
        congress = Record.objects.filter(
            org__path__startswith=school.path, date__year=YEAR, title__contains="教代会"
        )
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
        # Care: the 体检 (402), 重阳慰问 (45) and 春节走访 (18) records are counted; a 体检
        # is care, not a visit, so the sentence does not call them all visits.
        assert _number(body, r"全年开展走访慰问等关爱职工活动(\d+)次") == care.count() == 3
        assert _number(body, r"惠及职工(\d+)人次") == participants(care) == 465
        assert "慰问职工465人次" not in body
        # The congress's work record is a session of the congress, counted as one (with
        # 次, no 人次), not as a piece of work.
        line = next(p for p in body.split("\n\n") if p.startswith("民主管理："))
        assert _number(line, r"全年召开教职工代表大会(\d+)次") == congress.count() == 1
        assert "开展" not in line and "人次" not in line
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
    # The module's 2 sessions and the recorded session on a date it does not hold.
    assert "全年召开教职工代表大会3次" in body and "代表提交提案9件" in body
    assert not re.search(r"(?<!\d)2人次", body) and "9件提案" not in body
    school.unit_type = "enterprise"
    with unscoped(), acting(source="system"):
        school.save()
    _title, body, _snapshot = draft(school)
    assert "全年召开职工代表大会3次" in body


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
        assert _number(body, r"全年开展走访慰问等关爱职工活动(\d+)次") == 5 + care.count() == 8
        assert _number(body, r"惠及职工(\d+)人次") == 5 + participants(care) == 470
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


def test_a_session_held_in_the_module_and_recorded_as_work_is_one_session(school, chair):
    from gonghui.democracy.models import Congress, Session

    with unscoped(), acting(source="system"):
        congress = Congress(
            org=school,
            kind="teachers",
            term_number=5,
            start_date=dt.date(YEAR - 2, 1, 1),
            end_date=dt.date(YEAR + 2, 12, 31),
        )
        congress.save()
        # The same meeting as the work record of 15 March, and a second one in autumn.
        Session(congress=congress, number=3, date=dt.date(YEAR, 3, 15), status="held").save()
        Session(congress=congress, number=4, date=dt.date(YEAR, 11, 20), status="held").save()
    _title, body, _snapshot = draft(school)
    with scope(school):
        held = Session.objects.filter(congress__org=school, date__year=YEAR).count()
        recorded_elsewhere = (
            Record.objects.filter(org=school, date__year=YEAR, title__contains="教代会")
            .exclude(date__in=Session.objects.values_list("date", flat=True))
            .count()
        )
    assert (held, recorded_elsewhere) == (2, 0)
    assert _number(body, r"全年召开教职工代表大会(\d+)次") == held + recorded_elsewhere == 2


def test_a_whole_year_target_is_set_against_the_years_records_of_its_kind(school, chair):
    """全年走访慰问不少于30人次, with no record linked to it: the year's visits (the 重阳
    and 春节 records, 45 + 18) answer it; a 体检 is not a visit. A target of items (20篇)
    is not counted from records."""
    with scope(school), acting(user=chair, source="web"):
        plan = Plan.objects.get(org=school, year=YEAR)
        target = services.task_create(
            actor=chair,
            plan=plan,
            data={
                "text": "关心教职工生活，全年走访慰问不少于30人次。",
                "category": "care",
                "quantities": [{"value": 30, "unit": "人次"}],
            },
        )
        services.task_create(
            actor=chair,
            plan=plan,
            data={
                "text": "加强宣传工作，全年发布工会信息不少于20篇。",
                "category": "other",
                "quantities": [{"value": 20, "unit": "篇"}],
            },
        )
    _title, body, _snapshot = draft(school)
    with scope(school):
        care = linked_records(school, "care")
        visits = participants(care.filter(title__regex=r"慰问|走访"))
        assert not Evidence.objects.filter(task=target).exists()
    assert visits == 63
    assert f"全年走访慰问不少于30人次（计划不少于30人次，全年实际{visits}人次）" in body
    done = next(p for p in body.split("\n\n") if p.startswith("已完成："))
    assert "全年走访慰问不少于30人次" in done
    # Nothing recorded for the articles: the plan's figure only, never "实际0篇".
    assert "发布工会信息不少于20篇（计划不少于20篇）" in body
    assert "实际0篇" not in body and "正在推进：加强宣传工作" not in body


@pytest.fixture
def factory_union(union, group, chair):
    """A factory's year: a 职代会 recorded as work (the module holds no session), ten
    monthly safety checks, a 春节 visit with its target of 户."""
    union.unit_type = "enterprise"
    with unscoped(), acting(source="system"):
        union.save()
    with scope(union), acting(user=chair, source="web"):
        plan = Plan(org=union, year=YEAR, title="精密机械公司工会2026年工作要点", created_by=chair)
        plan.save()

        def task(text, category, **data):
            return services.task_create(
                actor=chair, plan=plan, data={"text": text, "category": category, **data}
            )

        checks = task(
            "开展劳动保护监督检查，每月一次安全检查。",
            "rights",
            recurrence={"per": "month", "times": 1, "at_least": False},
        )
        congress = task("上半年召开职工代表大会，审议通过集体合同。", "democracy")
        visit = task(
            "春节前走访慰问困难职工三户以上，发放慰问金。",
            "care",
            months=[1],
            quantities=[{"value": 3, "unit": "户"}],
        )
        task(
            "组织车工、钳工、焊工技能比武，评选“技术能手”12名。",
            "contest",
            quantities=[{"value": 12, "unit": "名"}],
        )
        services.plan_accept(actor=chair, plan=plan)
        for month in range(1, 11):
            services.record_create(
                actor=chair,
                org=union,
                data={
                    "title": f"{month}月月度安全检查",
                    "date": dt.date(YEAR, month, 15),
                    "participants": 20,
                },
                task=checks,
            )
        services.record_create(
            actor=chair,
            org=union,
            data={
                "title": "公司第三届职工代表大会第二次会议",
                "date": dt.date(YEAR, 4, 16),
                "participants": 64,
            },
            task=congress,
        )
        services.record_create(
            actor=chair,
            org=union,
            data={
                "title": "春节前走访慰问困难职工",
                "date": dt.date(YEAR, 1, 25),
                "participants": 6,
            },
            task=visit,
        )
    return union


def test_a_factorys_summary_agrees_with_its_records(factory_union):
    org = factory_union
    _title, body, _snapshot = draft(org)
    with scope(org):
        records = Record.objects.filter(org__path__startswith=org.path, date__year=YEAR)
        congress = records.filter(title__regex=r"职工代表大会|职代会")
        checks = linked_records(org, "rights")
        care = linked_records(org, "care")
    # 职代会 for a factory, counted from its record, once, with 次.
    assert "教职工代表大会" not in body
    assert _number(body, r"全年召开职工代表大会(\d+)次") == congress.count() == 1
    # The safety checks in the rights part, with their people; the congress not among them.
    line = next(p for p in body.split("\n\n") if p.startswith("维权："))
    assert _number(line, r"开展维权和劳动保护工作(\d+)次") == checks.count() == 10
    assert _number(line, r"参加职工(\d+)人次") == participants(checks) == 200
    line = next(p for p in body.split("\n\n") if p.startswith("帮扶送温暖："))
    assert _number(line, r"关爱职工活动(\d+)次") == care.count() == 1
    assert _number(line, r"惠及职工(\d+)人次") == participants(care) == 6
    line = next(p for p in body.split("\n\n") if p.startswith("其他："))
    assert _number(line, r"全年留存工作记录及资料(\d+)份") == records.count() == 12
    # The planned 3户 against the 6 visited; the monthly checks' progress; the contest not
    # held is 未完成 with its plan, and never "正在推进" without a record.
    assert f"（计划不少于3户，实际{participants(care)}户，" in body
    assert "（已有10个月完成，共12个月，" in body
    assert "正在推进：组织车工" not in body
    assert "评选“技术能手”12名（计划12名）" in body
