"""Pages of the funds, views of the books: works / other union 404 / no permission 403 /
wrong method 405."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.funds.models import Fund, FundEntry
from tests.factories import UnionFactory, member_with_login

from .conftest import DAY, D, holder, ledger_lines, legacy_entry, make_fund

YEAR = DAY.year


def _url(fund, what="", org=None):
    return f"/o/{org or fund.org.code}/funds/{fund.pk}/{what}"


def _entries(fund):
    """The fund's ledger lines in the books, in ledger order."""
    return ledger_lines(fund)


def test_the_list_shows_the_funds_with_their_balances(login, auditor, union, fund):
    make_fund(union, name="帮困基金", balance="2345.60")
    r = login(auditor).get(f"/o/{union.code}/funds/")
    body = r.content.decode()
    assert r.status_code == 200
    assert fund.name in body and "1,000.00" in body
    assert "帮困基金" in body and "2,345.60" in body  # the second fund
    assert 'id="fund-create"' not in body  # the auditor only reads


def test_the_upper_union_sees_the_funds_below_it_read_only(login, staff, union, fund):
    district = union.parent
    sister = UnionFactory(parent=district)
    theirs = make_fund(sister, balance="10")
    c = login(staff("upper_staff", district))
    body = c.get(f"/o/{district.code}/funds/").content.decode()
    assert fund.name in body and union.name in body
    assert theirs.name in body and sister.name in body
    r = c.post(_url(fund, "payout/", district.code), {})
    assert r.status_code == 403
    assert len(_entries(fund)) == 1


def test_the_ledger_has_opening_running_balance_and_totals(login, finance, union):
    fund = make_fund(union, balance="500.00", date=dt.date(2030, 12, 1))
    c = login(finance)
    c.post(
        _url(fund, "income/"),
        {"in-date": "2031-01-05", "in-amount": "1,000", "in-summary": "会费收入"},
    )
    c.post(
        _url(fund, "payout/"),
        {
            "out-date": "2031-02-01",
            "out-amount": "￥250.5",
            "out-summary": "慰问金",
            "out-payee": "王五",
        },
    )
    r = c.get(_url(fund, f"{YEAR}/"))
    body = r.content.decode()
    assert r.status_code == 200
    book = r.context["book"]
    assert [row.entry.voucher_no for row in book.rows] == ["记-0001", "记-0001"]  # Jan, Feb
    assert [row.balance for row in book.rows] == [D("1500.00"), D("1249.50")]
    assert (book.opening, book.income, book.expense) == (D("500"), D("1000"), D("250.50"))
    for text in ("记-0001", "500.00", "1,500.00", "1,249.50", "250.50", "王五", "待审核"):
        assert text in body, text
    assert "壹仟元整" in body and "贰佰伍拾元伍角" in body
    # the year before holds only the opening income
    before = c.get(_url(fund, "2030/"))
    assert [row.entry.date for row in before.context["book"].rows] == [dt.date(2030, 12, 1)]
    assert before.context["book"].closing == D("500.00")
    assert 'id="ledger-closing"' in before.content.decode()


def test_the_fund_page_is_this_years_ledger(login, auditor, fund):
    r = login(auditor).get(_url(fund))
    assert r.status_code == 200
    assert r.context["year"] == timezone.localdate().year


def test_finance_records_income_and_a_payout(login, finance, fund):
    c = login(finance)
    page = c.get(_url(fund, f"{YEAR}/")).content.decode()
    assert 'name="out-account"' in page and 'name="in-account"' in page
    assert '<option value="50404" selected>' in page  # a hardship fund's payout account
    r = c.post(
        _url(fund, "payout/"),
        {
            "out-date": "2031-03-02",
            "out-amount": "100.10",
            "out-summary": "住院慰问",
            "out-payee": "李四",
            "out-account": "50105",
        },
    )
    assert r.status_code == 302 and r["Location"] == _url(fund, f"{YEAR}/")
    entry = _entries(fund)[-1]
    assert (entry.expense, entry.summary, entry.payee, entry.voucher_no) == (
        D("100.10"),
        "住院慰问",
        "李四",
        "记-0002",
    )
    assert entry.accounts == ["50105"] and entry.state == "submitted"
    assert entry.created_by == finance
    with unscoped():
        log = AuditEntry.objects.get(
            action="finance.voucher.created", object_id=str(entry.voucher_id)
        )
        assert not FundEntry.objects.filter(fund=fund).exists()
    assert log.actor == finance and log.source == "web"
    r = c.post(
        _url(fund, "income/"),
        {"in-date": "2031-03-03", "in-amount": "20", "in-summary": "捐款", "in-account": "408"},
    )
    assert r.status_code == 302 and _entries(fund)[-1].income == D("20.00")


