"""Demo congresses: the school's 教代会 (五届) with 40 representatives, two sessions held and
one ahead, proposals in every state; the factory's 职代会 (四届) with the session that
approved its collective contract and its women workers' special contract.

Deterministic (representatives chosen by a fixed rule from the demo roster, fixed dates
for what has taken place) and idempotent (nothing is added when the school already has a
congress). The session still ahead is dated from the day the demo is loaded, so a fresh
demo always has one to sign in to. The `member` persona (郑子涵) is a representative.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gonghui.members.models import ON_ROLL, Member

from .models import (
    AgendaItem,
    Attendance,
    Congress,
    CongressKind,
    Contract,
    ContractKind,
    Cosign,
    Delegation,
    HonouringCheck,
    Negotiation,
    Proposal,
    ProposalStatus,
    Representative,
    Resolution,
    Session,
    SessionStatus,
    SigninMethod,
)

TZ = timezone.get_fixed_timezone(8 * 60)
SCHOOL_DELEGATIONS = {
    "文科代表团": ("语文组", "英语组", "政史地组"),
    "理科代表团": ("数学组", "理化生组", "体艺组"),
    "行政后勤代表团": ("后勤处", "教务处"),
}
NON_TEACHING = {"后勤处", "教务处"}


def _at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def _pick(union, count: int, persona_users) -> list[Member]:
    """`count` members on the roll: the personas first, then alternately women and men
    in roster order, with a few more women so the share at least matches the roll."""
    roll = list(
        Member.objects.filter(org__path__startswith=union.path, status__in=ON_ROLL).order_by("id")
    )
    chosen = [m for m in roll if m.user_id in persona_users]
    women_share = sum(m.sex == "female" for m in roll) / max(len(roll), 1)
    want_women = int(women_share * count) + 2
    women = [m for m in roll if m.sex == "female" and m not in chosen]
    men = [m for m in roll if m.sex == "male" and m not in chosen]
    have_women = sum(m.sex == "female" for m in chosen)
    chosen += women[: max(0, want_women - have_women)]
    chosen += men[: count - len(chosen)]
    return chosen[:count]


def _school(ctx) -> None:
    union = ctx["orgs"]["S0001"]
    users = ctx["users"]
    congress = Congress.objects.create(
        org=union,
        kind=CongressKind.TEACHERS,
        term_number=5,
        start_date=dt.date(2024, 3, 1),
        end_date=dt.date(2029, 2, 28),
        min_cosigners=2,
        note="第五届教职工代表大会，2024年3月选举产生。",
    )
    delegations = {
        name: Delegation.objects.create(congress=congress, name=name, leader="")
        for name in SCHOOL_DELEGATIONS
    }
    members = _pick(union, 40, {users["member"].pk})
    reps: list[Representative] = []
    managers = 0
    for i, m in enumerate(members):
        dept = m.department or "语文组"
        delegation = next(
            (delegations[n] for n, depts in SCHOOL_DELEGATIONS.items() if dept in depts),
            delegations["行政后勤代表团"],
        )
        teacher = dept not in NON_TEACHING
        # Six managers (heads of department), fewer than the 20% the rule allows.
        level = ""
        if managers < 6 and i % 6 == 3:
            level, managers = ("senior" if managers == 0 else "middle"), managers + 1
        reps.append(
            Representative.objects.create(
                congress=congress,
                member=m,
                delegation=delegation,
                teacher=teacher,
                manager_level=level,
                elected_on=dt.date(2024, 2, 26),
            )
        )
    # Enough teachers for the 60% rule whatever the roster drew.
    need = -(-len(reps) * 3 // 5)
    for r in reps:
        if sum(x.teacher for x in reps) >= need:
            break
        if not r.teacher:
            r.teacher = True
            r.save()
    for d in delegations.values():
        first = next((r for r in reps if r.delegation_id == d.pk and r.teacher), None)
        if first is not None:
            d.leader = first.member.name
            d.save()

    me = reps[0]  # the `member` persona
    first = Session.objects.create(
        congress=congress,
        number=1,
        date=dt.date(2024, 3, 20),
        place="学校报告厅",
        status=SessionStatus.CLOSED,
    )
    second = Session.objects.create(
        congress=congress,
        number=2,
        date=dt.date(2026, 3, 15),
        place="学校报告厅",
        status=SessionStatus.CLOSED,
        note="听取审议校长工作报告、财务工作报告和提案办理情况报告。",
    )
    today = timezone.localdate()
    Session.objects.create(
        congress=congress,
        number=3,
        date=today + dt.timedelta(days=21),
        place="学校报告厅",
        status=SessionStatus.PLANNED,
        note="审议教职工绩效工资分配方案。",
    )
    for pos, (title, who) in enumerate(
        [
            ("校长工作报告", "校长"),
            ("学校财务工作报告", "总务主任"),
            ("第五届一次会议提案办理情况报告", "提案工作委员会"),
            ("审议《教职工考勤与请假管理办法（修订稿）》", "办公室"),
        ],
        start=1,
    ):
        AgendaItem.objects.create(session=second, position=pos, title=title, presenter=who)
    AgendaItem.objects.create(session=first, position=1, title="选举产生主席团和提案工作委员会")
    for session, absent, day in (
        (first, {5, 17, 29}, first.date),
        (second, {7, 19, 31, 38}, second.date),
    ):
        for i, r in enumerate(reps):
            if i in absent:
                continue
            Attendance.objects.create(
                session=session,
                representative=r,
                signed_at=_at(day, 8, 30 + i % 25),
                method=SigninMethod.QR if i % 3 else SigninMethod.LIST,
            )
    total = len(reps)
    for session, title, votes in (
        (first, "关于第五届教职工代表大会主席团组成的决议", (35, 0, 2)),
        (second, "关于《校长工作报告》的决议", (34, 0, 2)),
        (second, "关于《教职工考勤与请假管理办法（修订稿）》的决议", (29, 3, 4)),
    ):
        present = total - (3 if session is first else 4)
        Resolution.objects.create(
            session=session,
            title=title,
            votes_for=votes[0],
            votes_against=votes[1],
            abstentions=votes[2],
            present=present,
            total=total,
            adopted=votes[0] * 2 > total,
        )

    # Proposals of the second session, in every state of their workflow.
    def proposal(n, proposer, title, body, category, status, **extra):
        submitted = _at(dt.date(2026, 3, 10) + dt.timedelta(days=n % 5), 10)
        p = Proposal.objects.create(
            congress=congress,
            session=second,
            number=n if status != ProposalStatus.DRAFT else None,
            proposer=proposer,
            title=title,
            body=body,
            category=category,
            status=status,
            submitted_at=submitted if status != ProposalStatus.DRAFT else None,
            **extra,
        )
        signers = [r for r in reps if r.pk != proposer.pk][n * 3 : n * 3 + 2]
        for s in signers:
            Cosign.objects.create(
                proposal=p, representative=s, signed_at=submitted - dt.timedelta(days=1)
            )
        return p

    reviewed = _at(dt.date(2026, 3, 25), 15)
    answered = _at(dt.date(2026, 5, 20), 10)
    proposal(
        1,
        reps[4],
        "关于改善教师食堂午餐质量的建议",
        "教师食堂菜品品种少、午餐时间排队长。建议增加窗口、每周公布菜谱并听取教职工意见。",
        "services",
        ProposalStatus.RATED,
        reviewed_at=reviewed,
        department="总务处",
        deadline=dt.date(2026, 5, 31),
        answer="已增设一个售饭窗口，每周五公布下周菜谱。",
        answered_at=answered,
        implementation="新窗口4月启用，排队时间由15分钟缩短至5分钟。",
        implemented_at=_at(dt.date(2026, 6, 10)),
        satisfaction="satisfied",
        rated_at=_at(dt.date(2026, 6, 15)),
    )
    proposal(
        2,
        me,
        "关于增设教职工子女课后托管服务的建议",
        "双职工教师下班晚，子女放学后无人照看。建议利用学校场地开设课后托管。",
        "services",
        ProposalStatus.ANSWERED,
        reviewed_at=reviewed,
        department="学生处",
        deadline=dt.date(2026, 6, 30),
        answer="学校已与少年宫协商，自秋季学期起在校内开设教职工子女托管班，每周一至周五。",
        answered_at=_at(dt.date(2026, 6, 20)),
    )
    proposal(
        3,
        reps[9],
        "关于更新理化生实验室设备的建议",
        "部分实验仪器老化，影响分组实验开出率。建议分批更新。",
        "teaching",
        ProposalStatus.IMPLEMENTED,
        reviewed_at=reviewed,
        department="教务处",
        deadline=dt.date(2026, 6, 30),
        answer="已列入年度装备采购计划。",
        answered_at=answered,
        implementation="暑假期间完成物理、化学两个实验室设备更新。",
        implemented_at=_at(dt.date(2026, 8, 30)),
    )
    proposal(
        4,
        reps[12],
        "关于完善班主任津贴发放办法的建议",
        "班主任工作量大，现行津贴标准多年未调整。建议结合绩效工资改革提高标准。",
        "pay",
        ProposalStatus.ASSIGNED,
        reviewed_at=reviewed,
        department="人事处",
        deadline=dt.date(2026, 6, 30),
    )
    proposal(
        5,
        reps[15],
        "关于教学楼增设饮水设备的建议",
        "教学楼每层仅一台饮水机，课间排队。建议每层增设一台。",
        "services",
        ProposalStatus.ASSIGNED,
        reviewed_at=reviewed,
        department="总务处",
        deadline=today + dt.timedelta(days=30),
    )
    proposal(
        6,
        reps[18],
        "关于开展青年教师教学基本功培训的建议",
        "近三年新进青年教师较多，建议建立师徒结对和基本功培训制度。",
        "teaching",
        ProposalStatus.ACCEPTED,
        reviewed_at=reviewed,
    )
    proposal(
        7,
        reps[21],
        "关于调整教职工停车位的建议",
        "建议将校门口家长停车区改为教职工停车位。",
        "other",
        ProposalStatus.OPINION,
        reviewed_at=reviewed,
        review_reason="涉及交通管理部门规划，不属学校职权范围，转为意见建议交办公室研究。",
    )
    proposal(
        8,
        reps[24],
        "关于组织教职工年度健康体检增加项目的建议",
        "建议体检增加甲状腺彩超和骨密度检查。",
        "pay",
        ProposalStatus.SUBMITTED,
    )
    proposal(
        9,
        reps[27],
        "关于设立教职工心理健康咨询室的建议",
        "教师工作压力大，建议设立心理咨询室，聘请专业人员定期坐诊。",
        "services",
        ProposalStatus.DRAFT,
    )


def _factory(ctx) -> None:
    union = ctx["orgs"]["F0001"]
    congress = Congress.objects.create(
        org=union,
        kind=CongressKind.CONGRESS,
        term_number=4,
        start_date=dt.date(2022, 12, 1),
        end_date=dt.date(2027, 11, 30),
        front_line_required=True,
        min_cosigners=2,
    )
    members = _pick(union, 36, set())
    reps = []
    for i, m in enumerate(members):
        dept = m.department
        front = dept in ("一车间", "二车间", "质检部")
        reps.append(
            Representative.objects.create(
                congress=congress,
                member=m,
                front_line=front,
                manager_level="middle" if (not front and i % 7 == 0) else "",
                elected_on=dt.date(2022, 11, 25),
            )
        )
    session = Session.objects.create(
        congress=congress,
        number=3,
        date=dt.date(2025, 12, 20),
        place="公司多功能厅",
        status=SessionStatus.CLOSED,
    )
    AgendaItem.objects.create(
        session=session, position=1, title="审议《集体合同（草案）》", presenter="工会主席"
    )
    AgendaItem.objects.create(
        session=session,
        position=2,
        title="审议《女职工权益保护专项集体合同》履约情况",
        presenter="女职工委员会",
    )
    absent = {3, 11, 20, 30}
    for i, r in enumerate(reps):
        if i not in absent:
            Attendance.objects.create(
                session=session,
                representative=r,
                signed_at=_at(session.date, 8, 40 + i % 15),
                method=SigninMethod.LIST,
            )
    total, present = len(reps), len(reps) - len(absent)
    approval = Resolution.objects.create(
        session=session,
        title="关于通过《华东精密机械有限公司集体合同》的决议",
        text="大会以无记名投票方式逐条表决，通过集体合同草案，授权工会主席与公司法定代表人签订。",
        votes_for=29,
        votes_against=1,
        abstentions=2,
        present=present,
        total=total,
        adopted=True,
    )
    Resolution.objects.create(
        session=session,
        title="关于女职工专项集体合同履约情况报告的决议",
        votes_for=30,
        votes_against=0,
        abstentions=2,
        present=present,
        total=total,
        adopted=True,
    )
    general = Contract.objects.create(
        org=union,
        kind=ContractKind.GENERAL,
        title="华东精密机械有限公司集体合同（2026—2028年）",
        employer="公司法定代表人",
        terms=(
            "第一条 劳动报酬：职工月工资不低于当地最低工资标准的130%，每年工资增长幅度不低于5%。\n"
            "第二条 工作时间：实行标准工时制，加班需经职工同意并依法支付加班费。\n"
            "第三条 劳动安全卫生：每年投入安全生产经费不少于营业收入的1.5%，一线职工每年职业健康检查一次。\n"
            "第四条 保险福利：依法足额缴纳五险一金，为职工办理补充医疗保险。\n"
            "第五条 职业技能培训：职工教育经费按工资总额的8%提取，其中60%用于一线职工。"
        ),
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2028, 12, 31),
        approved_by=approval,
        signed_on=dt.date(2025, 12, 26),
        filed_on=dt.date(2026, 1, 8),
        filed_with="示范区人力资源和社会保障局",
    )
    for day, parties, notes in (
        (
            dt.date(2025, 10, 15),
            "工会协商代表5人；公司协商代表5人",
            "工会提出工资增长5%、安全经费1.5%等要约，公司书面回应。",
        ),
        (
            dt.date(2025, 11, 12),
            "工会协商代表5人；公司协商代表5人",
            "就工资增长幅度达成一致，形成草案提交职代会审议。",
        ),
    ):
        Negotiation.objects.create(contract=general, date=day, parties=parties, notes=notes)
    women = Contract.objects.create(
        org=union,
        kind=ContractKind.WOMEN,
        title="女职工权益保护专项集体合同（2024—2026年）",
        employer="公司法定代表人",
        terms=(
            "第一条 女职工经期、孕期、产期、哺乳期依法享受特殊保护。\n"
            "第二条 每年组织女职工妇科病、乳腺病筛查一次。\n"
            "第三条 设立女职工休息室和母婴室。"
        ),
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2026, 12, 31),
        signed_on=dt.date(2023, 12, 20),
        filed_on=dt.date(2024, 1, 10),
        filed_with="示范区人力资源和社会保障局",
    )
    HonouringCheck.objects.create(
        contract=women,
        year=2025,
        checked_on=dt.date(2025, 12, 5),
        findings="女职工“两癌”筛查覆盖率100%；母婴室已建成投用；个别车间经期调岗执行不到位，已督促整改。",
        reported_to=session,
    )


def load(ctx) -> None:
    union = ctx["orgs"]["S0001"]
    if Congress.objects.filter(org=union).exists():
        return  # already loaded: the demo is idempotent
    _school(ctx)
    _factory(ctx)
