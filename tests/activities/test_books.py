"""An activity's actual cost reaches the books (#14 item 2): recording it posts a payout
voucher in the activity's union, a changed cost reverses it and posts the new one, and
a refusal of the books refuses the record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.activities import selectors, services
from gonghui.activities.models import Activity
from gonghui.activities.services import ActivityError
from gonghui.finance import posting
from gonghui.finance import services as books
from gonghui.finance.models import SourcePosting, Voucher, VoucherLine
from gonghui.finance.posting import Item
from gonghui.orgs.models import OrgKind
from tests.factories import GroupFactory, UserFactory

from .conftest import make_activity

pytestmark = pytest.mark.usefixtures("platform")

D = Decimal
SOURCE = "activities.activity"
TZ = timezone.get_current_timezone()


def ended(org, *, days_ago: int = 3, **fields) -> Activity:
    """A finished activity of `org` that ended `days_ago` days ago, at 17:00 local time."""
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    ends = dt.datetime.combine(day, dt.time(17, 0), TZ)
    return make_activity(
        org,
        status="finished",
        starts_at=ends - dt.timedelta(hours=3),
        ends_at=ends,
        signup_opens_at=ends - dt.timedelta(days=10),
        signup_closes_at=ends - dt.timedelta(days=5),
        **fields,
    )


def union_fund(union, actor, *, amount="5000.00", name="工会经费", kind="union"):
    """A fund of `union` holding `amount` in the books (a grant received 60 days ago)."""
    from gonghui.funds.services import fund_create

    day = timezone.localdate() - dt.timedelta(days=60)
    fund = fund_create(actor=actor, org=union, kind=kind, name=name, opened_on=day)
    posting.receipt_post(
        actor=actor,
        org=union,
        source="test.grant",
        source_id=f"{fund.pk}",
        date=day,
        summary="上级拨款",
        fund=fund,
        items=[Item("40301", D(amount), payee="区总工会")],
    )
    return fund


def record(activity, actor, cost, report="活动顺利举行。"):
    return services.activity_record(
        actor=actor, activity=activity, report=report, actual_cost=None if cost is None else D(cost)
    )


def cost_vouchers(union, activity) -> list[Voucher]:
    """The vouchers of the activity's cost (payouts and their reversals), oldest first."""
    rows = SourcePosting.objects.filter(org=union, source=SOURCE, source_id=str(activity.pk))
    ids = {v for pair in rows.values_list("voucher_id", "reversal_id") for v in pair if v}
    return list(Voucher.objects.filter(pk__in=ids).order_by("pk"))


def lines(voucher) -> list[tuple]:
    return sorted(
        (ln.account_code, ln.debit, ln.credit, ln.fund_id, ln.restricted)
        for ln in voucher.lines.all()
    )


def spent_on(union, account: str) -> Decimal:
    """Σ debit − Σ credit on `account` over the union's numbered, not voided vouchers."""
    rows = VoucherLine.objects.filter(
        voucher__org=union, account_code=account, voucher__state__in=posting.COMMITTED
    )
    return sum((ln.debit - ln.credit for ln in rows), D("0"))