def test_an_account_outside_the_choices_is_refused_on_the_form(login, finance, fund):
    r = login(finance).post(
        _url(fund, "payout/"),
        {"out-date": "2031-03-02", "out-amount": "5", "out-summary": "x", "out-account": "401"},
    )
    assert r.status_code == 200 and r.context["form"].errors["account"]
    assert len(_entries(fund)) == 1


def test_a_refused_payout_keeps_what_was_typed(login, finance, fund):
    c = login(finance)
    r = c.post(
        _url(fund, "payout/"),
        {
            "out-date": "2031-03-02",
            "out-amount": "1200",
            "out-summary": "大额补助",
            "out-payee": "赵六",
        },
    )
    assert r.status_code == 200
    body = r.content.decode()
    assert "1,000.00" in body  # the balance is named
    assert 'value="1200"' in body and 'value="大额补助"' in body and 'value="赵六"' in body
    assert len(_entries(fund)) == 1


def test_a_malformed_amount_is_refused_on_the_form(login, finance, fund):
    r = login(finance).post(
        _url(fund, "income/"), {"in-date": "2031-03-02", "in-amount": "12.345", "in-summary": "x"}
    )
    assert r.status_code == 200 and 'value="12.345"' in r.content.decode()
    assert r.context["form"].errors["amount"]
    assert len(_entries(fund)) == 1


def test_finance_reverses_an_entry_once(login, finance, fund):
    c = login(finance)
    c.post(
        _url(fund, "payout/"), {"out-date": "2031-03-02", "out-amount": "80", "out-summary": "误付"}
    )
    payout = _entries(fund)[-1]
    url = f"/o/{fund.org.code}/funds/entries/{payout.pk}/reverse/"
    assert c.get(url).status_code == 200
    r = c.post(url, {"reason": "重复录入", "date": "2031-03-03"})
    assert r.status_code == 302
    rev = _entries(fund)[-1]
    assert rev.reverses == payout.voucher_no and rev.expense == D("-80.00")
    assert rev.summary == f"冲销 2031-03-02 {payout.voucher_no}：重复录入"
    assert _entries(fund)[-2].reversed_by == rev.voucher_no
    r = c.post(url, {"reason": "再冲一次"})
    assert r.status_code == 200 and r.context["form"].non_field_errors()
    assert 'value="再冲一次"' in r.content.decode()
    assert len(_entries(fund)) == 3
    with unscoped():
        assert fund.balance == D("1000.00")


def test_the_ledger_shows_state_reversals_and_the_record_paid(login, finance, fund):
    from gonghui.funds import services

    with unscoped():
        paid = services.fund_payout(
            actor=finance,
            fund=fund,
            amount=D("30"),
            date=DAY,
            summary="金秋助学",
            payee="赵六",
            source="aid.application",
            source_id="5",
        )
        services.fund_entry_reverse(actor=finance, entry=paid, reason="发错", date=DAY)
    r = login(finance).get(_url(fund, f"{YEAR}/"))
    body = r.content.decode()
    rows = r.context["book"].rows
    assert rows[1].source and rows[1].source == rows[2].source  # 金秋助学申请, not "aid."
    assert "aid.application" not in body
    assert f"已由 {rows[2].entry.voucher_no} 冲销" in body and "对应业务：" in body
    assert body.count(f"/funds/entries/{rows[0].entry.pk}/reverse/") == 1
    assert f"/funds/entries/{rows[1].entry.pk}/reverse/" not in body  # reversed already
    assert f"/funds/entries/{rows[2].entry.pk}/reverse/" not in body  # a reversal
    assert 'data-state="submitted"' in body and "待审核" in body


def test_finance_opens_a_fund_and_a_duplicate_name_keeps_the_form(login, finance, union):
    c = login(finance)
    url = f"/o/{union.code}/funds/new/"
    r = c.post(url, {"kind": "donation", "name": "爱心捐款", "opened_on": "2031-01-01"})
    with unscoped():
        fund = Fund.objects.get(org=union, name="爱心捐款")
    assert r.status_code == 302 and r["Location"] == f"/o/{union.code}/funds/{fund.pk}/"
    r = c.post(url, {"kind": "donation", "name": "爱心捐款"})
    assert r.status_code == 200 and 'value="爱心捐款"' in r.content.decode()
    with unscoped():
        assert Fund.objects.filter(org=union, name="爱心捐款").count() == 1


