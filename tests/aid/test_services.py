"""Workflows of education aid and mutual medical aid, with the books underneath: every
payment and contribution a voucher, every reversal a 红字 voucher."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from gonghui.aid import books, selectors, services
from gonghui.aid.models import Application, Claim, ClaimBill, Enrolment, Payment, Scheme
from gonghui.aid.services import AidError
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.finance import posting
from gonghui.finance.models import SourcePosting, Voucher

from .conftest import (
    DAY,
    PNG,
    add_money,
    balance,
    books_net,
    holder,
    lines,
    make_application,
    make_fund,
    make_round,
    make_scheme,
    members,
    proof,
    voucher_of,
    vouchers_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(platform, union):
    return holder("chair", union)


@pytest.fixture
def rnd(platform, union):
    return make_round(union)


@pytest.fixture
def member(platform, union):
    return members(union, 1)[0]


# -- rounds and applications --------------------------------------------------------------


class TestRounds:
    def test_a_round_gets_the_default_standards_with_their_source(self, rnd):
        assert rnd.standards()["undergraduate"] == D("5000.00")
        assert rnd.standards()["high_school"] == D("3000.00")
        assert "天门" in rnd.standards_source
        assert AuditEntry.objects.filter(
            action="aid.aidround.created", object_id=str(rnd.pk)
        ).exists()

    def test_standards_are_configurable_per_round(self, platform, union):
        r = make_round(
            union, name="自定标准", standards={"undergraduate": D("2000"), "high_school": "800"}
        )
        assert r.standards() == {"undergraduate": D("2000.00"), "high_school": D("800.00")}

    def test_a_window_that_closes_before_it_opens_is_refused(self, platform, union):
        with pytest.raises(AidError):
            make_round(union, opens_on=dt.date(2026, 9, 1), closes_on=dt.date(2026, 8, 1))

    def test_a_round_belongs_to_the_union_even_when_created_from_a_group(
        self, platform, union, group, chair
    ):
        r = services.round_create(
            actor=chair,
            org=group,
            year=2031,
            name="小组发起",
            opens_on=DAY,
            closes_on=DAY,
        )
        assert r.org == union and group.parent == union


class TestApplications:
    def test_it_registers_an_application_with_its_proof(self, rnd, member):
        app = make_application(rnd, member)
        app.refresh_from_db()
        assert app.state == "applied" and app.proof.read().startswith(b"%PDF")
        assert AuditEntry.objects.filter(
            action="aid.application.created", object_id=str(app.pk)
        ).exists()

    def test_one_application_per_child_and_round(self, rnd, member):
        make_application(rnd, member, child="小明")
        with pytest.raises(AidError):
            make_application(rnd, member, child="小 明")
        assert Application.objects.filter(round=rnd).count() == 1

    def test_a_member_of_another_union_is_refused(self, rnd, other_union):
        other = members(other_union, 1)[0]
        with pytest.raises(AidError):
            make_application(rnd, other)

    def test_outside_the_window_is_refused(self, rnd, member, chair):
        with pytest.raises(AidError):
            services.application_create(
                actor=chair,
                rnd=rnd,
                member=member,
                proof=proof(),
                today=dt.date(2026, 6, 30),
                data={
                    "child_name": "甲",
                    "school": "乙",
                    "level": "undergraduate",
                    "income_per_head": 1,
                },
            )

    @pytest.mark.parametrize(
        "upload",
        [
            ("setup.exe", b"MZ\x90\x00"),
            ("proof.pdf", b"MZ\x90\x00 not a pdf"),  # renamed file
            ("photo.png", b"%PDF-1.4"),
        ],
    )
    def test_files_other_than_real_pdf_jpg_png_are_refused(self, rnd, member, chair, upload):
        with pytest.raises(AidError):
            services.application_create(
                actor=chair,
                rnd=rnd,
                member=member,
                proof=proof(*upload),
                today=DAY,
                data={
                    "child_name": "甲",
                    "school": "乙",
                    "level": "undergraduate",
                    "income_per_head": 1,
                },
            )
        assert not Application.objects.filter(round=rnd).exists()

    def test_a_png_proof_is_accepted(self, rnd, member, chair):
        app = services.application_create(
            actor=chair,
            rnd=rnd,
            member=member,
            proof=proof("card.png", PNG),
            today=DAY,
            data={"child_name": "甲", "school": "乙", "level": "high_school", "income_per_head": 1},
        )
        assert app.proof.name.endswith(".png")

    def test_a_level_without_a_standard_is_refused(self, platform, union, member):
        r = make_round(union, name="只助大学", standards={"undergraduate": D("5000")})
        with pytest.raises(AidError):
            make_application(r, member, level="high_school")

    def test_approval_defaults_to_the_standard_and_cannot_exceed_it(self, rnd, member, chair):
        app = make_application(rnd, member)
        with pytest.raises(AidError):
            services.application_decide(
                actor=chair, application=app, approve=True, amount=D("5000.01")
            )
        services.application_decide(actor=chair, application=app, approve=True)
        app.refresh_from_db()
        assert app.state == "approved" and app.amount == D("5000.00")

    def test_refusal_needs_a_reason(self, rnd, member, chair):
        app = make_application(rnd, member)
        with pytest.raises(AidError):
            services.application_decide(actor=chair, application=app, approve=False)
        services.application_decide(actor=chair, application=app, approve=False, reason="收入超标")
        app.refresh_from_db()
        assert app.state == "rejected" and app.decision_reason == "收入超标"


# -- payments ---------------------------------------------------------------------------------


@pytest.fixture
def approved(rnd, member, chair):
    app = make_application(rnd, member)
    services.application_decide(actor=chair, application=app, approve=True, amount=D("4999.99"))
    return app


class TestPayments:
    def test_paying_posts_a_voucher_and_writes_the_payment(self, approved, chair, union):
        fund = make_fund(union, balance=D("10000.00"))
        payment = services.application_pay(actor=chair, application=approved, fund=fund, date=DAY)
        approved.refresh_from_db()
        assert approved.state == "paid"
        voucher = voucher_of("aid.application", approved.pk)
        assert (voucher.state, voucher.kind, voucher.date) == ("submitted", "payout", DAY)
        assert voucher.prepared_by == chair and voucher.number.startswith("记-")
        # 金秋助学 is 送温暖 (50405); the fund rides on the bank line.
        assert lines(voucher) == [
            ("102", D("0"), D("4999.99"), None, None, fund.pk, ""),
            ("50405", D("4999.99"), D("0"), False, None, None, approved.member.name),
        ]
        # The books are read by finance, auditors and the upper union: no child, no school.
        assert approved.child_name not in voucher.summary
        assert approved.school not in voucher.summary
        assert f"申请第{approved.pk}号" in voucher.summary
        assert payment.fund_entry_id is None
        assert payment.booking.number == voucher.number
        fresh = Payment.objects.get(pk=payment.pk)
        assert (fresh.booking.number, fresh.booking.state, fresh.booking.fund_id) == (
            voucher.number,
            "submitted",
            fund.pk,
        )
        # A payout waiting for review has left the fund already.
        assert balance(fund) == D("5000.01")
        assert AuditEntry.objects.filter(
            action="aid.payment.created", object_id=str(payment.pk)
        ).exists()

    def test_it_is_paid_only_once(self, approved, chair, union):
        fund = make_fund(union)
        services.application_pay(actor=chair, application=approved, fund=fund, date=DAY)
        with pytest.raises(AidError):
            services.application_pay(actor=chair, application=approved, fund=fund, date=DAY)
        assert Payment.objects.filter(application=approved).count() == 1
        assert len(vouchers_for("aid.application")) == 1
        assert balance(fund) == D("10000.00") - approved.amount

    def test_the_books_refuse_a_second_booking_with_aids_message(self, approved, chair, union):
        fund = make_fund(union)
        voucher = posting.payout_post(
            actor=chair,
            org=union,
            source="aid.application",
            source_id=str(approved.pk),
            date=DAY,
            summary="另行入账",
            fund=fund,
            items=[posting.Item("50405", D("1.00"))],
        )
        with pytest.raises(AidError, match=voucher.number):
            services.application_pay(actor=chair, application=approved, fund=fund, date=DAY)
        approved.refresh_from_db()
        assert approved.state == "approved"
        assert not Payment.objects.filter(application=approved).exists()

    def test_more_than_the_balance_is_refused_and_nothing_is_written(self, approved, chair, union):
        fund = make_fund(union, balance=D("4999.98"))
        vouchers = Voucher.objects.count()
        with pytest.raises(AidError, match="4,999.98|4999.98"):
            services.application_pay(actor=chair, application=approved, fund=fund, date=DAY)
        approved.refresh_from_db()
        assert approved.state == "approved"
        assert (
            Voucher.objects.count() == vouchers
            and not SourcePosting.objects.filter(source="aid.application").exists()
            and not Payment.objects.filter(application=approved).exists()
        )
        assert balance(fund) == D("4999.98")

    def test_a_closed_fund_is_refused(self, approved, chair, union):
        fund = make_fund(union, balance=D("0"))
        fund.is_active = False
        fund.save()
        with pytest.raises(AidError, match=fund.name):
            services.application_pay(actor=chair, application=approved, fund=fund, date=DAY)
        assert not vouchers_for("aid.application")

    def test_a_fund_of_another_union_is_refused(self, approved, chair, other_union):
        fund = make_fund(other_union)
        with pytest.raises(AidError):
            services.application_pay(actor=chair, application=approved, fund=fund, date=DAY)
        assert not vouchers_for("aid.application")

    def test_a_payment_is_never_edited_or_deleted(self, approved, chair, union):
        payment = services.application_pay(
            actor=chair, application=approved, fund=make_fund(union), date=DAY
        )
        payment = Payment.objects.get(pk=payment.pk)
        payment.amount = D("1.00")
        with pytest.raises(ValueError):
            payment.save()
        with pytest.raises(ValueError):
            Payment.objects.get(pk=payment.pk).delete()
        with pytest.raises(TypeError):
            Payment.objects.filter(pk=payment.pk).update(amount=D("1.00"))

    def test_a_reversal_keeps_both_vouchers_and_allows_a_corrected_payment(
        self, approved, chair, union
    ):
        fund = make_fund(union, balance=D("10000.00"))
        first = services.application_pay(actor=chair, application=approved, fund=fund, date=DAY)
        original = voucher_of("aid.application", approved.pk)
        with pytest.raises(AidError):
            services.payment_reverse(actor=chair, payment=first, reason="  ")
        services.payment_reverse(
            actor=chair, payment=first, reason="金额录错", date=DAY + dt.timedelta(days=1)
        )
        first.refresh_from_db()
        approved.refresh_from_db()
        assert first.reversed and first.reversed_on == DAY + dt.timedelta(days=1)
        red = Voucher.objects.get(reverses=original)
        assert (red.kind, red.state, red.date) == ("reversal", "submitted", first.reversed_on)
        assert "金额录错" in red.summary and original.number in red.summary
        # 红字: the same accounts in negative amounts.
        assert [(a, d, c, f) for a, d, c, _r, _p, f, _n in lines(red)] == [
            ("102", D("0"), D("-4999.99"), fund.pk),
            ("50405", D("-4999.99"), D("0"), None),
        ]
        assert first.booking.reversal_number == red.number
        assert first.booking.number == original.number
        assert approved.state == "reversed"
        assert balance(fund) == D("10000.00")
        with pytest.raises(AidError):
            services.payment_reverse(actor=chair, payment=first, reason="再来一次")
        assert Voucher.objects.filter(reverses=original).count() == 1
        # Decided again with the right amount and paid again.
        services.application_decide(
            actor=chair, application=approved, approve=True, amount=D("3000")
        )
        second = services.application_pay(actor=chair, application=approved, fund=fund, date=DAY)
        assert balance(fund) == D("7000.00")
        assert Payment.objects.filter(application=approved).count() == 2
        # The payout, its 红字 voucher and the corrected payout: nothing booked twice.
        assert len(vouchers_for("aid.application")) == 3
        third = voucher_of("aid.application", approved.pk)
        assert third not in (original, red) and third.total == D("3000.00")
        assert books_net(fund, "aid.application") == D("3000.00")
        # Each payment reads its own voucher back, the first its reversal too.
        first_again, second_again = Payment.objects.filter(application=approved).order_by("id")
        books.attach_payments([first_again, second_again])
        assert (first_again.booking.number, first_again.booking.reversal_number) == (
            original.number,
            red.number,
        )
        assert (second_again.booking.number, second_again.booking.reversal_number) == (
            third.number,
            None,
        )
        assert AuditEntry.objects.filter(
            action="aid.payment.updated", object_id=str(first.pk)
        ).exists()
        assert second.amount == D("3000.00")


# -- records of the old funds ledger ------------------------------------------------------------


def _old_entry(fund, seq, date, *, income=D("0"), expense=D("0"), source, source_id, reverses=None):
    """An entry of the old funds ledger, as it was written before the books."""
    from gonghui.funds.models import FundEntry

    entry = FundEntry(
        fund=fund,
        voucher_no=f"{date.year}-{seq:04d}",
        voucher_year=date.year,
        voucher_seq=seq,
        date=date,
        summary="旧账",
        income=income,
        expense=expense,
        source=source,
        source_id=source_id,
        reverses=reverses,
    )
    entry.save()
    return entry


class TestOldLedgerRecords:
    """Records paid through the old funds ledger: the funds' migration gives their vouchers
    SourcePosting rows under the same (source, source_id), and aid reads them back."""

    def test_a_payment_reversed_in_the_old_ledger_and_paid_again(self, approved, chair, union):
        fund = make_fund(union, balance=D("10000.00"))
        paid_on, reversed_on = DAY, DAY + dt.timedelta(days=2)
        amount, key = approved.amount, str(approved.pk)
        old = _old_entry(fund, 1, paid_on, expense=amount, source="aid.application", source_id=key)
        old_red = _old_entry(
            fund,
            2,
            reversed_on,
            income=amount,
            source="aid.application",
            source_id=key,
            reverses=old,
        )
        # What the migration books for them.
        original = posting.payout_post(
            actor=chair,
            org=union,
            source="aid.application",
            source_id=key,
            date=paid_on,
            summary="旧账迁移",
            fund=fund,
            items=[posting.Item("50405", amount)],
        )
        red = posting.posting_reverse(
            actor=chair,
            org=union,
            source="aid.application",
            source_id=key,
            date=reversed_on,
            reason="旧账冲销",
        )
        legacy = Payment(
            org=union,
            application=approved,
            amount=amount,
            paid_on=paid_on,
            fund_entry=old,
            reversal_entry=old_red,
            reversal_reason="旧账冲销",
        )
        legacy.save()
        # The migration of aid dates the reversal from the old reversing entry.
        import importlib

        from django.apps import apps

        step = importlib.import_module("gonghui.aid.migrations.0003_books")
        step.reversed_on_from_entries(apps, None)
        legacy.refresh_from_db()
        assert legacy.reversed and legacy.reversed_on == reversed_on
        # The application is decided again and paid through the books.
        approved.state = "reversed"
        approved.save()
        services.application_decide(actor=chair, application=approved, approve=True)
        again = services.application_pay(actor=chair, application=approved, fund=fund, date=DAY)
        listed = books.attach_payments(list(Payment.objects.filter(application=approved)))
        by_id = {p.pk: p.booking for p in listed}
        assert (by_id[legacy.pk].number, by_id[legacy.pk].reversal_number) == (
            original.number,
            red.number,
        )
        assert by_id[again.pk].number == voucher_of("aid.application", approved.pk).number
        assert by_id[again.pk].number not in (original.number, red.number)
        assert by_id[again.pk].reversal_number is None
        # Only the standing payment is in the report, as in the books.
        assert selectors.education_report(union, 2031).amount == again.amount
        assert books_net(fund, "aid.application") == again.amount

    def test_a_bulk_enrolment_of_the_old_ledger_shares_its_voucher(self, platform, union):
        hchair = holder("chair", union)
        scheme = make_scheme(union)
        ms = members(union, 2)
        key, day = f"{scheme.pk}:bulk:{ms[0].pk}-2", dt.date(2031, 1, 5)
        old = _old_entry(
            scheme.fund, 1, day, income=D("60.00"), source="aid.enrolment", source_id=key
        )
        receipt = posting.receipt_post(
            actor=hchair,
            org=union,
            source="aid.enrolment",
            source_id=key,
            date=day,
            summary="旧账迁移",
            fund=scheme.fund,
            items=[posting.Item("408", D("60.00"), restricted=True)],
        )
        for m in ms:
            Enrolment(
                scheme=scheme, member=m, contribution=D("30.00"), paid_on=day, fund_entry=old
            ).save()
        listed = books.attach_enrolments(
            list(Enrolment.objects.filter(scheme=scheme).select_related("fund_entry"))
        )
        assert [e.booking.number for e in listed] == [receipt.number] * 2
        # A member enrolled since, through the books, reads a voucher of their own.
        late = services.enrolment_create(
            actor=hchair, scheme=scheme, member=members(union, 1)[0], date=day
        )
        again = Enrolment.objects.get(pk=late.pk)
        assert (
            again.booking.number
            == voucher_of("aid.enrolment", f"{scheme.pk}:{late.member_id}").number
        )
        assert again.booking.number != receipt.number


# -- medical mutual aid ---------------------------------------------------------------------------


@pytest.fixture
def hchair(platform, union):
    return holder("chair", union)


@pytest.fixture
def scheme(platform, union):
    return make_scheme(union)


def _claim(scheme, member, *, eligible, category="inpatient", day=dt.date(2031, 3, 1)):
    return services.claim_create(
        actor=holder("chair", scheme.org),
        scheme=scheme,
        member=member,
        hospital="示范区人民医院",
        admitted_on=day,
        discharged_on=day + dt.timedelta(days=5),
        bills=[{"category": category, "total": D(eligible) + 1000, "eligible": D(eligible)}],
    )


def _approve(claim):
    who = holder("chair", claim.scheme.org)
    services.claim_review(actor=who, claim=claim)
    return services.claim_decide(actor=who, claim=claim, approve=True)


class TestSchemes:
    def test_rules_are_stored_as_data_with_their_source(self, scheme, union):
        assert scheme.rules.deductible == D("500.00")
        assert len(scheme.rules.brackets) == 3 and scheme.rules.brackets[-1].upto is None
        assert scheme.rules_source
        assert scheme.org == union

    def test_a_fund_of_another_union_is_refused(self, platform, union, other_union):
        with pytest.raises(AidError):
            make_scheme(union, fund=make_fund(other_union, "medical"))
        assert not Scheme.objects.filter(org=union).exists()

    def test_the_scheme_is_a_project_of_special_purpose_money(self, scheme, union):
        from gonghui.finance.models import Project

        project = Project.objects.get(org=union, code=f"YL-{scheme.pk}")
        assert project.restricted and project.name == scheme.name

    def test_enrolment_pays_the_contribution_into_the_medical_fund(self, scheme, hchair, union):
        m = members(union, 1)[0]
        e = services.enrolment_create(
            actor=hchair, scheme=scheme, member=m, date=dt.date(2031, 1, 5)
        )
        voucher = voucher_of("aid.enrolment", f"{scheme.pk}:{m.pk}")
        assert (voucher.state, voucher.date) == ("submitted", dt.date(2031, 1, 5))
        # 医疗互助 contributions: 408 其他收入, 专项, on the scheme's project.
        assert lines(voucher) == [
            ("102", D("30.00"), D("0"), None, None, scheme.fund_id, ""),
            ("408", D("0"), D("30.00"), True, f"YL-{scheme.pk}", None, m.name),
        ]
        assert e.fund_entry_id is None and e.booking.number == voucher.number
        assert Enrolment.objects.get(pk=e.pk).booking.number == voucher.number
        assert balance(scheme.fund) == D("30.00")
        with pytest.raises(AidError):
            services.enrolment_create(actor=hchair, scheme=scheme, member=m)
        assert len(vouchers_for("aid.enrolment")) == 1

    def test_bulk_enrolment_is_one_voucher_for_the_whole_roll(self, scheme, hchair, union):
        roll = members(union, 4) + members(union, 3)  # two groups of the union
        rows = services.enrolment_bulk(actor=hchair, scheme=scheme, date=dt.date(2031, 1, 5))
        assert len(rows) == len(roll) and {e.member for e in rows} == set(roll)
        (voucher,) = vouchers_for("aid.enrolment")
        total = D("30.00") * len(rows)
        payees = lines(voucher)[1][-1]
        assert [ln[:5] for ln in lines(voucher)] == [
            ("102", total, D("0"), None, None),
            ("408", D("0"), total, True, f"YL-{scheme.pk}"),
        ]
        assert payees.startswith(rows[0].member.name) and str(len(rows)) in payees
        # One part per member, so that one contribution can be reversed alone.
        parts = SourcePosting.objects.filter(source="aid.enrolment", amount__isnull=False)
        assert sorted(parts.values_list("amount", flat=True)) == [D("30.00")] * len(rows)
        assert balance(scheme.fund) == total
        assert Enrolment.objects.filter(scheme=scheme).count() == len(rows)
        assert AuditEntry.objects.filter(
            action="aid.enrolment.created", object_id=str(rows[0].pk)
        ).exists()
        with pytest.raises(AidError):
            services.enrolment_bulk(actor=hchair, scheme=scheme)
        # Each enrolment finds the voucher back, whether the query names the members (a
        # page) or reads the scheme's postings whole (a long list).
        listed = books.attach_enrolments(list(Enrolment.objects.filter(scheme=scheme)))
        assert {e.booking.number for e in listed} == {voucher.number}
        whole = list(Enrolment.objects.filter(scheme=scheme))
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(books, "MEMBERS_IN_PATTERN", 1)
            books.attach_enrolments(whole)
        assert [e.booking for e in whole] == [e.booking for e in listed]

    def test_one_contribution_of_a_bulk_enrolment_is_reversed_alone(self, scheme, hchair, union):
        roll = members(union, 3)
        rows = services.enrolment_bulk(actor=hchair, scheme=scheme, date=dt.date(2031, 1, 5))
        (voucher,) = vouchers_for("aid.enrolment")
        gone = rows[1]
        (part,) = SourcePosting.objects.filter(
            source="aid.enrolment", source_id__endswith=f":{gone.member_id}"
        )
        red = posting.posting_reverse(
            actor=hchair,
            org=union,
            source="aid.enrolment",
            source_id=part.source_id,
            date=dt.date(2031, 1, 9),
            reason="重复扣缴",
        )
        assert [ln[:5] for ln in lines(red)] == [
            ("102", D("-30.00"), D("0"), None, None),
            ("408", D("0"), D("-30.00"), True, f"YL-{scheme.pk}"),
        ]
        assert balance(scheme.fund) == D("30.00") * (len(roll) - 1)
        listed = books.attach_enrolments(list(Enrolment.objects.filter(scheme=scheme)))
        by_member = {e.member_id: e.booking for e in listed}
        assert by_member[gone.member_id].reversal_number == red.number
        assert {b.number for b in by_member.values()} == {voucher.number}
        assert [m for m, b in by_member.items() if b.reversal_number] == [gone.member_id]

    def test_the_contribution_is_fixed_once_members_are_enrolled(self, scheme, hchair, union):
        services.enrolment_create(actor=hchair, scheme=scheme, member=members(union, 1)[0])
        with pytest.raises(AidError):
            services.scheme_update(actor=hchair, scheme=scheme, data={"contribution": D("40")})


@pytest.fixture
def enrolled(scheme, hchair, union):
    ms = members(union, 2)
    services.enrolment_bulk(actor=hchair, scheme=scheme, members=ms, date=dt.date(2031, 1, 5))
    add_money(scheme.fund, D("50000"), date=dt.date(2031, 1, 6), actor=hchair)
    return ms


class TestClaims:
    def test_a_member_not_enrolled_cannot_claim(self, scheme, enrolled, union):
        with pytest.raises(AidError):
            _claim(scheme, members(union, 1)[0], eligible="1000")
        assert not Claim.objects.filter(scheme=scheme).exists()

    def test_a_stay_ending_outside_the_scheme_year_is_refused(self, scheme, enrolled):
        with pytest.raises(AidError):
            _claim(scheme, enrolled[0], eligible="1000", day=dt.date(2030, 12, 20))

    def test_approval_snapshots_the_payout_of_the_rules(self, scheme, enrolled):
        claim = _approve(_claim(scheme, enrolled[0], eligible="10001.00"))
        claim.refresh_from_db()
        assert claim.state == "approved" and claim.payout == D("4750.60")
        assert claim.breakdown["payout"] == "4750.60"

    def test_the_yearly_cap_holds_across_claims(self, scheme, enrolled, hchair):
        first = _approve(_claim(scheme, enrolled[0], eligible="30000.00"))
        assert first.payout == D("16750.00")
        second = _approve(_claim(scheme, enrolled[0], eligible="10500.00", day=dt.date(2031, 6, 1)))
        assert second.payout == D("3250.00")
        third = _claim(scheme, enrolled[0], eligible="5000.00", day=dt.date(2031, 9, 1))
        services.claim_review(actor=hchair, claim=third)
        with pytest.raises(AidError):
            services.claim_decide(actor=hchair, claim=third, approve=True)
        # Another member has their own cap.
        assert _approve(_claim(scheme, enrolled[1], eligible="10000.00")).payout == D("4750.00")

    def test_below_the_deductible_must_be_rejected_with_a_reason(self, scheme, enrolled, hchair):
        claim = _claim(scheme, enrolled[0], eligible="400.00")
        services.claim_review(actor=hchair, claim=claim)
        with pytest.raises(AidError):
            services.claim_decide(actor=hchair, claim=claim, approve=True)
        with pytest.raises(AidError):
            services.claim_decide(actor=hchair, claim=claim, approve=False)
        services.claim_decide(actor=hchair, claim=claim, approve=False, reason="未达起付线")
        claim.refresh_from_db()
        assert claim.state == "rejected"

    def test_bills_are_fixed_once_decided(self, scheme, enrolled, hchair):
        claim = _approve(_claim(scheme, enrolled[0], eligible="2000"))
        with pytest.raises(AidError):
            services.bill_add(actor=hchair, claim=claim, category="inpatient", total=1, eligible=1)

    def test_a_claim_is_decided_only_after_review(self, scheme, enrolled, hchair):
        claim = _claim(scheme, enrolled[0], eligible="2000")
        with pytest.raises(AidError):
            services.claim_decide(actor=hchair, claim=claim, approve=True)

    def test_pay_reverse_and_pay_again(self, scheme, enrolled, hchair):
        claim = _approve(_claim(scheme, enrolled[0], eligible="2500.00"))
        before = balance(scheme.fund)
        payment = services.claim_pay(actor=hchair, claim=claim, date=dt.date(2031, 3, 20))
        claim.refresh_from_db()
        assert claim.state == "paid" and payment.amount == D("1000.00")
        voucher = voucher_of("aid.claim", claim.pk)
        # 医疗互助 payouts: 50305 其他服务 (互助保障), 专项, on the scheme's project.
        assert lines(voucher) == [
            ("102", D("0"), D("1000.00"), None, None, scheme.fund_id, ""),
            ("50305", D("1000.00"), D("0"), True, f"YL-{scheme.pk}", None, enrolled[0].name),
        ]
        assert voucher.lines.get(account_code="50305").expense_type == "project"
        assert payment.booking.fund_id == scheme.fund_id
        # Hospital and dates are health data: not in the books.
        assert claim.hospital not in voucher.summary
        assert str(claim.admitted_on) not in voucher.summary
        assert f"理赔第{claim.pk}号" in voucher.summary
        assert balance(scheme.fund) == before - D("1000.00")
        services.payment_reverse(actor=hchair, payment=payment, reason="票据重复")
        claim.refresh_from_db()
        assert claim.state == "reversed" and balance(scheme.fund) == before
        red = Voucher.objects.get(reverses=voucher)
        assert [ln[:5] for ln in lines(red)] == [
            ("102", D("0"), D("-1000.00"), None, None),
            ("50305", D("-1000.00"), D("0"), True, f"YL-{scheme.pk}"),
        ]
        # A reversed claim no longer holds part of the yearly cap; it is reviewed again.
        assert services.paid_before(Claim(enrolment=claim.enrolment, pk=0)) == D("0")
        _approve(claim)
        services.claim_pay(actor=hchair, claim=claim, date=dt.date(2031, 3, 28))
        assert balance(scheme.fund) == before - D("1000.00")
        assert len(vouchers_for("aid.claim")) == 3


# -- the books and the reports agree to the fen ------------------------------------------------


def test_education_ledger_and_report_agree_to_the_fen(platform, union):
    chair = holder("chair", union)
    rnd = make_round(
        union,
        name="对账测试",
        standards={"undergraduate": D("4999.99"), "high_school": D("3000.01")},
    )
    fund = make_fund(union, balance=D("20000.00"))
    apps = [
        make_application(rnd, m, level=level, child=f"孩子{i}")
        for i, (m, level) in enumerate(
            zip(members(union, 4), ["undergraduate", "high_school"] * 2, strict=True)
        )
    ]
    payments = []
    for app in apps:
        services.application_decide(actor=chair, application=app, approve=True)
        payments.append(services.application_pay(actor=chair, application=app, fund=fund, date=DAY))
    services.payment_reverse(actor=chair, payment=payments[1], reason="重复申请")
    services.application_decide(actor=chair, application=apps[1], approve=False, reason="重复申请")
    services.payment_reverse(actor=chair, payment=payments[2], reason="金额有误")
    services.application_decide(actor=chair, application=apps[2], approve=True, amount=D("1234.56"))
    services.application_pay(actor=chair, application=apps[2], fund=fund, date=DAY)

    report = selectors.education_report(union, 2031)
    expected = D("4999.99") + D("1234.56") + D("3000.01")
    assert report.amount == expected and report.people == 3
    assert books_net(fund, "aid.application") == report.amount
    assert balance(fund) == D("20000.00") - report.amount
    by_level = {row.level: (row.people, row.amount) for row in report.levels}
    assert by_level == {"undergraduate": (2, D("6234.55")), "high_school": (1, D("3000.01"))}


def test_medical_ledger_and_report_agree_to_the_fen(platform, union):
    hchair = holder("chair", union)
    scheme = make_scheme(union, contribution=D("33.33"))
    ms = members(union, 3)
    services.enrolment_bulk(actor=hchair, scheme=scheme, members=ms[:2], date=dt.date(2031, 1, 5))
    services.enrolment_create(actor=hchair, scheme=scheme, member=ms[2], date=dt.date(2031, 1, 6))
    add_money(scheme.fund, D("9000.00"), date=dt.date(2031, 1, 7), actor=hchair)
    claims = [
        _approve(_claim(scheme, ms[0], eligible="1234.57")),
        _approve(_claim(scheme, ms[1], eligible="10001.00")),
        _approve(_claim(scheme, ms[2], eligible="777.77")),
    ]
    paid = [services.claim_pay(actor=hchair, claim=c, date=dt.date(2031, 4, 1)) for c in claims]
    services.payment_reverse(actor=hchair, payment=paid[2], reason="不符合条件")

    report = selectors.medical_report(union, 2031)
    assert report.enrolled == 3 and report.contributions == D("99.99")
    assert report.paid_claims == 2
    assert report.amount == D("367.29") + D("4750.60")  # 734.57 × 50% → 367.285 → 367.29
    assert books_net(scheme.fund, "aid.claim") == report.amount
    assert -books_net(scheme.fund, "aid.enrolment") == report.contributions
    assert balance(scheme.fund) == D("9000.00") + report.contributions - report.amount


def test_year_figures_and_ledger_agree(platform, union):
    """A 2026 round with two paid applications and a 2026 scheme with one paid claim."""
    from gonghui.aid import hooks

    chair = holder("chair", union)
    rnd = make_round(union, name="2026年金秋助学", year=2026)
    fund = make_fund(union, balance=D("12000.00"))
    for i, m in enumerate(members(union, 2)):
        app = make_application(rnd, m, child=f"孩子{i}")
        services.application_decide(actor=chair, application=app, approve=True)
        services.application_pay(actor=chair, application=app, fund=fund, date=DAY)
    report = selectors.education_report(union, 2026)
    assert report.people == 2 and report.amount == D("10000.00")
    assert books_net(fund, "aid.application") == report.amount
    figures = {fig.key: fig.value for fig in hooks.year_figures(union, 2026)}
    assert figures["aid.education.people"] == 2 and figures["aid.education.amount"] == D("10000.00")

    scheme = make_scheme(union, year=2026)
    ms = members(union, 2)
    services.enrolment_bulk(actor=chair, scheme=scheme, members=ms, date=dt.date(2026, 1, 5))
    add_money(scheme.fund, D("5000"), date=dt.date(2026, 1, 6), actor=chair)
    claim = _approve(_claim(scheme, ms[0], eligible="2500.00", day=dt.date(2026, 3, 1)))
    services.claim_pay(actor=chair, claim=claim, date=dt.date(2026, 3, 20))
    med = selectors.medical_report(union, 2026)
    assert med.paid_claims == 1 and med.amount == D("1000.00")
    assert books_net(scheme.fund, "aid.claim") == med.amount
    assert {fig.key for fig in hooks.year_figures(union, 2026)} >= {
        "aid.medical.enrolled",
        "aid.medical.amount",
    }


# -- what is read out: scans and reports, each reading logged ---------------------------------


def test_an_opened_scan_is_logged_and_a_missing_one_is_none(rnd, member, chair):
    app = make_application(rnd, member)
    with unscoped():
        name, content, media_type = services.scan_open(actor=chair, record=app)
        assert AuditEntry.objects.filter(
            action="aid.application.file_viewed", object_id=str(app.pk)
        ).exists()
        assert services.scan_open(actor=chair, record=ClaimBill()) is None
    assert name.endswith(".pdf") and content.startswith(b"%PDF")
    assert media_type == "application/pdf"


@pytest.mark.parametrize(
    ("programme", "title"), [("education", "金秋助学统计"), ("medical", "医疗互助统计")]
)
def test_a_report_export_is_a_workbook_and_logged(platform, union, chair, programme, title):
    with unscoped():
        name, content = services.report_export(
            actor=chair, org=union, year=2026, programme=programme
        )
        log = AuditEntry.objects.filter(action=f"aid.{programme}_report.exported").latest("id")
    assert name == f"{union.name}2026年{title}.xlsx" and content.startswith(b"PK")
    assert log.org == union and log.changes["rows"][0] is None