class TestTheCostReachesTheBooks:
    def test_720_yuan_of_a_contest_is_a_50102_line_paid_from_the_union_funds(self, home):
        fund = union_fund(home.union, home.chair)
        a = ended(home.union, kind="contest", title="教职工气排球赛")
        record(a, home.cadre, "720.00")
        assert a.actual_cost == D("720.00")  # the caller's copy is the saved record
        (voucher,) = cost_vouchers(home.union, a)
        assert voucher.org == home.union and voucher.kind == "payout"
        # Numbered in its month (the grant came in another month).
        assert (voucher.state, voucher.number) == ("submitted", "记-0001")
        assert voucher.summary == "“教职工气排球赛”实际费用"
        assert voucher.date == a.ends_at.astimezone(TZ).date()
        assert voucher.prepared_by == home.cadre
        assert lines(voucher) == [
            ("102", D("0"), D("720.00"), fund.pk, None),
            ("50102", D("720.00"), D("0"), None, False),
        ]
        assert posting.fund_balance(fund) == D("4280.00")
        assert selectors.booked_voucher(Activity.objects.get(pk=a.pk)) == voucher

    @pytest.mark.parametrize(
        ("kind", "account"),
        [("sports", "50102"), ("outing", "50105"), ("lecture", "50101"), ("other", "50106")],
    )
    def test_the_kind_chooses_the_sub_account(self, home, kind, account):
        a = ended(home.union, kind=kind)
        record(a, home.cadre, "300")
        (voucher,) = cost_vouchers(home.union, a)
        assert [ln.account_code for ln in voucher.lines.filter(debit__gt=0)] == [account]

    def test_without_one_union_fund_the_bank_line_carries_none(self, home):
        a = ended(home.union)
        record(a, home.cadre, "120.00")
        (voucher,) = cost_vouchers(home.union, a)
        assert lines(voucher)[0] == ("102", D("0"), D("120.00"), None, None)
        # Two 工会经费 funds: which one paid is the accountant's choice at review.
        union_fund(home.union, home.chair, name="工会经费（本部）")
        union_fund(home.union, home.chair, name="工会经费（分校）")
        b = ended(home.union)
        record(b, home.cadre, "80.00")
        (voucher,) = cost_vouchers(home.union, b)
        assert lines(voucher)[0] == ("102", D("0"), D("80.00"), None, None)

    def test_another_kind_of_fund_or_a_closed_one_is_not_used(self, home):
        union_fund(home.union, home.chair, name="帮困基金", kind="hardship")
        from gonghui.funds.services import fund_create, fund_set_active

        day = timezone.localdate() - dt.timedelta(days=90)
        closed = fund_create(
            actor=home.chair, org=home.union, kind="union", name="旧工会经费", opened_on=day
        )
        fund_set_active(actor=home.chair, fund=closed, active=False)
        kept = union_fund(home.union, home.chair, name="工会经费")
        a = ended(home.union)
        record(a, home.cadre, "60.00")
        (voucher,) = cost_vouchers(home.union, a)
        assert lines(voucher)[0][3] == kept.pk

    def test_an_activity_still_under_way_is_booked_today(self, home):
        a = home.running()
        assert a.ends_at.astimezone(TZ).date() >= timezone.localdate()
        record(a, home.cadre, "50.00")
        (voucher,) = cost_vouchers(home.union, a)
        assert voucher.date == min(a.ends_at.astimezone(TZ).date(), timezone.localdate())
        assert voucher.date <= timezone.localdate()

    def test_the_activity_of_a_group_books_in_its_union(self, home):
        fund = union_fund(home.union, home.chair)
        branch = GroupFactory(parent=home.union, kind=OrgKind.BRANCH, name="初中部分会")
        group = GroupFactory(parent=branch, name="语文组")
        for org, cost in ((home.g1, "200.00"), (group, "150.00")):
            a = ended(org, kind="sports")
            record(a, home.cadre, cost)
            (voucher,) = cost_vouchers(home.union, a)
            assert voucher.org == home.union
            assert lines(voucher)[0] == ("102", D("0"), D(cost), fund.pk, None)
        assert not Voucher.objects.filter(org__in=[home.g1, branch, group]).exists()
        assert posting.fund_balance(fund) == D("4650.00")
        assert spent_on(home.union, "50102") == D("350.00")


