"""The old fund ledgers carried into the books (finance migration 0004).

The old ledger rows are written directly, as the old services left them (numbered per fund
and year, a reversal naming its entry), with the welfare visits and batch they paid; the
migration's function is then called with the application's models.
"""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps

from gonghui.audit.models import AuditEntry
from gonghui.finance.models import Period, SourcePosting, Voucher, VoucherLine
from gonghui.finance.posting import fund_balance
from gonghui.funds import services
from gonghui.funds.models import FundEntry, entries_balance
from tests.funds.conftest import legacy_entry

from .conftest import D, make_voucher

pytestmark = pytest.mark.usefixtures("platform")
migration = importlib.import_module("gonghui.finance.migrations.0004_fund_entries_to_vouchers")

JAN, FEB = dt.date(2026, 1, 10), dt.date(2026, 2, 3)


def _migrate() -> int:
    return migration.migrate_fund_entries(apps)


def _visit(union, fund, occasion="hospital", batch=None, amount="200"):
    from gonghui.welfare.models import Visit
    from tests.factories import MemberFactory

    member = MemberFactory(org=union)
    return Visit._base_manager.create(
        org=union,
        member=member,
        occasion=occasion,
        date=JAN,
        visitors="工会",
        form="cash",
        amount=D(amount),
        fund=fund,
        batch=batch,
        state="paid",
    )


@pytest.fixture
def old(union, accountant):
    """A union's old ledgers: the hardship fund paid a visit, a batch of five (one line
    reversed) and 金秋助学; the medical fund took a contribution and paid a claim; the
    union's fund took income and paid by hand, and paid one visit, reversed it and paid
    it again dated before the reversal."""
    from gonghui.welfare.models import Batch

    who = accountant
    hardship = services.fund_create(actor=who, org=union, kind="hardship", name="帮困基金")
    medical = services.fund_create(actor=who, org=union, kind="medical", name="医疗互助金")
    funds = services.fund_create(actor=who, org=union, kind="union", name="工会经费")
    e = {}
    e["grant"] = legacy_entry(
        hardship, income="10000", date=dt.date(2026, 1, 5), summary="上级拨款", created_by=who
    )
    visit = _visit(union, hardship, occasion="hospital", amount="500")
    e["visit"] = legacy_entry(
        hardship,
        expense="500",
        date=JAN,
        summary="生病住院：张三",
        payee="张三",
        source="welfare.visit",
        source_id=str(visit.pk),
        created_by=who,
    )
    batch = Batch._base_manager.create(
        org=union,
        title="春节慰问困难职工",
        occasion="hardship",
        date=dt.date(2026, 1, 20),
        form="cash",
        amount=D("200"),
        fund=hardship,
        state="paid",
    )
    e["batch"] = []
    for i in range(5):
        v = _visit(union, hardship, occasion="hardship", batch=batch)
        e["batch"].append(
            legacy_entry(
                hardship,
                expense="200",
                date=dt.date(2026, 1, 20),
                summary=f"困难职工帮扶：职工{i}",
                payee=f"职工{i}",
                source="welfare.batch",
                source_id=f"{batch.pk}:{v.pk}",
                created_by=who,
            )
        )
    line = e["batch"][2]
    e["batch_rev"] = legacy_entry(
        hardship,
        income="200",
        date=dt.date(2026, 1, 25),
        summary=f"冲销 {line.voucher_no}：发错人",
        payee=line.payee,
        source=line.source,
        source_id=line.source_id,
        reverses=line,
        created_by=who,
    )
    e["aid"] = legacy_entry(
        hardship, expense="300", date=FEB, source="aid.application", source_id="7"
    )
    e["enrolment"] = legacy_entry(
        medical, income="600", date=JAN, source="aid.enrolment", source_id="3:9"
    )
    e["claim"] = legacy_entry(medical, expense="150", date=FEB, source="aid.claim", source_id="4")
    e["dues"] = legacy_entry(funds, income="5000", date=JAN, summary="会费收入")
    e["manual"] = legacy_entry(funds, expense="80", date=FEB, summary="办公用品", payee="文具店")
    again = _visit(union, funds, occasion="birthday", amount="100")
    key = {"source": "welfare.visit", "source_id": str(again.pk)}
    e["first"] = legacy_entry(funds, expense="100", date=dt.date(2026, 2, 1), **key)
    e["second"] = legacy_entry(funds, expense="100", date=dt.date(2026, 2, 5), **key)
    e["first_rev"] = legacy_entry(
        funds, income="100", date=dt.date(2026, 2, 10), reverses=e["first"], **key
    )
    e.update(hardship=hardship, medical=medical, funds=funds, batch_obj=batch)
    e["visit_obj"], e["again_obj"] = visit, again
    return e


