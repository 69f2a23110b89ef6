"""One scheme's results as one table: a row a union (by rank), a column an item."""

from __future__ import annotations

from decimal import Decimal

from gonghui.core.exports import Exporter

from . import selectors
from .models import AssessmentStatus


class ResultsExporter(Exporter):
    identifier = "assessment-results"
    name = "考核结果"
    sheet_title = "考核结果"

    def __init__(self, *, user, org, scheme, options=None) -> None:
        super().__init__(user=user, org=org, options=options)
        self.scheme = scheme

    def columns(self) -> list[str]:
        items = [f"{i['code']} {i['text']}（{i['points']}分）" for i in self.scheme.flat_items]
        return ["名次", "单位代码", "单位名称", "状态", "自评总分", "考核总分", *items, "考核意见"]

    def rows(self):
        labels = dict(AssessmentStatus.choices)
        for row in selectors.ranking(self.scheme):
            a = row["assessment"]
            yield [
                row["rank"],
                a.org.code,
                a.org.name,
                str(labels[a.status]),
                a.self_total,
                a.total,
                *[
                    Decimal(a.review_scores[i["code"]]) if i["code"] in a.review_scores else None
                    for i in self.scheme.flat_items
                ],
                a.review_comment or None,
            ]
