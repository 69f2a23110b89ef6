"""The fixed-asset register (固定资产登记簿) as .xlsx, through gonghui.core.exports: typed
text (names, locations, keepers) stays text, amounts stay numbers."""

from __future__ import annotations

import io

from django.utils import timezone

from gonghui.core.exports import Exporter

from . import rules
from .selectors import with_values

COLUMNS = [
    "资产编号",
    "资产名称",
    "类别",
    "规格型号",
    "存放地点",
    "保管人",
    "购置日期",
    "原值",
    "折旧年限",
    "累计折旧",
    "净值",
    "资金性质",
    "状态",
    "购置凭证",
]


class AssetRegisterExporter(Exporter):
    identifier = "assets.register"
    name = "固定资产登记簿"
    sheet_title = "固定资产登记簿"

    def __init__(self, *, user, org, rows, options=None) -> None:
        super().__init__(user=user, org=org, options=options)
        self.assets = with_values(rows)

    def columns(self) -> list[str]:
        return COLUMNS

    def rows(self):
        for a in self.assets:
            cat = rules.category(a.category)
            yield [
                a.number,
                a.name,
                cat.name if cat else "",
                a.spec,
                a.location,
                a.keeper,
                a.purchased_on,
                a.original_value,
                a.years,
                a.accumulated,
                a.net,
                "专项" if a.restricted else "非专项",
                str(a.get_state_display()),
                a.voucher.number if a.voucher else "",
            ]


def register_xlsx(org, rows, *, user) -> tuple[str, bytes]:
    out = io.BytesIO()
    AssetRegisterExporter(user=user, org=org, rows=rows).write_xlsx(out)
    return f"固定资产登记簿-{org.code}-{timezone.localdate():%Y%m%d}.xlsx", out.getvalue()
