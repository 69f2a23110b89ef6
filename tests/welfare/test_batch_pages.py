"""Batches as a cadre uses them (#13 §5): groups chosen by name, paying only after the
number of people and the total were shown and confirmed, and the 发放表 by group then
name, about 25-30 rows to an A4 page."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from gonghui.finance.models import Voucher
from gonghui.members.models import ON_ROLL, Member
from gonghui.welfare import services
from gonghui.welfare.models import Batch, Visit
from tests.factories import GroupFactory, MemberFactory, UnionFactory

from .conftest import make_fund

pytestmark = pytest.mark.django_db


SURNAMES = "白蔡陈邓范高何黄江李林刘马潘钱孙王吴谢杨张赵周朱"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"


def add_people(group, n: int, start: int = 0) -> None:
    """n members of `group` with varied names (their pinyin order is not their order here)."""
    for i in range(start, start + n):
        name = SURNAMES[i * 7 % len(SURNAMES)] + GIVEN[i % len(GIVEN)] + GIVEN[i * 3 % len(GIVEN)]
        MemberFactory(org=group, name=name)


@pytest.fixture
def factory(union):
    """A factory's union with three groups named as a cadre knows them, a few members in each
    (and one who left), and a school elsewhere with a group of its own."""
    union.groups = {
        name: GroupFactory(parent=union, name=name)
        for name in ("一车间工会小组", "二车间工会小组", "质检部工会小组")
    }
    for i, group in enumerate(union.groups.values()):
        add_people(group, 4 + i, start=10 * i)
    MemberFactory(org=union.groups["质检部工会小组"], status="left")
    school = UnionFactory()
    union.elsewhere = GroupFactory(parent=school, name="语文教研组")
    MemberFactory(org=union.elsewhere)
    return union


@pytest.fixture
def base(factory):
    return f"/o/{factory.code}/welfare"


@pytest.fixture
def c(chair, login):
    return login(chair)


def form_data(fund, **kw):
    data = {
        "title": "2026年端午慰问",
        "occasion": "festival",
        "festival": "duanwu",
        "date": "2026-06-18",
        "form": "goods",
        "amount": "200.00",
        "goods": "粽子礼盒",
        "fund": fund.pk,
        "visitors": "工会委员会",
        "selection": "group",
    }
    data.update(kw)
    return data


def on_roll(group):
    with unscoped():
        return set(
            Member.objects.filter(org=group, status__in=ON_ROLL).values_list("pk", flat=True)
        )


@pytest.fixture
def fund(factory, chair):
    return make_fund(factory, actor=chair, amount=Decimal("500000.00"))


def latest_batch(union):
    with unscoped():
        return Batch.objects.filter(org=union).latest("id")


def test_a_group_is_chosen_by_typing_part_of_its_name(factory, base, c, fund):
    page = c.get(f"{base}/batches/new/").content.decode()
    # No code is asked for, none is offered.
    assert not any(g.code in page for g in factory.groups.values())
    r = c.post(f"{base}/batches/new/", form_data(fund, group_q="质检部"))
    assert r.status_code == 302, r.content.decode()[:2000]
    batch = latest_batch(factory)
    with unscoped():
        assert set(batch.lines.values_list("member_id", flat=True)) == on_roll(
            factory.groups["质检部工会小组"]
        )
        assert batch.selection == "质检部工会小组"


def test_several_groups_may_be_ticked(factory, base, c, fund):
    ids = [factory.groups["一车间工会小组"].pk, factory.groups["质检部工会小组"].pk]
    r = c.post(f"{base}/batches/new/", form_data(fund, group=ids))
    assert r.status_code == 302, r.content.decode()[:2000]
    batch = latest_batch(factory)
    with unscoped():
        got = set(batch.lines.values_list("member_id", flat=True))
    assert got == on_roll(factory.groups["一车间工会小组"]) | on_roll(
        factory.groups["质检部工会小组"]
    )
    assert batch.selection == "一车间工会小组、质检部工会小组"


def test_a_name_matching_nothing_says_so_and_keeps_what_was_typed(factory, base, c, fund):
    with unscoped():
        before = Batch.objects.count()
    r = c.post(f"{base}/batches/new/", form_data(fund, group_q="财务科"))
    page = r.content.decode()
    assert r.status_code == 200
    assert "没有名称含“财务科”的工会小组或部门" in page
    assert 'value="财务科"' in page and 'value="2026年端午慰问"' in page
    with unscoped():
        assert Batch.objects.count() == before


def test_a_name_matching_several_groups_asks_to_tick(factory, base, c, fund):
    r = c.post(f"{base}/batches/new/", form_data(fund, group_q="车间"))
    page = r.content.decode()
    assert "请勾选" in page
    assert "一车间工会小组" in page and "二车间工会小组" in page


def test_group_with_nothing_typed_or_ticked_is_refused(factory, base, c, fund):
    r = c.post(f"{base}/batches/new/", form_data(fund))
    assert r.status_code == 200 and "请至少选择一个小组" in r.content.decode()


def test_the_search_lists_groups_by_name_as_one_types(factory, base, c):
    qc = factory.groups["质检部工会小组"]
    r = c.get(f"{base}/batches/groups/", {"group_q": "质检"}, HTTP_HX_REQUEST="true")
    page = r.content.decode()
    assert r.status_code == 200 and "质检部工会小组" in page and "一车间" not in page
    assert f'value="{qc.pk}"' in page
    # A group ticked before stays ticked while the next name is searched.
    r = c.get(
        f"{base}/batches/groups/",
        {"group_q": "一车间", "group": qc.pk},
        HTTP_HX_REQUEST="true",
    )
    page = r.content.decode()
    assert "质检部工会小组" in page and "一车间工会小组" in page
    assert re.search(rf'value="{qc.pk}"\s+id="[^"]+"\s+checked', page)
    r = c.get(f"{base}/batches/groups/", {"group_q": "财务科"}, HTTP_HX_REQUEST="true")
    assert "没有名称含“财务科”" in r.content.decode()
    # Another union's groups are not found.
    page = c.get(f"{base}/batches/groups/", {"group_q": "语文"}).content.decode()
    assert "语文教研组" not in page and "没有名称含“语文”" in page


def test_the_api_still_takes_a_group_code(factory, chair, fund, platform):
    qc = factory.groups["质检部工会小组"]
    data = {
        "title": "质检部慰问",
        "occasion": "festival",
        "festival": "duanwu",
        "date": dt.date(2026, 6, 18),
        "form": "goods",
        "amount": Decimal(100),
        "goods": "粽子",
        "fund": fund,
    }
    with scope(factory), acting(user=chair):
        batch = services.batch_create(
            actor=chair, org=factory, data=data, selection="group", group=qc.code
        )
        with pytest.raises(services.WelfareError):
            services.batch_create(
                actor=chair,
                org=factory,
                data=data,
                selection="group",
                group=factory.elsewhere.code,
            )
    assert batch.lines.count() == len(on_roll(qc))


def plan_all(client, fund):
    union = fund.org
    r = client.post(f"/o/{union.code}/welfare/batches/new/", form_data(fund, selection="all"))
    assert r.status_code == 302, r.content.decode()[:2000]
    return latest_batch(union)


def test_paying_shows_the_count_and_total_and_pays_only_on_confirming(factory, base, c, fund):
    batch = plan_all(c, fund)
    with unscoped():
        n = batch.lines.count()
    total = Decimal("200.00") * n
    detail = c.get(f"{base}/batches/{batch.pk}/").content.decode()
    assert f'href="{base}/batches/{batch.pk}/pay/"' in detail
    r = c.get(f"{base}/batches/{batch.pk}/pay/")
    page = r.content.decode()
    assert r.status_code == 200
    assert f'<strong id="pay-count">{n}</strong>' in page
    assert f'<strong id="pay-total">{total:,.2f}</strong>' in page
    assert f'name="total" value="{total}"' in page and "确认发放" in page
    with unscoped():
        assert not Visit.objects.filter(batch=batch).exists()
    # Posting without the figures pays nothing.
    r = c.post(f"{base}/batches/{batch.pk}/pay/")
    assert r.status_code == 200 and "请确认人数和合计金额" in r.content.decode()
    with unscoped():
        assert not Visit.objects.filter(batch=batch).exists()
    r = c.post(f"{base}/batches/{batch.pk}/pay/", {"count": n, "total": str(total)})
    assert r.status_code == 302
    with unscoped():
        batch.refresh_from_db()
        assert batch.state == Batch.State.PAID
        assert Visit.objects.filter(batch=batch).count() == n
    # A paid batch's pay page goes back to the batch.
    r = c.get(f"{base}/batches/{batch.pk}/pay/")
    assert r.status_code == 302


def test_a_batch_changed_after_the_confirmation_page_is_not_paid(factory, base, c, fund):
    batch = plan_all(c, fund)
    with unscoped():
        n = batch.lines.count()
        line = batch.lines.order_by("id").first()
    seen = {"count": n, "total": str(Decimal("200.00") * n)}
    # Someone changes one line in the meantime.
    c.post(f"{base}/batches/{batch.pk}/lines/{line.pk}/", {"amount": "500.00", "goods": "x"})
    with unscoped():
        vouchers = Voucher.objects.filter(org=factory).count()
    r = c.post(f"{base}/batches/{batch.pk}/pay/", seen)
    page = r.content.decode()
    assert r.status_code == 200
    assert "发放批次在您查看后有变动" in page and "未发放任何款项" in page
    now = Decimal("200.00") * (n - 1) + Decimal("500.00")
    assert f'name="total" value="{now}"' in page  # the page now carries the new figures
    with unscoped():
        batch.refresh_from_db()
        assert batch.state == Batch.State.DRAFT
        assert not Visit.objects.filter(batch=batch).exists()
        assert Voucher.objects.filter(org=factory).count() == vouchers
    # A line removed changes the count: refused too.
    with unscoped():
        line = batch.lines.order_by("id").last()
    c.post(f"{base}/batches/{batch.pk}/lines/{line.pk}/", {"remove": "1"})
    r = c.post(f"{base}/batches/{batch.pk}/pay/", {"count": n, "total": str(now)})
    assert "发放批次在您查看后有变动" in r.content.decode()
    with unscoped():
        assert not Visit.objects.filter(batch=batch).exists()


def sheet_rows_per_page(html: str) -> list[list[str]]:
    """The names on each page of the sheet as WeasyPrint lays it out."""
    from weasyprint import HTML

    pages = []
    for page in HTML(string=html).render().pages:
        rows = [
            b
            for b in page._page_box.descendants()
            if getattr(b, "element_tag", "") == "tr" and b.element.get("class") == "line"
        ]
        pages.append([r.element[1].text for r in rows])
    return pages


def test_the_sheet_goes_by_group_then_name_about_28_rows_to_a_page(factory, base, c, fund):
    from gonghui.welfare.sheet import sheet_html

    # Some 300 people over the three groups: more than ten pages.
    for i, group in enumerate(factory.groups.values()):
        add_people(group, 100, start=100 * (i + 1))
    batch = plan_all(c, fund)
    r = c.get(f"{base}/batches/{batch.pk}/sheet.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    with scope(batch.org):
        html = sheet_html(batch, r.wsgi_request)
        lines = list(
            batch.lines.select_related("member", "member__org").order_by(
                "member__org__path", "member__name_pinyin", "member_id"
            )
        )
    # Group by group: each group's header with its count and subtotal, its people by the
    # pinyin of their names (白 before 蔡 before 陈...).
    for org_name in {ln.member.org.name for ln in lines}:
        people = [ln for ln in lines if ln.member.org.name == org_name]
        total = sum((ln.amount for ln in people), Decimal(0))
        assert f"{org_name}（{len(people)} 人）" in html
        assert f"小计 {total:,.2f} 元" in html
        keys = [ln.member.name_pinyin for ln in people]
        assert keys == sorted(keys)
    pages = sheet_rows_per_page(html)
    names = [name for page in pages for name in page]
    assert names == [ln.member.name for ln in lines]
    assert len(pages) > 10
    for page in pages[:-1]:
        assert 25 <= len(page) <= 31, [len(p) for p in pages]
    assert "领取人签字" in html and "人民币（大写）" in html
    # The visits cite the sheet's row numbers: row n is the n-th person above.
    with unscoped():
        n, total = services.batch_figures(batch)
    c.post(f"{base}/batches/{batch.pk}/pay/", {"count": n, "total": str(total)})
    with unscoped():
        for i in (1, 29, n):
            visit = Visit.objects.get(batch=batch, receipt=f"{batch.title} 发放表第{i}行")
            assert visit.member_id == lines[i - 1].member_id


def test_the_batch_page_shows_figures_with_separators_and_names_the_rule_broken(
    factory, base, c, fund
):
    """A new user read 余额 500000.00 and "1 行不符合规定" without knowing which rule: the
    figures carry thousands separators, and the banner names the cap and its source."""
    batch = plan_all(c, fund)
    with unscoped():
        line = batch.lines.order_by("id").first()
        line.amount = Decimal("2500.00")
        line.save()
        n = batch.lines.count()
        table = services.caps_for(factory, batch.date)
    cap = table.cap("festival", "duanwu") or table.festival_year
    assert cap is not None and cap < Decimal("2500.00")
    for url in (f"{base}/batches/{batch.pk}/", f"{base}/batches/{batch.pk}/pay/"):
        page = c.get(url).content.decode()
        assert "余额 500,000.00 元" in page
        banner = page.split('id="batch-findings"')[1].split("</div>")[0]
        assert "1 行不符合规定" in banner
        assert f"{cap} 元" in banner and "（1 行）" in banner
        assert f"依据：{table.source}" in banner
    detail = c.get(f"{base}/batches/{batch.pk}/").content.decode()
    assert ">2,500.00<" not in detail  # a draft's amounts are inputs, as typed
    assert f"{Decimal('200.00') * (n - 1) + Decimal('2500.00'):,.2f} 元" in detail


def test_a_batch_preselects_only_a_plan_task_that_matches(factory, base, c, fund, chair):
    """The page's link to the work plan preselected the first task of the plan (劳动竞赛)
    for a 端午 batch: now only a care task of the batch's month is preselected, else none."""
    from tests.plans.conftest import build_plan

    other = "开展“安全生产月”劳动竞赛"
    build_plan(factory, chair, [(other, {"category": "contest"})], year=2026, accept=True)
    batch = plan_all(c, fund)
    page = c.get(f"{base}/batches/{batch.pk}/").content.decode()
    select = page.split('id="link-evidence-task"')[1].split("</select>")[0]
    assert other in select and "请选择任务…" in select
    assert select.count(" selected") == 1 and '<option value="" selected disabled>' in select
    # The next year's plan holds the same contest first, then a care task of June.
    care = "端午节走访慰问困难职工"
    tasks = [(other, {"category": "contest"}), (care, {"category": "care", "months": [6]})]
    build_plan(factory, chair, tasks, year=2027, accept=True)
    with unscoped(), acting(user=chair):
        batch.refresh_from_db()
        batch.date = dt.date(2027, 6, 10)
        batch.save()
    page = c.get(f"{base}/batches/{batch.pk}/").content.decode()
    select = page.split('id="link-evidence-task"')[1].split("</select>")[0]
    chosen = select.split(" selected>")[1].split("</option>")[0]
    assert chosen.startswith(care)
