"""Next year's plan, drafted (#15 §7): each task of this year's plan lands as carried over,
recurring or left out by its records; the other modules' records add new tasks; the years
in the words move on by one; the service writes the draft once, in the same sections."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import scope
from gonghui.plans import drafting, services
from gonghui.plans.models import Evidence, Plan, PlanStatus, Task
from gonghui.plans.services import PlanError

pytestmark = pytest.mark.django_db

PAST = 2024  # a year that is over whenever the tests run
AFTER = dt.date(PAST + 1, 1, 10)


def link(union, chair, task, *days, title="工作记录"):
    """A work record on each day, linked to `task`."""
    with scope(union), acting(user=chair):
        for day in days:
            services.record_create(
                actor=chair,
                org=union,
                data={"title": title, "date": day, "participants": 10},
                task=task,
            )


def task_of(plan, text) -> Task:
    return plan.tasks.get(text=text)


def origins(draft) -> dict[str, tuple[str, str]]:
    return {t.text: (str(t.origin), t.note) for t in draft.tasks}


def draft(plan, today):
    with scope(plan.org):
        return drafting.draft_next_year(plan, today=today)


def test_each_task_is_carried_over_recurring_or_left_out_by_its_records(union, chair, new_plan):
    plan = new_plan(
        [
            ("三八妇女节组织女职工踏青", {"months": [3]}),
            ("组织职工技能比武", {"months": [5]}),
            ("开展师德标兵评选", {"months": [4]}),
            ("每月开展一次兴趣小组活动", {"recurrence": {"per": "month", "times": 1}}),
            ("召开职工座谈会4次", {"quantities": [{"value": 4, "unit": "次"}]}),
            "修订工会财务制度",
        ],
        year=PAST,
        accept=True,
    )
    link(union, chair, task_of(plan, "三八妇女节组织女职工踏青"), dt.date(PAST, 3, 8))
    link(union, chair, task_of(plan, "组织职工技能比武"), dt.date(PAST, 5, 20))
    link(
        union,
        chair,
        task_of(plan, "每月开展一次兴趣小组活动"),
        *(dt.date(PAST, m, 15) for m in (3, 4, 5)),
    )
    link(union, chair, task_of(plan, "召开职工座谈会4次"), dt.date(PAST, 6, 1))
    with scope(union), acting(user=chair):
        services.task_set_status(
            actor=chair, task=task_of(plan, "修订工会财务制度"), status="dropped"
        )

    d = draft(plan, AFTER)

    assert origins(d) == {
        # An annual event, held: it recurs.
        "三八妇女节组织女职工踏青": ("recurring", "2024年已办1次"),
        # Not done: carried over, saying so.
        "开展师德标兵评选": ("carried", "2024年未开展（没有工作记录）"),
        # A rhythm under way recurs, with how far it got.
        "每月开展一次兴趣小组活动": ("recurring", "2024年已办3次（进度25%）"),
        # A planned number of meetings not reached: 1 of 4.
        "召开职工座谈会4次": ("carried", "2024年未完成（进度25%）"),
    }
    # Done once and for all, or dropped: left out.
    assert {t.text for t in d.left_out} == {"组织职工技能比武", "修订工会财务制度"}
    assert d.counts() == {"carried": 2, "recurring": 2, "new": 0}


def test_a_task_whose_months_are_still_ahead_has_not_slipped(union, chair, new_plan):
    plan = new_plan(
        [
            ("十二月举办迎新年文艺汇演", {"months": [12]}),
            ("十二月完成职工之家建设", {"months": [12]}),
            ("坚持厂务公开，每季度公开一次", {"recurrence": {"per": "quarter", "times": 1}}),
        ],
        year=PAST,
        accept=True,
    )
    d = draft(plan, dt.date(PAST, 6, 1))
    assert origins(d) == {
        "十二月举办迎新年文艺汇演": ("recurring", "2024年安排在12月，起草时尚未到期"),
        "十二月完成职工之家建设": ("carried", "2024年尚未完成（12月到期）"),
        # Its first quarter ended without a record: that has slipped.
        "坚持厂务公开，每季度公开一次": ("carried", "2024年未开展（没有工作记录）"),
    }


def test_records_of_a_recurring_kind_make_a_task_recurring():
    task = Task(text="组织开展职工慰问")
    task.evidence_list = [Evidence(kind="welfare.batch")]
    assert drafting.is_recurring(task)
    task.evidence_list = [Evidence(kind="plans.record")]
    assert not drafting.is_recurring(task)
    assert drafting.is_recurring(Task(text="组织全体教职工进行健康体检"))
    assert drafting.is_recurring(Task(text="召开教代会"))
    assert not drafting.is_recurring(Task(text="新建职工书屋"))


@pytest.mark.parametrize(
    "text,years,moved",
    [
        ("2024年工会工作计划", {2024}, "2025年工会工作计划"),
        ("2024年底前完成会员实名制录入", {2024}, "2025年底前完成会员实名制录入"),
        ("二〇二四年工会工作要点", {2024}, "二〇二五年工会工作要点"),
        ("2024年度先进评选", {2024}, "2025年度先进评选"),
        # A contract's term is fixed elsewhere: it stays.
        ("执行集体合同（2023—2025年）", {2024}, "执行集体合同（2023—2025年）"),
        ("执行集体合同（2024-2026年）", {2024}, "执行集体合同（2024-2026年）"),
        # A school year moves as a whole.
        ("2024—2025学年工会工作计划", {2024, 2025}, "2025—2026学年工会工作计划"),
        ("2025年1月召开教代会", {2024, 2025}, "2026年1月召开教代会"),
        # Other years, numbers and months are left alone.
        ("2023年的提案全部答复", {2024}, "2023年的提案全部答复"),
        ("发放慰问金2024元，三月份召开", {2024}, "发放慰问金2024元，三月份召开"),
    ],
)
def test_the_plans_years_in_the_words_move_on_by_one(text, years, moved):
    assert drafting.shift_years(text, years) == moved


@pytest.mark.parametrize(
    "text,moved",
    [
        ("三月份召开第五届教职工代表大会第三次会议", "三月份召开第五届教职工代表大会第四次会议"),
        ("召开公司三届二次职代会全体会议", "召开公司三届三次职代会全体会议"),
        ("召开五届九次会议", "召开五届十次会议"),
        ("召开第4届职工代表大会第2次会议", "召开第4届职工代表大会第3次会议"),
        ("召开职工代表大会", "召开职工代表大会"),
    ],
)
def test_a_congress_session_held_this_year_is_followed_by_the_next(text, moved):
    assert drafting.next_session(text) == moved


def test_the_session_moves_on_only_for_a_session_held(union, chair, new_plan):
    plan = new_plan(
        [
            ("三月份召开第五届教代会第三次会议", {"months": [3]}),
            ("四月份召开第二届职代会第一次会议", {"months": [4]}),
        ],
        year=PAST,
        accept=True,
    )
    link(union, chair, task_of(plan, "三月份召开第五届教代会第三次会议"), dt.date(PAST, 3, 15))
    texts = [t.text for t in draft(plan, AFTER).tasks]
    # The one not held is carried over as it was written.
    assert texts == ["三月份召开第五届教代会第四次会议", "四月份召开第二届职代会第一次会议"]


def _sectioned_plan(union, chair, new_plan):
    plan = new_plan(year=PAST)
    with scope(union), acting(user=chair):
        main = services.section_create(actor=chair, plan=plan, title="主要工作", number="一")
        care = services.section_create(
            actor=chair, plan=plan, title="2024年帮扶送温暖", number="（一）", parent=main
        )
        schedule = services.section_create(actor=chair, plan=plan, title="月工作安排", number="二")
        for text, section, data in (
            ("春节前走访慰问困难职工", care, {"months": [1, 2], "category": "care"}),
            ("2024年底前建立困难职工档案", care, {"category": "care"}),
            ("九月份：庆祝教师节", schedule, {"months": [9]}),
        ):
            services.task_create(
                actor=chair, plan=plan, data={"text": text, "section": section, **data}
            )
        services.plan_accept(actor=chair, plan=plan)
    link(union, chair, task_of(plan, "春节前走访慰问困难职工"), dt.date(PAST, 1, 20))
    return plan


def test_the_service_writes_the_draft_in_the_same_sections_and_words(union, chair, new_plan):
    plan = _sectioned_plan(union, chair, new_plan)
    with scope(union), acting(user=chair):
        new = services.plan_draft_next_year(actor=chair, plan=plan)

    new.refresh_from_db()
    assert (new.year, new.status, new.start_month) == (PAST + 1, PlanStatus.DRAFT, 1)
    assert new.title == "2025年工会工作计划"
    assert new.drafted_from_id == plan.pk and new.created_by == chair

    def outline(p):
        return [
            (s.number, s.title, s.level, s.parent.title if s.parent else None)
            for s in p.sections.order_by("position")
        ]

    assert outline(new) == [
        ("一", "主要工作", 1, None),
        ("（一）", "2025年帮扶送温暖", 2, "主要工作"),
        ("二", "月工作安排", 1, None),
    ]
    rows = [
        (t.text, t.section.title, t.months, t.category, t.origin, t.drafted_from.text)
        for t in new.tasks.order_by("position")
    ]
    assert rows == [
        (
            "春节前走访慰问困难职工",
            "2025年帮扶送温暖",
            [1, 2],
            "care",
            "recurring",
            "春节前走访慰问困难职工",
        ),
        (
            "2025年底前建立困难职工档案",
            "2025年帮扶送温暖",
            [],
            "care",
            "carried",
            "2024年底前建立困难职工档案",
        ),
        ("九月份：庆祝教师节", "月工作安排", [9], "other", "carried", "九月份：庆祝教师节"),
    ]
    assert new.tasks.get(origin="recurring").origin_note == "2024年已办1次"
    entry = AuditEntry.objects.get(action="plans.plan.drafted", object_id=str(new.pk))
    assert entry.actor == chair and entry.org == union
    assert entry.changes["drafted_from"] == [None, plan.pk]
    assert entry.changes["tasks"] == [None, 3]
    assert entry.changes["tasks_carried"] == [None, 2]
    assert entry.changes["tasks_recurring"] == [None, 1]
    assert AuditEntry.objects.filter(action="plans.plan.created", object_id=str(new.pk)).exists()
    # This year's plan is as it was.
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACCEPTED and plan.tasks.count() == 3


def test_a_school_years_plan_stays_a_school_year(union, chair, new_plan):
    plan = new_plan([("2025年1月召开教代会", {"months": [1]})], year=PAST)
    with scope(union), acting(user=chair):
        services.plan_update(
            actor=chair, plan=plan, title="2024—2025学年工会工作计划", year=PAST, start_month=9
        )
        services.plan_accept(actor=chair, plan=plan)
        new = services.plan_draft_next_year(actor=chair, plan=plan)
    new.refresh_from_db()
    assert (new.year, new.start_month, new.title) == (PAST + 1, 9, "2025—2026学年工会工作计划")
    assert list(new.tasks.values_list("text", "months", "origin_note")) == [
        ("2026年1月召开教代会", [1], "2024—2025学年未开展（没有工作记录）")
    ]


def test_only_an_accepted_plan_is_drafted_from_and_only_once(union, chair, new_plan):
    draft_plan = new_plan(["甲"], year=PAST)
    with scope(union), acting(user=chair), pytest.raises(PlanError, match="只有已确认的计划"):
        services.plan_draft_next_year(actor=chair, plan=draft_plan)

    plan = new_plan(["乙"], year=PAST + 1, accept=True)
    with scope(union), acting(user=chair):
        first = services.plan_draft_next_year(actor=chair, plan=plan)
        with pytest.raises(PlanError) as refused:
            services.plan_draft_next_year(actor=chair, plan=plan)
    # The refusal points to the draft already made.
    assert f"《{first.title}》" in str(refused.value) and str(first.pk) in str(refused.value)
    assert Plan.objects.filter(drafted_from=plan).count() == 1
    assert AuditEntry.objects.filter(action="plans.plan.drafted").count() == 1

    # Once the draft is discarded, the plan can be drafted from again.
    with scope(union), acting(user=chair):
        services.plan_delete(actor=chair, plan=first)
        again = services.plan_draft_next_year(actor=chair, plan=plan)
    assert again.pk != first.pk

    with scope(union), acting(user=chair):
        services.plan_archive(actor=chair, plan=plan)
    with scope(union), acting(user=chair), pytest.raises(PlanError, match="只有已确认的计划"):
        services.plan_draft_next_year(actor=chair, plan=plan)


def test_an_annual_event_held_outside_the_plan_is_added_as_recurring(union, chair, new_plan):
    plan = new_plan(
        [("春节前走访慰问困难职工", {"months": [1], "category": "care"})], year=PAST, accept=True
    )
    link(union, chair, task_of(plan, "春节前走访慰问困难职工"), dt.date(PAST, 1, 20))
    with scope(union), acting(user=chair):
        for title, day in (
            (f"{PAST}年中秋慰问退休职工", dt.date(PAST, 9, 15)),
            ("春节团拜会", dt.date(PAST, 2, 1)),  # 春节 is in the plan already
            ("整理工会档案", dt.date(PAST, 4, 1)),  # no annual event
        ):
            services.record_create(actor=chair, org=union, data={"title": title, "date": day})
    d = draft(plan, AFTER)
    assert origins(d) == {
        "春节前走访慰问困难职工": ("recurring", "2024年已办1次"),
        "中秋慰问退休职工": ("recurring", "2024年已办1次，未列入2024年计划"),
    }
    added = d.tasks[-1]
    assert (added.months, added.category, added.source) == ([9], "care", None)


# -- new tasks from the other modules ------------------------------------------------------


def _congress(union, chair, group):
    """A congress of `union` with three representatives."""
    from gonghui.democracy import services as democracy
    from tests.factories import MemberFactory

    this = timezone.localdate().year
    with scope(union), acting(user=chair):
        congress = democracy.congress_create(
            actor=chair,
            org=union,
            data={
                "kind": "congress",
                "term_number": 1,
                "start_date": dt.date(this - 1, 1, 1),
                "end_date": dt.date(this + 3, 12, 31),
                "min_cosigners": 2,
            },
        )
        reps = democracy.representatives_add(
            actor=chair, congress=congress, members=[MemberFactory(org=group) for _ in range(3)]
        )
    return congress, reps


def _proposal(chair, reps, title, *, answer="", implementation=""):
    from gonghui.democracy import services as democracy

    p = democracy.proposal_enter_paper(
        actor=chair,
        proposer=reps[0],
        data={"title": title, "body": f"{title}：理由和建议。"},
        cosigners=reps[1:],
    )
    democracy.proposal_review(actor=chair, proposal=p, accept=True)
    if answer:
        democracy.proposal_assign(
            actor=chair, proposal=p, department="行政部", deadline=timezone.localdate()
        )
        democracy.proposal_answer(actor=chair, proposal=p, answer=answer)
    if implementation:
        democracy.proposal_implement(actor=chair, proposal=p, implementation=implementation)
    return p


def test_new_tasks_come_from_proposals_resolutions_contracts_and_next_years_budget(
    union, chair, group, new_plan
):
    from gonghui.democracy import services as democracy
    from gonghui.finance.services import project_create
    from tests.budgets.conftest import make_budget

    this = timezone.localdate().year
    plan = new_plan(year=this)
    with scope(union), acting(user=chair):
        section = services.section_create(actor=chair, plan=plan, title="民主管理", number="一")
        for text, category in (
            ("坚持厂务公开制度", "democracy"),
            ("加强女职工特殊权益保护，签订女职工专项集体合同", "women"),
        ):
            services.task_create(
                actor=chair,
                plan=plan,
                data={"text": text, "category": category, "section": section},
            )
        services.plan_accept(actor=chair, plan=plan)

    congress, reps = _congress(union, chair, group)
    with scope(union), acting(user=chair):
        _proposal(chair, reps, "关于改善职工食堂的建议")
        _proposal(chair, reps, "关于增设职工健身房的建议", answer="明年结合场地改造统筹解决。")
        _proposal(chair, reps, "关于更换办公桌椅的建议", answer="同意。", implementation="已更换。")
        session = democracy.session_create(
            actor=chair,
            congress=congress,
            data={"number": 1, "date": timezone.localdate(), "place": "会议室"},
        )
        democracy.session_open(actor=chair, session=session)
        democracy.attendance_set(actor=chair, session=session, present=reps)
        for title, text in (
            ("关于明年实施职工疗休养制度的决议", "自明年起每年组织职工疗休养。"),
            ("关于工会工作报告的决议", "同意工会工作报告。"),
        ):
            r = democracy.resolution_create(actor=chair, session=session, title=title, text=text)
            democracy.resolution_record_votes(
                actor=chair, resolution=r, votes_for=3, votes_against=0, abstentions=0
            )
        democracy.session_close(actor=chair, session=session)
        for kind, title, end in (
            ("general", f"集体合同（{this - 2}—{this}年）", dt.date(this, 12, 31)),
            (
                "women",
                f"女职工权益保护专项集体合同（{this - 1}—{this + 1}年）",
                dt.date(this + 1, 6, 30),
            ),
            ("wages", "工资专项集体协议", dt.date(this + 3, 6, 30)),  # ends later: not yet
        ):
            democracy.contract_create(
                actor=chair,
                org=union,
                data={
                    "kind": kind,
                    "title": title,
                    "terms": "条款。",
                    "start_date": dt.date(this - 2, 1, 1),
                    "end_date": end,
                },
            )
    project = project_create(actor=None, org=union, code="P1", name="职工书屋建设")
    make_budget(
        union,
        [
            {"account": "401", "amount": "1000.00"},
            {"account": "50304", "amount": "20000.00", "project": project},
            {"account": "50102", "amount": "3000.00"},  # no project: the account is no task
        ],
        state="draft",
        year=this + 1,
    )

    d = draft(plan, dt.date(this, 12, 20))

    new = {t.text: t for t in d.tasks if t.origin == "new"}
    assert set(new) == {
        "做好职工代表大会第1号提案“关于改善职工食堂的建议”的办理和答复",
        "落实职工代表大会第2号提案“关于增设职工健身房的建议”的答复意见",
        "贯彻落实《关于明年实施职工疗休养制度的决议》",
        "做好《集体合同》到期续签工作",
        f"实施“职工书屋建设”项目（{this + 1}年预算安排20000元）",
    }
    assert new["做好职工代表大会第1号提案“关于改善职工食堂的建议”的办理和答复"].note == (
        "职工代表大会第1号提案已立案，尚未答复"
    )
    assert "答复：明年结合场地改造统筹解决。" in (
        new["落实职工代表大会第2号提案“关于增设职工健身房的建议”的答复意见"].note
    )
    assert new["做好《集体合同》到期续签工作"].note == f"《集体合同》{this}年12月31日到期"
    assert new[f"实施“职工书屋建设”项目（{this + 1}年预算安排20000元）"].note == (
        f"{this + 1}年预算安排20000元"
    )
    # Proposals land with the plan's democratic work, after it.
    democratic = [t.text for t in d.tasks if t.section_id == section.pk]
    assert democratic[0] == "坚持厂务公开制度" and "提案" in democratic[2]
    # The women's contract is the work of a task already there: said on it, not added.
    women = next(t for t in d.tasks if t.text.startswith("加强女职工"))
    assert women.origin == "carried"
    assert f"《女职工权益保护专项集体合同》{this + 1}年6月30日到期" in women.note


def test_an_event_without_a_section_of_its_kind_goes_into_the_schedule_in_its_month(
    union, chair, new_plan
):
    plan = new_plan(year=PAST)
    with scope(union), acting(user=chair):
        schedule = services.section_create(actor=chair, plan=plan, title="工作安排")
        for text, months in (("新春送温暖", [1, 2]), ("年度总结", [12])):
            services.task_create(
                actor=chair,
                plan=plan,
                data={"text": text, "months": months, "section": schedule, "category": "care"},
            )
        services.plan_accept(actor=chair, plan=plan)
        services.record_create(
            actor=chair,
            org=union,
            data={"title": "学雷锋志愿服务进社区", "date": dt.date(PAST, 3, 5)},
        )
    d = draft(plan, AFTER)
    assert [(t.text, t.section_id) for t in d.tasks] == [
        ("新春送温暖", schedule.pk),
        ("学雷锋志愿服务进社区", schedule.pk),
        ("年度总结", schedule.pk),
    ]
