"""The yearly reports of both programmes as .xlsx (gonghui.core.exports.Exporter)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gonghui.core.exports import Exporter

from . import selectors

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class EducationReportExport(Exporter):
    identifier = "education_report"
    name = "金秋助学统计"
    sheet_title = "金秋助学"

    def columns(self):
        return [
            "序号",
            "会员",
            "所在组织",
            "子女姓名",
            "学校",
            "层次",
            "困难档案",
            "家庭人均月收入（元）",
            "发放金额（元）",
        ]

    def rows(self):
        report = selectors.education_report(self.org, self.options["year"])
        for i, (app, amount) in enumerate(report.paid, 1):
            yield [
                i,
                app.member.name,
                app.member.org.name,
                app.child_name,
                app.school,
                app.get_level_display(),
                "是" if app.hardship_file else "否",
                app.income_per_head,
                amount,
            ]
        yield []
        for row in report.levels:
            yield ["", _("Total"), "", "", "", row.label, "", f"{row.people}人", row.amount]
        yield ["", _("Total"), "", "", "", "", "", f"{report.people}人", report.amount]


class MedicalReportExport(Exporter):
    identifier = "medical_report"
    name = "医疗互助统计"
    sheet_title = "医疗互助"

    def columns(self):
        return ["序号", "会员", "医院", "入院日期", "出院日期", "计入金额（元）", "赔付金额（元）"]

    def rows(self):
        report = selectors.medical_report(self.org, self.options["year"])
        for i, (claim, amount) in enumerate(report.rows, 1):
            yield [
                i,
                claim.enrolment.member.name,
                claim.hospital,
                claim.admitted_on,
                claim.discharged_on,
                claim.counted_amount,
                amount,
            ]
        yield []
        yield ["", "参保人数", f"{report.enrolled}人", "", "互助金收入", report.contributions, ""]
        yield ["", "赔付人次", f"{report.paid_claims}人次", "", "", "赔付合计", report.amount]
