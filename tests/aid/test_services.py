"""Workflows of education aid and mutual medical aid, with the funds ledger underneath."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from gonghui.aid import selectors, services
from gonghui.aid.models import Application, Claim, ClaimBill, Enrolment, Payment, Scheme
from gonghui.aid.services import AidError
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.funds.models import FundEntry

from .conftest import (
    DAY,
    PNG,
    holder,
    make_application,
    make_fund,
    make_round,
    make_scheme,
    members,
    proof,
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
    def test_paying_writes_the_ledger_and_the_payment(self, approved, chair, union):
        fund = make_fund(union, balance=D("10000.00"))
        payment = services.application_pay(actor=chair, application=approved, fund=fund, date=DAY)
        approved.refresh_from_db()
        assert approved.state == "paid"
        entry = FundEntry.objects.get(pk=payment.fund_entry_id)
        assert entry.expense == D("4999.99") and entry.source == "aid.application"
        assert entry.source_id == str(approved.pk)
        # The ledger is read by finance, auditors and the upper union: no child, no school.
        assert approved.child_name not in entry.summary and approved.school not in entry.summary
        assert str(approved.pk) in entry.summary
        assert fund.balance == D("5000.01")
        assert AuditEntry.objects.filter(
            action="aid.payment.created", object_id=str(payment.pk)
        ).exists()

    def test_it_is_paid_only_once(self, approved, chair, union):
        fund = make_fund(union)
        services.application_pay(actor=chair, application=approved, fund=fund, date=DAY)
        with pytest.raises(AidError):
            services.application_pay(actor=chair, application=approved, fund=fund, date=DAY)
        assert Payment.objects.filter(application=approved).count() == 1

    def test_more_than_the_balance_is_refused_and_nothing_is_written(self, approved, chair, union):
        fund = make_fund(union, balance=D("4999.98"))
        entries = FundEntry.objects.count()
        with pytest.raises(AidError, match="4,999.98|4999.98"):
            services.application_pay(actor=chair, application=approved, fund=fund, date=DAY)
        approved.refresh_from_db()
        assert approved.state == "approved"
        assert (
            FundEntry.objects.count() == entries
            and not Payment.objects.filter(application=approved).exists()
        )

    def test_a_fund_of_another_union_is_refused(self, approved, chair, other_union):
        fund = make_fund(other_union)
        with pytest.raises(AidError):
            services.application_pay(actor=chair, application=approved, fund=fund, date=DAY)

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

    def test_a_reversal_keeps_both_entries_and_allows_a_corrected_payment(
        self, approved, chair, union
    ):
        fund = make_fund(union, balance=D("10000.00"))
        first = services.application_pay(actor=chair, application=approved, fund=fund, date=DAY)
        with pytest.raises(AidError):
            services.payment_reverse(actor=chair, payment=first, reason="  ")
        services.payment_reverse(actor=chair, payment=first, reason="金额录错")
        first.refresh_from_db()
        approved.refresh_from_db()
        assert first.reversed and first.reversal_entry.income == D("4999.99")
        assert approved.state == "reversed"
        assert fund.balance == D("10000.00")
        with pytest.raises(AidError):
            services.payment_reverse(actor=chair, payment=first, reason="再来一次")
        # Decided again with the right amount and paid again.
        services.application_decide(
            actor=chair, application=approved, approve=True, amount=D("3000")
        )
        second = services.application_pay(actor=chair, application=approved, fund=fund, date=DAY)
        assert fund.balance == D("7000.00")
        assert Payment.objects.filter(application=approved).count() == 2
        assert FundEntry.objects.filter(fund=fund, source="aid.application").count() == 3
        assert AuditEntry.objects.filter(
            action="aid.payment.updated", object_id=str(first.pk)
        ).exists()
        assert second.amount == D("3000.00")


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

    def test_enrolment_pays_the_contribution_into_the_medical_fund(self, scheme, hchair, union):
        m = members(union, 1)[0]
        e = services.enrolment_create(
            actor=hchair, scheme=scheme, member=m, date=dt.date(2031, 1, 5)
        )
        assert e.fund_entry.income == D("30.00") and e.fund_entry.source == "aid.enrolment"
        assert scheme.fund.balance == D("30.00")
        with pytest.raises(AidError):
            services.enrolment_create(actor=hchair, scheme=scheme, member=m)

    def test_bulk_enrolment_is_one_entry_for_the_whole_roll(self, scheme, hchair, union):
        roll = members(union, 4) + members(union, 3)  # two groups of the union
        rows = services.enrolment_bulk(actor=hchair, scheme=scheme, date=dt.date(2031, 1, 5))
        assert len(rows) == len(roll) and {e.member for e in rows} == set(roll)
        assert len({e.fund_entry_id for e in rows}) == 1
        assert scheme.fund.balance == D("30.00") * len(rows)
        assert Enrolment.objects.filter(scheme=scheme).count() == len(rows)
        assert AuditEntry.objects.filter(
            action="aid.enrolment.created", object_id=str(rows[0].pk)
        ).exists()
        with pytest.raises(AidError):
            services.enrolment_bulk(actor=hchair, scheme=scheme)

    def test_the_contribution_is_fixed_once_members_are_enrolled(self, scheme, hchair, union):
        services.enrolment_create(actor=hchair, scheme=scheme, member=members(union, 1)[0])
        with pytest.raises(AidError):
            services.scheme_update(actor=hchair, scheme=scheme, data={"contribution": D("40")})


@pytest.fixture
def enrolled(scheme, hchair, union):
    ms = members(union, 2)
    services.enrolment_bulk(actor=hchair, scheme=scheme, members=ms, date=dt.date(2031, 1, 5))
    from gonghui.funds.services import fund_income

    fund_income(
        actor=hchair, fund=scheme.fund, amount=D("50000"), date=dt.date(2031, 1, 6), summary="拨入"
    )
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
        before = scheme.fund.balance
        payment = services.claim_pay(actor=hchair, claim=claim, date=dt.date(2031, 3, 20))
        claim.refresh_from_db()
        assert claim.state == "paid" and payment.amount == D("1000.00")
        assert (
            payment.fund_entry.source == "aid.claim"
            and payment.fund_entry.fund_id == scheme.fund_id
        )
        # Hospital and dates are health data: not in the ledger.
        assert claim.hospital not in payment.fund_entry.summary
        assert str(claim.admitted_on) not in payment.fund_entry.summary
        assert scheme.fund.balance == before - D("1000.00")
        services.payment_reverse(actor=hchair, payment=payment, reason="票据重复")
        claim.refresh_from_db()
        assert claim.state == "reversed" and scheme.fund.balance == before
        # A reversed claim no longer holds part of the yearly cap; it is reviewed again.
        assert services.paid_before(Claim(enrolment=claim.enrolment, pk=0)) == D("0")
        _approve(claim)
        services.claim_pay(actor=hchair, claim=claim, date=dt.date(2031, 3, 28))
        assert scheme.fund.balance == before - D("1000.00")


# -- the ledger and the reports agree to the fen -----------------------------------------------


def _ledger_net(fund, source):
    net = D("0.00")
    for e in FundEntry.objects.filter(fund=fund, source=source):
        net += e.expense - e.income
    return net


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
    assert _ledger_net(fund, "aid.application") == report.amount
    assert fund.balance == D("20000.00") - report.amount
    by_level = {row.level: (row.people, row.amount) for row in report.levels}
    assert by_level == {"undergraduate": (2, D("6234.55")), "high_school": (1, D("3000.01"))}


def test_medical_ledger_and_report_agree_to_the_fen(platform, union):
    hchair = holder("chair", union)
    scheme = make_scheme(union, contribution=D("33.33"))
    ms = members(union, 3)
    services.enrolment_bulk(actor=hchair, scheme=scheme, members=ms[:2], date=dt.date(2031, 1, 5))
    services.enrolment_create(actor=hchair, scheme=scheme, member=ms[2], date=dt.date(2031, 1, 6))
    from gonghui.funds.services import fund_income

    fund_income(
        actor=hchair,
        fund=scheme.fund,
        amount=D("9000.00"),
        date=dt.date(2031, 1, 7),
        summary="拨入",
    )
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
    assert _ledger_net(scheme.fund, "aid.claim") == report.amount
    assert -_ledger_net(scheme.fund, "aid.enrolment") == report.contributions
    assert scheme.fund.balance == D("9000.00") + report.contributions - report.amount


def test_year_figures_and_ledger_agree(platform, union):
    """A 2026 round with two paid applications and a 2026 scheme with one paid claim."""
    from gonghui.aid import hooks
    from gonghui.funds.services import fund_income

    chair = holder("chair", union)
    rnd = make_round(union, name="2026年金秋助学", year=2026)
    fund = make_fund(union, balance=D("12000.00"))
    for i, m in enumerate(members(union, 2)):
        app = make_application(rnd, m, child=f"孩子{i}")
        services.application_decide(actor=chair, application=app, approve=True)
        services.application_pay(actor=chair, application=app, fund=fund, date=DAY)
    report = selectors.education_report(union, 2026)
    assert report.people == 2 and report.amount == D("10000.00")
    assert _ledger_net(fund, "aid.application") == report.amount
    figures = {fig.key: fig.value for fig in hooks.year_figures(union, 2026)}
    assert figures["aid.education.people"] == 2 and figures["aid.education.amount"] == D("10000.00")

    scheme = make_scheme(union, year=2026)
    ms = members(union, 2)
    services.enrolment_bulk(actor=chair, scheme=scheme, members=ms, date=dt.date(2026, 1, 5))
    fund_income(
        actor=chair, fund=scheme.fund, amount=D("5000"), date=dt.date(2026, 1, 6), summary="拨入"
    )
    claim = _approve(_claim(scheme, ms[0], eligible="2500.00", day=dt.date(2026, 3, 1)))
    services.claim_pay(actor=chair, claim=claim, date=dt.date(2026, 3, 20))
    med = selectors.medical_report(union, 2026)
    assert med.paid_claims == 1 and med.amount == D("1000.00")
    assert _ledger_net(scheme.fund, "aid.claim") == med.amount
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
