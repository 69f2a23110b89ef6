"""Demo ballots and evaluations at the school union S0001.

- a congress ballot counted on paper, published (62 representatives, 58 present);
- a democratic evaluation of the union chair and vice chair, published;
- a committee ballot still open, in which the `member` persona can vote (two others have).

The demo personas of S0001 form the electorate of the online ones; their answers are
written directly (deterministic), still split into "who voted" and "what was voted".
Idempotent: nothing is added when S0001 already has a demo ballot.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from gonghui.audit.context import acting

from . import services
from .models import (
    Ballot,
    EvaluationParticipation,
    Participation,
)

TZ = timezone.get_fixed_timezone(8 * 60)
PERSONAS = ["school_chair", "school_cadre", "multi", "group_leader", "member"]
CONGRESS_ITEMS = [
    ("审议通过《学校工会2025年工作报告》", 55, 1, 1),
    ("审议通过《2025年度工会经费收支情况报告》", 53, 2, 2),
    ("审议通过《教职工绩效工资分配方案（修订稿）》", 31, 18, 8),
]


def _at(month, day, hour=15):
    return dt.datetime(2026, month, day, hour, 0, tzinfo=TZ)


def _seal(obj, **times):
    """Set demo dates on a ballot or form without a second audit entry per field."""
    type(obj)._base_manager.filter(pk=obj.pk).update(**times)


def load(ctx) -> None:
    orgs = ctx["orgs"]
    users = ctx.get("users", {})
    school = orgs.get("S0001")
    if school is None or Ballot._base_manager.filter(org=school, source_kind="demo").exists():
        return
    chair = users.get("school_chair")
    voters = [users[u] for u in PERSONAS if u in users]
    rng = random.Random(20260415)
    with acting(user=chair, source="cli"):
        # 1. The congress (教代会) ballot on paper, counted and published.
        congress = services.ballot_create(
            actor=chair,
            org=school,
            title="第五届教职工代表大会第三次会议表决",
            description="大会应到代表62人，实到58人。各项议题逐项无记名投票表决。",
            items=[{"text": t, "kind": "motion"} for t, *_ in CONGRESS_ITEMS],
            electorate_user_ids=[],
            total_electorate=62,
            rule="congress",
            mode="paper",
            source=("demo", "congress"),
        )
        services.ballot_open(actor=chair, ballot=congress)
        services.ballot_close(actor=chair, ballot=congress)
        services.paper_ballots_count(
            actor=chair,
            ballot=congress,
            tallies={
                item.pk: {"yes": y, "no": n, "abstain": a}
                for item, (_t, y, n, a) in zip(congress.items.all(), CONGRESS_ITEMS, strict=True)
            },
            ballots_issued=58,
            ballots_returned=58,
            invalid=1,
        )
        services.ballot_publish(actor=chair, ballot=congress)
        _seal(
            congress,
            opened_at=_at(3, 20, 14),
            closed_at=_at(3, 20, 16),
            published_at=_at(3, 20, 17),
        )
        if len(voters) < 3:
            return

        # 2. The democratic evaluation of the chair and vice chair, published.
        form = services.evaluation_create(
            actor=chair,
            org=school,
            title="2025年度学校工会领导班子民主测评",
            description="对工会主席、副主席从德、能、勤、绩、廉五个方面进行测评。",
            subjects=[
                {"name": "李红梅", "title": "工会主席"},
                {"name": "马文博", "title": "工会副主席"},
            ],
            items=["德", "能", "勤", "绩", "廉"],
            electorate_user_ids=[u.pk for u in voters],
            source=("demo", "evaluation"),
        )
        services.evaluation_open(actor=chair, form=form)
        subjects = list(form.subjects.all())
        items = list(form.items.all())
        weights = {subjects[0].pk: [7, 3, 0, 0], subjects[-1].pk: [4, 5, 1, 0]}
        grades = ["excellent", "competent", "basic", "incompetent"]
        for _voter in voters:
            answers = {
                str(s.pk): {str(i.pk): rng.choices(grades, weights=weights[s.pk])[0] for i in items}
                for s in subjects
            }
            services.seal_response(form, answers=answers)
        EvaluationParticipation._base_manager.filter(form=form).update(
            responded_on=dt.date(2026, 1, 9)
        )
        services.evaluation_close(actor=chair, form=form)
        services.evaluation_publish(actor=chair, form=form)
        _seal(form, opened_at=_at(1, 9, 9), closed_at=_at(1, 9, 17), published_at=_at(1, 12, 10))

        # 3. A committee ballot still open: `member` and `group_leader` have not voted yet.
        ballot = services.ballot_create(
            actor=chair,
            org=school,
            title="审议《2026年度工会经费预算（草案）》",
            description="工会委员会及会员代表审议，投票截止前可在手机上投票。",
            items=[
                {"text": "同意《2026年度工会经费预算（草案）》", "kind": "motion"},
                {"text": "同意增设教职工心理健康活动专项经费", "kind": "motion"},
            ],
            electorate_user_ids=[u.pk for u in voters],
            total_electorate=len(voters),
            rule="congress",
            source=("demo", "open"),
        )
        services.ballot_open(actor=chair, ballot=ballot)
        item_ids = [str(i.pk) for i in ballot.items.all()]
        already = [users[u] for u in ("school_cadre", "multi") if u in users]
        for marks in (("yes", "yes"), ("yes", "abstain"))[: len(already)]:
            code = f"DEMO-{rng.getrandbits(32):08X}"
            # Sealed until the close, as a vote cast on the page would be.
            services.seal_paper(
                ballot,
                receipt_hash=services.receipt_hash(ballot, code),
                choices=dict(zip(item_ids, marks, strict=True)),
            )
        Participation._base_manager.filter(ballot=ballot, user__in=already).update(
            voted_on=timezone.localdate()
        )
