"""The workflows: quotas and mix quotas with their sources, the 公示 end in working days,
no decision while an objection waits, certificate numbers and the register, the audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.awards import rules, services
from gonghui.awards.models import Nomination, NominationStatus, Objection, RoundStatus, TitleHeld

from .conftest import fresh_publicity, make_round, pdf

pytestmark = pytest.mark.usefixtures("platform")


def test_the_whole_round_from_call_to_certificates(school, chair, teachers):
    r = make_round(school, chair, stage="decided", nominees=teachers[:2])
    assert r.status == RoundStatus.DECIDED and r.decision.number == "校工〔2026〕1号"
    nos = list(Nomination.objects.filter(round=r).values_list("certificate_no", flat=True))
    year = timezone.localdate().year
    assert nos == [f"{school.code}-{year}-001", f"{school.code}-{year}-002"]
    held = TitleHeld.objects.filter(org=school).order_by("id")
    assert [(t.member_id, t.title, t.level) for t in held] == [
        (teachers[0].pk, "师德标兵", "unit"),
        (teachers[1].pk, "师德标兵", "unit"),
    ]
    # A second round of the same year goes on numbering.
    r2 = make_round(school, chair, stage="decided", nominees=teachers[2:3], kind="activist")
    assert Nomination.objects.get(round=r2).certificate_no == f"{school.code}-{year}-003"


def test_the_audit_records_each_step_with_the_actor(school, chair, teachers):
    r = make_round(school, chair, stage="review", nominees=teachers[:1])
    n = Nomination.objects.get(round=r)
    n.refresh_from_db()
    assert n.status == NominationStatus.SELECTED
    entry = AuditEntry.objects.filter(action="awards.nomination.updated", object_id=str(n.pk))
    assert entry.exists() and entry.last().actor == chair


def test_more_selected_than_places_is_refused(school, chair, teachers):
    r = make_round(school, chair, stage="review", nominees=teachers[:3], quota=2)
    with pytest.raises(services.AwardError, match="3"):
        services.round_publicise(actor=chair, round=r)


def test_the_mix_quota_of_the_wuyi_medal_names_the_rule_and_its_source(school, chair, teachers):
    with acting(user=chair):
        r = services.round_create(actor=chair, org=school, data={"kind": "wuyi_medal", "quota": 2})
        services.round_open(actor=chair, round=r)
        n = services.nomination_submit(
            actor=chair,
            round=r,
            data={"member": teachers[1].pk, "story": "技术革新成果显著，带徒十余人。"},
        )
        for doc in rules.kind("wuyi_medal").documents:
            services.file_add(actor=chair, nomination=n, upload=pdf(), document=doc)
        services.round_close_nominations(actor=chair, round=r)
        services.nomination_review(actor=chair, nomination=n, selected=True)
        with pytest.raises(services.AwardError) as exc:
            services.round_publicise(actor=chair, round=r)
    assert "一线职工" in exc.value.message and rules.SRC_WUYI in exc.value.message


def test_missing_required_documents_are_named(school, chair, teachers):
    with acting(user=chair):
        r = services.round_create(actor=chair, org=school, data={"kind": "upper_union_worker"})
        services.round_open(actor=chair, round=r)
        n = services.nomination_submit(
            actor=chair,
            round=r,
            data={"member": teachers[0].pk, "story": "长期从事工会工作，成绩突出。"},
        )
        services.round_close_nominations(actor=chair, round=r)
        services.nomination_review(actor=chair, nomination=n, selected=True)
        with pytest.raises(services.AwardError, match="推荐表"):
            services.round_publicise(actor=chair, round=r)


def test_the_negative_list_bars_a_unit(school, chair, groups):
    with acting(user=chair):
        r = services.round_create(actor=chair, org=school, data={"kind": "pioneer"})
        services.round_open(actor=chair, round=r)
        with pytest.raises(services.AwardError, match="拖欠工资|Wage arrears"):
            services.nomination_submit(
                actor=chair,
                round=r,
                data={"nominee_type": "group", "nominee_org": groups[0].pk,
                      "story": "班组安全生产三年无事故。", "negatives": ["wage_arrears"]},
            )  # fmt: skip


def test_a_nominee_outside_the_union_is_refused(school, chair, teachers):
    from tests.factories import MemberFactory

    outsider = MemberFactory(name="外人")
    r = make_round(school, chair, stage="open")
    with acting(user=chair), pytest.raises(services.AwardError):
        services.nomination_submit(
            actor=chair, round=r, data={"member": outsider.pk, "story": "十个字以上的事迹材料。"}
        )


def test_a_second_nomination_of_the_same_member_is_refused(school, chair, teachers):
    r = make_round(school, chair, stage="open", nominees=teachers[:1])
    with acting(user=chair), pytest.raises(services.AwardError, match="王老师"):
        services.nomination_submit(
            actor=chair, round=r, data={"member": teachers[0].pk, "story": "十个字以上的事迹材料。"}
        )


def test_the_publicity_ends_after_its_working_days(school, chair, teachers):
    r = make_round(school, chair, stage="review", nominees=teachers[:1], publicity_days=5)
    with acting(user=chair):
        r = services.round_publicise(actor=chair, round=r, start=dt.date(2026, 9, 30))
    assert r.publicity_end == dt.date(2026, 10, 12)


def test_deciding_waits_for_every_objection_and_the_end_of_the_notice(school, chair, teachers):
    r = fresh_publicity(school, chair, teachers[:2])
    n = Nomination.objects.filter(round=r).first()
    member_user = teachers[2].user
    with acting(user=member_user):
        o = services.objection_raise(actor=member_user, nomination=n, text="该同志今年曾受处分。")
    with acting(user=chair):
        with pytest.raises(services.AwardError, match="1"):
            services.round_decide(
                actor=chair, round=r, number="x", date=r.publicity_end + dt.timedelta(days=1)
            )
        services.objection_answer(actor=chair, objection=o, answer="经核实，情况不属实。")
        # The notice is still running today.
        with pytest.raises(services.AwardError):
            services.round_decide(actor=chair, round=r, number="x")
    o.refresh_from_db()
    assert o.answered_by == chair and o.answer == "经核实，情况不属实。"


def test_an_upheld_objection_takes_the_name_off_the_list(school, chair, teachers):
    r = fresh_publicity(school, chair, teachers[:2])
    n = Nomination.objects.filter(round=r).first()
    who = teachers[2].user
    with acting(user=who):
        o = services.objection_raise(actor=who, nomination=n, text="事迹材料与事实不符。")
    with acting(user=chair):
        services.objection_answer(
            actor=chair, objection=o, answer="经核实属实，取消推荐。", upheld=True
        )
    n.refresh_from_db()
    assert n.status == NominationStatus.NOT_SELECTED


def test_the_objector_is_on_an_entry_only_the_committee_reads(school, chair, teachers):
    from gonghui.audit import readers

    r = fresh_publicity(school, chair, teachers[:1])
    n = Nomination.objects.get(round=r)
    who = teachers[1].user
    with acting(user=who):
        o = services.objection_raise(actor=who, nomination=n, text="请核实该同志的获奖经历。")
    entry = AuditEntry.objects.get(action="awards.objection.created", object_id=str(o.pk))
    assert entry.actor == who
    # Read with the committee's write right only: not by members, not by award:read alone.
    assert readers.rule_for(entry.action).permissions == ("awards.award:write",)
    assert Objection.objects.get(pk=o.pk).raised_by == who


def test_a_member_withdraws_only_their_own_nomination(school, chair, teachers):
    r = make_round(school, chair, stage="open")
    a, b = teachers[0].user, teachers[1].user
    with acting(user=a):
        n = services.nomination_submit(
            actor=a,
            round=r,
            data={"member": teachers[2].pk, "story": "赵老师工作认真负责，深受好评。"},
        )
    with acting(user=b), pytest.raises(services.AwardError):
        services.nomination_withdraw(actor=b, nomination=n)
    with acting(user=a):
        services.nomination_withdraw(actor=a, nomination=n)
    n.refresh_from_db()
    assert n.status == NominationStatus.WITHDRAWN


def test_a_title_from_elsewhere_enters_the_register(school, chair, teachers):
    with acting(user=chair):
        t = services.title_add(
            actor=chair,
            org=school,
            data={"member": teachers[0].pk, "title": "市劳动模范", "level": "municipal",
                  "year": 2019, "awarding_body": "市人民政府"},
        )  # fmt: skip
    assert TitleHeld.objects.get(pk=t.pk).title == "市劳动模范"
    with acting(user=chair):
        services.title_delete(actor=chair, title=t)
    assert not TitleHeld.objects.filter(pk=t.pk).exists()