class TestAChangedCost:
    def test_a_changed_cost_is_reversed_and_booked_again(self, home):
        fund = union_fund(home.union, home.chair)
        a = ended(home.union, kind="sports")
        record(a, home.cadre, "720.00")
        record(a, home.cadre, "680.50", report="费用按发票更正。")
        first, red, second = cost_vouchers(home.union, a)
        assert (first.kind, red.kind, second.kind) == ("payout", "reversal", "payout")
        assert red.reverses == first and "实际费用更正" in red.summary
        assert [v.number for v in (first, red, second)] == ["记-0001", "记-0002", "记-0003"]
        assert lines(red) == [
            ("102", D("0"), D("-720.00"), fund.pk, None),
            ("50102", D("-720.00"), D("0"), None, False),
        ]
        assert lines(second) == [
            ("102", D("0"), D("680.50"), fund.pk, None),
            ("50102", D("680.50"), D("0"), None, False),
        ]
        assert posting.fund_balance(fund) == D("4319.50")
        assert spent_on(home.union, "50102") == D("680.50")
        # The same source_id again, once the first booking is reversed.
        live = SourcePosting.objects.get(source=SOURCE, source_id=str(a.pk), reversal__isnull=True)
        assert live.voucher == second
        assert (
            SourcePosting.objects.get(source=SOURCE, source_id=str(a.pk), voucher=first).reversal
            == red
        )
        a.refresh_from_db()
        assert (a.actual_cost, a.report) == (D("680.50"), "费用按发票更正。")

    def test_a_cost_taken_back_only_reverses(self, home):
        fund = union_fund(home.union, home.chair)
        a = ended(home.union)
        record(a, home.cadre, "720.00")
        record(a, home.cadre, "0")
        first, red = cost_vouchers(home.union, a)
        assert red.reverses == first
        assert posting.fund_balance(fund) == D("5000.00")
        assert spent_on(home.union, "50102") == D("0")
        assert selectors.booked_voucher(Activity.objects.get(pk=a.pk)) is None
        # Set again later: booked again; then emptied: reversed again.
        record(a, home.cadre, "300.00")
        record(a, home.cadre, None)
        assert [v.kind for v in cost_vouchers(home.union, a)] == [
            "payout",
            "reversal",
            "payout",
            "reversal",
        ]
        assert posting.fund_balance(fund) == D("5000.00")

    def test_an_unchanged_cost_posts_nothing(self, home):
        a = ended(home.union)
        record(a, home.cadre, "720.00")
        record(a, home.cadre, "720", report="补充：参赛队伍八支。")
        assert len(cost_vouchers(home.union, a)) == 1
        b = ended(home.union)
        record(b, home.cadre, None)
        record(b, home.cadre, "0.00")
        assert cost_vouchers(home.union, b) == []
        assert Voucher.objects.filter(org=home.union).count() == 1


class TestTheBooksRefuse:
    def close(self, union, day: dt.date) -> None:
        books.period_close(
            actor=UserFactory(roles=[("finance", union)]),
            org=union,
            year=day.year,
            month=day.month,
        )

    def test_a_closed_month_refuses_and_the_activity_stays_as_it_was(self, home):
        a = ended(home.union, days_ago=45, report="原记录", actual_cost=None)
        day = a.ends_at.astimezone(TZ).date()
        self.close(home.union, day)
        with pytest.raises(ActivityError) as refused:
            record(a, home.cadre, "720.00", report="新记录")
        message = str(refused.value)
        assert refused.value.field == "actual_cost"
        assert "实际费用未能记账" in message and "已结账" in message
        assert f"{day.year} 年 {day.month:02d} 月" in message
        # Neither the caller's copy nor the row took the report or the cost.
        assert (a.actual_cost, a.report) == (None, "原记录")
        a.refresh_from_db()
        assert (a.actual_cost, a.report) == (None, "原记录")
        assert not Voucher.objects.filter(org=home.union).exists()
        assert not SourcePosting.objects.filter(source=SOURCE, source_id=str(a.pk)).exists()

    def test_a_correction_in_a_closed_month_is_refused_whole(self, home):
        a = ended(home.union, days_ago=45)
        record(a, home.cadre, "720.00")
        (voucher,) = cost_vouchers(home.union, a)
        books.voucher_review(actor=home.chair, voucher=voucher)
        books.voucher_post(actor=home.chair, voucher=voucher)
        self.close(home.union, voucher.date)
        with pytest.raises(ActivityError, match="已结账"):
            record(a, home.cadre, "800.00", report="改")
        a.refresh_from_db()
        assert (a.actual_cost, a.report) == (D("720.00"), "活动顺利举行。")
        assert cost_vouchers(home.union, a) == [voucher]
        assert SourcePosting.objects.get(source=SOURCE, source_id=str(a.pk)).reversal is None

    def test_a_fund_that_cannot_pay_refuses(self, home):
        fund = union_fund(home.union, home.chair, amount="500.00")
        a = ended(home.union)
        with pytest.raises(ActivityError) as refused:
            record(a, home.cadre, "720.00")
        assert "工会经费" in str(refused.value) and "500.00" in str(refused.value)
        a.refresh_from_db()
        assert a.actual_cost is None and a.report == ""
        assert posting.fund_balance(fund) == D("500.00")
        # A correction the fund cannot pay leaves the earlier booking standing.
        record(a, home.cadre, "400.00")
        with pytest.raises(ActivityError, match="500.00"):
            record(a, home.cadre, "900.00")
        a.refresh_from_db()
        assert a.actual_cost == D("400.00")
        assert [v.kind for v in cost_vouchers(home.union, a)] == ["payout"]
        assert posting.fund_balance(fund) == D("100.00")