def _voucher_of(entry) -> Voucher:
    return SourcePosting.objects.get(source="funds.entry", source_id=str(entry.pk)).voucher


def _lines(voucher):
    return [
        (ln.account_code, ln.debit, ln.credit, ln.fund_id, ln.restricted)
        for ln in VoucherLine.objects.filter(voucher=voucher).order_by("order")
    ]


def test_every_funds_balance_in_the_books_equals_its_old_ledger(union, old):
    before = AuditEntry.objects.count()
    assert _migrate() == FundEntry.objects.filter(fund__org=union).count() == 16
    for fund in (old["hardship"], old["medical"], old["funds"]):
        assert fund_balance(fund) == entries_balance(FundEntry.objects.filter(fund=fund))
    assert fund_balance(old["hardship"]) == D("8400.00")  # 10000 − 500 − 800 − 300
    assert fund_balance(old["medical"]) == D("450.00")
    assert fund_balance(old["funds"]) == D("4820.00")  # 5000 − 80 − 100
    assert AuditEntry.objects.count() == before  # no service ran, nothing was logged
    vouchers = Voucher.objects.filter(org=union)
    assert vouchers.count() == 12  # 16 entries, the batch of five as one
    assert set(vouchers.values_list("state", flat=True)) == {"posted"}
    assert not VoucherLine.objects.filter(org=union, posted=False).exists()


def test_a_batch_of_one_day_is_one_voucher_with_a_row_per_visit(union, old):
    _migrate()
    batch = old["batch_obj"]
    voucher = SourcePosting.objects.get(source="welfare.batch", source_id=str(batch.pk)).voucher
    assert {_voucher_of(e).pk for e in old["batch"]} == {voucher.pk}
    assert _lines(voucher) == [
        ("50404", D("1000.00"), D("0"), None, False),  # 困难职工帮扶, by the batch's occasion
        ("102", D("0"), D("1000.00"), old["hardship"].pk, None),
    ]
    assert voucher.summary == "春节慰问困难职工（慰问批次，5人）"
    assert VoucherLine.objects.get(voucher=voucher, account_code="50404").payee == "职工0等 5 人"
    first, last = old["batch"][0].voucher_no, old["batch"][-1].voucher_no
    assert voucher.external_no == f"{first}~{last}" and voucher.kind == "payout"
    parts = SourcePosting.objects.filter(voucher=voucher, amount__isnull=False)
    assert sorted(parts.values_list("source_id", flat=True)) == sorted(
        e.source_id for e in old["batch"]
    )
    assert {(p.account_code, p.amount, p.restricted) for p in parts} == {
        ("50404", D("200.00"), False)
    }


def test_a_reversal_becomes_a_red_voucher_naming_its_original(union, old):
    _migrate()
    line = old["batch"][2]
    original, red = _voucher_of(line), _voucher_of(old["batch_rev"])
    assert red.reverses == original and red.kind == "reversal" and red.state == "posted"
    assert _lines(red) == [
        ("50404", D("-200.00"), D("0"), None, False),
        ("102", D("0"), D("-200.00"), old["hardship"].pk, None),
    ]
    assert red.total == D("-200.00")
    assert red.summary == f"冲销 2026-01-20 {original.number}：发错人"
    # the visit's part and the old entry's row are marked reversed; the others stay live
    part = SourcePosting.objects.get(source="welfare.batch", source_id=line.source_id)
    assert part.reversal == red
    assert SourcePosting.objects.get(source="funds.entry", source_id=str(line.pk)).reversal == red
    live = SourcePosting.objects.filter(voucher=original, reversal__isnull=True)
    assert live.filter(amount__isnull=False).count() == 4
    mine = SourcePosting.objects.get(source="funds.entry", source_id=str(old["batch_rev"].pk))
    assert mine.voucher == red and mine.reversal is None


