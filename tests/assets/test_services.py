"""The services: every action, its refusals, the audit entry and the vouchers' lines."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.assets import selectors, services
from gonghui.assets.models import (
    Asset,
    AssetState,
    DepreciationRun,
    DisposalState,
    StocktakeResult,
    StocktakeState,
)
from gonghui.assets.services import AssetError
from gonghui.audit.models import AuditEntry
from gonghui.core.errors import DomainError
from gonghui.core.scoping import unscoped
from gonghui.finance import services as books
from gonghui.finance.models import VoucherState
from gonghui.finance.services import FinanceError
from tests.factories import UnionFactory

from .conftest import BOUGHT, D, holder, lines_of, make_asset, post, run

pytestmark = pytest.mark.usefixtures("platform")


# -- register -------------------------------------------------------------------------
def test_a_purchase_is_one_voucher_of_both_entries(union, finance):
    a = make_asset(union, value="7200.00", location="工会办公室", keeper="张三")
    a.refresh_from_db()
    assert a.number == "2025-0001" and a.years == 6 and a.state == AssetState.IN_USE
    assert a.voucher.state == VoucherState.SUBMITTED and a.voucher.number == "记-0001"
    assert a.voucher.date == BOUGHT and a.voucher.prepared_by == finance
    assert lines_of(a.voucher) == [
        ("162", D("7200.00"), D("0")),
        ("301", D("0"), D("7200.00")),
        ("50702", D("7200.00"), D("0")),
        ("102", D("0"), D("7200.00")),
    ]
    entry = AuditEntry.objects.filter(action="assets.asset.created", object_id=str(a.pk)).get()
    assert entry.actor == finance


def test_the_expense_line_carries_the_money_kind_and_the_project(union, finance):
    project = books.project_create(actor=finance, org=union, code="P1", name="职工之家")
    a = make_asset(
        union, category="vehicle", value="150000", restricted=True, project=project, years=10
    )
    from gonghui.finance.models import VoucherLine

    line = VoucherLine.objects.get(voucher=a.voucher, account_code="50704")
    assert line.restricted is True and line.project == project and line.expense_type == "project"
    assert a.years == 10


def test_below_the_threshold_it_is_refused_with_the_alternative(union):
    with pytest.raises(AssetError) as exc:
        make_asset(union, value="999.99")
    assert exc.value.field == "original_value" and "库存物品" in exc.value.message
    with pytest.raises(AssetError):
        make_asset(union, category="special", value="1499.99")
    make_asset(union, category="special", value="1500.00")
    assert Asset.objects.filter(org=union).count() == 1


def test_fewer_years_than_the_category_minimum_are_refused(union):
    with pytest.raises(AssetError) as exc:
        make_asset(union, category="furniture", years=14)
    assert exc.value.field == "years" and "15" in exc.value.message
    assert not Asset.objects.filter(org=union).exists()


def test_a_taken_number_and_a_foreign_project_are_refused(union, finance):
    make_asset(union, number="A-1")
    with pytest.raises(AssetError) as exc:
        make_asset(union, number="A-1")
    assert exc.value.field == "number"
    other = UnionFactory()
    project = books.project_create(actor=holder("finance", other), org=other, code="X", name="x")
    with pytest.raises(AssetError):
        make_asset(union, project=project)


# -- depreciation ---------------------------------------------------------------------
def test_a_month_is_one_voucher_dr_301_cr_163_per_category(union, finance):
    a = make_asset(union, value="7200.00")  # 100.00 a month over 6 years
    b = make_asset(union, value="1000.00", name="打印机")  # 13.89
    make_asset(union, category="furniture", value="1800.00", name="会议桌")  # 10.00
    make_asset(union, value="5000", name="四月买的", date=dt.date(2025, 4, 1))  # not yet
    r = run(union, 2025, 4)
    assert r.total == D("123.89") and r.voucher.date == dt.date(2025, 4, 30)
    assert r.voucher.state == VoucherState.SUBMITTED
    assert lines_of(r.voucher) == [
        ("301", D("10.00"), D("0")),
        ("163", D("0"), D("10.00")),
        ("301", D("113.89"), D("0")),
        ("163", D("0"), D("113.89")),
    ]
    assert selectors.accumulated(a) == D("100.00") and selectors.accumulated(b) == D("13.89")
    assert AuditEntry.objects.filter(action="assets.depreciationrun.created", object_id=str(r.pk))


def test_running_a_month_twice_is_refused_and_changes_nothing(union):
    make_asset(union)
    run(union, 2025, 4)
    with pytest.raises(AssetError) as exc:
        run(union, 2025, 4)
    assert "已" in exc.value.message or "already" in exc.value.message
    assert DepreciationRun.objects.filter(org=union).count() == 1


def test_a_voided_run_may_be_run_again(union, finance):
    make_asset(union)
    first = run(union, 2025, 4)
    books.voucher_void(actor=finance, voucher=first.voucher, reason="重做")
    again = run(union, 2025, 4)
    assert again.total == D("100.00")
    assert DepreciationRun.objects.filter(org=union).count() == 1


def test_months_run_in_order_and_an_empty_month_is_refused(union):
    make_asset(union)
    with pytest.raises(AssetError):
        run(union, 2025, 3)  # the purchase month: nothing yet
    run(union, 2025, 5)  # April caught up: 200.00
    with pytest.raises(AssetError):
        run(union, 2025, 4)
    assert DepreciationRun.objects.get(org=union).total == D("200.00")


def test_over_all_the_months_the_total_is_exactly_the_original_value(union):
    a = make_asset(union, value="1000.00", category="utensil")  # 5 years: 16.67 a month
    for year in range(2025, 2031):
        for month in range(1, 13):
            if (year, month) <= (2025, 3):
                continue
            try:
                run(union, year, month)
            except AssetError:
                assert (year, month) > (2030, 3)  # nothing left after 60 months
    rows = selectors.schedule(a)
    assert len(rows) == 60
    assert rows[0].amount == D("16.67") and rows[-1].amount == D("16.47")
    assert rows[-1].accumulated == D("1000.00") and rows[-1].net == D("0.00")
    assert (rows[-1].year, rows[-1].month) == (2030, 3)


def test_a_closed_month_is_refused_by_the_books(union, finance):
    a = make_asset(union)
    post(a.voucher)
    books.period_close(actor=finance, org=union, year=2025, month=3)
    books.period_close(actor=finance, org=union, year=2025, month=4)
    with pytest.raises(FinanceError) as exc:
        run(union, 2025, 4)
    assert "结账" in exc.value.message
    assert not DepreciationRun.objects.filter(org=union).exists()


# -- disposal -------------------------------------------------------------------------
def test_a_sale_approved_by_the_chair_leaves_the_books(union, finance, chair):
    a = make_asset(union)
    run(union, 2025, 4)
    run(union, 2025, 5)
    d = services.disposal_request(
        actor=finance,
        asset=a,
        kind="sale",
        date=dt.date(2025, 6, 5),
        reason="更新换代",
        proceeds="500",
    )
    with pytest.raises(AssetError):  # who asked cannot approve
        services.disposal_approve(actor=finance, disposal=d)
    services.disposal_approve(actor=chair, disposal=d)
    d.refresh_from_db()
    a.refresh_from_db()
    assert d.state == DisposalState.APPROVED and d.decided_by == chair
    assert a.state == AssetState.DISPOSED and a.ended_on == dt.date(2025, 6, 5)
    assert lines_of(d.voucher) == [
        ("163", D("200.00"), D("0")),
        ("301", D("7000.00"), D("0")),
        ("162", D("0"), D("7200.00")),
        ("102", D("500.00"), D("0")),
        ("408", D("0"), D("500.00")),
    ]
    assert AuditEntry.objects.filter(action="assets.disposal.updated", object_id=str(d.pk))
    with pytest.raises(AssetError):  # decided
        services.disposal_approve(actor=chair, disposal=d)
    with pytest.raises(AssetError):  # no longer in use
        services.disposal_request(
            actor=finance, asset=a, kind="scrap", date=dt.date(2025, 7, 1), reason="x"
        )
    with pytest.raises(AssetError):  # not depreciated any more
        run(union, 2025, 6)


def test_a_disposal_request_is_checked(union, finance, chair):
    a = make_asset(union)
    ask = dict(actor=finance, asset=a, date=dt.date(2025, 6, 5), reason="坏了")
    with pytest.raises(AssetError) as exc:
        services.disposal_request(kind="scrap", proceeds="10", **ask)
    assert exc.value.field == "proceeds"
    with pytest.raises(AssetError):
        services.disposal_request(kind="gift", **ask)
    with pytest.raises(AssetError):
        services.disposal_request(kind="scrap", **{**ask, "date": dt.date(2025, 1, 1)})
    d = services.disposal_request(kind="scrap", **ask)
    with pytest.raises(AssetError):  # one at a time
        services.disposal_request(kind="scrap", **ask)
    with pytest.raises(AssetError):
        services.disposal_reject(actor=chair, disposal=d, note="")
    services.disposal_reject(actor=chair, disposal=d, note="还能用")
    d.refresh_from_db()
    assert d.state == DisposalState.REJECTED and d.voucher is None
    a.refresh_from_db()
    assert a.in_use


def test_scrapping_a_fully_depreciated_asset_has_no_301_line(union, finance, chair):
    a = make_asset(union, value="1000.00", category="utensil")
    with unscoped():
        from gonghui.assets.models import DepreciationLine

        r = run(union, 2025, 4)
        DepreciationLine.objects.filter(run=r).update(amount=D("1000.00"))
    d = services.disposal_request(
        actor=finance, asset=a, kind="scrap", date=dt.date(2025, 5, 1), reason="报废"
    )
    services.disposal_approve(actor=chair, disposal=d)
    d.refresh_from_db()
    assert lines_of(d.voucher) == [("163", D("1000.00"), D("0")), ("162", D("0"), D("1000.00"))]


# -- stocktake ------------------------------------------------------------------------
def test_a_stocktake_posts_its_differences_through_182(union, finance, chair):
    lost = make_asset(union, value="7200.00", name="笔记本电脑")
    kept = make_asset(union, value="3000.00", name="投影仪")
    run(union, 2025, 4)  # lost: 100.00, kept: 41.67
    st = services.stocktake_open(actor=finance, org=union, date=dt.date(2025, 12, 20))
    items = {i.asset_id: i for i in selectors.stocktake_items(st)}
    assert set(items) == {lost.pk, kept.pk}
    with pytest.raises(AssetError):  # one at a time
        services.stocktake_open(actor=finance, org=union, date=dt.date(2025, 12, 21))
    services.stocktake_mark(actor=finance, item=items[lost.pk], result="missing", note="找不到")
    with pytest.raises(AssetError):
        services.stocktake_add_surplus(
            actor=finance, stocktake=st, name="旧椅子", category="furniture", value="200"
        )
    services.stocktake_add_surplus(
        actor=finance, stocktake=st, name="跑步机", category="special", value="2000"
    )
    services.stocktake_submit(actor=finance, stocktake=st)
    st.refresh_from_db()
    assert st.state == StocktakeState.SUBMITTED
    assert lines_of(st.voucher) == [
        ("182", D("7100.00"), D("0")),
        ("163", D("100.00"), D("0")),
        ("162", D("0"), D("7200.00")),
        ("162", D("2000.00"), D("0")),
        ("182", D("0"), D("2000.00")),
    ]
    lost.refresh_from_db()
    assert lost.state == AssetState.LOST
    found = Asset.objects.get(org=union, name="跑步机")
    assert found.original_value == D("2000.00") and found.voucher == st.voucher
    with pytest.raises(AssetError):  # no more marking
        services.stocktake_mark(actor=finance, item=items[kept.pk], result="missing")
    with pytest.raises(AssetError):  # who handed it in cannot approve
        services.stocktake_approve(actor=finance, stocktake=st)
    services.stocktake_approve(actor=chair, stocktake=st)
    st.refresh_from_db()
    assert st.state == StocktakeState.APPROVED
    assert lines_of(st.approval_voucher) == [
        ("301", D("7100.00"), D("0")),
        ("182", D("0"), D("7100.00")),
        ("182", D("2000.00"), D("0")),
        ("301", D("0"), D("2000.00")),
    ]
    assert AuditEntry.objects.filter(action="assets.stocktake.updated", object_id=str(st.pk))
    assert StocktakeResult.SURPLUS in {i.result for i in selectors.stocktake_items(st)}


def test_a_stocktake_with_everything_found_books_nothing(union, finance, chair):
    make_asset(union)
    st = services.stocktake_open(actor=finance, org=union, date=dt.date(2025, 12, 20))
    services.stocktake_submit(actor=finance, stocktake=st)
    services.stocktake_approve(actor=chair, stocktake=st)
    st.refresh_from_db()
    assert st.state == StocktakeState.APPROVED and st.voucher is None
    assert st.approval_voucher is None


# -- 备查簿 -----------------------------------------------------------------------------
def test_lent_items_are_kept_and_returned_without_booking(union, finance):
    item = services.lent_item_create(
        actor=finance,
        org=union,
        name="会议室投影仪",
        lender="厂行政办",
        lent_on=dt.date(2025, 1, 5),
        quantity=2,
    )
    with pytest.raises(AssetError):
        services.lent_item_return(actor=finance, item=item, returned_on=dt.date(2024, 1, 1))
    services.lent_item_return(actor=finance, item=item, returned_on=dt.date(2025, 6, 1))
    with pytest.raises(AssetError):
        services.lent_item_return(actor=finance, item=item, returned_on=dt.date(2025, 6, 2))
    item.refresh_from_db()
    assert item.returned_on == dt.date(2025, 6, 1)
    assert AuditEntry.objects.filter(action="assets.lentitem.updated", object_id=str(item.pk))
    with pytest.raises(AssetError):
        services.lent_item_create(
            actor=finance, org=union, name="", lender="x", lent_on=dt.date(2025, 1, 5)
        )


def test_the_register_exports_with_its_values(union, finance):
    from io import BytesIO

    from openpyxl import load_workbook

    a = make_asset(union, name="=HYPERLINK(1)")
    run(union, 2025, 4)
    name, content, media = services.register_export(actor=finance, org=union)
    assert name.endswith(".xlsx")
    ws = load_workbook(BytesIO(content)).active
    row = [c.value for c in ws[2]]
    assert row[0] == a.number and row[1] == "=HYPERLINK(1)" and ws["B2"].data_type == "s"
    assert row[7] == 7200 and row[9] == 100 and row[10] == 7100
    assert AuditEntry.objects.filter(action="assets.register.exported", org=union)


def test_every_refusal_is_a_domain_error():
    assert issubclass(AssetError, DomainError)


def test_a_purchase_from_a_fund_is_limited_to_what_it_holds(union, finance):
    from tests.funds.conftest import make_fund

    fund = make_fund(union, kind="union", balance="5000.00", date=dt.date(2025, 1, 2))
    with pytest.raises(AssetError) as exc:
        make_asset(union, value="7200.00", fund=fund)
    assert exc.value.field == "fund" and "5,000.00" in exc.value.message
    a = make_asset(union, value="4800.00", fund=fund)
    from gonghui.finance.models import VoucherLine

    assert VoucherLine.objects.get(voucher=a.voucher, account_code="102").fund == fund


def test_the_card_lists_every_voucher_of_the_asset(union, finance, chair):
    lost = make_asset(union)
    make_asset(union, name="投影仪")
    r = run(union, 2025, 4)
    st = services.stocktake_open(actor=finance, org=union, date=dt.date(2025, 12, 20))
    item = next(i for i in selectors.stocktake_items(st) if i.asset_id == lost.pk)
    services.stocktake_mark(actor=finance, item=item, result="missing")
    services.stocktake_submit(actor=finance, stocktake=st)
    services.stocktake_approve(actor=chair, stocktake=st)
    st.refresh_from_db()
    numbers = [v.pk for v in selectors.vouchers_of(lost)]
    assert numbers == [lost.voucher_id, r.voucher_id, st.voucher_id, st.approval_voucher_id]


def test_an_asset_disposed_of_during_the_count_cannot_be_missing_too(union, finance, chair):
    a = make_asset(union)
    st = services.stocktake_open(actor=finance, org=union, date=dt.date(2025, 12, 20))
    [item] = selectors.stocktake_items(st)
    services.stocktake_mark(actor=finance, item=item, result="missing")
    d = services.disposal_request(
        actor=finance, asset=a, kind="scrap", date=dt.date(2025, 12, 1), reason="坏了"
    )
    services.disposal_approve(actor=chair, disposal=d)
    with pytest.raises(AssetError):
        services.stocktake_submit(actor=finance, stocktake=st)
    st.refresh_from_db()
    assert st.state == StocktakeState.OPEN and st.voucher is None
