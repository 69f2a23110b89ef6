"""The democracy workflows: congress terms, representatives, sign-in, quorum and votes,
proposals from draft to rating, collective contracts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.democracy import selectors, services
from gonghui.democracy.models import (
    Attendance,
    Congress,
    Contract,
    Proposal,
    ProposalStatus,
    Representative,
    Resolution,
    SessionStatus,
)
from gonghui.democracy.services import DemocracyError
from tests.factories import GroupFactory, MemberFactory, UnionFactory, UserFactory

from .conftest import present

pytestmark = pytest.mark.django_db


# -- congress terms and representatives ---------------------------------------------------------


def test_the_school_congress_meets_every_composition_rule(school, platform):
    checks = selectors.congress_checks(school)
    assert checks.workforce.from_roll  # no staff count recorded: the roll stands in
    assert checks.counts["total"] == 40
    assert checks.all_pass, [(c.key, c.actual) for c in checks.checks if c.passed is False]
    assert {c.key for c in checks.checks} >= {"form", "count", "managers", "women", "teachers"}


def test_a_recorded_staff_count_replaces_the_roll_and_can_fail_the_count(school, platform, chair):
    with acting(user=chair):
        services.congress_update(
            actor=chair, congress=school, data={"staff_count": 1000, "women_staff_count": 500}
        )
    checks = {c.key: c for c in selectors.congress_checks(school).checks}
    assert checks["count"].passed is False  # 5% of 1000 = 50 > 40
    entry = AuditEntry.objects.filter(action="democracy.congress.updated").latest("pk")
    assert entry.changes["staff_count"] == [None, 1000] and entry.actor == chair


def test_a_second_congress_overlapping_the_term_is_refused(school, platform, chair):
    with pytest.raises(DemocracyError):
        services.congress_create(
            actor=chair,
            org=school.org,
            data={
                "kind": "teachers",
                "term_number": 6,
                "start_date": dt.date(2028, 1, 1),
                "end_date": dt.date(2032, 12, 31),
            },
        )


def test_only_a_grassroots_union_holds_a_congress(group, platform, chair):
    with pytest.raises(DemocracyError):
        services.congress_create(
            actor=chair,
            org=group,
            data={
                "kind": "congress",
                "term_number": 1,
                "start_date": dt.date(2026, 1, 1),
                "end_date": dt.date(2030, 12, 31),
            },
        )


def test_representatives_come_from_the_unions_own_roll(school, platform, chair):
    outsider = MemberFactory()  # on the roll of a union of its own
    with pytest.raises(DemocracyError):
        services.representatives_add(actor=chair, congress=school, members=[outsider])
    assert not Representative.objects.filter(congress=school, member=outsider).exists()


def test_adding_a_representative_twice_is_harmless(school, reps, platform, chair):
    added = services.representatives_add(actor=chair, congress=school, members=[reps[1].member])
    assert added == []
    assert Representative.objects.filter(congress=school).count() == 40


def test_an_assembly_has_no_representatives(platform, chair):
    small = UnionFactory()
    m = MemberFactory(org=GroupFactory(parent=small))
    with acting(user=chair):
        c = services.congress_create(
            actor=chair,
            org=small,
            data={
                "kind": "assembly",
                "term_number": 1,
                "start_date": dt.date(2026, 1, 1),
                "end_date": dt.date(2030, 12, 31),
            },
        )
    with pytest.raises(DemocracyError):
        services.representatives_add(actor=chair, congress=c, members=[m])


def test_removing_a_representative_with_a_record_keeps_them_as_left(
    school, reps, history, platform, chair
):
    with_record = reps[1]  # attended the sessions held
    with pytest.raises(DemocracyError):
        services.representative_remove(actor=chair, representative=with_record)  # no reason
    services.representative_remove(actor=chair, representative=with_record, reason="调离本校")
    with_record.refresh_from_db()
    assert with_record.left_on == timezone.localdate()
    assert selectors.current_representatives(school).count() == 39


def test_a_representative_entered_by_mistake_is_deleted(school, platform, chair):
    from gonghui.members.models import ON_ROLL, Member

    taken = Representative.objects.filter(congress=school).values("member_id")
    m = (
        Member.objects.filter(org__path__startswith=school.org.path, status__in=ON_ROLL)
        .exclude(pk__in=taken)
        .first()
    )
    with acting(user=chair):
        [rep] = services.representatives_add(actor=chair, congress=school, members=[m])
        pk = rep.pk
        assert services.representative_remove(actor=chair, representative=rep) is None
    assert not Representative.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.filter(
        action="democracy.representative.deleted", object_id=str(pk)
    ).exists()


# -- quorum and votes ------------------------------------------------------------------------


def _resolution(session, chair):
    return services.resolution_create(actor=chair, session=session, title="关于测试事项的决议")


def test_quorum_counts_all_current_representatives(school, reps, open_session, platform):
    present(open_session, reps[:26])
    q = selectors.quorum(open_session)
    assert (q.present, q.total, q.needed, q.met) == (26, 40, 27, False)
    present(open_session, reps[26:27])
    assert selectors.quorum(open_session).met


def test_votes_are_refused_without_quorum(reps, open_session, platform, chair):
    present(open_session, reps[:26])
    r = _resolution(open_session, chair)
    with pytest.raises(DemocracyError, match="27"):
        services.resolution_record_votes(
            actor=chair, resolution=r, votes_for=26, votes_against=0, abstentions=0
        )
    r.refresh_from_db()
    assert r.adopted is None


@pytest.mark.parametrize(
    "votes,adopted",
    [
        ((20, 5, 5), False),  # exactly half of all 40: not more than half
        ((21, 5, 4), True),
        ((15, 15, 0), False),  # a tie
        ((20, 0, 10), False),  # a majority of those voting, not of all
    ],
)
def test_adoption_needs_more_than_half_of_all_representatives(
    reps, open_session, platform, chair, votes, adopted
):
    present(open_session, reps[:30])
    r = _resolution(open_session, chair)
    with acting(user=chair):
        services.resolution_record_votes(
            actor=chair,
            resolution=r,
            votes_for=votes[0],
            votes_against=votes[1],
            abstentions=votes[2],
        )
    r.refresh_from_db()
    assert r.adopted is adopted
    assert (r.present, r.total) == (30, 40)
    entry = AuditEntry.objects.filter(
        action="democracy.resolution.updated", object_id=str(r.pk)
    ).get()
    assert entry.changes["adopted"] == [None, adopted]


def test_more_votes_than_representatives_present_are_refused(reps, open_session, platform, chair):
    present(open_session, reps[:27])
    r = _resolution(open_session, chair)
    with pytest.raises(DemocracyError):
        services.resolution_record_votes(
            actor=chair, resolution=r, votes_for=27, votes_against=1, abstentions=0
        )


def test_a_representative_who_left_no_longer_counts(reps, open_session, platform, chair):
    present(open_session, reps[:27])
    services.representative_remove(actor=chair, representative=reps[0], reason="退休")
    q = selectors.quorum(open_session)
    assert (q.present, q.total) == (26, 39)
    assert q.met  # 26 of 39 is exactly two thirds


def test_a_closed_session_cannot_change_its_sign_in_list(reps, open_session, platform, chair):
    services.session_close(actor=chair, session=open_session)
    with pytest.raises(DemocracyError):
        services.attendance_set(actor=chair, session=open_session, present=reps[:3])


def test_the_sign_in_list_sets_exactly_who_is_present(reps, open_session, platform, chair):
    present(open_session, reps[:5])
    added, removed = services.attendance_set(actor=chair, session=open_session, present=reps[3:8])
    assert (added, removed) == (3, 3)
    ids = set(
        Attendance.objects.filter(session=open_session).values_list("representative_id", flat=True)
    )
    assert ids == {r.pk for r in reps[3:8]}


# -- sign-in by QR code -------------------------------------------------------------------------


def test_a_representative_signs_in_with_the_code(reps, open_session, platform, me):
    token = services.signin_token(open_session)
    session_id, key = services.signin_session(token)
    assert session_id == open_session.pk
    with acting(user=me):
        att = services.signin_self(actor=me, session=open_session, representative=reps[0], key=key)
        again = services.signin_self(
            actor=me, session=open_session, representative=reps[0], key=key
        )
    assert att.pk == again.pk and att.method == "qr"
    assert AuditEntry.objects.filter(action="democracy.attendance.created", actor=me).count() == 1


def test_someone_else_cannot_sign_in_for_a_representative(reps, open_session, platform, chair):
    key = open_session.signin_key
    with pytest.raises(DemocracyError):
        services.signin_self(actor=chair, session=open_session, representative=reps[0], key=key)
    assert not Attendance.objects.filter(session=open_session).exists()


def test_a_forged_or_expired_code_is_refused(open_session, platform):
    token = services.signin_token(open_session)
    with pytest.raises(DemocracyError):
        services.signin_session(token[:-2] + "xx")
    with pytest.raises(DemocracyError):
        services.signin_session(token, today=open_session.date + dt.timedelta(days=2))
    assert services.signin_session(token, today=open_session.date + dt.timedelta(days=1))


def test_a_new_code_makes_the_old_one_useless(reps, open_session, platform, me, chair):
    _sid, old_key = services.signin_session(services.signin_token(open_session))
    services.session_new_code(actor=chair, session=open_session)
    with pytest.raises(DemocracyError):
        services.signin_self(actor=me, session=open_session, representative=reps[0], key=old_key)


# -- proposals --------------------------------------------------------------------------------


def _draft(rep, actor):
    with acting(user=actor):
        return services.proposal_create(
            actor=actor,
            representative=rep,
            data={
                "title": "关于增加图书资料经费的建议",
                "body": "图书馆新书少，建议增加经费。",
                "category": "teaching",
            },
        )


def test_a_proposal_goes_from_draft_to_rating(reps, history, platform, me, login_for, chair):
    p = _draft(reps[0], me)
    assert p.status == ProposalStatus.DRAFT and p.number is None
    with pytest.raises(DemocracyError, match="2"):
        services.proposal_submit(actor=me, proposal=p)
    for rep in reps[1:3]:
        u = login_for(rep)
        with acting(user=u):
            services.proposal_cosign(actor=u, proposal=p, representative=rep)
    with acting(user=me):
        services.proposal_submit(actor=me, proposal=p)
    last = (
        Proposal.objects.filter(congress=p.congress, number__isnull=False)
        .exclude(pk=p.pk)
        .order_by("-number")
        .first()
    )
    assert p.status == ProposalStatus.SUBMITTED and p.number == last.number + 1
    with acting(user=chair):
        services.proposal_review(actor=chair, proposal=p, accept=True)
        services.proposal_assign(
            actor=chair, proposal=p, department="图书馆", deadline=dt.date(2026, 12, 31)
        )
        services.proposal_answer(actor=chair, proposal=p, answer="下学期增加经费两万元。")
        services.proposal_implement(actor=chair, proposal=p, implementation="已采购新书八百册。")
    with pytest.raises(DemocracyError):  # only the proposer rates
        services.proposal_rate(actor=chair, proposal=p, satisfaction="satisfied")
    with acting(user=me):
        services.proposal_rate(actor=me, proposal=p, satisfaction="partly", note="希望继续增加")
    p.refresh_from_db()
    assert p.status == ProposalStatus.RATED and p.satisfaction == "partly"
    actions = list(
        AuditEntry.objects.filter(object_id=str(p.pk), action__startswith="democracy.proposal.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[0] == "democracy.proposal.created" and len(actions) == 7


def test_the_proposer_cannot_co_sign_their_own_proposal(reps, platform, me):
    p = _draft(reps[0], me)
    with pytest.raises(DemocracyError):
        services.proposal_cosign(actor=me, proposal=p, representative=reps[0])


def test_a_member_who_is_not_a_representative_cannot_propose(reps, platform, leader):
    rep = reps[0]
    with pytest.raises(DemocracyError):
        services.proposal_create(actor=leader, representative=rep, data={"title": "x", "body": "y"})


def test_a_representative_who_left_cannot_propose(reps, history, platform, me, chair):
    # reps[0] has a record (attendance, a proposal), so removing them keeps them as left
    services.representative_remove(actor=chair, representative=reps[0], reason="调离")
    reps[0].refresh_from_db()
    assert reps[0].left_on is not None
    with pytest.raises(DemocracyError):
        _draft(reps[0], me)


def test_not_registering_needs_a_reason_and_makes_an_opinion(school, history, platform, chair):
    p = Proposal.objects.get(status=ProposalStatus.SUBMITTED, congress=school)
    with pytest.raises(DemocracyError):
        services.proposal_review(actor=chair, proposal=p, accept=False, reason=" ")
    services.proposal_review(actor=chair, proposal=p, accept=False, reason="属个人事项")
    p.refresh_from_db()
    assert p.status == ProposalStatus.OPINION and p.review_reason == "属个人事项"


def test_an_unanswered_proposal_past_its_deadline_is_overdue(school, history, platform):
    overdue = list(selectors.overdue_proposals(school.org, dt.date(2026, 7, 1)))
    assert [p.title for p in overdue] == ["关于完善班主任津贴发放办法的建议"]
    assert overdue[0].is_overdue(dt.date(2026, 7, 1))
    assert not overdue[0].is_overdue(dt.date(2026, 6, 30))  # due that day, not yet late


def test_the_yearly_report_lists_every_submitted_proposal(school, history, platform):
    report = selectors.proposal_report(school.org, 2026)
    assert report["total"] == 8  # the draft is not in it
    assert report["registered"] == 6 and report["opinions"] == 1
    assert report["answered"] == 3 and report["satisfied"] == 1


# -- collective contracts -----------------------------------------------------------------------


def _contract_data(**kw):
    data = {
        "kind": "wages",
        "title": "工资专项集体合同",
        "terms": "工资每年增长不低于5%。",
        "start_date": dt.date(2026, 1, 1),
        "end_date": dt.date(2028, 12, 31),
    }
    data.update(kw)
    return data


def test_a_contract_is_approved_only_by_an_adopted_resolution_of_its_own_union(
    school, history, reps, open_session, platform
):
    factory = UnionFactory()
    factory_chair = UserFactory(roles=[("chair", factory)])
    school_resolution = Resolution.objects.filter(session__congress=school, adopted=True).first()
    assert school_resolution is not None
    with pytest.raises(DemocracyError):
        services.contract_create(
            actor=factory_chair,
            org=factory,
            data=_contract_data(approved_by=school_resolution),
        )
    pending = services.resolution_create(actor=factory_chair, session=open_session, title="待表决")
    with pytest.raises(DemocracyError):
        services.contract_create(
            actor=factory_chair, org=school.org, data=_contract_data(approved_by=pending)
        )
    ok = services.contract_create(
        actor=factory_chair, org=school.org, data=_contract_data(approved_by=school_resolution)
    )
    assert ok.approved_by == school_resolution


def test_the_womens_contract_of_the_factory_is_flagged_as_ending(factory, platform):
    expiring = list(selectors.expiring_contracts(factory.union, dt.date(2026, 11, 25)))
    assert [c.kind for c in expiring] == ["women"]
    assert not list(selectors.expiring_contracts(factory.union, dt.date(2026, 9, 1)))


def test_a_yearly_check_is_recorded_once_per_year(factory, platform):
    chair = factory.chair
    c = Contract.objects.get(org=factory.union, kind="general")
    first = services.honouring_check_record(
        actor=chair, contract=c, year=2026, findings="按约执行", checked_on=dt.date(2026, 11, 20)
    )
    second = services.honouring_check_record(
        actor=chair,
        contract=c,
        year=2026,
        findings="按约执行，工资增长5.5%",
        checked_on=dt.date(2026, 11, 21),
    )
    assert first.pk == second.pk and c.checks.count() == 1


def test_the_factory_congress_session_that_approved_its_contract_is_closed(factory, platform):
    assert (
        Congress.objects.filter(org=factory.union).get().sessions.get().status
        == SessionStatus.CLOSED
    )
    assert Contract.objects.get(org=factory.union, kind="general").approved_by.session == (
        factory.session
    )