def test_accounts_follow_the_records_and_the_kind_of_fund(union, old):
    _migrate()
    expected = {
        "grant": ("408", False),  # a hardship fund's income
        "visit": ("50105", False),  # 生病住院 慰问 is 会员活动
        "aid": ("50405", False),  # 金秋助学 is 送温暖
        "enrolment": ("408", True),  # 医疗互助 contributions, 专项
        "claim": ("50305", True),  # 医疗互助 payouts, 专项
        "dues": ("402", False),  # the union's fund takes 拨缴经费 by default
        "manual": ("510", False),  # a payout typed by hand: 其他支出
    }
    for name, (code, restricted) in expected.items():
        items = [ln for ln in _lines(_voucher_of(old[name])) if ln[0] != "102"]
        assert [(ln[0], ln[4]) for ln in items] == [(code, restricted)], name
        cash = VoucherLine.objects.get(voucher=_voucher_of(old[name]), account_code="102")
        assert cash.fund_id == old[name].fund_id, name
    # the module finds its voucher through its own record
    visit = old["visit_obj"]
    booked = SourcePosting.objects.get(source="welfare.visit", source_id=str(visit.pk))
    assert booked.voucher == _voucher_of(old["visit"]) and booked.reversal is None
    assert SourcePosting.objects.get(source="aid.claim", source_id="4").voucher == _voucher_of(
        old["claim"]
    )


def test_numbers_follow_the_union_books_month_by_month(union, old, accountant, chair):
    # the union's books already hold a voucher in January 2026
    existing = make_voucher(union, date=dt.date(2026, 1, 3), summary="一月会费")
    assert existing.number == "记-0001"
    _migrate()
    january = Voucher.objects.filter(org=union, year=2026, month=1).order_by("seq")
    assert [v.number for v in january] == [f"记-{n:04d}" for n in range(1, january.count() + 1)]
    by_date = [(v.date, v.pk) for v in january.exclude(pk=existing.pk)]
    assert by_date == sorted(by_date)  # in the old ledger's (date, id) order
    # grant 1/5, visit 1/10, enrolment 1/10, dues 1/10, batch 1/20, reversal 1/25
    assert _voucher_of(old["grant"]).number == "记-0002"
    assert _voucher_of(old["batch_rev"]).number == "记-0007"
    assert Period.objects.get(org=union, year=2026, month=1).last_seq == 7
    february = Voucher.objects.filter(org=union, year=2026, month=2)
    assert sorted(february.values_list("seq", flat=True)) == list(range(1, 7))
    assert Period.objects.get(org=union, year=2026, month=2).last_seq == 6
    grant = _voucher_of(old["grant"])
    assert grant.external_no == old["grant"].voucher_no == "2026-0001"
    assert grant.prepared_by == grant.posted_by == accountant
    assert grant.posted_at == old["grant"].created_at
    # the books' next voucher of January takes the next number
    after = make_voucher(union, date=dt.date(2026, 1, 30), summary="又一笔会费")
    assert after.number == "记-0008"


def test_a_record_paid_again_before_its_reversal_keeps_one_live_booking(union, old):
    _migrate()
    key = {"source": "welfare.visit", "source_id": str(old["again_obj"].pk)}
    rows = SourcePosting.objects.filter(**key).order_by("id")
    assert [(r.voucher, r.reversal) for r in rows] == [
        (_voucher_of(old["first"]), _voucher_of(old["first_rev"])),
        (_voucher_of(old["second"]), None),
    ]
    assert _voucher_of(old["first_rev"]).reverses == _voucher_of(old["first"])


def test_a_second_run_changes_nothing(union, old):
    _migrate()

    def state():
        return (
            list(Voucher.objects.order_by("id").values_list("id", "number", "state")),
            list(VoucherLine.objects.order_by("id").values_list("id", "debit", "credit")),
            list(SourcePosting.objects.order_by("id").values_list("id", "source_id", "reversal")),
            list(Period.objects.order_by("id").values_list("id", "last_seq")),
        )

    before = state()
    assert _migrate() == 0
    assert state() == before


