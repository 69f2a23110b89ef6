"""The committee's list, paper entry, drives, metrics and the yearly report."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import load_workbook

from gonghui.core.scoping import unscoped
from gonghui.ideas.models import Drive, Idea

from .conftest import photo

YEAR = timezone.localdate().year


class TestList:
    def test_it_lists_with_filters_and_the_overdue(self, home, login):
        a = home.at("sent", title="冷却液过滤")
        home.at("submitted", title="叉车反光镜")
        with unscoped():
            a.deadline = timezone.localdate().replace(day=1) - timezone.timedelta(days=1)
            a.save()
        c = login(home.chair)
        page = c.get(f"{home.base}/").content.decode()
        assert "冷却液过滤" in page and "叉车反光镜" in page
        assert 'data-overdue="1"' in page
        page = c.get(f"{home.base}/?overdue=1&year={YEAR}").content.decode()
        assert "冷却液过滤" in page and "叉车反光镜" not in page
        page = c.get(f"{home.base}/?status=submitted&year={YEAR}").content.decode()
        assert "冷却液过滤" not in page and "叉车反光镜" in page
        # No internal value on the page: the status shows as its label.
        assert ">submitted<" not in page

    def test_upper_staff_read_it(self, home, login):
        home.at("submitted", title="叉车反光镜")
        assert "叉车反光镜" in login(home.upper).get(f"{home.base}/").content.decode()

    def test_another_union_gets_404(self, home, login):
        assert login(home.other_chair).get(f"{home.base}/").status_code == 404

    def test_a_member_gets_403(self, home, login):
        assert login(home.worker.user).get(f"/o/{home.g1.code}/ideas/").status_code == 403

    def test_wrong_method_405(self, home, login):
        assert login(home.chair).post(f"{home.base}/").status_code == 405


class TestEnter:
    def test_the_committee_enters_a_paper_idea(self, home, login):
        r = login(home.cadre).post(
            f"{home.base}/enter/",
            {
                "proposer": home.colleague.pk,
                "title": "意见箱：错峰就餐",
                "category": "service",
                "text": "中午排队太长",
                "files": [photo()],
            },
        )
        assert r.status_code == 302
        with unscoped():
            idea = Idea.objects.get(title="意见箱：错峰就餐")
            assert idea.proposer == home.colleague and idea.entered_by == home.cadre
            assert idea.files.count() == 1

    def test_upper_staff_may_not(self, home, login):
        assert login(home.upper).get(f"{home.base}/enter/").status_code == 403

    def test_another_union_gets_404(self, home, login):
        assert login(home.other_chair).get(f"{home.base}/enter/").status_code == 404

    def test_wrong_method_405(self, home, login):
        assert login(home.chair).delete(f"{home.base}/enter/").status_code == 405


class TestDrives:
    def test_a_drive_is_created_and_edited(self, home, login):
        c = login(home.chair)
        r = c.post(
            f"{home.base}/drives/new/",
            {
                "title": "金点子征集",
                "theme": "节能",
                "starts_on": f"{YEAR}-03-01",
                "ends_on": f"{YEAR}-11-30",
            },
        )
        assert r.status_code == 302
        with unscoped():
            drive = Drive.objects.get(title="金点子征集")
        assert drive.org == home.union
        r = c.post(
            f"{home.base}/drives/{drive.pk}/",
            {
                "title": "金点子征集",
                "theme": "",
                "starts_on": f"{YEAR}-03-01",
                "ends_on": f"{YEAR}-02-01",
            },
        )
        assert r.status_code == 200  # ends before it starts: the form says so
        assert "金点子征集" in c.get(f"{home.base}/drives/").content.decode()

    def test_personas(self, home, login):
        assert login(home.upper).get(f"{home.base}/drives/").status_code == 200
        assert login(home.upper).get(f"{home.base}/drives/new/").status_code == 403
        assert login(home.other_chair).get(f"{home.base}/drives/").status_code == 404
        assert login(home.chair).post(f"{home.base}/drives/").status_code == 405


class TestMetrics:
    def test_the_page_shows_the_figures_and_the_chart_data(self, home, login):
        home.at("verified")
        home.at("submitted")
        page = login(home.chair).get(f"{home.base}/metrics/?year={YEAR}").content.decode()
        assert 'id="ideas-chart-data"' in page and "echarts.min.js" in page
        assert 'id="m-ideas">2<' in page
        assert "2.50" in page  # the value created
        assert "<script>" not in page  # CSP: no inline script

    def test_personas(self, home, login):
        assert login(home.upper).get(f"{home.base}/metrics/").status_code == 200
        assert login(home.other_chair).get(f"{home.base}/metrics/").status_code == 404
        assert login(home.worker.user).get(f"/o/{home.g1.code}/ideas/metrics/").status_code == 403
        assert login(home.chair).post(f"{home.base}/metrics/").status_code == 405


class TestReport:
    def test_typed_formulas_stay_text(self, home, login):
        home.at("rewarded", title='=HYPERLINK("http://x","点我")', team="+cmd|' /C calc'!A0")
        r = login(home.chair).get(f"{home.base}/metrics/{YEAR}/report.xlsx")
        assert r.status_code == 200
        assert "attachment" in r["Content-Disposition"]
        wb = load_workbook(io.BytesIO(r.content))
        ws = wb["合理化建议"]
        title = ws.cell(row=2, column=2)
        assert title.value == '=HYPERLINK("http://x","点我")'
        assert title.data_type == "s"
        team = ws.cell(row=2, column=5)
        assert team.data_type == "s" and team.value.startswith("+cmd")
        assert ws.cell(row=2, column=18).value == 300  # the reward
        figures = {row[0].value: row[1].value for row in wb["年度指标"].iter_rows() if row}
        assert figures["建议件数"] == 1
        assert Decimal(str(figures["节创价值（万元）"])) == Decimal("2.50")

    def test_personas(self, home, login):
        url = f"{home.base}/metrics/{YEAR}/report.xlsx"
        assert login(home.upper).get(url).status_code == 200
        assert login(home.other_chair).get(url).status_code == 404
        assert (
            login(home.worker.user)
            .get(f"/o/{home.g1.code}/ideas/metrics/{YEAR}/report.xlsx")
            .status_code
            == 403
        )
        assert login(home.chair).post(url).status_code == 405
