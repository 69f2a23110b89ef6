"""Exports: each is a class with an identifier, a name, its columns and one row iterator;
the renderers (xlsx now; docx and pdf where a module needs them) share that base.

Every export carries who made it and when in its footer, and writing one is audited by
the caller (it knows whether personal data went out unmasked).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import IO, ClassVar

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill


class Exporter:
    identifier: ClassVar[str] = ""
    name: ClassVar[str] = ""
    sheet_title: ClassVar[str] = "Sheet1"

    def __init__(self, *, user, org, options: dict | None = None) -> None:
        self.user = user
        self.org = org
        self.options = options or {}

    def columns(self) -> list[str]:
        raise NotImplementedError

    def rows(self) -> Iterator[Iterable]:
        raise NotImplementedError

    # -- rendering -----------------------------------------------------
    def footer(self) -> str:
        who = getattr(self.user, "get_username", lambda: "system")() if self.user else "system"
        when = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        return f"导出人：{who}　导出时间：{when}　单位：{self.org.name if self.org else '全平台'}"

    def write_xlsx(self, out: IO[bytes]) -> int:
        """Stream the rows into a workbook (write-only mode keeps memory flat). Returns the row count."""
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(self.sheet_title[:31])
        bold = Font(bold=True)
        fill = PatternFill("solid", fgColor="F2E6E4")
        header = []
        for title in self.columns():
            cell = WriteOnlyCell(ws, value=title)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(horizontal="center")
            header.append(cell)
        ws.append(header)
        count = 0
        for row in self.rows():
            ws.append([_cell(v) for v in row])
            count += 1
        ws.append([])
        ws.append([self.footer()])
        wb.save(out)
        return count


def _cell(value):
    # Long digit strings (ID numbers, phones) must stay text, or Excel rounds them.
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value
