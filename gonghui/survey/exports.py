"""The survey in its layout (基层工会调查表): one row a union or level, the cover fields
(901 统计编码, 902 名称, 904 组织类型) then each indicator under its label and unit, the
rates and the formulas they are computed by stated below."""

from __future__ import annotations

from gonghui.core.exports import Exporter

from . import rules, selectors

UNITS = {rules.FLAG: "是=1/否=0", rules.COUNT: "人/个", rules.MONEY: "元"}
KINDS = {"grassroots": "1 单独基层工会", "joint": "2 联合基层工会"}


class SurveyExporter(Exporter):
    identifier = "survey"
    name = "基层工会调查表"
    sheet_title = "基层工会调查表"

    def __init__(self, *, user, org, period, report=None, options=None) -> None:
        super().__init__(user=user, org=org, options=options)
        self.period = period
        self.report = report
        self.survey = period.survey

    def columns(self) -> list[str]:
        return [
            "层级",
            "901 统计编码",
            "902 名称",
            "904 组织类型",
            "汇总单位数",
            *[f"{i.label}（{UNITS[i.unit]}）" for i in self.survey.indicators],
            *[f"{r.label}（%）" for r in self.survey.rates],
        ]

    def _row(self, level, org, kind, count, values, rates):
        return [
            level,
            org.code,
            org.name,
            KINDS.get(org.kind, ""),
            count,
            *[values.get(i.code) for i in self.survey.indicators],
            *[rates.get(r.key) for r in self.survey.rates],
        ]

    def rows(self):
        if self.report is not None:
            values = self.report.values()
            rates = {r.key: rules.rate(r, values) for r in self.survey.rates}
            yield self._row("基层工会", self.report.org, "union", 1, values, rates)
        else:
            for row in selectors.aggregate(self.period):
                level = "汇总" if row["kind"] == "node" else "基层工会"
                yield self._row(
                    level, row["org"], row["kind"], row["reports"], row["values"], row["rates"]
                )
        yield []
        yield [f"调查期：{self.period.start_date:%Y-%m-%d} 至 {self.period.end_date:%Y-%m-%d}"]
        for r in self.survey.rates:
            yield [str(r.formula)]
        yield [str(rules.FOUNDING_RATE_FORMULA)]
        if self.report is None:
            top = next(iter(selectors.aggregate(self.period)), None)
            if top and top["founding_rate"] is not None:
                yield [f"建会率：{top['founding_rate']}%"]
        yield [f"指标来源：{self.survey.source}（{self.survey.year}年）"]
