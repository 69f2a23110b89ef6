"""The union's finances for its members (#14 item 10): figures from the posted books by
category, published only when the cadres publish them, half-yearly when chosen, the
notice made from them, the congress report as .docx; with the persona cases."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from docx import Document

from gonghui.audit.models import AuditEntry
from gonghui.openness import finance
from gonghui.openness.models import Notice, Status
from tests.factories import GroupFactory, UnionFactory, member_with_login
from tests.finance.conftest import L, make_voucher
from tests.funds.conftest import holder

pytestmark = pytest.mark.usefixtures("platform")
YEAR = 2025
HOSTILE = "<script>alert(1)</script>=1+1\x07"


def _books(union):
    """Posted: dues 1000 (March), the 2% 600 (September); spending 50102 300 (April),
    50502 120.50 (October); and a submitted voucher that must not count."""
    make_voucher(union, date=dt.date(YEAR, 3, 5))
    make_voucher(
        union,
        [L("102", debit="600"), L("402", credit="600", restricted=False)],
        date=dt.date(YEAR, 9, 5),
    )
    make_voucher(
        union,
        [L("50102", debit="300", restricted=False), L("102", credit="300")],
        date=dt.date(YEAR, 4, 5),
    )
    make_voucher(
        union,
        [L("50502", debit="120.50", restricted=False), L("102", credit="120.50")],
        date=dt.date(YEAR, 10, 5),
    )
    make_voucher(
        union,
        [L("50102", debit="999", restricted=False), L("102", credit="999")],
        date=dt.date(YEAR, 10, 6),
        state="submitted",
    )


@pytest.fixture
def setup(db):
    union = UnionFactory(unit_type="school")
    group = GroupFactory(parent=union)
    _books(union)
    return {
        "union": union,
        "cadre": holder("cadre", union),
        "reader": member_with_login(group).user,
        "group": group,
    }


def _amounts(rows):
    return {r["name"]: r["amount"] for r in rows}


def test_figures_by_category_from_the_posted_books(setup):
    f = finance.figures_of(setup["union"], YEAR, "year")
    assert _amounts(f["income"])["会费收入"] == "100.00"
    assert _amounts(f["income"])["拨缴经费收入"] == "600.00"
    assert _amounts(f["expense"])["职工活动支出"] == "300.00"
    assert _amounts(f["expense"])["业务支出"] == "120.50"
    assert (f["income_total"], f["expense_total"], f["difference"]) == (
        "700.00",
        "420.50",
        "279.50",
    )
    h1, h2 = (finance.figures_of(setup["union"], YEAR, p) for p in ("h1", "h2"))
    assert (h1["income_total"], h1["expense_total"]) == ("100.00", "300.00")
    assert (h2["income_total"], h2["expense_total"]) == ("600.00", "120.50")


def test_members_see_nothing_until_published(login, setup):
    union, reader = setup["union"], setup["reader"]
    url = f"/o/{setup['group'].code}/openness/finance/"
    r = login(reader).get(url, {"year": YEAR})
    body = r.content.decode()
    assert r.status_code == 200 and 'id="not-published"' in body
    assert "120.50" not in body and 'id="books"' not in body
    c = login(setup["cadre"])
    r = c.get(f"/o/{union.code}/openness/finance/", {"year": YEAR})
    assert 'id="books"' in r.content.decode() and "120.50" in r.content.decode()
    r = c.post(
        f"/o/{union.code}/openness/finance/publish/",
        {"year": YEAR, "period": "year", "note": HOSTILE},
    )
    assert r.status_code == 302
    item = finance.FinancePublication.objects.get(org=union)
    entry = AuditEntry.objects.get(action="openness.financepublication.created")
    assert entry.actor_id == setup["cadre"].pk and str(item.pk) == entry.object_id
    body = login(reader).get(url, {"year": YEAR}).content.decode()
    assert 'id="published"' in body and "120.50" in body and "279.50" in body
    assert "<script>alert" not in body and "&lt;script&gt;" in body


def test_published_figures_are_a_snapshot(setup):
    union, cadre = setup["union"], setup["cadre"]
    item = finance.finance_publish(actor=cadre, org=union, year=YEAR)
    make_voucher(
        union,
        [L("50102", debit="10", restricted=False), L("102", credit="10")],
        date=dt.date(YEAR, 11, 5),
    )
    item.refresh_from_db()
    assert item.figures["expense_total"] == "420.50"
    again = finance.finance_publish(actor=cadre, org=union, year=YEAR)
    assert again.pk == item.pk and again.figures["expense_total"] == "430.50"
    assert AuditEntry.objects.filter(action="openness.financepublication.updated").exists()


def test_half_yearly_only_when_the_union_chooses(setup):
    union, cadre = setup["union"], setup["cadre"]
    with pytest.raises(finance._error("x").__class__) as exc:
        finance.finance_publish(actor=cadre, org=union, year=YEAR, period="h1")
    assert exc.value.field == "period"
    finance.finance_settings_update(actor=cadre, org=union, half_yearly=True)
    item = finance.finance_publish(actor=cadre, org=union, year=YEAR, period="h1")
    assert item.figures["expense_total"] == "300.00"


def test_refusals(setup):
    union, cadre = setup["union"], setup["cadre"]
    err = finance._error("x").__class__
    with pytest.raises(err):  # a group publishes nothing
        finance.finance_publish(actor=cadre, org=setup["group"], year=YEAR)
    with pytest.raises(err):  # a year not begun
        finance.finance_publish(actor=cadre, org=union, year=dt.date.today().year + 1)


def test_the_notice_is_made_from_the_published_figures(login, setup):
    union, cadre = setup["union"], setup["cadre"]
    finance.finance_publish(actor=cadre, org=union, year=YEAR, note=HOSTILE)
    c = login(cadre)
    r = c.post(f"/o/{union.code}/openness/finance/{YEAR}/year/notice/")
    notice = Notice.objects.get(org=union)
    assert r.status_code == 302 and r["Location"].endswith(f"/openness/{notice.pk}/")
    assert notice.status == Status.DRAFT and notice.item_code == "finance"  # a school's item
    assert "420.50" in notice.body and notice.period_year == YEAR
    r = c.post(f"/o/{union.code}/openness/finance/{YEAR}/year/notice/", follow=True)
    assert Notice.objects.filter(org=union).count() == 1  # refused the second time


def test_an_enterprise_notice_is_outside_the_required_items(db):
    union = UnionFactory(unit_type="enterprise")
    _books(union)
    item = finance.finance_publish(actor=None, org=union, year=YEAR)
    item = finance.finance_notice_create(actor=None, publication=item)
    assert item.notice.item_code == "" and item.notice.org == union


def test_the_congress_report_docx(login, setup):
    union, cadre = setup["union"], setup["cadre"]
    url = f"/o/{union.code}/openness/finance/{YEAR}/year/report.docx"
    assert login(cadre).get(url).status_code == 404  # nothing published yet
    finance.finance_publish(actor=cadre, org=union, year=YEAR, note=HOSTILE)
    r = login(setup["reader"]).get(
        f"/o/{setup['group'].code}/openness/finance/{YEAR}/year/report.docx"
    )
    assert r.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "经费收支情况" in text
    for part in (
        "会费收入",
        "拨缴经费收入",
        "职工活动支出",
        "业务支出",
        "700.00",
        "420.50",
        "279.50",
    ):
        assert part in text
    assert "<script>alert(1)</script>=1+1" in text and "\x07" not in text  # text, never markup
    assert AuditEntry.objects.filter(action="openness.finance_report.exported").exists()


def test_persona_cases(login, setup):
    union = setup["union"]
    other = UnionFactory()
    c = login(setup["cadre"])
    assert c.get(f"/o/{other.code}/openness/finance/").status_code == 404
    assert c.post(f"/o/{union.code}/openness/finance/").status_code == 405
    assert c.get(f"/o/{union.code}/openness/finance/publish/").status_code == 405
    reader = login(setup["reader"])
    # a member may read but not publish
    r = reader.post(f"/o/{setup['group'].code}/openness/finance/publish/", {"year": YEAR})
    assert r.status_code == 403
    assert not finance.FinancePublication.objects.exists()
    outsider = holder("cashier", UnionFactory())
    assert login(outsider).get(f"/o/{union.code}/openness/finance/").status_code == 404


def test_api(token_login, setup):
    union, group = setup["union"], setup["group"]
    base = f"/api/v1/orgs/{union.code}/openness/finance/"
    c = token_login(setup["cadre"])
    r = c.post(base + "publish/", json.dumps({"year": YEAR}), content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["figures"]["expense_total"] == "420.50"
    reader = token_login(setup["reader"])
    mine = f"/api/v1/orgs/{group.code}/openness/finance/"
    r = reader.get(mine)
    assert r.status_code == 200 and r.json()[0]["figures"]["income_total"] == "700.00"
    r = reader.post(mine + "publish/", json.dumps({"year": YEAR}), content_type="application/json")
    assert r.status_code == 403
    r = reader.get(mine + f"{YEAR}/year/report/")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert reader.delete(mine).status_code == 405
    assert c.get(f"/api/v1/orgs/{UnionFactory().code}/openness/finance/").status_code == 404
    r = c.post(
        base + "publish/",
        json.dumps({"year": YEAR, "period": "h1"}),
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["field"] == "period"


def test_the_half_yearly_setting_page(login, setup):
    union = setup["union"]
    url = f"/o/{union.code}/openness/finance/settings/"
    assert (
        login(setup["reader"])
        .post(f"/o/{setup['group'].code}/openness/finance/settings/")
        .status_code
        == 403
    )
    c = login(setup["cadre"])
    assert c.get(url).status_code == 405
    assert c.post(url, {"half_yearly": "1"}).status_code == 302
    assert finance.periods_of(union) == finance.PERIODS
    r = c.get(f"/o/{union.code}/openness/finance/", {"year": YEAR, "period": "h2"})
    assert r.context["period"] == "h2" and "120.50" in r.content.decode()
    c.post(url, {"half_yearly": "0"})
    assert finance.periods_of(union) == ("year",)
    assert AuditEntry.objects.filter(action="openness.financeopenness.updated").exists()