def test_closing_a_fund_needs_a_zero_balance(login, chair, fund):
    c = login(chair)
    c.post(_url(fund, "active/"), {"active": "0"})
    fund.refresh_from_db()
    assert fund.is_active
    c.post(
        _url(fund, "payout/"),
        {"out-date": "2031-03-02", "out-amount": "1000", "out-summary": "清零"},
    )
    c.post(_url(fund, "active/"), {"active": "0"})
    fund.refresh_from_db()
    assert not fund.is_active


# -- who may do what -------------------------------------------------------------------
WRITES = [
    ("new/", {"kind": "union", "name": "不该有的基金"}),
    ("{fund}/income/", {"in-date": "2031-03-02", "in-amount": "5", "in-summary": "x"}),
    ("{fund}/payout/", {"out-date": "2031-03-02", "out-amount": "5", "out-summary": "x"}),
    ("{fund}/active/", {"active": "0"}),
    ("entries/{entry}/reverse/", {"reason": "x"}),
]


@pytest.mark.parametrize(("path", "data"), WRITES)
def test_the_auditor_reads_but_cannot_write(login, auditor, fund, path, data):
    entry = _entries(fund)[0]
    url = f"/o/{fund.org.code}/funds/" + path.format(fund=fund.pk, entry=entry.pk)
    with unscoped():
        before = AuditEntry.objects.count()
    r = login(auditor).post(url, data)
    assert r.status_code == 403
    with unscoped():
        assert AuditEntry.objects.count() == before
    assert len(_entries(fund)) == 1
    with unscoped():
        assert not Fund.objects.filter(name="不该有的基金").exists()
    assert login(auditor).get(_url(fund, f"{YEAR}/")).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "",
        "new/",
        "{fund}/",
        f"{{fund}}/{YEAR}/",
        f"{{fund}}/{YEAR}.xlsx",
        "{fund}/payout/",
        "entries/{entry}/reverse/",
    ],
)
def test_another_unions_chair_gets_404(login, other_union, fund, path):
    entry = _entries(fund)[0]
    url = f"/o/{fund.org.code}/funds/" + path.format(fund=fund.pk, entry=entry.pk)
    c = login(holder("chair", other_union))
    assert c.get(url).status_code == 404
    assert c.post(url, {}).status_code == 404
    assert len(_entries(fund)) == 1


def test_a_fund_of_another_union_is_404_under_ones_own_code(login, other_union, fund):
    c = login(holder("chair", other_union))
    own = other_union.code
    entry = _entries(fund)[0]
    assert c.get(f"/o/{own}/funds/").status_code == 200  # the chair's own list works
    assert c.get(f"/o/{own}/funds/{fund.pk}/{YEAR}/").status_code == 404
    assert (
        c.post(
            f"/o/{own}/funds/{fund.pk}/payout/",
            {"out-date": "2031-03-02", "out-amount": "5", "out-summary": "x"},
        ).status_code
        == 404
    )
    assert c.post(f"/o/{own}/funds/entries/{entry.pk}/reverse/", {"reason": "x"}).status_code == 404
    assert len(_entries(fund)) == 1


def test_a_member_has_no_funds_pages(login, group):
    member = member_with_login(group)
    assert login(member.user).get(f"/o/{group.code}/funds/").status_code == 403


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", ""),
        ("post", f"{{fund}}/{YEAR}/"),
        ("get", "{fund}/active/"),
        ("post", f"{{fund}}/{YEAR}.pdf"),
        ("put", "{fund}/payout/"),
    ],
)
def test_wrong_methods_get_405(login, finance, fund, method, path):
    url = f"/o/{fund.org.code}/funds/" + path.format(fund=fund.pk)
    assert getattr(login(finance), method)(url).status_code == 405


def test_a_nonsense_year_is_404(login, finance, fund):
    assert login(finance).get(_url(fund, "12/")).status_code == 404


def test_the_admin_shows_old_entries_but_cannot_change_or_delete_them(client, fund):
    from gonghui.accounts.models import User

    with unscoped():
        admin = User.objects.create_superuser(username="funds_op", password="x-Very-long-pw-1")
    client.force_login(admin)
    entry = legacy_entry(fund, income="5", summary="上级拨款")
    assert client.get("/admin/funds/fundentry/").status_code == 200
    assert client.get(f"/admin/funds/fundentry/{entry.pk}/change/").status_code == 200  # view only
    r = client.post(f"/admin/funds/fundentry/{entry.pk}/change/", {"summary": "改"})
    assert r.status_code == 403
    assert (
        client.post(f"/admin/funds/fundentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    r = client.post(
        "/admin/funds/fundentry/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert r.status_code in (200, 302, 403)
    with unscoped():
        assert [e.summary for e in FundEntry.objects.filter(fund=fund)] == ["上级拨款"]
