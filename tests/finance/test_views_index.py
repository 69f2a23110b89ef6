"""The finance overview and its dashboard card: works / other union 404 / no permission
403 / wrong method 405."""

from __future__ import annotations

import pytest

from tests.factories import UnionFactory

from .conftest import L, holder, make_voucher

pytestmark = pytest.mark.usefixtures("platform")


def _url(org):
    return f"/o/{org.code}/finance/"


def test_the_accountant_sees_months_waiting_vouchers_and_cash(login, union, accountant):
    make_voucher(union)  # 102 +100.00
    make_voucher(union, [L("101", debit="35.50"), L("102", credit="35.50")])
    make_voucher(union, state="submitted")
    make_voucher(union, state="reviewed")
    make_voucher(union, state="draft")
    r = login(accountant).get(_url(union))
    assert r.status_code == 200
    body = r.content.decode()
    assert r.context["counts"] == {
        "drafts": 1,
        "submitted": 1,
        "reviewed": 1,
        "rejected": 0,
        "posted": 2,
    }
    assert 'id="balance-cash"' in body and "35.50" in body
    assert r.context["bank"] == pytest.approx(64.50) and "64.50" in body
    assert 'id="new-voucher"' in body
    assert len(r.context["months"]) == 2


def test_the_upper_union_sees_only_the_way_to_the_statements(login, staff, union):
    make_voucher(union)
    r = login(staff("upper_staff", union.parent)).get(_url(union))
    assert r.status_code == 200
    body = r.content.decode()
    assert 'id="statements-link"' in body
    assert 'id="card-cash"' not in body and 'id="new-voucher"' not in body
    assert "/finance/vouchers/" not in body


def test_the_auditor_reads_but_is_offered_no_new_voucher(login, staff, union):
    r = login(staff("auditor", union)).get(_url(union))
    assert r.status_code == 200 and 'id="new-voucher"' not in r.content.decode()


def test_another_unions_code_is_a_404(login, union, accountant):
    other = UnionFactory()
    assert login(accountant).get(_url(other)).status_code == 404


def test_a_cadre_without_the_books_gets_403(login, staff, union):
    assert login(staff("cadre", union)).get(_url(union)).status_code == 403


def test_post_is_405(login, union, accountant):
    assert login(accountant).post(_url(union)).status_code == 405


def test_the_dashboard_card_counts_what_waits_for_the_viewer(login, union, accountant, chair):
    make_voucher(union, state="submitted")  # prepared by the accountant
    make_voucher(union, state="reviewed")
    body = login(chair).get(f"/o/{union.code}/").content.decode()
    assert 'id="card-finance"' in body
    assert "1 张凭证待审核" in body  # the chair reviews what the accountant prepared
    assert "待记账" not in body  # the chair does not post
    body = login(accountant).get(f"/o/{union.code}/").content.decode()
    assert "待审核" not in body  # not their own
    assert "1 张凭证待记账" in body


def test_no_card_when_nothing_waits(login, union, accountant):
    make_voucher(union)
    body = login(accountant).get(f"/o/{union.code}/").content.decode()
    assert 'id="card-finance"' not in body


def test_the_menu_has_finance_for_the_books_and_the_upper_union(login, staff, union):
    def labels(who, org):
        r = login(who).get(f"/o/{org.code}/")
        return [str(i["label"]) for i in r.context["nav_items"]]

    assert "财务" in labels(holder("finance", union), union)
    assert "财务" in labels(staff("upper_staff", union.parent), union)
    assert "财务" not in labels(staff("cadre", union), union)


def test_no_finance_page_shows_a_code_or_a_choice_value(login, union, accountant, chair):
    from gonghui.finance import services
    from tests.core.test_no_codes_on_pages import findings, page_text

    services.subaccount_create(
        actor=accountant, org=union, parent_code="408", code="40801", name="利息收入"
    )
    jan = make_voucher(union, [L("102", debit="50"), L("40801", credit="50", restricted=False)])
    services.voucher_reverse(actor=accountant, voucher=jan, date=jan.date, reason="录错")
    returned = make_voucher(union, state="submitted")
    services.voucher_reject(actor=chair, voucher=returned, reason="缺发票")
    draft = make_voucher(union, state="draft")
    base = f"/o/{union.code}/finance/"
    pages = [
        base,
        f"{base}vouchers/",
        f"{base}vouchers/new/",
        f"{base}vouchers/{jan.pk}/",
        f"{base}vouchers/{jan.reversals.get().pk}/",
        f"{base}vouchers/{returned.pk}/",
        f"{base}vouchers/{returned.pk}/edit/",
        f"{base}vouchers/{draft.pk}/",
        f"{base}periods/?year=2031",
        f"{base}chart/",
        f"{base}statements/?year=2031&month=3",
        f"{base}statements/?year=2031&month=",
        f"{base}trial-balance/?year=2031&month=3",
    ]
    problems = []
    for who in (accountant, chair):
        c = login(who)
        for url in pages:
            if who == chair and url.endswith(("new/", "edit/")):
                continue  # the chair does not prepare vouchers
            r = c.get(url)
            assert r.status_code == 200, url
            # The page's own part: the menu is every module's (scanned by the core test).
            main = '<main id="main"' + r.content.decode().split('<main id="main"', 1)[1]
            problems += [f"{url}: {f}" for f in findings(page_text(main)[0])]
    assert not problems, "\n".join(problems)
