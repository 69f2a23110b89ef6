"""Voucher pages: the list, the form, the 记账凭证 and its actions. Works / other union
404 / no permission 403 (the auditor on every write) / wrong method 405."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.finance.models import Voucher, VoucherLine, VoucherState
from gonghui.finance.services import project_create
from tests.factories import UnionFactory

from .conftest import D, L, holder, make_voucher

pytestmark = pytest.mark.usefixtures("platform")


def _base(org):
    return f"/o/{org.code}/finance/vouchers/"


def _url(v, what=""):
    return f"{_base(v.org)}{v.pk}/{what}"


def _form(rows, *, date="2031-03-12", summary="收到三月会费", attachments="2", total=None):
    """POST data of the voucher form: `rows` are dicts of line fields."""
    data = {
        "date": date,
        "summary": summary,
        "attachments_count": attachments,
        "lines-TOTAL_FORMS": str(total if total is not None else max(len(rows), 6)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "200",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"lines-{i}-{key}"] = value
    return data


DUES = [
    {"account": "102", "debit": "1,250.5"},
    {"account": "401", "credit": "1250.50", "restricted": "0", "summary": "三月会费"},
]


# -- the list --------------------------------------------------------------------------
def test_the_list_shows_number_date_summary_total_state_and_preparer(login, union, accountant):
    v = make_voucher(union, summary="收到会费<script>alert(1)</script>")
    make_voucher(union, date=dt.date(2031, 4, 2), summary="四月会费", state="submitted")
    r = login(holder("auditor", union)).get(_base(union))
    assert r.status_code == 200
    body = r.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "收到会费&lt;script&gt;alert(1)&lt;/script&gt;" in body
    for text in (v.number, "2031-03-10", "100.00", str(accountant), "四月会费"):
        assert text in body, text
    assert 'id="new-voucher"' not in body  # the auditor only reads


def test_the_list_filters_by_year_month_and_state(login, union, accountant):
    make_voucher(union, summary="三月已记账")
    make_voucher(union, date=dt.date(2031, 4, 2), summary="四月待审核", state="submitted")
    make_voucher(union, date=dt.date(2030, 4, 2), summary="去年四月")
    c = login(accountant)
    body = c.get(_base(union), {"year": "2031", "month": "4"}).content.decode()
    assert "四月待审核" in body and "三月已记账" not in body and "去年四月" not in body
    body = c.get(_base(union), {"state": "posted"}).content.decode()
    assert "三月已记账" in body and "去年四月" in body and "四月待审核" not in body
    # A value that is not a choice filters nothing rather than failing.
    r = c.get(_base(union), {"year": "99999", "state": "bogus"})
    assert r.status_code == 200 and "三月已记账" in r.content.decode()


def test_the_list_is_paginated(login, union, accountant):
    for i in range(51):
        make_voucher(union, summary=f"草稿{i}", state="draft")
    c = login(accountant)
    first = c.get(_base(union))
    assert len(first.context["page_obj"].object_list) == 50
    second = c.get(_base(union), {"page": "2"})
    assert len(second.context["page_obj"].object_list) == 1


# -- the form --------------------------------------------------------------------------
def test_the_new_voucher_form_has_six_rows_of_leaf_accounts(login, union, accountant):
    r = login(accountant).get(f"{_base(union)}new/")
    assert r.status_code == 200
    body = r.content.decode()
    assert len(r.context["formset"].forms) == 6
    assert 'name="lines-5-account"' in body
    assert "102 银行存款" in body and "50102 文体活动" in body
    assert 'value="501"' not in body  # 职工活动支出 has sub-accounts: not a leaf
    assert 'hx-post="' in body and 'name="add_line"' in body


def test_a_voucher_is_saved_as_a_draft_from_the_form(login, union, accountant):
    project = project_create(actor=accountant, org=union, code="P1", name="职工书屋")
    rows = [
        {"account": "50304", "debit": "300", "restricted": "1", "project": str(project.pk)},
        {"account": "102", "credit": "300", "payee": "新华书店"},
    ]
    r = login(accountant).post(f"{_base(union)}new/", _form(rows, summary="购书"))
    v = Voucher.objects.get(org=union, summary="购书")
    assert r.status_code == 302 and r["Location"] == _url(v)
    assert (v.state, v.attachments_count, v.total, v.prepared_by) == (
        "draft",
        2,
        D("300.00"),
        accountant,
    )
    lines = list(v.lines.order_by("order"))
    assert [(ln.account_code, ln.debit, ln.credit) for ln in lines] == [
        ("50304", D("300.00"), D("0")),
        ("102", D("0"), D("300.00")),
    ]
    assert (lines[0].restricted, lines[0].project, lines[0].expense_type) == (
        True,
        project,
        "project",
    )
    assert lines[1].payee == "新华书店"
    assert [ln.summary for ln in lines] == ["购书", "购书"]  # the voucher's summary


def test_a_refused_voucher_keeps_everything_typed(login, union, accountant):
    rows = [
        {"account": "102", "debit": "1,250.5"},
        {"account": "401", "credit": "1250.40", "restricted": "0", "summary": "三月会费"},
    ]
    r = login(accountant).post(f"{_base(union)}new/", _form(rows, summary="会费不平"))
    assert r.status_code == 200
    body = r.content.decode()
    assert "借贷不平" in body
    assert 'value="1,250.5"' in body and 'value="1250.40"' in body
    assert 'value="会费不平"' in body and 'value="三月会费"' in body
    assert '<option value="401" selected>' in body
    assert not Voucher.objects.filter(org=union).exists()


def test_a_line_needing_special_purpose_is_refused_with_its_line_number(login, union, accountant):
    rows = [{}, {"account": "102", "debit": "10"}, {"account": "401", "credit": "10"}]
    r = login(accountant).post(f"{_base(union)}new/", _form(rows))
    body = r.content.decode()
    assert r.status_code == 200 and "第 2 行" in body and "专项" in body
    # The filled rows come first again, so 第 2 行 is the second row on the page.
    assert r.context["formset"].forms[1].initial["account"] == "401"


def test_an_amount_in_words_is_refused_on_the_form(login, union, accountant):
    rows = [
        {"account": "102", "debit": "壹佰元"},
        {"account": "401", "credit": "100", "restricted": "0"},
    ]
    r = login(accountant).post(f"{_base(union)}new/", _form(rows))
    assert r.status_code == 200 and "第 1 行" in r.content.decode()
    assert 'value="壹佰元"' in r.content.decode()


def test_add_a_line_without_script_keeps_what_was_typed(login, union, accountant):
    data = _form(DUES, summary="会费")
    data["add_line"] = "1"
    r = login(accountant).post(f"{_base(union)}new/", data)
    assert r.status_code == 200
    assert len(r.context["formset"].forms) == 7
    body = r.content.decode()
    assert 'value="1,250.5"' in body and 'value="会费"' in body
    assert "invalid-feedback" not in body  # nothing is checked yet
    assert not Voucher.objects.filter(org=union).exists()


def test_add_a_line_by_htmx_answers_the_lines_only(login, union, accountant):
    data = _form(DUES, total=6)
    data["add_line"] = "1"
    r = login(accountant).post(f"{_base(union)}new/", data, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body
    assert 'id="voucher-lines"' in body and 'name="lines-6-account"' in body
    assert 'name="lines-TOTAL_FORMS" value="7"' in body


def test_a_draft_is_edited_and_keeps_its_payout_fund(login, union, accountant):
    from tests.funds.conftest import make_fund

    fund = make_fund(union, balance="500")
    v = make_voucher(
        union,
        [L("50105", debit="80", restricted=False), L("102", credit="80", fund=fund)],
        state="draft",
    )
    c = login(accountant)
    form = c.get(_url(v, "edit/")).context["formset"]
    assert form.forms[1].initial["fund"] == fund.pk
    rows = [
        {"account": "50105", "debit": "90", "restricted": "0"},
        {"account": "102", "credit": "90", "fund": str(fund.pk)},
    ]
    r = c.post(_url(v, "edit/"), _form(rows, summary="改为九十元"))
    assert r.status_code == 302
    v.refresh_from_db()
    assert (v.summary, v.total) == ("改为九十元", D("90.00"))
    assert v.lines.get(account_code="102").fund == fund


def test_a_posted_voucher_cannot_be_edited(login, union, accountant):
    v = make_voucher(union)
    r = login(accountant).post(_url(v, "edit/"), _form(DUES))
    assert r.status_code == 302 and r["Location"] == _url(v)
    v.refresh_from_db()
    assert v.total == D("100.00")


def test_a_returned_reversal_is_handed_in_again_not_rewritten(login, union, accountant, chair):
    from gonghui.finance import services

    reversal = services.voucher_reverse(
        actor=accountant, voucher=make_voucher(union), date=dt.date(2031, 3, 20), reason="错"
    )
    services.voucher_reject(actor=chair, voucher=reversal, reason="日期不对")
    c = login(accountant)
    body = c.get(_url(reversal)).content.decode()
    assert 'id="edit-voucher"' not in body and 'id="action-submit"' in body
    assert c.get(_url(reversal, "edit/")).status_code == 302


# -- the voucher and its actions -------------------------------------------------------
def test_the_voucher_shows_lines_totals_capitals_and_people(login, union, accountant, chair):
    v = make_voucher(
        union,
        [L("102", debit="1234.56", payee="某公司"), L("401", credit="1234.56", restricted=False)],
    )
    r = login(holder("auditor", union)).get(_url(v))
    assert r.status_code == 200
    body = r.content.decode()
    for text in ("记账凭证", v.number, "102 银行存款", "401 会费收入", "1,234.56", "某公司"):
        assert text in body, text
    assert "壹仟贰佰叁拾肆元伍角陆分" in body
    assert str(accountant) in body and str(chair) in body
    assert 'id="voucher-actions"' not in body  # the auditor may do nothing


def test_the_preparer_is_told_why_they_cannot_review(login, union, accountant, chair):
    v = make_voucher(union, state="submitted")
    body = login(accountant).get(_url(v)).content.decode()
    assert 'id="action-review"' not in body and 'id="review-blocked"' in body
    body = login(chair).get(_url(v)).content.decode()
    assert 'id="action-review"' in body and 'id="review-blocked"' not in body
    assert 'id="action-post"' not in body  # the chair does not post


def test_the_whole_chain_through_the_buttons(login, union, accountant, chair):
    c_acc, c_chair = login(accountant), login(chair)
    c_acc.post(f"{_base(union)}new/", _form(DUES, summary="按钮流程"))
    v = Voucher.objects.get(org=union, summary="按钮流程")
    r = c_acc.post(_url(v, "submit/"))
    assert r.status_code == 302 and r["Location"] == _url(v)
    v.refresh_from_db()
    assert (v.state, v.number) == ("submitted", "记-0001")
    # The preparer's own review is refused by the service and said on the page.
    r = c_acc.post(_url(v, "review/"), {"next": _url(v)}, follow=True)
    assert "不相容岗位分离" in r.content.decode()
    v.refresh_from_db()
    assert v.state == "submitted"
    c_chair.post(_url(v, "review/"))
    c_acc.post(_url(v, "post/"))
    v.refresh_from_db()
    assert (v.state, v.reviewed_by, v.posted_by) == ("posted", chair, accountant)
    assert set(v.lines.values_list("posted", flat=True)) == {True}


def test_reject_needs_a_reason_and_returns_the_voucher(login, union, chair):
    v = make_voucher(union, state="submitted")
    c = login(chair)
    r = c.post(_url(v, "reject/"), {"reason": "", "next": _url(v)}, follow=True)
    assert "请填写" in r.content.decode()
    v.refresh_from_db()
    assert v.state == "submitted"
    c.post(_url(v, "reject/"), {"reason": "缺发票"})
    v.refresh_from_db()
    assert (v.state, v.note) == ("rejected", "缺发票")
    body = login(holder("finance", union)).get(_url(v)).content.decode()
    assert "缺发票" in body and 'id="edit-voucher"' in body and 'id="action-void"' in body


def test_void_keeps_the_number(login, union, accountant):
    v = make_voucher(union, state="reviewed")
    login(accountant).post(_url(v, "void/"), {"reason": "重复录入"})
    v.refresh_from_db()
    assert (v.state, v.number, v.note) == ("voided", "记-0001", "重复录入")


def test_a_reversal_names_its_original_and_the_original_links_back(login, union, accountant):
    v = make_voucher(union)
    c = login(accountant)
    r = c.post(_url(v, "reverse/"), {"date": "2031-03-20", "reason": "金额有误"})
    reversal = Voucher.objects.get(reverses=v)
    assert r.status_code == 302 and r["Location"] == _url(reversal)
    assert (reversal.state, reversal.total) == ("submitted", D("-100.00"))
    body = c.get(_url(reversal)).content.decode()
    assert f'href="{_url(v)}"' in body and "-100.00" in body and "负壹佰元整" in body
    body = c.get(_url(v)).content.decode()
    assert f'href="{_url(reversal)}"' in body and 'id="action-reverse"' not in body


def test_a_reversal_without_a_date_is_refused_and_said(login, union, accountant):
    v = make_voucher(union)
    r = login(accountant).post(
        _url(v, "reverse/"), {"date": "", "reason": "x", "next": _url(v)}, follow=True
    )
    assert "冲销日期" in r.content.decode()
    assert not Voucher.objects.filter(reverses=v).exists()


def test_a_draft_is_deleted_and_a_posted_voucher_is_not(login, union, accountant):
    draft = make_voucher(union, state="draft")
    posted = make_voucher(union)
    c = login(accountant)
    r = c.post(_url(draft, "delete/"))
    assert r.status_code == 302 and r["Location"] == _base(union)
    assert not Voucher.objects.filter(pk=draft.pk).exists()
    c.post(_url(posted, "delete/"))
    assert Voucher.objects.filter(pk=posted.pk).exists()


# -- personas --------------------------------------------------------------------------
WRITES = ["edit/", "submit/", "review/", "reject/", "post/", "void/", "reverse/", "delete/"]


def test_the_auditor_gets_403_on_every_write(login, union):
    v = make_voucher(union, state="submitted")
    c = login(holder("auditor", union))
    assert c.get(f"{_base(union)}new/").status_code == 403
    assert c.post(f"{_base(union)}new/", _form(DUES)).status_code == 403
    for what in WRITES:
        assert c.post(_url(v, what), {"reason": "x", "date": "2031-03-20"}).status_code == 403
    v.refresh_from_db()
    assert v.state == "submitted"
    assert Voucher.objects.filter(org=union).count() == 1


def test_a_cadre_cannot_read_the_vouchers(login, staff, union):
    v = make_voucher(union)
    c = login(staff("cadre", union))
    assert c.get(_base(union)).status_code == 403
    assert c.get(_url(v)).status_code == 403


def test_the_upper_union_reads_statements_but_not_vouchers(login, staff, union):
    v = make_voucher(union)
    c = login(staff("upper_staff", union.parent))
    assert c.get(_url(v)).status_code == 403


def test_another_unions_voucher_is_a_404(login, union, accountant):
    other = UnionFactory()
    theirs = make_voucher(other, state="submitted")
    c = login(accountant)
    assert c.get(f"/o/{other.code}/finance/vouchers/").status_code == 404
    # Their voucher's id under our own code.
    assert c.get(f"{_base(union)}{theirs.pk}/").status_code == 404
    for what in WRITES:
        assert c.post(f"{_base(union)}{theirs.pk}/{what}", {"reason": "x"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == "submitted"


def test_wrong_methods_get_405(login, union, accountant):
    v = make_voucher(union, state="draft")
    c = login(accountant)
    assert c.post(_base(union)).status_code == 405
    assert c.post(_url(v)).status_code == 405
    for what in WRITES[1:]:
        assert c.get(_url(v, what)).status_code == 405, what
    assert VoucherLine.objects.filter(voucher=v).count() == 2
    assert Voucher.objects.get(pk=v.pk).state == VoucherState.DRAFT