def test_books_that_would_differ_refuse_the_migration_and_keep_nothing(union, old, accountant):
    # a row claiming an entry is in the books already, on a voucher without its money
    stray = make_voucher(union, date=dt.date(2026, 3, 2), summary="别的凭证")
    SourcePosting.objects.create(
        org=union, source="funds.entry", source_id=str(old["grant"].pk), voucher=stray
    )
    vouchers = Voucher.objects.count()
    with pytest.raises(migration.FundsMigrationError, match=f"fund {old['hardship'].pk}"):
        _migrate()
    assert Voucher.objects.count() == vouchers
    assert not VoucherLine.objects.filter(fund=old["hardship"]).exists()


def test_a_closed_month_refuses_the_migration(union, old):
    Period.objects.bulk_create([Period(org=union, year=2026, month=2, state="closed")])
    with pytest.raises(migration.FundsMigrationError, match="2026-02 is closed"):
        _migrate()
    assert not Voucher.objects.filter(org=union).exists()


def test_an_old_entry_is_reversed_through_the_voucher_it_became(union, old, accountant):
    _migrate()
    rev = services.fund_entry_reverse(
        actor=accountant, entry=old["visit"], reason="重复发放", date=dt.date(2026, 3, 1)
    )
    original = _voucher_of(old["visit"])
    assert rev.reverses == original.number and rev.expense == D("-500.00")
    booked = SourcePosting.objects.get(source="welfare.visit", source_id=str(old["visit_obj"].pk))
    assert booked.reversal_id == rev.voucher_id
    assert fund_balance(old["hardship"]) == D("8900.00")
    # one line of the batch: that visit's part alone
    line = old["batch"][0]
    part = services.fund_entry_reverse(
        actor=accountant, entry=line, reason="退回", date=dt.date(2026, 3, 1)
    )
    assert part.expense == D("-200.00")
    assert SourcePosting.objects.get(source="welfare.batch", source_id=line.source_id).reversal_id
    assert fund_balance(old["hardship"]) == D("9100.00")
    with pytest.raises(services.FundError, match="已由"):
        services.fund_entry_reverse(actor=accountant, entry=old["batch"][2], reason="x")
    with pytest.raises(services.FundError, match="已由"):
        services.fund_entry_reverse(actor=accountant, entry=line, reason="x")


def test_an_old_entry_not_yet_in_the_books_is_refused(union, old, accountant):
    with pytest.raises(services.FundError):
        services.fund_entry_reverse(actor=accountant, entry=old["manual"], reason="x")
    assert not Voucher.objects.filter(org=union).exists()


def test_the_ledger_page_reads_the_migrated_books(union, old, login, accountant):
    _migrate()
    r = login(accountant).get(f"/o/{union.code}/funds/{old['hardship'].pk}/2026/")
    book = r.context["book"]
    assert book.closing == D("8400.00") and book.opening == D("0.00")
    assert [row.entry.voucher.external_no for row in book.rows][:2] == ["2026-0001", "2026-0002"]
    assert all(row.entry.is_posted for row in book.rows)
    assert "welfare.batch" not in r.content.decode()


def test_a_union_keeping_sub_accounts_books_on_the_first_one_in_use(union, accountant):
    from gonghui.finance import services as books

    books.subaccount_create(
        actor=accountant, org=union, parent_code="102", code="10201", name="工行"
    )
    books.subaccount_create(
        actor=accountant, org=union, parent_code="408", code="40801", name="捐赠"
    )
    fund = services.fund_create(actor=accountant, org=union, kind="donation", name="爱心基金")
    entry = legacy_entry(fund, income="300", date=JAN, summary="社会捐款", created_by=accountant)
    _migrate()
    lines = VoucherLine.objects.filter(voucher=_voucher_of(entry)).order_by("order")
    assert [(ln.account_code, ln.account_name, ln.fund_id) for ln in lines] == [
        ("40801", "其他收入-捐赠", None),
        ("10201", "银行存款-工行", fund.pk),
    ]
    assert fund_balance(fund) == D("300.00")
    # the funds pages propose the same account
    assert services.fund_income(
        actor=accountant, fund=fund, amount=D("5"), date=JAN, summary="又一笔捐款"
    ).accounts == ["40801"]