class TestWhereTheVoucherShows:
    def test_the_page_shows_the_voucher_and_its_state(self, home, login):
        a = ended(home.union)
        record(a, home.cadre, "720.00")
        (voucher,) = cost_vouchers(home.union, a)
        c = login(home.cadre)
        body = c.get(f"{home.base}/{a.pk}/").content.decode()
        assert "记-0001" in body and "待审核" in body
        assert "记-0001" in c.get(f"{home.base}/{a.pk}/after/").content.decode()
        books.voucher_review(actor=home.chair, voucher=voucher)
        books.voucher_post(actor=home.chair, voucher=voucher)
        body = c.get(f"{home.base}/{a.pk}/").content.decode()
        assert "记-0001" in body and "已记账" in body and "待审核" not in body

    def test_a_cost_recorded_before_the_books_says_so(self, home, login):
        a = ended(home.union, actual_cost=D("720.00"))  # written before the switch
        body = login(home.cadre).get(f"{home.base}/{a.pk}/").content.decode()
        assert "720.00" in body and "未入账" in body

    def test_a_list_reads_the_vouchers_in_one_query(self, home):
        acts = [ended(home.union), ended(home.g1), ended(home.g2)]
        for i, a in enumerate(acts):
            record(a, home.cadre, f"{100 + i}.00")
        listed = list(Activity.objects.select_related("org").filter(pk__in=[a.pk for a in acts]))
        with CaptureQueriesContext(connection) as queries:
            found = selectors.with_vouchers(listed)
        assert len(queries) == 1
        assert sorted(a.booked_voucher.number for a in found) == ["记-0001", "记-0002", "记-0003"]

    def test_the_page_of_a_refused_record_shows_the_reason(self, home, login):
        a = ended(home.union, days_ago=45)
        TestTheBooksRefuse().close(home.union, a.ends_at.astimezone(TZ).date())
        r = login(home.cadre).post(
            f"{home.base}/{a.pk}/after/", {"form": "record", "report": "写了", "actual_cost": "720"}
        )
        assert r.status_code == 200
        body = r.content.decode()
        assert "实际费用未能记账" in body and "已结账" in body
        a.refresh_from_db()
        assert a.actual_cost is None and a.report == ""

    def test_the_api_answers_the_voucher_and_the_refusal(self, home, token_login):
        a = ended(home.union)
        c = token_login(home.cadre)
        r = c.post(
            f"{home.api}/{a.pk}/record/",
            {"report": "圆满完成。", "actual_cost": "720.00"},
            content_type="application/json",
        )
        assert r.status_code == 200, r.content
        assert r.json()["voucher"] == {
            "number": "记-0001",
            "date": a.ends_at.astimezone(TZ).date().isoformat(),
            "state": "submitted",
            "state_display": "待审核",
        }
        listing = c.get(f"{home.api}/").json()["results"]
        assert [row["voucher"]["number"] for row in listing if row["id"] == a.pk] == ["记-0001"]
        b = ended(home.union, days_ago=45)
        TestTheBooksRefuse().close(home.union, b.ends_at.astimezone(TZ).date())
        r = c.post(
            f"{home.api}/{b.pk}/record/",
            {"report": "圆满完成。", "actual_cost": "300.00"},
            content_type="application/json",
        )
        assert r.status_code == 400
        assert r.json()["field"] == "actual_cost" and "已结账" in r.json()["detail"]
