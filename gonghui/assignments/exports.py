"""Every union's answer to one form as one table: a row a union, a column a field."""

from __future__ import annotations

from django.utils import timezone

from gonghui.core.exports import Exporter

from . import rules, selectors
from .models import AnswerStatus


class AnswerTableExporter(Exporter):
    identifier = "answers"
    name = "汇总表"
    sheet_title = "汇总"

    def __init__(self, *, user, org, assignment, options=None) -> None:
        super().__init__(user=user, org=org, options=options)
        self.assignment = assignment
        self.today = timezone.localdate()

    def columns(self) -> list[str]:
        return [
            "单位代码",
            "单位名称",
            "状态",
            "提交时间",
            *[f["label"] for f in self.assignment.fields],
        ]

    def rows(self):
        labels = dict(AnswerStatus.choices) | {"overdue": "逾期"}
        for target in selectors.targets_of(self.assignment).prefetch_related("files"):
            files: dict = {}
            for f in target.files.all():
                files.setdefault(f.field, []).append(f.name)
            row = [
                target.org.code,
                target.org.name,
                str(labels[target.board_status(self.today)]),
                timezone.localtime(target.submitted_at).strftime("%Y-%m-%d %H:%M")
                if target.submitted_at
                else None,
            ]
            for field in self.assignment.fields:
                if field["type"] == "file":
                    row.append("\n".join(files.get(field["key"], [])) or None)
                else:
                    row.append(rules.cell_value(field, target.values.get(field["key"])))
            yield row
