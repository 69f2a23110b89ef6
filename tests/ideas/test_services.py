"""The cycle of a 金点子 through the services: submit, screen, send to a department, its
link answered once, reviewed, decided, implemented, verified, rewarded and paid through
the books, closed; overdue flagged; refusals said."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.ideas import rules, selectors, services
from gonghui.ideas.models import Idea, Review, Reward
from gonghui.ideas.services import IdeaError

from .conftest import photo

pytestmark = pytest.mark.usefixtures("platform")


def fresh(idea) -> Idea:
    return Idea.objects.get(pk=idea.pk)


class TestSubmitting:
    def test_a_worker_submits_with_photos_and_a_colleague(self, home):
        with acting(home.worker.user, source="web"):
            idea = home.submit(
                title="冷却液过滤", co_proposers=[home.colleague], uploads=[photo(), photo("b.png")]
            )
        idea = fresh(idea)
        assert (idea.org, idea.year, idea.number, idea.status) == (
            home.union,
            timezone.localdate().year,
            1,
            "submitted",
        )
        assert list(idea.co_proposers.all()) == [home.colleague]
        assert [f.content_type for f in idea.files.all()] == ["image/png", "image/png"]
        assert home.submit().number == 2
        entry = AuditEntry.objects.filter(action="ideas.idea.created", object_id=str(idea.pk))
        assert entry.get().actor == home.worker.user
        assert AuditEntry.objects.filter(action="ideas.idea.co_proposers_set").exists()

    def test_a_renamed_file_is_refused(self, home):
        fake = SimpleUploadedFile("photo.png", b"%PDF-1.4 not an image")
        with pytest.raises(IdeaError) as exc:
            home.submit(uploads=[fake])
        assert exc.value.field == "files"
        assert not Idea.objects.filter(org=home.union).exists()

    def test_a_file_of_another_kind_is_refused(self, home):
        with pytest.raises(IdeaError):
            home.submit(uploads=[SimpleUploadedFile("a.exe", b"MZ....")])

    def test_nobody_submits_for_someone_else(self, home):
        with pytest.raises(IdeaError):
            services.idea_submit(
                actor=home.chair, member=home.worker, data={"title": "x", "text": "y"}
            )

    def test_a_title_and_a_text_are_needed(self, home):
        with pytest.raises(IdeaError) as exc:
            home.submit(title=" ")
        assert exc.value.field == "title"

    def test_a_co_proposer_of_another_union_is_refused(self, home):
        from tests.factories import MemberFactory

        stranger = MemberFactory(org=home.other)
        with pytest.raises(IdeaError) as exc:
            home.submit(co_proposers=[stranger])
        assert exc.value.field == "co_proposers"

    def test_the_committee_enters_a_paper_idea_with_its_day(self, home):
        day = timezone.localdate().replace(month=1, day=2)
        idea = services.idea_enter(
            actor=home.cadre,
            org=home.union,
            proposer=home.colleague,
            data={"title": "意见箱建议", "text": "食堂错峰"},
            handed_in=day,
        )
        assert idea.entered_by == home.cadre
        assert timezone.localtime(idea.submitted_at).date() == day
        with pytest.raises(IdeaError):
            services.idea_enter(
                actor=home.cadre,
                org=home.union,
                proposer=home.colleague,
                data={"title": "x", "text": "y"},
                handed_in=timezone.localdate() + dt.timedelta(days=1),
            )


class TestTheCycle:
    def test_from_submitted_to_closed(self, home):
        idea = home.submit()
        services.idea_accept(actor=home.chair, idea=idea, note="立项")
        request = services.idea_send(
            actor=home.chair, idea=idea, department="设备部", contact="张工"
        )
        assert request.deadline == timezone.localdate() + dt.timedelta(days=rules.ANSWER_DAYS)
        assert request.expires_on == rules.link_expiry(request.deadline)
        assert len(request.token) >= 40
        services.department_answer(token=request.token, answer="可行，下月实施", name="张工")
        review = services.review_record(
            actor=home.chair,
            idea=idea,
            scores={"mass": 8, "novelty": 6, "practical": 9, "benefit": 7},
            recommendation="adopt",
        )
        assert review.score == rules.weighted_score(review.scores())
        services.idea_decide(actor=home.chair, idea=idea, outcome="trial")
        services.idea_implement(actor=home.chair, idea=idea, implementation="已试行")
        services.idea_verify(
            actor=home.chair, idea=idea, value_created="12.345", verification="财务测算"
        )
        services.reward_record(actor=home.chair, idea=idea, amount=Decimal("500"))
        services.idea_close(actor=home.chair, idea=idea, feedback="谢谢")
        idea = fresh(idea)
        assert idea.status == "closed" and idea.adopted
        assert idea.value_created == Decimal("12.35")  # 万元, two decimals
        assert idea.answer == "可行，下月实施" and idea.answered_by == "张工"
        assert Reward.objects.get(idea=idea).payee == "王师傅"
        actions = set(
            AuditEntry.objects.filter(
                object_id=str(idea.pk), action__startswith="ideas.idea."
            ).values_list("action", flat=True)
        )
        assert {"ideas.idea.created", "ideas.idea.updated"} <= actions

    def test_a_step_out_of_order_is_refused(self, home):
        idea = home.submit()
        with pytest.raises(IdeaError):
            services.idea_send(actor=home.chair, idea=idea, department="设备部")
        with pytest.raises(IdeaError):
            services.idea_verify(actor=home.chair, idea=idea, value_created=1, verification="x")
        with pytest.raises(IdeaError):
            services.reward_record(actor=home.chair, idea=idea, amount=100)
        assert fresh(idea).status == "submitted"

    def test_not_taken_up_needs_the_reason_the_proposer_reads(self, home):
        idea = home.submit()
        with pytest.raises(IdeaError) as exc:
            services.idea_decline(actor=home.chair, idea=idea, reason="  ")
        assert exc.value.field == "reason"
        services.idea_decline(actor=home.chair, idea=idea, reason="已列入技改计划")
        mine = selectors.my_idea(home.worker, idea.pk)
        assert (mine.status, mine.screen_note) == ("not_accepted", "已列入技改计划")

    @pytest.mark.parametrize(("outcome", "status"), [("later", "kept"), ("reject", "rejected")])
    def test_keep_or_reject_needs_a_reason(self, home, outcome, status):
        idea = home.at("answered")
        with pytest.raises(IdeaError) as exc:
            services.idea_decide(actor=home.chair, idea=idea, outcome=outcome)
        assert exc.value.field == "reason"
        services.idea_decide(actor=home.chair, idea=idea, outcome=outcome, reason="投入产出比低")
        assert fresh(idea).status == status

    def test_a_reviewer_replaces_their_own_review_and_scores_are_bounded(self, home):
        idea = home.at("answered")
        scores = {"mass": 10, "novelty": 10, "practical": 10, "benefit": 10}
        services.review_record(actor=home.chair, idea=idea, scores=scores)
        services.review_record(actor=home.chair, idea=idea, scores={**scores, "benefit": 0})
        (review,) = Review.objects.filter(idea=idea)
        assert review.score == Decimal("70.0")
        with pytest.raises(IdeaError):
            services.review_record(actor=home.cadre, idea=idea, scores={**scores, "mass": 11})
        services.review_record(actor=home.cadre, idea=idea, scores=scores, recommendation="adopt")
        summary = selectors.review_summary(selectors.reviews_of(idea))
        assert summary["average"] == Decimal("85.0")
        assert {t["outcome"]: t["n"] for t in summary["tally"]}["adopt"] == 1

    def test_one_reward_per_idea(self, home):
        idea = home.at("adopted")
        services.reward_record(actor=home.chair, idea=idea, amount=100)
        with pytest.raises(IdeaError):
            services.reward_record(actor=home.chair, idea=fresh(idea), amount=100)

    def test_the_value_is_bounded(self, home):
        idea = home.at("implementing")
        for bad in ("-1", "abc", "100000000"):
            with pytest.raises(IdeaError) as exc:
                services.idea_verify(
                    actor=home.chair, idea=idea, value_created=bad, verification="x"
                )
            assert exc.value.field == "value_created"


class TestTheDepartmentsLink:
    def test_it_takes_one_answer(self, home):
        idea = home.at("accepted")
        request = services.idea_send(actor=home.chair, idea=idea, department="设备部")
        services.department_answer(token=request.token, answer="可行", name="张工")
        with pytest.raises(IdeaError):
            services.department_answer(token=request.token, answer="再答", name="李工")
        request.refresh_from_db()
        assert (request.answer, request.answered_by) == ("可行", "张工")
        entry = AuditEntry.objects.filter(
            action="ideas.departmentrequest.updated", object_id=str(request.pk)
        ).latest("id")
        assert entry.actor is None
        # The key never reaches the log.
        assert request.token not in str(
            list(AuditEntry.objects.filter(object_id=str(request.pk)).values_list("changes"))
        )

    def test_an_expired_link_is_refused(self, home):
        idea = home.at("accepted")
        request = services.idea_send(actor=home.chair, idea=idea, department="设备部")
        request.expires_on = timezone.localdate() - dt.timedelta(days=1)
        request.save()
        with pytest.raises(IdeaError):
            services.department_answer(token=request.token, answer="可行", name="张工")
        assert fresh(idea).status == "sent"

    def test_sending_again_withdraws_the_earlier_link(self, home):
        idea = home.at("accepted")
        first = services.idea_send(actor=home.chair, idea=idea, department="设备部")
        second = services.idea_send(actor=home.chair, idea=idea, department="生产部")
        first.refresh_from_db()
        assert first.revoked_at is not None and second.usable()
        with pytest.raises(IdeaError):
            services.department_answer(token=first.token, answer="x", name="y")
        services.department_answer(token=second.token, answer="生产部答复", name="王工")
        assert fresh(idea).department == "生产部"

    def test_the_committee_withdraws_a_link(self, home):
        idea = home.at("accepted")
        request = services.idea_send(actor=home.chair, idea=idea, department="设备部")
        services.request_withdraw(actor=home.chair, idea=idea)
        request.refresh_from_db()
        assert request.revoked_at is not None and fresh(idea).status == "accepted"
        with pytest.raises(IdeaError):
            services.department_answer(token=request.token, answer="x", name="y")
        with pytest.raises(IdeaError):
            services.request_withdraw(actor=home.chair, idea=fresh(idea))

    def test_a_recommendation_stays_out_of_the_log(self, home):
        idea = home.at("answered")
        review = services.review_record(
            actor=home.chair,
            idea=idea,
            scores={"mass": 1, "novelty": 1, "practical": 1, "benefit": 1},
            recommendation="reject",
        )
        changes = AuditEntry.objects.get(
            action="ideas.review.created", object_id=str(review.pk)
        ).changes
        assert "recommendation" not in changes and "score" in changes

    def test_an_unknown_or_short_token_is_refused(self, home):
        for token in ("", "abc", "x" * 43, "y" * 200):
            with pytest.raises(IdeaError):
                services.department_answer(token=token, answer="x", name="y")

    def test_an_answer_recorded_by_the_committee_closes_the_link(self, home):
        idea = home.at("accepted")
        request = services.idea_send(actor=home.chair, idea=idea, department="设备部")
        services.idea_record_answer(actor=home.chair, idea=idea, answer="电话答复可行")
        request.refresh_from_db()
        assert not request.usable()
        with pytest.raises(IdeaError):
            services.department_answer(token=request.token, answer="x", name="y")


class TestOverdue:
    def test_past_the_deadline_it_is_flagged(self, home):
        late = home.at("sent")
        on_time = home.at("sent")
        late.deadline = timezone.localdate() - dt.timedelta(days=1)
        late.save()
        assert late.is_overdue() and not on_time.is_overdue()
        assert list(selectors.overdue(home.union)) == [late]
        listed = selectors.filtered(selectors.ideas(home.union), {"overdue": "1"})
        assert list(listed) == [late]
        assert selectors.desk(home.union)["overdue"] == 1
        # Answered: no longer overdue, counted as answered late.
        services.idea_record_answer(actor=home.chair, idea=late, answer="迟到的答复")
        assert not fresh(late).is_overdue() and fresh(late).answered_late

    def test_a_deadline_in_the_past_is_refused(self, home):
        idea = home.at("accepted")
        with pytest.raises(IdeaError) as exc:
            services.idea_send(
                actor=home.chair,
                idea=idea,
                department="设备部",
                deadline=timezone.localdate() - dt.timedelta(days=1),
            )
        assert exc.value.field == "deadline"


class TestRewardThroughTheBooks:
    def test_the_reward_is_a_payout_voucher_on_50301(self, home):
        from gonghui.finance.models import SourcePosting, VoucherLine

        idea = home.at("verified", co_proposers=[home.colleague])
        reward = services.reward_record(
            actor=home.chair, idea=idea, amount=Decimal("600"), pay=True
        )
        reward.refresh_from_db()
        assert reward.paid_on == timezone.localdate() and reward.voucher_number
        assert reward.payee == "王师傅、李师傅"
        posting = SourcePosting.objects.get(source="ideas.reward", source_id=str(reward.pk))
        lines = {
            (ln.account_code, ln.debit, ln.credit)
            for ln in VoucherLine.objects.filter(voucher=posting.voucher)
        }
        assert ("50301", Decimal("600.00"), Decimal("0")) in lines
        assert posting.voucher.state == "submitted"
        with pytest.raises(IdeaError):
            services.reward_pay(actor=home.chair, reward=reward)


class TestRules:
    def test_weights_make_100_at_full_marks(self):
        full = {c.key: c.max_points for c in rules.CRITERIA}
        assert rules.weighted_score(full) == Decimal("100.0")
        assert rules.weighted_score(dict.fromkeys(full, 0)) == Decimal("0.0")
        with pytest.raises(ValueError):
            rules.weighted_score({**full, "mass": 11})
        with pytest.raises(ValueError):
            rules.weighted_score({"mass": 1})

    def test_rates_without_a_whole_are_none(self):
        assert rules.rate(1, 0) is None and rules.per_capita(3, 0) is None
        assert rules.rate(1, 3) == Decimal("33.3")
        assert rules.per_capita(2, 3) == Decimal("0.67")


class TestMetrics:
    def test_the_figures_match_the_records(self, home):
        home.at("submitted")
        home.at("not_accepted")
        home.at("rejected")
        home.at("implementing", co_proposers=[home.colleague])
        home.at("rewarded")
        home.at("adopted")
        year = timezone.localdate().year
        m = selectors.metrics(home.union, year)
        o = m["overall"]
        ideas = Idea.objects.filter(org=home.union, year=year)
        members = 1 + 1 + 7  # worker, colleague, others
        proposers = {i.proposer_id for i in ideas} | {
            m.pk for i in ideas for m in i.co_proposers.all()
        }
        adopted = [i for i in ideas if i.outcome in rules.ADOPTING]
        implemented = [i for i in ideas if i.implemented_at]
        assert o["ideas"] == ideas.count() == 6
        assert (o["members"], o["proposers"]) == (members, len(proposers))
        assert o["participation"] == rules.rate(len(proposers), members)
        assert o["per_capita"] == rules.per_capita(6, members)
        assert (o["adopted"], o["adoption"]) == (len(adopted), rules.rate(len(adopted), 6))
        assert o["implementation"] == rules.rate(len(implemented), len(adopted))
        assert o["value"] == sum((i.value_created or 0 for i in ideas), Decimal("0"))
        assert o["rewards"] == sum(r.amount for r in Reward.objects.filter(idea__in=ideas))
        dept = {r["department"]: r for r in m["by_department"]}
        assert dept["一车间"]["members"] == 2 and dept["一车间"]["proposers"] == 2
        assert dept["一车间"]["ideas"] == 6 and dept["二车间"]["ideas"] == 0
        handler = {r["department"]: r for r in m["by_handler"]}
        assert handler["设备部"]["sent"] == 3  # implementing, rewarded, adopted went there
        # From the district above: one row per union.
        up = selectors.metrics(home.union.parent, year)
        unions = {r["union"]: r for r in up["by_union"]}
        assert unions[home.union]["ideas"] == 6 and unions[home.other]["ideas"] == 0
        assert up["overall"]["ideas"] == 6
        assert selectors.metrics(home.union, year - 1)["overall"]["ideas"] == 0
